#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# down_timer_adverts through vigild (keepalived's keyword: adverts missed
# before Master_Down; RFC 5798 §6.1 has 3). Two vigild, v3 at 0.1 s, d1
# (150) MASTER, d2 (100) BACKUP with down_timer_adverts 10: after a crash
# of d1 the backup waits 10 intervals and its Skew_Time (1.061 s) from d1's
# last advert, which left at most one interval before the crash, so the
# VIP shows on d2 no sooner than 0.96 s after the kill (3 adverts would
# give 0.26-0.36 s). Then the same with the global default,
# vrrp_down_timer_adverts 10, in global_defs.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100

# takeover_ms: SIGKILL vigild a (d1), print the ms until d2 holds the VIP
takeover_ms() {
	t0=$(date +%s%N)
	crash_vigild a
	wait_until 5 has_addr d2 "$VIP" || fail "d2 did not take over"
	echo $((($(date +%s%N) - t0) / 1000000))
}

round() { # WHAT INSTANCE_EXTRA GLOBAL_EXTRA
	start_vigild d2 b "$(ka_conf b 100 3 0.1 "$VIP/24" "$2" "$3")"
	start_vigild d1 a "$(ka_conf a 150 3 0.1 "$VIP/24" "")"
	wait_until 5 has_addr d1 "$VIP" || fail "$1: d1 did not become MASTER"
	wait_until 3 no_addr d2 "$VIP" || fail "$1: the VIP is on both"
	sleep 0.5
	ms=$(takeover_ms)
	[ "$ms" -ge 960 ] ||
		fail "$1: d2 took over $ms ms after the kill (10 adverts: >= 960)"
	grep -q "state=MASTER from=BACKUP reason=master-down" "$WORK/b.log" ||
		fail "$1: no master-down transition logged"
	log "$1: takeover $ms ms after the kill (>= 960)"
	ns d1 ip addr del "$VIP/24" dev eth0 2>/dev/null # left by the crash
	stop_vigild b
	ns d2 ip addr del "$VIP/24" dev eth0 2>/dev/null
	rm -f "$WORK/b.log"
}

round "down_timer_adverts 10" "down_timer_adverts 10" ""
round "vrrp_down_timer_adverts 10" "" "vrrp_down_timer_adverts 10"
log "PASS"
