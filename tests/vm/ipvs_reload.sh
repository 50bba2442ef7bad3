#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Re-applying a changed table changes only what changed. Two tables that
# differ in services and destinations added, edited and removed are applied
# 20 times in turn while a long-lived TCP connection streams through a
# service that does not change: it keeps flowing, the untouched service
# keeps its counters, and no operation touches either. Then a restart
# adopts the table without a change (with and without the state file),
# entries made by hand with ipvsadm are left alone, and an empty table
# removes what vigil owns and nothing else.
# vm-bin: tests/ipvs/ipvstool
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"

STATE=/run/ipvs-owned
net_client
for n in 1 2 3; do net_server $n; done

apply_ok "$FIX/reload_a.json" -s $STATE
table_is "$FIX/reload_a.json" "table A"

# The stream through 10.10.0.101:9000 to rs1 (ipvs_net.sh).
stream_start 10.10.0.101 9000 1

# Counters of the other untouched service.
http_spread 10.10.0.102 5 >/dev/null
sleep 3
stats_102() {
	ipvsadm -Ln --stats -t 10.10.0.102:80 | awk '/TCP|->/ {print $2, $3}'
}
stats_102 >/tmp/stats.before
grep -q '10.20.2.2:80 5' /tmp/stats.before || vm_fail "counters: $(cat /tmp/stats.before)"

for round in 1 2 3 4 5 6 7 8 9 10; do
	for t in b a; do
		apply_ok "$FIX/reload_$t.json" -s $STATE
		grep -q '^apply: 8 operations: 8 applied' /tmp/apply.out || {
			cat /tmp/apply.out
			vm_fail "round $round table $t: not 8 operations"
		}
		if grep -E '10\.10\.0\.10[12]:' /tmp/apply.out; then
			vm_fail "an untouched service was changed"
		fi
		table_is "$FIX/reload_$t.json" "round $round: table $t" >/dev/null
	done
	ipvsadm -Lnc | grep -q 'ESTABLISHED.*10.10.0.101:9000' ||
		vm_fail "round $round: the stream's connection is gone"
done
vm_ok "20 re-applies, 8 operations each, none on the untouched services"
sed -n '/^ok:/p' /tmp/apply.out

stream_stop
sleep 3
stats_102 >/tmp/stats.after
vm_same /tmp/stats.before /tmp/stats.after "the untouched service kept its counters"

# A restart: the state file says what is owned; nothing changes.
apply_ok "$FIX/reload_a.json" -s $STATE
grep -q '^apply: 0 operations.* 0 adopted' /tmp/apply.out ||
	vm_fail "restart: $(cat /tmp/apply.out)"
vm_ok "a restart changes nothing"
rm -f $STATE
apply_ok "$FIX/reload_a.json" -s $STATE
grep -q '^apply: 0 operations.* 11 adopted' /tmp/apply.out ||
	vm_fail "restart without state: $(cat /tmp/apply.out)"
vm_ok "a restart without its state file adopts the table, changing nothing"

# Entries made by hand are not vigil's.
ipvsadm -A -t 10.10.0.109:80 -s rr
ipvsadm -a -t 10.10.0.102:80 -r 10.20.3.2:80 -m
apply_ok "$FIX/reload_b.json" -s $STATE
grep -q '2 foreign kept' /tmp/apply.out || vm_fail "foreign: $(cat /tmp/apply.out)"
ipvsadm -Sn | grep -q '^-A -t 10.10.0.109:80 -s rr$' || vm_fail "hand-made service removed"
ipvsadm -Sn | grep -q '^-a -t 10.10.0.102:80 -r 10.20.3.2:80 -m -w 1$' ||
	vm_fail "hand-made destination removed"
vm_ok "entries made with ipvsadm are left alone"

apply_ok "$FIX/empty.json" -s $STATE
printf '%s\n' '-A -t 10.10.0.102:80 -s wlc' '-A -t 10.10.0.109:80 -s rr' \
	'-a -t 10.10.0.102:80 -r 10.20.3.2:80 -m -w 1' | sort >/tmp/expect
ipvsadm -Sn | sort >/tmp/got
vm_same /tmp/expect /tmp/got "an empty table removes vigil's entries only"
grep -q '1 services kept' /tmp/apply.out || vm_fail "$(cat /tmp/apply.out)"
