#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reload (SIGHUP) and admin commands on a vrrptest pair (v3, 0.1 s):
# - an unchanged instance keeps its state and addresses, with no
#   transition and no address flap;
# - a changed one is updated in place: a new VIP appears on the MASTER, a
#   removed one goes, a lower priority hands over, without a restart;
# - a removed instance resigns and releases; an added one starts;
# - an invalid config is refused and the running one stays;
# - admin: force FAULT (maintenance) releases the VIP and holds it; NONE
#   gives it back; force MASTER takes over now.
. "$(dirname "$0")/vrrp_lib.sh"

topology
V1=10.$NET.0.100 V2=10.$NET.0.101 V3=10.$NET.0.102 V4=10.$NET.0.103

conf() { # PRIO1 PRIO2 VIPS2 [EXTRA]: VIPS2 one a line
	cat <<K
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority $1
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$V1/24
	}
}
vrrp_instance VI_2 {
	interface eth0
	virtual_router_id 52
	priority $2
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$3
	}
}
$4
K
}

V2_3="$V2/24
		$V3/24"
start_vrrptest d1 a "$(conf 150 150 "$V2/24")"
start_vrrptest d2 b "$(conf 100 100 "$V2/24")"
wait_until 3 has_addr d1 "$V1" && wait_until 3 has_addr d1 "$V2" ||
	fail "d1 not master of both"
sent0=$(jget a "s['instances'][0]['stats']['advertise_sent']")
transitions() { grep -c "instance=VI_1 state=[A-Z]* from=" "$WORK/a.log"; }
trans0=$(transitions)
ip netns exec "$P-d1" ip monitor address >"$WORK/mon.log" 2>&1 &
mon=$!
PIDS="$PIDS $mon"
sleep 0.2

# VI_2 gains a VIP on both directors (their address lists must agree, or
# each refuses the other's adverts); VI_1 does not change at all.
conf 150 150 "$V2_3" >"$WORK/a.conf"
conf 100 100 "$V2_3" >"$WORK/b.conf"
kill -HUP "$a_pid" "$b_pid"
wait_until 2 has_addr d1 "$V3" || fail "reload: new VIP not added"
grep -q "reload=done instances=2 changes=1" "$WORK/a.log" || fail "reload not applied"
sleep 0.3
[ "$(transitions)" = "$trans0" ] ||
	fail "reload: the unchanged instance had a transition"
grep -q "Deleted.*$V1\|Deleted.*$V2" "$WORK/mon.log" && fail "reload flapped a VIP"
[ "$(jget a "s['instances'][0]['stats']['advertise_sent']")" -gt "$sent0" ] ||
	fail "VI_1 stopped advertising"
log "reload: VIP $V3 added to VI_2; VI_1 untouched, no address flapped"

# VI_2's priority falls below d2's: it hands over, in place.
conf 150 90 "$V2_3" >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 2 has_addr d2 "$V3" || fail "reload: priority 90 did not hand over"
wait_until 2 no_addr d1 "$V3" || fail "reload: d1 kept $V3"
has_addr d1 "$V1" || fail "VI_1 lost its VIP"
log "reload: VI_2 at priority 90 handed over to d2; VI_1 still master"

# An invalid config is refused; the running one stays.
printf 'vrrp_instance VI_1 {\n\tinterface eth0\n\tvirtual_router_id 0\n}\n' \
	>"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 2 grep -q "reload=refused" "$WORK/a.log" || fail "bad config accepted"
has_addr d1 "$V1" && is_state a MASTER || fail "bad config disturbed VI_1"
log "reload: invalid config refused, VI_1 unchanged"

# VI_2 replaced by VI_2x (same VRID, new name), VI_3 added.
conf 150 90 "$V2_3" "vrrp_instance VI_3 {
	interface eth0
	virtual_router_id 53
	priority 150
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$V4/24
	}
}" | sed 's/^vrrp_instance VI_2 {/vrrp_instance VI_2x {/' >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 2 has_addr d1 "$V4" || fail "added instance did not start"
is_state a MASTER || fail "VI_1 disturbed by adding VI_3"
log "reload: VI_2 renamed (resigned, restarted), VI_3 added and master"

# Admin: maintenance on VI_1.
echo "force VI_1 FAULT" >"$WORK/a.cmd"
kill -USR2 "$a_pid"
wait_until 2 has_addr d2 "$V1" || fail "force FAULT: d2 did not take over"
no_addr d1 "$V1" && is_state a FAULT || fail "force FAULT: d1 kept the VIP"
sleep 0.5
is_state a FAULT || fail "force FAULT did not hold"
echo "force VI_1 NONE" >"$WORK/a.cmd"
kill -USR2 "$a_pid"
wait_until 2 has_addr d1 "$V1" || fail "released: d1 did not preempt back"
log "admin: FAULT released VI_1's VIP and held; NONE gave it back"
# force MASTER is one-shot: d1 (90) takes over now, then d2 (100, preempt)
# wins it back by the protocol.
echo "force VI_2x MASTER" >"$WORK/a.cmd"
kill -USR2 "$a_pid"
wait_until 2 grep -q "instance=VI_2x state=MASTER from=BACKUP reason=admin" \
	"$WORK/a.log" || fail "force MASTER: d1 did not take over"
wait_until 2 grep -q "instance=VI_2x state=BACKUP from=MASTER reason=higher-priority" \
	"$WORK/a.log" || fail "force MASTER: d2 did not win back"
wait_until 2 has_addr d2 "$V2" || fail "d2 does not hold $V2"
log "admin: force MASTER took VI_2x over at once; d2 preempted it back"
kill -TERM "$a_pid"
wait "$a_pid" || fail "unclean exit"
log "PASS"
