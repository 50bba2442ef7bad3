#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# use_vmac_addr through vigild, d1 alone (VRRPv3, advert_int 0.1): VI_1 on
# eth0 with use_vmac has VA there and VB on eth1, a veth whose other end is
# the client's eth1 (10.$NET.1.10). keepalived 2.2.7 runs the same config
# in d1 first, and what it makes is what vigild must make:
# - VB is on a VMAC of eth1 named vrrp1.51 (vrrp.51 is the instance's),
#   macvlan mode private, MAC 00:00:5e:00:01:33 (VRID 51);
# - the client's ARP request for VB is answered from 00:00:5e:00:01:33,
#   and VB's gratuitous ARPs on eth1 come from it;
# - garp_extra_if 1 (without all): one gratuitous ARP for VB a second;
# - vigild: stop removes both VMACs; a crash leaves them, the next run
#   (its ledger) removes them at its stop; a reload without use_vmac_addr
#   removes vrrp1.51 and puts VB on eth1; vmac_addr_prefix va names it
#   va.51; use_vmac on VB's line alone does the same;
# - IPv6 (keepalived and vigild): the address on vrrp.52 of eth1, with
#   00:00:5e:00:02:34, which answers the client's neighbour solicitation;
# - without use_vmac_addr (the feature off) VB is on eth1 and the ARP
#   answer comes from eth1's MAC.
. "$(dirname "$0")/vrrp_lib.sh"
need_vigild
command -v keepalived >/dev/null || { echo "SKIP: no keepalived"; exit 77; }
topology
VA=10.$NET.0.100 VB=10.$NET.1.100 VMAC=00:00:5e:00:01:33
ip -n "$P-d1" link add eth1 type veth peer name eth1 netns "$P-c"
ns d1 ip addr add "10.$NET.1.1/24" dev eth1
ns c ip addr add "10.$NET.1.10/24" dev eth1
ns d1 ip link set eth1 up
ns c ip link set eth1 up
ETH1=$(ns d1 cat /sys/class/net/eth1/address)

conf() { # INSTANCE-EXTRA [GLOBAL] [VB-OPTION]
	ka_conf a 100 3 0.1 "$VA/24
		$VB/24 dev eth1 $3" "use_vmac
	garp_extra_if 1
	$1" "$2"
}
# vmac_of IFACE: "NAME@BASE MODE MAC" of a macvlan of d1, or nothing
vmac_of() {
	ns d1 ip -d -o link show dev "$1" 2>/dev/null |
		sed -n 's/^[0-9]*: \([^:]*\):.*link\/ether \([0-9a-f:]*\).*macvlan mode \([a-z]*\).*/\1 \3 \2/p'
}
# arp_answer [MAC]: the client asks for VB on eth1; the MACs of the
# answers: the one the client's neighbour table took, and any other a
# capture saw (up to 5 tries until MAC's answer, the VMAC's by default, is
# among them: a capture may start
# late on a loaded machine, in two CI runs one saw no answer in five, and
# keepalived's eth1 answered alone once before it set its arp_ignore)
arp_answer() {
	for try in 1 2 3 4 5; do
		capture c eth1 arp "$WORK/arp.pcap"
		sleep 0.2
		ns c ip neigh flush dev eth1
		ns c ping -c1 -W1 "$VB" >/dev/null 2>&1
		sleep 0.2
		kill -INT "$cap"
		wait "$cap"
		m=$({
			ns c ip neigh show "$VB" dev eth1 |
				sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'
			ns c tshark -r "$WORK/arp.pcap" \
				-Y "arp.opcode == 2 && arp.src.proto_ipv4 == $VB" \
				-T fields -e arp.src.hw_mac 2>/dev/null
		} | sort -u | tr '\n' ' ')
		case $m in *"${1:-$VMAC}"*) break ;; esac
	done
	echo "$m"
}
# garps FILE T: the sources of VB's gratuitous ARPs in FILE, then how many
# came from 1 s to 3.5 s after T
garps() {
	ns c tshark -r "$1" -Y "arp.isgratuitous && arp.src.proto_ipv4 == $VB" \
		-T fields -e frame.time_epoch -e eth.src 2>/dev/null >"$1.txt"
	echo "$(cut -f2 "$1.txt" | sort -u | tr '\n' ' ')$(awk -v t="$2" \
		'$1 > t + 1 && $1 <= t + 3.5' "$1.txt" | wc -l)"
}
# until_after T S: sleep until S seconds after T
until_after() {
	sleep "$(awk -v t="$1" -v s="$2" -v n="$(date +%s.%N)" \
		'BEGIN { d = t + s - n; print (d > 0 ? d : 0) }')"
}
# observe NAME: VB's VMAC, the ARP answer, VB's GARPs from 1 s to 3.5 s
# after VB came (a line to compare keepalived and vigild by)
observe() {
	wait_until 5 has_addr d1 "$VB" vrrp1.51 ||
		fail "$1: VB is not on vrrp1.51: $(ns d1 ip -br addr)"
	t=$(date +%s.%N)
	v=$(vmac_of vrrp1.51)
	a=$(arp_answer)
	until_after "$t" 3.6
	kill -INT "$gcap"
	wait "$gcap"
	g=$(garps "$WORK/$1.g.pcap" "$t")
	# 1 s apart from 1 s to 3.5 s: 2 or 3, by when the first one came
	case $g in *" 2" | *" 3") g="${g% *} 2-3" ;; esac
	echo "vmac=[$v] arp=[$a] garp=[$g]"
}

