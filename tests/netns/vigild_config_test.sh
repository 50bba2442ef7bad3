#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild -t: 0 for a good config; non-zero for a bad one with every error as
# file:line (included files too); a missing interface is an error, as in
# keepalived; keepalived's exit codes (0, 5 runs with warnings, 4 cannot
# run, 6 scripts without script security); --strict refuses warnings and
# keywords vigil does not act on yet; net_namespace entered by -t; the
# daemon's start failures exit as keepalived's.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
nsx "$VIGILD" -t -f "$CONF" >"$T/out" 2>&1 || fail "good config: $(cat "$T/out")"
nsx "$VIGILD" --config-test="$CONF" >/dev/null 2>&1 || fail "--config-test=FILE"
ok "-t good config: exit 0"

# Two errors, one of them in an included file.
cat >"$T/inc.conf" <<'CONF'
vrrp_instance VI_2 {
	interface veth0
	virtual_router_id 300
	priority 100
}
CONF
cat >"$T/bad.conf" <<CONF
global_defs {
	router_id r1
	no_such_keyword 1
}
include $T/inc.conf
CONF
nsx "$VIGILD" -t -f "$T/bad.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 4 ] || fail "bad config: exit $rc, not 4 (cannot run)"
grep -q "^$T/bad.conf:3: warning: " "$T/out" || fail "no bad.conf:3 in: $(cat "$T/out")"
grep -q "^$T/inc.conf:3: error: " "$T/out" || fail "no inc.conf:3 in: $(cat "$T/out")"
ok "-t bad config: exit 4, file:line for each error and warning"

# keepalived -t's codes: 5 runs with warnings (an unknown keyword is
# ignored), 4 with --strict; 0 when there is nothing to say.
sed 's/^}$/}\nglobal_defs {\n\tno_such_keyword 1\n}/' "$CONF" >"$T/warn.conf"
nsx "$VIGILD" -t -f "$T/warn.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 5 ] || fail "config with a warning: exit $rc, not 5: $(cat "$T/out")"
grep -q "OK with warnings" "$T/out" || fail "$(cat "$T/out")"
nsx "$VIGILD" -t --strict -f "$T/warn.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 4 ] || fail "--strict with a warning: exit $rc, not 4"
nsx "$VIGILD" -t -f "$CONF" >/dev/null 2>&1 || fail "good config: exit $?"
ok "-t: 0 clean, 5 with warnings, 4 with --strict"

# Missing interface.
sed 's/interface veth0/interface nosuch0/' "$CONF" >"$T/noif.conf"
nsx "$VIGILD" -t -f "$T/noif.conf" >"$T/out" 2>&1 && fail "missing interface accepted"
grep -q "^$T/noif.conf:6: .*nosuch0" "$T/out" || fail "no interface error: $(cat "$T/out")"
ok "-t missing interface: error at its line"

# --strict: the same good file fails when a keyword is not acted on.
if grep -q "unsupported" "$T/out" 2>/dev/null ||
	nsx "$VIGILD" -t -f "$CONF" 2>&1 | grep -q unsupported; then
	nsx "$VIGILD" -t --strict -f "$CONF" >/dev/null 2>&1 &&
		fail "--strict accepted unsupported keywords"
	ok "--strict: unsupported keywords fail -t"
fi

# A missing file.
nsx "$VIGILD" -t -f "$T/none.conf" >"$T/out" 2>&1 && fail "missing file accepted"
grep -q "none.conf" "$T/out" || fail "missing file: $(cat "$T/out")"
ok "-t missing file: non-zero"

# keepalived -t's 6: a script that exists runs without
# enable_script_security's checks; 0 again with it.
cat >"$T/sec.conf" <<CONF
vrrp_script chk {
	script "/bin/true"
}
CONF
nsx "$VIGILD" -t -f "$T/sec.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 6 ] || fail "script without script security: exit $rc, not 6"
sed 's/^vrrp_script/global_defs {\n\tenable_script_security\n}\nvrrp_script/' \
	"$T/sec.conf" >"$T/sec2.conf"
