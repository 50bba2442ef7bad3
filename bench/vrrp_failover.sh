#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Failover time on the wire, vigil (vrrptest) and keepalived 2.2.7 side by
# side on the same config, in network namespaces (a bridge, d1, d2, a
# client). A capture on the bridge timestamps (in the kernel) the last
# advert of the master and the first gratuitous ARP of the backup.
#
#   bench/vrrp_failover.sh crash [N] v2, advert_int 1: N SIGKILLs (5) of the
#                                    master vs Master_Down_Interval (3.609 s)
#   bench/vrrp_failover.sh stop [N]  v2, advert_int 1: N graceful stops
#                                    (priority 0) vs Skew_Time (0.609 s)
#   bench/vrrp_failover.sh fast [N]  v3, advert_int 0.01: N crashes (50),
#                                    p50/p90/p99/max vs Master_Down_Interval
#                                    (VIGIL_BENCH_RT=P: vrrp_rt_priority P
#                                    for both daemons (VIGIL_BENCH_RTTIME=US:
#                                    their vrrp_rlimit_rttime);
#                                    VIGIL_BENCH_DTA=N: down_timer_adverts N;
#                                    VIGIL_BENCH_NICE=N: renice the backup's
#                                    vrrp child to N;
#                                    VIGIL_BENCH_SLICE=NS: give it an EEVDF
#                                    slice of NS ns (Linux 6.12+);
#                                    VIGIL_BENCH_LOAD=N: N CPU hogs (busy
#                                    shell loops, nice 0) while the rounds
#                                    run;
#                                    with cyclictest (rt-tests) installed,
#                                    the host's own floor is printed too:
#                                    how late a SCHED_RR 1 timer wakes, N
#                                    times at Master_Down_Interval;
#                                    VIGIL_BENCH_RAW=FILE:
#                                    each round's delay, last advert and
#                                    takeover times appended to FILE)
#   bench/vrrp_failover.sh hog [S]   v3, advert_int 0.01, a CPU hog on
#                                    every core, S seconds (600): spurious
#                                    transitions, with SCHED_RR and mlockall
#   bench/vrrp_failover.sh all       crash, stop, fast
#
# Priorities 150 (d1) and 100 (d2). Run as root from a built tree
# (top_builddir=DIR if not ./build). IMPLS picks what is compared (default
# "vigil keepalived"; vigil is the engine alone, vrrptest; vigild is the
# whole daemon from the keepalived.conf, parent and vrrp child), e.g.
#   IMPLS="vigild keepalived" bench/vrrp_failover.sh crash 5
cd "$(dirname "$0")/.." || exit 1
top_builddir=${top_builddir:-$(pwd)/build}
VRRPTEST_ARGS="" # no debug logs: measure the daemon, not its logging
. tests/netns/vrrp_lib.sh
MODE=${1:-all}
IMPLS=${IMPLS:-vigil keepalived}

topology
VIP=10.$NET.0.100
D1=10.$NET.0.1 D2=10.$NET.0.2
MAC2=$(ns d2 cat /sys/class/net/eth0/address)

# Instance lines for every daemon (fast: VIGIL_BENCH_DTA).
EXTRA=${VIGIL_BENCH_DTA:+down_timer_adverts $VIGIL_BENCH_DTA}

start_impl() { # IMPL NODE NAME PRIO VERSION ADVERT [RT]
	rt="${7:+vrrp_rt_priority $7
	vrrp_no_swap
	${VIGIL_BENCH_RTTIME:+vrrp_rlimit_rttime $VIGIL_BENCH_RTTIME}}"
	case $1 in
	vigild)
		start_vigild "$2" "$3" \
			"$(ka_conf "$3" "$4" "$5" "$6" "$VIP/24" "$EXTRA" "$rt")" ;;
	keepalived)
		start_keepalived "$2" "$3" \
			"$(ka_conf "$3" "$4" "$5" "$6" "$VIP/24" "$EXTRA" "$rt")" ;;
	*)
		g=
		[ -n "$7" ] && g="global_defs {
	$rt
}"
		start_vrrptest "$2" "$3" "$g
