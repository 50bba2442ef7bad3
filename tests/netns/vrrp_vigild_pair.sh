#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two vigild directors from keepalived config files (VRRPv2, advert_int 1):
# the VIP is on the master; a reload that changes nothing keeps it without
# a flap; the whole master daemon killed (-9) -> the backup owns the VIP
# within Master_Down_Interval (3.609 s); SIGTERM -> priority 0, the backup
# takes over within Skew_Time (0.609 s); notify scripts run by the parent
# write what happened.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100

cat >"$WORK/notify.sh" <<S
#!/bin/sh
echo "\$*" >>"$WORK/notify.out"
S
chmod 755 "$WORK/notify.sh"

conf() { # NAME PRIO
	ka_conf "$1" "$2" 2 1 "$VIP/24" "notify_master \"$WORK/notify.sh $1 MASTER\"
	notify_backup \"$WORK/notify.sh $1 BACKUP\"
	notify_stop \"$WORK/notify.sh $1 STOP\"" "script_user root"
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
notified() { grep -q "^$1" "$WORK/notify.out" 2>/dev/null; }

start_vigild d2 b "$(conf b 100)"
start_vigild d1 a "$(conf a 150)"
wait_until 8 has_addr d1 "$VIP" || fail "d1 (priority 150) did not become master"
sleep 1
no_addr d2 "$VIP" || fail "the VIP is on both directors"
wait_until 3 notified "a MASTER" || fail "notify_master did not run on d1"
wait_until 3 notified "b BACKUP" || fail "notify_backup did not run on d2"
log "election: d1 master, notify scripts ran through the parent"

# Reload with the same file: nothing changes, the VIP stays.
ns d1 ip monitor address >"$WORK/mon.out" 2>&1 &
mon=$!
PIDS="$PIDS $mon"
sleep 0.3
n0=$(wc -l <"$WORK/notify.out")
kill -HUP "$a_pid"
sleep 2.5
kill "$mon"
wait "$mon" 2>/dev/null
! grep -q "Deleted.*$VIP" "$WORK/mon.out" || fail "the VIP flapped on reload"
has_addr d1 "$VIP" || fail "the VIP is gone after the reload"
[ "$(wc -l <"$WORK/notify.out")" = "$n0" ] ||
	fail "a reload that changes nothing ran notify scripts"
alive a || fail "vigild died on reload"
log "reload: VIP kept, no flap, no notification"

# Reload that adds a VIP, then one that takes it away again: the new one
# comes and goes on the master, the first one never moves.
VIP2=10.$NET.0.101
ns d1 ip monitor address >"$WORK/mon.out" 2>&1 &
mon=$!
PIDS="$PIDS $mon"
sleep 0.3
conf a 150 | sed "s|^\(\t*\)$VIP/24\$|&\n\1$VIP2/24|" >"$WORK/a.conf"
grep -q "$VIP2/24" "$WORK/a.conf" || fail "test bug: no second VIP in a.conf"
kill -HUP "$a_pid"
wait_until 3 has_addr d1 "$VIP2" || fail "a VIP added by reload did not come up"
conf a 150 >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 3 no_addr d1 "$VIP2" || fail "a VIP removed by reload stayed"
sleep 0.3
kill "$mon"
wait "$mon" 2>/dev/null
! grep -q "Deleted.*$VIP/" "$WORK/mon.out" || fail "the first VIP flapped"
has_addr d1 "$VIP" || fail "the first VIP is gone"
no_addr d2 "$VIP2" || fail "the added VIP appeared on the backup"
log "reload: a VIP added and removed on the master, the other untouched"

# What an operator sees: vigilctl show vrrp; maintenance with vigilctl
# force.
vctl a --json show vrrp >"$WORK/show.json" || fail "vigilctl show vrrp failed"
"$PY" - "$WORK/show.json" <<'P' || fail "show vrrp: d1 is not MASTER/150"
import json, sys
i = json.load(open(sys.argv[1]))["data"]["instances"][0]
sys.exit(not (i["name"] == "VI_1" and i["state"] == "MASTER"
              and i["priority"] == 150 and i["addresses_owned"] == 1))
P
vctl a force VI_1 BACKUP >/dev/null || fail "force BACKUP refused"
wait_until 3 has_addr d2 "$VIP" || fail "d2 did not take over from forced d1"
no_addr d1 "$VIP" || fail "d1 kept the VIP while forced BACKUP"
vctl a --json show vrrp VI_1 | grep -q '"instance":{"name":"VI_1","state":"BACKUP"' ||
	fail "show vrrp VI_1: $(vctl a --json show vrrp VI_1)"
vctl a force VI_9 BACKUP 2>&1 | grep "no vrrp_instance 'VI_9'" >/dev/null ||
	fail "force on an unknown instance was not refused"
vctl a force VI_1 NONE >/dev/null || fail "force NONE refused"
# RFC 3768 §6.4.2: a preempting backup lets Master_Down_Timer run out
wait_until 5 has_addr d1 "$VIP" || fail "d1 did not take the VIP back"
wait_until 3 no_addr d2 "$VIP" || fail "d2 kept the VIP"
log "admin: force BACKUP moved the VIP to d2, NONE brought it back"

# Crash: the backup takes over after Master_Down_Interval (3.609 s after
# the last advert, which left up to 1 s before the kill).
t0=$(date +%s%N)
crash_vigild a
wait_until 6 has_addr d2 "$VIP" || fail "d2 did not take over after the crash"
ms=$(ms_since "$t0")
log "crash: d2 owns the VIP ${ms} ms after kill -9"
[ "$ms" -ge 2400 ] && [ "$ms" -le 4100 ] ||
	fail "takeover after ${ms} ms, expected 2.6-3.6 s (+ polling)"
wait_until 3 notified "b MASTER" || fail "notify_master did not run on d2"
# The crashed director's VIP is still there (nobody removed it): a new
# vigild finds it in its ledger, keeps it as the master again.
start_vigild d1 a "$(conf a 150)"
wait_until 8 no_addr d2 "$VIP" || fail "d1 did not preempt after restart"
has_addr d1 "$VIP" || fail "d1 preempted without the VIP"
log "restart: d1 preempted"

# Graceful stop: priority 0, the backup takes over within Skew_Time.
t0=$(date +%s%N)
stop_vigild a
ms_stop=$(ms_since "$t0")
wait_until 3 has_addr d2 "$VIP" || fail "d2 did not take over after SIGTERM"
ms=$(ms_since "$t0")
no_addr d1 "$VIP" || fail "vigild left the VIP behind on SIGTERM"
log "SIGTERM: vigild exited in ${ms_stop} ms, d2 owns the VIP ${ms} ms after"
[ "$ms" -le 1500 ] || fail "takeover after ${ms} ms: no priority 0?"
grep -q "^a STOP" "$WORK/notify.out" ||
	fail "notify_stop did not run on d1's stop"
stop_vigild b
no_addr d2 "$VIP" || fail "vigild left the VIP behind on SIGTERM (d2)"
log "PASS"
