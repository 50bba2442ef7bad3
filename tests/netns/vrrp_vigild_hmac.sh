#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# auth_hmac from vigil.conf through vigild: two directors with one key
# (VRRPv3, advert_int 0.1) elect d1; a third vigild on the client with a
# wrong key and a higher priority is ignored (d1 keeps the VIP, d2 stays
# BACKUP) and its adverts are counted as auth failures; killing d1 still
# hands the VIP to d2.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100
GOOD=hex:$(printf '%064x' 1 | tr 0 a)
BAD=hex:$(printf '%064x' 2 | tr 0 b)

conf() { # NAME PRIO KEY
	ka_conf "$1" "$2" 3 0.1 "$VIP/24" "auth_hmac {
		key 1 $3
		active_key 1
		mode enforce
		anti_replay counter
	}"
}
# auth_failures NAME: the instance's counter, from vigilctl show vrrp
auth_failures() {
	vctl "$1" --json show vrrp >"$WORK/$1.show" || fail "$1: show vrrp failed"
	"$PY" -c 'import json, sys
i = json.load(open(sys.argv[1]))["data"]["instances"][0]
print(i["stats"]["auth_failures"])' "$WORK/$1.show"
}

start_vigild d2 b "$(conf b 100 "$GOOD")"
start_vigild d1 a "$(conf a 150 "$GOOD")"
wait_until 5 has_addr d1 "$VIP" || fail "d1 (priority 150) did not become master"
sleep 0.5
no_addr d2 "$VIP" || fail "the VIP is on both directors"
[ "$(auth_failures b)" = 0 ] || fail "d2 counted good adverts as failures"
log "election with HMAC-authenticated adverts: d1 master"

start_vigild c x "$(conf x 200 "$BAD")"
wait_until 5 has_addr c "$VIP" || fail "the wrong-key peer did not start sending"
sleep 1
has_addr d1 "$VIP" || fail "d1 gave up the VIP to a peer with a wrong key"
no_addr d2 "$VIP" || fail "d2 took the VIP"
nb=$(auth_failures b)
na=$(auth_failures a)
[ "$nb" -ge 5 ] && [ "$na" -ge 5 ] ||
	fail "wrong-key adverts not counted: d1 $na, d2 $nb"
log "a priority 200 peer with a wrong key ignored, counted (d1 $na, d2 $nb)"

crash_vigild a
wait_until 3 has_addr d2 "$VIP" || fail "d2 did not take over from d1"
log "d1 killed: d2 took over"
log "PASS"
