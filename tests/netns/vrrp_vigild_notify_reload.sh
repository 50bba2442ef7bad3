#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Notify commands queued when a reload comes keep running, in order,
# through vigild, d1 alone. VI_1 and sync group G1 each have a slow
# notify_master (2 s) with their generic notify queued behind it. While
# both slow scripts run, a reload removes VI_1 and keeps G1: VI_1's
# MASTER notify and then its STOP still run, after the slow script; G1's
# MASTER notify still runs, and vigild lives on.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

notify_recorder
printf '#!/bin/sh\necho "start $*" >>%s\nsleep 2\necho "done $*" >>%s\n' \
	"$WORK/out" "$WORK/out" >"$WORK/slow.sh"
chmod 755 "$WORK/slow.sh"
inst() { notify_inst "$1" "$2" "$WORK/n.sh" "$3"; }
conf() { # with VI_1?
	printf 'vrrp_sync_group G1 {\n\tgroup {\n\t\tVI_2\n\t}\n'
	printf '\tnotify_master "%s G1"\n\tnotify %s\n}\n' \
		"$WORK/slow.sh" "$WORK/n.sh"
	inst VI_2 102 ""
	[ "$1" = with ] && inst VI_1 101 "notify_master \"$WORK/slow.sh VI_1\""
}

start_vigild d1 a "$(conf with)"
for w in VI_1 G1; do
	wait_until 5 grep -qx "start $w" "$WORK/out" ||
		fail "$w: its notify_master did not start: $(cat "$WORK/out")"
done
conf >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 3 no_addr d1 "10.$NET.0.101" || fail "the reload did not remove VI_1"
grep -q "^done" "$WORK/out" &&
	fail "the reload came after the slow scripts ended: $(cat "$WORK/out")"
wait_until 6 grep -qx 'INSTANCE VI_1 STOP 100' "$WORK/out" ||
	fail "VI_1's STOP was lost in the reload: $(cat "$WORK/out")"
wait_until 3 grep -qx 'GROUP G1 MASTER 0' "$WORK/out" ||
	fail "G1's MASTER notify was lost in the reload: $(cat "$WORK/out")"
# VI_1 in order: the slow script, then its queued MASTER, then STOP
order=$(grep -n -E '^(done VI_1|INSTANCE VI_1 (MASTER|STOP) 100)$' \
	"$WORK/out" | cut -d: -f2- | tr '\n' '/')
[ "$order" = "done VI_1/INSTANCE VI_1 MASTER 100/INSTANCE VI_1 STOP 100/" ] ||
	fail "VI_1's notifications out of order: $order"
alive a || fail "vigild died after the reload"
has_addr d1 "10.$NET.0.102" || fail "VI_2 lost its VIP in the reload"
log "queued notify commands ran after the reload, in order: $order"
stop_vigild a
log "PASS"
