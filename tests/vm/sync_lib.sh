# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the sync VM scenarios (tests/vm/sync_*.sh), sourced after
# vmlib.sh: bridges and namespaces ("sy-NAME"), vigild in a namespace with
# its own runtime directory, polling with a bound.

SY=/tmp/sy
VIGILCTL=$top_builddir/vigilctl
SYNCTOOL=$top_builddir/tests/sync/synctool

in_ns() { _n=$1; shift; ip netns exec "sy-$_n" "$@"; }

sy_cleanup() {
	_rc=$?
	if [ "$_rc" != 0 ]; then
		for _l in "$SY"/*/log; do
			[ -f "$_l" ] && { echo "--- $_l"; tail -n 40 "$_l"; }
		done
	fi
	for _p in "$SY"/*/vigild.pid; do
		[ -f "$_p" ] && kill "$(cat "$_p")" 2>/dev/null
	done
	sleep 1
	for _ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		case $_ns in sy-*)
			ip netns pids "$_ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
			ip netns del "$_ns" 2>/dev/null ;;
		esac
	done
	for _b in $(ip -o link show type bridge 2>/dev/null |
		awk -F': ' '{print $2}'); do
		case $_b in sy-*) ip link del "$_b" 2>/dev/null ;; esac
	done
	# a namespace whose sockets still retransmit (a broken connection's
	# FIN) lives on with its veths: delete our side of each, so that a
	# next run can make links of the same names
	for _v in $(ip -o link show type veth 2>/dev/null |
		awk -F': ' '{print $2}' | cut -d@ -f1); do
		ip link del "$_v" 2>/dev/null
	done
}
trap sy_cleanup EXIT

# sy_wait SECONDS WHAT COMMAND...: poll every 0.2 s until COMMAND succeeds.
sy_wait() {
	_t=$(($1 * 5))
	_what=$2
	shift 2
	while [ "$_t" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		_t=$((_t - 1))
	done
	vm_fail "$_what: not seen in time"
}

sy_bridge() { # name
	ip link add "sy-$1" type bridge
	ip link set "sy-$1" up
}

sy_node() { # name
	ip netns add "sy-$1"
	in_ns "$1" ip link set lo up
	in_ns "$1" sysctl -qw net.ipv4.ip_forward=1
	mkdir -p "$SY/$1"
}

# sy_link NODE BRIDGE IFNAME ADDR/LEN: a veth from the bridge into NODE;
# its bridge side is named NODE-IFNAME (what a test cuts).
sy_link() {
	ip link add "$1-$3" type veth peer name "$3" netns "sy-$1"
	ip link set "$1-$3" master "sy-$2" up
	in_ns "$1" ip addr add "$4" dev "$3"
	in_ns "$1" ip link set "$3" up
}

# Start vigild in NODE on $SY/NODE/vigil.conf; its log is $SY/NODE/log.
sy_vigild() { # node
	in_ns "$1" "$top_builddir/vigild" -n -l --no-syslog \
		-f "$SY/$1/vigil.conf" --runtime-dir "$SY/$1" \
		-p "$SY/$1/vigild.pid" -r "$SY/$1/vrrp.pid" \
		-c "$SY/$1/check.pid" --sync_pid "$SY/$1/sync.pid" \
		>>"$SY/$1/log" 2>&1 &
}

sy_ctl() { _d=$1; shift; in_ns "$_d" "$VIGILCTL" -s "$SY/$_d/vigil.sock" "$@"; }

# The kernel's sync threads in NODE as ipvsadm prints them.
sy_daemons() { in_ns "$1" ipvsadm -L --daemon 2>/dev/null; }
# Exactly the threads named run in NODE (master, backup, or "none").
sy_threads_are() { # node master|backup|both|none
	_d=$(sy_daemons "$1")
	_m=0 _b=0
	echo "$_d" | grep -q "^master sync daemon" && _m=1
	echo "$_d" | grep -q "^backup sync daemon" && _b=1
	case $2 in
	master) [ "$_m$_b" = 10 ] ;;
	backup) [ "$_m$_b" = 01 ] ;;
	both) [ "$_m$_b" = 11 ] ;;
	none) [ "$_m$_b" = 00 ] ;;
	esac
}

has_addr() { in_ns "$1" ip -4 -o addr show | grep -q " $2/"; }
no_addr() { ! has_addr "$@"; }

# A JSON number or string of `vigilctl --json show sync` (a flat key,
# first match): sy_show NODE KEY
sy_show() {
	sy_ctl "$1" --json show sync |
		sed -n "s/.*\"$2\": *\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -n 1
}

# Fail on a sanitizer report in any vigild log of this run.
sy_no_sanitizer_report() {
	if grep -q 'Sanitizer\|runtime error' "$SY"/*/log; then
		grep -A20 'Sanitizer\|runtime error' "$SY"/*/log | head -60
		vm_fail "sanitizer report in a vigild log"
	fi
}
