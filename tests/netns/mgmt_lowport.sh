#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigil_metrics_listen on a port below 1024 under the systemd unit's
# capabilities: vigild runs with the bounding set that
# etc/vigild.service.in names (setpriv), binds 127.0.0.1:80 (the parent
# binds it, at start and again on a reload that moves it to :81), and
# curl reads /metrics on both.
TEST=mgmt_lowport
. "$(dirname "$0")/vigild_lib.sh"
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }

UNIT=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/etc/vigild.service.in
# The unit's CapabilityBoundingSet lines (continued or repeated: systemd
# adds them up) as setpriv's list: -all,+net_admin,...
CAPS=$(sed -n '/^CapabilityBoundingSet=/,/[^\\]$/p' "$UNIT" |
	sed 's/^CapabilityBoundingSet=//; s/\\$//' | tr ' \t' '\n\n' |
	sed -n 's/^CAP_//p' | tr 'A-Z' 'a-z' | sed 's/^/+/' | paste -sd, -)
[ -n "$CAPS" ] || fail "no CapabilityBoundingSet in $UNIT"
echo "bounding set: $CAPS"

write_conf r1
sed -i "s|router_id r1|router_id r1\n\tvigil_metrics_listen 127.0.0.1:80|" "$CONF"
nsx ip link set lo up
ip netns exec "$NS" setpriv --bounding-set "-all,$CAPS" "$VIGILD" -n -l \
	--no-syslog -f "$CONF" --runtime-dir "$RUN" >>"$LOG" 2>&1 &
VPID=$!
wait_until 100 ctl status >/dev/null || fail "vigild did not start"
get() { nsx curl -sf --max-time 2 "http://127.0.0.1:$1/metrics" | grep -q '^keepalived_up 1$'; }
wait_until 50 get 80 ||
	fail "no /metrics on :80: $(grep 'mgmt listen' "$LOG")"
ok "the unit's capabilities: vigild serves /metrics on 127.0.0.1:80"

sed -i "s|127.0.0.1:80|127.0.0.1:81|" "$CONF"
ctl reload >/dev/null || fail "reload"
wait_until 50 get 81 ||
	fail "no /metrics on :81 after a reload: $(grep 'mgmt listen' "$LOG")"
ok "after a reload, on 127.0.0.1:81"
