#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SIGHUP reload. A valid change: new generation and SHA-256, every child
# applies it, no child is restarted. An invalid file: the errors are logged
# with file:line, the old config (same hash) and the same children stay,
# and `vigilctl status` says the last reload failed. `vigilctl reload`
# answers ok or the errors.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"
H1=$(status "s['sha256']")
P1="$(child_pid check) $(child_pid vrrp)"

write_conf r2
kill -HUP "$VPID"
gen2() { [ "$(status "s['children']['check']['config_gen']")" = 2 ] &&
	[ "$(status "s['children']['vrrp']['config_gen']")" = 2 ]; }
wait_until 50 gen2 || fail "children did not apply generation 2"
H2=$(status "s['sha256']")
[ "$H1" != "$H2" ] || fail "hash unchanged after a valid change"
[ "$(status "s['last_reload']['ok']")" = true ] || fail "last reload not ok"
[ "$P1" = "$(child_pid check) $(child_pid vrrp)" ] || fail "children restarted"
grep -q "child=check reload=ok gen=2" "$LOG" || fail "no reload=ok log"
ok "valid reload: generation 2, new hash, same children"

# An invalid file: a VRID out of range and a block not closed.
sed 's/virtual_router_id 51/virtual_router_id 900/' "$CONF" >"$T/c" &&
	mv "$T/c" "$CONF"
echo "bogus_block {" >>"$CONF"
kill -HUP "$VPID"
failed() { [ "$(status "s['reloads_failed']")" = 1 ]; }
wait_until 50 failed || fail "reload not counted as failed"
[ "$(status "s['sha256']")" = "$H2" ] || fail "hash changed by a bad reload"
[ "$(status "s['config_gen']")" = 2 ] || fail "generation changed"
[ "$(status "s['last_reload']['ok']")" = false ] || fail "last reload ok?"
status "'\n'.join(s['last_reload']['errors'])" | grep -q "^$CONF:7: " ||
	fail "errors: $(status "s['last_reload']['errors']")"
grep -q "config $CONF:7: error:" "$LOG" || fail "no file:line error logged"
[ "$P1" = "$(child_pid check) $(child_pid vrrp)" ] || fail "children restarted"
ctl status | grep -q "last reload .*: failed" || fail "vigilctl status text"
ctl status | grep -q "$H2" || fail "vigilctl status shows another hash"
ok "invalid reload: old config and children kept, status says failed"

ctl reload >"$T/out" 2>&1
rc=$?
[ $rc = 1 ] || fail "vigilctl reload of a bad file: exit $rc"
grep -q "refused" "$T/out" && grep -q "$CONF:7:" "$T/out" ||
	fail "vigilctl reload output: $(cat "$T/out")"
write_conf r3
ctl reload >"$T/out" 2>&1 || fail "vigilctl reload: $(cat "$T/out")"
grep -q "reload ok (config generation 3)" "$T/out" || fail "$(cat "$T/out")"
ok "vigilctl reload: exit 1 with errors, then ok"

# The config no longer has virtual servers: the check child stops.
sed '/^virtual_server/,$d' "$CONF" >"$T/c" && mv "$T/c" "$CONF"
kill -HUP "$VPID"
nocheck() { [ "$(status "s['children'].get('check', {}).get('pid', 0)")" = 0 ]; }
wait_until 60 nocheck || fail "check child still runs"
ready vrrp || fail "vrrp child not ready"
ok "reload stops a child the config no longer needs"

# ... and starts it again when virtual servers come back.
write_conf r4
kill -HUP "$VPID"
wait_until 50 ready check || fail "check child not started by the reload"
ok "reload starts a child the config needs again"
