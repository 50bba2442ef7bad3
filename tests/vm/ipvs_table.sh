#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The table as the kernel holds it: NAT, DR and tunnel (ipip, gue, gre,
# mixed family) services, IPv4 and IPv6, fwmark, SCTP, persistence with
# netmasks and prefixes, one-packet scheduling, scheduler flags, the sip
# persistence engine and eleven schedulers, applied through the library
# and read by ipvsadm, an independent reader. Then timeouts, info and the
# sync daemons. A second apply changes nothing.
# vm-bin: tests/ipvs/ipvstool
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"

vm_modprobe ip_vs_mh
vm_modprobe ip_vs_pe_sip

apply_ok "$FIX/table1.json" -s /run/ipvs-owned
cat /tmp/apply.out | tail -n 2
grep -q '^apply: 30 operations: 30 applied, 0 failed' /tmp/apply.out ||
	vm_fail "the first apply did not make 30 changes"
table_is "$FIX/table1.json" "ipvsadm -Sn equals the table"

# What -Sn does not show: thresholds, and the library's own reading.
ipvsadm -Ln --thresholds | grep -q '10.0.1.11:8080 *100 *10 ' ||
	vm_fail "thresholds 100/10 not in the kernel"
"$TOOL" dump | sort >/tmp/dump.save
vm_same /tmp/want.save /tmp/dump.save "the library reads back what it wrote"

ipvsadm -Ln --timeout | grep -q '800 100 200' || vm_fail "timeouts not set"
vm_ok "timeouts 800 100 200"
"$TOOL" info | grep -q '^version 1.2.1 conn_tab_size [1-9]' ||
	vm_fail "info: $("$TOOL" info)"
vm_ok "info: $("$TOOL" info)"

apply_ok "$FIX/table1.json" -s /run/ipvs-owned
grep -q '^apply: 0 operations' /tmp/apply.out ||
	vm_fail "a second apply changed something: $(cat /tmp/apply.out)"
vm_ok "a second apply changes nothing"

# The forwarding method and tunnel options are edited in place: NAT to DR,
# DR to a GRE tunnel, a GUE tunnel's port and checksum.
sed -e '/10.0.1.12/s/"nat"/"dr"/' \
	-e 's/{ "address": "10.0.2.12", "forward": "dr", "weight": 0 }/{ "address": "10.0.2.12", "forward": "tunnel", "tunnel": { "type": "gre" } }/' \
	-e 's/"port": 6080, "flags": \["csum"\]/"port": 6081, "flags": ["remcsum"]/' \
	"$FIX/table1.json" >/tmp/table1b.json
apply_ok /tmp/table1b.json -s /run/ipvs-owned
grep -q '^apply: 3 operations: 3 applied' /tmp/apply.out ||
	vm_fail "method changes: $(cat /tmp/apply.out)"
[ "$(grep -c '^ok: edit destination' /tmp/apply.out)" = 3 ] ||
	vm_fail "method changes were not edits: $(cat /tmp/apply.out)"
table_is /tmp/table1b.json "methods and tunnel options edited in place"
apply_ok "$FIX/table1.json" -s /run/ipvs-owned
table_is "$FIX/table1.json" "and back"

vm_run "$TOOL" flush
[ -z "$(ipvsadm -Sn)" ] || vm_fail "flush left entries"
vm_ok "flush"

# Sync daemons, as the sync child will drive them. The kernel refuses
# them while a mixed-family destination exists: the error says so.
ip link add ipvs-s0 type veth peer name ipvs-s1
ip link set ipvs-s0 up
apply_ok "$FIX/table1.json" -s /run/ipvs-owned
"$TOOL" sync start master ipvs-s0 5 >/tmp/sync.out 2>&1 &&
	vm_fail "a sync daemon started with a mixed-family destination"
grep -q 'mixed-family destination exists' /tmp/sync.out ||
	vm_fail "sync start error: $(cat /tmp/sync.out)"
vm_ok "sync start refused while mixed-family destinations exist: $(cat /tmp/sync.out)"
vm_run "$TOOL" flush
vm_run "$TOOL" sync start master ipvs-s0 5 maxlen 1400 port 8849 ttl 3 group 239.1.2.3
vm_run "$TOOL" sync start backup ipvs-s0 6
ipvsadm -L --daemon >/tmp/daemons
grep -q 'master sync daemon (mcast=ipvs-s0, syncid=5, maxlen=1400, group=239.1.2.3, port=8849, ttl=3)' /tmp/daemons ||
	vm_fail "master daemon: $(cat /tmp/daemons)"
grep -q 'backup sync daemon (mcast=ipvs-s0, syncid=6' /tmp/daemons ||
	vm_fail "backup daemon: $(cat /tmp/daemons)"
"$TOOL" sync show | grep -q '^master ifname ipvs-s0 syncid 5 maxlen 1400 port 8849 ttl 3 group 239.1.2.3$' ||
	vm_fail "sync show: $("$TOOL" sync show)"
vm_run "$TOOL" sync stop backup
[ "$("$TOOL" sync show | wc -l)" = 1 ] || vm_fail "backup did not stop"
vm_run "$TOOL" sync stop master
vm_ok "sync daemons start, read back and stop"
