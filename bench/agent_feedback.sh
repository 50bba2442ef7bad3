#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Why dynamic feedback: two real servers of unequal capacity behind one
# virtual server, the same client load, with static weights and with
# AGENT_CHECK (not a test: it prints figures):
#
#   make && tests/vm/run -b build -o /tmp/out bench/agent_feedback.sh \
#       [-r RATE] [-d SECONDS] [-w WARMUP_S] [-n RUNS] [ROW ...]
#
# The real servers are bench/lb_server in namespaces: "fast" serves 4
# requests at a time, "slow" 1 (a quarter of the capacity), each request
# an exponential time of mean 40 ms (a sleep: both share the VM's one
# CPU), the others wait in a queue: 100 and 25 requests/s at most. Each
# publishes its own load for vigil-agent (file metric) as vigil-agent's
# load metric would on a machine of its own, smoothed with a time
# constant of 5 s; vigil-agent runs beside each in every row, so only
# vigil.conf differs. bench/lb_client sends RATE (60) requests/s,
# Poisson (the same times in every row), one TCP connection each, for
# SECONDS (60) through the virtual server; the figures are over the
# requests due after WARMUP (10 s): latency p50, p90, p99, max, the share
# each server got and its p99, the mean IPVS weights over the same time
# (ipvsadm -Ln every 0.5 s; the trace is exported as weights-ROW-RUN.txt)
# and the VM's CPU use.
#
# ROW is SCHED-WEIGHTS: wrr-equal and wlc-equal (both weight 100),
# wrr-agent and wlc-agent (weight 100 and AGENT_CHECK on both),
# wrr-right (100 and 25: what an admin who knew the capacities would
# write). Default: wrr-equal wrr-agent wrr-right wlc-equal wlc-agent,
# in that order in each run. The environment can say VIGIL_BENCH_RATE,
# _SECONDS, _WARMUP, _RUNS, _MEAN_MS (40) and _TAU_MS (5000).
# Printed and written to agent_feedback.txt (exported with -o).
# vm-bin: vigild vigilctl vigil-agent bench/lb_server bench/lb_client
# vm-timeout: 1800
. "$(dirname "$0")/../tests/vm/vmlib.sh"
. "$top_srcdir/tests/vm/ipvs_net.sh"
. "$top_srcdir/tests/vm/check_lib.sh"

RATE=${VIGIL_BENCH_RATE:-60}
MEAN=${VIGIL_BENCH_MEAN_MS:-40}
TAU=${VIGIL_BENCH_TAU_MS:-5000}
DUR=${VIGIL_BENCH_SECONDS:-60}
WARM=${VIGIL_BENCH_WARMUP:-10}
RUNS=${VIGIL_BENCH_RUNS:-1}
while getopts r:d:w:n: opt; do
	case $opt in
	r) RATE=$OPTARG ;;
	d) DUR=$OPTARG ;;
	w) WARM=$OPTARG ;;
	n) RUNS=$OPTARG ;;
	*) vm_fail "usage: agent_feedback.sh [-r RATE] [-d S] [-w S] [-n RUNS] [ROW ...]" ;;
	esac
done
shift $((OPTIND - 1))
ROWS=${*:-wrr-equal wrr-agent wrr-right wlc-equal wlc-agent}
B=$top_builddir/bench
OUT=/tmp/agent_feedback.txt
VIP=10.10.0.100
PORT=8080

net_client
net_server 1
net_server 2
in_client sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
in_client sysctl -qw net.ipv4.tcp_tw_reuse=1
sysctl -qw net.ipv4.vs.expire_nodest_conn=1

# conf SCHED W1 W2 AGENT(0|1)
conf() {
	echo "virtual_server $VIP $PORT {"
	echo "  protocol TCP"
	echo "  delay_loop 0.5"
	echo "  lvs_sched $1"
	echo "  lvs_method NAT"
	for n in 1 2; do
		[ $n = 1 ] && w=$2 || w=$3
		printf '  real_server 10.20.%s.2 %s {\n    weight %s\n' $n $PORT "$w"
		printf '    TCP_CHECK {\n      connect_timeout 1\n      warmup 0\n    }\n'
		[ "$4" = 1 ] &&
			printf '    AGENT_CHECK {\n      connect_timeout 1\n      retry 2\n      warmup 0\n    }\n'
		echo "  }"
	done
	echo "}"
}

