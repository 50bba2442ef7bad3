#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dynamic_interfaces, kernel_rx_buf_size and track_src_ip through vigild,
# on d1 alone (VRRPv3, advert_int 0.1):
# - VI_1 is on eth1, which does not exist when vigild starts: vigild runs
#   (without dynamic_interfaces it refuses the config), VI_1 is in FAULT;
#   eth1 is created -> VI_1 MASTER with its VIP on its VMAC (use_vmac) on
#   eth1; eth1 is deleted -> FAULT; created again (another ifindex) ->
#   MASTER again, on a new VMAC;
# - VI_2 on eth0 has kernel_rx_buf_size 400000: its socket's receive
#   buffer is 800000 (the kernel doubles it), above net.core.rmem_max, in
#   vigilctl show vrrp --json's socket_rcvbuf;
# - VI_3 (added by a reload) on eth0 has a VIP with `dev eth1`: eth1
#   deleted and created again (another ifindex) -> the VIP is put back on
#   the new eth1 (the engine's interface-index cache forgot the old one);
# - VI_2 has unicast_src_ip .50 with track_src_ip: .50 deleted from eth0
#   -> FAULT, its VIP gone; added again -> MASTER.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
V1=10.$NET.1.100 V2=10.$NET.0.100 SRC=10.$NET.0.50 V3=10.$NET.1.103
ns d1 ip addr add "$SRC/24" dev eth0

inst() { # NAME IFACE VRID VIP EXTRA
	printf 'vrrp_instance %s {\n\tinterface %s\n\tvirtual_router_id %s\n' \
		"$1" "$2" "$3"
	printf '\tversion 3\n\tadvert_int 0.1\n\t%s\n' "$5"
	printf '\tvirtual_ipaddress {\n\t\t%s/24\n\t}\n}\n' "$4"
}
conf() { # GLOBAL-EXTRA [with-VI_3]
	printf 'global_defs {\n\tvrrp_garp_master_delay 0\n\t%s\n}\n' "$1"
	[ -n "$2" ] && printf 'vrrp_instance VI_3 {\n\tinterface eth0\n\tvirtual_router_id 53\n\tversion 3\n\tadvert_int 0.1\n\tvirtual_ipaddress {\n\t\t%s/24 dev eth1\n\t}\n}\n' "$V3"
	inst VI_1 eth1 51 "$V1" "use_vmac"
	inst VI_2 eth0 52 "$V2" "kernel_rx_buf_size 400000
	unicast_src_ip $SRC
	unicast_peer {
		10.$NET.0.2
	}
	track_src_ip"
}
field() { # INSTANCE KEY: its value in vigilctl show vrrp --json
	vctl a show vrrp --json | "$PY" -c '
import json, sys
d = json.load(sys.stdin)["data"]
print([i[sys.argv[2]] for i in d["instances"] if i["name"] == sys.argv[1]][0])' "$1" "$2"
}
state() { field "$1" state; }
is() { [ "$(state "$1")" = "$2" ]; }
eth1() { # a veth pair inside d1 (this kernel has no dummy interfaces)
	ns d1 ip link add eth1 type veth peer name eth1p &&
		ns d1 ip addr add "10.$NET.1.1/24" dev eth1 &&
		ns d1 ip link set eth1p up && ns d1 ip link set eth1 up
}

conf "" >"$WORK/off.conf"
ns d1 "$VIGILD" -t -f "$WORK/off.conf" >"$WORK/off.out" 2>&1 &&
	fail "without dynamic_interfaces a missing eth1 was accepted"
grep -q "interface eth1 (.*) does not exist" "$WORK/off.out" ||
	fail "vigild -t: $(cat "$WORK/off.out")"

start_vigild d1 a "$(conf dynamic_interfaces)"
wait_until 3 has_addr d1 "$V2" || fail "VI_2 on eth0 did not become MASTER"
wait_until 2 is VI_1 FAULT || fail "VI_1 without eth1: $(state VI_1)"
[ "$(field VI_1 interface_present)" = False ] ||
	fail "VI_1 without eth1: interface_present $(field VI_1 interface_present)"
log "dynamic_interfaces: vigild runs, VI_1 FAULT without eth1"

eth1 || fail "ip link add eth1"
wait_until 3 has_addr d1 "$V1" vrrp.51 ||
	fail "eth1 came, VI_1 did not take V1 on its VMAC"
is VI_1 MASTER || fail "VI_1 $(state VI_1) with its VIP"
log "eth1 created: VI_1 MASTER, $V1 on its VMAC vrrp.51 on eth1"

ns d1 ip link del eth1
wait_until 2 is VI_1 FAULT || fail "eth1 deleted: VI_1 $(state VI_1)"
eth1 || fail "ip link add eth1 again"
wait_until 3 has_addr d1 "$V1" vrrp.51 ||
	fail "eth1 back, VI_1 did not take V1 on a new VMAC"
is VI_1 MASTER || fail "VI_1 $(state VI_1) with its VIP"
grep -q "instance=VI_1 interface=eth1 state=present" "$WORK/a.log" ||
	fail "no log line for eth1's return"
log "eth1 deleted -> FAULT; created again -> MASTER"

rb=$(field VI_2 socket_rcvbuf)
[ "$rb" = 800000 ] || fail "kernel_rx_buf_size 400000: VI_2's socket has $rb"
log "kernel_rx_buf_size 400000: VI_2's socket_rcvbuf $rb (VI_1's: $(field VI_1 socket_rcvbuf))"

ns d1 ip addr del "$SRC/24" dev eth0
wait_until 2 is VI_2 FAULT || fail "track_src_ip: $SRC deleted, VI_2 $(state VI_2)"
wait_until 2 no_addr d1 "$V2" || fail "track_src_ip: VI_2 in FAULT kept $V2"
ns d1 ip addr add "$SRC/24" dev eth0
wait_until 3 has_addr d1 "$V2" || fail "track_src_ip: $SRC back, VI_2 $(state VI_2)"
log "track_src_ip: $SRC deleted -> VI_2 FAULT; added again -> MASTER"

conf dynamic_interfaces VI_3 >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 3 has_addr d1 "$V3" eth1 || fail "VI_3 did not put $V3 on eth1"
old=$(ns d1 cat /sys/class/net/eth1/ifindex)
ns d1 ip link del eth1
eth1 || fail "ip link add eth1 a third time"
[ "$(ns d1 cat /sys/class/net/eth1/ifindex)" != "$old" ] || fail "same ifindex"
wait_until 5 has_addr d1 "$V3" eth1 ||
	fail "$V3 not put back on the new eth1: $(grep VI_3 "$WORK/a.log" | tail -3)"
log "VI_3: eth1 made anew (ifindex $old -> $(ns d1 cat /sys/class/net/eth1/ifindex)), $V3 put back on it"
stop_vigild a
no_addr d1 "$V2" || fail "V2 survived the stop"
log "PASS"
