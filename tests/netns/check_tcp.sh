#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# TCP_CHECK against real servers in namespaces: one that answers (IPv4 and
# IPv6), one with no listener (refused), one that drops SYNs (nftables:
# connect-timeout, or an ICMP host unreachable), one that resets every connection after accepting it
# (still up: the port accepts), one that flaps. The probe is half-open (a
# SYN from a raw socket; the server sees SYN, then our kernel's RST, and no
# connection completes); with CHECK_TCP_NORAW=1 (check_tcp_noraw.sh) the
# driver has no CAP_NET_RAW and every probe is a full connect closed with
# a reset. Either way neither side keeps TIME_WAIT entries. bindto,
# bind_port and fwmark shape the probe's packets (nftables counts them).
. "$(dirname "$0")/../check/lib.sh"

if [ "${CHECK_TCP_NORAW:-0}" = 1 ]; then
	command -v setpriv >/dev/null || exit 77
	CHECKTEST_WRAP="setpriv --inh-caps=-net_raw --bounding-set=-net_raw"
fi

lab_init
for h in up:11 refused:12 drop:13 reset:14 flap:15; do
	lab_host "${h%:*}" "${h#*:}"
done
lab_run up python3 "$SERVERS" http 10.77.0.11 80
lab_run up python3 "$SERVERS" http fd77::11 80
lab_run reset python3 "$SERVERS" reset 10.77.0.14 80
lab_run flap python3 "$SERVERS" flap 10.77.0.15 80 --up 3 --down 3
nsx drop nft -f - <<'NFT'
table inet t {
	chain in {
		type filter hook input priority 0;
		tcp dport 80 drop
		tcp dport 81 reject with icmpx type host-unreachable
	}
}
NFT
wait_listen up 80
wait_listen reset 80

tcp() { # ADDRESS PORT
	printf '\treal_server %s %s { TCP_CHECK { } }\n' "$1" "$2"
}
timing='delay_loop 0.5
	connect_timeout 1
	retry 1
	delay_before_retry 0.2'
cat >"$TMP/vigil.conf" <<EOF
$(lab_vs tcp) {
	$timing
$(tcp 10.77.0.11 80)
$(tcp 10.77.0.12 80)
$(tcp 10.77.0.13 80)
$(tcp 10.77.0.13 81)
$(tcp 10.77.0.14 80)
$(tcp 10.77.0.15 80)
}
$(lab_vs tcp6) {
	$timing
$(tcp fd77::11 80)
}
$(lab_vs knobs) {
	delay_loop 0.5
	real_server 10.77.0.11 80 {
		TCP_CHECK {
			bindto 10.77.0.1
			bind_port 40001
			fwmark 66
		}
	}
}
$(lab_vs port) {
	delay_loop 0.5
	retry 0
	real_server 10.77.0.11 80 {
		TCP_CHECK {
			connect_ip 10.77.0.11
			connect_port 8080
		}
	}
}
EOF
nsx dir nft -f - <<'NFT'
table inet t {
	chain out {
		type filter hook output priority 0;
		meta mark 66 tcp sport 40001 tcp dport 80 tcp flags syn counter
	}
}
NFT
# What reaches the answering server from the checker's own ports (not
# the bind_port probe): SYNs, and the ACKs that complete a handshake.
nsx up nft -f - <<'NFT'
table inet c {
	chain in {
		type filter hook input priority 0;
		ip saddr 10.77.0.1 tcp dport 80 tcp sport != 40001 tcp flags & (syn | ack) == syn counter
		ip saddr 10.77.0.1 tcp dport 80 tcp sport != 40001 tcp flags & (syn | ack | rst) == ack counter
	}
}
NFT
lab_checktest "$TMP/vigil.conf"

# Refused: first run within 0.5 s (warmup), the retry 0.2 s later.
expect_event 'event=rs-down vs=tcp rs=10.77.0.12:80 reason=refused after=2/2' 1.5
# Dropped SYNs: two attempts of connect_timeout 1 s each.
expect_event 'event=rs-down vs=tcp rs=10.77.0.13:80 reason=connect-timeout after=2/2' 3.5
# An ICMP host unreachable for the SYN: unreachable at once, no timeout.
expect_event 'event=rs-down vs=tcp rs=10.77.0.13:81 reason=unreachable after=2/2' 1.5
# The flapping server goes down and comes back within its periods.
expect_event 'event=rs-down vs=tcp rs=10.77.0.15:80 reason=refused' 7
expect_event 'event=rs-up vs=tcp rs=10.77.0.15:80 reason=ok' 7
no_event 'vs=tcp6? rs=(10.77.0.11:80|\[fd77::11\]:80|10.77.0.14:80)' 1

expect_status 'rs("tcp", "10.77.0.13:80")["state"]' down
expect_status 'rs("tcp", "10.77.0.13:80")["reason"]' connect-timeout
expect_status 'rs("tcp", "10.77.0.12:80")["after"]' 2/2
expect_status 'rs("tcp6", "[fd77::11]:80")["state"]' up
expect_status 'rs("tcp", "10.77.0.11:80")["checks"][0]["runs"] >= 10' True
expect_status 'rs("tcp", "10.77.0.11:80")["in_pool"]' True
expect_status 'rs("tcp", "10.77.0.12:80")["in_pool"]' False

# bindto/bind_port/fwmark: every SYN of that checker carried them.
syns=$(nsx dir nft list ruleset | sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
[ "${syns:-0}" -ge 3 ] || fail "marked SYNs from port 40001: ${syns:-0}"
log "knobs: $syns SYNs from 10.77.0.1:40001 with mark 66"
expect_status 'rs("knobs", "10.77.0.11:80")["state"]' up
expect_status 'rs("port", "10.77.0.11:80")["reason"]' refused
expect_status 'rs("port", "10.77.0.11:80")["checks"][0]["target"]' 10.77.0.11:8080

# A check is a connect and a reset: no TIME_WAIT on either side.
tw_dir=$(nsx dir ss -Htan state time-wait | wc -l)
tw_up=$(nsx up ss -Htan state time-wait | wc -l)
[ "$tw_dir" = 0 ] || fail "director has $tw_dir TIME_WAIT sockets"
[ "$tw_up" = 0 ] || fail "real server has $tw_up TIME_WAIT sockets"
log "no TIME_WAIT after $(status_query 's["stats"]["runs"]') checks"

counts=$(nsx up nft list table inet c | sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
syn=$(echo "$counts" | sed -n 1p)
ack=$(echo "$counts" | sed -n 2p)
[ "${syn:-0}" -ge 10 ] || fail "the answering server saw ${syn:-0} SYNs"
if [ "${CHECK_TCP_NORAW:-0}" = 1 ]; then
	[ "${ack:-0}" -ge 10 ] || fail "without CAP_NET_RAW: ${ack:-0} handshakes completed"
	log "full connects: $syn SYNs, $ack handshakes completed"
else
	[ "${ack:-1}" = 0 ] || fail "half-open probe completed ${ack:-?} handshakes"
	log "half-open: $syn SYNs, no handshake completed"
fi
