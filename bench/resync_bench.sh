#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The IPVS bulk resync's speed (issue 9): the time from the backup's
# request to the backup's kernel holding every connection of the master.
#
#   tests/vm/run -b build -o /tmp/resync-bench bench/resync_bench.sh
#
# Two directors d1 (MASTER) and d2 (BACKUP) on a back network with
# lvs_sync_daemon and lvs_sync_resync, a UDP virtual server 10.88.0.100:9001
# (NAT to r1). The client sends one datagram from each of N (address,
# port) pairs (synctool flood), so that d1's kernel holds N UDP
# connections; the kernel's master thread never sends them (one packet
# each, under sync_threshold), so only the replay brings them to d2.
# For each rate of RATES (datagrams per second: lvs_sync_resync rate,
# set on d1 by a reload), a new d2 is made (namespace, vigild) and asks
# for the replay as it starts; the clock runs from its vigild's start
# until its kernel holds N connections (the InActConn of ipvsadm -Ln,
# cheap to read where /proc/net/ip_vs_conn would take seconds itself),
# and d2's log gives the request-to-DONE time it measured itself.
#
# VIGIL_BENCH_CONNS (100000) and VIGIL_BENCH_RATES ("1000") change it.
# Prints the figures and writes them to resync_bench.txt.
# vm-bin: vigild vigilctl tests/sync/synctool
# vm-mem: 1536
# vm-timeout: 900
. "$(dirname "$0")/../tests/vm/vmlib.sh"
. "$top_srcdir/tests/vm/sync_lib.sh"

N=${VIGIL_BENCH_CONNS:-100000}
RATES=${VIGIL_BENCH_RATES:-1000}
OUT=/tmp/resync_bench.txt

conf() { # node state priority rate
	cat <<EOF
global_defs {
	router_id $1
	lvs_sync_daemon eth1 VI_1
	lvs_sync_resync rate $4 auth_key bench-key
}
vrrp_instance VI_1 {
	state $2
	interface eth1
	virtual_router_id 71
	priority $3
	advert_int 1
	virtual_ipaddress {
		10.99.0.254/24
	}
}
virtual_server 10.88.0.100 9001 {
	lb_algo rr
	lb_kind NAT
	protocol UDP
	real_server 10.99.0.11 9001 {
	}
}
EOF
}

director() { # node n state priority rate
	sy_node "$1"
	sy_link "$1" front eth0 "10.88.0.$2/24"
	sy_link "$1" back eth1 "10.99.0.$2/24"
	conf "$1" "$3" "$4" "$5" >"$SY/$1/vigil.conf"
	sy_vigild "$1"
}

conns() { # node: UDP connections the kernel holds (InActConn)
	in_ns "$1" ipvsadm -Ln | awk '/->.*10.99.0.11:9001/ {s += $5 + $6}
		END {print s + 0}'
}
has_conns() { [ "$(conns "$1")" -ge "$2" ]; }
has_service() { in_ns "$1" ipvsadm -Ln | grep -q "10.99.0.11:9001"; }
is_master() { [ "$(sy_show d1 vrrp_state)" = MASTER ]; }
is_backup() { [ "$(sy_show d2 vrrp_state)" = BACKUP ]; }

# Remove d2 (its vigild, its namespace: the kernel drops its IPVS state).
del_d2() {
	[ -f "$SY/d2/vigild.pid" ] || return 0
	kill "$(cat "$SY/d2/vigild.pid")"
	sleep 2
	ip netns pids sy-d2 | xargs -r kill -9
	ip link del d2-eth0
	ip link del d2-eth1
	ip netns del sy-d2
	rm -rf "$SY/d2"
}
shown_at_least() { [ "$(sy_show "$1" "$2")" -ge "$3" ] 2>/dev/null; }

for m in ip_vs ip_vs_rr veth bridge; do vm_modprobe $m; done
sy_bridge front
sy_bridge back
sy_node c
sy_link c front eth0 10.88.0.50/24
for a in 51 52; do in_ns c ip addr add 10.88.0.$a/24 dev eth0; done
sy_node r1
sy_link r1 back eth0 10.99.0.11/24
set -- $RATES
director d1 1 MASTER 150 "$1"
in_ns d1 ip addr add 10.88.0.100/24 dev eth0
sy_wait 60 "d1 MASTER" is_master
sy_wait 30 "d1's service" has_service d1
t0=$(vm_ms)
# a datagram dropped on the way (a full backlog) is sent again: the same
# pairs refresh the connections made and make the missing ones
for try in 1 2 3; do
	in_ns c "$SYNCTOOL" flood -c 10.88.0.100 -p 9001 -n "$N" \
		-a 10.88.0.50 -a 10.88.0.51 -a 10.88.0.52
	sleep 2
	has_conns d1 "$N" && break
	echo "d1 holds $(conns d1) after flood $try"
done
sy_wait 10 "$N connections on d1" has_conns d1 "$N"
echo "d1 holds $(conns d1) connections ($(($(vm_ms) - t0)) ms to make)"
# the floor: the kernel's reader of the file alone (cat reads as we do:
# the kernel gives one page a read whatever the buffer)
t0=$(vm_ms)
lines=$(in_ns d1 cat /proc/net/ip_vs_conn_sync | wc -l)
floor="kernel_file_read_ms=$(($(vm_ms) - t0)) lines=$lines"
echo "$floor"

: >"$OUT"
for rate in $RATES; do
	del_d2
	sed -i "s/rate [0-9]*/rate $rate/" "$SY/d1/vigil.conf"
	sy_ctl d1 reload >/dev/null
	sleep 2
	start=$(vm_ms)
	director d2 2 BACKUP 100 "$rate"
	_t=0
	until has_conns d2 "$N"; do
		sleep 0.2
		_t=$((_t + 1))
		[ $((_t % 50)) = 0 ] && echo "d2 holds $(conns d2) after $((_t / 5)) s"
		[ $_t -lt 1500 ] && continue
		grep 'resync=' "$SY/d1/log" "$SY/d2/log"
		vm_fail "$N connections on d2: not seen in time"
	done
	held=$(($(vm_ms) - start))
	sy_wait 60 "d2's DONE" shown_at_least d2 entries "$N"
	d2=$(grep 'resync=done' "$SY/d2/log" | tail -n 1 |
		sed 's/.*resync=done //')
	d1=$(grep 'resync=replayed' "$SY/d1/log" | tail -n 1 |
		sed 's/.*resync=replayed //')
	line="rate=$rate conns=$N d2_start_to_kernel_holding_ms=$held d2: $d2 d1: $d1 ($floor)"
	echo "$line" | tee -a "$OUT"
done
sy_no_sanitizer_report
vm_export "$OUT" resync_bench.txt
vm_ok "bulk resync bench"
