#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# systemd's Type=notify protocol, with the test as the service manager: a
# datagram socket in NOTIFY_SOCKET, read by a Python listener that, on each
# READY=1, asks `vigilctl status --json` what it sees at that moment.
# READY=1 comes once both children are ready; a reload says RELOADING=1,
# then READY=1 once both children run the new generation; a refused reload
# says READY=1 again at once; SIGTERM says STOPPING=1; a config that needs
# no child is ready at once.
. "$(dirname "$0")/vigild_lib.sh"

NLOG=$T/notify.log
cat >"$T/listen.py" <<'PY'
import json, socket, subprocess, sys, time
path, log, ctl, sock = sys.argv[1:5]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(1)
end = time.monotonic() + 60  # bounded: the test takes seconds
with open(log, "a") as out:
    while time.monotonic() < end:
        try:
            msg = s.recv(4096).decode()
        except socket.timeout:
            continue
        line = msg.replace("\n", " | ")
        if "READY=1" in msg:
            r = subprocess.run([ctl, "-s", sock, "status", "--json"],
                               capture_output=True, text=True, timeout=5)
            ch = json.loads(r.stdout)["children"]
            line += " || " + " ".join(
                "%s=%s/gen%s" % (n, "ready" if c["ready"] else "not-ready",
                                 c["config_gen"])
                for n, c in sorted(ch.items()))
        out.write(line + "\n")
        out.flush()
PY
python3 "$T/listen.py" "$T/notify.sock" "$NLOG" "$VIGILCTL" "$SOCK" &
LPID=$!
trap 'kill $LPID 2>/dev/null; cleanup' EXIT
wait_until 30 test -S "$T/notify.sock" || fail "listener socket"

count() { grep -c "$1" "$NLOG" 2>/dev/null || echo 0; }
lines() { [ "$(wc -l <"$NLOG" 2>/dev/null || echo 0)" -ge "$1" ]; }

write_conf r1
NOTIFY_SOCKET=$T/notify.sock start_vigild
wait_until 100 lines 1 || fail "no notification; log: $(cat "$NLOG")"
sed -n 1p "$NLOG" | grep -q "^READY=1 | STATUS=config gen 1; children: check vrrp ||" ||
	fail "first notification: $(sed -n 1p "$NLOG")"
sed -n 1p "$NLOG" | grep -q "|| check=ready/gen1 vrrp=ready/gen1$" ||
	fail "READY=1 before the children were ready: $(sed -n 1p "$NLOG")"
ok "READY=1 once both children are ready: $(sed -n 1p "$NLOG")"

write_conf r2
ctl reload >/dev/null || fail "vigilctl reload"
wait_until 100 lines 3 || fail "reload notifications: $(cat "$NLOG")"
sed -n 2p "$NLOG" | grep -q "^RELOADING=1" || fail "$(sed -n 2p "$NLOG")"
sed -n 3p "$NLOG" | grep -q "^READY=1 .*|| check=ready/gen2 vrrp=ready/gen2$" ||
	fail "READY=1 after a reload: $(sed -n 3p "$NLOG")"
ok "reload: RELOADING=1, then READY=1 when both children run gen 2"

echo "bogus_block {" >>"$CONF"
kill -HUP "$VPID"
wait_until 100 lines 5 || fail "refused reload: $(cat "$NLOG")"
sed -n 4p "$NLOG" | grep -q "^RELOADING=1" || fail "$(sed -n 4p "$NLOG")"
sed -n 5p "$NLOG" | grep -q "^READY=1 | STATUS=config gen 2 (last reload refused); children: check vrrp ||" ||
	fail "refused reload: $(sed -n 5p "$NLOG")"
ok "refused reload: RELOADING=1, READY=1 on the old generation"

kill "$VPID"
wait_until 100 lines 6 || fail "no STOPPING=1: $(cat "$NLOG")"
sed -n 6p "$NLOG" | grep -q "^STOPPING=1" || fail "$(sed -n 6p "$NLOG")"
[ "$(count READY=1)" = 3 ] || fail "READY=1 count: $(cat "$NLOG")"
ok "SIGTERM: STOPPING=1"

# A config that needs no child: ready as soon as it is loaded.
wait_until 100 sh -c "! kill -0 $VPID 2>/dev/null" || fail "vigild did not stop"
printf 'global_defs {\n\trouter_id r9\n}\n' >"$CONF"
NOTIFY_SOCKET=$T/notify.sock start_vigild
wait_until 100 lines 7 || fail "no READY=1 without children: $(cat "$NLOG")"
sed -n 7p "$NLOG" | grep -q "^READY=1 | STATUS=config gen 1; children: ||" ||
	fail "without children: $(sed -n 7p "$NLOG")"
ok "no child wanted: READY=1 at once"
