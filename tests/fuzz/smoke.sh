#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make fuzz-smoke`: each target for SECONDS on a copy of its corpus, JOBS
# at a time (one per core: each is one process); a crash, leak or timeout
# fails it and leaves the reproducer in fuzz-work/<x>/.
#
#   tests/fuzz/smoke.sh SRCDIR SECONDS JOBS TARGET...
set -u
src=$1 secs=$2 jobs=$3
shift 3
mkdir -p fuzz-work
printf '%s\n' "$@" | xargs -P "$jobs" -n 1 sh -c '
	src=$0 secs=$1 t=$2
	n=${t##*/fuzz_}
	w=fuzz-work/$n exe=$PWD/$t more=
	# corpus/<x>.seeds: more seed folders, read-only, one a line, from
	# the source tree (conf: keepalived'"'"'s configs, which meet ASan here)
	if [ -f "$src/tests/fuzz/corpus/$n.seeds" ]; then
		more=$(sed "s|^|$src/|" "$src/tests/fuzz/corpus/$n.seeds")
	fi
	rm -rf "$w" && mkdir -p "$w"
	if (cd "$w" && "$exe" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=./ \
		. "$src/tests/fuzz/corpus/$n" $more) >"fuzz-work/$n.log" 2>&1; then
		printf "  FUZZ     %s (%ss) %s\n" "$n" "$secs" \
			"$(grep -o "number_of_executed_units: *[0-9]*" "fuzz-work/$n.log")"
	else
		tail -n 60 "fuzz-work/$n.log"
		echo "fuzz-smoke: $n failed; reproducer in $w"
		exit 255 # xargs stops at once
	fi' "$src" "$secs"
