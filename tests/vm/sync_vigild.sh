#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild's sync child drives the kernel's IPVS sync threads by VRRP state.
# Two directors d1 (priority 150) and d2 (100) on one bridge, VRRP instance
# VI_1 and `lvs_sync_daemon eth0 VI_1`; ipvsadm -L --daemon, an independent
# reader, shows in each namespace which threads run:
#   1. d1 MASTER runs the master thread only, d2 BACKUP the backup only,
#      with syncid 51 (the VRID), and `vigilctl show sync` says the same;
#   2. `vigilctl force VI_1 FAULT` on d1: the threads swap (d2 master);
#   3. kill -9 of d2's sync child: the parent respawns it, it hears d2 is
#      MASTER (the parent replays the state) and the master thread is never
#      stopped;
#   4. `ipvsadm --stop-daemon master` by hand on d2: the child restores it;
#   5. SIGHUP with the same config: no thread stopped or started; with
#      `id 7`: the thread restarts with syncid 7; then with port, ttl,
#      group and maxlen: the kernel runs it with them;
#   6. `force VI_1 NONE` on d1: it takes MASTER back, the threads swap back;
#   7. SIGTERM of vigild on d2: its thread stops; a config without
#      lvs_sync_daemon starts no sync child.
# vm-bin: vigild vigilctl tests/sync/synctool
# vm-mem: 768
# vm-timeout: 400
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/sync_lib.sh"

conf() { # node state priority [extra lvs_sync_daemon options]
	cat <<EOF
global_defs {
	router_id $1
	lvs_sync_daemon eth0 VI_1 ${4:-}
}
vrrp_instance VI_1 {
	state $2
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	virtual_ipaddress {
		10.66.0.100/24
	}
}
EOF
}

count() { grep -c "$2" "$SY/$1/log"; }
vrrp_state_is() { [ "$(sy_show "$1" vrrp_state)" = "$2" ]; }
new_sync_child() { # node old-pid
	[ -f "$SY/$1/sync.pid" ] && [ "$(cat "$SY/$1/sync.pid")" != "$2" ] &&
		kill -0 "$(cat "$SY/$1/sync.pid")"
}
gone() { ! kill -0 "$1" 2>/dev/null; }
syncid_is() { sy_daemons "$1" | grep -q "$2 sync daemon (mcast=eth0, syncid=$3"; }
has_options() {
	sy_daemons "$1" | grep -q "master sync daemon (mcast=eth0, syncid=7, maxlen=1000, group=239.1.2.3, port=8850, ttl=2)"
}
vrrp_running() { [ -f "$SY/$1/vrrp.pid" ] && kill -0 "$(cat "$SY/$1/vrrp.pid")"; }

for m in ip_vs veth bridge; do vm_modprobe $m; done
sy_bridge net
for n in d1 d2; do sy_node $n; done
sy_link d1 net eth0 10.66.0.1/24
sy_link d2 net eth0 10.66.0.2/24
conf d1 MASTER 150 >"$SY/d1/vigil.conf"
conf d2 BACKUP 100 >"$SY/d2/vigil.conf"
sy_vigild d1
sy_vigild d2

echo "--- 1. d1 MASTER: master thread; d2 BACKUP: backup thread"
sy_wait 30 "VIP on d1" has_addr d1 10.66.0.100
sy_wait 20 "d1 master thread only" sy_threads_are d1 master
sy_wait 20 "d2 backup thread only" sy_threads_are d2 backup
sy_daemons d1
sy_daemons d2
syncid_is d1 master 51 || vm_fail "d1: syncid 51"
sy_wait 10 "show sync: MASTER" vrrp_state_is d1 MASTER
sy_ctl d1 show sync
vm_ok "threads follow the initial states"

echo "--- 2. d1 forced to FAULT: d2 takes MASTER, the threads swap"
sy_ctl d1 force VI_1 FAULT
sy_wait 30 "VIP on d2" has_addr d2 10.66.0.100
sy_wait 20 "d2 master thread" sy_threads_are d2 master
sy_wait 20 "d1 backup thread" sy_threads_are d1 backup
vm_ok "threads swapped with the VRRP state"

