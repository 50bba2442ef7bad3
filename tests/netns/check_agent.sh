#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# AGENT_CHECK against vigil-agent on real servers: the weight follows the
# agent's percentage of the configured weight, a drain file drains (weight
# 0, still in the table) until it is removed, a maintenance file takes the
# server out, a command's "down #reason" takes it down with that reason,
# and an agent that is not running fails the check.
. "$(dirname "$0")/../check/lib.sh"
[ -x "$AGENT" ] || exit 99

lab_init
lab_host web1 61
lab_host web2 62
lab_host web3 63
lab_run web1 "$AGENT" -l -p 9777 -i 0.2 -m static:'up 50%' \
	-d "$TMP/drain" -M "$TMP/maint"
lab_run web2 "$AGENT" -l -p 9777 -i 0.2 -m command:"cat $TMP/cmd"
lab_run web3 "$AGENT" -l -p 9777 -i 0.2 -m idle
echo 'up 100%' >"$TMP/cmd"
wait_listen web1 9777
wait_listen web2 9777
wait_listen web3 9777

rs() { # ADDRESS
	printf '\treal_server %s 80 {\n\t\tweight 200\n' "$1"
	printf '\t\tAGENT_CHECK {\n\t\t\tconnect_port 9777\n\t\t}\n\t}\n'
}
cat >"$TMP/vigil.conf" <<EOF
$(lab_vs web) {
	delay_loop 0.5
	connect_timeout 1
	retry 0
$(rs 10.77.0.61)
$(rs 10.77.0.62)
$(rs 10.77.0.63)
$(rs 10.77.0.64)
}
EOF
lab_checktest "$TMP/vigil.conf"

expect_event 'event=rs-weight vs=web rs=10.77.0.61:80 was=200 weight=100' 1.5
expect_event 'event=rs-down vs=web rs=10.77.0.64:80 reason=(refused|connect-timeout|unreachable)' 3
# The idle metric gives some share of 200, at least 1%.
expect_status 'rs("web", "10.77.0.63:80")["state"]' up
expect_status '2 <= rs("web", "10.77.0.63:80")["weight"] <= 200' True

touch "$TMP/drain"
expect_event 'event=rs-weight vs=web rs=10.77.0.61:80 was=100 weight=0 pool=in pool_weight=0' 1.5
rm "$TMP/drain"
expect_event 'event=rs-weight vs=web rs=10.77.0.61:80 was=0 weight=100' 1.5
touch "$TMP/maint"
expect_event 'event=rs-down vs=web rs=10.77.0.61:80 reason=agent-maint .*pool=out' 1.5
rm "$TMP/maint"
expect_event 'event=rs-up vs=web rs=10.77.0.61:80 .*weight=100' 1.5

echo 'down #disk full' >"$TMP/cmd"
expect_event 'event=rs-down vs=web rs=10.77.0.62:80 reason=agent-down .*detail="disk full"' 1.5
echo '25%' >"$TMP/cmd"
expect_event 'event=rs-up vs=web rs=10.77.0.62:80 .*weight=50' 1.5
expect_status 'rs("web", "10.77.0.62:80")["checks"][0]["weight_value"]' 25