# keepalived 2.2.7 on the same config
capture c eth1 arp "$WORK/ka.g.pcap"
gcap=$cap
start_keepalived d1 ka "$(conf use_vmac_addr)"
ka=$(observe ka) || fail "keepalived: $ka"
kill -TERM "$(cat "$WORK/ka.pid")"
wait "$ka_pid"
log "keepalived: $ka"
wait_until 3 test -z "$(vmac_of vrrp1.51)" || fail "keepalived left vrrp1.51"

# vigild on it, eth1 as before keepalived
ns d1 sysctl -qw net.ipv4.conf.eth1.arp_ignore=0
capture c eth1 arp "$WORK/a.g.pcap"
gcap=$cap
start_vigild d1 a "$(conf use_vmac_addr)"
vg=$(observe a) || fail "vigild: $vg"
log "vigild:     $vg"
# keepalived's ARP answer came from eth1's MAC too in one CI run (before
# it had set eth1's arp_ignore, it seems): its VMAC's answer is required,
# and the rest of its line must be vigild's.
case $(echo "$ka" | sed -n 's/.* arp=\[\([^]]*\)\].*/\1/p') in
*"$VMAC"*) ;;
*) fail "keepalived: no ARP answer from $VMAC: $ka" ;;
esac
[ "$(echo "$vg" | sed 's/arp=\[[^]]*\]//')" = "$(echo "$ka" | sed 's/arp=\[[^]]*\]//')" ] ||
	fail "vigild differs from keepalived: $vg"
[ "$vg" = "vmac=[vrrp1.51@eth1 private $VMAC] arp=[$VMAC ] garp=[$VMAC 2-3]" ] ||
	fail "not what use_vmac_addr means: $vg"
[ "$(ns d1 cat /proc/sys/net/ipv4/conf/eth1/arp_ignore)" = 1 ] ||
	fail "eth1 answers ARP for addresses it does not have"
stop_vigild a
[ -z "$(vmac_of vrrp1.51)$(vmac_of vrrp.51)" ] ||
	fail "a VMAC outlived the stop: $(ns d1 ip -br link)"
[ "$(ns d1 cat /proc/sys/net/ipv4/conf/eth1/arp_ignore)" = 0 ] ||
	fail "eth1's arp_ignore not restored"
log "stop: vrrp1.51 and vrrp.51 gone, eth1's arp_ignore back to 0"

# a crash leaves the VMACs; the next run takes them back and removes them
start_vigild d1 a "$(conf use_vmac_addr)"
wait_until 5 has_addr d1 "$VB" vrrp1.51 || fail "restart: VB not on vrrp1.51"
crash_vigild a
[ -n "$(vmac_of vrrp1.51)" ] || fail "the crash removed vrrp1.51?"
grep -q "^VI_1 vmac vrrp1.51$" "$WORK"/a.run/vrrp/vrrp-owned.* ||
	fail "the ledger does not list vrrp1.51: $(cat "$WORK"/a.run/vrrp/vrrp-owned.*)"
start_vigild d1 a "$(conf use_vmac_addr)"
wait_until 5 has_addr d1 "$VB" vrrp1.51 || fail "after the crash: VB not on vrrp1.51"
stop_vigild a
[ -z "$(vmac_of vrrp1.51)$(vmac_of vrrp.51)" ] ||
	fail "VMACs of the crashed run outlived the next stop"
log "crash: VMACs left, the next run (ledger) removed them at its stop"

