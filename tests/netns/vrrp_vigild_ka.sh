#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild and keepalived 2.2.7 as a pair, one keepalived.conf syntax for
# both (VRRPv3, advert_int 0.1, PASS-less): vigild (150) is elected over
# keepalived (100); vigild crashes -> keepalived takes the VIP; vigild
# restarts -> preempts; SIGTERM -> keepalived at once (priority 0). Then
# vigild as the lower one (50): it stays BACKUP while keepalived is master
# and takes over when keepalived dies. A vrrp_script (run by vigild's
# parent every 0.2 s, weight -60) moves the VIP to keepalived and back.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100
vconf() { ka_conf "$1" "$2" 3 0.1 "$VIP/24" ""; }
# vigild's config: vconf plus a tracked script that fails while $WORK/down
# exists.
vgconf() {
	printf 'vrrp_script chk {\n\tscript "/usr/bin/test ! -e %s"\n' \
		"$WORK/down"
	printf '\tinterval 0.2\n\tweight -60\n}\n'
	ka_conf vg "$1" 3 0.1 "$VIP/24" "track_script {
		chk
	}" "script_user root"
}

start_keepalived d2 ka "$(vconf ka 100)"
start_vigild d1 vg "$(vgconf 150)"
wait_until 5 has_addr d1 "$VIP" || fail "vigild did not become master"
sleep 0.5
no_addr d2 "$VIP" || fail "the VIP is on both directors"
grep -q "Entering BACKUP STATE" "$WORK/ka.log" ||
	fail "keepalived is not BACKUP under vigild"
log "vigild 150 master, keepalived 100 backup"

touch "$WORK/down"
wait_until 3 has_addr d2 "$VIP" || fail "the failing script did not move the VIP"
wait_until 1 no_addr d1 "$VIP" || fail "vigild (90) kept the VIP"
rm "$WORK/down"
wait_until 3 has_addr d1 "$VIP" || fail "vigild did not preempt after the script recovered"
wait_until 1 no_addr d2 "$VIP" || fail "keepalived kept the VIP"
log "vrrp_script via the parent: fail -> keepalived master, recover -> vigild"

crash_vigild vg
wait_until 3 has_addr d2 "$VIP" || fail "keepalived did not take over"
log "vigild killed -> keepalived owns the VIP"
start_vigild d1 vg "$(vconf vg 150)"
wait_until 5 no_addr d2 "$VIP" || fail "vigild did not preempt keepalived"
has_addr d1 "$VIP" || fail "vigild preempted without the VIP"
log "vigild restarted -> preempted"

t0=$(date +%s%N)
stop_vigild vg
wait_until 2 has_addr d2 "$VIP" || fail "keepalived did not take over on SIGTERM"
ms=$((($(date +%s%N) - t0) / 1000000))
no_addr d1 "$VIP" || fail "vigild left the VIP on SIGTERM"
log "vigild SIGTERM -> keepalived owns the VIP after ${ms} ms"
[ "$ms" -le 800 ] || fail "too slow for a priority 0 handover"

# The other direction: keepalived master, vigild (50) backup.
start_vigild d1 vg "$(vconf vg 50)"
sleep 1
no_addr d1 "$VIP" || fail "vigild 50 took the VIP from keepalived 100"
has_addr d2 "$VIP" || fail "keepalived lost the VIP to a lower vigild"
kill_director d2 ka
wait_until 3 has_addr d1 "$VIP" || fail "vigild did not take over from keepalived"
log "keepalived killed -> vigild 50 owns the VIP"
stop_vigild vg
no_addr d1 "$VIP" || fail "vigild left the VIP on SIGTERM"
log "PASS"
