#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The control socket: mode 0600; status/show round trips with vigilctl
# (tables for people, --json for machines) and raw JSON (show of one VRRP
# instance, and of one that does not exist); garbage, an oversize request,
# a slow client and too many clients get an error (or are dropped) and
# are counted, and vigild keeps answering.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"

[ "$(stat -c %a "$SOCK")" = 600 ] || fail "socket mode $(stat -c %a "$SOCK")"
ok "socket mode 0600"

ctl status >"$T/out" || fail "vigilctl status"
grep -q "^vigild pid $VPID," "$T/out" || fail "status: $(cat "$T/out")"
grep -q "^child check pid [0-9]* ready gen 1 restarts 0" "$T/out" || fail "status children"
ctl show vrrp --json | grep -q '"child":"vrrp","data":{"instances":\[{"name":"VI_1"' ||
	fail "show vrrp"
ctl show checks --json | grep -q '"virtual_servers":\[' || fail "show checks"
ctl show ipvs --json | grep -q '"child":"check"' || fail "show ipvs"
# vigilctl parses with the table vigild uses: it refuses a bad topic itself.
ctl show disks >"$T/out" 2>&1; [ $? = 2 ] || fail "show disks: exit not 2"
grep -q "unknown topic" "$T/out" || fail "show disks: $(cat "$T/out")"
ctl show vrrp VI_1 --json | grep -q '"child":"vrrp","data":{"instance":{"name":"VI_1"' ||
	fail "show vrrp VI_1"
ctl show vrrp VI_9 >"$T/out" 2>&1; [ $? = 1 ] || fail "show vrrp VI_9: exit not 1"
grep -q "no vrrp_instance 'VI_9'" "$T/out" || fail "show vrrp VI_9: $(cat "$T/out")"
ctl frobnicate >/dev/null 2>&1; [ $? = 2 ] || fail "bad command: exit not 2"
ok "vigilctl status and show round trips"

# Without --json: one line per instance, virtual and real server; one
# object as key: value; the IPVS table as ipvsadm -Ln lays it out.
shows() { # what... : the output of vigilctl show WHAT, no JSON in it
	ctl show "$@" >"$T/out" 2>&1 || fail "show $*: $(cat "$T/out")"
	! grep -q '[{}]' "$T/out" || fail "show $* prints JSON: $(cat "$T/out")"
}
has() { grep -qE "$1" "$T/out" || fail "show: no /$1/ in: $(cat "$T/out")"; }
shows vrrp
has '^INSTANCE +INTERFACE +VRID +VER +STATE +PRIO +SINCE +WHY +MASTER$'
has '^VI_1 +veth0 +51 +v2 +(BACKUP|MASTER) +100 +[0-9]+s +[a-z-]+ +'
[ "$(wc -l <"$T/out")" = 2 ] || fail "show vrrp: $(cat "$T/out")"
shows vrrp VI_1
has '^name: +VI_1$'
has '^last_transition: +[0-9T:-]+Z \([0-9]+s ago\)$'
has '^priority: +100$'
shows checks
has '^VIRTUAL SERVER / REAL SERVER +HEALTH +WEIGHT +SINCE +WHY$'
has '^tcp 10.99.0.100:80 +(up|down) +[0-9]+ +- +(below )?quorum 1, live weight [0-9]+$'
has '^  -> 10.99.0.2:80 +(up|down) +'
shows checks 10.99.0.100:80 10.99.0.2:80
has '^virtual server: tcp 10.99.0.100:80$'
has '^address: +10.99.0.2:80$'
has '^    type: +TCP_CHECK$'
shows ipvs
has "^converger unavailable: no IPVS in this kernel"
has '^TCP  10.99.0.100:80 rr$'
ok "vigilctl show for people: vrrp, checks, ipvs, one instance, one real server"

python3 - "$SOCK" <<'PY' || fail "raw clients"
import socket, sys, time, json
path = sys.argv[1]

def ask(data, wait=3.0):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(wait)
    s.connect(path)
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    buf = b""
    try:
        while not buf.endswith(b"\n"):
            b = s.recv(65536)
            if not b:
                break
            buf += b
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return buf

def err(reply):
    return json.loads(reply)["error"]

assert err(ask(b"garbage\n")) == "not a JSON object", "garbage"
assert err(ask(b'{"cmd":"format"}\n')) == "unknown command"
assert err(ask(b"\x00\xff\n")) == "NUL in request"
r = ask(b"{" + b" " * 70000, wait=5)
assert err(r) == "request too large", r[:80]
# The slow client: nothing sent; the answer comes after 5 s.
t0 = time.time()
r = ask(b"", wait=8)
assert err(r) == "timeout" and 4.5 < time.time() - t0 < 7, (r, time.time() - t0)
# 40 idle clients of one uid: it holds CONTROL_MAX_PER_UID (8) of them;
# each newer one displaces the oldest idle one, which is told so.
idle = []
for i in range(40):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    idle.append(s)
time.sleep(0.3)
busy = 0
for s in idle[:32]:
    s.settimeout(2)
    if b"too many clients" in s.recv(100):
        busy += 1
assert busy == 32, busy
for s in idle:
    s.close()
time.sleep(0.3)
st = json.loads(ask(b'{"cmd":"status"}\n'))
assert st["control_bad_requests"] >= 13, st["control_bad_requests"]
print("bad requests counted:", st["control_bad_requests"])
PY
ok "garbage, oversize, slow client and too many clients refused"
kill -0 "$VPID" || fail "vigild died"
ctl status >/dev/null || fail "vigild no longer answers"
grep -q 'control request=bad error="not a JSON object"' "$LOG" || fail "no bad-request log"
ok "vigild still answers"

# A client that asks a hung child and leaves at once: vigild neither spins
# (CPU time stays low while the answer is due) nor crashes when it comes.
V=$(child_pid vrrp)
kill -STOP "$V"
cpu() { awk '{print $14 + $15}' "/proc/$VPID/stat"; }
c0=$(cpu)
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"{\"cmd\":\"show\",\"args\":[\"vrrp\"]}\n")
s.close()' "$SOCK"
sleep 4
c1=$(cpu)
kill -CONT "$V"
[ $((c1 - c0)) -lt 50 ] || fail "vigild used $((c1 - c0)) ticks waiting"
ctl status >/dev/null || fail "vigild no longer answers"
ok "a client gone while its answer is due: no spin, no crash"
