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
# client keeps being served, and the master taking it back. With
# `lvs_sync_daemon`, the backup's kernel learns the master's connections:
# long-lived connections to an echo service (VIP:9000) keep carrying data
# through the failover.
# vm-bin: vigild vigilctl tests/sync/synctool
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
	in_ns "$1" nc -ll -p 9000 -e cat &
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
	lvs_sync_daemon eth0 VI_1
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

virtual_server $VIP 9000 {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP
	real_server 10.77.0.11 9000 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 10.77.0.12 9000 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
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
echo_conns() { # director: established connections to VIP:9000 in its table
	in_ns "$1" ipvsadm -Lnc | grep -c "ESTABLISHED.*$VIP:9000"
}
has_echo_conns() { [ "$(echo_conns "$1")" -ge 4 ]; }
hold_is() { grep -Eq " $1=$2( |$)" "$LAB/hold"; }

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

say "the client opens 4 long-lived connections to $VIP:9000 (echo)"
in_ns c "$top_builddir/tests/sync/synctool" hold -c "$VIP" -p 9000 -n 4 \
	-i 200 -t 10000 -s "$LAB/hold" >"$LAB/hold.out" 2>&1 &
wait_for 20 "4 connections echoing" hold_is alive 4
# d2 never carries a packet of them while d1 is MASTER: what it holds came
# from d1's kernel sync thread, which vigil's sync child runs
wait_for 20 "d1's connections in d2's table" has_echo_conns d2
echo "    d2 (BACKUP) holds $(echo_conns d2) of them in its IPVS table," \
	"learnt only through lvs_sync_daemon;"
echo "    without it d2 would hold none and drop their packets after a" \
	"failover (tests/vm/sync_failover.sh: 20 of 20 break)"
echo "    client: $(cat "$LAB/hold")"
ctl d2 show sync | grep -E '^ *(vrrp_state|thread|messages|connections):' |
	sed 's/^ */    d2 show sync: /'

say "d1 loses its link: d2 stops hearing adverts and takes the VIP over"
t0=$(vm_ms)
ip link set lab-d1 down
wait_for 20 "VIP on d2" has_vip d2
echo "    d2 MASTER after $(($(vm_ms) - t0)) ms (Master_Down_Interval 3.6 s)"
kill -USR1 "$(pidof synctool)" # count echoes from here on
wait_for 20 "r1 in d2's table" rs_in_table d2 10.77.0.11
spread_is 10 'r1 5\nr2 5\n' "the client is served by d2: 10 requests, 5 each"
wait_for 20 "the 4 connections echoing through d2" hold_is after_mark 4
hold_is broken 0 || vm_fail "a connection broke: $(cat "$LAB/hold")"
echo "    client: $(cat "$LAB/hold")"
vm_ok "4 of 4 long-lived connections kept going through d2"

say "d1's link is back: it has the higher priority and takes the VIP back"
ip link set lab-d1 up
wait_for 20 "VIP back on d1" has_vip d1
wait_for 10 "VIP gone from d2" no_vip d2
vm_ok "VIP on d1 again, not on d2"
spread_is 4 'r1 2\nr2 2\n' "served by d1 again"

say "done: stopping both directors cleanly"
kill "$(pidof synctool)" 2>/dev/null || true
for d in d1 d2; do kill "$(cat "$LAB/$d/vigild.pid")"; done
wait_for 10 "d1 and d2 stopped" no_vigild
vm_ok "demo lab complete"
