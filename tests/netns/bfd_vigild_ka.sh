#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild's bfd child against keepalived 2.2.7's BFD process, one
# keepalived.conf syntax for both: a single-hop session (100 ms, x3)
# between d1 (vigild) and d2 (keepalived) comes Up on both sides;
# vigild's vrrp_instance tracks it (track_bfd) and holds its VIP while
# it is Up. Cutting d2's link takes vigild's session Down within the
# detection time and the instance to FAULT (VIP gone); restoring the
# link brings the session Up and the VIP back. A second instance tracks
# the session with a weight instead: its priority drops by the weight
# while the session is down, and it stays MASTER. A second session, over
# IPv6 on both sides' defaults (keepalived's hop limit 64), comes Up and
# goes Down with the link too. bfd_priority sets the bfd child's nice
# value. A reload that slows B1 to 300 ms keeps it Up (a poll sequence,
# RFC 5880 6.8.3) and keepalived follows.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
command -v keepalived >/dev/null || { echo "SKIP: no keepalived"; exit 77; }
topology
VIP=10.$NET.0.100
VIP2=10.$NET.0.101

bfd_conf() { # NAME NEIGHBOR SOURCE
	cat <<K
bfd_instance $1 {
	neighbor_ip $2
	source_ip $3
	min_rx 100
	min_tx 100
	multiplier 3
}
K
}

bfd6_conf() { # NAME NEIGHBOR SOURCE: keepalived's defaults but min_*
	printf 'bfd_instance %s {\n\tneighbor_ip %s\n\tsource_ip %s\n' "$@"
	printf '\tmin_rx 100\n\tmin_tx 100\n}\n'
}

vg_conf() {
	printf 'global_defs {\n\tbfd_priority 5\n}\n'
	bfd_conf B1 "10.$NET.0.2" "10.$NET.0.1"
	bfd6_conf B6 "fd00:$NET::2" "fd00:$NET::1"
	cat <<K
vrrp_instance VI_1 {
	state MASTER
	interface eth0
	virtual_router_id 51
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP/24
	}
	track_bfd {
		B1
	}
}
vrrp_instance VI_2 {
	state MASTER
	interface eth0
	virtual_router_id 52
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP2/24
	}
	track_bfd {
		B1 weight -30
	}
}
K
}

show_bfd() { # F [SESSION]: the field, as vigilctl --json show bfd says
	"$VIGILCTL" -s "$WORK/vg.run/vigil.sock" --json show bfd |
		"$PY" -c "import json,sys; d=json.load(sys.stdin)['data']
print([b for b in d['bfd_instances'] if b['name']=='${2:-B1}'][0]['$1'])"
}
bfd_is() { [ "$(show_bfd state "$2")" = "$1" ]; }
prio2_is() { [ "$(prio2)" = "$1" ]; }
prio2() {
	"$VIGILCTL" -s "$WORK/vg.run/vigil.sock" --json show vrrp |
		"$PY" -c "import json,sys; d=json.load(sys.stdin)['data']
print([i for i in d['instances'] if i['name']=='VI_2'][0]['priority'])"
}

printf 'global_defs {\n\trouter_id ka\n}\n%s\n%s\n' \
	"$(bfd_conf B1 "10.$NET.0.1" "10.$NET.0.2")" \
	"$(bfd6_conf B6 "fd00:$NET::1" "fd00:$NET::2")" >"$WORK/ka.conf"
ip netns exec "$P-d2" keepalived -n -l -D -f "$WORK/ka.conf" \
	-p "$WORK/ka.pid" -b "$WORK/ka.bpid" -r "$WORK/ka.vpid" \
	-c "$WORK/ka.cpid" >>"$WORK/ka.log" 2>&1 &
ka_pid=$!
PIDS="$PIDS $ka_pid"
# vigild -P, as keepalived -P: the bfd child runs beside the vrrp child
start_vigild d1 vg "$(vg_conf)"
wait_until 10 grep -q "child=bfd .*state=ready" "$WORK/vg.log" ||
	fail "vigild's bfd child did not start beside -P"
bpid=$(sed -n 's/.*child=bfd pid=\([0-9]*\) state=ready.*/\1/p' "$WORK/vg.log" | tail -n 1)

wait_until 10 bfd_is Up || fail "vigild's session did not come Up ($(show_bfd state))"
wait_until 5 grep -q "(B1) Entering Up state" "$WORK/ka.log" ||
	fail "keepalived's session did not come Up"
[ "$(show_bfd remote_discr)" != 0 ] || fail "no remote discriminator"
wait_until 5 bfd_is Up B6 || fail "vigild's IPv6 session is $(show_bfd state B6)"
wait_until 5 grep -q "(B6) Entering Up state" "$WORK/ka.log" ||
	fail "keepalived's IPv6 session did not come Up"
