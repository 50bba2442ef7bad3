#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# net_namespace_ipvs: vigild runs in namespace sy-A (`net_namespace sy-A`),
# its IPVS table is namespace sy-B's. The real server (busybox httpd in
# sy-R) is reachable from sy-A only; sy-B has no route to it.
#   1. sy-B's table (ipvsadm -Sn there) gets the virtual server and, once
#      its TCP_CHECK passed (alpha: it starts down), the real server; sy-A's
#      and the VM's own tables stay empty; `vigilctl show ipvs` shows sy-B's;
#   2. lvs_sync_daemon: the kernel's master and backup threads run in sy-B
#      (ipvsadm --list --daemon there), none in sy-A; vigil's bulk resync
#      and sync listener, which would work in sy-A, are off;
#   3. the real server's httpd stopped: the probe, from sy-A, fails and the
#      real server leaves sy-B's table; started again, it comes back;
#      kill -9 of the check and sync children: the new ones (made again
#      as root by the parent) find sy-B's table and threads, and keep them;
#   4. a reload that changes net_namespace_ipvs is refused, the table stays;
#   5. SIGTERM: vigil's entries and threads leave sy-B;
#   6. a namespace that does not exist: vigild does not start, and says
#      which keyword and namespace;
#   7. `net_namespace_ipvs` without a name: the default namespace (pid 1's,
#      the VM's own) gets the table;
#   8. without the keyword, sy-A (vigild's own) gets it;
#   9. ip_vs loaded only after both children gave up their privileges
#      (they can no longer enter sy-B): their retries still reach sy-B's
#      table, through the socket they made there at start.
# vm-bin: vigild vigilctl
# vm-timeout: 400
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/sync_lib.sh"

D=$SY/A # vigild's runtime directory, pid files, log and config
SOCK=$D/vigil.sock