$(vt_conf "$4" "$5" "$6" "$VIP/24" "$EXTRA")" ;;
	esac
}

stop_impl() { # IMPL NAME SIGNAL
	if [ "$1" = vigild ]; then
		if [ "$3" = KILL ]; then crash_vigild "$2"; else stop_vigild "$2"; fi
		return
	fi
	if [ "$1" = keepalived ] && [ "$3" = KILL ]; then
		# parent first, in one kill: a parent that saw its vrrp child
		# die first respawned it (tests/netns/vrrp_lib.sh kill_director)
		eval "kill -KILL \$$2_pid" $(cat "$WORK/$2.vpid" 2>/dev/null) 2>/dev/null
		rm -f "$WORK/$2.vpid"
	fi
	eval "kill -$3 \$$2_pid" 2>/dev/null
	eval "wait \$$2_pid" 2>/dev/null
	rm -f "$WORK/$2.pid" "$WORK/$2.status"
}

capture() { # start FILE | stop
	if [ "$1" = start ]; then
		ip netns exec "$P-br" tshark -i br0 -w "$2" -q \
			-f "ip proto 112 or arp" >/dev/null 2>&1 &
		cap_pid=$!
		PIDS="$PIDS $cap_pid"
		sleep 1.5
	else
		sleep 0.2
		kill -INT "$cap_pid"
		wait "$cap_pid"
	fi
}

# delays PCAP KIND MARKS...: for each mark (epoch of a kill/stop), the delay
# from the master's last advert (crash) or its priority 0 advert (stop)
# before the backup's first gratuitous ARP after the mark, in ms; then that
# advert's and the GARP's times, and the delay to the backup's first
# advert (the protocol's takeover; the GARP follows the address add).
delays() {
	pcap=$1 kind=$2
	shift 2
	tshark -r "$pcap" -T fields -E separator=, -e frame.time_epoch \
		-e eth.src -e ip.src -e vrrp.prio -e arp.src.proto_ipv4 \
		-Y "vrrp || arp" 2>/dev/null |
		"$PY" -c '
import sys
kind, d1, d2, mac2, vip = sys.argv[1:6]
marks = [float(m) for m in sys.argv[6:]]
rows = [l.strip().split(",") for l in sys.stdin if l.strip()]
for m in marks:
    # After the mark: with rounds under a second apart, a margin before it
    # found the GARP of the previous round (each round then reported the one
    # before it: the first twice, the last never).
    garp = next((float(r[0]) for r in rows if float(r[0]) > m
                 and r[1] == mac2 and r[4] == vip), None)
    ref = [float(r[0]) for r in rows if r[2] == d1 and float(r[0]) < (garp or 0)
           and (kind == "crash" or r[3] == "0")]
    adv = next((float(r[0]) for r in rows if float(r[0]) > m
                and r[2] == d2 and r[3]), None)
    if garp is None or not ref:
        print("nan")
    else:
        print("%.3f %.6f %.6f %.3f" % ((garp - ref[-1]) * 1000, ref[-1], garp,
              ((adv or float("nan")) - ref[-1]) * 1000))
' "$kind" "$D1" "$D2" "$MAC2" "$VIP" "$@"
}

settle() { # wait for d1 MASTER with the VIP and d2 without
	wait_until 10 has_addr d1 "$VIP" && wait_until 10 no_addr d2 "$VIP"
}

one_failover() { # IMPL VERSION ADVERT KIND: prints the delay in ms
	start_impl "$1" d2 b 100 "$2" "$3"
	start_impl "$1" d1 a 150 "$2" "$3"
	settle || fail "$1: no election"
	sleep 1
	capture start "$WORK/f.pcap"
	mark=$(date +%s.%N)
	if [ "$4" = crash ]; then stop_impl "$1" a KILL; else stop_impl "$1" a TERM; fi
	wait_until 10 has_addr d2 "$VIP" || fail "$1: no takeover"
	sleep 0.3
	capture stop
	stop_impl "$1" b TERM
	ns d1 ip addr del "$VIP/24" dev eth0 2>/dev/null
	delays "$WORK/f.pcap" "$4" "$mark"
}

