#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The checker at scale on this host, in two network namespaces: a director
# running bench/check_bench, and a server namespace that owns 10.80.0.0/16
# (a local route, so one nginx answers for every address) with nginx on
# 80 and 443. Not a timed test: it prints figures.
#
#   bench/check_bench.sh [BUILDDIR]        (as root)
#
# Runs (twice, interleaved, as this host is shared): 5,000 TCP_CHECK at
# delay_loop 1, and the floor: plain non-blocking connects on the same
# schedule closed normally (what a checker that opens and closes costs)
# and with a reset; then 1,000 HTTP_GET and 1,000 SSL_GET at delay_loop 1,
# and a tenth of each for memory per real server at the margin. Each line
# also has the real server's (nginx's) CPU per 1,000 checks.
# Environment: SECONDS_ (measuring window, default 20), N_TCP (5000),
# N_HTTP (1000), ONLY (tcp, http or ssl).
set -eu
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 77; }
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
BENCH=$build/bench/check_bench
[ -x "$BENCH" ] || { echo "build first: no $BENCH" >&2; exit 1; }
W=${SECONDS_:-20}
N_TCP=${N_TCP:-5000}
N_HTTP=${N_HTTP:-1000}

P=check-b$$
TMP=$(mktemp -d /tmp/check-bench.XXXXXX)
cleanup() {
	for ns in $P-dir $P-srv; do
		for p in $(ip netns pids $ns 2>/dev/null); do kill -9 $p 2>/dev/null; done
		ip netns del $ns 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add $P-dir
ip netns add $P-srv
ip link add name eth0 netns $P-dir type veth peer name eth0 netns $P-srv
for ns in dir srv; do
	ip -n $P-$ns link set lo up
	ip -n $P-$ns link set eth0 up
	ip netns exec $P-$ns sysctl -qw net.core.somaxconn=65535
	ip netns exec $P-$ns sysctl -qw net.ipv4.tcp_max_syn_backlog=65535
done
ip -n $P-dir addr add 10.79.0.1/24 dev eth0
ip -n $P-srv addr add 10.79.0.2/24 dev eth0
ip -n $P-dir route add 10.80.0.0/16 via 10.79.0.2
ip -n $P-srv route add local 10.80.0.0/16 dev lo
ip netns exec $P-dir sysctl -qw net.ipv4.ip_local_port_range="10000 65000"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$TMP/k.pem" -out "$TMP/c.pem" -days 2 -subj /CN=bench 2>/dev/null
mkdir -p "$TMP/ng"
cat >"$TMP/nginx.conf" <<NGINX
daemon off; master_process off; worker_processes 1;
worker_rlimit_nofile 65536;
pid $TMP/nginx.pid; error_log $TMP/nginx-error.log crit;
events { worker_connections 16384; multi_accept on; }
http {
	access_log off;
	client_body_temp_path $TMP/ng; proxy_temp_path $TMP/ng;
	fastcgi_temp_path $TMP/ng; uwsgi_temp_path $TMP/ng;
	scgi_temp_path $TMP/ng;
	ssl_certificate $TMP/c.pem; ssl_certificate_key $TMP/k.pem;
	server {
		listen 80 backlog=65535; listen 443 ssl backlog=65535;
		location / { return 200 "ok\n"; }
	}
}
NGINX
ip netns exec $P-srv nginx -c "$TMP/nginx.conf" -p "$TMP/ng" &
sleep 1

ticks() { # PID: utime + stime in clock ticks
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
HZ=$(getconf CLK_TCK)
NGINX=$(cat "$TMP/nginx.pid")

# One run; its JSON gets the real server's CPU per 1,000 checks added
# (nginx's time over the whole run, warm-up included, over all checks).
run() {
	t0=$(ticks "$NGINX")
	out=$(ip netns exec $P-dir "$BENCH" -s "$W" "$@")
	t1=$(ticks "$NGINX")
	echo "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
total = d['expected_per_s'] * (d['seconds'] + 2 * d['delay_loop_s'])
d['server_cpu_ms_per_1000_checks'] = round(($t1 - $t0) * 1000.0 / $HZ / total * 1000, 1)
print(json.dumps(d))"
}

echo "# $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)," \
	"window ${W} s after 2 intervals of warm-up"
# ONLY=tcp|http|ssl limits the runs to one kind.
want() { [ -z "${ONLY:-}" ] || [ "$ONLY" = "$1" ]; }
if want tcp; then
	for round in 1 2; do
		run -n "$N_TCP" -t tcp
		run -n "$N_TCP" -f graceful
		run -n "$N_TCP" -f reset
	done
fi
want http && run -n "$N_HTTP" -t http
want ssl && run -n "$N_HTTP" -t ssl
# Memory per real server at the margin: the same run with a tenth.
want tcp && run -n $((N_TCP / 10)) -t tcp -s 5
want ssl && run -n $((N_HTTP / 10)) -t ssl -s 5
exit 0
