#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A reload whose config includes a FIFO, a device, a /proc file or a file
# larger than 64 MiB is refused at the including file:line, at once: the
# parent never opens the FIFO (it would wait for a writer, and its control
# socket and signals with it), the control socket still answers and the
# config in force stays. `vigild -t` refuses the same file without
# hanging.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"
H1=$(status "s['sha256']")
P1="$(child_pid check) $(child_pid vrrp)"
cp "$CONF" "$T/good.conf"

mkfifo "$T/fifo" || fail "mkfifo"
truncate -s 65M "$T/big.conf" || fail "truncate"
# reject TARGET WHAT: a reload of the config with `include TARGET` added
# as its last line is refused with that line and WHAT, within 5 s.
n=0
reject() {
	cp "$T/good.conf" "$CONF"
	echo "include $1" >>"$CONF"
	line=$(wc -l <"$CONF")
	n=$((n + 1))
	timeout 5 "$VIGILCTL" -s "$SOCK" reload >"$T/out" 2>&1
	rc=$?
	[ $rc = 124 ] && fail "reload with include $1: no answer in 5 s"
	[ $rc = 1 ] || fail "reload with include $1: exit $rc: $(cat "$T/out")"
	grep -q "$CONF:$line: .*cannot read '$1': $2" "$T/out" ||
		fail "reload with include $1: $(cat "$T/out")"
	[ "$(status "s['reloads_failed']")" = $n ] ||
		fail "reload with include $1 not counted as failed"
	[ "$(status "s['sha256']")" = "$H1" ] || fail "config changed"
	[ "$P1" = "$(child_pid check) $(child_pid vrrp)" ] ||
		fail "children restarted"
	ok "include $1: refused at $CONF:$line ($2), config kept"
}
reject "$T/fifo" "a FIFO"
reject /dev/zero "a device"
reject /proc/self/status "a file of a kernel pseudo file system"
reject "$T/big.conf" "larger than 64 MiB"

# SIGHUP with the FIFO: the loop goes on, the control socket answers.
cp "$T/good.conf" "$CONF"
echo "include $T/fifo" >>"$CONF"
kill -HUP "$VPID"
wait_until 30 sh -c "[ \"\$(grep -c \"config $CONF:.*a FIFO\" $LOG)\" -ge 2 ]" ||
	fail "SIGHUP: no error logged for the FIFO"
t0=$(date +%s%N)
timeout 3 "$VIGILCTL" -s "$SOCK" status >/dev/null ||
	fail "control socket does not answer after SIGHUP"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$(status "s['sha256']")" = "$H1" ] || fail "config changed"
ok "SIGHUP with a FIFO include: refused, status answered in $ms ms"

timeout 5 "$VIGILD" -t -f "$CONF" >"$T/out" 2>&1
rc=$?
[ $rc = 124 ] && fail "vigild -t hangs on a FIFO include"
# 4: cannot run (keepalived -t's code)
[ $rc = 4 ] && grep -q "$CONF:.*a FIFO" "$T/out" ||
	fail "vigild -t: exit $rc: $(cat "$T/out")"
timeout 5 "$VIGILD" -t -f "$T/fifo" >"$T/out" 2>&1
rc=$?
[ $rc = 4 ] && grep -q "a FIFO" "$T/out" ||
	fail "vigild -t -f FIFO: exit $rc: $(cat "$T/out")"
ok "vigild -t: a FIFO include and a FIFO config refused at once"
