#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The failover the sync child exists for: the classic LVS-NAT pair.
#
#   front bridge: client c 10.88.0.50; directors d1 .1, d2 .2 (eth0);
#                 VIP 10.88.0.100 (VI_EXT)
#   back bridge:  directors d1 10.99.0.1, d2 .2 (eth1); gateway VIP
#                 10.99.0.254 (VI_INT); real servers r1 .11, r2 .12 (an
#                 echo service on port 9000, default route via the
#                 gateway VIP)
#
# VI_EXT and VI_INT are one vrrp_sync_group; d1 (priority 150) is MASTER;
# `lvs_sync_daemon eth1 VI_INT` runs the kernel's sync threads on the back
# network. virtual_server 10.88.0.100 9000 balances over r1 and r2 (NAT).
#
# With sync on: the client holds 20 TCP connections through d1, sending a
# line on each every 200 ms and reading it back; d2's kernel learns them
# (ipvsadm -Lnc on d2) and d2's `vigilctl show sync` counts the messages
# and connections d1's kernel sent. A hand-made malformed message and a v0
# one sent to the group are counted as such. Then d1's links are cut (a
# crash: nothing said, nothing stopped); d2 takes both VIPs and every
# connection carries data again, through d2, and none breaks.
# With sync off (the same without lvs_sync_daemon): every connection breaks
# at the failover, which shows the test measures something.
# Bulk resync (idle-on, idle-off): d2's vigild starts only once the 20
# connections are established and idle (the client sends no line from
# d2's start to the cut), so d2's kernel can learn them only from the
# replay of d1's table that d2's sync child asks for: with it (idle-on)
# d2's kernel holds the 20 before the cut and all survive; with
# `lvs_sync_resync off` (idle-off) d2 holds none and all break.
# IPv6 sync group (v6): as "on", with `group ff02::1:81`: the kernel's
# threads, d2's receiver and the failover over an IPv6 multicast group
# (the directors' link-local addresses on the back network).
# vm-bin: vigild vigilctl tests/sync/synctool
# vm-files: tests/fuzz/corpus/sync_msg/*
# vm-mem: 768
# vm-timeout: 500
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/sync_lib.sh"

N=20
CORPUS=$top_srcdir/tests/fuzz/corpus/sync_msg

conf() { # node state priority sync(on|off) [resync(on|off)]
	cat <<EOF
global_defs {
	router_id $1
$([ "$4" = on ] && echo "	lvs_sync_daemon eth1 VI_INT${GROUP:+ group $GROUP}")
$([ "$5" = off ] && echo "	lvs_sync_resync off")
$([ "$5" = on ] && echo "	lvs_sync_resync rate 500 auth_key vm-resync-key")
}
vrrp_sync_group G {
	group {
		VI_EXT
		VI_INT
	}
}
vrrp_instance VI_EXT {
	state $2
	interface eth0
	virtual_router_id 61
	priority $3
	advert_int 1
	virtual_ipaddress {
		10.88.0.100/24
	}
}
vrrp_instance VI_INT {
	state $2
	interface eth1
	virtual_router_id 62
	priority $3
	advert_int 1
	virtual_ipaddress {
		10.99.0.254/24
	}
}
virtual_server 10.88.0.100 9000 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.99.0.11 9000 {
	}
	real_server 10.99.0.12 9000 {
	}
}
EOF
}

real_server() { # node address
	sy_node "$1"
	sy_link "$1" back eth0 "$2/24"
	in_ns "$1" ip route add default via 10.99.0.254
	in_ns "$1" nc -ll -p 9000 -e cat &
}

director() { # node n state priority sync [resync]
	sy_node "$1"
	sy_link "$1" front eth0 "10.88.0.$2/24"
	sy_link "$1" back eth1 "10.99.0.$2/24"
	conf "$1" "$3" "$4" "$5" "$6" >"$SY/$1/vigil.conf"
	sy_vigild "$1"
}

