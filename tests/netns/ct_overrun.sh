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
. "$(dirname "$0")/ct_lib.sh"

N=${CT_CONNS:-300}
CT_UNICAST=1
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
