#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# use_vmac with vmac_prefix and vmac_xmit_base through vigild, d1 alone
# (VRRPv3, advert_int 0.1), seen from d2's wire:
# - vmac_prefix vk: the VMAC is vk.51, and the VIP is on it;
# - vmac_xmit_base: d1's adverts leave from eth0 with eth0's MAC; without
#   it (d1 restarted) from the VMAC, 00:00:5e:00:01:33.
# use_vmac_addr and vmac_addr_prefix: vrrp_vigild_vmac_addr.sh.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100
MAC=$(ns d1 cat /sys/class/net/eth0/address)

conf() { # EXTRA
	ka_conf a 100 3 0.1 "$VIP/24" "use_vmac
	$1" "vmac_prefix vk"
}
# src_macs: the Ethernet sources of the adverts captured in FILE
src_macs() {
	ip netns exec "$P-d2" tshark -r "$1" -Y "vrrp" -T fields -e eth.src \
		2>/dev/null | sort -u | tr '\n' ' '
}
run() { # NAME EXTRA: d1 MASTER with EXTRA, one second of its adverts
	capture d2 eth0 "ip proto 112" "$WORK/$1.pcap"
	start_vigild d1 "$1" "$(conf "$2")"
	wait_until 3 has_addr d1 "$VIP" vk.51 ||
		fail "$1: the VIP is not on the VMAC vk.51"
	sleep 1
	kill -INT "$cap"
	wait "$cap"
	stop_vigild "$1"
}

run x vmac_xmit_base
m=$(src_macs "$WORK/x.pcap")
[ "$m" = "$MAC " ] || fail "vmac_xmit_base: adverts from $m, not eth0's $MAC"
log "vmac_prefix vk, vmac_xmit_base: VIP on vk.51, adverts from $MAC"

run v ""
m=$(src_macs "$WORK/v.pcap")
[ "$m" = "00:00:5e:00:01:33 " ] || fail "without it: adverts from $m"
log "without vmac_xmit_base: adverts from the VMAC's 00:00:5e:00:01:33"
log "PASS"