bench_v2() { # KIND EXPECT_MS [RUNS]
	for impl in $IMPLS; do
		all=""
		for i in $(seq "${3:-5}"); do
			d=$(one_failover $impl 2 1 "$1")
			all="$all ${d%% *}"
		done
		read -r n p50 p90 p99 max < <(printf '%s\n' $all | stats)
		printf '%-10s v2 advert_int 1 %-5s x%s: median %s ms, max %s ms (expected %s ms): %s\n' \
			"$impl" "$1" "$n" "$p50" "$max" "$2" "$(echo $all)"
	done
}

stats() { # delays on stdin (first field, ms) -> "n p50 p90 p99 max"
	"$PY" -c '
import sys
v = sorted(float(l.split()[0]) for l in sys.stdin
           if l.strip() and l.split()[0] != "nan")
if not v:
    print("0 nan nan nan nan"); sys.exit()
def q(p): return v[min(len(v) - 1, int(round(p * (len(v) - 1))))]
print("%d %.2f %.2f %.2f %.2f" % (len(v), q(0.5), q(0.9), q(0.99), v[-1]))'
}

# set_slice PID NS: the EEVDF slice (Linux 6.12+: sched_attr.sched_runtime
# of a SCHED_OTHER task) of PID's threads, its nice kept.
set_slice() {
	"$PY" - "$1" "$2" <<'PYEOF'
import ctypes, os, struct, sys
pid, ns = int(sys.argv[1]), int(sys.argv[2])
libc = ctypes.CDLL(None, use_errno=True)
for tid in os.listdir("/proc/%d/task" % pid):
    nice = os.getpriority(os.PRIO_PROCESS, int(tid))
    # size policy flags nice priority runtime deadline period
    attr = ctypes.create_string_buffer(struct.pack("=IIQiIQQQ", 48, 0, 0, nice, 0, ns, 0, 0))
    if libc.syscall(314, int(tid), attr, 0) != 0:  # SYS_sched_setattr
        sys.exit("sched_setattr: %s" % os.strerror(ctypes.get_errno()))
PYEOF
}

# start_hogs N: N busy loops (nice 0) in the background, their pids in
# $hogs (and in $PIDS, which the cleanup kills).
start_hogs() {
	hogs=""
	for c in $(seq "$1"); do
		(while :; do :; done) &
		hogs="$hogs $!"
	done
	PIDS="$PIDS $hogs"
}

bench_fast() { # RUNS
	runs=$1 mdi=$("$PY" -c "print('%.3f' % (${VIGIL_BENCH_DTA:-3} * 10 + 156 * 10 / 256))")
	for impl in $IMPLS; do
		start_impl $impl d2 b 100 3 0.01 $VIGIL_BENCH_RT
		if [ -n "$VIGIL_BENCH_NICE" ]; then # by hand: the backup's vrrp child
			wait_until 5 test -s "$WORK/b.vpid" || fail "$impl: no vrrp pid"
			renice -n "$VIGIL_BENCH_NICE" -p "$(cat "$WORK/b.vpid")" >/dev/null
		fi
		if [ -n "$VIGIL_BENCH_SLICE" ]; then # the backup's vrrp child
			wait_until 5 test -s "$WORK/b.vpid" || fail "$impl: no vrrp pid"
			set_slice "$(cat "$WORK/b.vpid")" "$VIGIL_BENCH_SLICE" ||
				fail "$impl: sched_setattr"
		fi
		start_hogs "${VIGIL_BENCH_LOAD:-0}"
		capture start "$WORK/fast.pcap"
		marks=""
		for i in $(seq "$runs"); do
			start_impl $impl d1 a 150 3 0.01 $VIGIL_BENCH_RT
			settle || fail "$impl: run $i: no election"
			sleep 0.3
			marks="$marks $(date +%s.%N)"
			stop_impl $impl a KILL
			# nothing of the bench's own (an `ip netns exec` a poll)
			# inside the ~36 ms it measures
			sleep 0.1
			wait_until 5 has_addr d2 "$VIP" || fail "$impl: run $i: no takeover"
			ns d1 ip addr del "$VIP/24" dev eth0 2>/dev/null
			sleep 0.1
		done
		capture stop
		[ -z "$hogs" ] || kill $hogs
		stop_impl $impl b TERM
		delays "$WORK/fast.pcap" crash $marks >"$WORK/fast.txt"
		[ -n "$VIGIL_BENCH_RAW" ] &&
			sed "s/^/$impl /" "$WORK/fast.txt" >>"$VIGIL_BENCH_RAW"
		read -r n p50 p90 p99 max < <(stats <"$WORK/fast.txt")
		printf '%-10s v3 advert_int 0.01 crash x%s: p50 %s ms, p90 %s ms, p99 %s ms, max %s ms (Master_Down_Interval %s ms, 1.25x = %.1f ms)\n' \
			"$impl" "$n" "$p50" "$p90" "$p99" "$max" "$mdi" \
			"$("$PY" -c "print($mdi * 1.25)")"
		read -r n p50 p90 p99 max < <(awk '{ print $4 }' "$WORK/fast.txt" | stats)
		printf '%-10s   to its first advert instead:  p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n' \
			"" "$p50" "$p90" "$p99" "$max"
	done
	host_floor "$runs" "$mdi"
}

