# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the ipvs_vigild* VM scenarios, sourced after ipvs_net.sh and
# check_lib.sh: vigild with its own runtime directory (ownership file,
# control socket, pid files), a TCP stream through the director, and the
# kernel's connection counters.

RUN=/tmp/vigil-run
VIGILCTL=$top_builddir/vigilctl
starts=0

# Start vigild in the foreground on $CONF with $RUN as its runtime
# directory; each start logs to its own file, $LOG names the current one.
vigild_start() {
	starts=$((starts + 1))
	LOG=/tmp/vigild.$starts.log
	mkdir -p $RUN
	"$VIGILD" -n -l --no-syslog -f $CONF --runtime-dir $RUN \
		-p $RUN/vigild.pid -r $RUN/vrrp.pid -c $RUN/check.pid \
		>$LOG 2>&1 &
	vigild=$!
	:
}

vigild_cleanup() {
	for _f in vigild check vrrp; do
		[ -f $RUN/$_f.pid ] && kill -9 "$(cat $RUN/$_f.pid)" 2>/dev/null
	done
	kill -9 $vigild 2>/dev/null
}

# Fail on a sanitizer report (a build with --enable-sanitizers) in any
# vigild log of this run.
no_sanitizer_report() {
	if grep -q 'Sanitizer\|runtime error' /tmp/vigild.*.log; then
		grep -A20 'Sanitizer\|runtime error' /tmp/vigild.*.log | head -60
		vm_fail "sanitizer report in a vigild log"
	fi
}

ipvs_show() { "$VIGILCTL" -s $RUN/vigil.sock --json show ipvs 2>&1; }

# The converger's state as `vigilctl show ipvs` says it.
conv_state() {
	ipvs_show | sed -n 's/.*"converger":{"state":"\([a-z]*\)".*/\1/p'
}

# `ipvsadm -Sn` becomes EXPECTED and the converger says "converged".
wait_converged() { # expected what
	wait_table "$1" "$2"
	i=0
	while [ "$(conv_state)" != converged ] && [ $i -lt 40 ]; do
		sleep 0.25
		i=$((i + 1))
	done
	[ $i -lt 40 ] || vm_fail "converger: $(ipvs_show | head -c 600)"
}

# SIGHUP; the table becomes EXPECTED (the caller alternates configs, so
# the old table never passes for the new one).
reload_and_wait() { # expected what
	kill -HUP $vigild
	wait_converged "$1" "$2"
}

# kill -9 of the parent and its children; wait until they are gone.
vigild_kill9() {
	_pids=$vigild
	for _f in check vrrp; do
		[ -f $RUN/$_f.pid ] && _pids="$_pids $(cat $RUN/$_f.pid)"
	done
	kill -9 $_pids 2>/dev/null
	wait $vigild 2>/dev/null
	for _p in $_pids; do
		i=0
		while [ -d /proc/$_p ] &&
			! grep -q '^State:.*Z' /proc/$_p/status 2>/dev/null &&
			[ $i -lt 40 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	done
	vm_ok "killed -9: $_pids"
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

# Connection counters of every service and destination, sorted: a
# re-created entry starts again from 0. The kernel sums its per-CPU
# counters every 2 s.
stats_all() {
	sleep 2.5
	ipvsadm -Ln --stats | awk '
		$1 ~ /^(TCP|UDP|SCTP|FWM)$/ { s = $1 " " $2; print s, $3; next }
		$1 == "->" && s != "" && $2 ~ /:/ { print s, $2, $3 }' | sort
}
