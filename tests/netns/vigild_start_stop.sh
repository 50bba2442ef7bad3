#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild starts the children its config needs, writes pid files, refuses a
# second instance on the same pid file, and on SIGTERM stops the children
# and exits 0 with its pid files and control socket gone. -P runs only the
# vrrp child.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"
ok "check and vrrp children ready"
for f in vigild check vrrp; do
	[ -s "$RUN/$f.pid" ] || fail "no $f.pid"
done
[ "$(cat "$RUN/vigild.pid")" = "$VPID" ] || fail "vigild.pid is not $VPID"
[ "$(cat "$RUN/check.pid")" = "$(child_pid check)" ] || fail "check.pid"
CPIDS="$(cat "$RUN/check.pid") $(cat "$RUN/vrrp.pid")"
ok "pid files"

nsx "$VIGILD" -n --no-syslog -f "$CONF" --runtime-dir "$RUN" \
	>"$T/second.out" 2>&1 && fail "a second vigild started"
grep -q "another vigild runs" "$T/second.out" || fail "second: $(cat "$T/second.out")"
ok "second instance refused"

kill -TERM "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null && [ $i -lt 60 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -0 "$VPID" 2>/dev/null && fail "vigild still runs 6 s after SIGTERM"
wait "$VPID"
rc=$?
[ $rc = 0 ] || fail "exit status $rc"
VPID=
for p in $CPIDS; do
	kill -0 "$p" 2>/dev/null && fail "child $p survived"
done
[ -e "$RUN/vigild.pid" ] && fail "vigild.pid left"
[ -e "$RUN/check.pid" ] && fail "check.pid left"
[ -e "$SOCK" ] && fail "control socket left"
grep -q "child=check pid=.* state=stopped exit=0" "$LOG" || fail "check stop"
ok "SIGTERM: clean stop, exit 0"

# -P: only the vrrp child, although the config has a virtual server.
start_vigild -P
wait_until 50 ready vrrp || fail "-P: vrrp not ready"
[ -z "$(status "s['children'].get('check')")" ] ||
	[ "$(status "s['children'].get('check')")" = None ] ||
	fail "-P: a check child runs"
pgrep -P "$VPID" -f 'child=check' >/dev/null && fail "-P: check child"
ok "-P runs only the vrrp child"
