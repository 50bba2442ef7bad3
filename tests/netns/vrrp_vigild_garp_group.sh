#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# garp_group through vigild: a director that becomes MASTER sends its
# burst of 3 gratuitous ARPs for each of its 2 VIPs; with a garp_group of
# garp_interval 0.2 naming its interface, one every 200 ms at least; with
# the same config without the group (vrrp_garp_interval 0), back to back.
# Both runs seen on the bridge by tshark.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VA=10.$NET.0.100 VB=10.$NET.0.101

# gaps NAME GLOBAL TOP: vigild until it holds the VIPs and 1.5 s more;
# print the smallest gap between its gratuitous ARPs (ms) and their count
gaps() {
	capture br br0 arp "$WORK/$1.pcap"
	start_vigild d1 "$1" "$(ka_conf "$1" 200 3 0.1 "$VA/24
		$VB/24" "" "vrrp_garp_master_repeat 3
	$2")
$3"
	wait_until 6 has_addr d1 "$VB" || fail "$1: the VIPs never came"
	sleep 1.5
	stop_vigild "$1"
	kill -INT "$cap"
	wait "$cap"
	tshark -r "$WORK/$1.pcap" -Y "arp.isgratuitous" \
		-T fields -e frame.time_epoch 2>/dev/null | awk '
		NR > 1 { g = ($1 - t) * 1000; if (min == "" || g < min) min = g }
		{ t = $1 } END { printf "%d %d\n", min, NR }'
}

read -r min n < <(gaps a "" "garp_group {
	garp_interval 0.2
	interfaces {
		eth0
	}
}")
read -r min0 n0 < <(gaps b "" "")
log "6 gratuitous ARPs: $n with garp_group (min gap ${min} ms), $n0 without (min gap ${min0} ms)"
[ "$n" = 6 ] && [ "$n0" = 6 ] || fail "expected 6 gratuitous ARPs in each run"
[ "$min" -ge 190 ] || fail "garp_group garp_interval 0.2: a gap of ${min} ms"
[ "$min0" -lt 100 ] || fail "without garp_group: a gap of ${min0} ms"
log "PASS"
