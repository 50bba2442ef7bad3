#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# startup_script, shutdown_script and child_wait_time through vigild, as
# keepalived runs them (vigil.conf(5)):
#  - the startup script runs before any child: it sees no child pid file,
#    and the children start only once it has ended;
#  - the shutdown script runs once every child has stopped (it sees no
#    child pid file), and vigild exits after it;
#  - a startup script past startup_script_timeout is killed (its whole
#    group) and the children start anyway;
#  - child_wait_time 1: a child that does not stop is killed after 1 s,
#    not the default 5;
#  - reload_check_config FILE: each reload writes its check there;
#  - random_seed: a reload of unchanged files that use ${_RANDOM} loads
#    the same snapshot (same sha256); without it, another one.
. "$(dirname "$0")/vigild_lib.sh"

cat >"$T/start.sh" <<EOF
#!/bin/sh
ls "$RUN" | grep "pid\$" >"$T/startup.seen"
sleep \${1:-1}
EOF
cat >"$T/stop.sh" <<EOF
#!/bin/sh
ls "$RUN" | grep "pid\$" >"$T/shutdown.seen"
EOF
chmod +x "$T/start.sh" "$T/stop.sh"

# globals EXTRA-LINES: the config of vigild_lib.sh with these scripts
globals() {
	write_conf r1
	sed -i "s|^global_defs {|global_defs {\n\tscript_user root\n$1|" "$CONF"
}
stop_vigild() {
	kill -TERM "$VPID"
	wait "$VPID"
	rc=$?
	VPID=
	return $rc
}
line() { grep -n "$1" "$LOG" | head -1 | cut -d: -f1; }
# seen SCRIPT-NAME CHILD-STATE: what the script saw is vigild.pid alone
# (no child), and its log line comes after CHILD-STATE's (stopped) or
# before it (started)
seen() {
	[ "$(cat "$T/$1.seen")" = vigild.pid ] ||
		fail "the $1 script saw children: $(cat "$T/$1.seen")"
	s=$(line "script=$1.* state=done exit=0")
	c=$(line "child=vrrp pid=.* state=$2")
	[ -n "$s" ] && [ -n "$c" ] || fail "no $1 or $2 line"
	[ "$2" = started ] && [ "$s" -lt "$c" ] && return
	[ "$2" = stopped ] && [ "$s" -gt "$c" ] && return
	fail "$1 ran out of order with the children ($2)"
}

globals "\tstartup_script \"$T/start.sh\"\n\tshutdown_script $T/stop.sh"
start_vigild
wait_until 100 both_ready || fail "children not ready"
seen startup started
ok "startup_script runs before any child; they start once it ended"

stop_vigild || fail "exit status $rc"
seen shutdown stopped
ok "shutdown_script runs after every child stopped"

: >"$LOG"
globals "\tstartup_script \"$T/start.sh 30\"\n\tstartup_script_timeout 1"
echo "child_wait_time 1" >>"$CONF" # a top-level keyword, as in keepalived
start_vigild
wait_until 100 both_ready || fail "children not ready after the timeout"
grep -q "script=startup_script cmd=\"$T/start.sh 30\" state=timeout" \
	"$LOG" || fail "no timeout logged"
pgrep -f "$T/start.sh 30" >/dev/null && fail "the script's group survived"
ok "startup_script_timeout: killed, and the children start"

kill -STOP "$(child_pid check)"
t0=$(date +%s.%N)
stop_vigild
t1=$(date +%s.%N)
grep -q "child=check pid=.* state=killed reason=shutdown-timeout" "$LOG" ||
	fail "the stopped child was not killed"
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
awk -v t="$took" 'BEGIN { exit !(t < 3) }' ||
	fail "stop took $took s with child_wait_time 1"
ok "child_wait_time 1: a child that does not stop is killed (stop took ${took}s)"

# hashes: the sha256 of each config load, one a line
hashes() { sed -n 's/.*state=loaded gen=[0-9]* sha256=\([0-9a-f]*\).*/\1/p' "$LOG"; }
reload_twice() {
	: >"$LOG"
	start_vigild
	wait_until 100 both_ready || fail "children not ready"
	sleep 1.1 # another second: another time-based seed
	kill -HUP "$VPID"
	wait_until 50 eval '[ "$(hashes | wc -l)" = 2 ]' || fail "no reload"
	stop_vigild || fail "exit status $rc"
	hashes | sort -u | wc -l
}
write_conf 'r${_RANDOM 0 1000000000}'
sed -i 's|^global_defs {|global_defs {\n\trandom_seed 42|' "$CONF"
[ "$(reload_twice)" = 1 ] || fail "random_seed: the reload changed the hash"
write_conf 'r${_RANDOM 0 1000000000}'
[ "$(reload_twice)" = 2 ] || fail "without random_seed: the same hash"
ok "random_seed: a reload of the same files is the same snapshot"

write_conf r1
sed -i "s|^global_defs {|global_defs {\n\treload_check_config $T/check.log|" \
	"$CONF"
: >"$LOG"
start_vigild
wait_until 100 both_ready || fail "children not ready"
[ -e "$T/check.log" ] && fail "check.log written at start"
echo "vrrp_instance {" >>"$CONF"
kill -HUP "$VPID"
wait_until 50 grep -q "$CONF: FAILED (1 errors" "$T/check.log" 2>/dev/null ||
	fail "reload_check_config: $(cat "$T/check.log" 2>&1)"
grep -q "^$CONF:[0-9]*: error: " "$T/check.log" ||
	fail "no error line in $(cat "$T/check.log")"
ok "reload_check_config: the reload's check is in the file"
echo PASS
