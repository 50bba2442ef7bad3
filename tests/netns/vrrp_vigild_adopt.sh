#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A vrrp child restart on the MASTER causes no failover and no gap (issue
# 13). Two vigild directors (VRRPv2, advert_int 1): d1 MASTER (150), d2
# BACKUP (100). kill -9 of d1's vrrp child: the parent starts a new one,
# which finds in its state record that it was MASTER with this config,
# its VIP still in place and its last advert less than 2.5 intervals
# old, and resumes as MASTER (adopt=yes), advertising at once. Asserted:
# d2 never becomes MASTER (its log, its addresses, and no advert from it
# on the wire, decoded by tshark); the VIP is never missing on d1 for more
# than one advert interval (ip addr polled every 20 ms); d1's adverts on
# the wire never pause for an interval and a half.
# Then the same kill with vigil_vrrp_adopt_on_restart off: the new child
# starts as BACKUP and drops the VIP: the gap shows (so the poll can see
# one). Last, a hung child (SIGSTOP: the parent's watchdog deletes its VIP
# and kills it) is not adopted (adopt=no reason=address-missing, or
# stale).
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
command -v tshark >/dev/null || { echo "SKIP: no tshark"; exit 77; }
topology
VIP=10.$NET.0.100
D1=10.$NET.0.1
D2=10.$NET.0.2