# servers: lb_server and vigil-agent in each real server's namespace
servers_start() {
	for n in 1 2; do
		[ $n = 1 ] && set -- fast 4 || set -- slow 1
		rm -f "/tmp/agent$n"
		in_server $n "$B/lb_server" -a "10.20.$n.2" -p $PORT -n "$1" \
			-w "$2" -m "$MEAN" -t "$TAU" -s $((10 + n)) -f "/tmp/agent$n" \
			-T $((DUR + 120)) >"/tmp/srv$n.log" 2>&1 &
		in_server $n "$top_builddir/vigil-agent" -l -i 0.25 -n 1 \
			-m "file:/tmp/agent$n" >"/tmp/agent$n.log" 2>&1 &
	done
}

servers_stop() {
	for n in 1 2; do
		ip netns pids "ipvs-rs$n" | while read -r p; do
			case $(cat "/proc/$p/comm" 2>/dev/null) in
			lb_server | vigil-agent) kill "$p" ;;
			esac
		done
	done
	i=0
	while pidof lb_server vigil-agent >/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# Sample the two weights every 0.5 s for the client's run; bounded.
sample_weights() { # seconds
	i=0
	while [ $i -lt $(($1 * 2)) ] && [ ! -e /tmp/sample.stop ]; do
		ipvsadm -Ln -t $VIP:$PORT | awk -v t=$i '
			$2 ~ /^10\.20\.1\./ { a = $4 } $2 ~ /^10\.20\.2\./ { b = $4 }
			END { print t / 2, a + 0, b + 0 }'
		sleep 0.5
		i=$((i + 1))
	done >/tmp/weights
}

cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat; }

run_row() { # row run
	sched=${1%%-*}
	case ${1#*-} in
	equal) w1=100 w2=100 agent=0 ;;
	agent) w1=100 w2=100 agent=1 ;;
	right) w1=100 w2=25 agent=0 ;;
	*) vm_fail "unknown row $1" ;;
	esac
	servers_start
	conf "$sched" $w1 $w2 $agent >$CONF
	vigild_start
	wait_table "-A -t $VIP:$PORT -s $sched
-a -t $VIP:$PORT -r 10.20.1.2:$PORT -m -w $w1
-a -t $VIP:$PORT -r 10.20.2.2:$PORT -m -w $w2" "$1 run $2: the table is up" >/dev/null
	rm -f /tmp/sample.stop
	sample_weights "$DUR" &
	sampler=$!
	c0=$(cpu_busy)
	res=$(in_client "$B/lb_client" -c $VIP -p $PORT -r "$RATE" -d "$DUR" \
		-w "$WARM" -s 7 -l "$1")
	c1=$(cpu_busy)
	touch /tmp/sample.stop
	wait $sampler
	cpu=$(echo "$c0 $c1" | awk '{ b = $3 - $1; i = $4 - $2; printf "%.0f", 100 * b / (b + i) }')
	w=$(awk -v w="$WARM" '$1 >= w { a += $2; b += $3; n++ }
		END { if (n) printf "%.0f:%.0f", a / n, b / n; else print "-" }' /tmp/weights)
	echo "$res weights=$w cpu=$cpu%" | tee -a $OUT
	vm_export /tmp/weights "weights-$1-$2.txt"
	vigild_stop >/dev/null
	servers_stop
}

: >$OUT
echo "rate=$RATE/s seconds=$DUR warmup=$WARM fast=4x${MEAN}ms slow=1x${MEAN}ms tau=${TAU}ms" | tee -a $OUT
r=1
while [ $r -le "$RUNS" ]; do
	for row in $ROWS; do run_row "$row" $r; done
	r=$((r + 1))
done
vm_export $OUT
