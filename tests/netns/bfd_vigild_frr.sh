#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild's bfd child against FRRouting's bfdd (Debian's frr), a second
# BFD implementation nobody here wrote: a single-hop session (100 ms, x3)
# between d1 (vigild) and d2 (bfdd) comes Up on both sides; vigild's
# vrrp_instance tracks it and holds its VIP while it is Up; a cut link
# takes vigild's session Down within the detection time and the instance
# to FAULT (VIP gone); the link back restores both. Skipped without frr.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
BFDD=${BFDD:-/usr/lib/frr/bfdd}
[ -x "$BFDD" ] || { echo "SKIP: no FRR bfdd ($BFDD; Debian package frr)"; exit 77; }
command -v vtysh >/dev/null || { echo "SKIP: no vtysh (frr)"; exit 77; }
topology
VIP=10.$NET.0.100
FRR=$WORK/frr
mkdir -p "$FRR"
chmod 777 "$FRR"

cat >"$FRR/bfdd.conf" <<K
bfd
 peer 10.$NET.0.1 local-address 10.$NET.0.2
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 !
!
K
# bfdd alone (no zebra: the peer is an address, no interface or VRF)
ip netns exec "$P-d2" "$BFDD" -f "$FRR/bfdd.conf" --vty_socket "$FRR" \
	--bfdctl "$FRR/bfdd.sock" -i "$FRR/bfdd.pid" -z "$FRR/zserv.api" \
	-u frr -g frr --log "file:$FRR/bfdd.log" >"$WORK/frr.log" 2>&1 &
frr_pid=$!
PIDS="$PIDS $frr_pid"
frr_state() { # the peer's status as bfdd says it: up, down, init
	ip netns exec "$P-d2" vtysh --vty_socket "$FRR" -c "show bfd peers json" \
		2>/dev/null | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['status'])" 2>/dev/null
}

start_vigild d1 vg "$(cat <<K
bfd_instance B1 {
	neighbor_ip 10.$NET.0.2
	source_ip 10.$NET.0.1
	min_rx 100
	min_tx 100
	multiplier 3
}
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
K
)"
show_bfd() {
	"$VIGILCTL" -s "$WORK/vg.run/vigil.sock" --json show bfd |
		"$PY" -c "import json,sys; d=json.load(sys.stdin)['data']; print(d['bfd_instances'][0]['$1'])"
}
bfd_is() { [ "$(show_bfd state)" = "$1" ]; }
frr_is() { [ "$(frr_state)" = "$1" ]; }

wait_until 10 bfd_is Up || fail "vigild's session did not come Up ($(show_bfd state))"
wait_until 5 frr_is up || fail "bfdd's session is $(frr_state)"
log "session Up on both sides (bfdd: $(frr_state), vigild's detect time $(show_bfd detect_time_us) us)"
wait_until 5 has_addr d1 "$VIP" || fail "VI_1 did not take its VIP with the session Up"

t0=$(date +%s%N)
ns br ip link set pd2 down # the cable: d2 keeps its addresses
wait_until 3 bfd_is Down || fail "vigild's session stayed $(show_bfd state)"
ms=$((($(date +%s%N) - t0) / 1000000))
log "link cut -> vigild's session Down after ${ms} ms (diag $(show_bfd diag))"
[ "$ms" -le 1000 ] || fail "Down after ${ms} ms, the detection time is 300 ms"
wait_until 2 no_addr d1 "$VIP" || fail "VI_1 kept its VIP with the session down"
log "VI_1 FAULT, VIP gone"

ns br ip link set pd2 up
wait_until 15 bfd_is Up || fail "the session did not come back Up"
wait_until 5 has_addr d1 "$VIP" || fail "VI_1 did not take its VIP back"
wait_until 5 frr_is up || fail "bfdd's session is $(frr_state)"
log "link restored -> session Up on both sides, VI_1 MASTER again"
stop_vigild vg
wait_until 3 frr_is down || fail "bfdd did not see vigild's AdminDown ($(frr_state))"
log "PASS"
