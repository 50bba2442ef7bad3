#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrp_notify_fifo_script through vigild: two directors, each with a
# vrrp_notify_fifo and a reader script that vigild runs as user nobody,
# with the FIFO's path as its last argument; the reader appends every line
# to a file. The lines of the election and of a failover (d1 killed) appear
# there; a reader killed is started again (with the config's arguments)
# and misses nothing; a reload keeps it; d1's reader ends with its crashed
# vigild (SIGTERM on the parent's death); at stop the reader gets the STOP line, then it is
# gone, and vigild has exited.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
id nobody >/dev/null 2>&1 || { echo "SKIP: no user nobody"; exit 77; }
topology
VIP=10.$NET.0.100

chmod 755 "$WORK"
cat >"$WORK/reader.sh" <<'S'
#!/bin/sh
# reader.sh NAME FIFO: append FIFO's lines to NAME.out while it exists
dir=$(dirname "$0")
echo "$(id -un) $*" >>"$dir/$1.starts"
echo $$ >"$dir/$1.rpid"
echo $$ >>"$dir/readers"
while [ -p "$2" ]; do
	cat "$2" >>"$dir/$1.out"
done
S
chmod 755 "$WORK/reader.sh"
touch "$WORK/readers"
chown nobody "$WORK/readers"
# Whatever happens, no reader (nor its cat) outlives the test.
kill_readers() {
	for p in $(cat "$WORK/readers" 2>/dev/null); do
		kill -KILL -- "-$p" 2>/dev/null
	done
	cleanup
}
trap kill_readers EXIT
for n in a b; do
	touch "$WORK/$n.out" "$WORK/$n.starts" "$WORK/$n.rpid"
	chown nobody "$WORK/$n.out" "$WORK/$n.starts" "$WORK/$n.rpid"
done

conf() { # NAME PRIO
	ka_conf "$1" "$2" 2 1 "$VIP/24" "" "vrrp_notify_fifo $WORK/$1.fifo nobody nogroup
	vrrp_notify_fifo_script \"$WORK/reader.sh $1\" nobody"
}
lines() { # NAME LINE...: NAME.out is exactly these lines
	[ "$(cat "$WORK/$1.out")" = "$(printf '%s\n' "${@:2}")" ]
}

# d1 first: its Master_Down_Interval (3.41 s) is d2's (3.61 s) less the
# 0.2 s that d2 starting first gave it, and both fired together (d2 MASTER
# for 10 ms) in one CI run.
start_vigild d1 a "$(conf a 150)"
start_vigild d2 b "$(conf b 100)"
wait_until 8 has_addr d1 "$VIP" || fail "d1 (priority 150) did not become master"
wait_until 3 lines a 'INSTANCE "VI_1" BACKUP 150' 'INSTANCE "VI_1" MASTER 150' ||
	fail "d1's reader: $(cat "$WORK/a.out")"
wait_until 3 lines b 'INSTANCE "VI_1" BACKUP 100' ||
	fail "d2's reader: $(cat "$WORK/b.out")"
[ "$(head -n 1 "$WORK/b.starts")" = "nobody b $WORK/b.fifo" ] ||
	fail "reader's user and arguments: $(cat "$WORK/b.starts")"
log "election: each reader (user nobody, FIFO path last) wrote its lines"

# The reader dies: vigild starts it again, and no line is lost.
rpid=$(cat "$WORK/b.rpid")
kill -KILL -- "-$rpid" # its process group: the shell and its cat
starts() { [ "$(wc -l <"$WORK/$1.starts")" = "$2" ]; }
wait_until 3 starts b 2 ||
	fail "the killed reader was not started again: $(cat "$WORK/b.starts")"
[ "$(tail -n 1 "$WORK/b.starts")" = "nobody b $WORK/b.fifo" ] ||
	fail "restarted reader's arguments: $(cat "$WORK/b.starts")"
grep -q "vrrp_notify_fifo_script state=died restarts=1" "$WORK/b.log" ||
	fail "no log line for the reader's death"
log "reader killed -> started again"

# A reload that leaves the reader's entry alone leaves the reader alone.
rpid=$(cat "$WORK/b.rpid")
kill -HUP "$b_pid"
wait_until 3 grep -q "state=loaded gen=2" "$WORK/b.log" || fail "no reload"
sleep 0.5
starts b 2 && kill -0 "$rpid" ||
	fail "a reload restarted the reader: $(cat "$WORK/b.starts")"
log "reload: same reader process"

rpid=$(cat "$WORK/a.rpid")
crash_vigild a
wait_until 6 has_addr d2 "$VIP" || fail "d2 did not take over"
wait_until 2 eval '! kill -0 "$rpid" 2>/dev/null' ||
	fail "d1's reader $rpid outlived its crashed vigild"
wait_until 3 lines b 'INSTANCE "VI_1" BACKUP 100' 'INSTANCE "VI_1" MASTER 100' ||
	fail "d2's reader after the takeover: $(cat "$WORK/b.out")"
log "failover: d2's reader wrote MASTER"

rpid=$(cat "$WORK/b.rpid")
stop_vigild b
lines b 'INSTANCE "VI_1" BACKUP 100' 'INSTANCE "VI_1" MASTER 100' \
	'INSTANCE "VI_1" STOP 100' ||
	fail "d2's reader at the stop: $(cat "$WORK/b.out")"
kill -0 "$rpid" 2>/dev/null && fail "the reader $rpid outlived vigild"
grep -q "vrrp_notify_fifo_script pid=$rpid state=exited" "$WORK/b.log" ||
	fail "vigild did not reap its reader"
log "stop: STOP line read, reader gone with vigild"
log "PASS"
