#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Admin requests through vigilctl, end to end, with full-length IPv6
# addresses: an IPv6 virtual server and its IPv6 real server (a listener
# in the namespace) are drained and restored; `vigilctl show checks` and
# `show ipvs` (the desired table: this kernel has no IPVS) say what a user
# expects at each step. Bad requests (an unknown virtual server, a bad
# address, the wrong family, hostile JSON) get a clear error, are counted,
# and vigild and its children keep running.
. "$(dirname "$0")/vigild_lib.sh"

VS6=2001:db8:ffff:ffff:ffff:ffff:ffff:1
RS6=2001:db8:ffff:ffff:ffff:ffff:ffff:2
VS="tcp [$VS6]:443"
RS="[$RS6]:443"

ip -n "$NS" addr add "$VS6/64" dev veth0 nodad || fail "v6 address"
ip -n "$NS" addr add "$RS6/64" dev veth1 nodad || fail "v6 address"
nsx python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 443))
s.listen(64)
s.settimeout(1)
end = time.time() + 120
while time.time() < end:
    try:
        c, _ = s.accept()
        c.close()
    except OSError:
        pass' "$RS6" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; cleanup' EXIT

cat >"$CONF" <<CONF
virtual_server $VS6 443 {
	delay_loop 1
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	real_server $RS6 443 {
		weight 3
		TCP_CHECK {
			connect_timeout 1
			retry 0
			warmup 0
		}
	}
}
CONF
start_vigild
wait_until 50 ready check || fail "check child not ready"
CPID=$(child_pid check)

# The real server's entry of `show checks --json`, as a Python expression
# on `r` (the real server) and `v` (its virtual server).
rs_field() {
	ctl --json show checks 2>/dev/null | python3 -c "
import json, sys
for v in json.load(sys.stdin)['data']['virtual_servers']:
    for r in v['real_servers']:
        if v['name'] == sys.argv[1] and r['address'] == sys.argv[2]:
            x = $1
            print(str(x).lower() if isinstance(x, bool) else x)" "$VS" "$RS"
}
# The desired IPVS weight of the real server (`show ipvs`).
want_weight() {
	ctl --json show ipvs 2>/dev/null | python3 -c "
import json, sys
for s in json.load(sys.stdin)['data']['desired']:
    for d in s['destinations']:
        if s['service'] == sys.argv[1] and d['address'] == sys.argv[2]:
            print(d['weight'])" "$VS" "$RS"
}
is_up() { [ "$(rs_field "r['state']")" = up ]; }
weight_is() { [ "$(want_weight)" = "$1" ]; }

wait_until 50 is_up || fail "$RS not up: $(ctl show checks)"
wait_until 30 weight_is 3 || fail "desired weight $(want_weight), not 3"
[ "$(rs_field "r['drained']")" = false ] || fail "drained before the drain"
ok "$VS $RS up, weight 3"

# drain: the words as an operator types them; the VS may be one word.
ctl drain tcp "[$VS6]:443" "$RS" >"$T/out" 2>&1 || fail "drain: $(cat "$T/out")"
grep -qxF "$VS $RS: drained" "$T/out" || fail "drain said: $(cat "$T/out")"
[ "$(rs_field "r['drained']")" = true ] || fail "show checks: not drained"
# What an operator reads: the real server up, weight 0, drained.
ctl show checks >"$T/out" || fail "show checks"
grep -qE "^  -> \[$RS6\]:443 +up +0 +[^ ]+ +drained, ok( \(TCP_CHECK\))?$" "$T/out" &&
	grep -qE "^tcp \[$VS6\]:443 +up +0 +- +quorum 1, live weight 3$" "$T/out" ||
	fail "show checks does not say drained: $(cat "$T/out")"
[ "$(rs_field "r['state']")" = up ] || fail "the drain changed the health"
wait_until 30 weight_is 0 || fail "desired weight $(want_weight) after drain"
ok "drain: show checks says drained, desired weight 0"

