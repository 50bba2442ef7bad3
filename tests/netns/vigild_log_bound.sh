#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bounded logs: a reload of a config that includes 10 MB of garbage logs
# the first 20 diagnostics and one line with the count of the rest (not
# one line per error), keeps the running config, and `vigild -t` prints
# the same 20 and the count unless --all-errors asks for every one.
. "$(dirname "$0")/vigild_lib.sh"

write_conf r1
start_vigild
wait_until 50 both_ready || fail "children not ready"

# Unknown keywords alone are ignored with one warning, as keepalived
# ignores them (vigil.conf(5) ERRORS AND WARNINGS): each line starts with
# a stray '}' to be an error (structural damage).
head -c 7500000 /dev/urandom | base64 -w 200 | sed 's/^/} /' >"$T/garbage.conf"
printf 'include %s\n' "$T/garbage.conf" >>"$CONF"
n0=$(wc -l <"$LOG")
kill -HUP "$VPID"
wait_until 200 grep -q "state=reload-refused" "$LOG" || fail "no refusal"
sleep 0.5
tail -n +$((n0 + 1)) "$LOG" >"$T/new.log"
# Other events (a real server found down) may be logged meanwhile.
all=$(grep -c " parent: config " "$T/new.log")
diags=$(grep -c " config $T/garbage.conf:[0-9]*: error: " "$T/new.log")
echo "config log lines for the reload: $all (diagnostics: $diags)"
grep " config diagnostics=" "$T/new.log"
[ "$diags" = 20 ] || fail "$diags diagnostics logged, not 20"
[ "$all" = 22 ] || fail "$all config log lines for one reload"
[ "$(grep -c garbage "$T/new.log")" = 20 ] || fail "garbage logged elsewhere"
grep -Eq " config diagnostics=([0-9]+) logged=20 not_logged=[0-9]+$" \
	"$T/new.log" || fail "no count of the rest"
n=$(sed -n 's/.* config diagnostics=\([0-9]*\) .*/\1/p' "$T/new.log")
[ "$n" -gt 10000 ] || fail "only $n diagnostics counted"
kill -0 "$VPID" || fail "vigild died"
[ "$(status "s['reloads_failed']")" = 1 ] || fail "reload not counted failed"
[ "$(status "s['config_gen']")" = 1 ] || fail "config replaced"
ok "a 10 MB garbage include at reload: 20 diagnostics and a count logged"

"$VIGILD" -t -f "$CONF" >"$T/t.out" 2>&1 && fail "vigild -t passed"
lines=$(wc -l <"$T/t.out")
echo "vigild -t: $lines lines"
[ "$lines" -eq 22 ] || fail "vigild -t printed $lines lines"
grep -Eq "^\.\.\. [0-9]+ more diagnostics not shown$" "$T/t.out" ||
	fail "vigild -t: no count of the rest"
grep -q "FAILED" "$T/t.out" || fail "vigild -t: no verdict"
"$VIGILD" -t --all-errors -f "$CONF" >"$T/all.out" 2>&1
lines=$(wc -l <"$T/all.out")
echo "vigild -t --all-errors: $lines lines"
[ "$lines" -gt 10000 ] || fail "--all-errors printed $lines lines"
ok "vigild -t shows 20 and a count; --all-errors shows them all"
