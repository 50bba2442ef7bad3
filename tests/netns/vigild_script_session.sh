#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Scripts run in their own session, without vigild's controlling terminal:
# vigild runs on a pseudo-terminal (script(1)), in the foreground, and
# notify scripts (as nobody) record their session id, their terminal
# (/proc/self/stat) and whether /dev/tty opens. Each must lead its own
# session (sid = its pid), with no terminal, while vigild has one.
. "$(dirname "$0")/vigild_lib.sh"
command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 77; }

chmod 755 "$T"
mkdir -m 1777 "$T/out"
cat >"$T/rec.sh" <<'S'
#!/bin/sh
# $1: a name; writes "pid sid tty_nr tty-opens" (stat fields 1, 6, 7)
set -- "$1" $(sed 's/^.*) //' /proc/$$/stat)
if (: </dev/tty) 2>/dev/null; then t=yes; else t=no; fi
echo "$$ $5 $6 $t" >"$(dirname "$0")/out/$1.$$"
S
chmod 755 "$T/rec.sh"

write_conf s1 "$T/base.conf"
sed -e '/^virtual_server/,$d' -e "s|^\tadvert_int 1\$|&\\
\tnotify_backup \"$T/rec.sh backup\"\\
\tnotify_master \"$T/rec.sh master\"\\
\tnotify \"$T/rec.sh notify\"|" "$T/base.conf" >"$CONF"
grep -q "notify \"$T/rec.sh" "$CONF" || fail "test bug: no notify in $CONF"
# On a terminal: script(1) gives vigild a pty as its controlling tty.
script -qec "ip netns exec $NS $VIGILD -n -l --no-syslog -f $CONF \
	--runtime-dir $RUN" /dev/null >>"$LOG" 2>&1 </dev/null &
VPID=$!
wait_until 50 ready vrrp || fail "vrrp child not ready"
PARENT=$(cat "$RUN/vigild.pid")
ptty=$(sed 's/^.*) //' "/proc/$PARENT/stat" | cut -d' ' -f5)
[ "$ptty" != 0 ] || fail "test bug: vigild has no controlling terminal"
ok "vigild pid=$PARENT runs on a terminal (tty_nr=$ptty)"

# BACKUP at start, MASTER after Master_Down_Interval: four script runs.
done4() { [ "$(ls "$T/out" | wc -l)" -ge 4 ]; }
wait_until 100 done4 || fail "scripts did not run: $(ls "$T/out")"
sleep 0.3
for f in "$T"/out/*; do
	read -r pid sid tty opens <"$f"
	[ "$sid" = "$pid" ] ||
		fail "$(basename "$f"): sid=$sid, not its own session ($pid)"
	[ "$tty" = 0 ] || fail "$(basename "$f"): controlling tty $tty"
	[ "$opens" = no ] || fail "$(basename "$f"): /dev/tty opens"
	ok "$(basename "$f"): sid=$sid (its pid), no tty, /dev/tty does not open"
done
