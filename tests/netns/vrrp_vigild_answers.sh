#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# How a MASTER starts and answers other masters, through vigild (VRRPv3,
# unicast between d1 and d2), as seen on d2's wire and in d1's scripts:
# - vrrp_startup_delay 5: d1, alone, takes the VIP after 5 s, not after
#   its Master_Down_Interval (3.4 s);
# - unicast_ttl 7: d1's adverts to its peer leave with TTL 7;
# - d2 (priority 100, advert_int 0.25) is made deaf to VRRP and becomes a
#   second MASTER; d1 (150, advert_int 1) hears its lower adverts:
#   - lower_prio_no_advert: d1 keeps to one advert a second instead of
#     answering each of d2's four;
#   - notify_master_rx_lower_pri: d1 runs its script;
# - notify_priority_changes: d1's track_file moves its priority, and its
#   notify FIFO says MASTER_PRIORITY 155.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100 D1=10.$NET.0.1 D2=10.$NET.0.2

printf '#!/bin/sh\necho rx >>%s\n' "$WORK/rx.out" >"$WORK/rx.sh"
: >"$WORK/rx.out"
# the scripts run as an unprivileged user (no script_user: keepalived's)
chmod 755 "$WORK" "$WORK/rx.sh"
chmod 666 "$WORK/rx.out"
echo 0 >"$WORK/tf"
conf() { # NAME PRIO ADVERT SRC PEER INSTANCE-EXTRA GLOBAL-EXTRA
	cat <<K
global_defs {
	router_id $1
	vrrp_garp_master_delay 0
	$7
}
track_file tf {
	file $WORK/tf
	weight 1
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	version 3
	advert_int $3
	unicast_src_ip $4
	unicast_peer {
		$5
	}
	$6
	virtual_ipaddress {
		$VIP/24
	}
}
K
}

# tshark on d2: every advert d1 sends, before d2's firewall drops them
capture d2 eth0 "ip proto 112" "$WORK/cap.pcap"

t0=$(date +%s%N)
start_vigild d1 a "$(conf a 150 1 "$D1" "$D2" "unicast_ttl 7
	lower_prio_no_advert
	notify_master_rx_lower_pri $WORK/rx.sh
	notify_priority_changes
	track_file {
		tf
	}" "vrrp_startup_delay 5
	vrrp_notify_fifo $WORK/a.fifo")"
wait_until 3 test -p "$WORK/a.fifo" || fail "vigild did not create its FIFO"
cat "$WORK/a.fifo" >>"$WORK/a.out" &
PIDS="$PIDS $!"
sleep $((4 - ($(date +%s%N) - t0) / 1000000000)).5
no_addr d1 "$VIP" ||
	fail "vrrp_startup_delay 5: d1 took the VIP within 4.5 s"
wait_until 3 has_addr d1 "$VIP" || fail "d1 did not become master"
ms=$((($(date +%s%N) - t0) / 1000000))
log "vrrp_startup_delay 5: d1 MASTER after ${ms} ms"

ns d2 nft -f - <<N || fail "nft"
table inet deaf {
	chain input {
		type filter hook input priority 0
		ip protocol 112 drop
	}
}
N
start_vigild d2 b "$(conf b 100 0.25 "$D2" "$D1")"
wait_until 4 has_addr d2 "$VIP" || fail "deaf d2 did not become MASTER"
wait_until 4 test -s "$WORK/rx.out" ||
	fail "notify_master_rx_lower_pri: d1 did not run its script"
log "notify_master_rx_lower_pri: d1 ran its script"
has_addr d1 "$VIP" || fail "d1 lost the VIP to a lower master"

echo 5 >"$WORK/tf"
wait_until 4 grep -qx 'INSTANCE "VI_1" MASTER_PRIORITY 155' "$WORK/a.out" ||
	fail "notify_priority_changes: d1's FIFO: $(cat "$WORK/a.out")"
log "notify_priority_changes: MASTER_PRIORITY 155 on d1's FIFO"

# both MASTER from here on: count the adverts of each (d2's go out too)
from=$(date +%s.%N)
sleep 2.5
kill -INT "$cap"
wait "$cap"
adverts() { # SRC: the time and TTL of each advert from SRC
	ip netns exec "$P-d2" tshark -r "$WORK/cap.pcap" -Y "ip.src == $1" \
		-T fields -e frame.time_epoch -e ip.ttl 2>/dev/null
}
t=$(adverts "$D1")
[ -n "$t" ] || fail "no advert of d1 captured"
ttls=$(echo "$t" | cut -f2 | sort -u | tr '\n' ' ')
[ "$ttls" = "7 " ] || fail "unicast_ttl 7: d1's adverts had TTL $ttls"
log "unicast_ttl 7: $(echo "$t" | wc -l) adverts of d1, all TTL 7"
n1=$(echo "$t" | awk -v f="$from" '$1 > f' | wc -l)
n2=$(adverts "$D2" | awk -v f="$from" '$1 > f' | wc -l)
[ "$n2" -ge 6 ] || fail "d2 sent $n2 adverts in 2.5 s, not a MASTER"
[ "$n1" -le 4 ] ||
	fail "lower_prio_no_advert: d1 sent $n1 adverts in 2.5 s (answers to d2's $n2)"
log "lower_prio_no_advert: d1 sent $n1 adverts in 2.5 s against d2's $n2"
stop_vigild b
stop_vigild a
log "PASS"
