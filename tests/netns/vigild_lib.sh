# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/netns/vigild_*.sh (sourced, not a test itself): a network
# namespace with a veth pair, a config using it, vigild run in the
# namespace in the foreground, and helpers to read `vigilctl status`.
# Everything is removed on exit (trap), also on failure.

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
command -v ip >/dev/null || { echo "SKIP: no ip"; exit 77; }

B=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)/build}
VIGILD=$B/vigild
VIGILCTL=$B/vigilctl
[ -x "$VIGILD" ] || { echo "FAIL: $VIGILD not built"; exit 1; }

TEST=${TEST:-$(basename "$0" .sh)}
NS=vigild-${TEST#vigild_}-$$
T=$(mktemp -d /tmp/vigild-test.XXXXXX)
# The children (vigil_child_user) reach their runtime directory in it.
chmod 755 "$T"
RUN=$T/run
SOCK=$RUN/vigil.sock
CONF=$T/vigil.conf
LOG=$T/vigild.log
VPID=

cleanup() {
	if [ -n "$VPID" ] && kill -0 "$VPID" 2>/dev/null; then
		kill -CONT $(cat "$RUN"/*.pid 2>/dev/null) 2>/dev/null
		kill "$VPID" 2>/dev/null
		i=0
		while kill -0 "$VPID" 2>/dev/null && [ $i -lt 70 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$VPID" 2>/dev/null
	fi
	# The sanitizer build: a report from vigild or a child fails the test.
	if [ -f "$LOG" ] && grep -qE "Sanitizer|runtime error:" "$LOG"; then
		grep -A30 -E "Sanitizer|runtime error:" "$LOG" | head -60
		echo "FAIL: sanitizer report"
		LIB_FAIL=1
	fi
	ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$T"
	[ -z "$LIB_FAIL" ] || exit 1
}
LIB_FAIL=
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*"
	[ -f "$LOG" ] && { echo "--- vigild log (tail)"; tail -n 30 "$LOG"; }
	exit 1
}
ok() { echo "ok: $*"; }

ip netns add "$NS" || fail "netns"
ip -n "$NS" link add veth0 type veth peer name veth1 || fail "veth"
ip -n "$NS" link set lo up
ip -n "$NS" link set veth0 up
ip -n "$NS" link set veth1 up
ip -n "$NS" addr add 10.99.0.1/24 dev veth0
mkdir -p "$RUN"

nsx() { ip netns exec "$NS" "$@"; }
ctl() { nsx "$VIGILCTL" -s "$SOCK" "$@"; }

# A config with one VRRP instance (vrrp child) and one virtual server
# (check child); $1 = router id, to make configs differ.
write_conf() {
	cat >"${2:-$CONF}" <<CONF
global_defs {
	router_id ${1:-r1}
}
vrrp_instance VI_1 {
	state BACKUP
	interface veth0
	virtual_router_id 51
	priority 100
	advert_int 1
	virtual_ipaddress {
		10.99.0.100/24
	}
}
virtual_server 10.99.0.100 80 {
	delay_loop 5
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	real_server 10.99.0.2 80 {
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
CONF
}

start_vigild() {
	# `ip netns exec` execs vigild: $! is vigild's pid.
	ip netns exec "$NS" "$VIGILD" -n -l --no-syslog -f "$CONF" \
		--runtime-dir "$RUN" "$@" >>"$LOG" 2>&1 &
	VPID=$!
}

# A field of `vigilctl status --json`, as a Python expression on `s`.
status() {
	ctl status --json 2>/dev/null | python3 -c "
import json, sys
s = json.load(sys.stdin)
v = $1
print(str(v).lower() if isinstance(v, bool) else v)" 2>/dev/null
}

# wait_until TENTHS CMD...: run CMD every 0.1 s until it succeeds.
wait_until() {
	n=$1
	shift
	i=0
	while [ $i -lt "$n" ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

ready() { [ "$(status "s['children']['$1']['ready']")" = true ]; }
both_ready() { ready check && ready vrrp; }
child_pid() { status "s['children']['$1']['pid']"; }
# statf PID N: field N of /proc/PID/stat (proc(5): 19 nice, 40 rt_priority,
# 41 policy), counted past a command name that may hold spaces.
statf() { awk -v n="$2" '{ sub(/^.*\) /, ""); print $(n - 2) }' "/proc/$1/stat"; }
