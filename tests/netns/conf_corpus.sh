#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The drop-in promise, checked on configs nobody here wrote: keepalived's
# own samples and its maintainer's test configs (tests/conf/corpus/,
# README.md there). Each one goes through `vigild -t` and keepalived
# 2.2.7's `keepalived -t`, in a network namespace that has the interfaces
# the configs name, and the two must agree on whether it runs:
#
#   vigild -t       0, 5 or 6: runs;  4: cannot run;  anything else: a bug
#   keepalived -t   0, 5 or 6: runs;  4 (or 1, 2): cannot run;
#                   killed by the timeout or a signal: hangs/crashes
#
# Where they disagree, tests/conf/corpus/expected names the config, both
# outcomes and why; a disagreement not listed fails, and so does a listed
# one that is gone (the list stays true). vigild must never crash.
set -u

[ "$(id -u)" = 0 ] || { echo "conf_corpus: needs root (namespaces)"; exit 77; }
command -v keepalived >/dev/null || { echo "conf_corpus: no keepalived"; exit 77; }
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
VIGILD=${VIGILD:-$top_builddir/vigild}
corpus=$top_srcdir/tests/conf/corpus
expected=$corpus/expected
KTIMEOUT=${KTIMEOUT:-15}

ns=conf-corpus-$$
tmp=$(mktemp -d /tmp/conf-corpus.XXXXXX)
cleanup() {
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ip netns add "$ns" || exit 1
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up

configs() {
	for d in samples devel-tools; do
		for f in "$corpus/$d"/*; do
			[ -f "$f" ] && echo "$d/${f##*/}"
		done
	done
}

vigil_rc() { # config -> vigild -t's exit status, output in $tmp/v
	(cd "$corpus/${1%/*}" && in_ns "$VIGILD" -t --all-errors \
		-f "${1##*/}") >"$tmp/v" 2>&1
}
saved() { echo "$tmp/first/$(echo "$1" | tr / _)"; }

# 1. The interfaces: those vigild -t says are missing (it resolves
# definitions as keepalived does), created as veth pairs. Each first
# verdict is kept: only a config that named a missing interface is
# checked again once they exist (the suite's time: ~30 s a pass under
# ASan).
n=0
mkdir "$tmp/first"
for c in $(configs); do
	vigil_rc "$c"
	echo $? >"$(saved "$c").rc"
	cp "$tmp/v" "$(saved "$c")"
	sed -n "s/.*: error: interface \([^ ]*\) (.*) does not exist$/\1/p" \
		"$tmp/v"
done | sort -u >"$tmp/ifaces"
while read -r i; do
	n=$((n + 1))
	in_ns ip link add "$i" type veth peer name "cc$n" 2>/dev/null &&
		in_ns ip link set "$i" up
done <"$tmp/ifaces"

# 2. Both checkers on each config.
fail=0
total=0
agree=0
k6=0 v6=0 both6=0
: >"$tmp/seen"
for c in $(configs); do
	total=$((total + 1))
	# keepalived in the background while vigild runs: two cores
	(cd "$corpus/${c%/*}" &&
		in_ns timeout -k 2 "$KTIMEOUT" keepalived -t -l -n \
			-f "${c##*/}") >"$tmp/k" 2>&1 &
	kpid=$!
	if grep -q "does not exist" "$(saved "$c")"; then
		vigil_rc "$c"
		vrc=$?
	else
		cp "$(saved "$c")" "$tmp/v"
		vrc=$(cat "$(saved "$c").rc")
	fi
	wait $kpid
	krc=$?
	case $vrc in
	0 | 5 | 6) v=runs ;;
	4) v=refuses ;;
	*)
		echo "FAIL: $c: vigild -t exited $vrc:"
		sed 's/^/    /' "$tmp/v"
		fail=1
		continue
		;;
	esac
	# exit 6, "scripts run without script security", on both sides
	[ $krc = 6 ] && k6=$((k6 + 1))
	[ $vrc = 6 ] && v6=$((v6 + 1))
	[ $krc = 6 ] && [ $vrc = 6 ] && both6=$((both6 + 1))
	case $krc in
	0 | 5 | 6) k=runs ;;
	1 | 2 | 4) k=refuses ;;
	*) k=hangs ;;
	esac
	want=$(awk -v c="$c" '$1 == c { print $2 " " $3 }' "$expected")
	if [ "$k" = "$v" ] && [ -z "$want" ]; then
		agree=$((agree + 1))
		continue
	fi
	echo "$c" >>"$tmp/seen"
	if [ "$want" != "keepalived=$k vigil=$v" ]; then
		echo "FAIL: $c: keepalived $k (rc $krc), vigil $v (rc $vrc);" \
			"expected: ${want:-the same}"
		grep -E ': (error|FAILED)' "$tmp/v" | head -3 |
			sed 's/^/    vigil: /' 
		sed 's/^/    keepalived: /' "$tmp/k" | head -3
		fail=1
	fi
done
# An entry for a config that is not in the corpus is stale too.
awk '!/^#/ && NF { print $1 }' "$expected" | while read -r c; do
	grep -qx "$c" "$tmp/seen" ||
		echo "FAIL: $c is in $expected but not a disagreement"
done | grep . && fail=1

echo "conf_corpus: $total configs, $agree agree," \
	"$(grep -c . "$tmp/seen") listed disagreements;" \
	"exit 6 (scripts without script security): keepalived $k6," \
	"vigild $v6, both $both6"
[ $fail = 0 ] && echo "conf_corpus: ok"
exit $fail
