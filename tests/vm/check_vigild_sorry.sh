#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Quorum and the sorry server with vigild's check child, as `ipvsadm -Sn`
# shows them; MISC_CHECK and the notify scripts run by vigild's parent:
#   - a MISC_CHECK that fails (its file is gone) takes its real server out;
#     the live weight falls under the quorum: quorum_down runs, the real
#     servers leave and the sorry server comes in;
#   - the check passes again: real servers back, sorry server out;
#   - a TCP_CHECK real server stops: its notify_down runs;
#   - global_defs lvs_timeouts reach the kernel;
#   - omega: at SIGTERM the notify_down of a real server still up runs.
# vm-bin: vigild
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"

cat >$CONF <<EOF
global_defs {
  lvs_timeouts tcp 1000 udp 77
}
virtual_server 10.10.0.100 80 {
  protocol TCP
  omega
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  quorum 2
  quorum_down "/bin/touch /tmp/quorum-down"
  sorry_server 10.20.3.2 80
  real_server 10.20.1.2 80 {
    notify_down "/bin/touch /tmp/rs1-down"
    TCP_CHECK {
      connect_timeout 1
      retry 0
      warmup 0
    }
  }
  real_server 10.20.2.2 80 {
    notify_down "/bin/touch /tmp/rs2-omega"
    MISC_CHECK {
      misc_path "/bin/test -e /tmp/rs2-up"
      misc_timeout 2
      warmup 0
    }
  }
}
EOF

wait_file() { # path what
	i=0
	while [ ! -e "$1" ] && [ $i -lt 20 ]; do
		sleep 0.25
		i=$((i + 1))
	done
	[ -e "$1" ] || vm_fail "$2: $1 was not created"
	vm_ok "$2"
}

VS='-A -t 10.10.0.100:80 -s rr'
R1='-a -t 10.10.0.100:80 -r 10.20.1.2:80 -m -w 1'
R2='-a -t 10.10.0.100:80 -r 10.20.2.2:80 -m -w 1'
SORRY='-a -t 10.10.0.100:80 -r 10.20.3.2:80 -m -w 1'

net_client
for n in 1 2 3; do net_server $n; done
touch /tmp/rs2-up
vigild_start

wait_table "$VS
$R1
$R2" "start: quorum up, both real servers, no sorry server"

ipvsadm -L --timeout | grep -q 'tcp tcpfin udp): 1000 120 77' ||
	vm_fail "lvs_timeouts: $(ipvsadm -L --timeout)"
vm_ok "lvs_timeouts set"

rm /tmp/rs2-up
wait_table "$VS
$SORRY" "quorum lost: the sorry server alone"
wait_file /tmp/quorum-down "quorum_down ran"
[ "$(http_get 10.10.0.100)" = rs3 ] || vm_fail "the sorry server does not answer"
vm_ok "traffic reaches the sorry server"

touch /tmp/rs2-up
rm -f /tmp/rs2-omega
wait_table "$VS
$R1
$R2" "quorum back: real servers in, sorry server out"

ip netns pids ipvs-rs1 | xargs -r kill
wait_file /tmp/rs1-down "notify_down ran for the stopped real server"
grep -q 'reason=' $LOG || vm_fail "no reason in the log"
vigild_stop
[ -z "$(ipvsadm -Sn)" ] || vm_fail "left in the table: $(ipvsadm -Sn)"
vm_ok "SIGTERM: the table is empty again"
[ -e /tmp/rs2-omega ] || vm_fail "omega: rs2's notify_down did not run"
vm_ok "omega: notify_down of the real server still up ran at stop"
