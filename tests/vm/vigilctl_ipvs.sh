#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `vigilctl show ipvs` reads like `ipvsadm -Ln`: on a kernel with IPVS,
# with services of every kind vigild programs (TCP with persistence and a netmask, UDP
# one-packet, fwmark, IPv6, sh with its flags and persistence; NAT, DR and
# TUN; a real server down but kept at weight 0 by inhibit_on_failure),
# each service line and each destination line vigilctl prints is the line
# ipvsadm prints, column for column.
# vm-bin: vigild vigilctl
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"

rs() { # address port weight
	printf '  real_server %s %s {\n    weight %s\n' "$1" "$2" "$3"
	printf '    TCP_CHECK {\n      connect_port 80\n      connect_timeout 1\n'
	printf '      retry 0\n      warmup 0\n    }\n  }\n'
}
{
	printf 'virtual_server 10.10.0.100 80 {\n  delay_loop 1\n'
	printf '  lvs_sched wrr\n  lvs_method NAT\n  persistence_timeout 300\n'
	printf '  persistence_granularity 255.255.255.0\n'
	rs 10.20.1.2 80 3
	rs 10.20.2.2 80 1
	printf '}\nvirtual_server 10.10.0.101 53 {\n  delay_loop 1\n'
	printf '  lvs_sched rr\n  lvs_method DR\n  protocol UDP\n  ops\n'
	rs 10.20.1.2 53 2
	printf '}\nvirtual_server fwmark 7 {\n  delay_loop 1\n'
	printf '  lvs_sched sh\n  sh-fallback\n  sh-port\n  lvs_method TUN\n'
	printf '  persistence_timeout 60\n'
	rs 10.20.2.2 80 5
	printf '}\nvirtual_server fd00::100 443 {\n  delay_loop 1\n'
	printf '  lvs_sched wlc\n  lvs_method DR\n  inhibit_on_failure\n'
	rs fd00:1::2 443 4
	printf '}\n'
} >$CONF

net_client
net_server 1
net_server 2
vigild_start

# ipvsadm -Ln's body (after its 3 header lines) and vigilctl's (after its
# column headers): each service with its destinations as one sorted block,
# trailing blanks dropped (ipvsadm pads its last column).
blocks() {
	sed 's/ *$//' | awk '/^  ->/ { print last "|" $0; next } { last = $0; print }' |
		sort
}
got() {
	"$top_builddir/vigilctl" show ipvs >/tmp/show.txt 2>&1
	sed '1,/^  -> RemoteAddress/d' /tmp/show.txt | blocks >/tmp/got.txt
	ipvsadm -Ln | tail -n +4 | blocks >/tmp/want.txt
	grep -q '^converger converged' /tmp/show.txt &&
		grep -q '^TCP  \[fd00::100\]:443' /tmp/want.txt &&
		grep -q '10.20.1.2:80 *Masq *3 ' /tmp/want.txt &&
		cmp -s /tmp/want.txt /tmp/got.txt
}
i=0
while ! got && [ $i -lt 60 ]; do
	sleep 0.25
	i=$((i + 1))
done
echo "--- ipvsadm -Ln"
ipvsadm -Ln
echo "--- vigilctl show ipvs"
cat /tmp/show.txt
n=$(grep -c . /tmp/want.txt)
[ "$n" -ge 9 ] || { tail -n 20 $LOG; vm_fail "ipvsadm shows $n lines, not 9"; }
vm_same /tmp/want.txt /tmp/got.txt "vigilctl show ipvs: the $n lines of ipvsadm -Ln"
vigild_stop
