#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The status page on vigil_metrics_listen, loaded in a real browser
# (headless Chromium, --dump-dom): what it shows of the VRRP instance and
# of the real server (state, priority, health, weight) is what `vigilctl
# --json` says, before and after the real server goes down, and the last
# events include that transition. The page runs no script.
TEST=mgmt_page
. "$(dirname "$0")/vigild_lib.sh"
command -v chromium >/dev/null || { echo "SKIP: no chromium"; exit 77; }

ADDR=127.0.0.1:9650
write_conf r1
sed -i "s|router_id r1|router_id r1\n\tvigil_metrics_listen $ADDR|" "$CONF"
sed -i "s|delay_loop 5|delay_loop 1|" "$CONF"
# A real server that answers: 10.99.0.2:80 on the other end of the link.
ip -n "$NS" addr add 10.99.0.2/24 dev veth1
ip netns exec "$NS" python3 -m http.server --bind 10.99.0.2 80 >/dev/null 2>&1 &
WEB=$!
start_vigild
wait_until 100 ctl status >/dev/null || fail "vigild did not start"

# The page as Chromium renders it, reduced to its rows: one JSON object.
page() {
	nsx env HOME="$T" timeout 60 chromium --headless --no-sandbox \
		--disable-gpu --user-data-dir="$T/chromium" \
		--dump-dom "http://$ADDR/" 2>>"$T/chromium.log" |
		python3 -c '
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.t = {}; s.table = None; s.row = None; s.cell = None; s.scripts = 0
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "script": s.scripts += 1
        if tag == "table": s.table = a.get("id"); s.t[s.table] = []
        if tag == "tr": s.row = []
        if tag == "td": s.cell = ""
    def handle_endtag(s, tag):
        if tag == "td": s.row.append(s.cell); s.cell = None
        if tag == "tr" and s.row: s.t[s.table].append(s.row)
    def handle_data(s, d):
        if s.cell is not None: s.cell += d
p = P(); p.feed(sys.stdin.read())
p.t["scripts"] = p.scripts
print(json.dumps(p.t))'
}
# vigilctl: "STATE PRIORITY" of VI_1, "HEALTH WEIGHT" of the real server.
ctl_vrrp() {
	ctl show vrrp --json | python3 -c "
import json, sys
i = json.load(sys.stdin)['data']['instances'][0]
print(i['name'], i['state'], i['priority'])"
}
ctl_rs() {
	ctl show checks --json | python3 -c "
import json, sys
r = json.load(sys.stdin)['data']['virtual_servers'][0]['real_servers'][0]
print(r['address'], r['state'], r['weight'])"
}
page_vrrp() { page >"$T/page.json" && python3 -c "
import json
t = json.load(open('$T/page.json'))
assert t['scripts'] == 0, 'the page runs a script'
r = t['vrrp'][0]
print(r[0], r[1], r[2])"; }
page_rs() { python3 -c "
import json
r = json.load(open('$T/page.json'))['rs'][0]
print(r[1], r[2], r[3])"; }

wait_until 100 sh -c "ip netns exec $NS $VIGILCTL -s $SOCK show vrrp --json | grep -q MASTER" ||
	fail "VI_1 did not become MASTER"
wait_until 100 sh -c "ip netns exec $NS $VIGILCTL -s $SOCK show checks --json | grep -q '\"state\": *\"up\"'" ||
	fail "the real server did not come up"
want_v=$(ctl_vrrp) want_r=$(ctl_rs)
got_v=$(page_vrrp) || fail "no page"
got_r=$(page_rs)
[ "$got_v" = "$want_v" ] || fail "page shows VRRP '$got_v', vigilctl '$want_v'"
[ "$got_r" = "$want_r" ] || fail "page shows real server '$got_r', vigilctl '$want_r'"
ok "Chromium shows VI_1 '$got_v' and real server '$got_r', as vigilctl does"

# The real server stops answering: the page follows.
kill "$WEB"
wait_until 150 sh -c "ip netns exec $NS $VIGILCTL -s $SOCK show checks --json | grep -q '\"state\": *\"down\"'" ||
	fail "the real server did not go down"
want_r=$(ctl_rs)
page >"$T/page.json" || fail "no page"
got_r=$(page_rs)
[ "$got_r" = "$want_r" ] || fail "page shows real server '$got_r', vigilctl '$want_r'"
python3 -c "
import json
ev = json.load(open('$T/page.json'))['events']
assert any('event=rs_down' in e[2] and 'rs=10.99.0.2:80' in e[2] for e in ev), ev
assert any('event=vrrp_state' in e[2] and 'state=MASTER' in e[2] for e in ev), ev
" || fail "the last events do not show rs_down and the MASTER transition"
ok "after the real server stopped: page '$got_r' = vigilctl; its events show rs_down and MASTER"
