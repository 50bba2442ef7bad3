#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Several vigild on one host, as keepalived runs them (vigild(8), "SEVERAL
# VIGILD ON ONE HOST"), all started from the host's namespace with the
# default paths:
#  - `net_namespace A` and `net_namespace B`: each vigild holds its VIP in
#    its namespace (the same interface name in both), none on the host;
#    pid files and control sockets apart, in /run/vigil/A and /run/vigil/B;
#    `vigilctl -n A` and `-n B` reach each one;
#  - `instance two` in namespace B beside the first: files with _two, and
#    with data_use_instance its dump is /tmp/vigil.B_two.data;
#  - the children log with their parent's ident (vigild_A, vigild_B_two);
#  - a vigild whose control socket another vigild holds runs on without
#    it (logged once), and the other keeps its socket;
#  - a reload moves the control socket to a new vigil_control_socket (the
#    new one answers, the old name is gone); a reload that changes
#    net_namespace is refused with its reason, the VIP stays;
#  - SIGTERM: every pid file and socket gone.
. "$(dirname "$0")/vigild_lib.sh"
# vigild_lib.sh made namespace $NS (A) with veth0; B is made alike.
A=$NS
N=$NS-b
PIDS=
more_cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do
		wait_until 50 eval "! kill -0 $p 2>/dev/null"
		kill -9 "$p" 2>/dev/null
	done
	cat "$T"/v-*.log >>"$LOG" 2>/dev/null # for the sanitizer check
	ip netns pids "$N" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$N" 2>/dev/null
	rm -rf "/run/vigil/$A" "/run/vigil/$N" "/tmp/vigil.${N}_two.data"
}
trap 'more_cleanup; cleanup' EXIT
fail() {
	echo "FAIL: $*"
	for f in "$T"/v-*.log; do
		[ -f "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }
	done
	exit 1
}

ip netns add "$N" || fail "netns $N"
ip -n "$N" link add veth0 type veth peer name veth1 || fail "veth"
for i in lo veth0 veth1; do ip -n "$N" link set "$i" up; done
ip -n "$N" addr add 10.99.0.1/24 dev veth0

# conf FILE NETNS VRID VIP [GLOBAL-LINES...]
conf() {
	f=$1 ns=$2 vrid=$3 vip=$4
	shift 4
	{
		echo "net_namespace $ns"
		for l in "$@"; do echo "$l"; done
		cat <<CONF
vrrp_instance VI_$vrid {
	state MASTER
	interface veth0
	virtual_router_id $vrid
	priority 200
	advert_int 1
	virtual_ipaddress {
		$vip/24
	}
}
CONF
	} >"$T/$f"
}

# start NAME [ARGS]: vigild from the host's namespace, default paths
start() {
	name=$1
	shift
	"$VIGILD" -n -l --no-syslog -f "$T/$name.conf" "$@" \
		>>"$T/v-$name.log" 2>&1 &
	PIDS="$PIDS $!"
	eval "pid_$name=$!"
}
has_vip() { ip -n "$1" -4 addr show dev veth0 | grep -q "inet $2/"; }
answers() { "$VIGILCTL" "$@" status >/dev/null 2>&1; }

conf a.conf "$A" 51 10.99.0.100
conf b.conf "$N" 51 10.99.0.100
conf two.conf "$N" 52 10.99.0.102 "instance two" \
	"global_defs {
	data_use_instance
}"
start a
start b
start two
wait_until 80 has_vip "$A" 10.99.0.100 || fail "no VIP in namespace A"
wait_until 80 has_vip "$N" 10.99.0.100 || fail "no VIP in namespace B"
wait_until 80 has_vip "$N" 10.99.0.102 || fail "no VIP of instance two"
ip -4 addr show | grep -q "10.99.0.10[0-3]/" && fail "a VIP on the host"
for p in $pid_a $pid_b $pid_two; do
	kill -0 "$p" || fail "vigild $p exited"
done
ok "three vigild run: the VIPs in their namespaces, none on the host"

