#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The VRRP child's default scheduling (issue 13, failover timing): with a
# config that says nothing of it, the vrrp child runs SCHED_RR at
# priority 1 with RLIMIT_RTTIME 200000 us, so a busy host does not delay
# its adverts or its takeover; the check child and the notify scripts the
# vrrp child starts run SCHED_OTHER (SCHED_RESET_ON_FORK). A config that
# chooses is obeyed: vrrp_rt_priority 0 leaves the child SCHED_OTHER
# (max_auto_priority does too: vrrp_vigild_autoprio.sh). A SIGKILL of a
# real-time child is logged with hint=rlimit_rttime.
. "$(dirname "$0")/vigild_lib.sh"

OUT=$T/out
mkdir -p "$OUT" && chmod 1777 "$OUT"
cat >"$T/notify.sh" <<SH
#!/bin/sh
awk '{ sub(/^.*\) /, ""); print \$39, \$38 }' /proc/\$\$/stat >"$OUT/policy"
SH
chmod 755 "$T/notify.sh"

write_conf r1
sed -i 's/state BACKUP/state MASTER/; /advert_int 1/a\
	notify_master '"$T/notify.sh" "$CONF"
grep -q notify_master "$CONF" || fail "config"

stop_vigild() { # and a fresh log for the next start
	kill "$VPID"
	wait_until 70 eval '! kill -0 "$VPID" 2>/dev/null' || fail "vigild did not stop"
	: >"$LOG"
}
kill_vrrp() { # WANT: what the parent must log after state=died
	kill -9 "$vpid"
	wait_until 50 eval 'grep -q "child=vrrp state=died" "$LOG"' || fail "no death logged"
	grep -q "child=vrrp state=died $1" "$LOG" ||
		fail "want '$1': $(grep 'state=died' "$LOG")"
	wait_until 100 ready vrrp || fail "vrrp child not back"
}

start_vigild
wait_until 100 both_ready || fail "children not ready"
vpid=$(child_pid vrrp)
cpid=$(child_pid check)
[ "$(statf "$vpid" 41)" = 2 ] ||
	fail "vrrp policy $(statf "$vpid" 41), want 2 (SCHED_RR) by default"
[ "$(statf "$vpid" 40)" = 1 ] || fail "vrrp rt_priority $(statf "$vpid" 40), want 1"
grep -q "^Max realtime timeout *200000 *200000 *us" "/proc/$vpid/limits" ||
	fail "vrrp RLIMIT_RTTIME: $(grep realtime "/proc/$vpid/limits")"
[ "$(statf "$cpid" 41)" = 0 ] || fail "check policy $(statf "$cpid" 41)"
wait_until 100 test -s "$OUT/policy" || fail "notify_master did not run"
[ "$(cat "$OUT/policy")" = "0 0" ] ||
	fail "notify script policy/rt_priority $(cat "$OUT/policy"), want 0 0"
grep -q "scheduler=SCHED_OTHER" "$LOG" && fail "a refusal logged: $(grep scheduler= "$LOG")"
ok "default: vrrp child SCHED_RR 1, RLIMIT_RTTIME 200000 us; check child and notify script SCHED_OTHER"
# A SIGKILL vigild did not send, as RLIMIT_RTTIME's, is said to be maybe that.
kill_vrrp "signal=KILL hint=rlimit_rttime restarts=1"
ok "vrrp child SIGKILLed: logged with hint=rlimit_rttime"

stop_vigild
rm -f "$OUT/policy"
sed -i '/router_id r1/a\
	vrrp_rt_priority 0' "$CONF"
start_vigild
wait_until 100 both_ready || fail "children not ready after restart"
vpid=$(child_pid vrrp)
[ "$(statf "$vpid" 41)" = 0 ] ||
	fail "vrrp policy $(statf "$vpid" 41) with vrrp_rt_priority 0, want 0"
kill_vrrp "signal=KILL restarts=1"
ok "vrrp_rt_priority 0: vrrp child SCHED_OTHER, its SIGKILL without the hint"

# The start and a reload of many instances run SCHED_OTHER, then the child
# goes (back) to SCHED_RR: under real-time priority their work, which does
# not sleep, would outrun keepalived's RLIMIT_RTTIME of 10 ms and the
# kernel would kill the child (keepalived's vrrp child, started SCHED_RR,
# is). The instances are on a link without carrier (FAULT): only the
# start and the reload do work.
stop_vigild
for d in 0 2; do
	ip -n "$NS" link add dead$d type veth peer name dead$((d + 1))
	ip -n "$NS" link set dead$d up
done
N=300
{
	printf 'global_defs {\n\trouter_id r1\n\tvrrp_rt_priority 1\n\tvrrp_rlimit_rttime 10000\n}\n'
	for v in $(seq 1 $N); do
		printf 'vrrp_instance I%d {\n\tinterface dead%d\n\tvirtual_router_id %d\n\tpriority 100\n\tvirtual_ipaddress {\n\t\t10.98.%d.%d/16\n\t}\n}\n' \
			"$v" $(( (v - 1) / 150 * 2 )) $(( (v - 1) % 150 + 1 )) $((v / 250)) $((v % 250 + 1))
	done
} >"$CONF"
start_vigild
wait_until 300 ready vrrp || fail "vrrp child not ready with $N instances"
vpid=$(child_pid vrrp)
[ "$(statf "$vpid" 41)" = 2 ] || fail "vrrp policy $(statf "$vpid" 41) after a start of $N"
sed -i 's/router_id r1/router_id r2/' "$CONF"
kill -HUP "$VPID"
wait_until 300 eval 'grep -q "child=vrrp reload=ok gen=2" "$LOG"' ||
	fail "vrrp reload not done"
[ "$(child_pid vrrp)" = "$vpid" ] || fail "vrrp child died: $(grep 'state=died' "$LOG")"
[ "$(statf "$vpid" 41)" = 2 ] && [ "$(statf "$vpid" 40)" = 1 ] ||
	fail "vrrp policy $(statf "$vpid" 41) $(statf "$vpid" 40) after the reload"
grep -q "state=died" "$LOG" && fail "a child died: $(grep 'state=died' "$LOG")"
ok "$N instances, RLIMIT_RTTIME 10000 us: start and reload survived, SCHED_RR 1 after each"
