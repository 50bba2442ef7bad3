#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The unit's system call deny list (etc/vigild.service.in,
# SystemCallFilter=~...) holds no call vigild makes: vigild, its children
# (check, vrrp, sync) and the scripts it runs (a vrrp_script, a notify
# script, a MISC_CHECK) are traced with strace through start, checks, a
# reload, a SIGUSR1 dump and a stop, and no traced call is in the list as
# systemd-analyze expands it. A call in the list would fail with EPERM
# under systemd.
. "$(dirname "$0")/vigild_lib.sh"
command -v strace >/dev/null || { echo "SKIP: no strace"; exit 77; }
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }

UNIT=$top_srcdir/etc/vigild.service.in
# The deny list: the SystemCallFilter=~ line and its continuations.
sets=$(sed -n '/^SystemCallFilter=~/,/[^\\]$/p' "$UNIT" |
	sed 's/^SystemCallFilter=~//; s/\\$//')
[ -n "$sets" ] || fail "no SystemCallFilter=~ in $UNIT"
# shellcheck disable=SC2086
systemd-analyze syscall-filter $sets | awk '$1 !~ /^[@#]/ && NF == 1 { print $1 }' |
	sort -u >"$T/deny"
[ "$(wc -l <"$T/deny")" -gt 20 ] || fail "deny list: $(cat "$T/deny")"

cat >"$CONF" <<CONF
global_defs {
	script_user root
	enable_script_security
	lvs_sync_daemon veth0 VI_1
}
vrrp_script chk {
	script "/bin/true"
	interval 1
}
vrrp_instance VI_1 {
	state BACKUP
	interface veth0
	virtual_router_id 51
	priority 100
	advert_int 1
	virtual_ipaddress {
		10.99.0.100/24
	}
	track_script {
		chk
	}
	notify "/bin/true"
}
virtual_server 10.99.0.100 80 {
	delay_loop 1
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	real_server 10.99.0.1 80 {
		MISC_CHECK {
			misc_path "/bin/true"
		}
	}
	real_server 10.99.0.2 80 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
CONF
# A sanitizer build's leak check at exit would trace the process itself,
# which it cannot do under strace, and is no call vigild makes.
# Appended: the last setting of an option wins (tools/test sets
# detect_leaks=1).
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
ip netns exec "$NS" strace -f -qq -o "$T/trace" "$VIGILD" -n -l --no-syslog \
	-f "$CONF" --runtime-dir "$RUN" >>"$LOG" 2>&1 &
STRACE=$!
wait_until 100 both_ready || fail "children not ready"
wait_until 100 ready sync || fail "sync child not ready"
VPID=$(cat "$RUN/vigild.pid")
wait_until 50 grep -q 'state=MASTER' "$LOG" || fail "VI_1 not MASTER"
sleep 2 # scripts and checks run a few times
ctl reload >/dev/null || fail "reload"
kill -USR1 "$VPID"
sleep 1
kill "$VPID"
wait "$STRACE"
VPID=

sed -n 's/^[0-9]* *\(<\.\.\. \)\{0,1\}\([a-z_0-9]*\)[( ].*/\2/p' "$T/trace" |
	sort -u >"$T/used"
grep -qx execve "$T/used" && grep -qx sendmsg "$T/used" ||
	fail "trace too thin: $(tr '\n' ' ' <"$T/used")"
grep -c 'execve("/bin/true"' "$T/trace" | grep -qv '^0$' || fail "no script traced"
bad=$(comm -12 "$T/used" "$T/deny")
[ -z "$bad" ] || fail "vigild makes calls the unit denies: $bad"
ok "$(wc -l <"$T/used") distinct calls traced (scripts included), none in the unit's deny list of $(wc -l <"$T/deny")"
