# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/netns/check_*.sh: a lab of network namespaces on one
# bridge, real servers in them, and the checktest driver in a director
# namespace. Sourced; needs root (exit 77 otherwise).
#
#   lab_init                  the bridge and the director (10.77.0.1, fd77::1)
#   lab_host NAME N           a host 10.77.0.N / fd77::N in namespace NAME
#   lab_run NAME CMD...       run CMD in NAME in the background, remembered
#   lab_vs LABEL              "virtual_server fwmark N", N the label's place
#   lab_checktest CONFIG      start the driver in the director namespace
#                             (under $CHECKTEST_WRAP, a command, if set)
#   expect_event PATTERN SEC  fail unless an event line matching the
#                             extended regex PATTERN appears within SEC
#   no_event PATTERN SEC      fail if one appears within SEC
#   status_query PYEXPR       evaluate PYEXPR on the status JSON (as `s`)
#   ctl master|backup LABEL   ha_suspend input for a virtual server
# Everything is removed on exit, also on failure.
#
# CONFIG is keepalived syntax (vigil.conf(5)), read by the config library
# and translated as vigild's check child does. A test's virtual servers
# are fwmark services, so that a real server keeps the port it is written
# with (or none), each written with lab_vs and named by its LABEL:
# events, status_query's vs()/rs() and ctl speak labels, which stand for
# the driver's names ("vs=fwmark 3 ...", "vs=fwmark 4 inet6 ...").

[ "$(id -u)" = 0 ] || exit 77
for tool in ip nft python3; do
	command -v $tool >/dev/null 2>&1 || exit 77
done

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
CHECKTEST=$top_builddir/tests/check/checktest
AGENT=$top_builddir/vigil-agent
SERVERS=$top_srcdir/tests/check/servers.py
[ -x "$CHECKTEST" ] || { echo "no $CHECKTEST (build first)" >&2; exit 99; }

P=check-$$
TMP=$(mktemp -d "/tmp/check-$$.XXXXXX")
# The children (vigil_child_user) reach their runtime directory in it.
chmod 755 "$TMP"
NSES=
PIDS=
CT_PID=
EVENTS=$TMP/events
STATUS=$TMP/status.json
T_START=$(date +%s.%N)

lab_cleanup() {
	rc=$?
	for p in $CT_PID $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $CT_PID $PIDS; do
		wait "$p" 2>/dev/null
	done
	for ns in $NSES; do
		# Whatever a test started inside and did not stop.
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	if [ $rc != 0 ] && [ -f "$EVENTS" ]; then
		echo "--- events (virtual servers by label)"
		lab_events
		echo "--- driver log (last 40 lines)"
		tail -n 40 "$TMP/log" 2>/dev/null
	fi
	rm -rf "$TMP"
	exit $rc
}
trap lab_cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

log() {
	printf '[%s] %s\n' "$(awk "BEGIN { printf \"%6.2f\", $(date +%s.%N) - $T_START }")" "$*"
}

nsx() { # NAME CMD...
	n=$1
	shift
	ip netns exec "$P-$n" "$@"
}

lab_init() {
	ip netns add "$P-sw" || fail "netns"
	NSES="$P-sw"
	nsx sw ip link add br0 type bridge
	nsx sw ip link set br0 up
	nsx sw ip link set lo up
	lab_host dir 1
}

lab_host() { # NAME N
	ns=$P-$1
	ip netns add "$ns" || fail "netns $ns"
	NSES="$ns $NSES"
	ip link add name "v$2" netns "$P-sw" type veth \
		peer name eth0 netns "$ns" || fail "veth for $1"
	nsx sw ip link set "v$2" master br0 up
	nsx "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0
	nsx "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0
	nsx "$1" ip link set lo up
	nsx "$1" ip addr add "10.77.0.$2/24" dev eth0
	nsx "$1" ip addr add "fd77::$2/64" dev eth0 nodad
	nsx "$1" ip link set eth0 up
}

lab_run() { # NAME CMD... (output in $TMP/NAME.log)
	n=$1
	shift
	ip netns exec "$P-$n" "$@" >>"$TMP/$n.log" 2>&1 &
	PIDS="$PIDS $!"
	LAST_PID=$!
}