# a reload that removes use_vmac_addr
start_vigild d1 a "$(conf use_vmac_addr)"
wait_until 5 has_addr d1 "$VB" vrrp1.51 || fail "reload: VB not on vrrp1.51"
conf "" >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 5 test -z "$(vmac_of vrrp1.51)" || fail "the reload kept vrrp1.51"
wait_until 5 has_addr d1 "$VB" eth1 || fail "the reload did not put VB on eth1"
log "reload without use_vmac_addr: vrrp1.51 gone, VB on eth1"
# and back, with vmac_addr_prefix va
conf use_vmac_addr "vmac_addr_prefix va" >"$WORK/a.conf"
kill -HUP "$a_pid"
wait_until 5 has_addr d1 "$VB" va.51 || fail "vmac_addr_prefix va: VB not on va.51"
[ "$(vmac_of va.51)" = "va.51@eth1 private $VMAC" ] ||
	fail "va.51: $(vmac_of va.51)"
no_addr d1 "$VB" eth1 || fail "VB on both eth1 and va.51"
log "reload with vmac_addr_prefix va: VB on va.51"
stop_vigild a

# use_vmac on VB's line, neither use_vmac_addr nor use_vmac on VI_1
# (keepalived: vrrp.51 on eth1)
start_vigild d1 l "$(ka_conf a 100 3 0.1 "$VA/24
	$VB/24 dev eth1 use_vmac")"
wait_until 5 has_addr d1 "$VB" vrrp.51 || fail "use_vmac on the line: VB not on vrrp.51"
[ "$(vmac_of vrrp.51)" = "vrrp.51@eth1 private $VMAC" ] ||
	fail "use_vmac on the line: $(vmac_of vrrp.51)"
has_addr d1 "$VA" eth0 || fail "use_vmac on the line: VA not on eth0"
stop_vigild l
log "use_vmac on VB's line: VB on vrrp.51 of eth1, VA on eth0"

# IPv6 (VI_6, VRID 52, no use_vmac): VB6 on vrrp.52 of eth1, MAC
# 00:00:5e:00:02:34; the client's neighbour solicitation is answered from
# it; keepalived first, the same from vigild
conf6() {
	cat <<K
vrrp_instance VI_6 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority 100
	advert_int 0.1
	use_vmac_addr
	virtual_ipaddress {
		fd00:$NET::100/64
		fd00:$NET:1::100/64 dev eth1
	}
}
K
}
observe6() { # NAME
	wait_until 5 has_addr d1 "fd00:$NET:1::100" vrrp.52 ||
		fail "$1: VB6 not on vrrp.52: $(ns d1 ip -br addr)"
	ns c ip -6 neigh flush dev eth1
	ns c ping -6 -c1 -W1 "fd00:$NET:1::100" >/dev/null 2>&1
	echo "vmac=[$(vmac_of vrrp.52)] na=[$(ns c ip -6 neigh show \
		"fd00:$NET:1::100" dev eth1 | awk '{print $3}')]"
}
ns d1 ip -6 addr add "fd00:$NET:1::1/64" dev eth1 nodad
ns c ip -6 addr add "fd00:$NET:1::10/64" dev eth1 nodad
start_keepalived d1 ka6 "$(conf6)"
ka6=$(observe6 ka6) || fail "keepalived: $ka6"
kill -TERM "$(cat "$WORK/ka6.pid")"
wait "$ka6_pid"
wait_until 3 test -z "$(vmac_of vrrp.52)" || fail "keepalived left vrrp.52"
start_vigild d1 a6 "$(conf6)"
vg6=$(observe6 a6) || fail "vigild: $vg6"
stop_vigild a6
log "IPv6: keepalived $ka6, vigild $vg6"
[ "$vg6" = "$ka6" ] || fail "IPv6: vigild differs from keepalived"
[ "$vg6" = "vmac=[vrrp.52@eth1 private 00:00:5e:00:02:34] na=[00:00:5e:00:02:34]" ] ||
	fail "IPv6: not what use_vmac_addr means: $vg6"
[ -z "$(vmac_of vrrp.52)" ] || fail "IPv6: vrrp.52 outlived the stop"

# the feature off: VB on eth1, answered with eth1's MAC, no periodic GARP
capture c eth1 arp "$WORK/o.g.pcap"
gcap=$cap
start_vigild d1 o "$(conf "")"
wait_until 5 has_addr d1 "$VB" eth1 || fail "without: VB not on eth1"
t=$(date +%s.%N)
a=$(arp_answer "$ETH1")
until_after "$t" 3.6
kill -INT "$gcap"
wait "$gcap"
g=$(garps "$WORK/o.g.pcap" "$t")
stop_vigild o
log "without use_vmac_addr: VB on eth1, arp=[$a] garp=[$g]"
[ "$a" = "$ETH1 " ] || fail "without: ARP answered by $a, not eth1's $ETH1"
[ "$g" = "$ETH1 0" ] || fail "without: GARPs $g"
log "PASS"
