#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The AGENT_CHECK examples of the man pages are configs vigild accepts:
# the example of vigil-agent(8)'s DIRECTOR CONFIGURATION and the one of
# vigil.conf(5)'s AGENT_CHECK section (a real_server block, put in a
# virtual_server here) are cut out of the pages as they are written and
# checked with `vigild -t`: no error, no warning. A misspelt option in
# the same example is an error at its line.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
VIGILD=$top_builddir/vigild
[ -x "$VIGILD" ] || { echo "no $VIGILD (build first)" >&2; exit 99; }
T=$(mktemp -d /tmp/agent-conf.XXXXXX)
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# The first .nf ... .fi display after the line matching START in PAGE,
# with roff's escapes for '-' and '\' undone.
example() { # page start
	awk -v start="$2" '
		index($0, start) == 1 { on = 1; next }
		on && /^\.nf/ { show = 1; next }
		show && /^\.fi/ { exit }
		show { print }' "$1" | sed 's/\\-/-/g; s/\\e/\\/g'
}

# vigild -t on FILE: exit 0, and nothing but the OK line.
accepted() { # file what
	"$VIGILD" -t -f "$1" >"$T/out" 2>&1 || fail "$2: $(cat "$T/out")"
	grep -v ': OK (0 errors, 0 not supported yet, 0 warnings)$' "$T/out" |
		grep . && fail "$2: vigild -t said more than OK"
	echo "ok: $2"
}

example "$top_srcdir/doc/vigil-agent.8" '.SH DIRECTOR CONFIGURATION' \
	>"$T/agent8.conf"
grep -q 'AGENT_CHECK {' "$T/agent8.conf" ||
	fail "no AGENT_CHECK example in vigil-agent.8: $(cat "$T/agent8.conf")"
accepted "$T/agent8.conf" "vigil-agent(8)'s example"

{
	echo "virtual_server 192.0.2.10 80 {"
	echo "    protocol TCP"
	echo "    lvs_sched wrr"
	example "$top_srcdir/doc/vigil.conf.5" '.SS "AGENT_CHECK'
	echo "}"
} >"$T/conf5.conf"
grep -q 'AGENT_CHECK {' "$T/conf5.conf" ||
	fail "no AGENT_CHECK example in vigil.conf.5: $(cat "$T/conf5.conf")"
accepted "$T/conf5.conf" "vigil.conf(5)'s example"

# The same example with a misspelt option: ignored as keepalived ignores
# an unknown keyword, with a warning at that line (vigild -t exits 5), an
# error with --strict (4).
line=$(grep -n 'connect_port 9777' "$T/agent8.conf" | cut -d: -f1)
sed 's/connect_port 9777/agent_port 9777/' "$T/agent8.conf" >"$T/bad.conf"
"$VIGILD" -t -f "$T/bad.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 5 ] || fail "agent_port: exit $rc, not 5: $(cat "$T/out")"
grep -q "^$T/bad.conf:$line: warning: unknown keyword 'agent_port' in AGENT_CHECK" \
	"$T/out" || fail "misspelt option: $(cat "$T/out")"
"$VIGILD" -t --strict -f "$T/bad.conf" >"$T/out" 2>&1
rc=$?
[ $rc = 4 ] || fail "agent_port with --strict: exit $rc, not 4"
echo "ok: a misspelt option is a warning at its line ($line), --strict refuses"
