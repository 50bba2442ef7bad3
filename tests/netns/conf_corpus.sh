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
KTIMEOUT=${KTIMEOUT:-5} # keepalived -t takes ~35 ms

ns=conf-corpus-$$
tmp=$(mktemp -d /tmp/conf-corpus.XXXXXX)
cleanup() {
	ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
[ -n "${CORPUS_KEEP:-}" ] && cleanup() { ip netns del "$ns"; echo "kept $tmp"; }
trap cleanup EXIT INT TERM
ip netns add "$ns" || exit 1
ip netns exec "$ns" ip link set lo up
export VIGILD KTIMEOUT corpus ns tmp
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

configs() {
	for d in samples devel-tools; do
		for f in "$corpus/$d"/*; do
			[ -f "$f" ] && echo "$d/${f##*/}"
		done
	done
}

# run WHAT: each config on stdin through vigild -t (WHAT=vigil: its exit
# status in $tmp/r/NAME.v, its output in NAME.vo) or keepalived -t
# (WHAT=ka: NAME.k, NAME.ko), JOBS at a time (the suite's time: process
# starts mostly; tools/test runs it on the -O2 build, and fuzz_conf reads
# the corpus under ASan).
run() {
	xargs -P "$JOBS" -n 16 sh -c '
		what=$1
		shift
		for c; do
			r=$tmp/r/$(echo "$c" | tr / _)
			if [ "$what" = vigil ]; then
				(cd "$corpus/${c%/*}" && exec ip netns exec "$ns" \
					"$VIGILD" -t --all-errors -f "${c##*/}") \
					>"$r.vo" 2>&1
				echo $? >"$r.v"
			else
				(cd "$corpus/${c%/*}" && exec ip netns exec "$ns" \
					timeout -k 2 "$KTIMEOUT" keepalived -t -l -n \
					-f "${c##*/}") >"$r.ko" 2>&1
				echo $? >"$r.k"
			fi
		done' run "$1"
}

# 1. The interfaces: those vigild -t says are missing (it resolves
# definitions as keepalived does), created as veth pairs; only a config
# that named a missing interface is checked again once they exist.
mkdir "$tmp/r"
configs >"$tmp/configs"
run vigil <"$tmp/configs"
n=0
cat "$tmp"/r/*.vo |
	sed -n "s/.*: error: interface \([^ ]*\) (.*) does not exist$/\1/p" |
	sort -u | while read -r i; do
	n=$((n + 1))
	ip netns exec "$ns" ip link add "$i" type veth peer name "cc$n" \
		2>/dev/null && ip netns exec "$ns" ip link set "$i" up
done
grep -l "does not exist" "$tmp"/r/*.vo | sed "s|^$tmp/r/||; s|\.vo$||" \
	>"$tmp/again"
awk -v a="$tmp/again" 'BEGIN { while ((getline l < a) > 0) again[l] = 1 }
	{ k = $0; gsub("/", "_", k); if (k in again) print }' "$tmp/configs" |
	run vigil

# 2. keepalived -t on each config.
run ka <"$tmp/configs"

# 3. The verdicts, against the list of known disagreements.
awk -v expected="$expected" -v r="$tmp/r" '
function kv(rc) {
	if (rc == 0 || rc == 5 || rc == 6)
		return "runs"
	return rc == 1 || rc == 2 || rc == 4 ? "refuses" : "hangs"
}
function show(f, pfx, n,   l, i) {
	for (i = 0; i < n && (getline l < f) > 0; ) {
		if (pfx != "    vigil: " || l ~ /: (error|FAILED)/) {
			print pfx l
			i++
		}
	}
	close(f)
}
BEGIN {
	while ((getline l < expected) > 0)
		if (l !~ /^#/ && split(l, w, " ") >= 3)
			want[w[1]] = w[2] " " w[3]
}
{
	c = $1; total++
	f = c; gsub("/", "_", f); f = r "/" f
	getline vrc < (f ".v"); close(f ".v")
	getline krc < (f ".k"); close(f ".k")
	if (vrc != 0 && vrc != 5 && vrc != 6 && vrc != 4) {
		print "FAIL: " c ": vigild -t exited " vrc ":"
		show(f ".vo", "    ", 1000)
		fail = 1
		next
	}
	v = vrc == 4 ? "refuses" : "runs"
	k = kv(krc)
	if (krc == 6) k6++
	if (vrc == 6) v6++
	if (krc == 6 && vrc == 6) both6++
	if (k == v && !(c in want)) { agree++; next }
	seen[c] = 1
	listed++
	if (want[c] != "keepalived=" k " vigil=" v) {
		print "FAIL: " c ": keepalived " k " (rc " krc "), vigil " v \
			" (rc " vrc "); expected: " (c in want ? want[c] : "the same")
		show(f ".vo", "    vigil: ", 3)
		show(f ".ko", "    keepalived: ", 3)
		fail = 1
	}
}
END {
	# an entry for a config that is not a disagreement is stale too
	for (c in want)
		if (!(c in seen)) {
			print "FAIL: " c " is in " expected " but not a disagreement"
			fail = 1
		}
	printf "conf_corpus: %d configs, %d agree, %d listed disagreements;" \
		" exit 6 (scripts without script security): keepalived %d," \
		" vigild %d, both %d\n", total, agree, listed, k6, v6, both6
	if (!fail)
		print "conf_corpus: ok"
	exit fail
}' "$tmp/configs"
