#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# AGENT_CHECK from vigil.conf through vigild's check child (this host has
# no IPVS: the table vigil would program is read with `vigilctl show
# ipvs`). A real server with TCP_CHECK and AGENT_CHECK (the man page's
# pattern), vigil-agent in its namespace answering what a file says:
#   "up 25%" -> weight 25 of 100; "drain" -> weight 0, still in the table;
#   "ready 50%" -> 50; an operator's drain -> 0 until restore -> 50;
#   "down #disk full" -> down, reason agent-down with that detail, out of
#   the table; the agent stopped -> down (refused), out; started -> 50.
. "$(dirname "$0")/../check/lib.sh"
. "$(dirname "$0")/check_vigild_lib.sh"
[ -x "$AGENT" ] || { echo "no $AGENT (build first)" >&2; exit 99; }

lab_init
lab_host a 11
lab_run a python3 "$SERVERS" http 10.77.0.11 80
# What the agent answers: the file replaced whole, never read half written.
say() { echo "$1" >"$TMP/agent.new" && mv "$TMP/agent.new" "$TMP/agent"; }
say 'up 25%'
agent_start() {
	lab_run a "$AGENT" -l -i 0.2 -m "file:$TMP/agent"
	agent=$LAST_PID
	wait_listen a 9777
}
agent_start
wait_listen a 80

cat >"$TMP/k.conf" <<'EOF'
virtual_server 192.0.2.10 80 {
  protocol TCP
  delay_loop 1
  lvs_sched wrr
  real_server 10.77.0.11 80 {
    weight 100
    TCP_CHECK {
      connect_timeout 1
      warmup 0
    }
    AGENT_CHECK {
      connect_timeout 1
      retry 0
      warmup 0
    }
  }
}
EOF
"$VIGILD" -t -f "$TMP/k.conf" >"$TMP/t.out" 2>&1 || fail "vigild -t: $(cat "$TMP/t.out")"
vigild_start "$TMP/k.conf"

RS='"rs":"10.77.0.11:80"'
DEST='"address":"10.77.0.11:80","method":"nat"'
expect_show ipvs "$RS,\"health\":\"up\",\"reason\":\"ok\",\"in_table\":true,\"weight\":25" 5
expect_show ipvs "$DEST,\"weight\":25" 1
expect_show checks '"type":"AGENT_CHECK","target":"10.77.0.11:9777","state":"up"' 1

say drain
expect_show ipvs "$DEST,\"weight\":0" 3
expect_show ipvs "$RS,\"health\":\"up\",\"reason\":\"ok\",\"in_table\":true,\"weight\":0" 1
say 'ready 50%'
expect_show ipvs "$DEST,\"weight\":50" 3

admin_ok "drain tcp 192.0.2.10:80 10.77.0.11:80" drained
expect_show ipvs "$DEST,\"weight\":0" 2
admin_ok "restore tcp 192.0.2.10:80 10.77.0.11:80" restored
expect_show ipvs "$DEST,\"weight\":50" 2

say 'down #disk full'
expect_show ipvs "$RS,\"health\":\"down\",\"reason\":\"agent-down\",\"in_table\":false" 3
expect_show checks '"reason":"agent-down","reason_detail":"disk full","check":"AGENT_CHECK"' 1
expect_show ipvs '"destinations":\[\]' 1
say 'up 50%'
expect_show ipvs "$DEST,\"weight\":50" 3

kill $agent
expect_show ipvs "$RS,\"health\":\"down\",\"reason\":\"refused\",\"in_table\":false" 3
agent_start
expect_show ipvs "$RS,\"health\":\"up\",\"reason\":\"ok\",\"in_table\":true,\"weight\":50" 3

vigild_stop
