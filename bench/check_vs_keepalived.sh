#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild's check child against keepalived 2.2.7's checker, on the same
# keepalived.conf in the same VM run (not a test: it prints figures):
#
#   make && tests/vm/run -b build -o /tmp/out bench/check_vs_keepalived.sh \
#       [-w WINDOW_S] [-r RUNS] [KIND:N ...]
#
# KIND is tcp (TCP_CHECK), http (HTTP_GET) or ssl (SSL_GET); the default
# set is tcp:5000 tcp:1000 http:1000 ssl:1000, WINDOW 20 s, RUNS 2. The
# environment can say the same: VIGIL_BENCH_SETS, VIGIL_BENCH_WINDOW,
# VIGIL_BENCH_RUNS, and VIGIL_BENCH_WARMUP (10 s), VIGIL_BENCH_DELAY (the
# delay_loop, 1 s).
#
# One virtual server with N real servers 10.80.x.y (port 80, 443 for ssl)
# all answered by one nginx (one worker, "200 ok") in a namespace that
# owns 10.80.0.0/16, reached over a veth. For each set, each daemon runs
# alone, RUNS times, interleaved (keepalived first in odd runs, vigil
# first in even ones). After the warm-up, bench/syn_watch watches the
# server's veth for WINDOW seconds and counts every SYN (a check of any
# kind starts with one), per real server, and times the gap between two
# checks of the same one minus delay_loop (the lateness); over the same
# window it reads the checker process's CPU (utime + stime) and, at the
# end, its VmRSS. Then the same daemon runs with N/10 real servers for a
# shorter window, for the memory per real server at the margin:
# (RSS_N - RSS_N/10) / (0.9 N).
#
# Printed and written to check_vs_keepalived.txt (exported: with -o it is
# left in that directory): one line per set, daemon and run, then the
# ratios vigil/keepalived per set (means over the runs).
# vm-bin: vigild bench/syn_watch
# vm-host: keepalived nginx openssl
# vm-mem: 2048
# vm-timeout: 3600
. "$(dirname "$0")/../tests/vm/vmlib.sh"

W=${VIGIL_BENCH_WINDOW:-20}
RUNS=${VIGIL_BENCH_RUNS:-2}
WARM=${VIGIL_BENCH_WARMUP:-10}
DELAY=${VIGIL_BENCH_DELAY:-1}
SETS=${VIGIL_BENCH_SETS:-tcp:5000 tcp:1000 http:1000 ssl:1000}
while getopts w:r: opt; do
	case $opt in
	w) W=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	*) vm_fail "usage: check_vs_keepalived.sh [-w WINDOW] [-r RUNS] [KIND:N ...]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || SETS=$*
SMALL_W=$((W < 5 ? W : 5))

NS=check-bsrv$$
WATCH=$top_builddir/bench/syn_watch
RAW=/tmp/raw.txt
OUT=/tmp/check_vs_keepalived.txt
ulimit -n 65536

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

# nginx: one worker, limits raised, a self-signed EC certificate for 443
mkdir -p /tmp/ng /var/lib/nginx /var/log/nginx
printf '[req]\ndistinguished_name=dn\n[dn]\n' >/tmp/ssl.cnf
openssl req -config /tmp/ssl.cnf -x509 -newkey ec \
	-pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout /tmp/k.pem \
	-out /tmp/c.pem -days 2 -subj /CN=bench 2>/tmp/openssl.log ||
	vm_fail "no certificate: $(cat /tmp/openssl.log)"
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
	ssl_certificate /tmp/c.pem; ssl_certificate_key /tmp/k.pem;
	server {
		listen 80 backlog=65535; listen 443 ssl backlog=65535;
		location / { return 200 "ok\n"; }
	}
}
EOF
ip netns exec $NS nginx -c /tmp/nginx.conf -p /tmp/ng ||
	vm_fail "nginx did not start: $(cat /tmp/nginx-error.log)"

# conf KIND N FILE: one virtual server, N real servers checked by KIND
conf() {
	case $1 in
	tcp) port=80 chk=TCP_CHECK url= ;;
	http) port=80 chk=HTTP_GET url='url { path / status_code 200 }' ;;
	ssl) port=443 chk=SSL_GET url='url { path / status_code 200 }' ;;
	*) vm_fail "unknown kind $1 (tcp, http or ssl)" ;;
	esac
	awk -v n="$2" -v port=$port -v chk=$chk -v url="$url" \
		-v delay="$DELAY" 'BEGIN {
		printf "virtual_server 10.10.0.100 %d {\n", port
		printf "  protocol TCP\n"
		printf "  delay_loop %s\n  lb_algo wlc\n", delay
		for (i = 0; i < n; i++) {
			printf "  real_server 10.80.%d.%d %d {\n", int(i / 250), i % 250 + 1, port
			printf "    %s {\n      connect_timeout 2\n", chk
			if (url != "") printf "      %s\n", url
			printf "    }\n  }\n"
		}
		print "}" }' >"$3"
}

start_keepalived() { # conf
	rm -f /run/kd*.pid
	keepalived -n -C -f "$1" -p /run/kd.pid -c /run/kd-check.pid \
		-r /run/kd-vrrp.pid >/tmp/keepalived.log 2>&1 &
	PARENT=/run/kd.pid CHECKER=/run/kd-check.pid
}

start_vigil() { # conf
	rm -f /run/vg*.pid
	"$top_builddir/vigild" -n --no-syslog -f "$1" -p /run/vg.pid \
		-c /run/vg-check.pid >/tmp/vigil.log 2>&1 &
	PARENT=/run/vg.pid CHECKER=/run/vg-check.pid
}

