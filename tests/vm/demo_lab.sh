#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo lab (tools/demo runs it; `make check` runs it as a scenario).
#
# Inside a VM whose kernel has IPVS, one bridge and five network namespaces:
#
#   lab-d1  director 1, vigild, VRRP priority 150   10.77.0.1
#   lab-d2  director 2, vigild, VRRP priority 100   10.77.0.2
#   lab-r1  real server 1, busybox httpd            10.77.0.11
#   lab-r2  real server 2, busybox httpd            10.77.0.12
#   lab-c   a client                                10.77.0.50
#
# The two directors run the same keepalived-syntax config (but for state and
# priority): VRRP instance VI_1 owns the VIP 10.77.0.100, and virtual server
# VIP:80 balances round-robin over the real servers in direct routing (the
# real servers hold the VIP on lo and do not answer ARP for it), each checked
# with HTTP_GET. The lab shows, and checks, what an operator would look at:
# the VIP on the master, the IPVS table, requests spread over both servers,
# a failed real server leaving the table and coming back, the master
# director losing its link and the backup taking over the VIP while the
# client keeps being served, and the master taking it back.
# vm-bin: vigild vigilctl
# vm-mem: 768
# vm-timeout: 400
. "$(dirname "$0")/vmlib.sh"

VIP=10.77.0.100
LAB=/tmp/lab

say() { printf '\n--- %s\n' "$*"; }
in_ns() { _n=$1; shift; ip netns exec "lab-$_n" "$@"; }

lab_cleanup() {
	for _d in d1 d2; do
		[ -f "$LAB/$_d/vigild.pid" ] &&
			kill "$(cat "$LAB/$_d/vigild.pid")" 2>/dev/null
	done
	sleep 1
	for _ns in d1 d2 r1 r2 c; do
		ip netns pids "lab-$_ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "lab-$_ns" 2>/dev/null
	done
	ip link del lab-br 2>/dev/null
}
trap lab_cleanup EXIT

# wait_for SECONDS WHAT COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
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

node() { # name address
	ip netns add "lab-$1"
	ip link add "lab-$1" type veth peer name eth0 netns "lab-$1"
	ip link set "lab-$1" master lab-br up
	in_ns "$1" ip link set lo up
	in_ns "$1" ip addr add "$2/24" dev eth0
	in_ns "$1" ip link set eth0 up
}

real_server() { # name address
	node "$1" "$2"
	# Direct routing: the VIP on lo, never announced nor answered by ARP.
	in_ns "$1" sysctl -qw net.ipv4.conf.all.arp_ignore=1
	in_ns "$1" sysctl -qw net.ipv4.conf.all.arp_announce=2
	in_ns "$1" ip addr add "$VIP/32" dev lo
	mkdir -p "$LAB/www-$1"
	echo "hello from $1" >"$LAB/www-$1/index.html"
	in_ns "$1" httpd -p 80 -h "$LAB/www-$1"
}

rs_conf() { # address
	cat <<EOF
	real_server $1 80 {
		weight 1
		HTTP_GET {
			url {
				path /index.html
				status_code 200
			}
			connect_timeout 1
			retry 1
		}
	}
EOF
}

director_conf() { # name state priority
	cat <<EOF
! director $1 of the demo lab: keepalived's config language
global_defs {
	router_id lab-$1
}

vrrp_instance VI_1 {
	state $2
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass demo
	}
	virtual_ipaddress {
		$VIP/24
	}
}

virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP

$(rs_conf 10.77.0.11)
$(rs_conf 10.77.0.12)
}
EOF
}

director() { # name address state priority
	node "$1" "$2"
	mkdir -p "$LAB/$1"
	director_conf "$1" "$3" "$4" >"$LAB/$1/keepalived.conf"
	in_ns "$1" "$top_builddir/vigild" -n -l -f "$LAB/$1/keepalived.conf" \
		--runtime-dir "$LAB/$1" -p "$LAB/$1/vigild.pid" \
		-r "$LAB/$1/vrrp.pid" -c "$LAB/$1/check.pid" \
		>"$LAB/$1/log" 2>&1 &
}

has_vip() { in_ns "$1" ip -4 -o addr show dev eth0 | grep -q " $VIP/"; }
ctl() { _d=$1; shift; in_ns "$_d" "$top_builddir/vigilctl" -s "$LAB/$_d/vigil.sock" "$@"; }

