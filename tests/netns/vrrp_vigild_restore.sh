#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vigil owns its VIPs, virtual routes and static addresses (issue 13, bug
# 4): on the MASTER, `ip addr del` of the VIP, `ip route del` of a
# virtual route and `ip rule del` of a virtual rule are undone (the first
# two within RESTORE_MS), each with one log line
# (op=restore result=ok) and counted (owned_restored in `vigilctl show
# vrrp VI_1`); addresses_owned says 0 while the VIP is away. A tool that
# keeps deleting it cannot make vigild loop: after a burst of 5 restores
# the rest wait for the limit (restore=limited, logged once), and the VIP
# still comes back once the fight ends. A static route that a link flap
# took (the kernel says nothing) is back with the link. With
# vigil_vrrp_restore_owned off nothing is put back, the deletion is
# logged, and addresses_owned says 0.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
topology
VIP=10.$NET.0.100
SVIP=10.$NET.0.200
VIP6=fd00:$NET::100
RT=10.99.$NET.0/24
RULE=203.0.113.0/24
SRT=10.98.$NET.0/24
GW=10.$NET.0.254
RESTORE_MS=${RESTORE_MS:-500}

conf() { # NAME RESTORE(on|off)
	ka_conf "$1" 150 3 0.1 "$VIP/24" "virtual_routes {
		$RT via $GW dev eth0
	}
	virtual_rules {
		from $RULE table 100 priority 1000
	}
	virtual_ipaddress_excluded {
		$VIP6/64
	}" "vigil_vrrp_restore_owned $2
}
static_ipaddress {
	$SVIP/24 dev eth0
}
static_routes {
	$SRT via $GW dev eth0"
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
has_route() { ns d1 ip route show "$RT" | grep -q "via $GW"; }
has_sroute() { ns d1 ip route show "$SRT" | grep -q "via $GW"; }
has_rule() { ns d1 ip rule | grep -q "^1000:.*from $RULE lookup 100"; }
no_route() { ! has_route; }
show() { # FIELD: the instance's field (stats.FIELD for a counter)
	vctl a --json show vrrp VI_1 >"$WORK/show.json" || fail "vigilctl show"
	"$PY" -c 'import json,sys
i = json.load(open(sys.argv[1]))["data"]["instance"]
for k in sys.argv[2].split("."): i = i[k]
print(i)' "$WORK/show.json" "$1"
}
restores() { grep -c "op=restore result=ok" "$WORK/a.log"; }

start_vigild d1 a "$(conf a on)"
wait_until 8 has_addr d1 "$VIP" || fail "d1 did not become master"
wait_until 2 has_route || fail "the virtual route did not come up"
has_rule || fail "the virtual rule did not come up"
has_addr d1 "$SVIP" || fail "the static address is missing"
[ "$(show addresses_owned)" = 1 ] || fail "addresses_owned is not 1"
[ "$(show stats.owned_restored)" = 0 ] || fail "owned_restored is not 0"

# The VIP deleted by hand: back within RESTORE_MS, logged, counted.
t0=$(date +%s%N)
ns d1 ip addr del "$VIP/24" dev eth0 || fail "ip addr del"
wait_until 3 has_addr d1 "$VIP" || fail "the deleted VIP was not restored"
ms=$(ms_since "$t0")
log "VIP deleted by hand: restored after ${ms} ms"
[ "$ms" -le "$RESTORE_MS" ] || fail "VIP restored after ${ms} ms > ${RESTORE_MS}"
wait_until 2 grep -q "instance=VI_1 address=$VIP op=restore result=ok" \
	"$WORK/a.log" || fail "no log line for the restore"
[ "$(show stats.owned_restored)" = 1 ] || fail "owned_restored is not 1"
vctl a show vrrp VI_1 | grep -Eq "owned_restored: +1$" ||
	fail "vigilctl show vrrp VI_1 (for people) does not say owned_restored 1"
[ "$(show addresses_owned)" = 1 ] || fail "addresses_owned is not 1 after it"

# An IPv6 address of the instance (virtual_ipaddress_excluded).
wait_until 2 has_addr d1 "$VIP6" || fail "the IPv6 address is missing"
ns d1 ip -6 addr del "$VIP6/64" dev eth0 || fail "ip -6 addr del"
wait_until 3 has_addr d1 "$VIP6" || fail "the deleted IPv6 address was not restored"
grep -q "instance=VI_1 address=$VIP6 op=restore result=ok" "$WORK/a.log" ||
	fail "no log line for the IPv6 address"
log "IPv6 address deleted by hand: restored"

# A virtual route deleted by hand.
t0=$(date +%s%N)
ns d1 ip route del "$RT" || fail "ip route del"
wait_until 3 has_route || fail "the deleted virtual route was not restored"
ms=$(ms_since "$t0")
log "virtual route deleted by hand: restored after ${ms} ms"
[ "$ms" -le "$RESTORE_MS" ] || fail "route restored after ${ms} ms"
grep -q "instance=VI_1 route=10.99.$NET.0 op=restore result=ok" \
	"$WORK/a.log" || fail "no log line for the route"
[ "$(show stats.owned_restored)" = 3 ] || fail "owned_restored is not 3"

# A virtual rule deleted by hand.
ns d1 ip rule del priority 1000 from "$RULE" table 100 || fail "ip rule del"
wait_until 3 has_rule || fail "the deleted virtual rule was not restored"
grep -q "instance=VI_1 rule=203.0.113.0 op=restore result=ok" "$WORK/a.log" ||
	fail "no log line for the rule"
[ "$(show stats.owned_restored)" = 4 ] || fail "owned_restored is not 4"
log "virtual rule deleted by hand: restored"

# A static address: vigild's for its whole life.
ns d1 ip addr del "$SVIP/24" dev eth0 || fail "ip addr del static"
wait_until 3 has_addr d1 "$SVIP" || fail "the static address was not restored"
grep -q "instance=static address=$SVIP op=restore result=ok" "$WORK/a.log" ||
	fail "no log line for the static address"
vctl a --json show vrrp >"$WORK/all.json" || fail "vigilctl show vrrp"
"$PY" -c 'import json,sys
sys.exit(json.load(open(sys.argv[1]))["data"]["router"]["owned_restored"] != 1)' \
	"$WORK/all.json" || fail "router.owned_restored is not 1"
log "static address deleted by hand: restored"

# A fight: another tool deletes the VIP as soon as it is back, 40 times
# in 2 s. vigild restores at most the burst plus one per refill (2 s).
sleep 6.1 # the burst refills (4 restores used, one token per 2 s)
n0=$(restores)
end=$(($(date +%s%N) + 2000000000))
while [ "$(date +%s%N)" -lt "$end" ]; do
	ns d1 ip addr del "$VIP/24" dev eth0 2>/dev/null
	sleep 0.05
done
n=$(($(restores) - n0))
log "fight for 2 s: vigild restored $n times"
[ "$n" -le 7 ] || fail "$n restores in 2 s: not rate-limited"
[ "$n" -ge 3 ] || fail "only $n restores in the fight"
grep -q "instance=VI_1 restore=limited" "$WORK/a.log" ||
	fail "the limit was not logged"
[ "$(grep -c "instance=VI_1 restore=limited" "$WORK/a.log")" = 1 ] ||
	fail "the limit was logged more than once"
# While the limit holds the VIP back, vigild does not claim it.
ns d1 ip addr del "$VIP/24" dev eth0 2>/dev/null
if no_addr d1 "$VIP"; then
	[ "$(show addresses_owned)" = 0 ] ||
		fail "addresses_owned is not 0 while the VIP is away"
fi
wait_until 4 has_addr d1 "$VIP" || fail "the VIP did not come back after the fight"
log "fight over: the VIP is back"

# A link flap: the kernel drops the routes through eth0 without telling
# anyone; the static route is put back when the link comes up.
has_sroute || fail "the static route is missing"
ns d1 ip link set eth0 down
sleep 0.3
has_sroute && fail "test bug: the static route survived the link down"
ns d1 ip link set eth0 up
wait_until 3 has_sroute || fail "the static route did not come back with the link"
grep -q "instance=static route=10.98.$NET.0 op=restore result=ok" \
	"$WORK/a.log" || fail "no log line for the static route"
log "link flap: the static route is back"
wait_until 8 has_addr d1 "$VIP" || fail "d1 is not master again after the flap"
alive a || fail "vigild died"
stop_vigild a
no_addr d1 "$VIP" || fail "the VIP stayed after SIGTERM"
no_route || fail "the virtual route stayed after SIGTERM"
! has_rule || fail "the virtual rule stayed after SIGTERM"

# The watch off: a deleted VIP stays deleted.
start_vigild d1 a "$(conf a off)"
wait_until 8 has_addr d1 "$VIP" || fail "d1 did not become master (off)"
ns d1 ip addr del "$VIP/24" dev eth0 || fail "ip addr del"
sleep 1
no_addr d1 "$VIP" || fail "restored with vigil_vrrp_restore_owned off"
[ "$(show addresses_owned)" = 0 ] ||
	fail "addresses_owned counts a VIP that is not there"
grep -q "instance=VI_1 event=deleted-externally restore=off" "$WORK/a.log" ||
	fail "the deletion was not logged with the watch off"
stop_vigild a
log "PASS"