# one KIND N DAEMON RUN WINDOW: start DAEMON, watch its checks, stop it;
# appends a line to $RAW
one() {
	conf "$1" "$2" /tmp/keepalived.conf
	"start_$3" /tmp/keepalived.conf
	i=0
	while [ ! -s "$CHECKER" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$CHECKER" ] || vm_fail "$3: no checker process: $(tail -5 /tmp/$3.log)"
	sleep "$WARM"
	sw=$(ip netns exec $NS "$WATCH" -i bsrv1 -I "$DELAY" -s "$5" -n "$2" \
		-p "$(cat "$CHECKER")") || vm_fail "syn_watch failed"
	in=$(ipvsadm -Ln | grep -c '10\.80\.')
	# Replies a raw socket (vigil's SYN probe) lost to a full buffer.
	rd=$(awk 'FNR > 1 { d += $NF } END { print d + 0 }' /proc/net/raw /proc/net/raw6)
	# vigil logs each real server going down with its reason: the
	# commonest (keepalived logs to syslog, which the VM does not keep).
	why=$(grep -a 'event=rs_down' "/tmp/$3.log" 2>/dev/null |
		grep -o 'reason=[a-z0-9-]*' | sort | uniq -c | sort -rn |
		awk 'NR == 1 { sub("reason=", "", $2); print $2 ":" $1 }')
	echo "kind=$1 n=$2 daemon=$3 run=$4 rs_in_table=$in raw_drops=$rd down=${why:-none} ${sw#syn_watch }" >>$RAW
	kill -TERM "$(cat $PARENT)"
	i=0
	while pidof keepalived vigild >/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	ipvsadm -C
}

: >$RAW
echo "# $(uname -r), $(nproc) CPU, window ${W} s after ${WARM} s, delay_loop ${DELAY}, sets: $SETS"
for set in $SETS; do
	kind=${set%%:*} n=${set#*:}
	run=1
	while [ $run -le "$RUNS" ]; do
		if [ $((run % 2)) = 1 ]; then order="keepalived vigil"; else order="vigil keepalived"; fi
		for d in $order; do one "$kind" "$n" "$d" "$run" "$W"; done
		run=$((run + 1))
	done
	small=$((n / 10))
	[ "$small" -gt 0 ] || continue
	for d in keepalived vigil; do one "$kind" "$small" "$d" "small$n" "$SMALL_W"; done
done

# The summary: a line per run of the big sets, then vigil/keepalived.
cat >/tmp/summary.awk <<'EOF'
{
	for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	k = f["kind"] ":" f["n"] ":" f["daemon"]
	if (f["run"] ~ /^small/) {
		small[f["kind"] ":" substr(f["run"], 6) ":" f["daemon"]] = f["rss_kb"]
		next
	}
	nr++
	key[nr] = k; run[nr] = f["run"]
	cps[nr] = f["syns_per_s"]
	cpu[nr] = f["syns"] ? f["cpu_ticks"] * 1000 / f["hz"] * 1000 / f["syns"] : -1
	rss[nr] = f["rss_kb"]
	line[nr] = sprintf("late_ms_p50=%s late_ms_p99=%s late_ms_max=%s" \
		" rs_in_table=%s never=%s under=%s retrans=%s drops=%s", \
		f["late_ms_p50"], f["late_ms_p99"], f["late_ms_max"], \
		f["rs_in_table"], f["never"], f["under"], f["retrans"], f["drops"])
	p99[nr] = f["late_ms_p99"]
}
END {
	for (i = 1; i <= nr; i++) {
		split(key[i], p, ":")
		s = small[p[1] ":" p[2] ":" p[3]]
		rpr = s != "" ? (rss[i] - s) * 1024 / (0.9 * p[2]) : -1
		printf "kind=%s n=%s daemon=%s run=%s checks_per_s=%.0f" \
			" cpu_ms_per_1000_checks=%.1f rss_kb=%d rss_per_rs_bytes=%.0f %s\n", \
			p[1], p[2], p[3], run[i], cps[i], cpu[i], rss[i], rpr, line[i]
		m = p[1] ":" p[2]
		if (!(m in seen)) { seen[m] = 1; order[++no] = m }
		c = m ":" p[3]
		runs[c]++; scps[c] += cps[i]; scpu[c] += cpu[i]; srpr[c] += rpr
		sp99[c] += p99[i]
	}
	for (j = 1; j <= no; j++) {
		v = order[j] ":vigil"; kd = order[j] ":keepalived"
		if (!runs[v] || !runs[kd]) continue
		split(order[j], p, ":")
		r_cps = scps[kd] > 0 ? scps[v] / runs[v] / (scps[kd] / runs[kd]) : -1
		r_cpu = scpu[kd] > 0 ? scpu[v] / runs[v] / (scpu[kd] / runs[kd]) : -1
		r_rss = srpr[kd] > 0 ? srpr[v] / runs[v] / (srpr[kd] / runs[kd]) : -1
		r_p99 = sp99[kd] > 0 ? sp99[v] / runs[v] / (sp99[kd] / runs[kd]) : -1
		printf "ratio vigil/keepalived kind=%s n=%s checks_per_s=%.2f", p[1], p[2], r_cps
		printf " cpu_per_check=%.2f rss_per_rs=%.2f late_p99=%.2f\n", r_cpu, r_rss, r_p99
	}
}
EOF
awk -f /tmp/summary.awk $RAW >$OUT
cat $OUT
echo "# raw syn_watch lines" >>$OUT
cat $RAW >>$OUT
vm_export $OUT
vm_ok "done"
