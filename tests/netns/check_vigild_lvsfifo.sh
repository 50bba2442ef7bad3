#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lvs_notify_fifo, notify_fifo, lvs_notify_fifo_script and rs_init_notifies
# through vigild's check child (this host: no IPVS, the checks run): a
# virtual server with quorum 2 and two real servers under TCP_CHECK.
#   1. lvs_notify_fifo and notify_fifo, readers that come only 2 s after
#      the start (the lines wait in vigild's queue, the checks go on):
#      "VS ... UP" at start and nothing else (no rs_init_notifies); real
#      server .11 stops -> its DOWN line, then VS DOWN (quorum lost);
#      back -> its UP line, then VS UP; both FIFOs get the same lines, in
#      order, in keepalived 2.2.7's format; the FIFOs vigild made are gone
#      after it stopped.
#   2. rs_init_notifies and an lvs_notify_fifo_script that vigild runs with
#      the FIFO's path as its last argument: at start an UP line for each
#      real server, then VS UP; .12 stops -> DOWN, VS DOWN.
. "$(dirname "$0")/../check/lib.sh"
. "$(dirname "$0")/check_vigild_lib.sh"

lab_init
lab_host a 11
lab_host b 12
serve() { # NAME N
	lab_run "$1" python3 "$SERVERS" http "10.77.0.$2" 80
	eval "srv_$1=\$LAST_PID"
	wait_listen "$1" 80
}
serve a 11
serve b 12

conf() { # GLOBAL-LINES
	cat <<EOF
global_defs {
	$1
}
virtual_server 192.0.2.10 80 {
	protocol TCP
	delay_loop 1
	quorum 2
	real_server 10.77.0.11 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
	}
	real_server 10.77.0.12 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
	}
}
EOF
}
VS='[192.0.2.10]:tcp:80'
RS11="RS [10.77.0.11]:tcp:80 $VS"
RS12="RS [10.77.0.12]:tcp:80 $VS"

# lines FILE LINE...: FILE is exactly these lines, in this order
lines() { [ "$(cat "$1" 2>/dev/null)" = "$(printf '%s\n' "${@:2}")" ]; }
wait_lines() { # SECONDS FILE LINE...
	for _ in $(seq 1 $(($1 * 10))); do
		lines "${@:2}" && return 0
		kill -0 $VPID 2>/dev/null || fail "vigild died: $(cat "$TMP/vigild.log")"
		sleep 0.1
	done
	fail "$2: got
$(cat "$2" 2>/dev/null)
--- expected
$(printf '%s\n' "${@:3}")
--- vigild's log
$(grep -i 'fifo\|script' "$TMP/vigild.log")"
}

# ---- 1. the FIFOs, readers late ----
conf "lvs_notify_fifo $TMP/lvs.fifo
	notify_fifo $TMP/all.fifo" >"$TMP/k.conf"
vigild_start "$TMP/k.conf"
for _ in $(seq 1 30); do
	[ -p "$TMP/lvs.fifo" ] && [ -p "$TMP/all.fifo" ] && break
	sleep 0.1
done
[ -p "$TMP/lvs.fifo" ] && [ -p "$TMP/all.fifo" ] ||
	fail "vigild made no FIFO: $(grep -i 'fifo' "$TMP/vigild.log")"
expect_show checks '"address":"10.77.0.11:80","state":"up"' 5
sleep 2
for f in lvs all; do
	cat "$TMP/$f.fifo" >"$TMP/$f.out" &
	PIDS="$PIDS $!"
done
wait_lines 3 "$TMP/lvs.out" "VS $VS UP"
sleep 1.5
lines "$TMP/lvs.out" "VS $VS UP" ||
	fail "more than the quorum at start: $(cat "$TMP/lvs.out")"
log "start: VS UP only, written before the reader came"

kill "$srv_a"
wait_lines 5 "$TMP/lvs.out" "VS $VS UP" "$RS11 DOWN" "VS $VS DOWN"
log "real server .11 down: its line, then the quorum's"
serve a 11
wait_lines 5 "$TMP/lvs.out" "VS $VS UP" "$RS11 DOWN" "VS $VS DOWN" \
	"$RS11 UP" "VS $VS UP"
log "back up: its line, then the quorum's"
wait_lines 1 "$TMP/all.out" "VS $VS UP" "$RS11 DOWN" "VS $VS DOWN" \
	"$RS11 UP" "VS $VS UP"
log "notify_fifo: the same lines"
vigild_stop
[ ! -e "$TMP/lvs.fifo" ] && [ ! -e "$TMP/all.fifo" ] ||
	fail "a FIFO vigild made is still there: $(ls -l "$TMP"/*.fifo)"

# ---- 2. rs_init_notifies, lvs_notify_fifo_script ----
cat >"$TMP/reader.sh" <<'S'
#!/bin/sh
# reader.sh OUT FIFO: the FIFO's lines into OUT while it exists
echo "$*" >>"$1.args"
while [ -p "$2" ]; do
	cat "$2" >>"$1"
done
S
chmod 755 "$TMP/reader.sh"
# The reader runs as the script user (nobody here): its own directory.
mkdir "$TMP/out"
chown nobody "$TMP/out"
conf "lvs_notify_fifo $TMP/lvs.fifo
	lvs_notify_fifo_script \"$TMP/reader.sh $TMP/out/script.out\"
	rs_init_notifies" >"$TMP/k.conf"
vigild_start "$TMP/k.conf"
wait_lines 5 "$TMP/out/script.out" "$RS11 UP" "$RS12 UP" "VS $VS UP"
lines "$TMP/out/script.out.args" "$TMP/out/script.out $TMP/lvs.fifo" ||
	fail "the reader's arguments: $(cat "$TMP/out/script.out.args")"
log "rs_init_notifies: each real server up, then the quorum; the script reader has them"
kill "$srv_b"
wait_lines 5 "$TMP/out/script.out" "$RS11 UP" "$RS12 UP" "VS $VS UP" \
	"$RS12 DOWN" "VS $VS DOWN"
log "real server .12 down through the script reader"
grep -q 'lvs_notify_fifo.*not supported' "$TMP/vigild.log" &&
	fail "vigild says lvs_notify_fifo is not supported"
grep -q "notify_fifo=.*dropped" "$TMP/vigild.log" &&
	fail "a line was dropped with the queue far from full"
vigild_stop
log "PASS"
