#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The checker's CPU, vigild's check child against keepalived 2.2.7's
# checker, on the same keepalived.conf in the same VM run (not a test):
#
#   make && tests/vm/run -b build bench/check_vs_keepalived.sh [N] [SECONDS]
#
# One virtual server with N real servers 10.80.x.y:80 (TCP_CHECK,
# delay_loop 1), all answered by one nginx in a namespace that owns
# 10.80.0.0/16. Each daemon runs alone: after a warm-up of 5 s, the CPU
# (user + system) of its checker process over SECONDS is read from /proc
# and the checks made are counted at the server (TCP passive opens);
# printed: checks per second made, ms of CPU per 1,000 checks made, and
# how many real servers were in the IPVS table (all should be: the checks
# pass). Runs twice, interleaved.
# vm-bin: vigild tests/ipvs/ipvstool
# vm-host: keepalived nginx
# vm-mem: 1024
# vm-timeout: 900
. "$(dirname "$0")/../tests/vm/vmlib.sh"

N=${1:-1000}
W=${2:-10}
NS=check-bsrv
CONF=/tmp/keepalived.conf

cleanup() {
	ip netns pids $NS 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del $NS 2>/dev/null
}
trap cleanup EXIT

ip netns add $NS
ip link add bsrv0 type veth peer name bsrv1
ip link set bsrv1 netns $NS
ip addr add 10.79.0.1/24 dev bsrv0
ip link set bsrv0 up
ip -n $NS addr add 10.79.0.2/24 dev bsrv1
ip -n $NS link set bsrv1 up
ip -n $NS link set lo up
ip route add 10.80.0.0/16 via 10.79.0.2
ip -n $NS route add local 10.80.0.0/16 dev lo
ip netns exec $NS sysctl -qw net.core.somaxconn=65535
ip netns exec $NS sysctl -qw net.ipv4.tcp_max_syn_backlog=65535
sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
mkdir -p /tmp/ng /var/lib/nginx /var/log/nginx
cat >/tmp/nginx.conf <<EOF
daemon on; master_process off; worker_processes 1;
worker_rlimit_nofile 65536;
pid /tmp/nginx.pid; error_log /tmp/nginx-error.log crit;
events { worker_connections 16384; multi_accept on; }
http {
	access_log off;
	client_body_temp_path /tmp/ng; proxy_temp_path /tmp/ng;
	fastcgi_temp_path /tmp/ng; uwsgi_temp_path /tmp/ng;
	scgi_temp_path /tmp/ng;
	server { listen 80 backlog=65535; location / { return 200 "ok\n"; } }
}
EOF
ip netns exec $NS nginx -c /tmp/nginx.conf -p /tmp/ng ||
	vm_fail "nginx did not start: $(cat /tmp/nginx-error.log)"

{
	echo "virtual_server 10.10.0.100 80 {"
	echo "  delay_loop 1"
	echo "  lb_algo wlc"
	i=0
	while [ $i -lt "$N" ]; do
		printf '  real_server 10.80.%d.%d 80 {\n' $((i / 250)) $((i % 250 + 1))
		printf '    TCP_CHECK {\n      connect_timeout 2\n    }\n  }\n'
		i=$((i + 1))
	done
	echo "}"
} >$CONF

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Connections the server accepted: the checks actually made.
opens() {
	ip netns exec $NS cat /proc/net/snmp |
		awk '$1 == "Tcp:" && $7 ~ /^[0-9]+$/ { print $7 }'
}
hz=100

# measure NAME PIDFILE: print "NAME ms-per-1000-checks rs-in-table"
measure() {
	i=0
	while [ ! -s "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	pid=$(cat "$2")
	sleep 5
	t0=$(ticks "$pid")
	o0=$(opens)
	sleep "$W"
	t1=$(ticks "$pid")
	o1=$(opens)
	in=$(ipvsadm -Ln | grep -c '10\.80\.')
	awk -v n="$1" -v d=$((t1 - t0)) -v hz=$hz -v c=$((o1 - o0)) \
		-v W="$W" -v N="$N" -v k="$in" 'BEGIN {
			printf "%s checks_per_s=%.0f (of %d)", n, c / W, N;
			printf " cpu_ms_per_1000_checks=%.1f", d * 1e6 / hz / c;
			printf " rs_in_table=%d\n", k }'
}

wait_gone() {
	i=0
	while pidof "$1" >/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	ipvsadm -C
}

for run in 1 2; do
	rm -f /run/kd*.pid
	keepalived -n -C -f $CONF -p /run/kd.pid -c /run/kd-check.pid \
		-r /run/kd-vrrp.pid >/tmp/kd.log 2>&1 &
	measure "run=$run keepalived" /run/kd-check.pid
	kill -TERM "$(cat /run/kd.pid)"
	wait_gone keepalived

	rm -f /run/vg*.pid
	"$top_builddir/vigild" -n --no-syslog -f $CONF -p /run/vg.pid \
		-c /run/vg-check.pid >/tmp/vg.log 2>&1 &
	measure "run=$run vigil" /run/vg-check.pid
	kill -TERM "$(cat /run/vg.pid)"
	wait_gone vigild
done
vm_ok "done"
