#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The VRRP child's default scheduling (issue 13, failover timing): with a
# config that says nothing of it, the vrrp child runs SCHED_RR at
# priority 1 with RLIMIT_RTTIME 200000 us, so a busy host does not delay
# its adverts or its takeover; the check child and the notify scripts the
# vrrp child starts run SCHED_OTHER (SCHED_RESET_ON_FORK). A config that
# chooses is obeyed: vrrp_rt_priority 0 leaves the child SCHED_OTHER
# (max_auto_priority does too: vrrp_vigild_autoprio.sh).
. "$(dirname "$0")/vigild_lib.sh"

OUT=$T/out
mkdir -p "$OUT" && chmod 1777 "$OUT"
cat >"$T/notify.sh" <<SH
#!/bin/sh
awk '{ sub(/^.*\) /, ""); print \$39, \$38 }' /proc/\$\$/stat >"$OUT/policy"
SH
chmod 755 "$T/notify.sh"

write_conf r1
sed -i 's/state BACKUP/state MASTER/; /advert_int 1/a\
	notify_master '"$T/notify.sh" "$CONF"
grep -q notify_master "$CONF" || fail "config"

start_vigild
wait_until 100 both_ready || fail "children not ready"
vpid=$(child_pid vrrp)
cpid=$(child_pid check)
[ "$(statf "$vpid" 41)" = 2 ] ||
	fail "vrrp policy $(statf "$vpid" 41), want 2 (SCHED_RR) by default"
[ "$(statf "$vpid" 40)" = 1 ] || fail "vrrp rt_priority $(statf "$vpid" 40), want 1"
grep -q "^Max realtime timeout *200000 *200000 *us" "/proc/$vpid/limits" ||
	fail "vrrp RLIMIT_RTTIME: $(grep realtime "/proc/$vpid/limits")"
[ "$(statf "$cpid" 41)" = 0 ] || fail "check policy $(statf "$cpid" 41)"
wait_until 100 test -s "$OUT/policy" || fail "notify_master did not run"
[ "$(cat "$OUT/policy")" = "0 0" ] ||
	fail "notify script policy/rt_priority $(cat "$OUT/policy"), want 0 0"
grep -q "scheduler=SCHED_OTHER" "$LOG" && fail "a refusal logged: $(grep scheduler= "$LOG")"
ok "default: vrrp child SCHED_RR 1, RLIMIT_RTTIME 200000 us; check child and notify script SCHED_OTHER"

kill "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null && [ $i -lt 70 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$VPID" 2>/dev/null && fail "vigild did not stop"
rm -f "$OUT/policy"
sed -i '/router_id r1/a\
	vrrp_rt_priority 0' "$CONF"
start_vigild
wait_until 100 both_ready || fail "children not ready after restart"
vpid=$(child_pid vrrp)
[ "$(statf "$vpid" 41)" = 0 ] ||
	fail "vrrp policy $(statf "$vpid" 41) with vrrp_rt_priority 0, want 0"
ok "vrrp_rt_priority 0: vrrp child SCHED_OTHER"
