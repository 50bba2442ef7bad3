#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Real traffic: a client namespace sends HTTP requests (busybox nc) to a VIP, IPVS NAT
# forwards them to three real servers in namespaces (busybox httpd), and
# the spread is what the scheduler and weights say: rr, then wrr 3:2:1
# after an edit in place, then weight 0 takes a server out.
# vm-bin: tests/ipvs/ipvstool
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"

net_client
for n in 1 2 3; do net_server $n; done

apply_ok "$FIX/traffic_rr.json" -s /run/ipvs-owned
table_is "$FIX/traffic_rr.json" "rr table"

http_spread 10.10.0.100 30 >/tmp/spread
printf 'rs1 10\nrs2 10\nrs3 10\n' >/tmp/expect
vm_same /tmp/expect /tmp/spread "rr: 30 requests, 10 to each server"

apply_ok "$FIX/traffic_wrr.json" -s /run/ipvs-owned
grep -q '^apply: 3 operations' /tmp/apply.out ||
	vm_fail "rr -> wrr should be 1 service edit + 2 weight edits: $(cat /tmp/apply.out)"
grep -q '^ok: edit service tcp 10.10.0.100:80$' /tmp/apply.out ||
	vm_fail "the scheduler change was not an edit"
table_is "$FIX/traffic_wrr.json" "wrr table"
http_spread 10.10.0.100 60 >/tmp/spread
printf 'rs1 30\nrs2 20\nrs3 10\n' >/tmp/expect
vm_same /tmp/expect /tmp/spread "wrr 3:2:1: 60 requests, 30/20/10"

# The kernel counted them on the same entries (edits keep counters): 10
# and 30 for rs1... Counters reach readers through the kernel's
# rate estimator, every 2 seconds.
sleep 3
ipvsadm -Ln --stats | awk '/-> [0-9]/ {print $2, $3}' | sort >/tmp/conns
printf '10.20.1.2:80 40\n10.20.2.2:80 30\n10.20.3.2:80 20\n' >/tmp/expect
vm_same /tmp/expect /tmp/conns "connection counters kept across the edit"

sed 's/"weight": 3/"weight": 0/' "$FIX/traffic_wrr.json" >/tmp/drain.json
apply_ok /tmp/drain.json -s /run/ipvs-owned
http_spread 10.10.0.100 30 >/tmp/spread
printf 'rs2 20\nrs3 10\n' >/tmp/expect
vm_same /tmp/expect /tmp/spread "weight 0 takes rs1 out: 30 requests, 20/10"
