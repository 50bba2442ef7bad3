#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Tracking and notify, two vrrptest directors (v3, advert_int 0.1 s):
# - track_interface (weight 0): d1's tracked link goes down -> d1 FAULT,
#   d2 takes the VIP; link up -> d1 preempts back;
# - vrrp_script (weight -60, run by the driver's runner): failing -> d1's
#   priority drops below d2's -> d2 takes over; passing again -> back;
# - vrrp_track_file (weight 1): the number in the file moves the priority;
# - vrrp_track_process (weight 0): the process gone -> FAULT;
# - notify scripts get keepalived's arguments, in the order of transitions.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VIP=10.$NET.0.100
# A second link on d1 to track (both ends in d1).
ns d1 ip link add eth1 type veth peer name eth1p
ns d1 ip link set eth1 up
ns d1 ip link set eth1p up
cp /bin/sleep "$WORK/vrrp-tproc"
ip netns exec "$P-d1" "$WORK/vrrp-tproc" 600 >/dev/null 2>&1 &
proc_pid=$!
PIDS="$PIDS $proc_pid"
cat >"$WORK/notify.sh" <<'N'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/notify.out"
N
cat >"$WORK/master.sh" <<'N'
#!/bin/sh
echo "notify_master" >>"$(dirname "$0")/notify.out"
N
chmod +x "$WORK/notify.sh" "$WORK/master.sh"
touch "$WORK/check_ok"
echo 0 >"$WORK/track_value"

start_vrrptest d1 a "
vrrp_script chk {
	script \"test -e $WORK/check_ok\"
	interval 0.2
	timeout 1
	weight -60
	fall 2
	rise 2
}
track_file tf {
	file $WORK/track_value
	weight 1
}
vrrp_track_process tp {
	process vrrp-tproc
	weight 0
}
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority 150
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP/24
	}
	track_interface {
		eth1
	}
	track_script {
		chk
	}
	track_file {
		tf
	}
	track_process {
		tp
	}
	notify $WORK/notify.sh
	notify_master $WORK/master.sh
}"
start_vrrptest d2 b "$(vt_conf 120 3 0.1 "$VIP/24")"

wait_until 3 has_addr d1 "$VIP" || fail "d1 not master"
log "d1 master (150)"

ns d1 ip link set eth1 down
wait_until 2 is_state a FAULT || fail "tracked link down: d1 not FAULT"
wait_until 2 has_addr d2 "$VIP" || fail "d2 did not take over from FAULT"
no_addr d1 "$VIP" || fail "d1 in FAULT kept the VIP"
log "track_interface eth1 down: d1 FAULT, d2 master"
ns d1 ip link set eth1 up
wait_until 3 has_addr d1 "$VIP" || fail "link up: d1 did not come back"
log "eth1 up: d1 master again"

rm "$WORK/check_ok"
wait_until 3 has_addr d2 "$VIP" || fail "script failing: d2 did not take over"
[ "$(jget a "s['instances'][0]['priority']")" = 90 ] || fail "priority not 150-60"
is_state a BACKUP || fail "d1 should be BACKUP at 90"
log "vrrp_script failing: d1 priority 90, d2 master"
touch "$WORK/check_ok"
wait_until 3 has_addr d1 "$VIP" || fail "script passing: d1 did not preempt"
log "vrrp_script passing: d1 back"

echo -40 >"$WORK/track_value"
wait_until 3 has_addr d2 "$VIP" || fail "track_file -40: d2 did not take over"
[ "$(jget a "s['instances'][0]['priority']")" = 110 ] || fail "priority not 150-40"
echo 5 >"$WORK/track_value"
wait_until 3 has_addr d1 "$VIP" || fail "track_file 5: d1 did not preempt"
[ "$(jget a "s['instances'][0]['priority']")" = 155 ] || fail "priority not 155"
log "vrrp_track_file: -40 -> d2 master, 5 -> d1 master at 155"

kill -KILL "$proc_pid"
wait "$proc_pid" 2>/dev/null
wait_until 3 is_state a FAULT || fail "process gone: d1 not FAULT"
wait_until 2 has_addr d2 "$VIP" || fail "process gone: d2 did not take over"
log "vrrp_track_process: process gone -> d1 FAULT"
ip netns exec "$P-d1" "$WORK/vrrp-tproc" 600 >/dev/null 2>&1 &
PIDS="$PIDS $!"
wait_until 3 has_addr d1 "$VIP" || fail "process back: d1 did not come back"
log "process back: d1 master"

kill -TERM "$a_pid"
wait "$a_pid"
# notify: the master script, then keepalived's four arguments, in order.
got=$(sed 's/"//g' "$WORK/notify.out" | tr '\n' '|')
want="INSTANCE VI_1 BACKUP 150|notify_master|INSTANCE VI_1 MASTER 150|\
INSTANCE VI_1 FAULT 150|INSTANCE VI_1 BACKUP 150|notify_master|\
INSTANCE VI_1 MASTER 150|INSTANCE VI_1 BACKUP 90|notify_master|\
INSTANCE VI_1 MASTER 150|INSTANCE VI_1 BACKUP 110|notify_master|\
INSTANCE VI_1 MASTER 155|INSTANCE VI_1 FAULT 155|INSTANCE VI_1 BACKUP 155|\
notify_master|INSTANCE VI_1 MASTER 155|INSTANCE VI_1 STOP 155|"
[ "$got" = "$want" ] || fail "notify order: got $got"
log "notify: $(wc -l <"$WORK/notify.out") calls in transition order"
log "PASS"
