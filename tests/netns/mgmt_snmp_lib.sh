# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/netns/mgmt_*.sh (sourced after vigild_lib.sh, not a
# test itself): snmpd as AgentX master in a namespace, and the VRRP part
# of their configs.

# snmpd_in NS NAME: snmpd in NS, its AgentX socket $T/ax-NAME, SNMP on
# udp 127.0.0.1:16161 there, notifications to udp 127.0.0.1:16162 (where
# snmptrapd_in listens); its pid in SPID.
snmpd_in() {
	cat >"$T/snmpd-$2.conf" <<SNMPD
master agentx
agentXSocket $T/ax-$2
rocommunity public 127.0.0.1
trap2sink 127.0.0.1:16162 public
SNMPD
	SNMP_PERSISTENT_DIR=$T/snmp-$2 ip netns exec "$1" snmpd -f -C \
		-c "$T/snmpd-$2.conf" -Lf "$T/snmpd-$2.log" \
		udp:127.0.0.1:16161 &
	SPID=$!
}

# Two instances on veth0 in sync group G1; $1: VI_2's advert_int.
vrrp_conf() {
	cat <<CONF
vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
}
vrrp_instance VI_1 {
	state BACKUP
	interface veth0
	virtual_router_id 51
	priority 100
	advert_int 1
	virtual_ipaddress {
		10.99.0.100/24
	}
}
vrrp_instance VI_2 {
	state BACKUP
	interface veth0
	virtual_router_id 52
	priority 90
	advert_int ${1:-1}
	virtual_ipaddress {
		10.99.0.101/24
	}
}
CONF
}

# snmptrapd_in NS: the notifications snmpd sends, one line each, with
# numeric OIDs, in $T/traps.log.
snmptrapd_in() {
	echo "disableAuthorization yes" >"$T/snmptrapd.conf"
	SNMP_PERSISTENT_DIR=$T/snmptrapd ip netns exec "$1" snmptrapd -f -C \
		-c "$T/snmptrapd.conf" -m "" -On -Lf "$T/traps.log" \
		udp:127.0.0.1:16162 &
}

# sync_peer: the other end of the veth pair moves to namespace $SNS
# (10.99.0.2), from where sync_send FILE sends a kernel sync message of
# the corpus to the sync group (from an address of the receiver's own it
# would be a martian). The caller removes $SNS on exit.
sync_peer() {
	SYNCTOOL=$B/tests/sync/synctool
	[ -x "$SYNCTOOL" ] || fail "$SYNCTOOL not built"
	SNS=$NS-s
	ip netns add "$SNS" || fail "netns"
	ip -n "$NS" link set veth1 netns "$SNS"
	ip -n "$SNS" addr add 10.99.0.2/24 dev veth1
	ip -n "$SNS" link set veth1 up
}
sync_send() {
	ip netns exec "$SNS" "$SYNCTOOL" send -g 224.0.0.81 -p 8848 \
		-a 10.99.0.2 \
		"${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fuzz/corpus/sync_msg/$1"
}
