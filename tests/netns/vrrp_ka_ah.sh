#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrptest and keepalived 2.2.7 as peers, VRRPv2 (advert_int 1 s) with IPsec
# AH as keepalived puts it on the wire (HMAC-MD5-96 over the IPv4 header,
# AH and VRRP), both directions: election, crash failover, preemption. A
# restarted vigil starts its AH sequence from the clock, so keepalived, which
# never accepts a sequence number it has seen, hears it again.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VERSION=2 ADVERT=1 SETTLE=6
VIP=10.$NET.0.100 PLEN=24

KA_EXTRA="authentication {
		auth_type AH
		auth_pass s3cret
	}"
VT_EXTRA=$KA_EXTRA
mixed_pair "v2-ah" 150 100
mixed_pair "v2-ah" 100 150

! grep -iE "invalid|bogus|checksum|mismatch" "$WORK/ka.log" ||
	fail "keepalived complained about vigil's adverts"
# keepalived keeps one AH counter per instance for what it sends and what
# it accepts: a BACKUP adopts its peer's sequence, and as MASTER sends
# from there, so the peer's next advert (vigil's one last advert when it
# steps down) can carry a number keepalived has just used itself, and is
# dropped as "already processed"; so is the advert after a MASTER
# "syncs" its counter on a lower priority one. Such a drop in the second
# of a keepalived transition or sync is that; any other AH complaint is ours.
bad=$(awk '/Entering MASTER STATE|Syncing seq_num/ { t = substr($0, 1, 24) }
	/IPSEC-AH/ && !/Syncing seq_num/ {
		if (!/already processed/ || substr($0, 1, 24) != t) print }' \
	"$WORK/ka.log")
[ -z "$bad" ] || fail "keepalived refused vigil's AH: $bad"
log "PASS"
