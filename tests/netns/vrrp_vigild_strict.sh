#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrp_strict through vigild:
# - a strict config with a unicast_peer: `vigild -t` fails and names the
#   peer's file:line; a valid strict config passes with a warning at the
#   instance's line for a non-owner without accept;
# - a strict pair (d1 150, d2 100) with two instances: VI_1 (v2, so no
#   accept) and VI_2 (v3 with accept). The backup d2 has nftables table
#   inet keepalived with VI_1's VIP in its drop set; the master d1 holds
#   both VIPs but, as vigil.conf(5) says, answers only VI_2's (accept):
#   VI_1's stays in the drop set there too. Killing d1 moves both VIPs to
#   d2; stopping vigild removes the table.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
command -v nft >/dev/null || { echo "SKIP: nft not installed"; exit 77; }
topology
VIP=10.$NET.0.100 VIP2=10.$NET.0.101

conf() { # NAME PRIO [VI_1-EXTRA]
	ka_conf "$1" "$2" 2 1 "$VIP/24" "$3" vrrp_strict
	cat <<K
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $2
	version 3
	advert_int 0.5
	accept
	virtual_ipaddress {
		$VIP2/24
	}
}
K
}
# in_drop_set NODE ADDR: ADDR is in the node's vips4 drop set
in_drop_set() {
	ns "$1" nft list set inet keepalived vips4 2>/dev/null | grep -qw "$2"
}
pings() { ns c ping -c 1 -W 1 "$1" >/dev/null 2>&1; }

# vigild -t: unicast_peer under vrrp_strict is an error at its line
conf a 150 "unicast_peer {
		10.$NET.0.2
	}" >"$WORK/bad.conf"
line=$(grep -n "^		10.$NET.0.2$" "$WORK/bad.conf" | cut -d: -f1)
out=$(ns d1 "$VIGILD" -t -f "$WORK/bad.conf" 2>&1) &&
	fail "vigild -t accepted unicast_peer under vrrp_strict: $out"
echo "$out" | grep -q "$WORK/bad.conf:$line: .*strict mode does not allow unicast_peer" ||
	fail "vigild -t did not name bad.conf:$line: $out"
log "vigild -t: $(echo "$out" | grep unicast_peer)"
conf a 150 >"$WORK/good.conf"
line=$(grep -n "^vrrp_instance VI_1" "$WORK/good.conf" | cut -d: -f1)
# runs, with a warning: exit 5 (keepalived -t's code)
out=$(ns d1 "$VIGILD" -t -f "$WORK/good.conf" 2>&1)
[ $? = 5 ] || fail "vigild -t refused a valid strict config: $out"
echo "$out" | grep -q "good.conf:$line: .*VI_1: strict mode without accept" ||
	fail "no warning about VI_1's MASTER dropping VIP traffic: $out"
echo "$out" | grep -q "VI_2: strict mode without accept" &&
	fail "VI_2 has accept, yet it was warned about: $out"
log "vigild -t: valid strict config passes, VI_1 warned about at line $line"

start_vigild d1 a "$(conf a 150)"
start_vigild d2 b "$(conf b 100)"
wait_until 8 has_addr d1 "$VIP" && wait_until 3 has_addr d1 "$VIP2" ||
	fail "d1 (priority 150) did not become master"
no_addr d2 "$VIP" && no_addr d2 "$VIP2" || fail "the backup holds a VIP"
wait_until 3 in_drop_set d2 "$VIP" ||
	fail "backup: $VIP not dropped: $(ns d2 nft list ruleset)"
in_drop_set d2 "$VIP2" && fail "backup: $VIP2 (accept) in the drop set"
log "backup d2: table inet keepalived drops $VIP"

pings "10.$NET.0.1" || fail "the client cannot reach d1 at all"
pings "$VIP2" || fail "master d1 does not answer on $VIP2 (accept)"
in_drop_set d1 "$VIP" || fail "master d1: $VIP (no accept) not in the drop set"
pings "$VIP" && fail "master d1 answered on $VIP, a non-owner without accept"
log "master d1: answers $VIP2 (accept), drops $VIP (no accept, RFC 5798 6.4.3)"

crash_vigild a
wait_until 6 has_addr d2 "$VIP" && wait_until 3 has_addr d2 "$VIP2" ||
	fail "d2 did not take over"
pings "$VIP2" || fail "new master d2 does not answer on $VIP2"
in_drop_set d2 "$VIP" || fail "d2 as master: $VIP left the drop set"
log "d1 killed -> d2 master, same rule"

stop_vigild b
ns d2 nft list table inet keepalived >/dev/null 2>&1 &&
	fail "table inet keepalived left after vigild stopped"
log "d2 stopped: table removed"
log "PASS"
