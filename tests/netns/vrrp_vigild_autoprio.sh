#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# max_auto_priority 2, min_auto_priority_delay 80000, vrrp_rlimit_rttime
# 20000 through vigild, d1 alone: the vrrp child runs SCHED_OTHER until it
# is held up (SIGSTOP for 200 ms, within the parent's watchdog of 1 s at
# advert_int 1): then SCHED_RR 1 with RLIMIT_RTTIME 20000 us; held up
# again: 2; again: still 2; after a reload, 2 again. (The delay is 80 ms, not less: an ASan
# build's child was once 23 ms late at its start, and rightly raised.)
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

start_vigild d1 a "$(ka_conf a 100 3 1 "10.$NET.0.100/24" "" \
	"max_auto_priority 2
	min_auto_priority_delay 80000
	vrrp_rlimit_rttime 20000")"
wait_until 6 has_addr d1 "10.$NET.0.100" || fail "d1 did not become MASTER"
V=$(cat "$WORK/a.vpid")
sched() { # policy and priority of the vrrp child, e.g. "SCHED_RR 1"
	chrt -p "$V" | awk -F': ' '
		/policy/ { p = $2; sub(/\|.*/, "", p) }
		/priority/ { n = $2 } END { print p, n }'
}
hold_up() { kill -STOP "$V" && sleep 0.2 && kill -CONT "$V"; }

[ "$(sched)" = "SCHED_OTHER 0" ] || fail "before any delay: $(sched)"
hold_up
wait_until 2 eval 'test "$(sched)" = "SCHED_RR 1"' || fail "after a delay: $(sched)"
grep -q "^Max realtime timeout *20000 *20000 *us" "/proc/$V/limits" ||
	fail "vrrp_rlimit_rttime: $(grep "realtime timeout" "/proc/$V/limits")"
log "held up 200 ms: SCHED_RR 1, RLIMIT_RTTIME 20000 us"
hold_up
wait_until 2 eval 'test "$(sched)" = "SCHED_RR 2"' || fail "a second delay: $(sched)"
hold_up
sleep 0.3
[ "$(sched)" = "SCHED_RR 2" ] || fail "beyond max_auto_priority: $(sched)"
grep -q "scheduler=SCHED_RR priority=2 late_us=" "$WORK/a.log" ||
	fail "no log line for priority 2"
has_addr d1 "10.$NET.0.100" || fail "d1 lost the VIP"
log "again: SCHED_RR 2; again: still 2 (max_auto_priority)"
# A reload runs SCHED_OTHER (the parent lowers the child for it) and
# gives the raised priority back.
sed -i 's/priority 100/priority 101/' "$WORK/a.conf"
kill -HUP "$(cat "$WORK/a.pid")"
wait_until 30 eval 'grep -q "child=vrrp reload=ok gen=2" "$WORK/a.log"' ||
	fail "no reload"
[ "$(sched)" = "SCHED_RR 2" ] || fail "after a reload: $(sched)"
log "reloaded: SCHED_RR 2 again"
stop_vigild a
log "PASS"