# host_floor N MS: how late this host wakes a SCHED_RR 1 thread from a
# timer of MS, N times (cyclictest, us): what no daemon here can beat.
host_floor() {
	command -v cyclictest >/dev/null || return 0
	cyclictest -q -p 1 --policy=rr -t 1 -l "$1" \
		-i "$("$PY" -c "print(int($2 * 1000))")" 2>/dev/null |
		sed -n 's/.*Avg: *\([0-9]*\) Max: *\([0-9]*\).*/\1 \2/p' |
		while read -r avg max; do
			printf 'host       SCHED_RR 1 timer wake-up, x%s at %s ms: late by avg %s us, max %s us (cyclictest)\n' \
				"$1" "$2" "$avg" "$max"
		done
}

# transitions NAME IMPL: state changes logged so far by director NAME
transitions() {
	if [ "$2" = keepalived ]; then
		grep -c "Entering" "$WORK/$1.log"
	else
		grep -c "state=[A-Z]* from=" "$WORK/$1.log"
	fi
}

bench_hog() { # SECONDS
	secs=$1
	for impl in $IMPLS; do
		start_impl $impl d2 b 100 3 0.01 50
		start_impl $impl d1 a 150 3 0.01 50
		settle || fail "$impl: no election"
		sleep 0.5
		before=$(($(transitions a $impl) + $(transitions b $impl)))
		start_hogs "$(nproc)"
		t0=$(date +%s)
		flips=0
		while [ $(($(date +%s) - t0)) -lt "$secs" ]; do
			sleep 1
			has_addr d2 "$VIP" && flips=$((flips + 1))
		done
		kill $hogs
		trans=$(($(transitions a $impl) + $(transitions b $impl) - before))
		printf '%-10s v3 0.01 s, %s s with %s CPU hogs, rt_priority 50: %s transitions after the election, VIP seen on the backup in %s of %s checks\n' \
			$impl "$secs" "$(nproc)" "$trans" "$flips" "$secs"
		stop_impl $impl a TERM
		stop_impl $impl b TERM
		rm -f "$WORK"/*.log
	done
}

case $MODE in
crash) bench_v2 crash 3609.375 "${2:-5}" ;;
stop) bench_v2 stop 609.375 "${2:-5}" ;;
fast) bench_fast "${2:-50}" ;;
hog) bench_hog "${2:-600}" ;;
all)
	bench_v2 crash 3609.375
	bench_v2 stop 609.375
	bench_fast 50
	;;
*) echo "usage: $0 crash|stop|fast [N]|hog [SECONDS]|all" >&2; exit 2 ;;
esac
