#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# track_file's init_file through vigild: one director, VI_1 tracking
# track_file tf with weight 0 (a value other than 0 is FAULT).
# - tf does not exist; "init_file 1": the parent creates it with 1, 0644
#   root, and the unprivileged vrrp child reads it: FAULT, no VIP (without
#   init_file the missing file counts 0 and VI_1 would be MASTER);
# - 0 written by hand: MASTER; a reload keeps the file as it is;
# - "init_file 1 overwrite" and a reload: the file is 1 again, FAULT;
# - a FIFO at another init_file's path is left alone with one warning
#   naming file:line, and vigild runs on.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100
TF=$WORK/tf FIFO=$WORK/fifo
mkfifo "$FIFO"

conf() { # INIT_FILE_ARGS
	ka_conf v 100 3 0.2 "$VIP/24" "track_file {
		tf
	}"
	cat <<K
track_file tf {
	file $TF
	weight 0
	init_file $1
}
track_file fifo {
	file $FIFO
	init_file 5 overwrite
}
K
}
loads() { grep -c "state=loaded" "$WORK/v.log"; }
more_loads() { [ "$(loads)" -gt "$1" ]; }
reload() {
	conf "$1" >"$WORK/v.conf"
	n=$(loads)
	kill -HUP "$v_pid"
	wait_until 5 more_loads "$n" ||
		fail "the reload was not applied"
}

start_vigild d1 v "$(conf 1)"
[ "$(cat "$TF" 2>/dev/null)" = 1 ] || fail "init_file 1 did not create tf"
[ "$(stat -c '%a %u' "$TF")" = "644 0" ] ||
	fail "tf created $(stat -c '%a %u' "$TF"), not 0644 root"
wait_until 5 grep -q "instance=VI_1 state=FAULT" "$WORK/v.log" ||
	fail "VI_1 is not FAULT on the value 1 init_file wrote"
sleep 1
no_addr d1 "$VIP" || fail "VI_1 took the VIP with tf at 1"
log "init_file 1: tf created 0644 root with 1, the vrrp child reads it: FAULT"

L=$(grep -n "^track_file fifo" "$WORK/v.conf" | cut -d: -f1)
grep -q "v.conf:$L: warning: track_file fifo: init_file: cannot write $FIFO: not a regular file" \
	"$WORK/v.log" || fail "no warning at file:line for the FIFO"
[ -p "$FIFO" ] || fail "the FIFO was replaced"
log "init_file at a FIFO: left alone, one warning at v.conf:$L"

echo 0 >"$TF"
wait_until 5 has_addr d1 "$VIP" || fail "VI_1 not MASTER after tf went 0"
reload 1
sleep 1
[ "$(cat "$TF")" = 0 ] || fail "a reload without overwrite rewrote tf"
has_addr d1 "$VIP" || fail "VI_1 lost the VIP at a reload without overwrite"
log "reload, init_file without overwrite: tf kept at 0, MASTER"

reload "1 overwrite"
[ "$(cat "$TF")" = 1 ] || fail "init_file 1 overwrite did not rewrite tf"
wait_until 5 no_addr d1 "$VIP" || fail "VI_1 kept the VIP with tf at 1"
kill -0 "$v_pid" || fail "vigild exited"
log "reload, init_file 1 overwrite: tf rewritten to 1, FAULT"
stop_vigild v
log "PASS"
