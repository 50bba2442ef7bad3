#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigil's conntrack replication (conntrack_sync) on the host, no IPVS:
#
#   front bridge: client c 10.77.0.50; directors d1 .1, d2 .2 (eth0);
#                 VIP 10.77.0.100 (VI_EXT)
#   back bridge:  directors d1 10.78.0.1, d2 .2 (eth1); gateway VIP
#                 10.78.0.254 (VI_INT); real server r 10.78.0.11 (an echo
#                 service on port 9000, default route via the gateway VIP)
#
# Both directors DNAT VIP:9000 to the real server with nftables (stateful
# NAT), pick up no connection in the middle (nf_conntrack_tcp_loose=0)
# and drop, before routing, what conntrack does not know (ct state
# invalid: as with conntrackd, so that a packet arriving before the commit
# is retransmitted rather than answered with a reset): a director without
# the entry of a connection cannot carry it. VI_EXT and VI_INT are one sync group; d1
# (priority 150) is MASTER; conntrack_sync on eth1 follows VI_INT.
#
# With sync on: the client holds N (1,000) long-lived TCP connections through d1
# (a line on each every 200 ms, read back). d2 drops 5% of the sync
# packets it receives (nftables numgen random; on the veth pair a GSO
# train of datagrams stays one packet until d2's UDP receive cuts it, so
# a drop loses a run of consecutive datagrams) and still ends with all
# N entries in its cache (NACK and resend). d2's vigild is restarted: its
# sync child asks d1 for a resync and has the N entries again (nothing
# else would tell it: established connections raise no events). Then d1's
# links are cut (a crash); d2 takes the VIPs, commits its cache to the
# kernel, and every connection carries data again through d2; an entry
# d2's kernel held already, stale, is updated to d1's.
# With sync off (no conntrack_sync): every connection breaks.
. "$(dirname "$0")/ct_lib.sh"

N=${CT_CONNS:-1000}
# a connection outside the test's traffic, made by hand on both directors
TUPLE="-p tcp -s 10.77.0.60 -d 10.77.0.100 --sport 5555 --dport 9001"
STALE="$TUPLE --state ESTABLISHED -u SEEN_REPLY,ASSURED"

scenario() { # on|off
	echo "=== conntrack_sync $1"
	ct_topology
	ct_director d1 1 150 "$1"
	ct_director d2 2 100 "$1"
	wait_until 100 has_vips d1 || fail "d1 did not take the VIPs"
	[ "$1" = on ] && wait_until 100 shown d2 "c['role']" backup
	# 5% of the sync datagrams d2 receives are lost
	ns d2 nft -f - <<NFT || fail "nft lossy"
table inet lossy {
	chain in {
		type filter hook input priority -300;
		udp dport 3780 numgen random mod 100 < 5 counter drop
	}
}
NFT
	ip netns exec "$P-c" "$SYNCTOOL" hold -c 10.77.0.100 -p 9000 -n "$N" -i 200 \
		-t 15000 -d 300 -s "$W/hold" >"$W/hold.out" 2>&1 &
	echo $! >"$W/hold.pid" # ip netns exec execs synctool
	wait_until 300 status_is alive "$N" ||
		fail "$N connections through d1: $(cat "$W/hold" 2>&1)"
	ok "$N connections carry data through d1"
	if [ "$1" = on ]; then
		wait_until 200 shown d2 "c['cache_entries']" "$N" ||
			fail "d2's cache: $(ctshow d2 "c")"
		dropped=$(ns d2 nft list table inet lossy | sed -n 's/.*packets \([0-9]*\).*/\1/p')
		ok "d2 has all $N entries though $dropped sync packets (trains of datagrams) were dropped" \
			"(gaps=$(ctshow d2 "c['gaps']") nacks=$(ctshow d2 "c['nacks_sent']")" \
			"resent=$(ctshow d1 "c['channel']['resent']") resyncs=$(ctshow d2 "c['resyncs_after_loss']"))"
		# a restarted backup catches up by resync
		kill "$(cat "$W/d2.pid")"
		wait_until 100 sh -c "! kill -0 $(cat "$W/d2.pid") 2>/dev/null" ||
			fail "d2 did not stop"
		ct_vigild d2
		wait_until 100 shown d2 "c['resyncs_done'] >= 1" True ||
			fail "d2 restarted: no resync: $(ctshow d2 c)"
		wait_until 100 shown d2 "c['cache_entries']" "$N" ||
			fail "d2 restarted: cache $(ctshow d2 "c['cache_entries']")"
		ok "d2 restarted: resync in $(ctshow d2 "c['last_resync_ms']") ms," \
			"$(ctshow d2 "c['cache_entries']") entries"
		grep -q 'sync conntrack=resync-done entries=' "$W/d2.log" ||
			fail "no resync-done log line"
		# An entry d2's kernel holds already, stale (mark 99 where
		# d1's says 7): the commit's create finds it, and it is
		# updated to d1's.
		ns d1 conntrack -I $STALE -t 600 --mark 7 >/dev/null 2>&1 ||
			fail "conntrack -I on d1"
		wait_until 100 shown d2 "c['cache_entries']" $((N + 1)) ||
			fail "d2's cache: $(ctshow d2 "c['cache_entries']")"
		ns d2 conntrack -I $STALE -t 600 --mark 99 >/dev/null 2>&1 ||
			fail "conntrack -I on d2"
	fi
	echo "--- cutting d1's links (a crash)"
	ns d1 ip link set eth0 down
	ns d1 ip link set eth1 down
	wait_until 100 has_vips d2 || fail "d2 did not take the VIPs"
	kill -USR1 "$(cat "$W/hold.pid")"
	if [ "$1" = on ]; then
		wait_until 200 status_is after_mark "$N" ||
			fail "after the failover: $(cat "$W/hold")"
		sleep 1
		status_is broken 0 || fail "broken: $(cat "$W/hold")"
		grep 'sync conntrack=commit' "$W/d2.log" | tail -n 1
		ns d2 conntrack -G $TUPLE 2>/dev/null | grep -q 'mark=7 ' ||
			fail "d2's stale entry not updated by the commit:" \
				"$(ns d2 conntrack -G $TUPLE 2>&1)"
		ok "d2's stale entry updated by the commit (mark 99 -> 7," \
			"commit_updates=$(ctshow d2 "c['commit_updates']"))"
		echo "client after the failover: $(cat "$W/hold")"
		ok "sync on: $N/$N connections survived the failover"
		ctl d2 show sync
	else
		wait_until 300 status_is broken "$N" ||
			fail "sync off: $(cat "$W/hold")"
		echo "client after the failover: $(cat "$W/hold")"
		ok "sync off: $N/$N connections broke at the failover"
	fi
	ct_cleanup
}

scenario on
[ -n "$CT_ONLY_ON" ] || scenario off
