# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/netns/ct_*.sh (sourced): two directors running vigild
# with nftables DNAT between a client and a real server, on two bridges
# (front, back), and helpers to read `vigilctl show sync`.

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for t in ip nft python3; do
	command -v $t >/dev/null || { echo "SKIP: no $t"; exit 77; }
done

B=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)/build}
SYNCTOOL=$B/tests/sync/synctool
[ -x "$B/vigild" ] && [ -x "$SYNCTOOL" ] || { echo "FAIL: not built"; exit 1; }
P=ct$$
W=$(mktemp -d /tmp/vigil-ct.XXXXXX)
KEY=$W/ct.key
echo "a shared secret of the pair" >"$KEY"

ns() { _n=$1; shift; ip netns exec "$P-$_n" "$@"; }
fail() {
	echo "FAIL: $*"
	for d in d1 d2; do
		echo "--- $d conntrack"
		ns $d conntrack -L 2>/dev/null | grep 'dport=9000' | head -n 3
		ns $d conntrack -S 2>/dev/null | head -n 2
		ns $d nft list table inet ctfilt | grep counter
		ns $d nstat -az TcpOutRsts 2>/dev/null | tail -n 1
	done
	for d in d1 d2; do
		[ -f "$W/$d.log" ] && { echo "--- $d log"; tail -n 25 "$W/$d.log"; }
	done
	exit 1
}
ok() { echo "ok: $*"; }
wait_until() { # TENTHS CMD...
	_n=$1
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

ct_cleanup() {
	for d in d1 d2; do
		[ -f "$W/$d.pid" ] && kill "$(cat "$W/$d.pid")" 2>/dev/null
	done
	[ -f "$W/hold.pid" ] && kill "$(cat "$W/hold.pid")" 2>/dev/null
	sleep 0.3
	for n in c d1 d2 r br; do
		ip netns pids "$P-$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$P-$n" 2>/dev/null
	done
	if grep -qE "Sanitizer|runtime error:" "$W"/*.log 2>/dev/null; then
		grep -A30 -E "Sanitizer|runtime error:" "$W"/*.log | head -60
		echo "FAIL: sanitizer report"
		exit 1
	fi
	rm -f "$W"/*.pid "$W"/*.log "$W/hold"
}
trap 'ct_cleanup; rm -rf "$W"' EXIT
trap 'exit 1' INT TERM

link() { # node bridge ifname addr/len
	ip -n "$P-$1" link add "$3" type veth peer name "$1-$3" netns "$P-br"
	ns br ip link set "$1-$3" master "$2" up
	ns "$1" ip link set "$3" up
	ns "$1" ip addr add "$4" dev "$3"
}

ct_topology() {
	ip netns add "$P-br" || fail "netns"
	for b in front back; do
		ns br ip link add $b type bridge
		ns br ip link set $b up
	done
	for n in c d1 d2 r; do
		ip netns add "$P-$n"
		ns "$n" ip link set lo up
	done
	link c front eth0 10.77.0.50/24
	link r back eth0 10.78.0.11/24
	ns r ip route add default via 10.78.0.254
	# the echo service: one process, any number of connections
	ns r python3 -c '
import asyncio
async def echo(r, w):
    while True:
        d = await r.read(4096)
        if not d:
            break
        w.write(d)
        await w.drain()
    w.close()
async def main():
    s = await asyncio.start_server(echo, "0.0.0.0", 9000, backlog=1024)
    await s.serve_forever()
asyncio.run(main())' >/dev/null 2>&1 &
}

# the config of director $1 (priority $2); conntrack_sync when $3 = on.
# CT_UNICAST=1: the other director as a unicast peer instead of the group;
# CT_SYNC_EXTRA: more lines for the conntrack_sync block; CT_GLOBAL_EXTRA
# for global_defs (@node@ there is the director's name).
ct_conf() {
	_to="group 225.0.0.50"
	[ -n "$CT_UNICAST" ] && _to="peer 10.78.0.$((3 - ${1#d}))"
	cat <<CONF
global_defs {
	router_id $1
$(printf '%s\n' "${CT_GLOBAL_EXTRA:-}" | sed "s|@node@|$1|g")
}
vrrp_sync_group G {
	group {
		VI_EXT
		VI_INT
	}
}
vrrp_instance VI_EXT {
	state BACKUP
	interface eth0
	virtual_router_id 71
	priority $2
	advert_int 0.5
	virtual_ipaddress {
		10.77.0.100/24
	}
}
vrrp_instance VI_INT {
	state BACKUP
	interface eth1
	virtual_router_id 72
	priority $2
	advert_int 0.5
	virtual_ipaddress {
		10.78.0.254/24
	}
}
CONF
	[ "$3" = on ] && cat <<CONF
conntrack_sync {
	interface eth1
	vrrp_instance VI_INT
	$_to
	auth_key_file $KEY
	alive_interval 0.5
${CT_SYNC_EXTRA:-}
}
CONF
}

ct_vigild() { # node
	mkdir -p "$W/$1.run"
	# ip netns exec execs vigild: $! is vigild's pid
	ip netns exec "$P-$1" "$B/vigild" -n -l --no-syslog -f "$W/$1.conf" \
		--runtime-dir "$W/$1.run" >>"$W/$1.log" 2>&1 &
	echo $! >"$W/$1.pid"
}

ct_director() { # node n priority on|off
	link "$1" front eth0 "10.77.0.$2/24"
	link "$1" back eth1 "10.78.0.$2/24"
	ns "$1" sysctl -qw net.ipv4.ip_forward=1
	ns "$1" nft -f - <<NFT || fail "nft on $1"
table ip ctnat {
	chain pre {
		type nat hook prerouting priority dstnat;
		ip daddr 10.77.0.100 tcp dport 9000 dnat to 10.78.0.11
	}
}
table inet ctfilt {
	chain pre {
		type filter hook prerouting priority mangle;
		ct state invalid counter drop
	}
}
NFT
	# conntrack now exists in the namespace: no mid-stream pickup
	ns "$1" sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0
	ct_conf "$1" "$3" "$4" >"$W/$1.conf"
	ct_vigild "$1"
}

ctl() { # node args...
	_n=$1
	shift
	ns "$_n" "$B/vigilctl" -s "$W/$_n.run/vigil.sock" "$@"
}
# ctshow NODE EXPR: a Python expression on `c`, the conntrack part
ctshow() {
	ctl "$1" --json show sync 2>/dev/null | python3 -c "
import json, sys
c = json.load(sys.stdin)['data']['conntrack']
print($2)" 2>/dev/null
}
shown() { [ "$(ctshow "$1" "$2")" = "$3" ]; }
has_vips() {
	ns "$1" ip -4 addr show | grep -q 10.77.0.100/ &&
		ns "$1" ip -4 addr show | grep -q 10.78.0.254/
}
status_is() { [ "$(sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$W/hold" 2>/dev/null)" = "$2" ]; }
