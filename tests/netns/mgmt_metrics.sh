#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigil_metrics_listen: vigild serves /metrics (Prometheus text) on the
# configured address; curl scrapes it in the namespace and the values match
# what `vigilctl --json` says; `vigilctl metrics` prints the same families;
# promtool accepts both. The listener refuses bad requests, caps its
# clients and drops those that send nothing, without blocking vigild.
TEST=mgmt_metrics
. "$(dirname "$0")/vigild_lib.sh"
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
command -v promtool >/dev/null || { echo "SKIP: no promtool"; exit 77; }

ADDR=127.0.0.1:9650
write_conf r1
# the listener, in global_defs
sed -i "s|router_id r1|router_id r1\n\tvigil_metrics_listen $ADDR|" "$CONF"
start_vigild
wait_until 100 ctl status >/dev/null || fail "vigild did not start"
scrape() { nsx curl -sS --max-time 5 "http://$ADDR$1"; }
wait_until 100 sh -c "$(printf '%s' "ip netns exec $NS curl -sf --max-time 2 http://$ADDR/metrics") >/dev/null" ||
	fail "no /metrics on $ADDR"
ok "vigild serves /metrics on $ADDR"

# The metric's value in the text on stdin: metric NAME LABELS
value() {
	python3 -c "
import sys
want = sys.argv[1]
for line in sys.stdin:
    if line.startswith(want + ' '):
        print(line.split()[-1]); break" "$1$2"
}
# The instance goes MASTER alone on its link.
vrrp_state() {
	ctl show vrrp --json | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']
print([i['state'] for i in d['instances'] if i['name'] == 'VI_1'][0])"
}
wait_until 100 sh -c "[ \"\$(ip netns exec $NS $VIGILCTL -s $SOCK show vrrp --json | grep -c MASTER)\" -gt 0 ]" ||
	fail "VI_1 did not become MASTER"
L='{iname="VI_1",intf="veth0",vrid="51"}'
# keepalived_vrrp_state per virtual address, as the exporters label it
LS='{iname="VI_1",intf="veth0",vrid="51",ip_address="10.99.0.100"}'
M=$(scrape /metrics)
[ "$(echo "$M" | value keepalived_vrrp_state "$LS")" = 2 ] ||
	fail "keepalived_vrrp_state is not 2 (MASTER): $(echo "$M" | grep vrrp_state)"
[ "$(vrrp_state)" = MASTER ] || fail "vigilctl says $(vrrp_state)"
ok "keepalived_vrrp_state$LS 2 = vigilctl show vrrp: MASTER"

# Counters: between two vigilctl readings.
sent() {
	ctl show vrrp --json | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']
print([i['stats']['advertise_sent'] for i in d['instances'] if i['name'] == 'VI_1'][0])"
}
a=$(sent)
m=$(scrape /metrics | value keepalived_advertisements_sent_total "$L")
b=$(sent)
[ -n "$m" ] && [ "$a" -le "$m" ] && [ "$m" -le "$b" ] ||
	fail "advertisements sent: vigilctl $a..$b, metric '$m'"
[ "$(scrape /metrics | value keepalived_become_master_total "$L")" = 1 ] ||
	fail "keepalived_become_master_total is not 1"
ok "keepalived_advertisements_sent_total $m within vigilctl's $a..$b; become_master 1"