# The children log with their parent's ident, as keepalived's do.
for x in "a:vigild_$A" "two:vigild_${N}_two"; do
	f=$T/v-${x%%:*}.log id=${x#*:}
	grep -q "^[^ ]* $id\[[0-9]*\] [a-z]* vrrp: " "$f" ||
		fail "${x%%:*}: no vrrp line as $id: $(grep vrrp: "$f" | head -2)"
	grep -q "^[^ ]* vigild\[" "$f" && fail "${x%%:*}: a line as vigild"
done
ok "the children log as vigild_$A and vigild_${N}_two"

# Without CAP_SYS_ADMIN (the shipped systemd unit's bounding set) setns()
# fails: vigild stops at once, saying what to relax.
if command -v setpriv >/dev/null; then
	setpriv --bounding-set -sys_admin "$VIGILD" -n -l --no-syslog \
		-f "$T/a.conf" -p "$T/nocap.pid" --runtime-dir "$T/nocap" \
		>"$T/nocap.log" 2>&1
	rc=$?
	[ "$rc" = 1 ] && grep -q "netns=$A state=failed .*hint=.*CAP_SYS_ADMIN.*RestrictNamespaces=net" "$T/nocap.log" ||
		fail "without CAP_SYS_ADMIN: exit $rc, $(cat "$T/nocap.log")"
	ok "without CAP_SYS_ADMIN: exit 1, with the unit's drop-in named"
fi

[ "$(cat "/run/vigil/$A/vigild.pid")" = "$pid_a" ] || fail "A's pid file"
[ "$(cat "/run/vigil/$N/vigild.pid")" = "$pid_b" ] || fail "B's pid file"
[ "$(cat "/run/vigil/$N/vigild_two.pid")" = "$pid_two" ] ||
	fail "two's pid file"
[ -s "/run/vigil/$N/vrrp_two.pid" ] || fail "two's vrrp.pid"
answers -n "$A" || fail "vigilctl -n A"
answers -n "$N" || fail "vigilctl -n B"
answers -n "$N" -i two || fail "vigilctl -n B -i two"
"$VIGILCTL" -n "$N" -i two status --json |
	grep -q "\"pid\": *$pid_two\b" || fail "-n B -i two reached another vigild"
ok "pid files and sockets apart; vigilctl -n / -i reach each one"

# data_use_instance: two's dump carries its namespace and name.
DUMP=/tmp/vigil.${N}_two.data
rm -f "$DUMP"
kill -USR1 "$pid_two"
wait_until 50 test -s "$DUMP" || fail "no $DUMP"
grep -q "vrrp child" "$DUMP" || fail "$DUMP: $(head -3 "$DUMP")"
rm -f "$DUMP"
ok "data_use_instance: the dump is $DUMP"

# A fourth vigild told to use A's socket: it runs on without one.
conf d.conf "$N" 53 10.99.0.103 "instance d"
start d --control-socket "/run/vigil/$A/vigil.sock"
wait_until 80 has_vip "$N" 10.99.0.103 || fail "d: no VIP"
kill -0 "$pid_d" || fail "d exited"
grep -q "control socket=/run/vigil/$A/vigil.sock state=unavailable error=\"Address already in use\"" \
	"$T/v-d.log" || fail "d: no log line for its socket"
[ "$(grep -c "state=unavailable" "$T/v-d.log")" = 1 ] || fail "d: said twice"
"$VIGILCTL" -n "$A" status --json | grep -q "\"pid\": *$pid_a\b" ||
	fail "A lost its socket to d"
ok "a vigild without its control socket runs on, logged once"

# A reload moves A's socket.
conf a.conf "$A" 51 10.99.0.100 \
	"global_defs {
	vigil_control_socket /run/vigil/$A/moved.sock
}"
kill -HUP "$pid_a"
wait_until 50 answers -s "/run/vigil/$A/moved.sock" || fail "moved socket"
wait_until 20 test ! -e "/run/vigil/$A/vigil.sock" || fail "old socket left"
ok "a reload moves the control socket"

# A reload cannot move B to another namespace.
conf b.conf "$A" 51 10.99.0.100
kill -HUP "$pid_b"
wait_until 50 grep -q "reason=restart-needed changed=net_namespace" \
	"$T/v-b.log" || fail "B: changed net_namespace not refused"
has_vip "$N" 10.99.0.100 || fail "B: VIP gone"
ok "a reload that changes net_namespace is refused"

for p in $pid_a $pid_b $pid_two $pid_d; do kill -TERM "$p"; done
for p in $pid_a $pid_b $pid_two $pid_d; do
	wait "$p" || fail "vigild $p exit status $?"
done
PIDS=
left=$(find "/run/vigil/$A" "/run/vigil/$N" -name '*.pid' -o -name '*.sock')
[ -z "$left" ] || fail "left behind: $left"
ok "SIGTERM: every pid file and socket gone"
echo PASS
