#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SNMP, vigil against keepalived 2.2.7 on the same config file: each alone
# on its link in its own namespace, each with its own snmpd as AgentX
# master. Every object both serve in KEEPALIVED-MIB's vrrp branch and in
# RFC 2787's vrrpOperTable has the same value; there must be some of each.
# enable_traps is on in both: vrrpNotificationCntl enabled(1).
TEST=mgmt_snmp_ka
. "$(dirname "$0")/vigild_lib.sh"
. "$(dirname "$0")/mgmt_snmp_lib.sh"
for c in snmpd snmpwalk keepalived; do
	command -v $c >/dev/null || { echo "SKIP: no $c"; exit 77; }
done

NS2=$NS-ka
KAPID=
cleanup_ka() {
	[ -n "$KAPID" ] && kill "$KAPID" 2>/dev/null
	ip netns pids "$NS2" 2>/dev/null | xargs -r kill 2>/dev/null
	sleep 0.5
	ip netns pids "$NS2" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	cleanup
}
trap cleanup_ka EXIT
ip netns add "$NS2" || fail "netns"
ip -n "$NS2" link add veth0 type veth peer name veth1 || fail "veth"
ip -n "$NS2" link set lo up
ip -n "$NS2" link set veth0 up
ip -n "$NS2" link set veth1 up
ip -n "$NS2" addr add 10.99.0.1/24 dev veth0
# the same MAC address on both sides: vrrpOperVirtualMacAddr says it
for n2 in "$NS" "$NS2"; do
	ip -n "$n2" link set veth0 address 02:00:5e:10:00:01 || fail "mac"
done

# One file for both: `@vigil` lines for vigild -i vigil, `@ka` for
# keepalived -i ka (keepalived's conditional lines).
cat >"$CONF" <<CONF
global_defs {
	router_id r1
	enable_snmp_vrrp
	enable_snmp_rfcv2
	enable_snmp_rfcv3
	enable_traps
@vigil	snmp_socket $T/ax-vigil
@ka	snmp_socket $T/ax-ka
}
$(vrrp_conf 2)
CONF
snmpd_in "$NS" vigil
snmpd_in "$NS2" ka
start_vigild -i vigil
ip netns exec "$NS2" keepalived -n -l -D -P -i ka -f "$CONF" \
	-p "$T/ka.pid" -r "$T/ka-vrrp.pid" >"$T/ka.log" 2>&1 &
KAPID=$!

walk() { # NS
	{
		ip netns exec "$1" snmpwalk -v2c -c public -On -m "" -t 1 -r 0 \
			127.0.0.1:16161 .1.3.6.1.4.1.9586.100.5.2
		ip netns exec "$1" snmpwalk -v2c -c public -On -m "" -t 1 -r 0 \
			127.0.0.1:16161 .1.3.6.1.2.1.68.1
		ip netns exec "$1" snmpwalk -v2c -c public -On -m "" -t 1 -r 0 \
			127.0.0.1:16161 .1.3.6.1.2.1.68.2
		ip netns exec "$1" snmpwalk -v2c -c public -On -m "" -t 1 -r 0 \
			127.0.0.1:16161 .1.3.6.1.2.1.207
	} 2>/dev/null
}
# Both instances MASTER on both sides (vrrpInstanceState 2).
both_master() {
	for ns in "$NS" "$NS2"; do
		walk "$ns" >"$T/w.txt"
		for vi in 1 2; do
			grep -q "^.1.3.6.1.4.1.9586.100.5.2.3.1.4.$vi = INTEGER: 2$" \
				"$T/w.txt" || return 1
		done
	done
}
wait_until 200 both_master || {
	tail -5 "$T/ka.log"
	fail "not both instances MASTER in vigild's and keepalived's walks"
}
walk "$NS" >"$T/vigil.txt"
walk "$NS2" >"$T/ka.txt"
python3 - "$T/vigil.txt" "$T/ka.txt" <<'PY' || fail "vigil and keepalived differ"
import sys
def load(f):
    d = {}
    for line in open(f):
        if ' = ' in line:
            k, v = line.rstrip('\n').split(' = ', 1)
            d[k] = v
    return d
v, k = load(sys.argv[1]), load(sys.argv[2])
both = sorted(set(v) & set(k))
diff = [(o, v[o], k[o]) for o in both if v[o] != k[o]]
for o, a, b in diff:
    print('%s: vigil %s, keepalived %s' % (o, a, b))
ka_branch = [o for o in both if o.startswith('.1.3.6.1.4.1.9586')]
rfc = [o for o in both if o.startswith('.1.3.6.1.2.1.68')]
v3 = [o for o in both if o.startswith('.1.3.6.1.2.1.207')]
print('%d objects both serve (%d KEEPALIVED-MIB, %d RFC 2787, %d RFC 6527); vigil only %d, keepalived only %d'
      % (len(both), len(ka_branch), len(rfc), len(v3), len(set(v) - set(k)), len(set(k) - set(v))))
print('keepalived only: ' + ' '.join(sorted(o for o in set(k) - set(v) if '.207.' in o)))
print('vigil only: ' + ' '.join(sorted(set(v) - set(k))))
sys.exit(1 if diff or len(ka_branch) < 15 or len(rfc) < 5 else 0)
PY
ok "snmpwalk of vigild and of keepalived 2.2.7 on the same config agree: $(python3 - "$T/vigil.txt" "$T/ka.txt" <<'PY'
import sys
def load(f):
    return {l.split(' = ')[0] for l in open(f) if ' = ' in l}
v, k = load(sys.argv[1]), load(sys.argv[2])
print('%d objects in common' % len(v & k))
PY
)"