conns_on() { # node: established connections to the VIP:9000
	in_ns "$1" ipvsadm -Lnc | grep -c "ESTABLISHED.*10.88.0.100:9000"
}
has_vips() { has_addr "$1" 10.88.0.100 && has_addr "$1" 10.99.0.254; }
has_service() { in_ns "$1" ipvsadm -Ln | grep -q "10.99.0.12:9000"; }
has_conns() { [ "$(conns_on "$1")" -ge "$2" ]; }
status() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$SY/hold"; }
status_is() { [ "$(status "$1")" = "$2" ]; }
shown_at_least() { [ "$(sy_show "$1" "$2")" -ge "$3" ] 2>/dev/null; }
# Poll the client's status for key=value; say what the directors and
# the neighbours saw when it does not come.
run_hold_until() { # key value what
	_t=300
	while [ $_t -gt 0 ] && ! status_is "$1" "$2"; do
		sleep 0.2
		_t=$((_t - 1))
	done
	[ $_t -gt 0 ] && return 0
	echo "client: $(cat "$SY/hold")"
	in_ns d2 ipvsadm -Lnc | head -n 8
	in_ns d2 ipvsadm -Ln --stats
	in_ns c ip neigh
	in_ns r1 ip neigh
	vm_fail "$3: not seen in time"
}

# d2 started while the client's connections are idle: it learns them
# only from the bulk resync it asks d1 for (or not, when it is off).
start_idle_backup() { # on|off
	kill -USR2 "$(pidof synctool)" # no line from now to the cut
	# d1's kernel sends its sync buffer up to 2 s after the last packet
	# (IPVS_SYNC_FLUSH_TIME): d2 must start after that, or it hears them
	# (an -O2 d2 started within it in one run)
	sleep 3
	director d2 2 BACKUP 100 on "$1"
	sy_wait 30 "d2's IPVS service" has_service d2
	if [ "$1" = off ]; then
		sleep 6
		[ "$(conns_on d2)" = 0 ] ||
			vm_fail "d2 learnt idle connections without resync"
		vm_ok "resync off: d2's kernel has none of the idle connections"
		return
	fi
	sy_wait 30 "d2's resync done" shown_at_least d2 done 1
	sy_wait 10 "$N idle connections in d2's table" has_conns d2 $N
	grep -q "sync resync=requested reason=start" "$SY/d2/log" ||
		vm_fail "no log line for d2's request"
	grep "sync resync=done" "$SY/d2/log" || vm_fail "no done line"
	grep "sync resync=replayed" "$SY/d1/log" || vm_fail "no replay line"
	[ "$(sy_show d2 entries)" -ge $N ] || vm_fail "DONE's count"
	sy_ctl d2 show sync | grep -A14 resync
	vm_ok "resync: d2's kernel learnt the $N idle connections"
	sy_ctl d2 sync resync | grep -q "requested" || vm_fail "vigilctl"
	sy_wait 20 "a second resync on request" shown_at_least d2 done 2
	vm_ok "vigilctl sync resync on the backup: asked and answered"
}

