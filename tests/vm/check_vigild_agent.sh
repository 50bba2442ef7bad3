#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Dynamic feedback through the kernel: vigild (-n) runs a vigil.conf whose
# real server rs1 has an AGENT_CHECK and runs vigil-agent in its
# namespace; rs2 has a TCP_CHECK only. As `ipvsadm` shows it:
#   - the agent says 25%: rs1 has weight 25 of its 100 (rs2 stays 100),
#     and wrr gives rs1 one connection in five through the VIP;
#   - `vigilctl drain` of rs1: weight 0; restore: 25 again;
#   - the agent hangs (SIGSTOP: connections are accepted, no reply
#     comes): rs1 leaves the table after the check's timeout, and comes
#     back at 25 when it answers again;
#   - the agent is stopped (connection refused): rs1 leaves the table.
# vm-bin: vigild vigilctl vigil-agent
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"

VS='-A -t 10.10.0.100:80 -s wrr'
rs1() { echo "-a -t 10.10.0.100:80 -r 10.20.1.2:80 -m -w $1"; }
RS2='-a -t 10.10.0.100:80 -r 10.20.2.2:80 -m -w 100'

net_client
net_server 1
net_server 2
echo 'up 25%' >/tmp/agent1
in_server 1 "$top_builddir/vigil-agent" -l -i 0.2 -m file:/tmp/agent1 \
	>/tmp/agent.log 2>&1 &
# the agent itself, not the shell that started it
i=0
while ! agent=$(pidof vigil-agent) && [ $i -lt 40 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -n "$agent" ] || vm_fail "vigil-agent did not start: $(cat /tmp/agent.log)"

cat >$CONF <<'EOF'
virtual_server 10.10.0.100 80 {
  protocol TCP
  delay_loop 1
  lvs_sched wrr
  lvs_method NAT
  real_server 10.20.1.2 80 {
    weight 100
    AGENT_CHECK {
      connect_port 9777
      connect_timeout 1
      retry 0
      warmup 0
    }
  }
  real_server 10.20.2.2 80 {
    weight 100
    TCP_CHECK {
      connect_timeout 1
      warmup 0
    }
  }
}
EOF
vm_run "$VIGILD" -t -f $CONF
vigild_start

wait_table "$VS
$(rs1 25)
$RS2" "the agent's 25%: rs1 at weight 25 of 100"
ipvsadm -Ln | grep -q -- '-> 10.20.1.2:80 *Masq *25 ' ||
	vm_fail "ipvsadm -Ln: $(ipvsadm -Ln)"
vm_ok "ipvsadm -Ln shows weight 25"
spread=$(http_spread 10.10.0.100 20 | tr '\n' ' ')
[ "$spread" = "rs1 4 rs2 16 " ] || vm_fail "20 requests at 25:100 went $spread"
vm_ok "wrr follows: 20 requests went $spread"

VIGILCTL=$top_builddir/vigilctl
vm_run "$VIGILCTL" drain tcp 10.10.0.100:80 10.20.1.2:80
wait_table "$VS
$(rs1 0)
$RS2" "vigilctl drain: rs1 at weight 0"
vm_run "$VIGILCTL" restore tcp 10.10.0.100:80 10.20.1.2:80
wait_table "$VS
$(rs1 25)
$RS2" "vigilctl restore: rs1 back at the agent's 25"

kill -STOP $agent
wait_table "$VS
$RS2" "the agent hangs: rs1 leaves the table"
"$VIGILCTL" --json show ipvs | grep -q '"rs":"10.20.1.2:80","health":"down","reason":"timeout"' ||
	vm_fail "show ipvs: $("$VIGILCTL" --json show ipvs)"
kill -CONT $agent
wait_table "$VS
$(rs1 25)
$RS2" "the agent answers again: rs1 back at 25"

kill $agent
wait_table "$VS
$RS2" "the agent is stopped: rs1 leaves the table"
grep -q 'rs=10.20.1.2:80 state=down reason=refused' $LOG ||
	vm_fail "no down line for rs1: $(grep 10.20.1.2 $LOG)"
vm_ok "vigild logged rs1 down, refused"

vigild_stop
[ -z "$(ipvsadm -Sn)" ] || vm_fail "left after SIGTERM: $(ipvsadm -Sn)"
vm_ok "SIGTERM: vigil's entries gone"
