#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The control socket cannot be locked out (vigild(8), CONTROL SOCKET):
# - root holding 40 idle connections, or reconnecting in a loop, does not
#   keep `vigilctl status` from answering within 1 s;
# - a member of vigil_control_group doing the same keeps out neither root
#   nor another member (another uid);
# - a key given twice in a request is refused and counted;
# - a vigil_control_group added or removed at a reload applies at once:
#   mode 0660 root:GROUP, then 0600 and the member refused; during the
#   reloads the socket is never missing and never has another mode, and
#   no temporary directory is left behind.
# ONLY=root|dup|group runs one part (to show each failing without the fix).
. "$(dirname "$0")/vigild_lib.sh"
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }
getent group nogroup >/dev/null || { echo "SKIP: no group nogroup"; exit 77; }
GID=$(getent group nogroup | cut -d: -f3)

write_conf r1
sed 's/^\trouter_id r1$/&\n\tvigil_control_group nogroup/' "$CONF" >"$T/group.conf"
cp "$CONF" "$T/nogroup.conf"
grep -q vigil_control_group "$T/group.conf" || fail "group.conf"
# The socket's directory must be reachable by the non-root clients.
chmod 755 "$T" "$RUN"
start_vigild
wait_until 50 both_ready || fail "children not ready"

# hold.py UID COUNT SECONDS MODE: COUNT connections as UID (group nogroup)
# that send nothing; MODE churn keeps opening new ones (the oldest closed
# past COUNT) for SECONDS. "ready" on stdout once COUNT are open.
cat >"$T/hold.py" <<'PY'
import os, socket, sys, time
path, uid, count, secs, mode = sys.argv[1], int(sys.argv[2]), \
    int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
os.setgroups([int(sys.argv[6])])
os.setgid(int(sys.argv[6]))
os.setuid(uid)
held, opened, t_end = [], 0, time.time() + secs
def one():
    global opened
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    held.append(s)
    opened += 1
    if len(held) > count:
        held.pop(0).close()
for i in range(count):
    one()
print("ready", flush=True)
while time.time() < t_end:
    if mode == "churn":
        one()
        time.sleep(0.001)
    else:
        time.sleep(0.05)
print("opened", opened, flush=True)
PY

# hold UID COUNT SECONDS MODE [NAME]: in the background, until "ready".
hold() {
	out=$T/${5:-hold}.out
	rm -f "$out"
	nsx python3 "$T/hold.py" "$SOCK" "$1" "$2" "$3" "$4" "$GID" \
		>"$out" 2>&1 &
	HOLD=$!
	wait_until 50 grep -qs ready "$out" ||
		fail "holder not ready: $(cat "$out")"
}

# timed_status WHO...: `vigilctl status` as WHO (setpriv args, or root),
# answered with the parent's status within 1 s.
timed_status() {
	t0=$(date +%s%N)
	if [ $# -gt 0 ]; then
		nsx setpriv "$@" --groups "$GID" "$VIGILCTL" -s "$SOCK" status \
			>"$T/st" 2>&1
	else
		ctl status >"$T/st" 2>&1
	fi
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ $rc = 0 ] && grep -q "^vigild pid $VPID," "$T/st" ||
		fail "status ($*) rc=$rc: $(cat "$T/st")"
	[ $ms -lt 1000 ] || fail "status ($*) took ${ms} ms"
	echo "status ${*:-as root} in ${ms} ms"
}

part() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

# 1. root: 40 idle connections held, then a client reconnecting in a loop.
if part root; then
hold 0 40 4 hold
for i in 1 2 3; do timed_status; done
wait $HOLD
ok "root holding 40 idle connections: vigilctl status still answers"
hold 0 40 4 churn
for i in 1 2 3 4 5; do timed_status; sleep 0.2; done
wait $HOLD
grep opened "$T/hold.out"
ok "root reconnecting in a loop: vigilctl status still answers"
fi

# 2. A duplicate key is an error, not "the last one wins", and counted.
if part dup; then
bad0=$(status "s['control_bad_requests']")
r=$(nsx python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"{\"cmd\":\"reload\",\"cmd\":\"status\"}\n")
print(s.makefile().readline().strip())' "$SOCK")
[ "$r" = '{"error":"duplicate key in a JSON object"}' ] ||
	fail "duplicate key: $r"
