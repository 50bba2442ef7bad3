#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild (-n, foreground) runs a keepalived.conf and its check child drives
# the kernel IPVS table from the health of real servers (busybox httpd in
# namespaces), as `ipvsadm -Sn` shows it:
#   - start: both services with the real servers that answer;
#   - a real server stops: it leaves the table; one with
#     inhibit_on_failure stays at weight 0; started again: back;
#   - a reload that adds one real server and removes another changes
#     those two only (the untouched service keeps its connection count);
#   - an entry made by hand is never touched;
#   - `vigilctl show ipvs` says which real server is down and why;
#   - SIGTERM removes what vigild created and nothing else.
# vm-bin: vigild vigilctl
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"

# conf RS_OF_VS2...: VS1 10.10.0.100:80 (rs1, rs2 with inhibit), VS2
# 10.10.0.101:80 with the real servers given.
conf() {
	cat <<EOF
virtual_server 10.10.0.100 80 {
  protocol TCP
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  real_server 10.20.1.2 80 {
    weight 2
    TCP_CHECK {
      connect_timeout 1
      retry 0
      warmup 0
    }
  }
  real_server 10.20.2.2 80 {
    inhibit_on_failure
    TCP_CHECK {
      connect_timeout 1
      retry 0
      warmup 0
    }
  }
}
virtual_server 10.10.0.101 80 {
  protocol TCP
  delay_loop 1
  lb_algo wlc
  lb_kind NAT
EOF
	for n in "$@"; do
		printf '  real_server 10.20.%s.2 80 {\n' "$n"
		printf '    TCP_CHECK {\n      connect_timeout 1\n'
		printf '      warmup 0\n    }\n  }\n'
	done
	echo "}"
}

VS1='-A -t 10.10.0.100:80 -s rr'
VS2='-A -t 10.10.0.101:80 -s wlc'
FOREIGN='-A -t 10.10.0.109:80 -s rr'
R1='-a -t 10.10.0.100:80 -r 10.20.1.2:80 -m -w 2'
R2='-a -t 10.10.0.100:80 -r 10.20.2.2:80 -m -w 1'
R2Z='-a -t 10.10.0.100:80 -r 10.20.2.2:80 -m -w 0'
R3='-a -t 10.10.0.101:80 -r 10.20.3.2:80 -m -w 1'
R4='-a -t 10.10.0.101:80 -r 10.20.4.2:80 -m -w 1'
R5='-a -t 10.10.0.101:80 -r 10.20.5.2:80 -m -w 1'
ALL="$FOREIGN
$VS1
$R1
$R2
$VS2
$R3
$R4"

net_client
for n in 1 2 3 4 5; do net_server $n; done
ipvsadm $FOREIGN

conf 3 4 >$CONF
vigild_start

wait_table "$ALL" "start: both services, every real server"

# Stop a server's httpd: every process of its namespace.
stop_server() { ip netns pids "ipvs-rs$1" | xargs -r kill; }
stop_server 1
stop_server 2
wait_table "$FOREIGN
$VS1
$R2Z
$VS2
$R3
$R4" "rs1 down leaves; rs2 down stays at weight 0 (inhibit_on_failure)"
grep -q 'rs_down\|state=down' $LOG || vm_fail "no down transition in the log"
"$top_builddir/vigilctl" --json show ipvs >/tmp/show.json
grep -q '"rs":"10.20.1.2:80","health":"down","reason":"refused","in_table":false' /tmp/show.json ||
	vm_fail "show ipvs: $(cat /tmp/show.json)"
vm_ok "vigilctl show ipvs: rs1 down, refused, out of the table"

in_server 1 httpd -p 80 -h /tmp/www1
in_server 2 httpd -p 80 -h /tmp/www2
wait_table "$ALL" "restarted real servers are back"

# Connections through VS2 before the reload; its counter must survive.
for _ in 1 2 3 4; do http_get 10.10.0.101 >/dev/null; done
# The kernel sums its per-CPU counters every 2 s (the rate estimator).
conns() { sleep 2.5; ipvsadm -Ln --stats -t 10.10.0.101:80 | awk '$1 == "TCP" {print $3}'; }
before=$(conns)
[ "${before:-0}" -ge 1 ] || {
	ipvsadm -Ln --stats -t 10.10.0.101:80
	http_get 10.10.0.101
	vm_fail "VS2 counted ${before:-no} connections"
}

conf 3 5 >$CONF
kill -HUP $vigild
wait_table "$FOREIGN
$VS1
$R1
$R2
$VS2
$R3
$R5" "reload: rs4 removed, rs5 added"
grep -q 'check state=reloaded changes=2' $LOG ||
	vm_fail "the reload did not count 2 changes: $(grep reloaded $LOG)"
after=$(conns)
[ "$after" -ge "$before" ] ||
	vm_fail "VS2 was re-created by the reload (conns $before -> $after)"
vm_ok "the untouched service kept its counters ($before -> $after)"

vigild_stop
wait_table "$FOREIGN" "SIGTERM: vigil's entries gone, the foreign one kept"
