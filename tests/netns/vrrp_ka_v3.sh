#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrptest and keepalived 2.2.7 as peers, VRRPv3 at advert_int 0.1 s: IPv4
# multicast, IPv4 unicast (unicast_src_ip / unicast_peer), IPv6 multicast;
# each in both directions (vigil master, then keepalived master): election,
# crash failover, preemption, and no adverts refused by either side.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VERSION=3 ADVERT=0.1 SETTLE=3

VIP=10.$NET.0.100 PLEN=24 KA_EXTRA="" VT_EXTRA=""
mixed_pair "v3-ipv4" 150 100
mixed_pair "v3-ipv4" 100 150

KA_EXTRA="unicast_src_ip 10.$NET.0.2
	unicast_peer {
		10.$NET.0.1
	}"
VT_EXTRA="unicast_src_ip 10.$NET.0.1
	unicast_peer {
		10.$NET.0.2
	}"
mixed_pair "v3-unicast" 150 100
mixed_pair "v3-unicast" 100 150

VIP=fd00:$NET::100 PLEN=64 KA_EXTRA="" VT_EXTRA=""
mixed_pair "v3-ipv6" 150 100
mixed_pair "v3-ipv6" 100 150

# keepalived logged no complaint about vigil's adverts.
! grep -iE "invalid|bogus|checksum|mismatch" "$WORK/ka.log" ||
	fail "keepalived complained about vigil's adverts"
log "PASS"
