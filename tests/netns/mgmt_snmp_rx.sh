#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Refused advertisements as notifications: vigild with enable_snmp_rfcv2,
# enable_snmp_rfcv3 and enable_traps, a VRRPv2 instance with PASS
# authentication and a VRRPv3 one; hostile advertisements from the other
# end of the link (python3-scapy, tests/vrrp/vrrp_hostile.py): a bad
# password and a TTL of 254, five of each at once. snmptrapd receives
# RFC 2787's vrrpTrapAuthFailure (vrrpTrapPacketSrc the sender,
# authFailure(3)) and RFC 6527's vrrpv3ProtoError (ipTtlError(1) in the
# instance's row), one or two for the five (one per refresh of the
# model, every 2 s); snmpwalk shows vrrpv3AssociatedIpAddrTable's rows.
TEST=mgmt_snmp_rx
. "$(dirname "$0")/vigild_lib.sh"
command -v snmpd >/dev/null || { echo "SKIP: no snmpd"; exit 77; }
command -v snmptrapd >/dev/null || { echo "SKIP: no snmptrapd"; exit 77; }
/usr/bin/python3 -c 'import scapy' 2>/dev/null || { echo "SKIP: no scapy"; exit 77; }
SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}

. "$(dirname "$0")/mgmt_snmp_lib.sh"
SNS=$NS-s
trap 'ip netns del "$SNS" 2>/dev/null; cleanup' EXIT
sync_peer
nsx ip link set lo up
cat >"$CONF" <<CONF
global_defs {
	router_id r1
	enable_snmp_rfcv2
	enable_snmp_rfcv3
	enable_traps
	snmp_socket $T/ax-vigil
}
vrrp_instance VI_2 {
	interface veth0
	virtual_router_id 52
	priority 100
	version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass right
	}
	virtual_ipaddress {
		10.99.0.102/24
	}
}
vrrp_instance VI_3 {
	interface veth0
	virtual_router_id 53
	priority 100
	version 3
	advert_int 1
	virtual_ipaddress {
		10.99.0.103/24
	}
}
CONF
snmptrapd_in "$NS"
snmpd_in "$NS" vigil
start_vigild
walk() { nsx snmpwalk -v2c -c public -On -m "" -t 2 -r 0 127.0.0.1:16161 "$1" 2>&1; }
masters() {
	[ "$(ctl show vrrp --json | python3 -c "
import json, sys
print(sum(i['state'] == 'MASTER' for i in json.load(sys.stdin)['data']['instances']))")" = 2 ]
}
wait_until 100 masters || fail "the instances did not become MASTER"
IFX=$(nsx cat /sys/class/net/veth0/ifindex)
A=.1.3.6.1.2.1.207.1.1.2.1.2
assoc() { walk $A | grep -q "^$A.$IFX.53.1.4.10.99.0.103 = INTEGER: 1$"; }
wait_until 100 assoc || { walk .1.3.6.1.2.1.207.1.1.2; fail "no vrrpv3AssociatedIpAddrTable row for 10.99.0.103"; }
walk $A | grep -q "^$A.$IFX.52.1.4.10.99.0.102 = INTEGER: 1$" ||
	fail "no vrrpv3AssociatedIpAddrTable row for 10.99.0.102"
ok "vrrpv3AssociatedIpAddrTable: $(walk $A | wc -l) rows, 10.99.0.102 and .103 active"

# Let a refresh see the counters before the hostile packets.
sleep 2.5
ip netns exec "$SNS" /usr/bin/python3 "$SRC/tests/vrrp/vrrp_hostile.py" \
	veth1 10.99.0.2 10.99.0.102 10.99.0.103 auth,ttl 5 ||
	fail "scapy could not send"
stat() { ctl show vrrp --json | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']
print([i['stats']['$2'] for i in d['instances'] if i['name'] == '$1'][0])"; }
[ "$(stat VI_2 auth_failures)" = 5 ] || fail "auth_failures $(stat VI_2 auth_failures)"
[ "$(stat VI_3 ip_ttl_errors)" = 5 ] || fail "ip_ttl_errors $(stat VI_3 ip_ttl_errors)"
count() { grep -c "OID: $1" "$T/traps.log" 2>/dev/null; }
AUTH=.1.3.6.1.2.1.68.0.2
PROTO=.1.3.6.1.2.1.207.0.2
both() { [ "$(count $AUTH)" -ge 1 ] && [ "$(count $PROTO)" -ge 1 ]; }
wait_until 60 both || { cat "$T/traps.log"; fail "no vrrpTrapAuthFailure and vrrpv3ProtoError"; }
sleep 2.5 # another refresh: the same counters make no more
grep "OID: $AUTH" "$T/traps.log" | grep -q ".1.3.6.1.2.1.68.1.5.0 = IpAddress: 10.99.0.2" ||
	fail "vrrpTrapPacketSrc is not 10.99.0.2: $(grep "OID: $AUTH" "$T/traps.log")"
grep "OID: $AUTH" "$T/traps.log" | grep -q ".1.3.6.1.2.1.68.1.6.0 = INTEGER: 3" ||
	fail "vrrpTrapAuthErrorType is not authFailure(3)"
grep "OID: $PROTO" "$T/traps.log" | grep -q ".1.3.6.1.2.1.207.1.2.5.1.6.$IFX.53.1 = INTEGER: 1" ||
	fail "vrrpv3StatisticsProtoErrReason is not ipTtlError(1) for VRID 53"
# the reason is readable too, in the table: VI_3 (VRID 53) ipTtlError(1),
# VI_2 (VRID 52, only auth failures) noError(0)
R=.1.3.6.1.2.1.207.1.2.5.1.6
walk $R | grep -q "^$R.$IFX.53.1 = INTEGER: 1$" &&
	walk $R | grep -q "^$R.$IFX.52.1 = INTEGER: 0$" ||
	fail "vrrpv3StatisticsProtoErrReason column: $(walk $R)"
[ "$(count $AUTH)" -le 2 ] && [ "$(count $PROTO)" -le 2 ] ||
	fail "not rate-limited: $(count $AUTH) vrrpTrapAuthFailure, $(count $PROTO) vrrpv3ProtoError for 5 packets each"
ok "snmptrapd: $(count $AUTH) vrrpTrapAuthFailure (src 10.99.0.2, authFailure) and $(count $PROTO) vrrpv3ProtoError (ipTtlError) for 5 refused packets each"
