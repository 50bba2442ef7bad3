#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A hung vrrp child cannot cause a split brain: two vigild directors
# (VRRPv2, advert_int 1, so a peer may take over 2 s after the master's
# child stops: vigild pings that child every 200 ms and calls it hung
# after 1 s unanswered). The MASTER's vrrp child is stopped (SIGSTOP):
# its parent declares it hung, deletes its VIP at once, replaces it; the
# backup takes over. `ip monitor` in both namespaces times every change
# of the VIP: it is never on both directors while the child hangs, and
# it leaves d1 within the 2 s budget. The same when the child hangs
# while vigild stops (SIGTERM).
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100

vigild_pair "$VIP"
wait_until 3 grep -q "child=vrrp watchdog_interval_ms=200 watchdog_timeout_ms=1000" \
	"$WORK/a.log" || fail "vrrp child's watchdog not derived from advert_int"
V1=$(cat "$WORK/a.vpid")
for n in d1 d2; do
	ip -n "$P-$n" -ts monitor address >"$WORK/$n.mon" 2>&1 &
	PIDS="$PIDS $!"
done
sleep 0.5
t_stop=$(date +%Y-%m-%dT%H:%M:%S.%6N)
kill -STOP "$V1"
log "stopped d1's vrrp child $V1 (MASTER)"
wait_until 4 no_addr d1 "$VIP" || fail "the stopped child's VIP stayed on d1"
wait_until 6 has_addr d2 "$VIP" || fail "d2 did not take over"
# d1's new child preempts again (priority 150): let that settle too.
wait_until 10 has_addr d1 "$VIP" || fail "d1 did not come back"
wait_until 3 no_addr d2 "$VIP" || fail "d2 kept the VIP after d1 came back"
sleep 0.3
V2=$(cat "$WORK/a.vpid")
[ "$V2" != "$V1" ] && ! kill -0 "$V1" 2>/dev/null ||
	fail "the hung child was not replaced"
grep -q "child=vrrp pid=$V1 state=hung .*timeout_ms=1000" "$WORK/a.log" ||
	fail "no hung log"
grep -q "child=vrrp action=release addresses=1 deleted=1 gone=0" "$WORK/a.log" ||
	fail "no release log: $(grep action=release "$WORK/a.log")"

# The VIP's holders over time, from both monitors: the overlap while the
# child hung (until d1's VIP went), and in the whole run (d1's return
# included: it adds the VIP, the backup drops it on its advert).
"$PY" - "$WORK/d1.mon" "$WORK/d2.mon" "$t_stop" "$VIP" >"$WORK/times" <<'P' ||
import re, sys
from datetime import datetime
def ts(s): return datetime.fromisoformat(s).timestamp()
def events(path):
    ev = []
    for line in open(path):
        m = re.match(r"\[(\S+)\] (Deleted )?\d+: \S+\s+inet (\S+)/", line)
        if m and m.group(3) == sys.argv[4]:
            ev.append((ts(m.group(1)), not m.group(2)))
    return ev
t0 = ts(sys.argv[3])
d1, d2 = events(sys.argv[1]), events(sys.argv[2])
dels = [t for t, up in d1 if not up and t > t0]
if not dels:
    sys.exit("no delete on d1")
t_del = dels[0]
adds = [t for t, up in d2 if up and t > t0]
if not adds:
    sys.exit("no add on d2")
def holds(ev, start, t):
    h = start
    for te, up in ev:
        if te <= t:
            h = up
    return h
# overlap: step through every event time
pts = sorted({t0, t_del} | {t for t, _ in d1 + d2 if t > t0})
both = hung = 0.0
for a, b in zip(pts, pts[1:]):
    if holds(d1, True, a) and holds(d2, False, a):
        both += b - a
        if b <= t_del:
            hung += b - a
print(int((t_del - t0) * 1000), int((adds[0] - t0) * 1000),
      int(hung * 1000), int(both * 1000))
P
	fail "monitor: $(cat "$WORK/times") $(cat "$WORK/d1.mon" "$WORK/d2.mon")"
read -r del_ms take_ms hung_ms both_ms <"$WORK/times"
log "VIP off d1 ${del_ms} ms after SIGSTOP, on d2 after ${take_ms} ms;" \
	"on both while hung: ${hung_ms} ms; in the whole run: ${both_ms} ms"
[ "$del_ms" -le 2000 ] || fail "VIP left d1 after ${del_ms} ms (budget 2000)"
[ "$del_ms" -lt "$take_ms" ] || fail "d2 took over before d1 dropped the VIP"
[ "$hung_ms" -le 0 ] || fail "the VIP was on both directors ${hung_ms} ms"
[ "$both_ms" -le 100 ] || fail "the VIP was on both directors ${both_ms} ms"
vctl a --json status >"$WORK/st.json" || fail "vigilctl status"
"$PY" - "$WORK/st.json" <<'P' || fail "status: $(cat "$WORK/st.json")"
import json, sys
v = json.load(open(sys.argv[1]))["children"]["vrrp"]
sys.exit(not (v["hangs"] == 1 and v["restarts"] == 1
              and v["watchdog_timeout_ms"] == 1000
              and v["watchdog_interval_ms"] == 200
              and v["addresses_held"] == 1))
P

# Hung while vigild stops (SIGTERM): the stopping child is still watched;
# its VIP goes within the budget, not after the 5 s vigild waits for it.
wait_until 3 has_addr d1 "$VIP" || fail "d1 lost the VIP"
t0=$(date +%s%N)
kill -STOP "$V2"
kill -TERM "$a_pid"
wait_until 4 no_addr d1 "$VIP" || fail "a child hung while stopping kept the VIP"
ms=$((($(date +%s%N) - t0) / 1000000))
no_addr d2 "$VIP" || fail "d2 took over before d1's VIP went"
wait_until 6 has_addr d2 "$VIP" || fail "d2 did not take over"
eval "wait \$a_pid" 2>/dev/null
grep -q "child=vrrp pid=$V2 state=hung" "$WORK/a.log" ||
	fail "the stopping child was not found hung"
log "hung while stopping: VIP off d1 after ${ms} ms, then d2 took over"
[ "$ms" -le 2000 ] || fail "VIP left d1 after ${ms} ms (budget 2000)"
log "PASS"
