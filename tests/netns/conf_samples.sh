#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vigil reads every sample config of Debian's keepalived package that
# keepalived 2.2.7's own `keepalived -t` accepts, in a network namespace
# that has the interfaces the samples name (eth0..eth3, eth0.1); and for
# the samples keepalived rejects, vigil's errors name the right lines.
#
# The config checker is $VIGIL_CONFTEST, run as `$VIGIL_CONFTEST [-i ID]
# -f FILE` and exiting 0 when the config is usable: by default `vigild -t`
# itself (tests/conf/conftest is the same check without the daemon).
set -u

[ "$(id -u)" = 0 ] || { echo "conf_samples: needs root (namespaces)"; exit 77; }
command -v keepalived >/dev/null || { echo "conf_samples: no keepalived"; exit 77; }
samples=${KEEPALIVED_SAMPLES:-/usr/share/doc/keepalived/samples}
ls "$samples"/keepalived.conf.* >/dev/null 2>&1 ||
	{ echo "conf_samples: no samples in $samples"; exit 77; }
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
conftest=${VIGIL_CONFTEST:-$top_builddir/vigild -t}

ns=conf-t1-$$
tmp=$(mktemp -d /tmp/conf-samples.XXXXXX)
cleanup() {
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add "$ns" || exit 1
in_ns() { ip netns exec "$ns" "$@"; }
for i in 0 1 2 3; do
	in_ns ip link add "eth$i" type veth peer name "peer$i" || exit 1
	in_ns ip link set "eth$i" up
done
# eth0.1 is a VLAN in the samples; a veth of that name where the kernel
# has no 8021q module
in_ns ip link add link eth0 name eth0.1 type vlan id 1 2>/dev/null ||
	in_ns ip link add eth0.1 type veth peer name peer01 || exit 1
in_ns ip link set eth0.1 up

fail=0
printf '%-40s %-10s %s\n' sample keepalived vigil
for s in "$samples"/keepalived.conf.*; do
	name=$(basename "$s")
	# keepalived resolves nothing relative to the caller: run both from
	# the samples' directory, as an admin would
	(cd "$samples" && in_ns keepalived -t -l -n -f "$name") \
		>"$tmp/k.$name" 2>&1
	krc=$?
	(cd "$samples" && in_ns $conftest -f "$name") >"$tmp/v.$name" 2>&1
	vrc=$?
	errs=$(grep -c ': error: ' "$tmp/v.$name")
	printf '%-40s %-10s %s\n' "$name" "rc=$krc" "rc=$vrc errors=$errs"
	if [ "$krc" = 0 ] && [ "$vrc" != 0 ]; then
		echo "FAIL: keepalived accepts $name, vigil does not:"
		grep ': error: ' "$tmp/v.$name" | sed 's/^/    /'
		fail=1
	fi
done

# Samples keepalived rejects: vigil rejects them too, at the right lines.
expect() { # sample, line, part of the message
	if ! grep -q "^$1:$2: error: .*$3" "$tmp/v.$1"; then
		echo "FAIL: $1: no error at line $2 saying '$3'; vigil said:"
		sed 's/^/    /' "$tmp/v.$1"
		fail=1
	fi
}
expect keepalived.conf.vrrp.rules 11 "'192.168.100./24' is not a valid IP"
expect keepalived.conf.vrrp.rules 26 "'192.168.200./24' is not a valid IP"
expect keepalived.conf.vrrp.lvs_syncd 4 "unknown keyword 'VI_2'"
expect keepalived.conf.vrrp.lvs_syncd 5 "unknown keyword 'VI_3'"
expect keepalived.conf.conditional_conf 6 "vrrp_script check_VI_0 has no 'script'"

# With a config id that selects its lines, both accept conditional_conf.
for id in high low; do
	(cd "$samples" && in_ns keepalived -t -l -n -i $id \
		-f keepalived.conf.conditional_conf) >/dev/null 2>&1
	krc=$?
	(cd "$samples" && in_ns $conftest -i $id \
		-f keepalived.conf.conditional_conf) >"$tmp/id" 2>&1
	vrc=$?
	printf '%-40s %-10s %s\n' "conditional_conf -i $id" "rc=$krc" "rc=$vrc"
	if [ "$krc" = 0 ] && [ "$vrc" != 0 ]; then
		echo "FAIL: -i $id: keepalived accepts, vigil does not:"
		sed 's/^/    /' "$tmp/id"
		fail=1
	fi
done

[ $fail = 0 ] && echo "conf_samples: ok"
exit $fail
