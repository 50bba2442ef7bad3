#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# promote_secondaries through vigild, d1 alone, as keepalived 2.2.7 does
# it: the interface's promote_secondaries is 1 while the instance runs
# (from its start, whatever its state) and back to its old value at stop.
# With it, deleting the interface's primary address promotes the VIP (a
# secondary of the same subnet) instead of deleting it. Without the
# keyword the sysctl is left alone.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology

VIP=10.$NET.0.51
sysctl_of() { ns d1 cat /proc/sys/net/ipv4/conf/eth0/promote_secondaries; }
[ "$(sysctl_of)" = 0 ] || fail "promote_secondaries is $(sysctl_of) before"

start_vigild d1 a "$(notify_inst VI_1 51 "" "")"
wait_until 3 has_addr d1 "$VIP" || fail "without the keyword: no VIP"
[ "$(sysctl_of)" = 0 ] || fail "without the keyword: set to $(sysctl_of)"
stop_vigild a
log "without promote_secondaries: left at 0"

start_vigild d1 b "$(notify_inst VI_1 51 "" promote_secondaries)"
wait_until 5 eval 'test "$(sysctl_of)" = 1' || fail "not set while running"
wait_until 3 has_addr d1 "$VIP" || fail "no VIP"
ns d1 ip addr del "10.$NET.0.1/24" dev eth0 || fail "ip addr del"
ns d1 ip -4 addr show dev eth0 | grep "inet $VIP/24" | grep -qv secondary ||
	fail "the VIP was not promoted: $(ns d1 ip -4 addr show dev eth0)"
log "promote_secondaries: 1 while running; the primary deleted, the VIP promoted"
stop_vigild b
[ "$(sysctl_of)" = 0 ] || fail "not put back at stop: $(sysctl_of)"
log "stopped: promote_secondaries back to 0"
log "PASS"