echo "--- 3. kill -9 of d2's sync child: respawned, master thread kept"
stops=$(count d2 "thread=master state=stopped")
old=$(cat "$SY/d2/sync.pid")
kill -9 "$old"
sy_wait 20 "a new sync child" new_sync_child d2 "$old"
sy_wait 20 "the new child hears d2 is MASTER" vrrp_state_is d2 MASTER
sleep 4 # past the new child's wait for a state
sy_threads_are d2 master ||
	vm_fail "d2's master thread after the restart: $(sy_daemons d2)"
[ "$(count d2 "thread=master state=stopped")" = "$stops" ] ||
	vm_fail "the restart stopped the master thread"
vm_ok "a restarted sync child leaves the threads alone"

echo "--- 4. the master thread stopped by hand comes back"
in_ns d2 ipvsadm --stop-daemon master
sy_threads_are d2 none || vm_fail "ipvsadm did not stop it"
sy_wait 20 "master thread restored" sy_threads_are d2 master
[ "$(sy_show d2 restores)" -ge 1 ] || vm_fail "restores not counted"
grep "thread=master state=started" "$SY/d2/log" | tail -n 1
vm_ok "a thread stopped by hand is restored"

echo "--- 5. reloads: the same lvs_sync_daemon changes nothing; id 7 restarts"
starts=$(count d2 "state=started")
kill -HUP "$(cat "$SY/d2/vigild.pid")"
sy_wait 20 "reload done" grep -q "child=sync reload=ok gen=2 changes=0" "$SY/d2/log"
sleep 1
[ "$(count d2 "state=started")" = "$starts" ] ||
	vm_fail "an unchanged reload restarted a thread"
conf d2 BACKUP 100 "id 7" >"$SY/d2/vigil.conf"
kill -HUP "$(cat "$SY/d2/vigild.pid")"
sy_wait 20 "syncid 7" syncid_is d2 master 7
sy_daemons d2
conf d2 BACKUP 100 "id 7 port 8850 ttl 2 group 239.1.2.3 maxlen 1000" \
	>"$SY/d2/vigil.conf"
kill -HUP "$(cat "$SY/d2/vigild.pid")"
sy_wait 20 "port, ttl, group, maxlen" has_options d2
sy_daemons d2
[ "$(sy_show d2 group)" = 239.1.2.3 ] || vm_fail "show sync: $(sy_ctl d2 --json show sync)"
vm_ok "reload: unchanged left alone, changed applied"

echo "--- 6. d1 back to normal: it takes MASTER back (priority 150)"
sy_ctl d1 force VI_1 NONE
sy_wait 30 "VIP back on d1" has_addr d1 10.66.0.100
sy_wait 20 "d1 master thread" sy_threads_are d1 master
sy_wait 20 "d2 backup thread" sy_threads_are d2 backup
vm_ok "threads swapped back"

echo "--- 7. SIGTERM of d2: its thread stops; no lvs_sync_daemon, no child"
pid=$(cat "$SY/d2/vigild.pid")
kill "$pid"
sy_wait 20 "d2 stopped" gone "$pid"
sy_threads_are d2 none || vm_fail "d2's thread outlived vigild: $(sy_daemons d2)"
conf d2 BACKUP 100 | sed '/lvs_sync_daemon/d' >"$SY/d2/vigil.conf"
rm -f "$SY/d2/sync.pid" "$SY/d2/vrrp.pid"
sy_vigild d2
sy_wait 20 "d2's vrrp child" vrrp_running d2
sleep 2
[ -f "$SY/d2/sync.pid" ] && vm_fail "a sync child without lvs_sync_daemon"
sy_threads_are d2 none || vm_fail "threads without lvs_sync_daemon"
vm_ok "stop, and no sync child without lvs_sync_daemon"
sy_no_sanitizer_report
grep -h "sync " "$SY/d2/log" | head -20
