#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Address ownership, two vrrptest directors (v3, advert_int 0.1 s):
# - use_vmac: the VIP lives on a macvlan with 00:00:5e:00:01:{VRID}, and the
#   client's neighbour entry for the VIP shows that MAC;
# - virtual_ipaddress with label, excluded VIPs, virtual_routes and
#   virtual_rules exist only on the MASTER;
# - static_ipaddress/routes stay on both while running, and go at exit;
# - an address the admin had before is never removed by vigil;
# - nftables (global_defs nftables, VI_R with no_accept): the VIP is in the
#   drop set while not MASTER and out of it on d1's MASTER, the address
#   owner (priority 255 accepts: RFC 5798 §6.4.3); the table goes away at
#   exit.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VIP=10.$NET.0.100 EVIP=10.$NET.0.101 VIP2=10.$NET.0.102
ADMIN=10.$NET.0.150

inst() { # PRIO PRIO_R: VI_R at PRIO_R, the rest at PRIO
	cat <<K
global_defs {
	nftables vigil_t
}
static_ipaddress {
	192.168.$NET.$1/32 dev eth0
}
static_routes {
	198.18.$NET.0/24 dev eth0
}
vrrp_instance VI_V {
	interface eth0
	virtual_router_id 51
	priority $1
	version 3
	advert_int 0.1
	use_vmac
	virtual_ipaddress {
		$VIP/24
	}
}
vrrp_instance VI_R {
	interface eth0
	virtual_router_id 52
	priority $2
	version 3
	advert_int 0.1
	no_accept
	virtual_ipaddress {
		$VIP2/24 label eth0:vip
		$ADMIN/24
	}
	virtual_ipaddress_excluded {
		$EVIP/24
	}
	virtual_routes {
		198.51.$NET.0/24 via 10.$NET.0.10 table 100
	}
	virtual_rules {
		from 203.0.113.0/24 table 100 priority 1000
	}
}
K
}

# The admin configured ADMIN on d2 before vigil started.
ns d2 ip addr add "$ADMIN/24" dev eth0
start_vrrptest d1 a "$(inst 150 255)"
start_vrrptest d2 b "$(inst 100 100)"
wait_until 3 has_addr d1 "$VIP" vrrp.51 || fail "VMAC: VIP not on vrrp.51"
mac=$(ns d1 cat /sys/class/net/vrrp.51/address)
[ "$mac" = "00:00:5e:00:01:33" ] || fail "VMAC is $mac"
ns c ping -c 2 -i 0.1 -W 1 "$VIP" >/dev/null || fail "VIP on VMAC unreachable"
ns c ip neigh show "$VIP" | grep -q "00:00:5e:00:01:33" ||
	fail "client's neighbour entry: $(ns c ip neigh show "$VIP")"
log "use_vmac: $VIP on vrrp.51 with $mac, client resolves it there"

wait_until 3 has_addr d1 "$VIP2" || fail "d1 has no $VIP2"
ns d1 ip addr show dev eth0 | grep -q "$VIP2/24 .*eth0:vip" || fail "no label"
has_addr d1 "$EVIP" || fail "excluded VIP missing on master"
ns d1 ip route show table 100 | grep -q "198.51.$NET.0/24 via 10.$NET.0.10" ||
	fail "virtual route missing on master"
ns d1 ip rule | grep -q "1000:.*from 203.0.113.0/24 lookup 100" ||
	fail "virtual rule missing on master"
no_addr d2 "$VIP2" && no_addr d2 "$EVIP" || fail "backup has VIPs"
[ -z "$(ns d2 ip route show table 100 2>/dev/null)" ] || fail "backup has the route"
ns d2 ip rule | grep -q "203.0.113.0/24" && fail "backup has the rule"
log "master owns VIP (label), excluded VIP, route (table 100), rule"
for d in d1 d2; do
	has_addr $d "192.168.$NET.$([ $d = d1 ] && echo 150 || echo 100)" eth0 ||
		fail "$d: static address missing"
	ns $d ip route | grep -q "198.18.$NET.0/24" || fail "$d: static route missing"
done
log "static_ipaddress and static_routes on both"

# nftables: the backup drops traffic to the VIP; the master accepts it.
ns d2 nft list set inet vigil_t vips4 | grep -q "$VIP2" ||
	fail "backup does not drop $VIP2: $(ns d2 nft list ruleset)"
ns d1 nft list set inet vigil_t vips4 | grep -q "$VIP2" &&
	fail "master drops its own VIP"
ns c ping -c 2 -i 0.1 -W 1 "$VIP2" >/dev/null || fail "$VIP2 unreachable"
log "nftables: $VIP2 in d2's drop set, not in d1's; client reaches it"

# Failover moves all of it; the admin's address on d2 stays there.
kill -TERM "$a_pid"
wait "$a_pid" || fail "d1 did not stop cleanly"
wait_until 2 has_addr d2 "$VIP2" || fail "d2 did not take over"
ns d2 ip route show table 100 | grep -q "198.51.$NET.0/24" || fail "route did not move"
ns d1 ip link show vrrp.51 >/dev/null 2>&1 && fail "d1 left its VMAC behind"
ns d1 nft list table inet vigil_t >/dev/null 2>&1 && fail "d1 left its nft table"
no_addr d1 "192.168.$NET.150" eth0 || fail "d1 left its static address"
ns d1 ip route | grep -q "198.18.$NET.0/24" && fail "d1 left its static route"
ns d1 ip rule | grep -q "203.0.113.0/24" && fail "d1 left its rule"
log "d1 stopped: d2 owns everything, d1 left nothing behind"
start_vrrptest d1 a "$(inst 150 255)"
wait_until 3 has_addr d1 "$VIP2" || fail "d1 did not preempt"
wait_until 2 no_addr d2 "$VIP2" || fail "d2 kept $VIP2"
has_addr d2 "$ADMIN" || fail "vigil removed the admin's $ADMIN from d2"
grep -q "address=$ADMIN op=add result=exists-not-ours" "$WORK/b.log" ||
	fail "d2 did not notice $ADMIN was not its own"
log "d2 back to BACKUP kept the admin's $ADMIN"
kill -TERM "$b_pid"
wait "$b_pid"
has_addr d2 "$ADMIN" || fail "vigil removed the admin's $ADMIN at exit"
log "PASS"
