#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The watchdog knows when it was the one not running: two vigild directors
# (VRRPv2, advert_int 1); the MASTER's parent is stopped (SIGSTOP) for
# 12 s while its vrrp child goes on advertising, then resumed. Nothing
# fails over: the backup never holds the VIP, the vrrp child is not
# killed (same pid, no restart, no "state=hung"), and the parent logs
# the stall instead of blaming its child.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100

vigild_pair "$VIP"
V1=$(cat "$WORK/a.vpid")
log "d1 master, vrrp child pid $V1"

kill -STOP "$a_pid"
t_end=$(($(date +%s%N) + 12000000000))
while [ "$(date +%s%N)" -lt "$t_end" ]; do
	no_addr d2 "$VIP" || { kill -CONT "$a_pid"; fail "d2 took the VIP over while d1's parent was stopped"; }
	sleep 0.2
done
kill -CONT "$a_pid"
log "d1's parent stopped 12 s and resumed"
# Long enough for a watchdog (1.2 s here) that would blame the child.
t_end=$(($(date +%s%N) + 4000000000))
while [ "$(date +%s%N)" -lt "$t_end" ]; do
	no_addr d2 "$VIP" || fail "d2 took the VIP over after d1's parent resumed"
	has_addr d1 "$VIP" || fail "d1 lost the VIP after its parent resumed"
	sleep 0.2
done
[ "$(cat "$WORK/a.vpid")" = "$V1" ] && kill -0 "$V1" ||
	fail "d1's vrrp child was replaced"
! grep -q "state=hung" "$WORK/a.log" || fail "a child was called hung: $(grep state=hung "$WORK/a.log")"
grep -q "vigild state=stalled stalled_ms=1[12][0-9][0-9][0-9] action=children-not-blamed" \
	"$WORK/a.log" || fail "no stall logged: $(grep stalled "$WORK/a.log")"
vctl a --json status >"$WORK/st.json" || fail "vigilctl status"
"$PY" - "$WORK/st.json" "$V1" <<'P' || fail "status: $(cat "$WORK/st.json")"
import json, sys
s = json.load(open(sys.argv[1]))
v = s["children"]["vrrp"]
sys.exit(not (v["pid"] == int(sys.argv[2]) and v["restarts"] == 0
              and v["hangs"] == 0 and s["watchdog_stalls"] >= 1
              and s["watchdog_stalled_ms"] >= 11000))
P
! grep -q "state=BACKUP prev=MASTER" "$WORK/a.log" || fail "d1 went BACKUP"
log "PASS: no failover, no restart; stall logged: $(grep -o 'stalled_ms=[0-9]*' "$WORK/a.log")"
