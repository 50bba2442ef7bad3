#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# default_interface through vigild, one director (d1) with a second
# interface, lan0 (a veth of its own): with "default_interface lan0" a
# static_ipaddress line without dev, and the address without dev of a
# unicast instance that names no interface, go on lan0, not on eth0
# (keepalived's default); an address with dev stays where it says.
# Without the keyword both would be on eth0.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
ip -n "$P-d1" link add lan0 type veth peer name lan0p
ns d1 ip link set lan0p up
ns d1 ip link set lan0 up
S=10.$NET.9.9 S2=10.$NET.9.10 VIP=10.$NET.0.100

start_vigild d1 v "global_defs {
	default_interface lan0
	vrrp_garp_master_delay 0
}
static_ipaddress {
	$S/24
	$S2/24 dev eth0
}
vrrp_instance VI_1 {
	virtual_router_id 51
	priority 100
	version 3
	advert_int 0.2
	unicast_peer {
		10.$NET.0.2
	}
	virtual_ipaddress {
		$VIP/24
	}
}"
wait_until 5 has_addr d1 "$S" lan0 || fail "the static address is not on lan0"
no_addr d1 "$S" eth0 || fail "the static address is on eth0"
has_addr d1 "$S2" eth0 || fail "the static address with dev eth0 moved"
log "static_ipaddress without dev: on default_interface lan0"
wait_until 5 has_addr d1 "$VIP" lan0 ||
	fail "the VIP of the instance without interface is not on lan0"
no_addr d1 "$VIP" eth0 || fail "the VIP is on eth0"
log "vrrp_instance without interface: its VIP on lan0"
stop_vigild v
no_addr d1 "$S" lan0 || fail "the static address survived the stop"
log "PASS"