nsx "$VIGILD" -t -f "$T/sec2.conf" >"$T/out" 2>&1 ||
	fail "enable_script_security: exit $?: $(cat "$T/out")"
sed 's|/bin/true|/nonexistent/x|' "$T/sec.conf" >"$T/sec3.conf"
nsx "$VIGILD" -t -f "$T/sec3.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 5 ] || fail "a script not found: exit $rc, not 5 (as keepalived)"
ok "-t: 6 for a script run without script security, as keepalived"

# net_namespace: -t from the host checks the interfaces inside the
# namespace (veth0 exists only there); one that does not exist is said.
{ echo "net_namespace $NS"; cat "$CONF"; } >"$T/ns.conf"
"$VIGILD" -t -f "$T/ns.conf" >"$T/out" 2>&1 ||
	fail "-t net_namespace: exit $?: $(cat "$T/out")"
printf 'net_namespace %s-none\nglobal_defs {\n\trouter_id r\n}\n' "$NS" \
	>"$T/nons.conf"
"$VIGILD" -t -f "$T/nons.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 5 ] || fail "-t missing namespace: exit $rc, not 5"
grep -q "net_namespace $NS-none: .*No such file" "$T/out" ||
	fail "-t missing namespace: $(cat "$T/out")"
ok "-t enters net_namespace; a missing one is a warning"

# net_namespace_ipvs: the same for the namespace of the IPVS table; the
# daemon does not start without it (exit 2, as for a config that cannot
# run), and says which.
printf 'net_namespace_ipvs %s-none\nglobal_defs {\n\trouter_id r\n}\n' "$NS" \
	>"$T/noipvs.conf"
"$VIGILD" -t -f "$T/noipvs.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 5 ] || fail "-t missing net_namespace_ipvs: exit $rc, not 5"
grep -q "net_namespace_ipvs $NS-none: /var/run/netns/$NS-none: No such file" \
	"$T/out" || fail "-t missing net_namespace_ipvs: $(cat "$T/out")"
printf 'net_namespace_ipvs %s\nglobal_defs {\n\trouter_id r\n}\n' "$NS" \
	>"$T/ipvs.conf"
"$VIGILD" -t -f "$T/ipvs.conf" >"$T/out" 2>&1 ||
	fail "-t net_namespace_ipvs $NS: exit $?: $(cat "$T/out")"
nsx timeout 20 "$VIGILD" -n --no-syslog -l --runtime-dir "$RUN" \
	-f "$T/noipvs.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 2 ] || fail "start with a missing net_namespace_ipvs: exit $rc, not 2"
grep -q "net_namespace_ipvs $NS-none: .*No such file" "$T/out" ||
	fail "start with a missing net_namespace_ipvs: $(cat "$T/out")"
ok "-t: a missing net_namespace_ipvs is a warning; the daemon refuses it"

# The daemon's start failures, as keepalived's: 6 no config file, 2 a
# config that cannot run, 1 a namespace that cannot be entered.
nsx "$VIGILD" -n --no-syslog --runtime-dir "$RUN" -f "$T/none.conf" \
	>"$T/out" 2>&1
rc=$?
[ $rc = 6 ] || fail "start without config: exit $rc, not 6"
nsx timeout 20 "$VIGILD" -n --no-syslog --runtime-dir "$RUN" -f "$T/bad.conf" \
	>"$T/out" 2>&1
rc=$?
[ $rc = 2 ] || fail "start with a config that cannot run: exit $rc, not 2"
timeout 20 "$VIGILD" -n --no-syslog -l --runtime-dir "$RUN" -f "$T/nons.conf" \
	>"$T/out" 2>&1
rc=$?
[ $rc = 1 ] || fail "start in a missing namespace: exit $rc, not 1"
grep -q "netns=$NS-none state=failed" "$T/out" || fail "$(cat "$T/out")"
ok "start: 6 no config, 2 config cannot run, 1 no namespace"
