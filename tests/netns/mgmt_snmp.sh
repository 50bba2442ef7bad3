#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The SNMP subagent: vigild with enable_snmp_vrrp, enable_snmp_checker,
# enable_snmp_rfcv2 and snmp_socket registers with Net-SNMP's snmpd
# (started here as the AgentX master, in the namespace, on a socket in a
# temporary directory); snmpwalk of KEEPALIVED-MIB's sync group, VRRP
# instance, virtual and real server tables and of RFC 2787's vrrpOperTable
# matches `vigilctl --json`; a forced state change shows in the next walk;
# enable_traps: snmptrapd receives the state-change notifications;
# snmpd killed and restarted: vigild registers again, and its control
# socket answered all along.
TEST=mgmt_snmp
. "$(dirname "$0")/vigild_lib.sh"
command -v snmpd >/dev/null || { echo "SKIP: no snmpd"; exit 77; }
command -v snmpwalk >/dev/null || { echo "SKIP: no snmpwalk"; exit 77; }

. "$(dirname "$0")/mgmt_snmp_lib.sh"
AX=$T/ax-vigil
SPID=
start_snmpd() { snmpd_in "$NS" vigil; }
cat >"$CONF" <<CONF
global_defs {
	router_id r1
	enable_snmp_vrrp
	enable_snmp_checker
	enable_snmp_rfcv2
	enable_snmp_rfcv3
	enable_traps
	snmp_socket $AX
}
$(vrrp_conf)
virtual_server 10.99.0.100 80 {
	delay_loop 1
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	quorum 1
	real_server 10.99.0.2 80 {
		weight 3
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 10.99.0.3 8080 {
		weight 5
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
CONF
snmptrapd_in "$NS"
start_snmpd
start_vigild
wait_until 100 ctl status >/dev/null || fail "vigild did not start"
walk() {
	nsx snmpwalk -v2c -c public -On -m "" -t 2 -r 0 127.0.0.1:16161 "$1" 2>&1
}
masters() {
	ctl show vrrp --json 2>/dev/null | python3 -c "
import json, sys
print(sum(i['state'] == 'MASTER' for i in json.load(sys.stdin)['data']['instances']))"
}
two_masters() { [ "$(masters)" = 2 ]; }
wait_until 100 two_masters ||
	fail "the instances did not become MASTER"
wait_until 100 sh -c "ip netns exec $NS $VIGILCTL -s $SOCK show checks --json | grep -q '\"state\": *\"down\"'" ||
	fail "the real servers were not checked"
IFX=$(nsx cat /sys/class/net/veth0/ifindex)
MAC=$(nsx cat /sys/class/net/veth0/address | tr -d :)

# snmpwalk against vigilctl --json: every column vigil serves, compared.
compare() {
	ctl show vrrp --json >"$T/vrrp.json"
	ctl show checks --json >"$T/checks.json"
	{
		walk .1.3.6.1.4.1.9586.100.5
		walk .1.3.6.1.2.1.68
		walk .1.3.6.1.2.1.207
	} >"$T/walk.txt"
	python3 - "$T" "$IFX" "$MAC" <<'PY'
import json, socket, sys
T, ifx, mac = sys.argv[1], sys.argv[2], sys.argv[3]
walk = {}
for line in open(T + '/walk.txt'):
    if ' = ' not in line:
        continue
    k, v = line.rstrip('\n').split(' = ', 1)
    t, _, v = v.partition(': ')
    walk[k] = v.strip('"') if t == 'STRING' else v.replace(' ', '').lower() if t == 'Hex-STRING' else v
vr = json.load(open(T + '/vrrp.json'))['data']
ck = json.load(open(T + '/checks.json'))['data']
bad = []
def eq(oid, want):
    got = walk.get(oid)
    if str(got) != str(want):
        bad.append('%s: snmp %r, vigilctl %r' % (oid, got, want))
KA = '.1.3.6.1.4.1.9586.100.5'
state = {'INIT': 0, 'BACKUP': 1, 'MASTER': 2, 'FAULT': 3, 'STOP': 5}
for g, grp in enumerate(vr['sync_groups'], 1):
    eq('%s.2.1.1.2.%d' % (KA, g), grp['name'])
    eq('%s.2.1.1.3.%d' % (KA, g), state[grp['state']])
for i, vi in enumerate(vr['instances'], 1):
    e = '%s.2.3.1.%%d.%d' % (KA, i)
    eq(e % 2, vi['name'])
    eq(e % 3, vi['vrid'])
    eq(e % 4, state[vi['state']])
    eq(e % 7, vi['base_priority'])
    eq(e % 8, vi['priority'])
    eq(e % 10, vi['interface'])
    eq(e % 12, vi['advert_int_ms'] // 1000)
    eq(e % 18, 'G1')
    eq(e % 30, vi['version'])
    o = '.1.3.6.1.2.1.68.1.3.1.%%d.%s.%d' % (ifx, vi['vrid'])
    eq(o % 2, mac)  # the MAC it sends from, as keepalived says
    eq(o % 3, {'MASTER': 3, 'BACKUP': 2}.get(vi['state'], 1))
    eq(o % 5, vi['priority'])
    eq(o % 6, len(vi['addresses']))
    for a in vi['addresses']:
        eq('.1.3.6.1.2.1.68.1.4.1.2.%s.%d.%s' % (ifx, vi['vrid'], a), 1)
    eq(o % 7, '0.0.0.0' if vi['state'] == 'MASTER' else vi['master'] or '0.0.0.0')
    s = '.1.3.6.1.2.1.68.2.4.1.%%d.%s.%d' % (ifx, vi['vrid'])
    eq(s % 1, vi['stats']['become_master'])
    eq(s % 9, vi['stats']['address_list_errors'])
    eq(s % 12, vi['stats']['packet_length_errors'])
    o = '.1.3.6.1.2.1.207.1.1.1.1.%%d.%s.%d.1' % (ifx, vi['vrid'])
    eq(o % 6, {'MASTER': 3, 'BACKUP': 2}.get(vi['state'], 1))
    eq(o % 7, vi['priority'])
    eq(o % 9, vi['advert_int_ms'] // 10)
    eq(o % 3, socket.inet_aton(vi['master'] or '0.0.0.0').hex())
    eq('.1.3.6.1.2.1.207.1.2.5.1.1.%s.%d.1' % (ifx, vi['vrid']), vi['stats']['become_master'])
for v, vs in enumerate(ck['virtual_servers'], 1):
    e = '%s.3.3.1.%%d.%d' % (KA, v)
    proto, addr = vs['name'].split(' ')
    ip, port = addr.rsplit(':', 1)
    eq(e % 6, socket.inet_aton(ip).hex())
    eq(e % 7, port)
    eq(e % 8, {'tcp': 1, 'udp': 2, 'sctp': 3}[proto])
    eq(e % 11, 1 if vs['quorum_state'] == 'up' else 2)
    eq(e % 20, len(vs['real_servers']))
    eq(e % 21, sum(r['state'] == 'up' for r in vs['real_servers']))
    eq(e % 22, vs['quorum'])
    for r, rs in enumerate(vs['real_servers'], 1):
        e = '%s.3.4.1.%%d.%d.%d' % (KA, v, r)
        ip, port = rs['address'].rsplit(':', 1)
        eq(e % 4, socket.inet_aton(ip).hex())
        eq(e % 5, port)
        eq(e % 6, 1 if rs['state'] == 'up' else 2)
        eq(e % 7, rs['weight'])
if bad:
    print('\n'.join(bad))
    sys.exit(1)
print(len(walk))
PY
}
wait_until 100 sh -c "ip netns exec $NS snmpwalk -v2c -c public -On -m '' -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.4.1.9586.100.5.2.3 2>/dev/null | grep -q VI_2" ||
	fail "vigild did not register with snmpd"
n=$(compare) || { echo "$n"; fail "snmpwalk differs from vigilctl --json"; }
ok "snmpwalk of KEEPALIVED-MIB vrrp and check tables and RFC 2787 vrrpOperTable ($n objects) = vigilctl --json"

# A state change shows in the next walk.
ctl force VI_1 BACKUP >/dev/null || fail "vigilctl force"
wait_until 50 sh -c "ip netns exec $NS snmpwalk -v2c -c public -On -m '' -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.4.1.9586.100.5.2.3.1.4.1 2>/dev/null | grep -q 'INTEGER: 1$'" ||
	fail "vrrpInstanceState of VI_1 is not backup(1) after vigilctl force"
n=$(compare) || { echo "$n"; fail "snmpwalk differs from vigilctl --json after force"; }
ok "vigilctl force VI_1 BACKUP: vrrpInstanceState backup(1), vrrpOperState backup(2); the walk still equals vigilctl"

# Notifications (enable_traps), as snmptrapd received them: the
# transitions to MASTER (keepalived's and RFC 2787's), the real servers
# found down, the forced BACKUP.
trap_seen() { # TRAP-OID WORDS...
	t=$1
	shift
	grep -F "OID: $t" "$T/traps.log" 2>/dev/null | while read -r line; do
		for w in "$@"; do
			case $line in *"$w"*) ;; *) continue 2 ;; esac
		done
		echo yes
		break
	done | grep -q yes
}
KT=.1.3.6.1.4.1.9586.100.5
wait_until 50 trap_seen $KT.2.10.0.2 '"VI_1"' "$KT.2.3.1.4.1 = INTEGER: 1" ||
	{ cat "$T/traps.log"; fail "no vrrpInstanceStateChange VI_1 backup(1) trap"; }
trap_seen $KT.2.10.0.2 '"VI_1"' "$KT.2.3.1.4.1 = INTEGER: 2" "$KT.1.2.0 = STRING: \"r1\"" ||
	fail "no vrrpInstanceStateChange VI_1 master(2) trap with routerId r1"
trap_seen $KT.2.10.0.1 '"G1"' "$KT.2.1.1.3.1 = INTEGER: 2" ||
	fail "no vrrpSyncGroupStateChange G1 master(2) trap"
trap_seen .1.3.6.1.2.1.68.0.1 ".1.3.6.1.2.1.68.1.3.1.7.$IFX.51 = IpAddress: 10.99.0.1" ||
	fail "no vrrpTrapNewMaster for VRID 51"
trap_seen .1.3.6.1.2.1.207.0.1 ".1.3.6.1.2.1.207.1.1.1.1.3.$IFX.51.1 = Hex-STRING: 0A 63 00 01" \
	".1.3.6.1.2.1.207.1.2.5.1.2.$IFX.51.1 = INTEGER: 3" ||
	fail "no vrrpv3NewMaster for VRID 51 (master 10.99.0.1, masterNoResponse)"
trap_seen $KT.3.5.0.1 "$KT.3.4.1.4.1.2 = Hex-STRING: 0A 63 00 03" "$KT.3.4.1.6.1.2 = INTEGER: 2" ||
	fail "no realServerStateChange dead(2) trap for 10.99.0.3"
trap_seen $KT.3.5.0.2 "$KT.3.3.1.23.1 = INTEGER: 2" "$KT.3.3.1.22.1 = Gauge32: 1" ||
	fail "no virtualServerQuorumStateChange notMet(2) trap"
ok "traps received by snmptrapd: vrrpInstanceStateChange (master, then backup after force), vrrpSyncGroupStateChange, vrrpTrapNewMaster, vrrpv3NewMaster, realServerStateChange, virtualServerQuorumStateChange ($(wc -l <"$T/traps.log") lines)"

# A frozen master (SIGSTOP): vigild keeps answering; a request to the
# master waits at most the AgentX timeout (1 s), so no control request
# waits longer than that.
kill -STOP "$SPID"
worst=$(nsx python3 - "$VIGILCTL" "$SOCK" <<'PY'
import subprocess, sys, time
worst, end = 0.0, time.time() + 8
while time.time() < end:
    t = time.time()
    subprocess.run([sys.argv[1], '-s', sys.argv[2], 'status'],
                   capture_output=True, timeout=10, check=True)
    worst = max(worst, time.time() - t)
    time.sleep(0.05)
print('%.2f' % worst)
PY
) || { echo "$worst"; tail -5 "$LOG"; fail "control socket while snmpd is stopped"; }
kill -CONT "$SPID"
python3 -c "import sys; sys.exit(0 if float('$worst') < 1.6 else 1)" ||
	fail "a control request waited ${worst}s while snmpd was stopped"
ok "snmpd stopped 8 s: the slowest vigilctl status took ${worst}s"
wait_until 150 sh -c "ip netns exec $NS snmpwalk -v2c -c public -On -m '' -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.4.1.9586.100.5.2.3 2>/dev/null | grep -q VI_2" ||
	fail "no walk after snmpd continued"

# snmpd restarts: vigild registers again; it answered all along.
kill "$SPID"
wait $SPID 2>/dev/null
ctl status >/dev/null || fail "control socket after snmpd stopped"
t0=$(date +%s)
start_snmpd
wait_until 150 sh -c "ip netns exec $NS snmpwalk -v2c -c public -On -m '' -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.4.1.9586.100.5.2.3 2>/dev/null | grep -q VI_2" ||
	fail "vigild did not register again after snmpd restarted"
took=$(( $(date +%s) - t0 ))
[ "$took" -le 8 ] || fail "vigild took ${took}s to register again (ping period 2 s)"
grep -q "snmp agentx=$AX state=disconnected" "$LOG" || fail "no log line for the lost master"
n=$(compare) || { echo "$n"; fail "snmpwalk differs after snmpd restarted"; }
ok "snmpd restarted: vigild registered again within ${took}s, walk = vigilctl"
kill "$SPID" 2>/dev/null
