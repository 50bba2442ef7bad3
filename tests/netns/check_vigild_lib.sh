# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/netns/check_vigild*.sh, sourced after tests/check/lib.sh:
# vigild -n in the lab's director namespace, and vigilctl talking to it.
#   vigild_start CONF                 start it ($VPID, $TMP/vigild.log)
#   show WHAT                         `vigilctl --json show WHAT`
#   expect_show WHAT PATTERN SECONDS  fail unless the grep PATTERN is
#                                     in `show WHAT` within SECONDS
#   admin WORDS                       a control command as an operator
#                                     types it; the JSON reply on stdout
#   admin_ok WORDS RESULT             fail unless its reply's result is
#                                     RESULT (drained, restored...)
#   vigild_stop                       SIGTERM: a clean stop, the check
#                                     child not killed, no sanitizer report

VIGILD=$top_builddir/vigild
VIGILCTL=$top_builddir/vigilctl
[ -x "$VIGILD" ] || { echo "no $VIGILD (build first)" >&2; exit 99; }

vigild_start() { # conf
	ip netns exec "$P-dir" "$VIGILD" -n -l --no-syslog --runtime-dir "$TMP" \
		-f "$1" >"$TMP/vigild.log" 2>&1 &
	VPID=$!
	PIDS="$PIDS $VPID"
}

show() { # what -> JSON on stdout
	"$VIGILCTL" -s "$TMP/vigil.sock" --json show "$1" 2>/dev/null
}

expect_show() { # what pattern seconds
	for _ in $(seq 1 $(($3 * 10))); do
		show "$1" | grep -q "$2" && { log "show $1: $2"; return 0; }
		kill -0 $VPID 2>/dev/null || fail "vigild died: $(cat "$TMP/vigild.log")"
		sleep 0.1
	done
	show "$1"
	fail "show $1 does not have $2 within $3 s"
}

admin() { # command words
	# shellcheck disable=SC2086
	"$VIGILCTL" -s "$TMP/vigil.sock" --json $1 2>&1
}

admin_ok() { # command-words result
	_r=$(admin "$1")
	echo "$_r" | grep -q "\"result\":\"$2\"" || fail "$1: $_r"
}

vigild_stop() {
	kill -TERM $VPID
	wait $VPID || fail "vigild exit status $?"
	grep -q 'check state=stopped' "$TMP/vigild.log" || fail "no clean stop"
	grep -q 'state=killed' "$TMP/vigild.log" && fail "the check child was killed"
	if grep -q 'Sanitizer\|runtime error' "$TMP/vigild.log"; then
		grep -A20 'Sanitizer\|runtime error' "$TMP/vigild.log" | head -60
		fail "sanitizer report in vigild's log"
	fi
	log "vigild stopped cleanly"
}
