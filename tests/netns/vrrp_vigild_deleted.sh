#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# notify_deleted through vigild, d1 alone: a reload removes VI_1 (VI_2
# stays). With notify_deleted SCRIPT, the script runs, notify hears
# INSTANCE "VI_1" DELETED, the FIFO says DELETED; VI_3, removed by the
# same reload without the keyword, says STOP in both.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

notify_recorder
inst() { notify_inst "$1" "$2" "$WORK/n.sh" "$3"; }
conf() { # INSTANCES...
	printf 'global_defs {\n\tvrrp_notify_fifo %s\n}\n' "$WORK/a.fifo"
	inst VI_2 102 ""
	for i in "$@"; do
		case $i in
		VI_1) inst VI_1 101 "notify_deleted \"$WORK/n.sh gone\"" ;;
		VI_3) inst VI_3 103 "" ;;
		esac
	done
}

start_vigild d1 a "$(conf VI_1 VI_3)"
wait_until 3 test -p "$WORK/a.fifo" || fail "vigild did not create its FIFO"
cat "$WORK/a.fifo" >>"$WORK/a.out" &
PIDS="$PIDS $!"
wait_until 3 has_addr d1 "10.$NET.0.103" || fail "the instances did not start"
# The reload comes after the MASTER notifications have run (a reload
# while they are queued: vrrp_vigild_notify_reload.sh).
for i in VI_1 VI_3; do
	wait_until 3 grep -qx "INSTANCE $i MASTER 100" "$WORK/out" ||
		fail "$i: no MASTER notification: $(cat "$WORK/out")"
done
conf >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 3 no_addr d1 "10.$NET.0.101" || fail "the reload did not remove VI_1"
wait_until 3 grep -qx 'gone' "$WORK/out" ||
	fail "notify_deleted: its script did not run: $(cat "$WORK/out")"
wait_until 3 grep -qx 'INSTANCE VI_1 DELETED 100' "$WORK/out" ||
	fail "notify_deleted: notify got $(grep VI_1 "$WORK/out")"
wait_until 3 grep -qx 'INSTANCE "VI_1" DELETED 100' "$WORK/a.out" ||
	fail "notify_deleted: the FIFO said $(grep VI_1 "$WORK/a.out")"
wait_until 3 grep -qx 'INSTANCE VI_3 STOP 100' "$WORK/out" ||
	fail "without notify_deleted: notify got $(grep VI_3 "$WORK/out")"
grep -q 'VI_1.*STOP' "$WORK/out" "$WORK/a.out" && fail "VI_1 said STOP too"
has_addr d1 "10.$NET.0.102" || fail "VI_2 lost its VIP in the reload"
log "notify_deleted: script run, DELETED to notify and the FIFO; VI_3 STOP"
stop_vigild a
log "PASS"
