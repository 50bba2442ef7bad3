# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the vrrp_*.sh namespace scenarios (sourced, not a test itself).
#
# Topology: a bridge namespace, two directors (d1, d2) and a client (c),
# each with eth0 on the bridge. IPv4 10.$NET.0.0/24 and IPv6 fd00:$NET::/64:
# d1 .1/::1, d2 .2/::2, client .10/::10; VIPs are .100 and up.
# Everything is removed on exit, also on failure.

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (network namespaces)"
	exit 77
fi

top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)/build}
VRRPTEST=${VRRPTEST:-$top_builddir/tests/vrrp/vrrptest}
PY=/usr/bin/python3
[ -x "$VRRPTEST" ] || { echo "FAIL: $VRRPTEST not built"; exit 1; }

T=$(basename "$0" .sh | sed 's/^vrrp_//' | cut -c1-6)
P="vrrp-$T-$$"
NET=$(( ($$ % 200) + 20 ))
WORK=$(mktemp -d "/tmp/$P.XXXXXX")
PIDS=""

log() { printf '%s %s\n' "$(date +%T.%N | cut -c1-12)" "$*"; }
fail() {
	log "FAIL: $*"
	for f in "$WORK"/*.log; do
		[ -f "$f" ] || continue
		echo "----- $f"
		tail -n 40 "$f"
	done
	exit 1
}

cleanup() {
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	for n in br d1 d2 c; do ip netns del "$P-$n" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ns() { ip netns exec "$P-$1" "${@:2}"; }

# The namespaces, the bridge, and one port per node.
topology() {
	ip netns add "$P-br" || fail "netns"
	ns br ip link add br0 type bridge
	ns br ip link set br0 up
	ns br ip link set lo up
	i=1
	for n in d1 d2 c; do
		ip netns add "$P-$n"
		ns "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
		ip -n "$P-$n" link add eth0 type veth peer name "p$n" \
			netns "$P-br"
		ns br ip link set "p$n" master br0 up
		ns "$n" ip link set lo up
		ns "$n" ip link set eth0 up
		case $n in c) h=10 ;; *) h=$i ;; esac
		ns "$n" ip addr add "10.$NET.0.$h/24" dev eth0
		ns "$n" ip -6 addr add "fd00:$NET::$h/64" dev eth0 nodad
		i=$((i + 1))
	done
	# IPv6 link-local addresses come up without DAD; settle briefly.
	sleep 0.3
}

# start_vrrptest NODE NAME JSON: run vrrptest, record its pid in $NAME_pid
start_vrrptest() {
	printf '%s\n' "$3" >"$WORK/$2.json"
	# Not through ns(): $! must be vrrptest itself (ip netns exec execs).
	ip netns exec "$P-$1" "$VRRPTEST" "$WORK/$2.json" -d \
		2>>"$WORK/$2.log" &
	eval "$2_pid=$!"
	PIDS="$PIDS $!"
}

# start_keepalived NODE NAME CONF: keepalived -P in the foreground
start_keepalived() {
	printf '%s\n' "$3" >"$WORK/$2.conf"
	ip netns exec "$P-$1" keepalived -n -l -D -P -f "$WORK/$2.conf" \
		-p "$WORK/$2.pid" -r "$WORK/$2.vpid" >>"$WORK/$2.log" 2>&1 &
	eval "$2_pid=$!"
	PIDS="$PIDS $!"
}

# wait_until SECONDS CMD...: poll every 50 ms, bounded
wait_until() {
	limit=$1
	shift
	end=$(($(date +%s%N) + limit * 1000000000))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

has_addr() { ns "$1" ip addr show dev "${3:-eth0}" | grep -q "inet6\? $2/"; }
no_addr() { ! has_addr "$@"; }

# status NAME: refresh and print $WORK/NAME.status (the vrrptest status file)
status() {
	rm -f "$WORK/$1.status"
	eval "kill -USR1 \$$1_pid"
	wait_until 2 test -s "$WORK/$1.status" || fail "$1: no status"
}

# jget NAME PYTHON-EXPR: evaluate EXPR with s = the status JSON
jget() {
	status "$1"
	"$PY" -c "import json,sys; s=json.load(open(sys.argv[1])); print($2)" \
		"$WORK/$1.status"
}

state_of() { jget "$1" "s['instances'][0]['state']"; }
is_state() { [ "$(state_of "$1")" = "$2" ]; }

alive() { eval "kill -0 \$$1_pid" 2>/dev/null; }
