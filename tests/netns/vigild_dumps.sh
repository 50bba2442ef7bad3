#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SIGUSR1 writes /tmp/vigil.data and SIGUSR2 /tmp/vigil.stats (as keepalived
# writes /tmp/keepalived.data and .stats), with the parent's section and one
# per child, replaced atomically; a symlink planted at the path is replaced,
# never followed.
. "$(dirname "$0")/vigild_lib.sh"

# The dump paths are fixed: one dump test at a time.
exec 9>/tmp/vigild-dump-test.lock
flock -w 60 9 || fail "lock"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"

rm -f /tmp/vigil.data /tmp/vigil.stats
ln -s "$T/victim" /tmp/vigil.data
kill -USR1 "$VPID"
kill -USR2 "$VPID"
written() { [ -f /tmp/vigil.data ] && [ ! -L /tmp/vigil.data ] && [ -f /tmp/vigil.stats ]; }
wait_until 50 written || fail "dumps not written"
[ -e "$T/victim" ] && fail "the symlink was followed"
for f in /tmp/vigil.data /tmp/vigil.stats; do
	grep -q "^------< Parent >------" $f || fail "$f: no parent section"
	grep -q "^------< check child >------" $f || fail "$f: no check section"
	grep -q "^------< vrrp child >------" $f || fail "$f: no vrrp section"
	grep -q "\"pid\": $VPID" $f || fail "$f: no parent pid"
done
grep -q 'VRRP Instance = VI_1' /tmp/vigil.data || fail "vrrp child data"
grep -q '"virtual_servers": 1' /tmp/vigil.stats || fail "check child stats"
grep -q "statistics dump" /tmp/vigil.stats || fail "stats title"
ls /tmp/vigil.data.* /tmp/vigil.stats.* 2>/dev/null && fail "temp files left"
ok "SIGUSR1/SIGUSR2 dumps with every section"

# A hung child does not hold the dump: its section says so.
kill -STOP "$(child_pid vrrp)"
rm -f /tmp/vigil.data
kill -USR1 "$VPID"
wait_until 60 test -f /tmp/vigil.data || fail "no dump with a hung child"
sed -n '/vrrp child/,$p' /tmp/vigil.data | grep -q "(no answer)" || fail "hung section"
ctl status >/dev/null || fail "vigild blocked"
kill -CONT "$(child_pid vrrp)"
rm -f /tmp/vigil.data /tmp/vigil.stats
ok "a hung child's section says (no answer); vigild kept answering"