# Wait until something listens on PORT (tcp or udp) in namespace NAME.
wait_listen() { # NAME PORT [udp]
	for _ in $(seq 1 100); do
		if [ "${3:-tcp}" = udp ]; then
			nsx "$1" ss -Hlun "sport = :$2" | grep -q . && return 0
		else
			nsx "$1" ss -Hltn "sport = :$2" | grep -q . && return 0
		fi
		sleep 0.05
	done
	fail "nothing listens on $1:$2"
}

# A virtual server of the test: its first line, "virtual_server fwmark N"
# (N its label's place, the same each time a config is written).
lab_vs() { # LABEL
	touch "$TMP/labels" "$TMP/labels.sed"
	n=$(grep -nxF "$1" "$TMP/labels" | cut -d: -f1)
	if [ -z "$n" ]; then
		echo "$1" >>"$TMP/labels"
		n=$(wc -l <"$TMP/labels")
		printf 's/ vs=fwmark %s\\( inet6\\)\\{0,1\\} / vs=%s /\n' \
			"$n" "$1" >>"$TMP/labels.sed"
	fi
	echo "virtual_server fwmark $n"
}

# The event lines so far, virtual servers by label.
lab_events() {
	touch "$TMP/labels.sed"
	sed -f "$TMP/labels.sed" "$EVENTS"
}

lab_checktest() { # CONFIG
	# shellcheck disable=SC2086 # CHECKTEST_WRAP: a command and its words
	ip netns exec "$P-dir" ${CHECKTEST_WRAP:-} "$CHECKTEST" -s "$STATUS" "$1" \
		<"$TMP/ctl" >"$EVENTS" 2>"$TMP/log" &
	CT_PID=$!
	exec 9>"$TMP/ctl"
	for _ in $(seq 1 100); do
		grep -q '^ready' "$EVENTS" 2>/dev/null && return 0
		kill -0 $CT_PID 2>/dev/null || fail "checktest died: $(cat "$TMP/log")"
		sleep 0.05
	done
	fail "checktest not ready"
}

# A command line for the driver (stdin is a FIFO).
ctl() {
	case $1 in
	master | backup) echo "$1 $(status_query "vs(\"$2\")[\"name\"]")" >&9 ;;
	*) echo "$*" >&9 ;;
	esac
}

expect_event() { # PATTERN SECONDS
	end=$(($(date +%s%N) / 1000000 + $(awk "BEGIN { print int($2 * 1000) }")))
	while [ $(($(date +%s%N) / 1000000)) -le $end ]; do
		if lab_events | grep -Eq "$1"; then
			log "seen: $(lab_events | grep -E "$1" | head -n 1)"
			return 0
		fi
		sleep 0.05
	done
	fail "no event /$1/ within $2 s"
}

no_event() { # PATTERN SECONDS
	sleep "$2"
	if lab_events | grep -Eq "$1"; then
		fail "unexpected event: $(lab_events | grep -E "$1" | head -n 1)"
	fi
	log "none: /$1/ in $2 s"
}

# Count of event lines matching PATTERN so far.
count_events() {
	lab_events | grep -Ec "$1"
}

status_query() { # PYEXPR (s is the status, vs(label), rs(label, addr))
	before=$(grep -c '^status written' "$EVENTS")
	kill -USR1 $CT_PID
	for _ in $(seq 1 100); do
		[ "$(grep -c '^status written' "$EVENTS")" -gt "$before" ] && break
		sleep 0.05
	done
	touch "$TMP/labels"
	python3 - "$STATUS" "$1" "$TMP/labels" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
labels = open(sys.argv[3]).read().split()
def vs(label):
    return s["virtual_servers"][labels.index(label)]
def rs(vsname, addr):
    return next(r for r in vs(vsname)["real_servers"] if r["address"] == addr)
print(eval(sys.argv[2]))
EOF
}

expect_status() { # PYEXPR EXPECTED
	got=$(status_query "$1")
	[ "$got" = "$2" ] || fail "status $1 = '$got', expected '$2'"
	log "status $1 = $got"
}

mkfifo "$TMP/ctl"
