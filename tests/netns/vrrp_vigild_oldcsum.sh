#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# old_unicast_checksum through vigild: VRRPv3 unicast between d1 (150,
# old_unicast_checksum) and d2 (100), advert_int 0.1.
# - d1's adverts carry keepalived < 1.3.6's checksum: tshark, which sums
#   with the datagram's destination as RFC 5798 says, calls them bad;
# - d2 without the keyword detects the old checksum and stays BACKUP; once
#   d1 is stopped, d2 as MASTER sends the old checksum too; with
#   "old_unicast_checksum never" it counts checksum errors and becomes
#   MASTER beside d1.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100 D1=10.$NET.0.1 D2=10.$NET.0.2

conf() { # NAME PRIO SRC PEER EXTRA
	ka_conf "$1" "$2" 3 0.1 "$VIP/24" "unicast_src_ip $3
	unicast_peer {
		$4
	}
	$5"
}
csum() { # SRC: the checksum statuses tshark gives SRC's adverts
	ip netns exec "$P-d2" tshark -r "$WORK/cap.pcap" -Y "ip.src == $1" \
		-T fields -e vrrp.checksum.status 2>/dev/null | sort -u |
		tr '\n' ' '
}
errors() {
	vctl "$1" show vrrp --json | "$PY" -c '
import json, sys
print(json.load(sys.stdin)["data"]["instances"][0]["stats"]["checksum_errors"])'
}

capture d2 eth0 "ip proto 112" "$WORK/cap.pcap"
start_vigild d1 a "$(conf a 150 "$D1" "$D2" old_unicast_checksum)"
wait_until 3 has_addr d1 "$VIP" || fail "d1 did not become MASTER"
start_vigild d2 b "$(conf b 100 "$D2" "$D1" "")"
sleep 1.5
no_addr d2 "$VIP" || fail "d2 did not take d1's old checksums"
grep -q "instance=VI_1 peer=$D1 checksum=old" "$WORK/b.log" ||
	fail "d2 logged no switch to the old checksum"
[ "$(errors a)" = 0 ] || fail "d1 counted $(errors a) checksum errors"
stop_vigild a
wait_until 3 has_addr d2 "$VIP" || fail "d2 did not take over from d1"
sleep 0.5
kill -INT "$cap"
wait "$cap"
[ "$(csum "$D1")" = "0 " ] || fail "d1's checksums, to tshark: $(csum "$D1")"
[ "$(csum "$D2")" = "0 " ] || fail "d2 did not send in kind: $(csum "$D2")"
log "old_unicast_checksum: d1's adverts bad to tshark; d2 switched, stayed BACKUP, then sent them too as MASTER"
stop_vigild b

start_vigild d1 a2 "$(conf a2 150 "$D1" "$D2" old_unicast_checksum)"
wait_until 3 has_addr d1 "$VIP" || fail "d1 did not become MASTER again"
start_vigild d2 c "$(conf c 100 "$D2" "$D1" "old_unicast_checksum never")"
wait_until 3 has_addr d2 "$VIP" || fail "never: d2 did not become MASTER"
n=$(errors c)
[ "$n" -gt 0 ] || fail "never: d2 counted no checksum error"
log "old_unicast_checksum never: d2 counted $n checksum errors and is MASTER"
log "PASS"
