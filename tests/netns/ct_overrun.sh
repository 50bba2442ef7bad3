#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# conntrack_sync when the master loses conntrack events, between unicast
# peers, with the backup committing continuously (ct_lib.sh's topology:
# d1 MASTER, d2 BACKUP, nftables DNAT of VIP:9000 to the real server).
#
# The two directors name each other as `peer` (no multicast group); d2
# has `commit continuous`; d1's events socket is made tiny
# (`netlink_buffer 4096`). The client opens N (300) connections at once
# through d1: the burst overruns d1's events socket, which d1 counts
# (`overruns` in show sync), logs (sync conntrack=overrun) and repairs by
# a resync of its whole table. d2, still BACKUP, ends with all N entries
# in its cache and, as it commits continuously, in its kernel table.
# Without the repair, d2 misses the lost events' connections.
# Both serve /metrics (vigil_metrics_listen): its vigil_sync_ct_* series
# lie between two readings of `vigilctl show sync --json` around the scrape.
. "$(dirname "$0")/ct_lib.sh"

N=${CT_CONNS:-300}
CT_UNICAST=1
CT_GLOBAL_EXTRA="	vigil_metrics_listen 127.0.0.1:9100"
CT_SYNC_EXTRA=${CT_OVERRUN_EXTRA-"	commit continuous
	netlink_buffer 4096"}

kernel_entries() { # node: conntrack entries of VIP:9000
	ns "$1" conntrack -L -p tcp --orig-dst 10.77.0.100 --orig-port-dst 9000 \
		2>/dev/null | grep -c ESTABLISHED
}
kernel_has() { [ "$(kernel_entries "$1")" = "$2" ]; }

echo "=== conntrack_sync: unicast peers, commit continuous, overrun"
ct_topology
ct_director d1 1 150 on
ct_director d2 2 100 on
wait_until 100 has_vips d1 || fail "d1 did not take the VIPs"
wait_until 100 shown d2 "c['role']" backup || fail "d2: $(ctshow d2 c)"
ip netns exec "$P-c" "$SYNCTOOL" hold -c 10.77.0.100 -p 9000 -n "$N" -i 1000 \
	-t 15000 -d 120 -s "$W/hold" >"$W/hold.out" 2>&1 &
echo $! >"$W/hold.pid"
wait_until 300 status_is alive "$N" ||
	fail "$N connections through d1: $(cat "$W/hold" 2>&1)"
ok "$N connections carry data through d1"
wait_until 100 shown d1 "c['overruns'] >= 1" True ||
	fail "no overrun counted on d1: $(ctshow d1 c)"
grep -q 'sync conntrack=overrun action=resync overruns=' "$W/d1.log" ||
	fail "no overrun log line on d1"
ok "d1 counted $(ctshow d1 "c['overruns']") overruns and logged them"
wait_until 200 shown d2 "c['cache_entries']" "$N" ||
	fail "d2's cache after the overrun: $(ctshow d2 "c['cache_entries']")"
wait_until 100 kernel_has d2 "$N" ||
	fail "d2's kernel table: $(kernel_entries d2) of $N"
has_vips d2 && fail "d2 took the VIPs"
shown d2 "c['role']" backup || fail "d2 is no longer backup"
shown d2 "c['channel'].get('peers')" "['10.78.0.1']" &&
	shown d2 "'group' in c['channel']" False || fail "d2's channel: $(ctshow d2 "c['channel']")"
ok "d2, BACKUP, holds all $N entries in its cache and its kernel" \
	"(received over unicast: $(ctshow d2 "c['channel']['received']") datagrams)"

# metrics_match NODE: each series between the JSON read before and after.
metrics_match() {
	ctshow "$1" "json.dumps(c)" >"$W/$1.ct0" &&
		ns "$1" curl -sS --max-time 5 http://127.0.0.1:9100/metrics \
			>"$W/$1.prom" &&
		ctshow "$1" "json.dumps(c)" >"$W/$1.ct1" || return 1
	python3 - "$W/$1" <<'PY'
import json, sys
w = sys.argv[1]
a, b = (json.load(open(w + s)) for s in (".ct0", ".ct1"))
prom = dict(l.rsplit(" ", 1) for l in open(w + ".prom")
            if l.startswith("vigil_sync_ct_"))
def get(c, path):
    for k in path.split("."):
        c = c[k]
    return c
for path, name in (
        ("cache_entries", "cache_entries"), ("overruns", "overruns_total"),
        ("committed", "committed_total"), ("events", "events_total"),
        ("sent_entries", "sent_entries_total"),
        ("received_entries", "received_entries_total"),
        ("resyncs_done", "resyncs_done_total"),
        ("nacks_sent", "nacks_sent_total"),
        ("channel.sent", "messages_sent_total"),
        ("channel.received", "messages_received_total"),
        ("channel.drops.mac", 'drops_total{reason="mac"}')):
    v = float(prom.get("vigil_sync_ct_" + name, "nan"))
    if not get(a, path) <= v <= get(b, path):
        sys.exit(f"vigil_sync_ct_{name} {v}: json {get(a, path)}..{get(b, path)}")
PY
}
for d in d1 d2; do
	metrics_match $d || fail "$d's /metrics against show sync"
done
ok "/metrics' vigil_sync_ct_* match show sync on both" \
	"(d2: $(grep '^vigil_sync_ct_cache_entries ' "$W/d2.prom"))"
