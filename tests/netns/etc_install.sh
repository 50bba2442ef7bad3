#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make install` into a temporary root (DESTDIR) places the binaries, the
# man pages, the systemd unit and the sample config; in a mount namespace
# where that root is mounted on the configured prefix, the installed unit
# passes `systemd-analyze verify` (its commands and man pages exist), its
# hardening keeps `systemd-analyze security` at or under an exposure of
# 4.0, and the installed vigild -t --strict accepts the installed sample
# (in a network namespace that has the sample's interface, eth0).
[ "$(id -u)" = 0 ] || exit 77
: "${top_builddir:?}"
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }
command -v unshare >/dev/null || { echo "SKIP: no unshare"; exit 77; }
D=$(mktemp -d /tmp/vigil-install.XXXXXX)
ns=vigil-inst-$$
trap 'ip netns del $ns 2>/dev/null; rm -rf "$D"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

make -s -C "$top_builddir" install DESTDIR="$D" >"$D.log" 2>&1 ||
	{ cat "$D.log"; rm -f "$D.log"; fail "make install"; }
rm -f "$D.log"
mk() { sed -n "s|^$1 = ||p" "$top_builddir/Makefile"; }
prefix=$(mk prefix)
# The configured directories, with ${prefix} and ${exec_prefix} expanded.
dir() { mk "$1" | sed "s|\${exec_prefix}|$prefix|; s|\${prefix}|$prefix|; s|\${datarootdir}|$prefix/share|"; }
sbin=$(dir sbindir) bin=$(dir bindir) etc=$(dir sysconfdir) man=$(dir mandir)
[ -n "$prefix" ] && [ -n "$man" ] || fail "cannot read the configured directories"
for f in "$sbin/vigild" "$sbin/vigilctl" "$bin/vigil-agent"; do
	[ -x "$D$f" ] || fail "not installed: $f"
done
for f in "$man/man8/vigild.8" "$man/man8/vigilctl.8" "$man/man5/vigil.conf.5" \
	"$man/man8/vigil-agent.8" "$etc/vigil/vigil.conf.sample" \
	"$prefix/lib/systemd/system/vigild.service" \
	"$prefix/lib/sysusers.d/vigil.conf"; do
	[ -s "$D$f" ] || fail "not installed: $f"
done
unit=$prefix/lib/systemd/system/vigild.service
grep -q "^ExecStart=$sbin/vigild " "$D$unit" || fail "unit names another vigild: $(grep ^ExecStart= "$D$unit")"
echo "ok: make install DESTDIR placed binaries, man pages, unit and sample under $prefix"

# The installed files seen where they were configured to be: the prefix
# mounted over (a private mount namespace; /usr itself is left alone).
case $prefix in
/ | /usr) fail "prefix $prefix: configure with a prefix of its own for this test" ;;
esac
inroot() {
	unshare -m sh -c 'mkdir -p "$2" && mount --bind "$1$2" "$2" && shift 2 && exec "$@"' \
		sh "$D" "$prefix" "$@"
}
out=$(inroot env MANPATH="$man" systemd-analyze verify "$unit" 2>&1) ||
	fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify says: $out"
echo "ok: systemd-analyze verify accepts the installed unit"

sec=$(systemd-analyze security --offline=true --threshold=40 "$D$unit" 2>&1) ||
	fail "exposure over 4.0: $(echo "$sec" | grep -E '✗|Overall')"
echo "ok: $(echo "$sec" | grep -o 'Overall exposure level.*' | sed 's/ [^ ]*$//')"
for k in Type=notify ExecReload= CapabilityBoundingSet= NoNewPrivileges=yes \
	ProtectSystem= ProtectHome=yes PrivateTmp=yes RestrictAddressFamilies=; do
	grep -q "^$k" "$D$unit" || fail "unit lacks $k"
done

ip netns add $ns || fail "netns"
ip -n $ns link add eth0 type veth peer name eth1
out=$(inroot ip netns exec $ns "$sbin/vigild" -t --strict \
	-f "$D$etc/vigil/vigil.conf.sample" 2>&1) ||
	fail "installed vigild -t refuses the installed sample: $out"
echo "ok: the installed vigild -t --strict accepts the installed sample${out:+ ($out)}"
