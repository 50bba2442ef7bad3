#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# MISC_CHECK (exit codes, misc_dynamic weights, a script past misc_timeout,
# a command that does not exist) and FILE_CHECK (a track file read at once
# when it changes, even with a long delay_loop; weight 0, reverse, dynamic;
# read as keepalived reads it: a missing file or one without a number is 0,
# text after the number is ignored).
# The commands run through the driver's runner, as vigild's parent runs
# them for the check child.
. "$(dirname "$0")/../check/lib.sh"

lab_init
S=$TMP/scripts
mkdir -p "$S"
printf '#!/bin/sh\nexit 0\n' >"$S/ok"
printf '#!/bin/sh\nexit 1\n' >"$S/fail"
printf '#!/bin/sh\nexec sleep 30\n' >"$S/slow"
printf '#!/bin/sh\nexit $(cat %s/code)\n' "$S" >"$S/dyn"
echo 12 >"$S/code"
chmod +x "$S"/*
echo 0 >"$TMP/f-zero"
echo 0 >"$TMP/f-rev"
echo 3 >"$TMP/f-dyn"

# One virtual server per case, its real server 10.77.0.1 of weight 5.
# MISC_CHECK: LABEL COMMAND, then the checker's other lines.
misc() {
	printf '%s {\n\tdelay_loop 0.5\n\treal_server 10.77.0.1 {\n' \
		"$(lab_vs "$1")"
	printf '\t\tweight 5\n\t\tMISC_CHECK {\n\t\t\tmisc_path "%s"\n' "$2"
	shift 2
	[ $# = 0 ] || printf '\t\t\t%s\n' "$@"
	printf '\t\t}\n\t}\n}\n'
}
# FILE_CHECK: LABEL FILE, then the checker's other lines; its track_file
# is named LABEL.
file() {
	printf 'track_file %s {\n\tfile %s\n}\n' "$1" "$2"
	printf '%s {\n\tdelay_loop 30\n\treal_server 10.77.0.1 {\n' \
		"$(lab_vs "$1")"
	printf '\t\tweight 5\n\t\tFILE_CHECK {\n\t\t\ttrack_file %s\n' "$1"
	shift 2
	[ $# = 0 ] || printf '\t\t\t%s\n' "$@"
	printf '\t\t}\n\t}\n}\n'
}
{
	misc m-ok "$S/ok"
	misc m-fail "$S/fail"
	misc m-dyn "$S/dyn" misc_dynamic
	misc m-slow "$S/slow" 'misc_timeout 0.5'
	misc m-missing "$S/nonexistent"
	file f-zero "$TMP/f-zero" 'weight 0'
	file f-rev "$TMP/f-rev" 'weight 0 reverse'
	file f-dyn "$TMP/f-dyn" 'weight 10' dynamic
	file f-missing "$TMP/f-none" 'weight 0'
} >"$TMP/vigil.conf"
lab_checktest "$TMP/vigil.conf"

expect_event 'vs=m-fail rs=10.77.0.1 reason=script-exit-1' 1.5
expect_event 'vs=m-dyn rs=10.77.0.1 was=5 weight=10' 1.5
expect_event 'vs=m-slow rs=10.77.0.1 reason=script-timeout' 2.5
expect_event 'vs=m-missing rs=10.77.0.1 reason=script-exit-127' 1.5
expect_event 'vs=f-rev rs=10.77.0.1 reason=file-fault-0' 0.5
expect_event 'vs=f-dyn rs=10.77.0.1 was=5 weight=35' 0.5
no_event 'vs=(m-ok|f-zero|f-missing) ' 1
expect_status 'vs("f-missing")["real_servers"][0]["checks"][0]["last_result_detail"]' \
	'f-missing: No such file or directory, counts as 0'

# misc_dynamic follows the exit code; exit 1 takes it down.
echo 22 >"$S/code"
expect_event 'vs=m-dyn rs=10.77.0.1 was=10 weight=20' 1.5
echo 1 >"$S/code"
expect_event 'vs=m-dyn rs=10.77.0.1 reason=script-exit-1' 1.5

# Track files are read when they change, not at the next delay_loop (30 s).
echo 1 >"$TMP/f-zero"
expect_event 'vs=f-zero rs=10.77.0.1 reason=file-fault-1' 1
echo 0 >"$TMP/f-zero.new"
mv "$TMP/f-zero.new" "$TMP/f-zero"
expect_event 'event=rs-up vs=f-zero rs=10.77.0.1' 1
echo -1 >"$TMP/f-dyn"
expect_event 'vs=f-dyn rs=10.77.0.1 was=35 weight=0' 1
echo 3 >"$TMP/f-none"
expect_event 'vs=f-missing rs=10.77.0.1 reason=file-fault-3' 1
echo "2 apples" >"$TMP/f-dyn"
expect_event 'vs=f-dyn rs=10.77.0.1 was=0 weight=25' 1
# No number: 0, a fault again for weight 0 reverse.
echo 1 >"$TMP/f-rev"
expect_event 'event=rs-up vs=f-rev rs=10.77.0.1' 1
faults=$(count_events 'vs=f-rev rs=10.77.0.1 reason=file-fault-0')
echo garbage >"$TMP/f-rev"
for _ in $(seq 1 20); do
	[ "$(count_events 'vs=f-rev rs=10.77.0.1 reason=file-fault-0')" -gt "$faults" ] &&
		break
	sleep 0.05
done
[ "$(count_events 'vs=f-rev rs=10.77.0.1 reason=file-fault-0')" -gt "$faults" ] ||
	fail "garbage in f-rev: no file-fault-0"
expect_status 'vs("f-rev")["real_servers"][0]["checks"][0]["last_result"]' file-fault-0
