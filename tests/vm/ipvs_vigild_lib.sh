# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the ipvs_vigild* VM scenarios, sourced after ipvs_net.sh and
# check_lib.sh: vigild with its own runtime directory (ownership file,
# control socket, pid files) and the kernel's connection counters; the TCP
# stream through the director is in ipvs_net.sh.

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

# Connection counters of every service and destination, sorted: a
# re-created entry starts again from 0. The kernel sums its per-CPU
# counters every 2 s.
stats_all() {
	sleep 2.5
	ipvsadm -Ln --stats | awk '
		$1 ~ /^(TCP|UDP|SCTP|FWM)$/ { s = $1 " " $2; print s, $3; next }
		$1 == "->" && s != "" && $2 ~ /:/ { print s, $2, $3 }' | sort
}