conf() { # NAME PRIO ADOPT(on|off)
	ka_conf "$1" "$2" 2 1 "$VIP/24" "" "vigil_vrrp_adopt_on_restart $3"
}
vpid() { cat "$WORK/$1.vpid" 2>/dev/null; }
# gap_ms NODE SECONDS: poll the VIP every 20 ms for SECONDS; print the
# longest time it was missing, in ms
gap_ms() {
	local end=$(($(date +%s%N) + $2 * 1000000000)) gone=0 worst=0 now
	while now=$(date +%s%N) && [ "$now" -lt "$end" ]; do
		if has_addr "$1" "$VIP"; then
			gone=0
		else
			[ "$gone" = 0 ] && gone=$now
			[ $(((now - gone) / 1000000)) -gt "$worst" ] &&
				worst=$(((now - gone) / 1000000))
		fi
		sleep 0.02
	done
	echo "$worst"
}
# respawned NAME OLDPID: the parent started a new vrrp child
respawned() { local p; p=$(vpid "$1"); [ -n "$p" ] && [ "$p" != "$2" ]; }
# capture NAME: tshark on d2's eth0, VRRP only, into NAME.pcap
capture() {
	ns d2 tshark -q -i eth0 -f "ip proto 112" -w "$WORK/$1.pcap" \
		>/dev/null 2>"$WORK/$1.tshark" &
	cap=$!
	PIDS="$PIDS $cap"
	# tshark takes seconds to start on a loaded machine: a bound, not a wait
	wait_until 20 grep -q "Capturing on" "$WORK/$1.tshark" ||
		fail "tshark did not start"
}
stop_capture() {
	sleep 0.2
	# SIGINT is ignored by a background job of a script: TERM
	kill -TERM "$cap"
	wait "$cap" 2>/dev/null
}
# adverts NAME SRC: the times of the VRRP adverts from SRC in NAME.pcap
adverts() {
	tshark -r "$WORK/$1.pcap" -Y "vrrp && ip.src == $2" \
		-T fields -e frame.time_epoch 2>/dev/null
}
max_gap_ms() { awk 'NR > 1 { g = ($1 - p) * 1000; if (g > m) m = g }
	{ p = $1 } END { printf "%d\n", m }'; }
masters() { grep -c "instance=VI_1 state=MASTER" "$WORK/$1.log"; }

start_vigild d2 b "$(conf b 100 on)"
start_vigild d1 a "$(conf a 150 on)"
wait_until 8 has_addr d1 "$VIP" || fail "d1 (priority 150) did not become master"
sleep 1.5
no_addr d2 "$VIP" || fail "the VIP is on both directors"
ls "$WORK"/a.run/vrrp/vrrp-owned.*.state >/dev/null 2>&1 ||
	fail "no state record in d1's runtime directory"

# 1. adoption on: kill -9 of the vrrp child of the MASTER
capture on
old=$(vpid a)
b0=$(masters b)
kill -KILL "$old"
gap=$(gap_ms d1 6)
stop_capture
respawned a "$old" || fail "the vrrp child was not started again"
PIDS="$PIDS $(vpid a)"
grep -q "instance=VI_1 adopt=yes reason=adopted" "$WORK/a.log" ||
	fail "the new vrrp child did not adopt the MASTER state"
grep -q "instance=VI_1 state=MASTER from=INIT reason=adopted" "$WORK/a.log" ||
	fail "no adopted MASTER transition"
log "d1: $(grep -o "vrrp instance=VI_1 adopt=.*" "$WORK/a.log")"
[ "$(masters b)" = "$b0" ] || fail "d2 became MASTER after the child restart"
no_addr d2 "$VIP" || fail "d2 took the VIP"
n2=$(adverts on "$D2" | wc -l)
[ "$n2" = 0 ] || fail "d2 sent $n2 adverts: it became MASTER"
wire=$(adverts on "$D1" | max_gap_ms)
log "adoption on: VIP missing at most ${gap} ms, adverts from d1 at most ${wire} ms apart, none from d2"
[ "$gap" -le 1000 ] || fail "the VIP was missing for ${gap} ms (> 1 advert interval)"
[ "$wire" -le 1500 ] || fail "d1's adverts paused for ${wire} ms"

# 2. the same with adoption off: the new child starts as BACKUP
reloads() { grep -c "vrrp reload=done" "$WORK/a.log"; }
reloaded_since() { [ "$(reloads)" -gt "$1" ]; }
reload_a() { # ADOPT: d1's config with it, reloaded
	local r0
	r0=$(reloads)
	printf '%s\n' "$(conf a 150 "$1")" >"$WORK/a.conf"
	kill -HUP "$a_pid"
	wait_until 5 reloaded_since "$r0" || fail "reload"
}
reload_a off
sleep 1
old=$(vpid a)
kill -KILL "$old"
gap=$(gap_ms d1 8)
wait_until 3 respawned a "$old" || fail "the vrrp child was not started again (off)"
PIDS="$PIDS $(vpid a)"
grep -q "instance=VI_1 adopt=no reason=off" "$WORK/a.log" ||
	fail "no adopt=no reason=off line"
log "adoption off: VIP missing for ${gap} ms"
[ "$gap" -gt 1000 ] || fail "no gap with adoption off (${gap} ms): the test cannot see one"
wait_until 8 has_addr d1 "$VIP" || fail "d1 did not take the VIP back"
wait_until 5 no_addr d2 "$VIP" || fail "d2 kept the VIP"

# 3. a hung child: stopped, d1's parent finds it hung, deletes its VIP
# and kills it (or we do, once d2 has taken over); the new child must not
# adopt: its VIP is gone (address-missing) or its record too old (stale).
reload_a on
sleep 1
old=$(vpid a)
kill -STOP "$old"
wait_until 6 has_addr d2 "$VIP" || fail "d2 did not take over from a stopped d1"
kill -KILL "$old" 2>/dev/null
wait_until 3 respawned a "$old" || fail "the vrrp child was not started again (hung)"
PIDS="$PIDS $(vpid a)"
wait_until 3 grep -Eq "instance=VI_1 adopt=no reason=(stale|address-missing)" \
	"$WORK/a.log" || fail "a hung child's record was adopted"
wait_until 8 no_addr d2 "$VIP" || fail "d1 did not preempt after the restart"
log "hung child: $(grep -Eo "adopt=no reason=(stale|address-missing)" "$WORK/a.log"), d1 preempted by the protocol"
stop_vigild a
stop_vigild b
log "PASS"
