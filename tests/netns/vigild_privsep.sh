#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Least privilege (issue 13): vigild with a VRRP instance and a check; each
# child, read from outside in /proc/PID/status, runs as vigil_child_user
# (not uid 0) with CAP_NET_ADMIN and CAP_NET_RAW only (effective,
# permitted, bounding; nothing inheritable or ambient), NoNewPrivs and a
# seccomp filter. With those credentials /etc/shadow cannot be read and
# the parent cannot be signalled. The children's process settings of the
# config are in /proc too: nice (checker_priority, vrrp_priority),
# SCHED_RR and RLIMIT_RTTIME (vrrp_rt_priority, vrrp_rlimit_rttime),
# locked memory (checker_no_swap). A vrrp child killed by hand comes back
# the same way and still writes its state files.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
sed -i 's/delay_loop 5/delay_loop 1/' "$CONF"
sed -i '/router_id r1/a\
	checker_priority 5\
	checker_no_swap\
	vrrp_priority -3\
	vrrp_rt_priority 10\
	vrrp_rlimit_rttime 200000' "$CONF"
start_vigild
wait_until 100 both_ready || fail "children not ready"

if id vigil >/dev/null 2>&1; then USER_=vigil; else USER_=nobody; fi
UID_=$(id -u $USER_)
GID_=$(id -g $USER_)
# CAP_NET_ADMIN (12) and CAP_NET_RAW (13); with checker_no_swap the check
# child keeps CAP_IPC_LOCK (14) too: its later mappings are locked as well.
CAPS_vrrp=0000000000003000
CAPS_check=0000000000007000

field() { awk -v k="$2:" '$1 == k { $1 = ""; print substr($0, 2) }' \
	"/proc/$1/status"; }

check_child() { # NAME
	pid=$(child_pid "$1")
	[ -n "$pid" ] && [ -d "/proc/$pid" ] || fail "$1: no pid"
	caps=$(eval echo \$CAPS_$1)
	uids=$(field "$pid" Uid)
	[ "$uids" = "$UID_ $UID_ $UID_ $UID_" ] ||
		fail "$1: Uid $uids, want $UID_ ($USER_) in all four"
	[ "$(field "$pid" Gid)" = "$GID_ $GID_ $GID_ $GID_" ] ||
		fail "$1: Gid $(field "$pid" Gid)"
	[ -z "$(field "$pid" Groups)" ] || fail "$1: Groups $(field "$pid" Groups)"
	for k in CapEff CapPrm CapBnd; do
		[ "$(field "$pid" $k)" = "$caps" ] ||
			fail "$1: $k $(field "$pid" $k), want $caps"
	done
	for k in CapInh CapAmb; do
		[ "$(field "$pid" $k)" = 0000000000000000 ] ||
			fail "$1: $k $(field "$pid" $k)"
	done
	[ "$(field "$pid" NoNewPrivs)" = 1 ] || fail "$1: NoNewPrivs"
	[ "$(field "$pid" Seccomp)" = 2 ] || fail "$1: Seccomp $(field "$pid" Seccomp)"
	ok "$1 (pid $pid): uid $UID_ ($USER_), CapEff=CapPrm=CapBnd=$caps, NoNewPrivs 1, Seccomp 2"
}
check_child check
check_child vrrp

# What those credentials can do: no /etc/shadow, no signal to the parent.
as_child() { setpriv --reuid="$UID_" --regid="$GID_" --clear-groups \
	--inh-caps=-all --bounding-set=-all,+net_admin,+net_raw "$@"; }
as_child cat /etc/shadow >/dev/null 2>&1 && fail "the child's user reads /etc/shadow"
as_child kill -0 "$VPID" 2>/dev/null && fail "the child's user signals the parent"
ok "uid $UID_ without CAP_DAC_OVERRIDE: /etc/shadow unreadable, parent unsignallable"

# Process settings
cpid=$(child_pid check)
vpid=$(child_pid vrrp)
[ "$(statf "$cpid" 19)" = 5 ] || fail "check nice $(statf "$cpid" 19), want 5"
[ "$(statf "$vpid" 19)" = -3 ] || fail "vrrp nice $(statf "$vpid" 19), want -3"
[ "$(statf "$vpid" 41)" = 2 ] || fail "vrrp policy $(statf "$vpid" 41), want 2 (SCHED_RR)"
[ "$(statf "$vpid" 40)" = 10 ] || fail "vrrp rt_priority $(statf "$vpid" 40)"
[ "$(statf "$cpid" 41)" = 0 ] || fail "check policy $(statf "$cpid" 41)"
grep -q "^Max realtime timeout *200000 *200000 *us" "/proc/$vpid/limits" ||
	fail "vrrp RLIMIT_RTTIME: $(grep realtime "/proc/$vpid/limits")"
lck=$(field "$cpid" VmLck | awk '{print $1}')
# AddressSanitizer makes mlockall() a no-op: a sanitizer build locks nothing.
ldd "$VIGILD" | grep -q libasan && lck=asan ||
	[ "${lck:-0}" -gt 0 ] || fail "check VmLck $lck kB (checker_no_swap)"
[ "$(field "$vpid" VmLck | awk '{print $1}')" = 0 ] || fail "vrrp locked"
ok "check: nice 5, VmLck $lck kB; vrrp: nice -3, SCHED_RR 10, RLIMIT_RTTIME 200000 us"

# The checks and VRRP run under the filter for a while.
sleep 3
[ "$(child_pid check)" = "$cpid" ] && [ "$(child_pid vrrp)" = "$vpid" ] ||
	fail "a child restarted: $(grep -E 'state=died|seccomp' "$LOG")"

# A child restart by the parent: the same user, its state files written.
kill -9 "$vpid"
# (a shell function, not `sh -c`: ctl is one)
wait_until 50 eval 'test -n "$(child_pid vrrp)" && test "$(child_pid vrrp)" != "$vpid"' &&
	wait_until 50 ready vrrp || fail "vrrp child not back"
check_child vrrp
kill -HUP "$VPID"
sleep 2
ls "$RUN"/vrrp/vrrp-owned.* >/dev/null 2>&1 || fail "no vrrp state file in $RUN/vrrp"
[ "$(stat -c %u "$RUN/vrrp")" = "$UID_" ] || fail "$RUN/vrrp not owned by $UID_"
! grep -E "seccomp=denied|state=unsaved|op=save error|signal=SYS" "$LOG" ||
	fail "denied or unsaved"
ok "respawned vrrp child unprivileged too; reload ok; state files in $RUN/vrrp"
