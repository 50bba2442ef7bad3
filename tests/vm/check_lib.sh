# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the check_vigild_* VM scenarios, sourced after ipvs_net.sh.

CONF=/tmp/keepalived.conf
LOG=/tmp/vigild.log
VIGILD=$top_builddir/vigild

# Start vigild in the foreground on $CONF, logging to $LOG; stop it on exit.
vigild_start() {
	"$VIGILD" -n -l --no-syslog -f $CONF >$LOG 2>&1 &
	vigild=$!
	trap 'kill $vigild 2>/dev/null; net_cleanup' EXIT
}

# `ipvsadm -Sn` (sorted) becomes EXPECTED (lines) within 10 s.
wait_table() { # expected what
	printf '%s\n' "$1" | sort >/tmp/want.save
	i=0
	while [ $i -lt 40 ]; do
		ipvsadm -Sn | sort >/tmp/got.save
		cmp -s /tmp/want.save /tmp/got.save && break
		sleep 0.25
		i=$((i + 1))
	done
	[ $i -lt 40 ] || tail -n 30 $LOG
	vm_same /tmp/want.save /tmp/got.save "$2"
}

# SIGTERM: vigild ends within 4 s without its check child being killed.
vigild_stop() {
	t0=$(vm_ms)
	kill -TERM $vigild
	wait $vigild
	[ $(($(vm_ms) - t0)) -lt 4000 ] ||
		vm_fail "vigild took $(($(vm_ms) - t0)) ms to stop"
	grep -q 'state=killed' $LOG && vm_fail "the check child was killed"
	# a sanitizer build reports leaks and undefined behaviour there
	if grep -q 'Sanitizer\|runtime error' $LOG; then
		grep -A20 'Sanitizer\|runtime error' $LOG | head -60
		vm_fail "sanitizer report in the log"
	fi
	vm_ok "vigild stopped in $(($(vm_ms) - t0)) ms"
}
