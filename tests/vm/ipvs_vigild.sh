#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The IPVS table through the real daemon: vigild -n runs a keepalived.conf
# whose real servers have no checker (up, as keepalived treats them), so
# the table is what the config says; ipvsadm reads it independently.
#   1. NAT, DR and tunnel (ipip, gue, gre) services, IPv4 and IPv6, two
#      fwmark services and a virtual_server_group (address range + fwmark),
#      schedulers with flags, persistence with granularity, ops, weights
#      and thresholds: `ipvsadm -Sn` equals the hand-written table;
#   2. 20 reloads (SIGHUP) alternating two configs with services and real
#      servers added, edited and removed, while a TCP stream flows through
#      a service that does not change: it keeps flowing and keeps its
#      counters, and the table equals the config after each reload;
#   3. kill -9 of vigild and its children, then a new vigild on the same
#      config and runtime directory: it adopts the table and changes
#      nothing (no counter reset, the stream still flows); the same once
#      more without its ownership file, after which SIGTERM still
#      removes everything (the adopted entries are vigil's).
# A kernel error (a scheduler module not loaded) is ipvs_vigild_error.sh.
# vm-bin: vigild vigilctl
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/ipvs_vigild_lib.sh"

# Config A or B. B adds 10.10.0.104:80 and removes fwmark 7; edits the
# scheduler of 10.10.0.100:80, the thresholds of one of its real servers
# and swaps the other; edits a GUE tunnel's port; shrinks the group's
# range by one address; changes the weight of a real server that has no
# checker (0 -> 5). The stream's service 10.10.0.101:9000 and the IPv6
# services are the same in both.
conf() { # A|B
	if [ "$1" = A ]; then
		set -- 107 wrr 100 10 2 6080 0
	else
		set -- 106 wlc 200 20 3 6081 5
	fi
	cat <<CONF
global_defs {
  router_id vigil-vm
}
virtual_server_group G1 {
  10.10.0.105-$1 80
  fwmark 21
}
virtual_server 10.10.0.101 9000 {
  lvs_sched rr
  lvs_method NAT
  protocol TCP
  real_server 10.20.1.2 9000 {
  }
}
virtual_server 10.10.0.100 80 {
  protocol TCP
  lvs_sched $2
  lvs_method NAT
  persistence_timeout 300
  persistence_granularity 255.255.255.0
  real_server 10.20.1.2 8080 {
    weight 3
    uthreshold $3
    lthreshold $4
  }
  real_server 10.20.$5.2 8080 {
    weight 1
  }
}
virtual_server 10.10.0.102 443 {
  protocol TCP
  lb_algo lc
  lb_kind DR
  real_server 10.0.2.11 443 {
  }
  ! DR keeps the packet's port: keepalived takes the service's (443)
  real_server 10.0.2.12 8443 {
    weight $7
  }
}
virtual_server 10.10.0.103 53 {
  protocol UDP
  lvs_sched sh
  sh-port
  sh-fallback
  ops
  lvs_method TUN
  real_server 10.0.3.11 53 {
  }
  real_server 10.0.3.12 53 {
    lvs_method TUN type gue port $6 csum
  }
  real_server 10.0.3.13 53 {
    lvs_method TUN type gre nocsum
  }
}
virtual_server 2001:db8::10 80 {
  protocol TCP
  lvs_sched sed
  lvs_method NAT
  persistence_timeout 60
  persistence_granularity 64
  real_server 2001:db8:1::11 8080 {
    weight 2
  }
  real_server 2001:db8:1::12 80 {
    lvs_method DR
  }
}
virtual_server fwmark 8 {
  ip_family inet6
  lvs_sched nq
  lvs_method DR
  persistence_timeout
  real_server 2001:db8:5::11 {
  }
}
virtual_server group G1 {
  protocol TCP
  lvs_sched rr
  lvs_method DR
  real_server 10.0.6.11 80 {
    weight 2
  }
}
CONF
	if [ "$1" = 107 ]; then
		cat <<CONF
virtual_server fwmark 7 {
  lvs_sched wlc
  lvs_method DR
  real_server 10.0.5.11 {
  }
}
CONF
	else
		cat <<CONF
virtual_server 10.10.0.104 80 {
  protocol TCP
  lvs_sched rr
  lvs_method NAT
  real_server 10.20.2.2 80 {
  }
}
CONF
	fi
}

