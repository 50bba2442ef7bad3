#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel errors name their entry and the rest converges. One service asks
# for the mh scheduler, whose module is not loaded; one destination is a
# GUE tunnel without a port; one has a lower threshold above its upper.
# Each is reported with its reason and errno, the destinations of the
# failed service are skipped, everything else is in the kernel. Once the
# module is loaded (and the entries fixed) the next apply adds only what
# is missing.
# vm-bin: tests/ipvs/ipvstool
. "$(dirname "$0")/vmlib.sh"
. "$(dirname "$0")/ipvs_net.sh"

[ -d /sys/module/ip_vs_mh ] && vm_fail "ip_vs_mh is loaded already"
"$TOOL" apply -s /run/ipvs-owned "$FIX/errors.json" >/tmp/apply.out 2>&1 &&
	vm_fail "apply succeeded despite the errors"
cat /tmp/apply.out | grep -v '^ok:'
expect_line() {
	grep -qxF "$1" /tmp/apply.out || vm_fail "missing: $1"
}
expect_line "error: add service tcp 10.10.0.102:80: scheduler or persistence engine not available (kernel module not loaded?) [ENOENT]"
expect_line "skipped: add destination 10.20.1.2:80 of tcp 10.10.0.102:80: its service could not be added"
expect_line "skipped: add destination 10.20.2.2:80 of tcp 10.10.0.102:80: its service could not be added"
expect_line "error: add destination 10.20.2.2:80 of tcp 10.10.0.101:80: invalid settings for this entry [EINVAL]"
expect_line "error: add destination 10.20.2.2:80 of tcp 10.10.0.103:80: weight or thresholds out of range (lower threshold above the upper?) [ERANGE]"
expect_line "apply: 9 operations: 4 applied, 3 failed, 2 skipped; 0 adopted, 0 foreign kept, 0 services kept"
vm_ok "each failed entry is reported with its reason"

printf '%s\n' '-A -t 10.10.0.101:80 -s rr' '-A -t 10.10.0.103:80 -s wlc' \
	'-a -t 10.10.0.101:80 -r 10.20.1.2:80 -m -w 1' \
	'-a -t 10.10.0.103:80 -r 10.20.1.2:80 -m -w 2' | sort >/tmp/expect
ipvsadm -Sn | sort >/tmp/got
vm_same /tmp/expect /tmp/got "the rest of the table converged"

# The module appears and the entries are fixed: only what is missing goes.
vm_modprobe ip_vs_mh
sed -e 's/"port": 0 }/"port": 6080 }/' -e 's/"lower": 10/"lower": 1/' \
	"$FIX/errors.json" >/tmp/fixed.json
apply_ok /tmp/fixed.json -s /run/ipvs-owned
grep -v '^ok:' /tmp/apply.out
grep -q '^apply: 5 operations: 5 applied, 0 failed' /tmp/apply.out ||
	vm_fail "the retry did more than the missing entries"
table_is /tmp/fixed.json "after the retry the table is complete"
