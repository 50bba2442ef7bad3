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
# lie between two readings of `vigilctl show sync --json` around the scrape;
# so do d2's VIGIL-MIB vigilConntrack objects, walked through snmpd
# (its AgentX master, in its namespace).
. "$(dirname "$0")/ct_lib.sh"

N=${CT_CONNS:-300}
CT_UNICAST=1
CT_GLOBAL_EXTRA="	vigil_metrics_listen 127.0.0.1:9100
	enable_snmp_vrrp
	snmp_socket $W/ax-@node@"
T=$W
. "$(dirname "$0")/mgmt_snmp_lib.sh"
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
snmpd_in "$P-d2" d2
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

# /metrics and VIGIL-MIB come from vigild's model of its children, at
# most 1 s old, and SNMP's tree is rebuilt every 2 s: the JSON read 3.5 s
# before the scrape and the one read after bound each value.
V=.1.3.6.1.4.1.8072.9999.9999.7.1.5
for d in d1 d2; do ctshow $d "json.dumps(c)" >"$W/$d.ct0"; done
sleep 3.5
for d in d1 d2; do
	ns $d curl -sS --max-time 5 http://127.0.0.1:9100/metrics >"$W/$d.prom" ||
		fail "no /metrics on $d"
	# conntrack_sync alone: the kernel's IPVS sync threads are not
	# configured, so they have no series (not a 0 that says "stopped")
	! grep -E '^vigil_sync_(thread|restores|failures)' "$W/$d.prom" ||
		fail "$d: IPVS sync series without lvs_sync_daemon"
done
ns d2 snmpwalk -v2c -c public -On -m "" -t 2 -r 0 127.0.0.1:16161 $V \
	>"$W/d2.walk" 2>&1 || fail "snmpwalk on d2: $(cat "$W/d2.walk")"
# vigilSync's thread objects (.1.4.5-7) belong to lvs_sync_daemon
ns d2 snmpwalk -v2c -c public -On -m "" -t 2 -r 0 127.0.0.1:16161 \
	.1.3.6.1.4.1.8072.9999.9999.7.1.4 >"$W/d2.sync" 2>&1 ||
	fail "snmpwalk vigilSync on d2: $(cat "$W/d2.sync")"
! grep -E '\.7\.1\.4\.[567]\.0 ' "$W/d2.sync" ||
	fail "d2: vigilSync thread objects without lvs_sync_daemon"
for d in d1 d2; do ctshow $d "json.dumps(c)" >"$W/$d.ct1"; done
# bounded W/NODE KIND: each series between the two readings.
bounded() {
	python3 - "$W/$1" "$2" "$V" <<'PY'
import json, sys
w, kind, root = sys.argv[1:]
a, b = (json.load(open(w + s)) for s in (".ct0", ".ct1"))
if kind == "prom":
    got = dict(l.rsplit(" ", 1) for l in open(w + ".prom")
               if l.startswith("vigil_sync_ct_"))
    cols = (("cache_entries", "cache_entries"),
            ("overruns", "overruns_total"), ("committed", "committed_total"),
            ("events", "events_total"), ("sent_entries", "sent_entries_total"),
            ("received_entries", "received_entries_total"),
            ("resyncs_done", "resyncs_done_total"),
            ("nacks_sent", "nacks_sent_total"),
            ("channel.sent", "messages_sent_total"),
            ("channel.received", "messages_received_total"),
            ("channel.drops.mac", 'drops_total{reason="mac"}'))
    cols = [(p, "vigil_sync_ct_" + n) for p, n in cols]
else:  # vigilConntrack's columns, in doc/VIGIL-MIB.txt's order
    got = {l.split(" = ")[0][len(root) + 1:]: l.rsplit(" ", 1)[1]
           for l in open(w + ".walk") if " = " in l}
    cols = [(p, "%d.0" % i) for i, p in enumerate((
        "cache_entries", "cache_max", "cache_drops", "committed",
        "channel.sent", "channel.received", "nacks_sent", "nacks_received",
        "channel.resent", "resyncs_done", "overruns"), 1)]
def get(c, path):
    for k in path.split("."):
        c = c[k]
    return c
for path, name in cols:
    v = float(got.get(name, "nan"))
    if not get(a, path) <= v <= get(b, path):
        sys.exit(f"{name} {v}: json {get(a, path)}..{get(b, path)}")
PY
}
for d in d1 d2; do
	bounded $d prom || fail "$d's /metrics against show sync"
done
ok "/metrics' vigil_sync_ct_* match show sync on both" \
	"(d2: $(grep '^vigil_sync_ct_cache_entries ' "$W/d2.prom"))"
bounded d2 walk || fail "d2's vigilConntrack against show sync"
ok "d2's VIGIL-MIB vigilConntrack matches show sync" \
	"($(grep -c ' = ' "$W/d2.walk") objects)"
