#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lvs_notify_fifo side by side: keepalived 2.2.7 then vigild run the same
# keepalived.conf (rs_init_notifies; an address service with quorum 2, a
# group, a fwmark DR service with omega) against busybox httpd real
# servers, with the same actions: start, real server 1 stops, it comes
# back, the daemon stops. The lines each wrote to its lvs_notify_fifo,
# taken virtual server by virtual server in the order written, are the
# same.
# vm-bin: vigild vigilctl
# vm-host: keepalived
# vm-timeout: 400
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"

net_client
for n in 1 2 3; do net_server $n; done
cat >/tmp/k.conf <<'EOF'
global_defs {
	lvs_notify_fifo /tmp/lvs.fifo
	rs_init_notifies
}
virtual_server 10.10.0.100 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	quorum 2
	real_server 10.20.1.2 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
	}
	real_server 10.20.2.2 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
	}
}
virtual_server_group G1 {
	10.10.0.102 80
}
virtual_server group G1 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	real_server 10.20.1.2 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
	}
}
virtual_server fwmark 7 {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	omega
	real_server 10.20.3.2 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
	}
}
EOF

# The FIFO's lines into OUT, across the daemon making and removing it.
reader_start() { # OUT
	(while [ ! -e /tmp/reader.stop ]; do
		if [ -p /tmp/lvs.fifo ]; then cat /tmp/lvs.fifo >>"$1"; else sleep 0.05; fi
	done) &
	reader=$!
}
reader_stop() {
	touch /tmp/reader.stop
	sleep 0.3
	kill $reader 2>/dev/null
	wait $reader 2>/dev/null
	rm -f /tmp/reader.stop
}
rs1_stop() { ip netns pids ipvs-rs1 | xargs -r kill; }
rs1_start() { in_server 1 httpd -p 80 -h /tmp/www1; }

# Stable by virtual server: the lines of each, in the order written.
by_vs() { # FILE
	awk '{ k = ""; s = $1 == "RS" ? 3 : 2
	       for (i = s; i < NF; i++) k = k " " $i
	       print k "\t" $0 }' "$1" | sort -s -t "$(printf '\t')" -k1,1 |
		cut -f2
}

scenario() { # OUT START-COMMAND STOP-COMMAND
	reader_start "$1"
	eval "$2"
	sleep 5
	rs1_stop
	sleep 5
	rs1_start
	sleep 5
	eval "$3"
	sleep 1
	reader_stop
}

scenario /tmp/ka.out \
	'/usr/sbin/keepalived -n -l -C -f /tmp/k.conf -p /tmp/ka.pid -c /tmp/kc.pid >/tmp/ka.log 2>&1 & ka=$!' \
	'kill -TERM $ka; wait $ka'
[ -e /tmp/lvs.fifo ] && vm_fail "keepalived left its FIFO"
vm_ok "keepalived: $(wc -l </tmp/ka.out) lines"
cat /tmp/ka.out
ipvsadm -C

scenario /tmp/vigil.out \
	'"$top_builddir/vigild" -n -l --no-syslog -f /tmp/k.conf >/tmp/vigild.log 2>&1 & vg=$!' \
	'kill -TERM $vg; wait $vg'
[ -e /tmp/lvs.fifo ] && vm_fail "vigild left its FIFO"
vm_ok "vigild: $(wc -l </tmp/vigil.out) lines"
cat /tmp/vigil.out

# Each daemon wrote something for each virtual server, and the same.
for vs in '\[10.10.0.100\]:tcp:80' '\[G1\]:0' 'FWM 7'; do
	grep -q "$vs" /tmp/ka.out || vm_fail "keepalived wrote nothing for $vs"
done
by_vs /tmp/ka.out >/tmp/ka.byvs
by_vs /tmp/vigil.out >/tmp/vigil.byvs
vm_same /tmp/ka.byvs /tmp/vigil.byvs "vigild's lvs_notify_fifo lines are keepalived's"
