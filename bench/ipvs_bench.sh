#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The IPVS load benchmark, in one VM run (not a test: it prints figures).
#
#   make && tests/vm/run -o bench/results bench/ipvs_bench.sh
#
# 1. A cold load of 1,000 services x 4 real servers by
#    - ipvs_raw: one synchronous netlink request per entry (the floor),
#    - keepalived 2.2.7 (Debian's) with the same table as keepalived.conf,
#      no checkers (real servers without one are up from the start),
#    - vigil's library (bench/ipvs_vigil: the table built in memory, as
#      the floor builds it and as the check child will have it from the
#      parsed config; read the kernel, reconcile, claim ownership in the
#      state file, pipeline the changes),
#    - for reference, ipvstool applying the table from a JSON file (the
#      same library, plus reading JSON), and ipvsadm -R;
#    each timed by bench/ipvs_wait from its start until the kernel holds
#    the whole table, on a freshly loaded ip_vs module, RUNS times in
#    turn; the median counts.
# 2. A 2,500-service, 40,000-destination table: its cold load, then, in
#    the same process as a daemon's reload, a change of 1% of the entries
#    (weights, adds, deletions, persistence), its reverse, and separately
#    a scheduler change on 1% of the services; and what reading the whole
#    table back costs a fresh process.
#
# Absolute times under software emulation are slow and noisy: the ratios,
# measured side by side in the same VM, are what to compare.
# vm-bin: tests/ipvs/ipvstool bench/ipvs_raw bench/ipvs_wait bench/ipvs_vigil
# vm-host: keepalived
# vm-files: bench/ipvs_gen.sh
# vm-mem: 1536
# vm-timeout: 1800
. "$(dirname "$0")/../tests/vm/vmlib.sh"

N=${VIGIL_BENCH_SVC:-1000}
M=${VIGIL_BENCH_DEST:-4}
RUNS=${VIGIL_BENCH_RUNS:-7}
BN=${VIGIL_BENCH_BIG_SVC:-2500}
BM=${VIGIL_BENCH_BIG_DEST:-16}
B=$top_builddir/bench
TOOL=$top_builddir/tests/ipvs/ipvstool
GEN="sh $top_srcdir/bench/ipvs_gen.sh"
OUT=/tmp/results.txt

