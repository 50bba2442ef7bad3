#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A reload to a config with no object at all (an emptied file, a
# global_defs alone) would stop every child: the VIP and the service go
# and every connection breaks, keepalived's failure. vigild refuses it, by
# SIGHUP and by `vigilctl reload`, with a log line naming the reason: the
# VIP stays on the master, the same children run the same generation.
# `vigilctl reload --allow-empty` applies it when that is what is wanted.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"
has_vip() { nsx ip -4 addr show dev veth0 | grep -q "10.99.0.100/24"; }
wait_until 80 has_vip || fail "the VIP never came (no MASTER)"
P1="$(child_pid check) $(child_pid vrrp)"
H1=$(status "s['sha256']")

# An empty file, then a file with global_defs only: both refused.
: >"$CONF"
kill -HUP "$VPID"
failed1() { [ "$(status "s['reloads_failed']")" = 1 ]; }
wait_until 50 failed1 || fail "empty reload not counted as refused"
grep -q "state=reload-refused kept=old errors=1 reason=empty-config" "$LOG" ||
	fail "no log line naming the reason"
status "'\n'.join(s['last_reload']['errors'])" | grep -q "has no object" ||
	fail "status errors: $(status "s['last_reload']['errors']")"
printf 'global_defs {\n\trouter_id r2\n}\n' >"$CONF"
ctl reload >"$T/out" 2>&1
rc=$?
[ $rc = 1 ] || fail "vigilctl reload of an empty config: exit $rc"
grep -q "refused" "$T/out" && grep -q "allow-empty" "$T/out" ||
	fail "vigilctl reload output: $(cat "$T/out")"
sleep 2 # what a wrongly applied reload would have taken down by now
has_vip || fail "the VIP went with a refused reload"
[ "$P1" = "$(child_pid check) $(child_pid vrrp)" ] ||
	fail "children changed: $P1 -> $(child_pid check) $(child_pid vrrp)"
[ "$(status "s['sha256']")" = "$H1" ] || fail "the config in force changed"
ctl show checks >"$T/out" 2>&1 && grep -q "10.99.0.100" "$T/out" ||
	fail "the service is gone: $(cat "$T/out")"
ok "empty reload refused: VIP, service and children stay"

# Asked for explicitly: applied, the children stop, the VIP goes.
ctl reload --allow-empty >"$T/out" 2>&1 ||
	fail "vigilctl reload --allow-empty: $(cat "$T/out")"
grep -q "reload ok" "$T/out" || fail "$(cat "$T/out")"
novip() { ! has_vip; }
nochildren() {
	[ "$(status "s['children'].get('vrrp', {}).get('pid', 0)")" = 0 ] &&
		[ "$(status "s['children'].get('check', {}).get('pid', 0)")" = 0 ]
}
wait_until 80 nochildren || fail "children still run after --allow-empty"
wait_until 50 novip || fail "the VIP stayed after --allow-empty"
ok "vigilctl reload --allow-empty: applied, children stopped, VIP released"

# From an empty config, a reload to another empty one is no change.
kill -HUP "$VPID"
ok2() { [ "$(status "s['reloads']")" = 4 ] &&
	[ "$(status "s['last_reload']['ok']")" = true ]; }
wait_until 50 ok2 || fail "empty to empty refused"
ok "empty to empty: applied"
