#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 1,000 SIGHUP reloads in a row, alternating two valid configs, each applied
# by every child before the next: the resident memory of the parent and of
# each child after reload 1,000 is within 512 KiB of what it was after
# reload 1, and no child was restarted on the way. tools/test runs this in
# the plain build for the figure; under ASan it runs again for the leaks.
. "$(dirname "$0")/vigild_lib.sh"

# Under AddressSanitizer RSS is not the program's: freed memory waits in a
# quarantine, and ASan's allocator keeps caches and the allocation stacks it
# records, from about 1 MiB on an idle machine to several under load. There
# the RSS figures are printed but not judged (MARGIN 0 = no bound), and
# LeakSanitizer checks for real leaks at exit (vigild_lib.sh).
MARGIN=512
if ldd "$VIGILD" | grep -q libasan; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
	export ASAN_OPTIONS
	MARGIN=0
fi

write_conf r1 "$T/a.conf"
write_conf r2 "$T/b.conf"
cp "$T/a.conf" "$CONF"
start_vigild
wait_until 50 both_ready || fail "children not ready"

python3 - "$SOCK" "$VPID" "$MARGIN" "$CONF" "$T/a.conf" "$T/b.conf" <<'PY' || fail "reload loop"
import json, os, shutil, signal, socket, sys, time
sock, ppid, MARGIN_KB = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conf, a, b = sys.argv[4:]
N = 1000

def status():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(sock)
    s.sendall(b'{"cmd":"status"}\n')
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = s.recv(65536)
        assert chunk, "connection closed"
        buf += chunk
    s.close()
    return json.loads(buf)

def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

def applied(gen):
    st = status()
    return st["config_gen"] == gen and all(
        c["config_gen"] == gen and c["ready"] for c in st["children"].values())

start = status()["config_gen"]
pids = None
t0 = time.time()
for i in range(1, N + 1):
    shutil.copy(b if i % 2 else a, conf + ".new")
    os.rename(conf + ".new", conf)
    os.kill(ppid, signal.SIGHUP)
    deadline = time.time() + 5
    while not applied(start + i):
        assert time.time() < deadline, "reload %d not applied in 5 s" % i
        time.sleep(0.001)
    if i == 1:
        st = status()
        pids = {n: c["pid"] for n, c in st["children"].items()}
        first = {"parent": rss(ppid)}
        first.update({n: rss(p) for n, p in pids.items()})
st = status()
assert st["reloads"] == N and st["reloads_failed"] == 0, st
assert {n: c["pid"] for n, c in st["children"].items()} == pids, "restarted"
last = {"parent": rss(ppid)}
last.update({n: rss(p) for n, p in pids.items()})
print("%d reloads in %.1f s" % (N, time.time() - t0))
bad = []
for n in first:
    print("%-6s RSS after reload 1: %6d KiB, after %d: %6d KiB (%+d)" %
          (n, first[n], N, last[n], last[n] - first[n]))
    if MARGIN_KB and last[n] - first[n] > MARGIN_KB:
        bad.append(n)
assert not bad, "RSS grew by more than %d KiB: %s" % (MARGIN_KB, bad)
PY
if [ "$MARGIN" = 0 ]; then
	ok "1,000 reloads, no restart (RSS not judged under ASan; leaks at exit)"
else
	ok "1,000 reloads: RSS of parent and children stable"
fi
