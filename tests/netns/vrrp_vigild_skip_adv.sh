#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrp_skip_check_adv_addr through vigild, against keepalived 2.2.7 (the
# keyword is in keepalived's stock config): keepalived (150) is MASTER of
# VIP A, vigild (100) its BACKUP. keepalived is reloaded with A and B, so
# its adverts no longer carry vigild's address list:
# - with vrrp_skip_check_adv_addr vigild does not check the list of the
#   master it knows, and stays BACKUP (no VIP, no address-list error);
# - without it (the same run, vigild restarted) every advert fails the
#   RFC 5798 §7.1 check and vigild takes the VIP as well.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
command -v keepalived >/dev/null || { echo "SKIP: no keepalived"; exit 77; }
topology
A=10.$NET.0.100 B=10.$NET.0.101

kconf() { ka_conf ka 150 3 0.1 "$1" ""; }
vconf() { ka_conf vg 100 3 0.1 "$A/24" "" "$1"; }
list_errors() {
	vctl "$1" show vrrp --json | "$PY" -c '
import json, sys
d = json.load(sys.stdin)["data"]
print(sum(i["stats"]["address_list_errors"] for i in d["instances"]))'
}

start_keepalived d2 ka "$(kconf "$A/24")"
wait_until 5 has_addr d2 "$A" || fail "keepalived did not become MASTER"
start_vigild d1 v1 "$(vconf vrrp_skip_check_adv_addr)"
sleep 1.5
no_addr d1 "$A" || fail "vigild took the VIP from a higher master"

kconf "$A/24
		$B/24" >"$WORK/ka.conf"
kill -HUP "$(cat "$WORK/ka.pid")"
wait_until 5 has_addr d2 "$B" || fail "keepalived did not apply its reload"
sleep 1.5
no_addr d1 "$A" || fail "skip: vigild left BACKUP on the new address list"
n=$(list_errors v1) || fail "vigilctl show vrrp"
[ "$n" = 0 ] || fail "skip: $n address-list errors counted"
log "vrrp_skip_check_adv_addr: vigild stays BACKUP, 0 address-list errors"
stop_vigild v1

start_vigild d1 v2 "$(vconf "")"
wait_until 5 has_addr d1 "$A" ||
	fail "without skip: vigild accepted adverts with another address list"
n=$(list_errors v2) || fail "vigilctl show vrrp"
[ "$n" -gt 0 ] || fail "without skip: no address-list error counted"
log "without it: $n address-list errors, vigild takes the VIP"
log "PASS"