say() { echo "bench: $*" | tee -a $OUT; }
# A pristine IPVS for each measurement: the kernel keeps deleted
# destinations in a trash list for about a minute and scans it on every
# add, so whoever loads right after a flush would pay for it. Reloading the
# module empties it.
clean() {
	ipvsadm -C
	rm -f /run/bench-state
	for m in $(lsmod | awk '/^ip_vs_/ {print $1}'); do rmmod "$m"; done
	rmmod ip_vs || vm_fail "ip_vs cannot be unloaded: $(lsmod | grep ip_vs)"
	vm_modprobe ip_vs && vm_modprobe ip_vs_wrr && vm_modprobe ip_vs_rr
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# The median of the run-by-run ratios of two contenders: each pair ran
# seconds apart, so a slow moment of the host weighs on both.
ratios() { paste "/tmp/t.$1" "/tmp/t.$2" | awk '{printf "%.3f\n", $1 / $2}' | median; }

$GEN json "$N" "$M" >/tmp/table.json
$GEN keepalived "$N" "$M" >/tmp/keepalived.conf
: >$OUT
say "kernel $(uname -r), $(nproc) CPU, qemu TCG; $N services x $M destinations, $RUNS runs"

# Reference for ipvsadm -R: the table as ipvsadm -S writes it.
clean
"$TOOL" apply -q /tmp/table.json >/dev/null || vm_fail "loading the table failed"
ipvsadm -Sn >/tmp/table.ipvsadm

run_raw() { "$B/ipvs_wait" "$N" "$M" "$B/ipvs_raw" "$N" "$M"; }
run_vigil() {
	"$B/ipvs_wait" "$N" "$M" "$B/ipvs_vigil" -s /run/bench-state "$N" "$M"
}
run_keepalived() {
	"$B/ipvs_wait" -k "$N" "$M" keepalived -n -C -f /tmp/keepalived.conf \
		-p /run/kd.pid -c /run/kd-check.pid -r /run/kd-vrrp.pid
	# its checker child may still be removing the table: wait it out, so
	# it takes no CPU from the next contender
	for _ in $(seq 600); do
		pidof keepalived >/dev/null || return 0
		sleep 0.1
	done
	vm_fail "keepalived did not stop"
}
run_tool() {
	"$B/ipvs_wait" "$N" "$M" "$TOOL" apply -q -s /run/bench-state /tmp/table.json
}
run_ipvsadm() {
	"$B/ipvs_wait" "$N" "$M" sh -c 'ipvsadm -R </tmp/table.ipvsadm'
}

for who in raw keepalived vigil tool ipvsadm; do : >/tmp/t.$who; done
for run in $(seq "$RUNS"); do
	for who in raw keepalived vigil tool; do
		clean
		t=$(run_$who 2>/tmp/err.$who) || vm_fail "$who: $(cat /tmp/err.$who)"
		echo "$t" >>/tmp/t.$who
		echo "run $run: $who ${t} ms"
	done
done
clean
run_ipvsadm >>/tmp/t.ipvsadm || vm_fail "ipvsadm -R failed"
raw=$(median </tmp/t.raw)
kd=$(median </tmp/t.keepalived)
vg=$(median </tmp/t.vigil)
tl=$(median </tmp/t.tool)
ia=$(cat /tmp/t.ipvsadm)
say "cold load, median ms: floor $raw, keepalived $kd, vigil $vg (ipvstool with JSON $tl), ipvsadm -R $ia"
say "ratios of the medians (median of the per-run ratios):"
say "keepalived / floor = $(ratio "$kd" "$raw") ($(ratios keepalived raw))"
say "vigil / floor = $(ratio "$vg" "$raw") ($(ratios vigil raw))   (goal: <= 2)"
say "vigil / keepalived = $(ratio "$vg" "$kd") ($(ratios vigil keepalived))   (goal: <= 0.5)"
say "ipvstool with JSON / floor = $(ratio "$tl" "$raw"); ipvsadm -R / floor = $(ratio "$ia" "$raw")"

# The large table: cold load, then reloads in the same process.
pass_ms() { awk -v v="$1" '$1 == v ":" {print $(NF-1)}' /tmp/big.out | sed -n "${2}p"; }
for run in $(seq "$RUNS"); do
	clean
	"$B/ipvs_vigil" -s /run/bench-state "$BN" "$BM" base changed base sched base \
		>/tmp/big.out || vm_fail "big table: $(cat /tmp/big.out)"
	grep -q '^changed: 425 operations' /tmp/big.out ||
		vm_fail "the 1% reload was not 425 operations: $(cat /tmp/big.out)"
	pass_ms base 1 >>/tmp/t.bigcold
	pass_ms changed 1 >>/tmp/t.bigreload
	pass_ms base 2 >>/tmp/t.bigback
	pass_ms sched 1 >>/tmp/t.bigsched
	"$B/ipvs_raw" -e rr "$BN" >>/tmp/t.rawsched ||
		vm_fail "ipvs_raw -e failed"
	"$B/ipvs_raw" -e wrr "$BN" >/dev/null
	"$TOOL" dump -c >/tmp/dump.out
	awk '{print $(NF-1)}' /tmp/dump.out >>/tmp/t.bigread
	echo "run $run: $(tr '\n' ' ' </tmp/big.out)floor sched $(tail -n1 /tmp/t.rawsched) ms, read back $(tail -n1 /tmp/t.bigread) ms"
done
cold=$(median </tmp/t.bigcold)
rel=$(median </tmp/t.bigreload)
back=$(median </tmp/t.bigback)
sch=$(median </tmp/t.bigsched)
rsch=$(median </tmp/t.rawsched)
rd=$(median </tmp/t.bigread)
say "$BN services x $BM destinations, median ms: cold load $cold; 1% reload (425 ops) $rel, and back $back; 25 scheduler changes $sch; reading the table back $rd"
say "1% reload / cold load = $(ratio "$rel" "$cold")   (goal: < 0.1); back: $(ratio "$back" "$cold")"
say "25 scheduler changes: vigil $sch ms, the floor (one request each) $rsch ms: the kernel waits for an RCU grace period on each (synchronize_net() in ip_vs_edit_service), $(ratio "$sch" "$cold") of a cold load"
say "a fresh process reads the table back first: $(ratio "$rd" "$cold") of a cold load"
clean
vm_export $OUT ipvs_bench.txt
