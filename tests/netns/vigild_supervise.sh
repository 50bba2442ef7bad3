#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Supervision: a SIGKILLed child is back (READY, new pid) within 1 s and the
# other child keeps its pid; a child that stops answering (SIGSTOP) is
# logged as hung, killed and replaced by the watchdog: the vrrp child in
# about 1 s (its budget comes from advert_int), the check child in about
# 10 s (vigil_watchdog_timeout).
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"
C1=$(child_pid check)
V1=$(child_pid vrrp)

t0=$(date +%s%N)
kill -KILL "$C1"
back() { c=$(child_pid check); [ -n "$c" ] && [ "$c" != 0 ] &&
	[ "$c" != "$C1" ] && ready check; }
wait_until 10 back || fail "check child not back in 1 s"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ $ms -lt 1000 ] || fail "check child back after $ms ms"
[ "$(child_pid vrrp)" = "$V1" ] || fail "vrrp child restarted"
[ "$(status "s['children']['check']['restarts']")" = 1 ] || fail "restarts"
grep -q "child=check state=died signal=KILL restarts=1" "$LOG" || fail "log"
ok "SIGKILLed check child READY again in $ms ms, vrrp untouched"

# Second death in a row: respawned after the 500 ms backoff, not at once.
C2=$(child_pid check)
kill -KILL "$C2"
back2() { c=$(child_pid check); [ "$c" != "$C2" ] && [ "$c" != 0 ] && ready check; }
wait_until 30 back2 || fail "check child not back after a second kill"
grep -q "child=check state=died signal=KILL restarts=2 respawn_ms=500" "$LOG" ||
	fail "no 500 ms backoff"
ok "second death: 500 ms backoff"

# A hung vrrp child is found within its budget (advert_int 1: a peer may
# take over 2 s after it stops; pinged every 200 ms, hung after 1 s).
V1=$(child_pid vrrp)
kill -STOP "$V1"
t0=$(date +%s%N)
replaced() { v=$(child_pid vrrp); [ "$v" != "$V1" ] && [ "$v" != 0 ] && ready vrrp; }
wait_until 40 replaced || fail "hung vrrp child not replaced in 4 s"
ms=$((($(date +%s%N) - t0) / 1000000))
grep -q "child=vrrp pid=$V1 state=hung last_pong_ms=.* timeout_ms=1000" "$LOG" ||
	fail "no hung log"
[ $ms -ge 900 ] || fail "replaced after $ms ms: too early"
kill -0 "$V1" 2>/dev/null && fail "hung child $V1 still exists"
ok "SIGSTOPped vrrp child replaced by the watchdog after $ms ms"

# The check child keeps vigil_watchdog_timeout (10 s).
C3=$(child_pid check)
kill -STOP "$C3"
t0=$(date +%s)
replaced() { c=$(child_pid check); [ "$c" != "$C3" ] && [ "$c" != 0 ] && ready check; }
wait_until 200 replaced || fail "hung check child not replaced in 20 s"
t1=$(date +%s)
grep -q "child=check pid=$C3 state=hung .*timeout_ms=10000" "$LOG" ||
	fail "no hung log"
[ $((t1 - t0)) -ge 8 ] || fail "replaced after $((t1 - t0)) s: too early"
kill -0 "$C3" 2>/dev/null && fail "hung child $C3 still exists"
ok "SIGSTOPped check child replaced by the watchdog after $((t1 - t0)) s"
