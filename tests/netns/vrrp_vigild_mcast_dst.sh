#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mcast_dst_ip through vigild: two vigild (d1, d2), each with two VRRPv3
# instances of VRID 51 on eth0 (advert_int 0.1): VI_A on the global group
# 224.0.0.18, VI_B on mcast_dst_ip 224.0.0.19. d1 is 150 for A and 100
# for B, d2 the other way round, so A's VIP is on d1 and B's on d2 -- each
# advert reached the instance of its group -- and B's adverts go to
# 224.0.0.19 on the wire once the elections are over.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VA=10.$NET.0.100 VB=10.$NET.0.101

conf() { # PRIO-A PRIO-B
	for i in "A $1 $VA" "B $2 $VB"; do
		set -- $i
		printf 'vrrp_instance VI_%s {\n\tinterface eth0\n' "$1"
		printf '\tvirtual_router_id 51\n\tpriority %s\n' "$2"
		printf '\tversion 3\n\tadvert_int 0.1\n'
		[ "$1" = B ] && printf '\tmcast_dst_ip 224.0.0.19\n'
		printf '\tvirtual_ipaddress {\n\t\t%s/24\n\t}\n}\n' "$3"
	done
}
groups() { # SRC: the destinations of SRC's adverts
	ip netns exec "$P-br" tshark -r "$WORK/cap.pcap" -Y "ip.src == $1" \
		-T fields -e ip.dst 2>/dev/null | sort -u | tr '\n' ' '
}

start_vigild d1 a "$(conf 150 100)"
start_vigild d2 b "$(conf 100 150)"
wait_until 3 has_addr d1 "$VA" && wait_until 3 has_addr d2 "$VB" ||
	fail "VI_A not on d1 or VI_B not on d2"
sleep 1
no_addr d2 "$VA" && no_addr d1 "$VB" || fail "a VIP is on both directors"
capture br br0 "ip proto 112" "$WORK/cap.pcap"
sleep 0.5
kill -INT "$cap"
wait "$cap"
[ "$(groups "10.$NET.0.1")" = "224.0.0.18 " ] ||
	fail "d1 (MASTER of A only) sent to $(groups "10.$NET.0.1")"
[ "$(groups "10.$NET.0.2")" = "224.0.0.19 " ] ||
	fail "d2 (MASTER of B only) sent to $(groups "10.$NET.0.2")"
log "VRID 51 twice: A (224.0.0.18) MASTER on d1, B (224.0.0.19) on d2"
log "PASS"
