#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# interface_up_down_delays { eth0 1 0.5 } through vigild, d1 alone (VRRPv3,
# advert_int 0.1): eth0 down for 0.3 s -> VI_1 stays MASTER, no FAULT;
# down for good -> FAULT only after 1 s; up -> out of FAULT only after
# 0.5 s.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100

start_vigild d1 a "$(ka_conf a 100 3 0.1 "$VIP/24" "")
interface_up_down_delays {
	eth0 1 0.5
}"
wait_until 3 has_addr d1 "$VIP" || fail "d1 did not become MASTER"
state() {
	vctl a show vrrp --json | "$PY" -c '
import json, sys
print(json.load(sys.stdin)["data"]["instances"][0]["state"])'
}
fault() { [ "$(state)" = FAULT ]; }
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

ns d1 ip link set eth0 down
sleep 0.3
ns d1 ip link set eth0 up
sleep 1.2
[ "$(state)" = MASTER ] || fail "a 0.3 s flap: VI_1 $(state)"
grep -q "state=FAULT" "$WORK/a.log" && fail "a 0.3 s flap made VI_1 FAULT"
log "eth0 down 0.3 s: VI_1 stayed MASTER"

t0=$(date +%s%N)
ns d1 ip link set eth0 down
wait_until 3 fault || fail "eth0 down: VI_1 $(state)"
down=$(ms "$t0")
t0=$(date +%s%N)
ns d1 ip link set eth0 up
wait_until 3 eval '! fault' || fail "eth0 up: VI_1 still FAULT"
up=$(ms "$t0")
log "eth0 down: FAULT after ${down} ms; up: out of FAULT after ${up} ms"
[ "$down" -ge 900 ] || fail "down delay 1 s: FAULT after ${down} ms"
[ "$up" -ge 450 ] || fail "up delay 0.5 s: out of FAULT after ${up} ms"
log "PASS"