# What each config says, in ipvsadm's words (compared sorted).
expect() { # A|B
	if [ "$1" = A ]; then
		set -- wrr 2 6080 0
	else
		set -- wlc 3 6081 5
	fi
	cat <<EXPECT
-A -t 10.10.0.101:9000 -s rr
-a -t 10.10.0.101:9000 -r 10.20.1.2:9000 -m -w 1
-A -t 10.10.0.100:80 -s $1 -p 300 -M 255.255.255.0
-a -t 10.10.0.100:80 -r 10.20.1.2:8080 -m -w 3
-a -t 10.10.0.100:80 -r 10.20.$2.2:8080 -m -w 1
-A -t 10.10.0.102:443 -s lc
-a -t 10.10.0.102:443 -r 10.0.2.11:443 -g -w 1
-a -t 10.10.0.102:443 -r 10.0.2.12:443 -g -w $4
-A -u 10.10.0.103:53 -s sh -o -b sh-fallback,sh-port
-a -u 10.10.0.103:53 -r 10.0.3.11:53 -i -w 1 --tun-type ipip
-a -u 10.10.0.103:53 -r 10.0.3.12:53 -i -w 1 --tun-type gue --tun-port $3 --tun-csum
-a -u 10.10.0.103:53 -r 10.0.3.13:53 -i -w 1 --tun-type gre --tun-nocsum
-A -t [2001:db8::10]:80 -s sed -p 60 -M 64
-a -t [2001:db8::10]:80 -r [2001:db8:1::11]:8080 -m -w 2
-a -t [2001:db8::10]:80 -r [2001:db8:1::12]:80 -g -w 1
-A -f 8 -6 -s nq -p 360
-a -f 8 -6 -r [2001:db8:5::11]:0 -g -w 1
-A -t 10.10.0.105:80 -s rr
-a -t 10.10.0.105:80 -r 10.0.6.11:80 -g -w 2
-A -t 10.10.0.106:80 -s rr
-a -t 10.10.0.106:80 -r 10.0.6.11:80 -g -w 2
-A -f 21 -s rr
-a -f 21 -r 10.0.6.11:80 -g -w 2
EXPECT
	if [ "$1" = wrr ]; then
		cat <<EXPECT
-A -t 10.10.0.107:80 -s rr
-a -t 10.10.0.107:80 -r 10.0.6.11:80 -g -w 2
-A -f 7 -s wlc
-a -f 7 -r 10.0.5.11:0 -g -w 1
EXPECT
	else
		cat <<EXPECT
-A -t 10.10.0.104:80 -s rr
-a -t 10.10.0.104:80 -r 10.20.2.2:80 -m -w 1
EXPECT
	fi
}

# What -Sn does not show: thresholds of 10.20.1.2:8080 in 10.10.0.100:80.
thresholds_are() { # upper lower
	ipvsadm -Ln --thresholds -t 10.10.0.100:80 |
		grep -q "10.20.1.2:8080 *$1 *$2 " ||
		vm_fail "thresholds: $(ipvsadm -Ln --thresholds -t 10.10.0.100:80)"
}

net_client
for n in 1 2 3; do net_server $n; done

# --- 1. the table ----------------------------------------------------------
conf A >$CONF
t0=$(vm_ms)
vigild_start
wait_converged "$(expect A)" "config A: ipvsadm -Sn is what the config says"
echo "converged $(($(vm_ms) - t0)) ms after start"
thresholds_are 100 10
vm_ok "thresholds 100/10 (not in -Sn) on 10.20.1.2:8080"

# --- 2. 20 reloads with a stream through the untouched service -------------
stream_start 10.10.0.101 9000 1
stats_all | grep '10.10.0.101:9000' >/tmp/stats.before
grep -q '^TCP 10.10.0.101:9000 1$' /tmp/stats.before ||
	vm_fail "the stream's service counted: $(cat /tmp/stats.before)"

t0=$(vm_ms)
for round in 1 2 3 4 5 6 7 8 9 10; do
	for v in B A; do
		conf $v >$CONF
		# quiet, but for a failure
		(reload_and_wait "$(expect $v)" "round $round: config $v") \
			>/tmp/round.out || { cat /tmp/round.out; exit 1; }
		if [ $v = A ]; then thresholds_are 100 10; else thresholds_are 200 20; fi
	done
	ipvsadm -Lnc | grep -q "$stream_conn" ||
		vm_fail "round $round: the stream's connection is gone"
done
vm_ok "20 reloads in $(($(vm_ms) - t0)) ms, the table equal to A or B after each"
# A and B differ in 12 entries (see conf): each reload says so.
[ "$(grep -c 'check state=reloaded changes=12' $LOG)" = 20 ] ||
	vm_fail "reload changes: $(grep 'state=reloaded' $LOG | sort | uniq -c)"
vm_ok "each reload counted 12 changes"
stats_all | grep '10.10.0.101:9000' >/tmp/stats.after
vm_same /tmp/stats.before /tmp/stats.after \
	"the untouched service kept its connection counters"
stream_check "the stream kept flowing across 20 reloads"

# --- 3. kill -9 and restart: the table is adopted ----------------------------
# The counters before and after; on a difference, what the new vigild
# logged of the table, to tell who re-created an entry.
same_counters() { # what
	diff -q /tmp/all.before /tmp/all.after >/dev/null ||
		{ echo "--- $LOG"; grep -v ' debug ' $LOG | tail -40; }
	vm_same /tmp/all.before /tmp/all.after "$1"
}
stats_all >/tmp/all.before
vigild_kill9
vigild_start
wait_converged "$(expect A)" "after kill -9 and a new vigild"
stats_all >/tmp/all.after
same_counters "restart: no entry re-created (every connection counter kept)"
if grep 'ipvs pass=done\|result=failed' $LOG; then
	vm_fail "the restart changed the table"
fi
vm_ok "the restart sent no change to the kernel"
stream_check "the stream kept flowing across the restart"

# Again without the ownership file: the new vigild adopts what matches
# (and so owns it: SIGTERM below must remove it all).
vigild_kill9
rm $RUN/check/ipvs.owned
vigild_start
wait_converged "$(expect A)" "after kill -9 and a new vigild without its state file"
stats_all >/tmp/all.after
same_counters "restart without the state file: every connection counter kept"
if grep 'ipvs pass=done\|result=failed' $LOG; then
	vm_fail "the restart without the state file changed the table"
fi
stream_check "the stream kept flowing across the second restart"
stream_stop

vigild_stop
no_sanitizer_report
[ -z "$(ipvsadm -Sn)" ] || vm_fail "SIGTERM left: $(ipvsadm -Sn)"
vm_ok "SIGTERM removed vigil's entries"
