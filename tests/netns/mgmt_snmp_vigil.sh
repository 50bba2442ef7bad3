#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# VIGIL-MIB: smilint accepts doc/VIGIL-MIB.txt; vigild with enable_snmp_vrrp
# and lvs_sync_daemon serves it through snmpd (started here as the AgentX
# master) beside KEEPALIVED-MIB, and snmpwalk of it matches `vigilctl
# status --json` and `vigilctl show sync --json`: the daemon (reloads,
# config generation), the table of children, the control socket's
# counters, the sync receiver's messages after hand-made sync messages,
# one of them malformed; the bulk resync (vigilResync).
TEST=mgmt_snmp_vigil
. "$(dirname "$0")/vigild_lib.sh"
command -v snmpd >/dev/null || { echo "SKIP: no snmpd"; exit 77; }
command -v snmpwalk >/dev/null || { echo "SKIP: no snmpwalk"; exit 77; }
command -v smilint >/dev/null || { echo "SKIP: no smilint"; exit 77; }
SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}

# The MIB, linted at the highest level; Debian has no SMIv2 base modules
# (tests/snmp/smi/README): their stand-ins, and Net-SNMP's NET-SNMP-MIB.
SMIPATH=$SRC/tests/snmp/smi:/usr/share/snmp/mibs smilint -s -l 6 \
	"$SRC/doc/VIGIL-MIB.txt" >"$T/smilint.txt" 2>&1
[ ! -s "$T/smilint.txt" ] || { cat "$T/smilint.txt"; fail "smilint"; }
ok "smilint -l 6 accepts doc/VIGIL-MIB.txt"

. "$(dirname "$0")/mgmt_snmp_lib.sh"
SNS=$NS-s
trap 'ip netns del "$SNS" 2>/dev/null; cleanup' EXIT
sync_peer
nsx ip link set lo up

V=.1.3.6.1.4.1.8072.9999.9999.7
cat >"$CONF" <<CONF
global_defs {
	router_id r1
	enable_snmp_vrrp
	snmp_socket $T/ax-vigil
	lvs_sync_daemon veth0 id 5
}
$(vrrp_conf)
CONF
snmpd_in "$NS" vigil
start_vigild
wait_until 100 ready sync || fail "sync child not ready"
walk() { nsx snmpwalk -v2c -c public -On -m "" -t 2 -r 0 127.0.0.1:16161 "$1" 2>&1; }
get() { walk "$V.$1" | sed -n 's/^[^=]* = [A-Za-z0-9]*: //p'; }
js() { # vigilctl COMMAND... -- EXPR on d (its data)
	_e=$1
	shift
	ctl --json "$@" | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']
print($_e)"
}
registered() { [ -n "$(get 1.1.1.0)" ]; }
wait_until 150 registered || { walk $V; fail "VIGIL-MIB not registered"; }
ok "snmpd serves VIGIL-MIB at $V ($(walk $V | wc -l) objects)"

# The daemon and its children, after one reload.
ctl reload >/dev/null || fail "reload"
is() { [ "$(get "$1")" = "$2" ]; }
wait_until 50 is 1.1.4.0 1 ||
	fail "vigilReloads is not 1: $(walk $V.1.1)"
[ "$(get 1.1.3.0)" = "$(status "s['config_gen']")" ] ||
	fail "vigilConfigGeneration $(get 1.1.3.0)"
grep -q "\"$(get 1.1.1.0 | tr -d '"')\"" "$B/config.h" ||
	fail "vigilVersion $(get 1.1.1.0) is not PACKAGE_VERSION"
walk $V.1.2 >"$T/children.txt"
for i in 1 2 3; do
	name=$(sed -n "s/^$V.1.2.1.2.$i = STRING: \"\(.*\)\"$/\1/p" "$T/children.txt")
	[ -n "$name" ] || { cat "$T/children.txt"; fail "no vigilChildName.$i"; }
	want=$(status "'$name' in s['children'] and s['children']['$name']['ready']")
	[ "$want" = true ] && tv=1 || tv=2
	grep -q "^$V.1.2.1.4.$i = INTEGER: $tv$" "$T/children.txt" ||
		fail "vigilChildReady.$i ($name) is not $tv"
	if [ "$want" = true ]; then
		pid=$(status "s['children']['$name']['pid']")
		grep -q "^$V.1.2.1.5.$i = INTEGER: $pid$" "$T/children.txt" ||
			fail "vigilChildPid.$i ($name) is not $pid"
	fi
done
ok "vigilReloads 1, vigilConfigGeneration, vigilChildTable (ready, pid) = vigilctl status"

# The control socket: served grows with each vigilctl request, a bad
# request is counted.
a=$(get 1.3.1.0)
nsx python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b'not json\n'); s.recv(4096)" "$SOCK" 2>/dev/null
ctl status >/dev/null
# (the subagent's tree is rebuilt from the model every 2 s)
bad_counted() { [ "$(get 1.3.2.0)" -ge 1 ] && [ "$(get 1.3.1.0)" -gt "$a" ]; }
wait_until 50 bad_counted ||
	fail "vigilControlBadRequests $(get 1.3.2.0), vigilControlServed $a -> $(get 1.3.1.0)"
b=$(get 1.3.1.0)
ok "vigilControlServed $a -> $b, vigilControlBadRequests $(get 1.3.2.0)"

# The sync receiver: 3 messages and a malformed one.
for i in 1 2 3; do sync_send v1_two_v4; done
sync_send v1_bad_version
wait_until 50 is 1.4.3.0 1 ||
	fail "vigilSyncMalformed: $(walk $V.1.4)"
[ "$(get 1.4.1.0)" = "$(js "d['receiver']['messages']" show sync)" ] ||
	fail "vigilSyncMessages $(get 1.4.1.0)"
[ "$(get 1.4.2.0)" = "$(js "d['receiver']['connections']" show sync)" ] ||
	fail "vigilSyncConnections $(get 1.4.2.0)"
age=$(get 1.4.4.0)
[ -n "$age" ] && [ "$age" -lt 3000 ] || fail "vigilSyncLastMessageAge '$age'"
[ "$(get 1.4.6.0)" = 2 ] || fail "vigilSyncBackupThread without IPVS"
ok "vigilSyncMessages $(get 1.4.1.0), Connections $(get 1.4.2.0), Malformed 1, LastMessageAge ${age}cs = vigilctl show sync"

# The IPVS bulk resync (vigilResync): each object = show sync's member.
n=0
for key in requested done entries ms started replayed failed; do
	n=$((n + 1))
	v=$(get "1.6.$n.0")
	[ -n "$v" ] && [ "$v" = "$(js "d['resync']['$key']" show sync)" ] ||
		fail "vigilResync $n ($key) '$v': $(walk $V.1.6)"
done
ok "vigilResync's $n objects = vigilctl show sync's resync member"