get() {
	printf 'GET /index.html HTTP/1.0\r\n\r\n' |
		in_ns c nc -w 3 "$VIP" 80 2>/dev/null | tail -n 1
}
# n requests; prints "server count" lines
spread() {
	_i=0
	while [ "$_i" -lt "$1" ]; do
		get | sed -n 's/^hello from //p' | grep . || echo none
		_i=$((_i + 1))
	done | sort | uniq -c | awk '{print $2, $1}'
}
spread_is() { # n expected what
	spread "$1" >"$LAB/spread"
	printf "$2" >"$LAB/expect"
	sed 's/^/    /' "$LAB/spread"
	vm_same "$LAB/expect" "$LAB/spread" "$3"
}
rs_in_table() { # director rs
	in_ns "$1" ipvsadm -Ln | grep -q -- "-> $2:80"
}
rs_gone() { ! rs_in_table "$@"; }
no_vip() { ! has_vip "$1"; }
no_vigild() { ! pidof vigild; }

for m in ip_vs ip_vs_rr veth bridge; do vm_modprobe $m; done
mkdir -p "$LAB"

say "building the lab: a bridge, two directors, two real servers, a client"
ip link add lab-br type bridge
ip link set lab-br up
real_server r1 10.77.0.11
real_server r2 10.77.0.12
node c 10.77.0.50
director d1 10.77.0.1 MASTER 150
director d2 10.77.0.2 BACKUP 100
echo "config of d1 (d2's differs in state and priority):"
sed 's/^/    /' "$LAB/d1/keepalived.conf"

say "VRRP: d1 (priority 150) becomes MASTER and owns the VIP $VIP"
wait_for 20 "VIP on d1" has_vip d1
has_vip d2 && vm_fail "the VIP is on both directors"
for d in d1 d2; do
	echo "$d: $(in_ns $d ip -4 -o addr show dev eth0 | awk '{print $4}' | tr '\n' ' ')"
done
vm_ok "VIP on d1 only"
ctl d1 status

say "health checks put both real servers in d1's IPVS table"
wait_for 20 "r1 in d1's table" rs_in_table d1 10.77.0.11
wait_for 20 "r2 in d1's table" rs_in_table d1 10.77.0.12
in_ns d1 ipvsadm -Ln | sed 's/^/    /'
vm_ok "IPVS table on d1: $VIP:80 rr -> r1, r2"

say "the client sends 10 requests to the VIP: round robin over r1 and r2"
spread_is 10 'r1 5\nr2 5\n' "10 requests, 5 to each real server"

say "r2's web server stops: its HTTP_GET fails and d1 takes it out"
ip netns pids lab-r2 | xargs -r kill # only r2's httpd runs there
wait_for 20 "r2 leaving d1's table" rs_gone d1 10.77.0.12
in_ns d1 ipvsadm -Ln | sed 's/^/    /'
spread_is 6 'r1 6\n' "6 requests, all to r1"
grep -E 'rs=10.77.0.12' "$LAB/d1/log" | tail -n 2 | sed 's/^/    log: /'

say "r2 comes back: the check passes and it is in the table again"
in_ns r2 httpd -p 80 -h "$LAB/www-r2"
wait_for 20 "r2 back in d1's table" rs_in_table d1 10.77.0.12
spread_is 10 'r1 5\nr2 5\n' "10 requests, 5 to each real server again"

say "d1 loses its link: d2 stops hearing adverts and takes the VIP over"
t0=$(vm_ms)
ip link set lab-d1 down
wait_for 20 "VIP on d2" has_vip d2
echo "    d2 MASTER after $(($(vm_ms) - t0)) ms (Master_Down_Interval 3.6 s)"
wait_for 20 "r1 in d2's table" rs_in_table d2 10.77.0.11
spread_is 10 'r1 5\nr2 5\n' "the client is served by d2: 10 requests, 5 each"

say "d1's link is back: it has the higher priority and takes the VIP back"
ip link set lab-d1 up
wait_for 20 "VIP back on d1" has_vip d1
wait_for 10 "VIP gone from d2" no_vip d2
vm_ok "VIP on d1 again, not on d2"
spread_is 4 'r1 2\nr2 2\n' "served by d1 again"

say "done: stopping both directors cleanly"
for d in d1 d2; do kill "$(cat "$LAB/$d/vigild.pid")"; done
wait_for 10 "d1 and d2 stopped" no_vigild
vm_ok "demo lab complete"
