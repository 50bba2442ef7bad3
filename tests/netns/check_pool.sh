#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a virtual server does with its real servers' health: quorum with
# hysteresis and the sorry server, inhibit_on_failure, alpha, ha_suspend
# driven by the VRRP state, one probe shared by two virtual servers, and a
# reload that changes the config without a single flap.
. "$(dirname "$0")/../check/lib.sh"

lab_init
for n in 71 72 73 74; do
	lab_host "w$n" $n
done
start() { # N
	lab_run "w$1" python3 "$SERVERS" http "10.77.0.$1" 80
	eval "PID_$1=\$LAST_PID"
	wait_listen "w$1" 80
}
stop() { # N
	eval "kill \$PID_$1"
}
for n in 71 72 73 74; do
	start $n
done

http='HTTP_GET { url { path / } }'
tcp='TCP_CHECK { }'
rs() { printf '\treal_server 10.77.0.%s 80 { %s }\n' "$1" "$2"; }
fast='delay_loop 0.5
	retry 0
	connect_timeout 1'
conf() { # EXTRA-RS-FOR-POOL
	cat <<EOF
$(lab_vs pool) {
	$fast
	quorum 2
	hysteresis 1
	sorry_server 10.77.0.79 80
$(rs 71 "$http")
$(rs 72 "$http")
$(rs 73 "$http")
$1
}
$(lab_vs shared) {
	$fast
$(rs 71 "$http")
}
$(lab_vs inh) {
	$fast
	inhibit_on_failure
$(rs 71 "$tcp")
}
$(lab_vs ha) {
	delay_loop 0.5
	ha_suspend
$(rs 72 "$tcp")
}
$(lab_vs alpha) {
	delay_loop 0.5
	alpha
$(rs 73 "$tcp")
}
EOF
}
conf >"$TMP/vigil.conf"
lab_checktest "$TMP/vigil.conf"

# alpha: down until the first success, then up.
expect_event 'event=rs-up vs=alpha rs=10.77.0.73:80' 1
expect_status 'rs("pool", "10.77.0.71:80")["checks"][0]["shared_by"]' 2

# ha_suspend: nothing runs until this director is MASTER for the VIP.
expect_status 'vs("ha")["suspended"]' True
sleep 1
expect_status 'rs("ha", "10.77.0.72:80")["checks"][0]["runs"]' 0
ctl master ha
sleep 1
expect_status 'rs("ha", "10.77.0.72:80")["checks"][0]["runs"] >= 1' True
ctl backup ha
sleep 0.2
runs=$(status_query 'rs("ha", "10.77.0.72:80")["checks"][0]["runs"]')
sleep 1
expect_status 'rs("ha", "10.77.0.72:80")["checks"][0]["runs"]' "$runs"

# Servers fail one by one: quorum 2 with hysteresis 1 holds down to 1.
# (A check in flight when the server dies sees a reset, the next refused.)
stop 71
expect_event 'event=rs-down vs=pool rs=10.77.0.71:80 reason=(refused|reset)' 1.5
expect_event 'event=rs-down vs=shared rs=10.77.0.71:80 reason=(refused|reset)' 0.1
expect_event 'event=rs-down vs=inh rs=10.77.0.71:80 .*pool=in pool_weight=0' 1.5
stop 72
expect_event 'event=rs-down vs=pool rs=10.77.0.72:80' 1.5
no_event 'event=quorum-down vs=pool' 0.5
stop 73
expect_event 'event=quorum-down vs=pool weight_sum=0 threshold=1' 1.5
expect_event 'event=sorry-in vs=pool sorry=10.77.0.79:80' 0.1
expect_status 'vs("pool")["sorry_in"]' True

# Back one by one: quorum returns at 3 (2 + 1).
start 71
expect_event 'event=rs-up vs=pool rs=10.77.0.71:80 .*pool=out' 1.5
start 72
expect_event 'event=rs-up vs=pool rs=10.77.0.72:80' 1.5
no_event 'event=quorum-up vs=pool' 0.5
start 73
expect_event 'event=quorum-up vs=pool weight_sum=3 threshold=3' 1.5
expect_event 'event=sorry-out vs=pool' 0.1
expect_status 'rs("pool", "10.77.0.71:80")["in_pool"]' True

# Reload with one more real server: nothing that exists flaps. (The
# alpha server was stopped above too and may still be coming back.)
settled='event=.* vs=(pool|shared|inh) '
before=$(count_events "$settled")
conf "$(rs 74 "$http")" >"$TMP/vigil.conf"
kill -HUP $CT_PID
expect_event '^reload ok' 2
sleep 1.5
[ "$(count_events "$settled")" = "$before" ] ||
	fail "events after reload: $(grep -E "$settled" "$EVENTS" | tail -n 3)"
expect_status 'len(vs("pool")["real_servers"])' 4
expect_status 'rs("pool", "10.77.0.74:80")["checks"][0]["ok"] >= 1' True
# A broken config is refused; the running one stays.
# (An unknown keyword alone is a warning now, as in keepalived: an
# unclosed block is structural damage, refused.)
printf '%s {\n\tbogus 1\n' "$(lab_vs pool)" >"$TMP/vigil.conf"
kill -HUP $CT_PID
expect_event '^reload failed: .*not closed' 2
expect_status 'len(vs("pool")["real_servers"])' 4
