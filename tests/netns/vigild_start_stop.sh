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

# Children keep only CAP_NET_ADMIN and CAP_NET_RAW (bits 12 and 13).
caps=$(awk '/^CapEff:/ {print $2}' "/proc/$(child_pid vrrp)/status")
[ "$caps" = 0000000000003000 ] || fail "vrrp child CapEff $caps"
caps=$(awk '/^CapBnd:/ {print $2}' "/proc/$(child_pid vrrp)/status")
[ "$caps" = 0000000000003000 ] || fail "vrrp child CapBnd $caps"
ok "children keep CAP_NET_ADMIN and CAP_NET_RAW only"

# The parent killed outright: its children follow (PR_SET_PDEATHSIG).
V=$(child_pid vrrp)
kill -KILL "$VPID"
wait "$VPID" 2>/dev/null
VPID=
gone() { ! kill -0 "$V" 2>/dev/null; }
wait_until 30 gone || fail "vrrp child $V outlived its parent"
ok "children stop when the parent is SIGKILLed"

# Without -n: the command returns at once and the daemon runs detached.
# Relative paths are made absolute: the daemon works in /.
rm -f "$RUN"/*.pid
(cd "$T" && timeout 5 ip netns exec "$NS" "$VIGILD" --no-syslog \
	-f "$(basename "$CONF")" --runtime-dir run) ||
	fail "daemonizing vigild returned non-zero"
wait_until 50 test -s "$RUN/vigild.pid" || fail "no pid file"
VPID=$(cat "$RUN/vigild.pid")
kill -0 "$VPID" || fail "daemon $VPID not running"
[ "$(ps -o ppid= -p "$VPID" | tr -d ' ')" = 1 ] ||
	[ "$(ps -o sid= -p "$VPID" | tr -d ' ')" = "$VPID" ] ||
	fail "daemon not detached"
wait_until 50 both_ready || fail "daemon: children not ready"
ctl reload >"$T/out" 2>&1 || fail "daemon: reload: $(cat "$T/out")"
[ "$(status "s['config']")" = "$CONF" ] || fail "config path $(status "s['config']")"
kill -TERM "$VPID"
wait_until 60 eval '! kill -0 "$VPID" 2>/dev/null' || fail "daemon did not stop"
[ -e "$RUN/vigild.pid" ] && fail "daemon left its pid file"
VPID=
ok "daemon mode: detaches, reloads its (relative) file, stops on SIGTERM"