[ "$(status "s['control_bad_requests']")" -gt "$bad0" ] ||
	fail "duplicate key not counted"
ok "a duplicate key is refused and counted"
fi
part group || exit 0

# 3. vigil_control_group added at a reload: applied then.
cp "$T/group.conf" "$CONF"
kill -HUP "$VPID"
sock_is() { [ "$(stat -c %a:%U:%G "$SOCK")" = "$1" ]; }
wait_until 50 sock_is 660:root:nogroup ||
	fail "after reload: $(stat -c %a:%U:%G "$SOCK")"
timed_status --reuid 65534 --regid "$GID"
ok "vigil_control_group added at reload: 0660 root:nogroup, a member answered"

# 4. A member holding 40 idle connections, or reconnecting, keeps out
#    neither root nor another member.
hold 65534 40 4 hold
timed_status
timed_status --reuid 65533 --regid "$GID"
wait $HOLD
hold 65534 40 4 churn
for i in 1 2 3; do
	timed_status
	timed_status --reuid 65533 --regid "$GID"
done
wait $HOLD
ok "a member holding or churning connections locks out no other uid"

# All 32 slots held idle by four members: a fifth member and root get in.
for u in 65530 65531 65532 65533; do
	hold $u 8 3 hold h$u
	eval "H$u=$HOLD"
done
timed_status --reuid 65534 --regid "$GID"
timed_status
wait $H65530 $H65531 $H65532 $H65533
ok "32 idle connections from four members keep out neither a fifth nor root"

# 5. Reloads that add and remove the group: the socket is always there
#    with one of the two modes; a connection open across them is served.
nsx python3 - "$SOCK" >"$T/watch.out" 2>&1 <<'PY' &
import os, socket, stat, sys, time
path, bad, n, t_end = sys.argv[1], [], 0, time.time() + 3
while time.time() < t_end:
    try:
        st = os.lstat(path)
        m = "%o:%d" % (stat.S_IMODE(st.st_mode), st.st_gid)
        if m not in ("600:0", "660:65534"):
            bad.append(m)
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        s.close()
    except OSError as e:
        bad.append(str(e))
    n += 1
    time.sleep(0.002)
print("probes", n, "bad", len(bad), bad[:3])
PY
WATCH=$!
# A member connected before the reloads, its request sent after them.
nsx python3 -c '
import os, socket, sys, time
os.setgroups([int(sys.argv[2])])
os.setgid(int(sys.argv[2]))
os.setuid(65534)
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
print("connected", flush=True)
time.sleep(2.5)
s.sendall(b"{\"cmd\":\"status\"}\n")
print(s.makefile().readline()[:40])' "$SOCK" "$GID" >"$T/early.out" 2>&1 &
EARLY=$!
wait_until 50 grep -qs connected "$T/early.out" || fail "early client"
for c in nogroup group nogroup group nogroup; do
	cp "$T/$c.conf" "$CONF"
	kill -HUP "$VPID"
	sleep 0.4
done
wait $WATCH
wait $EARLY
cat "$T/watch.out"
grep -q "bad 0 " "$T/watch.out" || fail "socket missing or wrong mode"
grep -q '^{"pid"' "$T/early.out" || fail "early client: $(cat "$T/early.out")"
[ "$(stat -c %a:%U:%G "$SOCK")" = 600:root:root ] ||
	fail "after removing the group: $(stat -c %a:%U:%G "$SOCK")"
if nsx setpriv --reuid 65534 --regid "$GID" --groups "$GID" "$VIGILCTL" \
	-s "$SOCK" status >/dev/null 2>&1; then
	fail "a former member still gets in"
fi
ls -A "$RUN" | grep -q '^\.ctl' && fail "left behind: $(ls -A "$RUN")"
grep -q "control socket=$SOCK state=listening group=nogroup mode=0660" \
	"$LOG" || fail "no log of the new socket"
ok "group removed at reload: 0600, the member refused; never missing"
kill -0 "$VPID" || fail "vigild died"