# One run; prints what the client saw after the failover.
scenario() { # on|off|idle-on|idle-off|v6
	echo "=== lvs_sync_daemon $1"
	sync=on
	[ "$1" = off ] && sync=off
	GROUP=
	[ "$1" = v6 ] && GROUP=ff02::1:81
	sy_bridge front
	sy_bridge back
	real_server r1 10.99.0.11
	real_server r2 10.99.0.12
	sy_node c
	sy_link c front eth0 10.88.0.50/24
	rs=
	case $1 in idle-*) rs=${1#idle-} ;; esac
	director d1 1 MASTER 150 $sync $rs
	case $1 in idle-*) ;; *) director d2 2 BACKUP 100 $sync ;; esac
	sy_wait 40 "VIPs on d1" has_vips d1
	sy_wait 30 "d1's IPVS service" has_service d1
	tmo=20000
	case $1 in idle-*) tmo=8000 ;; esac # shorter: two more runs
	in_ns c "$SYNCTOOL" hold -c 10.88.0.100 -p 9000 -n $N -i 200 \
		-t $tmo -d 300 -s "$SY/hold" >"$SY/hold.out" 2>&1 &
	hold=$!
	sy_wait 30 "$N connections carrying data" status_is alive $N
	sy_wait 30 "$N connections in d1's table" has_conns d1 $N
	case $1 in
	idle-*) start_idle_backup "${1#idle-}" ;;
	*) sy_wait 30 "d2's IPVS service" has_service d2 ;;
	esac
	if [ "$1" = v6 ]; then
		sy_wait 60 "$N connections synced to d2 over IPv6" has_conns d2 $N
		sy_wait 20 "d2 counted them" shown_at_least d2 connections $N
		case $(sy_show d2 last_from) in
		fe80:*) ;;
		*) vm_fail "last_from: $(sy_ctl d2 --json show sync)" ;;
		esac
		[ "$(sy_show d2 group)" = ff02::1:81 ] ||
			vm_fail "group: $(sy_ctl d2 --json show sync)"
		vm_ok "IPv6 group: d2's kernel and sync child learnt the" \
			"connections from $(sy_show d2 last_from)"
	fi
	if [ "$1" = on ]; then
		# the master thread sends when its buffer fills or every ~2 s
		sy_wait 60 "$N connections synced to d2" has_conns d2 $N
		in_ns d2 ipvsadm -Lnc | head -n 5
		sy_wait 20 "d2 counted them" shown_at_least d2 connections $N
		[ "$(sy_show d2 last_from)" = 10.99.0.1 ] ||
			vm_fail "last_from: $(sy_ctl d2 --json show sync)"
		[ "$(sy_show d2 last_syncid)" = 62 ] || vm_fail "syncid"
		echo "d2's receiver: messages=$(sy_show d2 messages)" \
			"connections=$(sy_show d2 connections)" \
			"msgs/s=$(sy_show d2 messages_per_s)" \
			"age_s=$(sy_show d2 last_message_age_s)"
		vm_ok "d2's kernel and sync child learnt the connections"
		in_ns r1 "$SYNCTOOL" send -g 224.0.0.81 -p 8848 -a 10.99.0.11 \
			"$CORPUS/v1_bad_version"
		in_ns r1 "$SYNCTOOL" send -g 224.0.0.81 -p 8848 -a 10.99.0.11 \
			"$CORPUS/v0_two"
		sy_wait 20 "the malformed message counted" \
			shown_at_least d2 malformed 1
		sy_wait 20 "the v0 message counted" shown_at_least d2 v0_messages 1
		echo "last_malformed: $(sy_show d2 last_malformed)"
		grep -q "msg=malformed from=10.99.0.11" "$SY/d2/log" ||
			vm_fail "no log line for the malformed message"
		sy_ctl d2 show sync
		vm_ok "malformed and v0 messages counted and said"
	fi
	echo "--- cutting d1's links (a crash)"
	ip link set d1-eth0 down
	ip link set d1-eth1 down
	t0=$(vm_ms)
	sy_wait 40 "VIPs on d2" has_vips d2
	echo "d2 owns the VIPs $(($(vm_ms) - t0)) ms after the cut"
	# $! is the shell that runs in_ns; the client is synctool itself
	kill -USR1 "$(pidof synctool)"
	if [ "$1" != off ] && [ "$1" != idle-off ]; then
		run_hold_until after_mark $N "every connection carrying data through d2"
		sleep 2
		status_is broken 0 || vm_fail "broken: $(cat "$SY/hold")"
		echo "client after the failover: $(cat "$SY/hold")"
		echo "d2: $(conns_on d2) connections in its table"
		vm_ok "sync on: $N/$N connections survived the failover"
	else
		run_hold_until broken $N "every connection broken"
		echo "client after the failover: $(cat "$SY/hold")"
		vm_ok "sync off: $N/$N connections broke at the failover"
	fi
	kill "$(pidof synctool)" 2>/dev/null
	wait $hold 2>/dev/null
	sy_no_sanitizer_report
	sy_cleanup
	rm -rf "$SY"
}

for m in ip_vs ip_vs_rr veth bridge; do vm_modprobe $m; done
scenario on
scenario off
scenario idle-on
scenario idle-off
scenario v6
