#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The sync child's listener on the host (whose kernel has no IPVS): vigild
# with only `lvs_sync_daemon veth0` starts the sync child, which says IPVS
# is unavailable and keeps listening on the sync group. Hand-made kernel
# sync messages sent from the other end of the veth pair are counted in
# `vigilctl show sync`: v1 messages and their connections, a v0 message, a
# malformed one (counted, logged with why and where), the sender and sync
# id, the age of the last one. keepalived's deprecated
# lvs_sync_daemon_interface in a vrrp_instance starts it too. Without
# lvs_sync_daemon there is no sync child and `show sync` says so.
. "$(dirname "$0")/vigild_lib.sh"

SYNCTOOL=$B/tests/sync/synctool
CORPUS=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fuzz/corpus/sync_msg
[ -x "$SYNCTOOL" ] || fail "$SYNCTOOL not built"
# The sender: the other end of the pair, in a namespace of its own (a
# datagram from an address of the receiver's own would be a martian).
SNS=$NS-s
trap 'ip netns del "$SNS" 2>/dev/null; cleanup' EXIT
ip netns add "$SNS" || fail "netns"
ip -n "$NS" link set veth1 netns "$SNS"
ip -n "$SNS" addr add 10.99.0.2/24 dev veth1
ip -n "$SNS" link set veth1 up

# A field of `vigilctl show sync --json` as a Python expression on `s`.
show() {
	ctl --json show sync 2>/dev/null | python3 -c "
import json, sys
s = json.load(sys.stdin)['data']
print($1)" 2>/dev/null
}
send() { ip netns exec "$SNS" "$SYNCTOOL" send -g 224.0.0.81 -p 8848 -a 10.99.0.2 "$CORPUS/$1"; }
is() { [ "$(show "$1")" = "$2" ]; }

printf 'global_defs {\n\tlvs_sync_daemon veth0 id 5\n}\n' >"$CONF"
start_vigild
wait_until 100 ready sync || fail "sync child not ready"
wait_until 100 is "s['ipvs']" unavailable || fail "ipvs: $(ctl --json show sync)"
grep -q "sync state=unavailable error=\"the kernel has no IPVS" "$LOG" ||
	fail "no log line for the missing IPVS"
ok "sync child runs without IPVS and says so"

for i in 1 2 3; do send v1_two_v4; done
wait_until 50 is "s['receiver']['messages']" 3 || fail "$(ctl --json show sync)"
is "s['receiver']['connections']" 6 || fail "connections: $(ctl --json show sync)"
is "s['receiver']['templates']" 3 || fail "templates: $(ctl --json show sync)"
is "s['receiver']['last_from']" 10.99.0.2 || fail "last_from"
is "s['receiver']['last_syncid']" 5 || fail "last_syncid"
is "s['receiver']['v1_messages']" 3 || fail "v1"
is "s['receiver']['last_message_age_s'] < 5" True || fail "age"
ok "3 v1 messages, their connections, sender and sync id"

send v1_v6_seq
wait_until 50 is "s['receiver']['v6_connections']" 1 || fail "v6: $(ctl --json show sync)"
send v0_two
wait_until 50 is "s['receiver']['v0_messages']" 1 || fail "v0: $(ctl --json show sync)"
ok "an IPv6 entry and a v0 message"

send v1_bad_version
wait_until 50 is "s['receiver']['malformed']" 1 || fail "malformed: $(ctl --json show sync)"
is "s['receiver']['last_malformed']" "unknown entry version at byte 10 of 80" ||
	fail "why: $(show "s['receiver']['last_malformed']")"
grep -q 'sync msg=malformed from=10.99.0.2 error="unknown entry version at byte 10 of 80" malformed=1' "$LOG" ||
	fail "no log line for the malformed message"
is "s['receiver']['messages']" 5 || fail "a malformed message counted as good"
ok "a malformed message counted and logged with why and where"
ctl show sync

# keepalived's old spelling, in a vrrp_instance, starts it too
kill "$VPID"
wait_until 70 sh -c "! kill -0 $VPID 2>/dev/null" || fail "vigild did not stop"
printf 'vrrp_instance VI_7 {\n\tinterface veth0\n\tvirtual_router_id 77\n\tpriority 100\n\tlvs_sync_daemon_interface veth0\n\tvirtual_ipaddress {\n\t\t10.99.0.100/24\n\t}\n}\n' >"$CONF"
start_vigild
wait_until 100 ready sync || fail "sync child not ready (lvs_sync_daemon_interface)"
wait_until 50 is "s['vrrp_instance'] + ' ' + str(s['syncid'])" "VI_7 77" ||
	fail "$(ctl --json show sync)"
ok "lvs_sync_daemon_interface in a vrrp_instance: instance VI_7, syncid 77"

kill "$VPID"
wait_until 70 sh -c "! kill -0 $VPID 2>/dev/null" || fail "vigild did not stop"
printf 'global_defs {\n\trouter_id x\n}\nvrrp_instance VI_1 {\n\tinterface veth0\n\tvirtual_router_id 5\n\tpriority 100\n\tvirtual_ipaddress {\n\t\t10.99.0.100/24\n\t}\n}\n' >"$CONF"
start_vigild
wait_until 100 ready vrrp || fail "vrrp child not ready"
[ "$(status "'sync' in s['children']")" = false ] || fail "a sync child without lvs_sync_daemon"
ctl show sync >/dev/null 2>&1 && fail "show sync answered without a sync child"
ok "no lvs_sync_daemon, no sync child"