conf() { # the net_namespace_ipvs line (or nothing)
	cat <<EOF
net_namespace sy-A
$1
global_defs {
	router_id vm-netns
	lvs_sync_daemon sync0 id 9
}
virtual_server 10.40.0.100 80 {
	protocol TCP
	lvs_sched rr
	lvs_method NAT
	delay_loop 1
	alpha
	real_server 10.30.0.2 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
EOF
}

WITH_RS='-A -t 10.40.0.100:80 -s rr
-a -t 10.40.0.100:80 -r 10.30.0.2:80 -m -w 1'
NO_RS='-A -t 10.40.0.100:80 -s rr'

# The IPVS table of a namespace (root: the VM's own), sorted.
table_of() {
	if [ "$1" = root ]; then ipvsadm -Sn; else in_ns "$1" ipvsadm -Sn; fi |
		sort
}
table_is() { [ "$(table_of "$1")" = "$(printf '%s\n' "$2" | sort)" ]; }
empty_in() { [ -z "$(table_of "$1")" ]; }
expect_empty() { # ns what
	empty_in "$1" || vm_fail "$2: $(table_of "$1")"
}

vigild_run() { # start vigild from the VM's own namespace
	"$top_builddir/vigild" -n -l --no-syslog -f "$D/vigil.conf" \
		--runtime-dir "$D" -p "$D/vigild.pid" -r "$D/vrrp.pid" \
		-c "$D/check.pid" --sync_pid "$D/sync.pid" >>"$D/log" 2>&1 &
	vig=$!
}

vigild_term() {
	kill -TERM "$vig"
	wait "$vig" 2>/dev/null
	[ ! -e "$D/vigild.pid" ] || vm_fail "vigild left its pid file"
}

sync_link() { # node|root address: a veth pair with sync0 up, addressed
	if [ "$1" = root ]; then _in=; else _in="in_ns $1"; fi
	$_in ip link add sync0 type veth peer name sync1
	$_in ip addr add "$2" dev sync0
	$_in ip link set sync0 up
	$_in ip link set sync1 up
}

httpd_up() { in_ns R httpd -p 80 -h /tmp/www; }
httpd_down() { ip netns pids sy-R | xargs -r kill; }

for m in ip_vs ip_vs_rr veth; do vm_modprobe $m; done
for n in A B R; do sy_node $n; done
in_ns A ip link add eth1 type veth peer name eth1 netns sy-R
in_ns A ip addr add 10.30.0.1/24 dev eth1
in_ns A ip link set eth1 up
in_ns R ip addr add 10.30.0.2/24 dev eth1
in_ns R ip link set eth1 up
in_ns R ip route add default via 10.30.0.1
sync_link A 10.50.0.1/24
sync_link B 10.51.0.1/24
sync_link root 10.52.0.1/24
mkdir -p /tmp/www
echo rs >/tmp/www/index.html
httpd_up
if in_ns B ip route get 10.30.0.2 >/dev/null 2>&1; then
	vm_fail "sy-B has a route to the real server"
fi

echo "--- 1. vigild in sy-A, its IPVS table in sy-B"
conf "net_namespace_ipvs sy-B" >"$D/vigil.conf"
vigild_run
sy_wait 20 "sy-B's table with the real server" table_is B "$WITH_RS"
table_of B
expect_empty A "sy-A's table (vigild's namespace)"
expect_empty root "the VM's own table"
vm_ok "the virtual and real server are in sy-B only"
grep -q "ipvs netns=sy-B" "$D/log" || vm_fail "no 'ipvs netns=sy-B' in the log"
"$VIGILCTL" -s "$SOCK" show ipvs >/tmp/show.ipvs 2>&1 ||
	vm_fail "vigilctl show ipvs: $(cat /tmp/show.ipvs)"
cat /tmp/show.ipvs
grep -q "10.40.0.100:80" /tmp/show.ipvs && grep -q "10.30.0.2:80" /tmp/show.ipvs ||
	vm_fail "vigilctl show ipvs does not show sy-B's table"
vm_ok "vigilctl show ipvs shows sy-B's table"

echo "--- 2. the sync threads in sy-B"
sy_wait 20 "master and backup threads in sy-B" sy_threads_are B both
sy_daemons B
sy_daemons B | grep -q "master sync daemon (mcast=sync0, syncid=9" ||
	vm_fail "sy-B's master thread: $(sy_daemons B)"
sy_threads_are A none || vm_fail "threads in sy-A: $(sy_daemons A)"
grep -q "sync netns=sy-B receiver=off resync=off reason=net_namespace_ipvs" \
	"$D/log" || vm_fail "the sync child does not say what it left off"
"$VIGILCTL" -s "$SOCK" sync resync >/tmp/resync.out 2>&1 &&
	vm_fail "a resync in sy-A's namespace started: $(cat /tmp/resync.out)"
grep -q "resync is off" /tmp/resync.out ||
	vm_fail "vigilctl sync resync: $(cat /tmp/resync.out)"
vm_ok "lvs_sync_daemon's threads run in sy-B, none in sy-A; resync off"

echo "--- 3. the probe runs from sy-A and drives sy-B's table"
httpd_down
sy_wait 20 "the real server out of sy-B's table" table_is B "$NO_RS"
httpd_up
sy_wait 20 "the real server back in sy-B's table" table_is B "$WITH_RS"
vm_ok "the real server left and came back with its health"
respawned() { # child old-pid
	[ -f "$D/$1.pid" ] && [ "$(cat "$D/$1.pid")" != "$2" ] &&
		grep -q "child=$1 pid=$(cat "$D/$1.pid") state=ready" "$D/log"
}
old_check=$(cat "$D/check.pid")
old_sync=$(cat "$D/sync.pid")
kill -9 "$old_check" "$old_sync"
sy_wait 20 "a new check child" respawned check "$old_check"
sy_wait 20 "a new sync child" respawned sync "$old_sync"
[ "$(grep -c "ipvs netns=sy-B" "$D/log")" = 2 ] ||
	vm_fail "the new check child did not make its socket in sy-B"
sleep 3
table_is B "$WITH_RS" || vm_fail "sy-B's table after the restart: $(table_of B)"
expect_empty A "sy-A's table after the restart"
sy_threads_are B both || vm_fail "sy-B's threads after the restart: $(sy_daemons B)"
sy_threads_are A none || vm_fail "threads in sy-A after the restart"
vm_ok "restarted children went on with sy-B's table and threads"

echo "--- 4. a reload that moves the table is refused"
conf "net_namespace_ipvs sy-A" >"$D/vigil.conf"
kill -HUP "$vig"
sy_wait 10 "the reload refused" grep -q \
	"reload-refused kept=old.*changed=net_namespace_ipvs" "$D/log"
"$VIGILCTL" -s "$SOCK" reload >/tmp/reload.out 2>&1 &&
	vm_fail "vigilctl reload accepted it: $(cat /tmp/reload.out)"
cat /tmp/reload.out
grep -q "net_namespace_ipvs cannot change at a reload" /tmp/reload.out ||
	vm_fail "vigilctl reload does not say why"
sleep 2
table_is B "$WITH_RS" || vm_fail "sy-B's table after the refused reload: $(table_of B)"
expect_empty A "sy-A's table after the refused reload"
vm_ok "the refused reload left sy-B's table alone"

echo "--- 5. SIGTERM"
vigild_term
expect_empty B "sy-B's table after SIGTERM"
sy_threads_are B none || vm_fail "threads left in sy-B: $(sy_daemons B)"
vm_ok "SIGTERM took vigil's entries and threads out of sy-B"

echo "--- 6. a namespace that does not exist"
conf "net_namespace_ipvs sy-C" >"$D/vigil.conf"
sy_no_sanitizer_report # of the runs before, whose log goes now
: >"$D/log"
vigild_run
i=0
while kill -0 "$vig" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
kill -0 "$vig" 2>/dev/null && vm_fail "vigild runs with a missing namespace"
wait "$vig"
rc=$?
cat "$D/log"
[ "$rc" != 0 ] || vm_fail "vigild exited 0"
grep -q "net_namespace_ipvs sy-C: /var/run/netns/sy-C: No such file or directory" \
	"$D/log" || vm_fail "the error does not name the keyword and namespace"
vm_ok "refused at start (exit $rc)"

echo "--- 7. without a name: the default namespace (pid 1's)"
conf "net_namespace_ipvs" >"$D/vigil.conf"
vigild_run
sy_wait 20 "the VM's own table" table_is root "$WITH_RS"
expect_empty A "sy-A's table (default namespace asked)"
expect_empty B "sy-B's table (default namespace asked)"
sy_wait 20 "threads in the default namespace" sh -c \
	'ipvsadm -L --daemon | grep -q "^master sync daemon (mcast=sync0"'
vm_ok "the default namespace got the table and the threads"
vigild_term
expect_empty root "the VM's own table after SIGTERM"

echo "--- 8. without net_namespace_ipvs: vigild's own namespace"
conf "" >"$D/vigil.conf"
vigild_run
sy_wait 20 "sy-A's table" table_is A "$WITH_RS"
expect_empty B "sy-B's table (no net_namespace_ipvs)"
expect_empty root "the VM's own table (no net_namespace_ipvs)"
vm_ok "without the keyword the table is sy-A's"
vigild_term

echo "--- 9. ip_vs loaded after the children's sandbox"
for m in $(ls /sys/module | grep '^ip_vs_'); do rmmod "$m"; done
rmmod ip_vs || vm_fail "cannot unload ip_vs"
conf "net_namespace_ipvs sy-B" >"$D/vigil.conf"
sy_no_sanitizer_report # of the runs before, whose log goes now
: >"$D/log"
vigild_run
sy_wait 20 "the check child without IPVS" grep -q "ipvs state=unavailable" "$D/log"
sy_wait 20 "the sync child without IPVS" grep -q "sync state=unavailable" "$D/log"
sandboxed() { [ "$(grep -c "ncaps=.*seccomp=on" "$D/log")" = 2 ]; }
sy_wait 20 "both children sandboxed" sandboxed
vm_modprobe ip_vs
vm_modprobe ip_vs_rr
sy_wait 40 "sy-B's table once ip_vs is loaded" table_is B "$WITH_RS"
sy_wait 20 "the threads in sy-B once ip_vs is loaded" sy_threads_are B both
expect_empty A "sy-A's table (ip_vs loaded late)"
sy_threads_are A none || vm_fail "threads in sy-A: $(sy_daemons A)"
grep "state=available" "$D/log"
vm_ok "the sandboxed children reached sy-B's table when ip_vs came"
vigild_term
expect_empty B "sy-B's table after SIGTERM"
sy_no_sanitizer_report
