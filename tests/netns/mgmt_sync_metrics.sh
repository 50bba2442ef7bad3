#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The sync child's metrics, scraped by Prometheus itself: vigild with
# `lvs_sync_daemon` and `vigil_metrics_listen` (the host kernel has no
# IPVS: the child listens and counts). Hand-made kernel sync messages from
# the other end of the veth pair, one of them malformed; a Prometheus
# server started by the test scrapes /metrics every second, and its query
# API returns the messages, the malformed one and the age of the last one
# as `vigilctl show sync --json` counts them.
TEST=mgmt_sync_metrics
. "$(dirname "$0")/vigild_lib.sh"
command -v prometheus >/dev/null || { echo "SKIP: no prometheus"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }

. "$(dirname "$0")/mgmt_snmp_lib.sh"
PDIR=$(mktemp -d /tmp/vigil-prom.XXXXXX)
PPID_=
SNS=$NS-s
trap '[ -n "$PPID_" ] && kill "$PPID_" 2>/dev/null; rm -rf "$PDIR"; ip netns del "$SNS" 2>/dev/null; cleanup' EXIT
sync_peer
nsx ip link set lo up

ADDR=127.0.0.1:9651
printf 'global_defs {\n\tlvs_sync_daemon veth0 id 5\n\tvigil_metrics_listen %s\n}\n' "$ADDR" >"$CONF"
start_vigild
wait_until 100 ready sync || fail "sync child not ready"

# Prometheus, in vigild's namespace, scraping it every second.
cat >"$PDIR/prometheus.yml" <<EOT
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: vigil
    static_configs:
      - targets: ['$ADDR']
EOT
nsx prometheus --config.file="$PDIR/prometheus.yml" \
	--storage.tsdb.path="$PDIR/data" --web.listen-address=127.0.0.1:9652 \
	>"$PDIR/prom.log" 2>&1 &
PPID_=$!
# The value Prometheus holds for a PromQL expression, "" if none.
promql() {
	nsx curl -sS --max-time 3 -G http://127.0.0.1:9652/api/v1/query \
		--data-urlencode "query=$1" 2>/dev/null | python3 -c "
import json, sys
r = json.load(sys.stdin)['data']['result']
print(r[0]['value'][1] if r else '')" 2>/dev/null
}
show() {
	ctl --json show sync 2>/dev/null | python3 -c "
import json, sys
s = json.load(sys.stdin)['data']
print($1)" 2>/dev/null
}

prom_is() { [ "$(promql "$1")" = "$2" ]; }
sync_is() { [ "$(show "$1")" = "$2" ]; }
wait_until 200 prom_is 'up{job="vigil"}' 1 ||
	fail "Prometheus does not scrape vigild: $(tail -3 "$PDIR/prom.log")"
ok "Prometheus scrapes vigild's /metrics (up 1)"

for i in 1 2 3; do sync_send v1_two_v4; done
sync_send v1_bad_version
wait_until 50 sync_is "s['receiver']['malformed']" 1 ||
	fail "vigilctl: $(ctl --json show sync)"
m=$(show "s['receiver']['messages']")
wait_until 100 prom_is vigil_sync_malformed_total 1 ||
	fail "Prometheus has no vigil_sync_malformed_total 1"
[ "$(promql vigil_sync_messages_total)" = "$m" ] ||
	fail "vigil_sync_messages_total: Prometheus $(promql vigil_sync_messages_total), vigilctl $m"
[ "$(promql vigil_sync_connections_total)" = "$(show "s['receiver']['connections']")" ] ||
	fail "vigil_sync_connections_total: $(promql vigil_sync_connections_total)"
ok "Prometheus: vigil_sync_messages_total $m, malformed 1, connections as vigilctl's"
age=$(promql vigil_sync_last_message_age_seconds)
python3 -c "import sys; a = float(sys.argv[1]); sys.exit(not 0 <= a < 30)" "${age:-x}" ||
	fail "vigil_sync_last_message_age_seconds '$age'"
[ "$(promql 'vigil_sync_thread{thread="backup"}')" = 0 ] ||
	fail "a backup thread without IPVS"
ok "last message age ${age}s; no sync thread (no IPVS on this kernel)"
