#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# auth_hmac (keepalived's HMAC-SHA256 trailer with anti-replay) on a
# vrrptest pair, VRRPv3 over IPv4 and IPv6 at 0.1 s, and VRRPv2:
# - the pair elects and fails over with every advert authenticated;
# - once d2 is MASTER, d1's captured adverts (priority 150) replayed from
#   the client are refused as replays, and an advert signed with a key
#   nobody has is refused: d2 stays MASTER, auth_failures counts them.
. "$(dirname "$0")/vrrp_lib.sh"

topology
HOSTILE=$(cd "$(dirname "$0")/../vrrp" && pwd)/vrrp_hostile.py
KEY="hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
HMAC="auth_hmac {
		key 1 $KEY
		active_key 1
	}"

pair() { # MODE VERSION ADVERT VIP/PLEN
	v=${4%/*}
	start_vrrptest d1 a "$(vt_conf 150 "$2" "$3" "$4" "$HMAC")"
	start_vrrptest d2 b "$(vt_conf 100 "$2" "$3" "$4" "$HMAC")"
	wait_until 5 has_addr d1 "$v" || fail "$1: d1 not master"
	sleep 0.5
	is_state b BACKUP || fail "$1: d2 not BACKUP"
	[ "$(jget b "s['instances'][0]['stats']['auth_failures']")" = 0 ] ||
		fail "$1: d2 refused d1's signed adverts"
	heard() { [ "$(jget b "s['instances'][0]['stats']['advertise_rcvd']")" -ge 2 ]; }
	wait_until 3 heard || fail "$1: d2 heard nothing"
	log "$1: elected with authenticated adverts"
}

pair v3-ipv6 3 0.1 "fd00:$NET::100/64"
kill -TERM "$a_pid" "$b_pid"
wait "$a_pid" "$b_pid"

pair v2-ipv4 2 1 "10.$NET.0.103/24"
kill -TERM "$a_pid" "$b_pid"
wait "$a_pid" "$b_pid"

VIP=10.$NET.0.103
ip netns exec "$P-br" tshark -i br0 -w "$WORK/cap.pcap" -q -f "ip proto 112" \
	>/dev/null 2>&1 &
cap=$!
PIDS="$PIDS $cap"
sleep 1
pair v3-ipv4 3 0.1 "$VIP/24"
kill -INT "$cap"
wait "$cap"
kill -TERM "$a_pid"
wait "$a_pid"
wait_until 2 has_addr d2 "$VIP" || fail "d2 did not take over"
log "d1 stopped: d2 MASTER"

fails() { jget b "s['instances'][0]['stats']['auth_failures']"; }
f0=$(fails)
n=$(tshark -r "$WORK/cap.pcap" -Y "ip.src == 10.$NET.0.1" 2>/dev/null | wc -l)
ns c "$PY" "$HOSTILE" eth0 "10.$NET.0.10" 0.0.0.0 "$VIP" replay "$WORK/cap.pcap" ||
	fail "replay failed"
sleep 0.3
is_state b MASTER || fail "replayed adverts made d2 step down"
f1=$(fails)
[ $((f1 - f0)) -ge "$n" ] || fail "replays counted: $((f1 - f0)) of $n"
log "replay of $n captured adverts from d1: refused, d2 still MASTER"
sleep 1.1 # a fresh log rate-limit window: the bad-mac lines are checked
ns c env VRID=51 "$PY" "$HOSTILE" eth0 "10.$NET.0.1" 0.0.0.0 "$VIP" forged 5 ||
	fail "forging failed"
sleep 0.3
is_state b MASTER || fail "a forged advert made d2 step down"
[ $(($(fails) - f1)) = 5 ] || fail "forged adverts not counted"
grep -q "reason=bad-mac" "$WORK/b.log" || fail "no bad-mac in the log"
log "adverts signed with another key: refused (bad-mac), d2 still MASTER"
log "PASS"