# Real servers: the check child's view (nothing listens on 10.99.0.2:80).
rs() {
	ctl show checks --json | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']
r = d['virtual_servers'][0]['real_servers'][0]
print(1 if r['state'] == 'up' else 0, r['weight'])"
}
RL=$(ctl show checks --json | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']
v = d['virtual_servers'][0]
print('{vs=\"%s\",rs=\"%s\"}' % (v['name'], v['real_servers'][0]['address']))")
set -- $(rs)
up=$1 w=$2
M=$(scrape /metrics)
[ "$(echo "$M" | value vigil_rs_up "$RL")" = "$up" ] ||
	fail "vigil_rs_up$RL is not $up: $(echo "$M" | grep vigil_rs_up)"
[ "$(echo "$M" | value vigil_rs_weight "$RL")" = "$w" ] ||
	fail "vigil_rs_weight$RL is not $w"
ok "vigil_rs_up$RL $up, vigil_rs_weight $w = vigilctl show checks"

# Probe durations: a histogram per check whose count is the check's runs
# (between two vigilctl readings) and whose +Inf bucket is that count.
# runs: the check's runs; runs labels: its metric labels
runs() {
	ctl show checks --json | python3 -c "
import json, sys
v = json.load(sys.stdin)['data']['virtual_servers'][0]
r = v['real_servers'][0]
c = r['checks'][0]
if sys.argv[1] == 'labels':
    print('{vs=\"%s\",rs=\"%s\",type=\"%s\",target=\"%s\"}' % (v['name'], r['address'], c['type'], c['target']))
else:
    print(c['runs'])" "$1"
}
CL=$(runs labels)
a=$(runs n)
M=$(scrape /metrics)
b=$(runs n)
n=$(echo "$M" | value vigil_check_duration_seconds_count "$CL")
inf=$(echo "$M" | value vigil_check_duration_seconds_bucket "${CL%\}},le=\"+Inf\"}")
[ -n "$n" ] && [ "$a" -le "$n" ] && [ "$n" -le "$b" ] && [ "$inf" = "$n" ] ||
	fail "vigil_check_duration_seconds$CL: count '$n' +Inf '$inf', vigilctl runs $a..$b"
ok "vigil_check_duration_seconds$CL: $n runs (vigilctl $a..$b), +Inf bucket $inf"

# Reloads and children from the parent.
ctl reload >/dev/null || fail "reload"
wait_until 50 sh -c "ip netns exec $NS curl -s http://$ADDR/metrics | grep -qx 'vigil_reloads_total 1'" ||
	fail "vigil_reloads_total is not 1 after a reload"
[ "$(scrape /metrics | value vigil_child_up '{child="vrrp"}')" = 1 ] ||
	fail "vigil_child_up{child=vrrp} is not 1"
ok "vigil_reloads_total 1 after vigilctl reload; vigil_child_up 1"

# The text is valid exposition format, over HTTP and from vigilctl.
scrape /metrics >"$T/http.prom"
ctl metrics >"$T/ctl.prom" || fail "vigilctl metrics"
for f in http ctl; do
	promtool check metrics <"$T/$f.prom" >"$T/$f.lint" 2>&1 ||
		{ cat "$T/$f.lint"; fail "promtool check metrics ($f)"; }
done
cut -d' ' -f3 "$T/http.prom" | grep -v '^$' >/dev/null
[ "$(grep '^# TYPE' "$T/http.prom")" = "$(grep '^# TYPE' "$T/ctl.prom")" ] ||
	fail "vigilctl metrics and /metrics have other families"
ok "promtool check metrics accepts /metrics and vigilctl metrics ($(grep -c '^# TYPE' "$T/http.prom") families)"

# Bad requests: unknown path, other method, a head too large.
[ "$(nsx curl -s -o /dev/null -w '%{http_code}' http://$ADDR/nope)" = 404 ] || fail "no 404"
[ "$(nsx curl -s -o /dev/null -w '%{http_code}' -X POST http://$ADDR/metrics)" = 405 ] || fail "no 405"
big=$(head -c 5000 /dev/zero | tr '\0' a)
[ "$(nsx curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" http://$ADDR/metrics)" = 431 ] ||
	fail "no 431 for a 5000-byte header"
ok "404, 405, 431 for bad requests"

# Clients that connect and say nothing: the 17th is refused, vigild keeps
# answering its control socket, and the idle ones are dropped in 5 s.
nsx python3 - "$ADDR" "$VIGILCTL" "$SOCK" <<'PY' || fail "client cap"
import socket, subprocess, sys, time
host, port = sys.argv[1].split(':')
idle = [socket.create_connection((host, int(port))) for _ in range(16)]
time.sleep(0.5)
extra = socket.create_connection((host, int(port)))
extra.settimeout(3)
assert extra.recv(1) == b'', 'the 17th client was not closed'
t = time.time()
out = subprocess.run([sys.argv[2], '-s', sys.argv[3], 'status'],
                     capture_output=True, timeout=5)
assert out.returncode == 0, 'control socket blocked'
idle[0].settimeout(8)
assert idle[0].recv(1) == b'', 'an idle client was not dropped'
took = time.time() - t
assert took < 7.5, 'idle client dropped after %.1fs' % took
time.sleep(0.5)
PY
M=$(scrape /metrics)
echo "$M" | grep -q '^keepalived_up 1' || fail "no /metrics after the idle clients"
[ "$(echo "$M" | value vigil_http_refused_total)" -ge 1 ] &&
	[ "$(echo "$M" | value vigil_http_timeouts_total)" -ge 16 ] &&
	[ "$(echo "$M" | value vigil_http_bad_requests_total)" -ge 2 ] ||
	fail "the listener's counters: $(echo "$M" | grep vigil_http_)"
ok "17th idle client refused, idle clients dropped within the read timeout, vigild answered meanwhile; vigil_http_* count them"

# A reload that moves the listener: the old address is closed, the new
# one serves.
sed -i "s|vigil_metrics_listen $ADDR|vigil_metrics_listen 127.0.0.1:9651|" "$CONF"
ctl reload >/dev/null || fail "reload"
nsx curl -sf --max-time 5 http://127.0.0.1:9651/metrics | grep -q '^keepalived_up 1' ||
	fail "no /metrics on 127.0.0.1:9651 after the reload"
! nsx curl -sf --max-time 2 "http://$ADDR/metrics" >/dev/null 2>&1 ||
	fail "$ADDR still serves after the reload moved the listener"
ok "reload to 127.0.0.1:9651: the listener moved"
