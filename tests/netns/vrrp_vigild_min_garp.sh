#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrp_min_garp through vigild (keepalived.conf(5): "only one ARP/NA
# message ... with no repeat"): a director that becomes MASTER sends one
# gratuitous ARP for its VIP, where the same config without it sends
# vrrp_garp_master_repeat's default 5. Counted on the bridge by tshark, an
# independent decoder; both runs in this test, so the load of the machine
# does not matter.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
command -v tshark >/dev/null || { echo "SKIP: tshark not installed"; exit 77; }
topology
VIP=10.$NET.0.100

# garps NAME GLOBAL: run vigild with the extra global_defs line until it
# holds the VIP, then 2 s more; print the gratuitous ARPs seen for the VIP
garps() {
	ip netns exec "$P-br" tshark -i br0 -w "$WORK/$1.pcap" -q -f arp \
		2>/dev/null &
	cap=$!
	PIDS="$PIDS $cap"
	sleep 1
	start_vigild d1 "$1" "$(ka_conf "$1" 200 2 1 "$VIP/24" "" "$2")"
	wait_until 80 has_addr d1 "$VIP" || fail "$1: the VIP never came"
	sleep 2
	stop_vigild "$1"
	kill -INT "$cap"
	wait "$cap"
	tshark -r "$WORK/$1.pcap" \
		-Y "arp.isgratuitous && arp.src.proto_ipv4 == $VIP" 2>/dev/null |
		wc -l
}

# vigild -t: the keyword is acted on (no "not supported yet")
ka_conf a 200 2 1 "$VIP/24" "" vrrp_min_garp >"$WORK/t.conf"
out=$(ns d1 "$VIGILD" -t --strict -f "$WORK/t.conf" 2>&1) ||
	fail "vigild -t --strict: $out"

full=$(garps a "")
min=$(garps b vrrp_min_garp)
log "gratuitous ARPs on becoming MASTER: $full by default, $min with vrrp_min_garp"
[ "$full" -ge 5 ] || fail "default: $full gratuitous ARPs, expected 5"
[ "$min" = 1 ] || fail "vrrp_min_garp: $min gratuitous ARPs, expected 1"
log "PASS"
