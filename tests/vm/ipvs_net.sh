# SPDX-License-Identifier: GPL-2.0-or-later
# A director topology for IPVS scenarios in the VM, sourced after vmlib.sh.
#
#   client namespace ipvs-client: 10.10.0.2/24, default via 10.10.0.1
#   director (the VM's own namespace): 10.10.0.1 and the VIPs
#     10.10.0.100-109 on the client side; 10.20.N.1/24 towards server N
#   server namespaces ipvs-rsN: 10.20.N.2/24, default via 10.20.N.1, so
#     that NAT replies come back through the director
#
# Servers run busybox httpd (a page naming the server) on port 80.

NET_CLIENT=ipvs-client
TOOL=$top_builddir/tests/ipvs/ipvstool
FIX=$top_srcdir/tests/ipvs/fixtures

net_cleanup() {
	for _ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		case $_ns in ipvs-*) ip netns pids "$_ns" 2>/dev/null | xargs -r kill 2>/dev/null
			ip netns del "$_ns" ;;
		esac
	done
}
trap net_cleanup EXIT

in_client() { ip netns exec "$NET_CLIENT" "$@"; }
in_server() { _n=$1; shift; ip netns exec "ipvs-rs$_n" "$@"; }

net_client() {
	ip netns add "$NET_CLIENT"
	ip link add ipvs-c0 type veth peer name ipvs-c1
	ip link set ipvs-c1 netns "$NET_CLIENT"
	ip addr add 10.10.0.1/24 dev ipvs-c0
	for _v in 100 101 102 103 104 105 106 107 108 109; do
		ip addr add "10.10.0.$_v/32" dev ipvs-c0
	done
	ip link set ipvs-c0 up
	in_client ip addr add 10.10.0.2/24 dev ipvs-c1
	in_client ip link set ipvs-c1 up
	in_client ip link set lo up
	in_client ip route add default via 10.10.0.1
	sysctl -qw net.ipv4.ip_forward=1
}

# net_server N: namespace ipvs-rsN with httpd serving "rsN".
net_server() {
	_ns=ipvs-rs$1
	ip netns add "$_ns"
	ip link add "ipvs-r$1a" type veth peer name "ipvs-r$1b"
	ip link set "ipvs-r$1b" netns "$_ns"
	ip addr add "10.20.$1.1/24" dev "ipvs-r$1a"
	ip link set "ipvs-r$1a" up
	in_server "$1" ip addr add "10.20.$1.2/24" dev "ipvs-r$1b"
	in_server "$1" ip link set "ipvs-r$1b" up
	in_server "$1" ip link set lo up
	in_server "$1" ip route add default via "10.20.$1.1"
	mkdir -p "/tmp/www$1"
	echo "rs$1" >"/tmp/www$1/index.html"
	in_server "$1" httpd -p 80 -h "/tmp/www$1"
}

# One HTTP request from the client to host:port; prints the page (a
# server's name). busybox nc speaks it: Debian's static busybox wget
# crashes (it does on the host too).
http_get() { # host [port]
	printf 'GET / HTTP/1.0\r\n\r\n' |
		in_client nc -w 5 "$1" "${2:-80}" 2>/dev/null | tail -n 1
}

# n requests; prints "rsN count" lines, sorted.
http_spread() { # host n
	_i=0
	while [ "$_i" -lt "$2" ]; do
		http_get "$1" | grep . || echo none
		_i=$((_i + 1))
	done | sort | uniq -c | awk '{print $2, $1}'
}

# Apply a table through the tool; fail the scenario if it fails.
apply_ok() { # json [tool options]
	_j=$1
	shift
	"$TOOL" apply "$@" "$_j" >/tmp/apply.out 2>&1 || {
		cat /tmp/apply.out
		vm_fail "ipvstool apply $_j failed"
	}
}

# `ipvsadm -Sn` against what a table file says, both sorted.
table_is() { # json what
	"$TOOL" save "$1" | sort >/tmp/want.save
	ipvsadm -Sn | sort >/tmp/got.save
	vm_same /tmp/want.save /tmp/got.save "$2"
}

# A line every 0.1 s from the client to VIP:PORT, received by nc in
# server N's namespace, until stream_stop (at most 3000 lines). The
# listener's stdin stays open: busybox nc ends at its stdin's end.
stream_start() { # vip port server
	rm -f /tmp/stop /tmp/sent /tmp/recv
	in_server "$3" sh -c "sleep 600 | nc -l -p $2 >/tmp/recv" &
	sleep 1
	(
		i=0
		while [ $i -lt 3000 ] && [ ! -e /tmp/stop ]; do
			echo "line $i"
			echo "line $i" >>/tmp/sent
			i=$((i + 1))
			sleep 0.1
		done
	) | in_client nc -w 60 "$1" "$2" >/dev/null &
	writer=$!
	stream_conn="ESTABLISHED.*$1:$2"
	i=0
	while ! ipvsadm -Lnc | grep -q "$stream_conn" && [ $i -lt 20 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	ipvsadm -Lnc | grep -q "$stream_conn" ||
		vm_fail "the stream's connection is not established"
	stream_seen=0
}

# The stream still flows: more lines arrived since the last look, and
# what arrived is what was sent, in order. Both files grow meanwhile (a
# line may be received before it is logged as sent, or half written):
# compare the complete lines both have.
stream_check() { # what
	sleep 0.5
	_n=$(wc -l </tmp/recv)
	_s=$(wc -l </tmp/sent)
	[ "$_n" -gt "$stream_seen" ] ||
		vm_fail "$1: no line received since the last look ($_n)"
	[ "$_s" -lt "$_n" ] && _n=$_s
	head -n "$_n" /tmp/sent >/tmp/sent.head
	head -n "$_n" /tmp/recv >/tmp/recv.head
	cmp -s /tmp/sent.head /tmp/recv.head ||
		vm_fail "$1: the received lines differ from the sent ones"
	stream_seen=$_n
	vm_ok "$1 ($_n lines so far)"
}

stream_stop() {
	touch /tmp/stop
	wait $writer
	sleep 1
	vm_same /tmp/sent /tmp/recv \
		"the stream ended whole: $(wc -l </tmp/sent) lines in order"
}
