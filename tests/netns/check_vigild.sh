#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild's check child on a kernel without IPVS (this host's): vigild -n
# keeps running, says once that IPVS is unavailable and keeps retrying,
# while the checks run and `vigilctl show ipvs|checks` report each real
# server's health, its reason and the table vigil would program. An admin
# drain (control socket) puts a real server at weight 0, restore brings it
# back. A reload adds a real server (one change); SIGTERM ends it cleanly.
. "$(dirname "$0")/../check/lib.sh"
. "$(dirname "$0")/check_vigild_lib.sh"

lab_init
lab_host a 11
lab_host b 12
lab_run a python3 "$SERVERS" http 10.77.0.11 80
srv_a=$LAST_PID
lab_run b python3 "$SERVERS" http 10.77.0.12 80
wait_listen a 80
wait_listen b 80

conf() { # real server host numbers
	echo "virtual_server 192.0.2.10 80 {"
	echo "  protocol TCP"
	echo "  delay_loop 1"
	echo "  lb_algo rr"
	for n in "$@"; do
		printf '  real_server 10.77.0.%s 80 {\n' "$n"
		printf '    TCP_CHECK {\n      connect_timeout 1\n'
		printf '      retry 0\n      warmup 0\n    }\n  }\n'
	done
	echo "}"
}
conf 11 >"$TMP/k.conf"
vigild_start "$TMP/k.conf"

expect_show ipvs '"converger":{"state":"unavailable","error":"no IPVS in this kernel' 5
expect_show ipvs '"rs":"10.77.0.11:80","health":"up","reason":"ok","in_table":true,"weight":1' 5
expect_show ipvs '"desired":\[{"service":"tcp 192.0.2.10:80","scheduler":"rr"' 1

kill $srv_a
expect_show ipvs '"rs":"10.77.0.11:80","health":"down","reason":"refused","in_table":false' 5
expect_show checks '"address":"10.77.0.11:80","state":"down"' 1
expect_show ipvs '"destinations":\[\]' 1

conf 11 12 >"$TMP/k.conf"
kill -HUP $VPID
expect_show ipvs '"rs":"10.77.0.12:80","health":"up"' 5
# The reload keeps the down real server down: no flap through "up".
expect_show ipvs '"rs":"10.77.0.11:80","health":"down","reason":"refused"' 1
grep -q 'event=rs_up vs="tcp 192.0.2.10:80" rs=10.77.0.11:80' "$TMP/vigild.log" &&
	fail "the reload brought 10.77.0.11 up"
grep -q 'check state=reloaded changes=1' "$TMP/vigild.log" ||
	fail "reload: $(grep reloaded "$TMP/vigild.log")"
log "reload: one change"

admin_ok "drain tcp 192.0.2.10:80 10.77.0.12:80" drained
expect_show ipvs '"rs":"10.77.0.12:80","health":"up","reason":"[a-z]*","in_table":true,"weight":0,"drained":true' 2
expect_show ipvs '"address":"10.77.0.12:80","method":"nat","weight":0' 1
admin_ok "restore tcp 192.0.2.10:80 10.77.0.12:80" restored
expect_show ipvs '"address":"10.77.0.12:80","method":"nat","weight":1' 2
r=$(admin "drain tcp 192.0.2.10:80 10.9.9.9:80")
echo "$r" | grep -q 'has no real server 10.9.9.9:80' || fail "drain of nothing: $r"

# Several retries later IPVS is still reported once.
sleep 2
[ "$(grep -c 'ipvs state=unavailable' "$TMP/vigild.log")" = 1 ] ||
	fail "unavailable logged $(grep -c 'ipvs state=unavailable' "$TMP/vigild.log") times"
vigild_stop
