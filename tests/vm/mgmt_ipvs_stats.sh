#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel's IPVS counters in vigild's metrics: vigild with
# vigil_metrics_listen programs a NAT service with two real servers
# (busybox httpd in namespaces); a client sends 12 HTTP requests through
# the VIP; curl scrapes /metrics and keepalived_lvs_vip_* and
# keepalived_lvs_rs_* (connections, packets, bytes in and out) and
# vigil_lvs_rs_inactive_connections are what `ipvsadm -Ln --stats
# --exact` and `ipvsadm -Ln` say, entry for entry.
# vm-bin: vigild vigilctl
# vm-host: curl
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"

ADDR=127.0.0.1:9650
ip link set lo up
cat >$CONF <<EOT
global_defs {
  vigil_metrics_listen $ADDR
}
virtual_server 10.10.0.100 80 {
  protocol TCP
  delay_loop 1
  lb_algo rr
  lb_kind NAT
EOT
for n in 1 2; do
	printf '  real_server 10.20.%s.2 80 {\n    TCP_CHECK {\n' $n
	printf '      connect_timeout 1\n      retry 0\n      warmup 0\n    }\n  }\n'
done >>$CONF
echo '}' >>$CONF

net_client
net_server 1
net_server 2
vigild_start
wait_table "-A -t 10.10.0.100:80 -s rr
-a -t 10.10.0.100:80 -r 10.20.1.2:80 -m -w 1
-a -t 10.10.0.100:80 -r 10.20.2.2:80 -m -w 1" "vigild programs the service"

http_spread 10.10.0.100 12 >/tmp/spread
printf 'rs1 6\nrs2 6\n' >/tmp/expect
vm_same /tmp/expect /tmp/spread "12 requests through the VIP, 6 to each"

# ipvsadm's counters as metric lines, sorted: the service's as
# keepalived_lvs_vip_*, each destination's as keepalived_lvs_rs_* and its
# inactive connections (the kernel's estimator publishes them within 2 s).
want() {
	ipvsadm -Ln --stats --exact | awk '
	$1 == "TCP" { vip = $2
		printf "keepalived_lvs_vip_conn{addr=\"%s\",proto=\"TCP\"} %s\n", vip, $3
		printf "keepalived_lvs_vip_in_packets{addr=\"%s\",proto=\"TCP\"} %s\n", vip, $4
		printf "keepalived_lvs_vip_out_packets{addr=\"%s\",proto=\"TCP\"} %s\n", vip, $5
		printf "keepalived_lvs_vip_in_bytes{addr=\"%s\",proto=\"TCP\"} %s\n", vip, $6
		printf "keepalived_lvs_vip_out_bytes{addr=\"%s\",proto=\"TCP\"} %s\n", vip, $7 }
	$1 == "->" && $2 ~ /^[0-9]/ { l = "{addr=\"" $2 "\",proto=\"TCP\",vip=\"" vip "\"}"
		print "keepalived_lvs_rs_conn" l, $3
		print "keepalived_lvs_rs_in_packets" l, $4
		print "keepalived_lvs_rs_out_packets" l, $5
		print "keepalived_lvs_rs_in_bytes" l, $6
		print "keepalived_lvs_rs_out_bytes" l, $7 }'
	ipvsadm -Ln | awk '$1 == "TCP" { vip = $2 }
	$1 == "->" && $2 ~ /^[0-9]/ {
		printf "vigil_lvs_rs_inactive_connections{addr=\"%s\",proto=\"TCP\",rs=\"%s\"} %s\n", vip, $2, $6 }'
}
got() {
	curl -sS --max-time 5 "http://$ADDR/metrics" |
		grep -E '^(keepalived_lvs_(vip|rs)_|vigil_lvs_rs_inactive)'
}
i=0
while [ $i -lt 40 ]; do
	want | sort >/tmp/want.m
	got | sort >/tmp/got.m
	grep -q 'keepalived_lvs_vip_conn.* 12$' /tmp/want.m &&
		cmp -s /tmp/want.m /tmp/got.m && break
	sleep 0.5
	i=$((i + 1))
done
cat /tmp/got.m
grep -q 'keepalived_lvs_vip_conn.* 12$' /tmp/want.m ||
	vm_fail "ipvsadm does not count 12 connections: $(cat /tmp/want.m)"
grep -q 'keepalived_lvs_rs_out_bytes{addr="10.20.1.2:80".* [1-9]' /tmp/got.m ||
	vm_fail "no bytes out of rs1 in the metrics"
vm_same /tmp/want.m /tmp/got.m "curl /metrics: connections, packets, bytes as ipvsadm counts them"
vigild_stop
