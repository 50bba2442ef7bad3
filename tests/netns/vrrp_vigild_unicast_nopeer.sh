#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# unicast_fault_no_peer through vigild, d1 alone. An instance with
# unicast_src_ip and no unicast_peer runs multicast, as keepalived's does
# ("Defaulting to multicast"): MASTER, with its VIP. With
# unicast_fault_no_peer it must not (a generated config that lost its peer
# list would otherwise claim the VIP by multicast): FAULT, no VIP, and
# says so. A reload that gives it a peer lets it run; one that takes the
# peer away puts it back into FAULT.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

VIP=10.$NET.0.100
conf() { # EXTRA [PEER]
	printf 'vrrp_instance VI_1 {\n\tinterface eth0\n\tvirtual_router_id 51\n'
	printf '\tpriority 100\n\tversion 3\n\tadvert_int 0.1\n'
	printf '\tunicast_src_ip 10.%s.0.1\n\t%s\n' "$NET" "$1"
	[ -n "$2" ] && printf '\tunicast_peer {\n\t\t%s\n\t}\n' "$2"
	printf '\tvirtual_ipaddress {\n\t\t%s/24\n\t}\n}\n' "$VIP"
}
state() {
	vctl "$1" show vrrp --json | "$PY" -c '
import json, sys
print(json.load(sys.stdin)["data"]["instances"][0]["state"])'
}
is() { [ "$(state "$1")" = "$2" ]; }

# without the keyword: multicast, MASTER
start_vigild d1 a "$(conf "")"
wait_until 3 has_addr d1 "$VIP" || fail "without unicast_fault_no_peer: no VIP"
is a MASTER || fail "without unicast_fault_no_peer: $(state a)"
stop_vigild a
log "without unicast_fault_no_peer: multicast, MASTER with the VIP"

start_vigild d1 b "$(conf unicast_fault_no_peer)"
wait_until 3 is b FAULT || fail "unicast_fault_no_peer: $(state b)"
sleep 1
no_addr d1 "$VIP" || fail "unicast_fault_no_peer: the VIP was claimed"
is b FAULT || fail "unicast_fault_no_peer: left FAULT: $(state b)"
grep -q "instance=VI_1 unicast_peers=0 state=FAULT reason=unicast_fault_no_peer" \
	"$WORK/b.log" || fail "no log line: $(grep VI_1 "$WORK/b.log")"
log "unicast_fault_no_peer without a peer: FAULT, no VIP, said"

conf unicast_fault_no_peer "10.$NET.0.2" >"$WORK/b.conf"
kill -HUP "$b_pid"
wait_until 5 has_addr d1 "$VIP" || fail "a peer given by reload: $(state b)"
log "a reload gave it a peer: $(state b), the VIP on d1"
conf unicast_fault_no_peer >"$WORK/b.conf"
kill -HUP "$b_pid"
wait_until 5 is b FAULT || fail "the peer taken away by reload: $(state b)"
wait_until 3 no_addr d1 "$VIP" || fail "FAULT kept the VIP"
log "a reload took the peer away: FAULT again, the VIP gone"
stop_vigild b
log "PASS"
