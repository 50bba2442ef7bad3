#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Trackers of a vrrp_sync_group through vigild: two directors, each with a
# sync group G of VI_A and VI_B (VRRPv3, advert_int 0.2), the group (not
# the instances) tracking an interface (eth1, a veth of its own), a
# vrrp_script (weight -100, which a sync group ignores, with a warning) and
# a track_file. On d1 (the master), each tracker in turn fails: both
# members go to FAULT (not merely a lower priority) and d2 takes both
# VIPs; once it recovers d1 preempts both back.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100 VIP2=10.$NET.0.101
for d in d1 d2; do
	ip -n "$P-$d" link add eth1 type veth peer name eth1p
	ns $d ip link set eth1p up
	ns $d ip link set eth1 up
done

conf() { # NAME PRIO
	cat <<K
global_defs {
	router_id $1
	script_user root
	vrrp_garp_master_delay 0
}
vrrp_script chk {
	script "/usr/bin/test ! -e $WORK/$1.fail"
	interval 0.2
	weight -100
}
vrrp_track_file tf {
	file $WORK/$1.tf
}
vrrp_sync_group G {
	group {
		VI_A
		VI_B
	}
	track_interface {
		eth1
	}
	track_script {
		chk
	}
	track_file {
		tf
	}
}
K
	for i in A:51:$VIP B:52:$VIP2; do
		cat <<K
vrrp_instance VI_${i%%:*} {
	interface eth0
	virtual_router_id $(echo "$i" | cut -d: -f2)
	priority $2
	version 3
	advert_int 0.2
	virtual_ipaddress {
		${i##*:}/24
	}
}
K
	done
}
owns() { has_addr "$1" "$VIP" && has_addr "$1" "$VIP2"; }
faults() { grep -c "instance=VI_[AB] state=FAULT" "$WORK/a.log"; }

echo 0 >"$WORK/a.tf"
echo 0 >"$WORK/b.tf"
conf a 150 >"$WORK/check.conf"
# runs, with warnings: exit 5, or 6 as here where its scripts would run
# without enable_script_security (keepalived -t's codes)
out=$(ns d1 "$VIGILD" -t -f "$WORK/check.conf" 2>&1)
case $? in 5 | 6) ;; *) fail "vigild -t refused the config: $out" ;; esac
echo "$out" | grep -q "check.conf:.*weight -100 of chk is ignored" ||
	fail "no warning for the script's weight in the group: $out"
start_vigild d2 b "$(conf b 100)"
start_vigild d1 a "$(conf a 150)"
wait_until 8 owns d1 || fail "d1 (priority 150) did not become master"
log "d1 master of VI_A and VI_B"

# fail_with WHAT CMD-TO-FAIL CMD-TO-RECOVER
fail_with() {
	n0=$(faults)
	eval "$2"
	wait_until 3 owns d2 || fail "$1 failed on d1: d2 did not take both VIPs"
	no_addr d1 "$VIP" && no_addr d1 "$VIP2" || fail "$1: d1 kept a VIP"
	[ "$(faults)" -ge $((n0 + 2)) ] || fail "$1: members not both in FAULT"
	log "$1 failed on d1: VI_A and VI_B in FAULT, d2 owns both VIPs"
	eval "$3"
	wait_until 3 owns d1 || fail "$1 recovered: d1 did not take the VIPs back"
	wait_until 2 no_addr d2 "$VIP" || fail "$1 recovered: d2 kept $VIP"
	log "$1 recovered: d1 master again"
}
fail_with track_interface "ns d1 ip link set eth1p down" \
	"ns d1 ip link set eth1p up"
fail_with track_script "touch $WORK/a.fail" "rm $WORK/a.fail"
fail_with track_file "echo 1 >$WORK/a.tf" "echo 0 >$WORK/a.tf"
log "PASS"
