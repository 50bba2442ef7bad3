#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The sample config that is installed (etc/vigil.conf) is one vigild -t
# accepts without a warning of an unsupported keyword (--strict), in a
# namespace that has its interface, eth0.
[ "$(id -u)" = 0 ] || exit 77
: "${top_srcdir:?}" "${top_builddir:?}"
ns=vigil-etc-$$
trap 'ip netns del $ns 2>/dev/null' EXIT
ip netns add $ns
ip -n $ns link add eth0 type veth peer name eth1
out=$(ip netns exec $ns "$top_builddir/vigild" -t --strict \
	-f "$top_srcdir/etc/vigil.conf" 2>&1) || {
	echo "FAIL: vigild -t --strict refuses etc/vigil.conf:"
	echo "$out"
	exit 1
}
echo "ok: etc/vigil.conf passes vigild -t --strict${out:+ (
$out)}"
