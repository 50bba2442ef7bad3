#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two vrrptest directors, VRRPv3 over IPv4 at advert_int 0.1 s:
# - the higher priority wins and holds the VIP; the other does not;
# - a client pinging the VIP keeps reaching it while the master is killed
#   (SIGKILL) and the backup takes over;
# - the old master comes back and preempts; a graceful stop (priority 0)
#   hands over after Skew_Time;
# - tshark decodes the captured adverts as VRRP with good checksums.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VIP=10.$NET.0.100

conf() { # PRIO
	vt_conf "$1" 3 0.1 "$VIP/24"
}

ip netns exec "$P-br" tshark -i br0 -w "$WORK/cap.pcap" -q \
	-f "ip proto 112 or arp" 2>/dev/null &
cap_pid=$!
PIDS="$PIDS $cap_pid"
sleep 1
start_vrrptest d1 a "$(conf 150)"
start_vrrptest d2 b "$(conf 100)"

wait_until 3 has_addr d1 "$VIP" || fail "d1 (150) did not take the VIP"
is_state a MASTER || fail "d1 not MASTER"
is_state b BACKUP || fail "d2 not BACKUP"
no_addr d2 "$VIP" || fail "the VIP is on both directors"
log "elected: d1 MASTER with $VIP, d2 BACKUP"
ns c ping -c 3 -i 0.1 -W 1 "$VIP" >/dev/null || fail "client cannot reach VIP"

# The master dies (SIGKILL, and its link goes with it, as when the host
# crashes) while the client pings every 20 ms for 3 s.
ns c ping -i 0.02 -w 3 "$VIP" >"$WORK/ping.log" 2>&1 &
ping_pid=$!
sleep 0.5
kill -KILL "$a_pid"
ns d1 ip link set eth0 down
wait_until 2 has_addr d2 "$VIP" || fail "d2 did not take over"
log "d1 killed: d2 took $VIP"
wait "$ping_pid"
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$WORK/ping.log")
rcvd=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/ping.log")
log "client ping across the failover: $rcvd of $sent answered"
[ "${rcvd:-0}" -ge $((sent * 3 / 4)) ] ||
	fail "client lost the VIP: $(tail -2 "$WORK/ping.log")"
ns c ping -c 3 -i 0.1 -W 1 "$VIP" >/dev/null || fail "VIP unreachable after failover"

# d1 comes back with the higher priority: the VIP its killed run left
# behind is known from its ledger and cleared, then it preempts.
ns d1 ip link set eth0 up
start_vrrptest d1 a "$(conf 150)"
wait_until 3 has_addr d1 "$VIP" || fail "d1 did not preempt"
wait_until 2 no_addr d2 "$VIP" || fail "d2 kept the VIP"
[ "$(jget b "s['instances'][0]['master']")" = "10.$NET.0.1" ] ||
	fail "d2 does not see d1 as master"
log "d1 back: preempted"

# Graceful stop: priority 0, d2 takes over within Skew_Time (not 3 intervals).
t0=$(date +%s%N)
kill -TERM "$a_pid"
wait_until 2 has_addr d2 "$VIP" || fail "d2 did not take over after stop"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
log "graceful stop: d2 took over in ${ms} ms"
[ "$ms" -lt 300 ] || fail "takeover after priority 0 took ${ms} ms"
wait "$a_pid" || fail "vrrptest did not exit cleanly on SIGTERM"
no_addr d1 "$VIP" || fail "stopped d1 left the VIP"
[ "$(jget b "s['instances'][0]['stats']['priority_zero_pkts_rcvd']")" -ge 1 ] ||
	fail "priority 0 advert not counted"

# What went over the bridge decodes as VRRP with correct checksums.
sleep 0.3
kill -INT "$cap_pid"
wait "$cap_pid"
n=$(tshark -r "$WORK/cap.pcap" -Y vrrp 2>/dev/null | wc -l)
good=$(tshark -r "$WORK/cap.pcap" -Y "vrrp.checksum.status == 1" 2>/dev/null | wc -l)
bad=$(tshark -r "$WORK/cap.pcap" -Y "vrrp && _ws.expert.severity >= 6291456" 2>/dev/null | wc -l)
garp=$(tshark -r "$WORK/cap.pcap" -Y "arp.isgratuitous && arp.src.proto_ipv4 == $VIP" 2>/dev/null | wc -l)
log "tshark: $n VRRP adverts, $good with good checksums, $bad flagged, $garp gratuitous ARPs"
[ "$n" -gt 10 ] && [ "$good" = "$n" ] && [ "$bad" = 0 ] || fail "tshark disagrees"
[ "$garp" -ge 5 ] || fail "no gratuitous ARPs on the wire"
log "PASS"
