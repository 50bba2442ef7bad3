#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# PING_CHECK (IPv4 and IPv6, a host that answers, one that drops echo
# requests, an address nobody has; one raw socket per family for all),
# UDP_CHECK (echo with require_reply, a closed port, a reply that does not
# match), DNS_CHECK (answers, NXDOMAIN, SERVFAIL, a malformed reply, no
# server) and SMTP_CHECK (good, bad banner, HELO refused, silent).
. "$(dirname "$0")/../check/lib.sh"

lab_init
for h in up:41 drop:42 udp:43 dns:44 smtp:45; do
	lab_host "${h%:*}" "${h#*:}"
done
nsx drop nft -f - <<'NFT'
table inet t {
	chain in {
		type filter hook input priority 0;
		icmp type echo-request drop
		icmpv6 type echo-request drop
		udp dport 5000 drop
	}
}
NFT
lab_run udp python3 "$SERVERS" udp-echo 10.77.0.43 5000
lab_run udp python3 "$SERVERS" udp-echo 10.77.0.43 5002 --prefix 0000
lab_run dns python3 "$SERVERS" dns 10.77.0.44 53
lab_run smtp python3 "$SERVERS" smtp 10.77.0.45 25
lab_run smtp python3 "$SERVERS" smtp 10.77.0.45 2525 --banner 554
lab_run smtp python3 "$SERVERS" smtp 10.77.0.45 2526 --helo 550
lab_run smtp python3 "$SERVERS" stall 10.77.0.45 2527
wait_listen udp 5000 udp
wait_listen dns 53 udp
wait_listen smtp 2527

# One virtual server per case: LABEL, the real server (ADDRESS [PORT]) and
# its checker block. Every case: delay_loop 1, connect_timeout 1, retry 0.
vs() {
	printf '%s {\n\tdelay_loop 1\n\tconnect_timeout 1\n\tretry 0\n' \
		"$(lab_vs "$1")"
	printf '\treal_server %s {\n%s\n\t}\n}\n' "$2" "$3"
}
ping='PING_CHECK { }'
dns() { printf 'DNS_CHECK {\nname %s\ntype %s\n}' "$1" "${2:-A}"; }
udp='UDP_CHECK {
payload 6869207468657265
require_reply 6869
min_reply_length 8
}'
{
	vs ping4-up 10.77.0.41 "$ping"
	vs ping6-up fd77::41 "$ping"
	vs ping4-drop 10.77.0.42 "$ping"
	vs ping6-drop fd77::42 "$ping"
	vs ping4-none 10.77.0.49 "$ping"
	vs udp-echo '10.77.0.43 5000' "$udp"
	vs udp-closed '10.77.0.43 5001' 'UDP_CHECK { }'
	vs udp-open '10.77.0.43 5000' 'UDP_CHECK { }'
	vs udp-dropped '10.77.0.42 5000' "$udp"
	vs udp-mismatch '10.77.0.43 5002' "$udp"
	vs dns-ok '10.77.0.44 53' "$(dns ok.test)"
	vs dns-root '10.77.0.44 53' 'DNS_CHECK { }'
	vs dns-nx '10.77.0.44 53' "$(dns nx.test)"
	vs dns-fail '10.77.0.44 53' "$(dns fail.test)"
	vs dns-bad '10.77.0.44 53' "$(dns bad.test)"
	vs dns-none '10.77.0.43 53' "$(dns ok.test)"
	vs smtp-ok '10.77.0.45 25' 'SMTP_CHECK {
helo_name director.test
}'
	vs smtp-banner '10.77.0.45 2525' 'SMTP_CHECK { }'
	vs smtp-helo '10.77.0.45 2526' 'SMTP_CHECK { }'
	vs smtp-silent '10.77.0.45 2527' 'SMTP_CHECK { }'
} >"$TMP/vigil.conf"
lab_checktest "$TMP/vigil.conf"

expect_event 'vs=ping4-drop rs=10.77.0.42 reason=no-reply' 2.5
expect_event 'vs=ping6-drop rs=fd77::42 reason=no-reply' 2.5
expect_event 'vs=ping4-none rs=10.77.0.49 reason=(no-reply|unreachable)' 2.5
expect_event 'vs=udp-closed rs=10.77.0.43:5001 reason=refused' 2.5
expect_event 'vs=udp-dropped rs=10.77.0.42:5000 reason=no-reply' 2.5
expect_event 'vs=udp-mismatch rs=10.77.0.43:5002 reason=bad-reply' 2.5
expect_event 'vs=dns-nx rs=10.77.0.44:53 reason=dns-rcode-3' 2.5
expect_event 'vs=dns-fail rs=10.77.0.44:53 reason=dns-rcode-2' 2.5
expect_event 'vs=dns-bad rs=10.77.0.44:53 reason=bad-reply .*malformed' 2.5
expect_event 'vs=dns-none rs=10.77.0.43:53 reason=refused' 2.5
expect_event 'vs=smtp-banner rs=10.77.0.45:2525 reason=bad-banner-554' 2.5
expect_event 'vs=smtp-helo rs=10.77.0.45:2526 reason=helo-rejected-550' 2.5
expect_event 'vs=smtp-silent rs=10.77.0.45:2527 reason=timeout .*banner' 2.5
no_event 'vs=(ping4-up|ping6-up|udp-echo|udp-open|dns-ok|dns-root|smtp-ok) ' 2

expect_status 'vs("ping6-up")["real_servers"][0]["checks"][0]["ok"] >= 2' True
expect_status 'vs("dns-ok")["real_servers"][0]["checks"][0]["ok"] >= 2' True
# Five ping targets, two raw sockets: one per family.
raw=$(nsx dir ss -Hwa | wc -l)
[ "$raw" = 2 ] || fail "$raw raw sockets for PING_CHECK, expected 2"
log "ping: $raw raw sockets for 5 targets"
