#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# garp_extra_if all 1 through vigild, d1 alone (VRRPv3, advert_int 0.1):
# VI_1 on eth0 has a second VIP on eth1 (a veth whose other end eth1p
# tshark watches). After the first burst, that VIP gets a gratuitous ARP
# every second; without the keyword (the same run, vigild restarted),
# none.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VA=10.$NET.0.100 VB=10.$NET.1.100
ns d1 ip link add eth1 type veth peer name eth1p
ns d1 ip addr add "10.$NET.1.1/24" dev eth1
ns d1 ip link set eth1p up
ns d1 ip link set eth1 up

# extra NAME INSTANCE-EXTRA: gratuitous ARPs for VB on eth1 from 1 s after
# d1 became MASTER to 3.5 s after
extra() {
	capture d1 eth1p arp "$WORK/$1.pcap"
	start_vigild d1 "$1" "$(ka_conf "$1" 100 3 0.1 "$VA/24
		$VB/24 dev eth1" "$2")"
	wait_until 3 has_addr d1 "$VB" eth1 || fail "$1: VB not on eth1"
	t=$(date +%s.%N)
	sleep 3.5
	stop_vigild "$1"
	kill -INT "$cap"
	wait "$cap"
	ip netns exec "$P-d1" tshark -r "$WORK/$1.pcap" \
		-Y "arp.isgratuitous && arp.src.proto_ipv4 == $VB" \
		-T fields -e frame.time_epoch 2>/dev/null |
		awk -v t="$t" '$1 > t + 1' | wc -l
}

n=$(extra a "garp_extra_if all 1")
n0=$(extra b "")
log "gratuitous ARPs for $VB on eth1 1-3.5 s after MASTER: $n with garp_extra_if all 1, $n0 without"
[ "$n" -ge 2 ] && [ "$n" -le 3 ] || fail "garp_extra_if all 1: $n"
[ "$n0" = 0 ] || fail "without garp_extra_if: $n0"
log "PASS"
