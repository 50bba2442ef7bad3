#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sync groups and a healed split brain, vrrptest pair (v3, 0.1 s):
# - two instances in a vrrp_sync_group move together: one member's
#   tracked link fails -> both go FAULT on d1 and d2 takes both VIPs; the
#   group's notify gets GROUP G FAULT; back when the link returns;
# - the directors stop hearing each other (VRRP dropped on the bridge):
#   both become MASTER; when they hear each other again the lower one steps
#   down within one advert interval, and the winner re-sends its gratuitous
#   ARPs and notifies MASTER again.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VA=10.$NET.0.100 VB=10.$NET.0.101
ns d1 ip link add eth1 type veth peer name eth1p
ns d1 ip link set eth1 up
ns d1 ip link set eth1p up
cat >"$WORK/notify.sh" <<'N'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/notify.out"
N
chmod +x "$WORK/notify.sh"

conf() { # PRIO VI_B-EXTRA
	cat <<K
vrrp_sync_group G {
	group {
		VI_A
		VI_B
	}
	notify "$WORK/notify.sh"
}
vrrp_instance VI_A {
	interface eth0
	virtual_router_id 51
	priority $1
	version 3
	advert_int 0.1
	garp_master_delay 0
	garp_lower_prio_delay 5
	notify "$WORK/notify.sh"
	virtual_ipaddress {
		$VA/24
	}
}
vrrp_instance VI_B {
	interface eth0
	virtual_router_id 52
	priority $1
	version 3
	advert_int 0.1
	$2
	virtual_ipaddress {
		$VB/24
	}
}
K
}

start_vrrptest d1 a "$(conf 150 "track_interface {
		eth1
	}")"
start_vrrptest d2 b "$(conf 100)"
wait_until 3 has_addr d1 "$VA" && wait_until 3 has_addr d1 "$VB" ||
	fail "d1 not master of both"
wait_until 2 grep -q 'GROUP G MASTER 0' "$WORK/notify.out" ||
	fail "no group MASTER notify"

ns d1 ip link set eth1 down
wait_until 2 has_addr d2 "$VA" && wait_until 2 has_addr d2 "$VB" ||
	fail "the group did not move to d2"
[ "$(jget a "' '.join(i['state'] for i in s['instances'])")" = "FAULT FAULT" ] ||
	fail "both members should be FAULT on d1"
wait_until 2 grep -q 'GROUP G FAULT 0' "$WORK/notify.out" ||
	fail "no group FAULT notify"
log "sync group: VI_B's link down -> VI_A and VI_B FAULT on d1, both on d2"
ns d1 ip link set eth1 up
wait_until 3 has_addr d1 "$VA" && wait_until 3 has_addr d1 "$VB" ||
	fail "the group did not come back"
log "link up: the group is back on d1"

# Split brain: drop VRRP between the directors on the bridge.
ns br nft add table bridge vt
ns br nft add chain bridge vt drop112 '{ type filter hook forward priority 0; }'
ns br nft add rule bridge vt drop112 ip protocol 112 drop
wait_until 3 has_addr d2 "$VA" || fail "no split brain"
has_addr d1 "$VA" || fail "d1 gave up without hearing d2"
log "VRRP blocked: both directors MASTER"
masters=$(grep -c "INSTANCE VI_A MASTER" "$WORK/notify.out")
# Capturing before the split heals
capture br br0 arp "$WORK/cap.pcap"
t0=$(date +%s%N)
ns br nft delete table bridge vt
wait_until 2 no_addr d2 "$VA" || fail "the split brain did not heal"
ms=$((($(date +%s%N) - t0) / 1000000))
log "healed: d2 stepped down ${ms} ms after VRRP came back"
[ "$ms" -le 250 ] || fail "took more than one advert interval (+ slack)"
grep -q "instance=VI_A state=MASTER event=other-master.*action=reannounce" \
	"$WORK/a.log" || fail "d1 did not re-announce"
wait_until 2 eval 'test "$(grep -c "INSTANCE VI_A MASTER" "$WORK/notify.out")" \
	-gt "$masters"' || fail "d1 did not notify MASTER again"
sleep 0.3
kill -INT "$cap"
wait "$cap"
mac=$(ns d1 cat /sys/class/net/eth0/address)
garps=$(tshark -r "$WORK/cap.pcap" -Y "arp.isgratuitous && arp.src.hw_mac == $mac && arp.src.proto_ipv4 == $VA" 2>/dev/null | wc -l)
[ "$garps" -ge 1 ] || fail "no gratuitous ARP from the winner after healing"
log "winner re-announced: $garps gratuitous ARPs for $VA, MASTER notified again"
log "PASS"
