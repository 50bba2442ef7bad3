#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile input from the client namespace (python3-scapy): truncated
# packets, wrong version and type, TTL 254, bad checksum, bad password,
# address count and list mismatches, and a flood of all of them mixed with
# garbage. Each would win the election if accepted (priority 254); each is
# counted under its MIB name in the status JSON, the state stays MASTER,
# the process survives, and the drops are logged at a bounded rate.
. "$(dirname "$0")/vrrp_lib.sh"

topology
HOSTILE=$(cd "$(dirname "$0")/../vrrp" && pwd)/vrrp_hostile.py
VIP2=10.$NET.0.102 VIP3=10.$NET.0.103 SRC=10.$NET.0.10

start_vrrptest d1 a "
vrrp_instance VI_2 {
	interface eth0
	virtual_router_id 52
	priority 100
	version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass right
	}
	virtual_ipaddress {
		$VIP2/24
	}
}
vrrp_instance VI_3 {
	interface eth0
	virtual_router_id 53
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP3/24
	}
}"

both_master() {
	[ "$(jget a "' '.join(i['state'] for i in s['instances'])")" = "MASTER MASTER" ]
}
wait_until 6 both_master || fail "the instances did not become MASTER"

stat() { # INSTANCE-INDEX COUNTER
	jget a "s['instances'][$1]['stats']['$2']"
}

# case instance counter: each case is sent 5 times, in one scapy run.
CASES="truncated 1 packet_length_errors
version 1 version_errors
type 1 invalid_type_pkts_rcvd
ttl 1 ip_ttl_errors
checksum 1 checksum_errors
addrcount 1 address_list_errors
addrlist 1 address_list_errors
auth 0 auth_failures"

ns c "$PY" "$HOSTILE" eth0 "$SRC" "$VIP2" "$VIP3" \
	"$(echo "$CASES" | cut -d' ' -f1 | paste -sd,)" 5 ||
	fail "scapy could not send"
sleep 0.3
alive a || fail "vrrptest died"
both_master || fail "an instance left MASTER"
# Two cases share address_list_errors: 10 expected there.
echo "$CASES" | while read -r c i counter; do
	want=5
	[ "$counter" = address_list_errors ] && want=10
	got=$(stat "$i" "$counter")
	[ "$got" -eq "$want" ] || fail "$c: $counter is $got, expected $want"
	log "$c x5: $counter counted, still MASTER"
done || exit 1
[ "$(stat 1 advertise_rcvd)" = 0 ] && [ "$(stat 0 advertise_rcvd)" = 0 ] ||
	fail "a hostile advert was accepted"

# A flood: everything above mixed with random garbage.
lines0=$(grep -c "rx=drop" "$WORK/a.log")
t0=$(date +%s)
ns c "$PY" "$HOSTILE" eth0 "$SRC" "$VIP2" "$VIP3" flood 5000 ||
	fail "scapy could not flood"
t1=$(date +%s)
sleep 0.5
alive a || fail "flood: vrrptest died"
both_master || fail "flood: an instance left MASTER"
total=$(jget a "sum(sum(i['stats'][k] for k in ('packet_length_errors','version_errors','invalid_type_pkts_rcvd','ip_ttl_errors','checksum_errors','address_list_errors','auth_failures')) for i in s['instances']) + sum(s['router'].values())")
lines=$(($(grep -c "rx=drop" "$WORK/a.log") - lines0))
log "flood: 5000 sent in $((t1 - t0 + 1)) s, $total drops counted in all, $lines log lines"
[ "$total" -ge 5000 ] || fail "flood: not every packet was counted"
# 5 lines a second per instance and for the router, at most.
[ "$lines" -le $(((t1 - t0 + 2) * 15)) ] || fail "flood: logging not bounded"
# The master kept advertising through it (a listener on d2 sees it).
sent0=$(stat 1 advertise_sent)
sleep 0.5
[ $(($(stat 1 advertise_sent) - sent0)) -ge 3 ] || fail "adverts stopped"
kill -TERM "$a_pid"
wait "$a_pid" || fail "vrrptest did not exit cleanly"
log "PASS"