[ "$(show_bfd counters B6 | "$PY" -c "import ast,sys; print(ast.literal_eval(sys.stdin.read())['rx_dropped_ttl'])")" = 0 ] ||
	fail "vigild dropped keepalived's IPv6 packets for their hop limit"
log "IPv6 session Up on both sides (hop limit 64)"
[ "$(ps -o ni= -p "$bpid" | tr -d ' ')" = 5 ] ||
	fail "the bfd child does not run at bfd_priority 5"
log "session Up on both sides (remote discriminator $(show_bfd remote_discr), detect time $(show_bfd detect_time_us) us)"
wait_until 5 has_addr d1 "$VIP" || fail "VI_1 did not take its VIP with the session Up"
wait_until 5 has_addr d1 "$VIP2" || fail "VI_2 did not take its VIP"
[ "$(prio2)" = 100 ] || fail "VI_2's priority is $(prio2) with the session Up"
log "VI_1 and VI_2 MASTER with the session Up"

# Cut the link on keepalived's side: vigild hears nothing any more.
t0=$(date +%s%N)
ns br ip link set pd2 down # the cable: d2 keeps its addresses
wait_until 3 bfd_is Down || fail "vigild's session stayed $(show_bfd state)"
ms=$((($(date +%s%N) - t0) / 1000000))
log "link cut -> vigild's session Down after ${ms} ms (diag $(show_bfd diag))"
[ "$(show_bfd diag)" = detect-expired ] || fail "diag $(show_bfd diag)"
# The detection time is 300 ms; polling vigilctl adds its own delay.
[ "$ms" -le 1000 ] || fail "Down after ${ms} ms, the detection time is 300 ms"
wait_until 2 no_addr d1 "$VIP" || fail "VI_1 kept its VIP with the session down"
wait_until 2 bfd_is Down B6 || fail "vigild's IPv6 session stayed $(show_bfd state B6)"
grep -q "vrrp_instance=VI_1 .*state=FAULT" "$WORK/vg.log" ||
	fail "VI_1 did not go to FAULT"
has_addr d1 "$VIP2" || fail "VI_2 (weight -30) lost its VIP"
wait_until 2 prio2_is 70 || fail "VI_2's priority is $(prio2), not 70"
log "VI_1 FAULT, VIP gone; VI_2 MASTER at priority 70"

ns br ip link set pd2 up
wait_until 15 bfd_is Up || fail "the session did not come back Up"
wait_until 15 bfd_is Up B6 || fail "the IPv6 session did not come back Up ($(show_bfd state B6); $(show_bfd counters B6))"
wait_until 5 has_addr d1 "$VIP" || fail "VI_1 did not take its VIP back"
wait_until 2 prio2_is 100 || fail "VI_2's priority stayed $(prio2)"
log "link restored -> session Up, VI_1 MASTER again, VI_2 back to 100"
# A reload to min_tx 300: the session stays Up, the peer learns it by a
# poll sequence and its detection time follows.
sed -i 's/min_tx 100/min_tx 300/' "$WORK/vg.conf"
ups=$(show_bfd counters | "$PY" -c "import ast,sys; print(ast.literal_eval(sys.stdin.read())['up'])")
"$VIGILCTL" -s "$WORK/vg.run/vigil.sock" reload >/dev/null || fail "reload refused"
wait_until 5 grep -q "child=bfd reload=ok" "$WORK/vg.log" || fail "the bfd child did not reload"
wait_until 5 grep -q "Detection time is 900000 us" "$WORK/ka.log" ||
	fail "keepalived did not take the new interval (detection time 900 ms)"
bfd_is Up || fail "the reload took the session $(show_bfd state)"
[ "$(show_bfd desired_min_tx_us)" = 300000 ] || fail "desired_min_tx_us $(show_bfd desired_min_tx_us)"
[ "$(show_bfd counters | "$PY" -c "import ast,sys; print(ast.literal_eval(sys.stdin.read())['up'])")" = "$ups" ] ||
	fail "the reload made the session go down and up"
log "reload to min_tx 300: session kept Up, keepalived's detection time 900 ms"
grep -q "child=bfd .*seccomp=denied" "$WORK/vg.log" && fail "seccomp denied a call"
kill -TERM "$vg_pid"
wait "$vg_pid" 2>/dev/null
wait_until 3 grep -q "(B1) Entering Down state" "$WORK/ka.log" ||
	fail "keepalived did not see the session go down at vigild's stop"
log "PASS"
