#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# notify_deleted of a vrrp_sync_group through vigild, d1 alone: sync
# groups G (notify_deleted SCRIPT) and H (without), one instance each; a
# reload removes both groups (the instances stay, ungrouped). G's script
# runs, its notify hears GROUP G DELETED 0 and the FIFO says
# GROUP "G" DELETED 0; H says nothing of the kind; the VIPs stay.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

notify_recorder
inst() { notify_inst "$1" "$2" "" ""; }
group() { # NAME MEMBER EXTRA
	printf 'vrrp_sync_group %s {\n\tgroup {\n\t\t%s\n\t}\n' "$1" "$2"
	printf '\tnotify %s\n\t%s\n}\n' "$WORK/n.sh" "$3"
}
conf() { # with-groups?
	printf 'global_defs {\n\tvrrp_notify_fifo %s\n}\n' "$WORK/a.fifo"
	inst VI_1 101
	inst VI_2 102
	[ -n "$1" ] || return 0
	group G VI_1 "notify_deleted \"$WORK/n.sh gone\""
	group H VI_2 ""
}

start_vigild d1 a "$(conf groups)"
wait_until 3 test -p "$WORK/a.fifo" || fail "vigild did not create its FIFO"
cat "$WORK/a.fifo" >>"$WORK/a.out" &
PIDS="$PIDS $!"
wait_until 3 has_addr d1 "10.$NET.0.102" || fail "the instances did not start"
wait_until 3 grep -qx 'GROUP H MASTER 0' "$WORK/out" ||
	fail "the groups' notify did not run: $(cat "$WORK/out")"
conf >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 3 grep -qx 'gone' "$WORK/out" ||
	fail "notify_deleted: the group's script did not run: $(cat "$WORK/out")"
wait_until 3 grep -qx 'GROUP G DELETED 0' "$WORK/out" ||
	fail "notify_deleted: the group's notify got $(grep G "$WORK/out")"
wait_until 3 grep -qx 'GROUP "G" DELETED 0' "$WORK/a.out" ||
	fail "notify_deleted: the FIFO said $(grep G "$WORK/a.out")"
sleep 0.3
grep -q 'H.*DELETED' "$WORK/out" "$WORK/a.out" && fail "H said DELETED"
has_addr d1 "10.$NET.0.101" && has_addr d1 "10.$NET.0.102" ||
	fail "an instance lost its VIP in the reload"
log "sync group notify_deleted: script run, DELETED to notify and the FIFO; H silent"
stop_vigild a
log "PASS"
