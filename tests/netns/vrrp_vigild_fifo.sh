#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# notify_fifo / vrrp_notify_fifo through vigild: two directors (VRRPv2,
# advert_int 1), each writing its transitions to a FIFO vigild creates.
# d1's reader is there from the start; d2's reader comes only after the
# election (its lines wait in vigild's queue). d2 goes deaf to VRRP for a
# while (a one-sided split brain): it becomes MASTER too, and d1, hearing
# its lower adverts, writes MASTER_RX_LOWER_PRI lines; once d2 hears again
# it returns to BACKUP. d1 is killed -> d2 takes over; d2 is reloaded -> its current state again
# (fifo_write_vrrp_states_on_reload); d2 is stopped -> STOP. Each reader
# sees its lines in order, and a FIFO vigild created is gone after it
# stopped.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100

conf() { # NAME PRIO FIFO-KEYWORD [GLOBAL [USER GROUP]]
	ka_conf "$1" "$2" 2 1 "$VIP/24" "" "$3 $WORK/$1.fifo $5
	$4"
}
reader() { # NAME [USER]: cat the FIFO into NAME.out, in the background
	setpriv --reuid="${2:-0}" --regid="${2:-0}" --clear-groups \
		cat "$WORK/$1.fifo" >>"$WORK/$1.out" &
	PIDS="$PIDS $!"
}
# lines NAME LINE...: NAME.out is exactly these lines, in this order
lines() {
	[ "$(cat "$WORK/$1.out" 2>/dev/null)" = "$(printf '%s\n' "${@:2}")" ]
}
# lines_are LINE...: stdin is exactly these lines
lines_are() { [ "$(cat)" = "$(printf '%s\n' "$@")" ]; }

# d1 first: d2 first, 0.2 s earlier, would time out together with it and
# be MASTER for a moment (one CI run)
start_vigild d1 a "$(conf a 150 notify_fifo "" "nobody nogroup")"
start_vigild d2 b "$(conf b 100 vrrp_notify_fifo \
	fifo_write_vrrp_states_on_reload)"
# (start_vigild returns once the child runs, maybe before its start-up)
wait_until 3 test -p "$WORK/a.fifo" && wait_until 3 test -p "$WORK/b.fifo" ||
	fail "vigild did not create the FIFOs"
[ "$(stat -c %G:%a "$WORK/a.fifo")" = nogroup:640 ] ||
	fail "notify_fifo PATH nobody nogroup: $(stat -c %G:%a "$WORK/a.fifo")"
chmod 755 "$WORK"
reader a 65534 # nobody:nogroup, through the FIFO's group
wait_until 8 has_addr d1 "$VIP" || fail "d1 (priority 150) did not become master"
wait_until 3 lines a 'INSTANCE "VI_1" BACKUP 150' 'INSTANCE "VI_1" MASTER 150' ||
	fail "d1's FIFO: $(cat "$WORK/a.out")"
log "d1: BACKUP then MASTER on its notify_fifo"

sleep 1
reader b
wait_until 3 lines b 'INSTANCE "VI_1" BACKUP 100' ||
	fail "d2's queued line did not reach a late reader: $(cat "$WORK/b.out")"
log "d2: the BACKUP line written before any reader arrived once one did"

# d2 deaf to VRRP: a second MASTER, whose lower adverts d1 hears
ns d2 nft -f - <<N || fail "nft"
table inet deaf {
	chain input {
		type filter hook input priority 0
		ip protocol 112 drop
	}
}
N
wait_until 6 has_addr d2 "$VIP" || fail "deaf d2 did not become MASTER"
rx_lower() { grep -c '^INSTANCE "VI_1" MASTER_RX_LOWER_PRI 150$' "$WORK/a.out"; }
wait_until 3 eval 'test "$(rx_lower)" -ge 1' ||
	fail "d1 wrote no MASTER_RX_LOWER_PRI line: $(cat "$WORK/a.out")"
ns d2 nft delete table inet deaf
wait_until 4 no_addr d2 "$VIP" || fail "d2 stayed MASTER once it heard d1"
head -n 2 "$WORK/a.out" | lines_are 'INSTANCE "VI_1" BACKUP 150' \
	'INSTANCE "VI_1" MASTER 150' &&
	[ "$(wc -l <"$WORK/a.out")" = $((2 + $(rx_lower))) ] ||
	fail "d1's FIFO around the split brain: $(cat "$WORK/a.out")"
has_addr d1 "$VIP" || fail "d1 lost the VIP to a lower master"
B='INSTANCE "VI_1" BACKUP 100
INSTANCE "VI_1" MASTER 100
INSTANCE "VI_1" BACKUP 100'
wait_until 3 lines b "$B" ||
	fail "d2's FIFO around the split brain: $(cat "$WORK/b.out")"
log "split brain: d1 wrote MASTER_RX_LOWER_PRI 150 ($(rx_lower) lines), d2 back to BACKUP"

crash_vigild a
wait_until 6 has_addr d2 "$VIP" || fail "d2 did not take over"
wait_until 3 lines b "$B" 'INSTANCE "VI_1" MASTER 100' ||
	fail "d2's FIFO after the takeover: $(cat "$WORK/b.out")"
log "d2: MASTER after d1 was killed"

# fifo_write_vrrp_states_on_reload: a reload repeats the current state.
kill -HUP "$b_pid"
wait_until 3 lines b "$B" \
	'INSTANCE "VI_1" MASTER 100' 'INSTANCE "VI_1" MASTER 100' ||
	fail "d2's FIFO after a reload: $(cat "$WORK/b.out")"
has_addr d2 "$VIP" || fail "d2 lost the VIP on reload"
log "d2: reload wrote the current state again"

stop_vigild b
wait_until 3 lines b "$B" \
	'INSTANCE "VI_1" MASTER 100' 'INSTANCE "VI_1" MASTER 100' \
	'INSTANCE "VI_1" STOP 100' ||
	fail "d2's FIFO after the stop: $(cat "$WORK/b.out")"
[ ! -e "$WORK/b.fifo" ] || fail "the FIFO vigild created is still there"
grep -q "notify_fifo=.*dropped" "$WORK/b.log" &&
	fail "a line was dropped with the queue far from full"
log "d2: STOP written, the FIFO removed at exit"
log "PASS"
