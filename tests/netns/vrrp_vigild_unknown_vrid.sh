#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# log_unknown_vrids through vigild: d1 runs VRID 51, d2 VRID 52 on the
# same segment. d1 counts d2's adverts as VRID errors and, only with
# log_unknown_vrids (here turned on by a reload), logs them, rate-limited.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

conf() { # VRID GLOBAL
	printf 'global_defs {\n\t%s\n}\n' "$2"
	notify_inst "VI_$1" "$1" "" ""
}
vrid_errors() {
	vctl a show vrrp --json | "$PY" -c '
import json, sys
print(json.load(sys.stdin)["data"]["router"]["vrid_errors"])'
}
counted() { [ "$(vrid_errors)" -ge "$1" ]; }

start_vigild d1 a "$(conf 51 "")"
start_vigild d2 b "$(conf 52 "")"
wait_until 3 has_addr d2 "10.$NET.0.52" || fail "d2 did not become MASTER"
wait_until 3 counted 10 || fail "d1 did not count d2's adverts: $(vrid_errors)"
grep -q "reason=unknown-vrid" "$WORK/a.log" &&
	fail "logged without log_unknown_vrids"
log "without log_unknown_vrids: $(vrid_errors) counted, none logged"

conf 51 log_unknown_vrids >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 3 grep -q "rx=drop reason=unknown-vrid src=10.$NET.0.2 vrid=52" \
	"$WORK/a.log" || fail "no line for VRID 52: $(grep vrrp "$WORK/a.log" | tail -3)"
sleep 2
n=$(grep -c "reason=unknown-vrid" "$WORK/a.log")
# d2 sends ten adverts a second; the log keeps to five a second
[ "$n" -le 15 ] || fail "not rate-limited: $n lines in about 2 s"
log "with log_unknown_vrids (after a reload): $n lines, rate-limited"
stop_vigild a
stop_vigild b
log "PASS"