ctl --json show checks "$VS" "$RS" >"$T/out" || fail "show one real server"
python3 - "$T/out" "$VS" "$RS" <<'PY' || fail "show checks VS RS: $(cat "$T/out")"
import json, sys
v = json.load(open(sys.argv[1]))["data"]["virtual_servers"]
assert len(v) == 1 and v[0]["name"] == sys.argv[2], v
r = v[0]["real_servers"]
assert len(r) == 1 and r[0]["address"] == sys.argv[3] and r[0]["drained"], r
PY
ctl drain "$VS" "$RS" >"$T/out" 2>&1 || fail "second drain: $(cat "$T/out")"
grep -qxF "$VS $RS: already drained" "$T/out" ||
	fail "second drain: $(cat "$T/out")"
ok "show checks VS RS: that real server alone; a second drain: already drained"

ctl restore "$VS" "$RS" >"$T/out" 2>&1 || fail "restore: $(cat "$T/out")"
grep -qxF "$VS $RS: restored" "$T/out" || fail "restore said: $(cat "$T/out")"
[ "$(rs_field "r['drained']")" = false ] || fail "show checks: still drained"
wait_until 30 weight_is 3 || fail "desired weight $(want_weight) after restore"
ok "restore: weight 3 again"

# Bad requests: a clear error, exit 1 from vigild (2 for what vigilctl
# itself refuses: those never reach vigild), counted; nothing crashes.
bad0=$(status "s['control_bad_requests']")
expect_err() { # EXIT PATTERN ARGS...
	want=$1 pat=$2
	shift 2
	ctl "$@" >"$T/out" 2>&1
	rc=$?
	[ $rc = "$want" ] || fail "$*: exit $rc, not $want: $(cat "$T/out")"
	grep -qF "$pat" "$T/out" || fail "$*: $(cat "$T/out")"
}
expect_err 1 'no virtual server tcp [2001:db8::99]:443' \
	drain "tcp [2001:db8::99]:443" "$RS"
expect_err 1 "virtual server $VS has no real server [$VS6]:443" \
	drain "$VS" "[$VS6]:443"
expect_err 1 "real server 10.99.0.2:443 is IPv4, virtual server $VS has IPv6" \
	drain "$VS" 10.99.0.2:443
expect_err 1 "no virtual server fwmark 7" restore fwmark 7 "$RS"
expect_err 2 'bad address "2001:db8::zz"' drain "tcp [2001:db8::zz]:443" "$RS"
expect_err 2 'IPv6 needs brackets' drain "tcp $VS6:443" "$RS"
python3 - "$SOCK" <<'PY' || fail "raw requests"
import json, socket, sys
def ask(req):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(sys.argv[1])
    s.sendall(req + b"\n")
    r = s.recv(65536)
    s.close()
    return json.loads(r)
for req, want in [
        (b'{"cmd":"drain","args":["tcp","[2001:db8::zz]:443","[::1]:1"]}',
         'bad address "2001:db8::zz"'),
        (b'{"cmd":"drain","args":["tcp [::1]:1"]}', "usage: drain VS RS"),
        (b'{"cmd":"drain","args":"tcp [::1]:1 [::2]:2"}', '"args"'),
        (b'{"cmd":"force","args":["VI_1","SIDEWAYS"]}', "unknown state"),
        (b'{"cmd":"drain","args":["udp","[::1]:99999","[::2]:2"]}', "bad port"),
        (b'{"cmd":"admin","topic":"checks","arg":"drain x y"}',
         "unknown command")]:
    e = ask(req).get("error", "")
    assert want in e, (req, e)
PY
bad1=$(status "s['control_bad_requests']")
[ "$((bad1 - bad0))" = 10 ] || fail "bad requests counted: $((bad1 - bad0)), not 10"
kill -0 "$VPID" || fail "vigild died"
[ "$(child_pid check)" = "$CPID" ] || fail "the check child was restarted"
[ "$(rs_field "r['state']")" = up ] || fail "the real server is no longer up"
grep -q 'control request=bad error="no virtual server tcp \[2001:db8::99\]:443"' "$LOG" ||
	fail "no log line for a refused request"
ok "bad requests: clear errors, $((bad1 - bad0)) counted, nothing restarted"
