#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# conntrack sync benchmark, on the host (root): the pair of
# tests/netns/ct_lib.sh (two directors with nftables DNAT, vigild's VRRP,
# conntrack_sync on the back network), and bench/ct_gen creating entries
# on the MASTER through ctnetlink as fast as the kernel takes them.
#
#   make && bench/ct_bench.sh            (CT_BENCH_N entries, 100000)
#
# Measures, for vigil:
#   - burst: time from the generator's start until the backup's cache
#     holds every entry (so the rate it kept up with), netlink overruns
#     on the master, and the master's sync child CPU time per 10k events;
#   - resync: the backup's vigild restarted, time from its request to the
#     DONE with every entry (its own last_resync_ms);
#   - commit: the master's links cut, the backup's commit of the cache to
#     its kernel (last_commit_ms) and its kernel's count after.
#
# CT_BENCH_PERF=FILE: record the master's sync child during the burst
# (perf record -g) into FILE; the conntrackd master into FILE.ctd.
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)/build}
. "$(dirname "$0")/../tests/netns/ct_lib.sh"

N=${CT_BENCH_N:-100000}
GEN=$B/bench/ct_gen
[ -x "$GEN" ] || fail "$GEN not built"

# The backup's cache count, polled as cheaply as conntrackd's (no
# python per poll: its start took longer than the poll's period).
cache_has() { # node count
	[ "$(ctl "$1" --json show sync 2>/dev/null |
		sed -n 's/.*"cache_entries": *\([0-9]*\).*/\1/p')" -ge "$2" ] 2>/dev/null
}
cpu_ms() { # pid: user+system ms
	awk '{ print ($14 + $15) * 10 }' "/proc/$1/stat"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

ct_topology
ct_director d1 1 150 on
ct_director d2 2 100 on
sed -i 's/alive_interval 0.5/alive_interval 0.5\n\tcache_max 262144/' \
	"$W/d1.conf" "$W/d2.conf"
wait_until 100 has_vips d1 || fail "d1 not MASTER"
wait_until 100 shown d2 "c['role']" backup || fail "d2 not backup"
wait_until 100 shown d2 "c['resyncs_done'] >= 1" True || fail "d2: no resync"
perf_start() { # pid file
	[ -n "${CT_BENCH_PERF:-}" ] || return 0
	perf record -q -g -p "$1" -o "$2" >/dev/null 2>&1 &
	PERF_PID=$!
	sleep 0.5
}
perf_stop() {
	[ -n "${PERF_PID:-}" ] || return 0
	kill -TERM "$PERF_PID" # async jobs of sh ignore SIGINT
	wait "$PERF_PID"
	PERF_PID=
}
spid=$(cat "$W/d1.run/sync.pid")
perf_start "$spid" "${CT_BENCH_PERF:-}"
c0=$(cpu_ms "$spid")
t0=$(now_ms)
ns d1 "$GEN" "$N" 10.77.0.100 10.78.0.11 600
tg=$(now_ms)
K=$(ns d1 conntrack -C)
wait_until 600 cache_has d2 $((K - 10)) ||
	fail "d2 has $(ctshow d2 "c['cache_entries']") of $K: d1 $(ctshow d1 c) d2 $(ctshow d2 c)"
t1=$(now_ms)
c1=$(cpu_ms "$spid")
perf_stop
echo "d1's kernel holds $K entries"
ms=$((t1 - t0))
echo "burst: $N entries on the backup ${ms} ms after the generator started" \
	"($((N * 1000 / (ms ? ms : 1))) entries/s), $((t1 - tg)) ms after it ended"
echo "  master: events=$(ctshow d1 "c['events']") overruns=$(ctshow d1 "c['overruns']")" \
	"sent=$(ctshow d1 "c['sent_entries']") resent=$(ctshow d1 "c['channel']['resent']")" \
	"resyncs=$(ctshow d1 "c['resyncs_served']")"
echo "  backup: gaps=$(ctshow d2 "c['gaps']") nacks=$(ctshow d2 "c['nacks_sent']")" \
	"drops=$(ctshow d2 "c['channel']['drops']")"
echo "  master sync child CPU: $((c1 - c0)) ms for $N events," \
	"$(((c1 - c0) * 10000 / N)) ms per 10k"

kill "$(cat "$W/d2.pid")"
wait_until 100 sh -c "! kill -0 $(cat "$W/d2.pid") 2>/dev/null"
ct_vigild d2
wait_until 600 shown d2 "c['resyncs_done'] >= 1 and c['cache_entries'] >= $N" True ||
	fail "resync: $(ctshow d2 "c['cache_entries']")"
echo "resync: $(ctshow d2 "c['cache_entries']") entries in" \
	"$(ctshow d2 "c['last_resync_ms']") ms (request to DONE)"
grep 'conntrack=resync-sent' "$W/d1.log" | tail -n 1 | sed 's/^/  master: /'
grep 'conntrack=resync-done' "$W/d2.log" | tail -n 1 | sed 's/^/  backup: /'

ns d1 ip link set eth0 down
ns d1 ip link set eth1 down
wait_until 200 shown d2 "c['commit_runs'] >= 1 and not c['committing']" True ||
	fail "commit: $(ctshow d2 c)"
sleep 1
echo "commit: $(ctshow d2 "c['committed']") entries in $(ctshow d2 "c['last_commit_ms']") ms," \
	"kernel refusals $(ctshow d2 "c['commit_errors']"), d2's kernel now holds" \
	"$(ns d2 conntrack -C 2>/dev/null) entries"
grep 'conntrack=' "$W/d2.log" | tail -n 4 | sed 's/^/  backup: /'

# ---- conntrackd 1.4.7, FTFW, the same pair and load ------------------
command -v conntrackd >/dev/null || { echo "conntrackd: not installed"; exit 0; }
ct_cleanup
ct_topology
ct_director d1 1 150 off
ct_director d2 2 100 off
wait_until 100 has_vips d1 || fail "d1 not MASTER"

ctd_conf() { # node n
	cat <<CONF
Sync {
	Mode FTFW {
		StartupResync on
	}
	Multicast {
		IPv4_address 225.0.0.51
		Group 3781
		IPv4_interface 10.78.0.$2
		Interface eth1
		SndSocketBuffer 8388608
		RcvSocketBuffer 8388608
		Checksum on
	}
}
General {
	HashSize 65536
	HashLimit 524288
	LogFile $W/$1.ctd.log
	Syslog off
	LockFile $W/$1.ctd.lock
	UNIX {
		Path $W/$1.ctd.sock
	}
	NetlinkBufferSize 2097152
	NetlinkBufferSizeMaxGrowth 8388608
	Filter From Userspace {
		Address Ignore {
			IPv4_address 127.0.0.1
			IPv4_address 10.77.0.$2
			IPv4_address 10.78.0.$2
		}
	}
}
CONF
}
ctd() { _n=$1; shift; ns "$_n" conntrackd -C "$W/$_n.ctd.conf" "$@"; }
ctd_start() { # node n
	ctd_conf "$1" "$2" >"$W/$1.ctd.conf"
	rm -f "$W/$1.ctd.lock"
	ip netns exec "$P-$1" conntrackd -C "$W/$1.ctd.conf" -d
	wait_until 50 test -S "$W/$1.ctd.sock"
}
ext_count() { # node: entries in the external cache
	ctd "$1" -s cache 2>/dev/null | awk '/^cache:external/ { print $NF; exit }'
}
ext_has() { [ "$(ext_count "$1")" -ge "$2" ] 2>/dev/null; }
ctd_start d1 1
ctd_start d2 2
sleep 1
# d1's conntrackd: pidof (no pid namespace here) lists d2's as well,
# and the newer first
cpid=$(pgrep -f "conntrackd -C $W/d1.ctd.conf")
[ -n "$cpid" ] || fail "d1's conntrackd not found"
perf_start "$cpid" "${CT_BENCH_PERF:-}.ctd"
c0=$(cpu_ms "$cpid")
t0=$(now_ms)
ns d1 "$GEN" "$N" 10.77.0.100 10.78.0.11 600
tg=$(now_ms)
wait_until 600 ext_has d2 "$N"
t1=$(now_ms)
c1=$(cpu_ms "$cpid")
perf_stop
ms=$((t1 - t0))
echo "conntrackd burst: $(ext_count d2) of $N entries on the backup ${ms} ms" \
	"after the generator started, $((t1 - tg)) ms after it ended; master CPU $((c1 - c0)) ms," \
	"$(((c1 - c0) * 10000 / N)) ms per 10k"
echo "  master log on overrun or resync:"
grep -i 'overrun\|ENOBUFS\|resync' "$W/d1.ctd.log" | sed 's/^/    /' | head -n 5
ctd d2 -k
sleep 0.5
t0=$(now_ms)
ctd_start d2 2
wait_until 600 ext_has d2 "$N"
echo "conntrackd resync: $(ext_count d2) entries $(($(now_ms) - t0)) ms after the backup's start"
t0=$(now_ms)
ctd d2 -c
echo "conntrackd commit: $(($(now_ms) - t0)) ms (conntrackd -c), d2's kernel now holds" \
	"$(ns d2 conntrack -C 2>/dev/null) entries"
ctd d1 -k
ctd d2 -k
