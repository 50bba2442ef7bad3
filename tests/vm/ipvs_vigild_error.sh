#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A kernel error through the real daemon: one virtual server of the
# keepalived.conf asks for the mh scheduler, whose module the VM does not
# load. vigild's log names that service and the reason, its real servers
# are skipped, `vigilctl show ipvs` says the converger is retrying with
# the service desired but not in the kernel, and the rest of the table
# converges. Once the module is loaded, the retry adds what was missing.
# vm-bin: vigild vigilctl
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/ipvs_vigild_lib.sh"

[ -d /sys/module/ip_vs_mh ] && vm_fail "ip_vs_mh is loaded already"

cat >$CONF <<CONF
virtual_server 10.10.0.100 80 {
  protocol TCP
  lvs_sched rr
  lvs_method NAT
  real_server 10.20.1.2 80 {
  }
}
virtual_server 10.10.0.102 80 {
  protocol TCP
  lvs_sched mh
  mh-port
  lvs_method NAT
  real_server 10.20.1.2 80 {
  }
  real_server 10.20.2.2 80 {
    weight 3
  }
}
virtual_server 10.10.0.103 80 {
  protocol TCP
  lvs_sched wlc
  lvs_method DR
  real_server 10.0.3.11 80 {
    weight 2
  }
}
CONF
REST='-A -t 10.10.0.100:80 -s rr
-a -t 10.10.0.100:80 -r 10.20.1.2:80 -m -w 1
-A -t 10.10.0.103:80 -s wlc
-a -t 10.10.0.103:80 -r 10.0.3.11:80 -g -w 2'
MH='-A -t 10.10.0.102:80 -s mh -b mh-port
-a -t 10.10.0.102:80 -r 10.20.1.2:80 -m -w 1
-a -t 10.10.0.102:80 -r 10.20.2.2:80 -m -w 3'

net_client
vigild_start
wait_table "$REST" "the rest of the table converged"

log_has() { # fixed line part
	i=0
	while ! grep -qF "$1" $LOG && [ $i -lt 20 ]; do
		sleep 0.25
		i=$((i + 1))
	done
	grep -qF "$1" $LOG || { cat $LOG; vm_fail "not in the log: $1"; }
}
log_has 'ipvs op="add service tcp 10.10.0.102:80" result=failed errno=ENOENT reason="scheduler or persistence engine not available (kernel module not loaded?)"'
log_has 'ipvs op="add destination 10.20.1.2:80 of tcp 10.10.0.102:80" result=skipped'
log_has 'ipvs op="add destination 10.20.2.2:80 of tcp 10.10.0.102:80" result=skipped'
vm_ok "the log names the failed service, its reason and errno, and the skipped real servers"
grep 'ipvs op=' $LOG | grep -v '10.10.0.102:80' &&
	vm_fail "another entry failed"

ipvs_show >/tmp/show.json
grep -q '"converger":{"state":"retrying"' /tmp/show.json ||
	vm_fail "show ipvs: $(cat /tmp/show.json)"
grep -q '"failed":[1-9]' /tmp/show.json ||
	vm_fail "show ipvs counts no failure: $(cat /tmp/show.json)"
grep -qF '"error":"add service tcp 10.10.0.102:80: scheduler or persistence engine not available' /tmp/show.json ||
	vm_fail "show ipvs does not name the failed entry: $(cat /tmp/show.json)"
# desired: the mh service; kernel: not there
sed 's/"kernel":.*//' /tmp/show.json | grep -q '"service":"tcp 10.10.0.102:80"' ||
	vm_fail "show ipvs: the mh service is not desired: $(cat /tmp/show.json)"
sed -n 's/.*"kernel":\(.*\)/\1/p' /tmp/show.json | grep -q '10.10.0.102:80' &&
	vm_fail "show ipvs: the mh service is in the kernel view: $(cat /tmp/show.json)"
vm_ok "vigilctl show ipvs: retrying, names the failed entry; the mh service desired and not in the kernel"

# The module appears: a retry (1 s doubling, the first ones spent) adds
# the missing service and its real servers, and touches nothing else.
vm_modprobe ip_vs_mh
t0=$(vm_ms)
i=0
while ! ipvsadm -Sn | grep -q '10.10.0.102:80' && [ $i -lt 80 ]; do
	sleep 0.25
	i=$((i + 1))
done
wait_converged "$REST
$MH" "after loading ip_vs_mh the retry completed the table"
echo "added $(($(vm_ms) - t0)) ms after the module was loaded"
grep -q 'ipvs pass=done applied=3 failed=0' $LOG ||
	vm_fail "the retry: $(grep 'ipvs pass=' $LOG)"
vm_ok "the retry applied the 3 missing entries only"

vigild_stop
no_sanitizer_report
[ -z "$(ipvsadm -Sn)" ] || vm_fail "SIGTERM left: $(ipvsadm -Sn)"
vm_ok "SIGTERM removed vigil's entries"
