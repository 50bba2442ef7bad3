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
# The children (vigil_child_user) reach their runtime directory in it.
chmod 755 "$WORK"
PIDS=""

log() { printf '%s %s\n' "$(date +%T.%N | cut -c1-12)" "$*"; }
fail() {
	log "FAIL: $*"
	for f in "$WORK"/*.log; do
		[ -f "$f" ] || continue
		echo "----- $f"
		grep -v "event=adver\|event=advert\| debug " "$f" | tail -n 40
	done
	exit 1
}

cleanup() {
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	for n in br d1 d2 c; do
		# whatever a daemon left inside (a keepalived child outlives
		# its parent's SIGKILL)
		ip netns pids "$P-$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$P-$n" 2>/dev/null
	done
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

# start_vrrptest NODE NAME CONF: run vrrptest on CONF (keepalived syntax,
# vigil.conf(5)), record its pid in $NAME_pid; its status file is
# $WORK/NAME.status, its admin commands $WORK/NAME.cmd, its ledger of owned
# addresses $WORK/NAME.owned. Returns once it is up (its first status
# file), so signals are safe.
start_vrrptest() {
	printf '%s\n' "$3" >"$WORK/$2.conf"
	rm -f "$WORK/$2.status"
	# Not through ns(): $! must be vrrptest itself (ip netns exec execs).
	ip netns exec "$P-$1" "$VRRPTEST" ${VRRPTEST_ARGS--d} \
		-s "$WORK/$2.status" -c "$WORK/$2.cmd" -l "$WORK/$2.owned" \
		"$WORK/$2.conf" >/dev/null 2>>"$WORK/$2.log" &
	eval "$2_pid=$!"
	PIDS="$PIDS $!"
	wait_until 10 test -s "$WORK/$2.status" || fail "$2: vrrptest did not start"
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

# capture NODE IFACE FILTER FILE: tshark into FILE in the background, its
# pid in $cap (SIGINT ends it); returns once it captures. Not through ns():
# $! must be tshark itself.
capture() {
	ip netns exec "$P-$1" tshark -i "$2" -w "$4" -q -f "$3" \
		2>"$4.tshark" &
	cap=$!
	PIDS="$PIDS $cap"
	# tshark takes seconds to start on a loaded machine: a bound, not a wait
	wait_until 20 grep -q "Capturing on" "$4.tshark" ||
		fail "tshark did not start"
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

# $WORK/n.sh appends its arguments to $WORK/out, both usable by the
# unprivileged user notify scripts run as (no script_user: keepalived's).
notify_recorder() {
	: >"$WORK/out"
	chmod 755 "$WORK"
	chmod 666 "$WORK/out"
	printf '#!/bin/sh\necho "$*" >>%s\n' "$WORK/out" >"$WORK/n.sh"
	chmod 755 "$WORK/n.sh"
}
# A VRRPv3 instance on d's eth0, VIP 10.NET.0.VRID, NOTIFY as its notify
# (none if empty), EXTRA lines inside.
notify_inst() { # NAME VRID NOTIFY EXTRA
	printf 'vrrp_instance %s {\n\tinterface eth0\n\tvirtual_router_id %s\n' \
		"$1" "$2"
	printf '\tversion 3\n\tadvert_int 0.1\n'
	[ -z "$3" ] || printf '\tnotify %s\n' "$3"
	[ -z "$4" ] || printf '\t%s\n' "$4"
	printf '\tvirtual_ipaddress {\n\t\t10.%s.0.%s/24\n\t}\n}\n' "$NET" "$2"
}

# ---- mixed pairs: vrrptest on one director, keepalived 2.2.7 on the other

# ka_conf NAME PRIO VERSION ADVERT VIP EXTRA [GLOBAL]: a keepalived.conf
ka_conf() {
	cat <<K
global_defs {
	router_id $1
	vrrp_garp_master_delay 0
	$7
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	version $3
	advert_int $4
	$6
	virtual_ipaddress {
		$5
	}
}
K
}

# vt_conf PRIO VERSION ADVERT VIP EXTRA: a config for vrrptest, instance
# VI_1 as in ka_conf but with keepalived's default GARP timing
vt_conf() {
	cat <<K
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority $1
	version $2
	advert_int $3
	$5
	virtual_ipaddress {
		$4
	}
}
K
}

# kill_director NODE NAME: SIGKILL its daemon and every process it left in
# NODE's namespace, and take its link down, as when the host dies. The
# parent goes first, in the same kill(1): a keepalived parent that saw its
# vrrp child die first respawned it at once, and the new child, orphaned,
# held the VIP (one CI run). The pid files go too: a killed child stays a
# zombie until init reaps it, and the next keepalived, finding its pid
# alive, refused to start ("daemon is already running", the next run).
kill_director() {
	eval "_p=\$$2_pid"
	kill -KILL $_p $(cat "$WORK/$2.vpid" 2>/dev/null) 2>/dev/null
	wait "$_p" 2>/dev/null
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		_left=$(ip netns pids "$P-$1" 2>/dev/null)
		[ -n "$_left" ] || break
		kill -KILL $_left 2>/dev/null
		sleep 0.05
	done
	rm -f "$WORK/$2.vpid" "$WORK/$2.pid"
	ns "$1" ip link set eth0 down
}

# mixed_pair MODE VIGIL_PRIO KA_PRIO: one election, crash failover and
# preemption between vrrptest (on d1) and keepalived (on d2). MODE sets
# VERSION ADVERT VIP KA_EXTRA VT_EXTRA (see the callers).
mixed_pair() {
	mode=$1 vp=$2 kp=$3
	if [ "$vp" -gt "$kp" ]; then win=d1 lose=d2; else win=d2 lose=d1; fi
	ns d1 ip link set eth0 up
	ns d2 ip link set eth0 up
	start_vrrptest d1 vt "$(vt_conf "$vp" "$VERSION" "$ADVERT" "$VIP/$PLEN" "$VT_EXTRA")"
	start_keepalived d2 ka "$(ka_conf ka "$kp" "$VERSION" "$ADVERT" "$VIP/$PLEN" "$KA_EXTRA")"
	wait_until "$SETTLE" has_addr $win "$VIP" || fail "$mode: $win did not become master"
	sleep "$ADVERT"
	no_addr $lose "$VIP" || fail "$mode: the VIP is on both directors"
	if [ $win = d1 ]; then is_state vt MASTER; else is_state vt BACKUP; fi ||
		fail "$mode: vrrptest in the wrong state"
	[ "$(jget vt "s['instances'][0]['stats']['auth_failures'] + s['instances'][0]['stats']['checksum_errors'] + s['instances'][0]['stats']['packet_length_errors']")" = 0 ] ||
		fail "$mode: vrrptest refused keepalived's adverts"
	log "$mode: vigil=$vp keepalived=$kp -> $win master"
	if [ $win = d1 ]; then kill_director d1 vt; else kill_director d2 ka; fi
	wait_until "$SETTLE" has_addr $lose "$VIP" || fail "$mode: $lose did not take over"
	log "$mode: $win died -> $lose took the VIP"
	ns $win ip link set eth0 up
	if [ $win = d1 ]; then
		start_vrrptest d1 vt "$(vt_conf "$vp" "$VERSION" "$ADVERT" "$VIP/$PLEN" "$VT_EXTRA")"
	else
		start_keepalived d2 ka "$(ka_conf ka "$kp" "$VERSION" "$ADVERT" "$VIP/$PLEN" "$KA_EXTRA")"
	fi
	wait_until "$SETTLE" has_addr $win "$VIP" || fail "$mode: $win did not preempt"
	wait_until "$SETTLE" no_addr $lose "$VIP" || fail "$mode: $lose kept the VIP"
	log "$mode: $win back -> preempted"
	kill -TERM "$vt_pid" 2>/dev/null
	wait "$vt_pid" 2>/dev/null
	[ -f "$WORK/ka.pid" ] && kill -TERM "$(cat "$WORK/ka.pid")" 2>/dev/null
	wait "$ka_pid" 2>/dev/null
	no_addr d1 "$VIP" && no_addr d2 "$VIP" || fail "$mode: a VIP survived the stop"
	rm -f "$WORK"/*.status "$WORK"/*.pid "$WORK"/*.vpid
}

# ---- vigild: the whole daemon (parent + vrrp child) from a keepalived.conf

VIGILD=${VIGILD:-$top_builddir/vigild}
VIGILCTL=${VIGILCTL:-$top_builddir/vigilctl}
need_vigild() {
	[ -x "$VIGILD" ] || { echo "SKIP: $VIGILD not built"; exit 77; }
}

# start_vigild NODE NAME CONF: vigild in the foreground in NODE; pids in
# $NAME_pid (parent) and $WORK/NAME.vpid (vrrp child); returns once the
# vrrp child runs.
start_vigild() {
	printf '%s\n' "$3" >"$WORK/$2.conf"
	mkdir -p "$WORK/$2.run"
	rm -f "$WORK/$2.vpid"
	ip netns exec "$P-$1" "$VIGILD" -n -l --no-syslog -P \
		-f "$WORK/$2.conf" -p "$WORK/$2.pid" -r "$WORK/$2.vpid" \
		--runtime-dir "$WORK/$2.run" \
		--control-socket "$WORK/$2.run/vigil.sock" \
		>>"$WORK/$2.log" 2>&1 &
	eval "$2_pid=$!"
	PIDS="$PIDS $!"
	wait_until 10 test -s "$WORK/$2.vpid" || fail "$2: vigild did not start"
	PIDS="$PIDS $(cat "$WORK/$2.vpid")"
}

# crash_vigild NAME: SIGKILL the vrrp child and the parent at once, as
# when the host dies (the child first: the parent's death would send it
# SIGTERM, a clean stop).
crash_vigild() {
	kill -KILL "$(cat "$WORK/$1.vpid")" "$(eval echo \$$1_pid)" 2>/dev/null
	eval "wait \$$1_pid" 2>/dev/null
	rm -f "$WORK/$1.vpid"
}

# stop_vigild NAME: SIGTERM, as systemd stops it; waits for the exit
stop_vigild() {
	eval "kill -TERM \$$1_pid" 2>/dev/null
	eval "wait \$$1_pid" 2>/dev/null
	rm -f "$WORK/$1.vpid"
}

# vigilctl NAME ARGS...: the control socket of vigild NAME
vctl() {
	"$VIGILCTL" -s "$WORK/$1.run/vigil.sock" "${@:2}"
}

# vigild_pair VIP: vigild on d2 (priority 100) and d1 (150), VRRPv2 with
# advert_int 1; returns once d1 alone holds VIP.
vigild_pair() {
	start_vigild d2 b "$(ka_conf b 100 2 1 "$1/24")"
	start_vigild d1 a "$(ka_conf a 150 2 1 "$1/24")"
	wait_until 8 has_addr d1 "$1" || fail "d1 (priority 150) did not become master"
	wait_until 3 no_addr d2 "$1" || fail "the VIP is on both directors"
}
