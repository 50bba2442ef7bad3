#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrptest and keepalived 2.2.7 as peers, VRRPv2 (advert_int 1 s) with the
# simple password, both directions: election, crash failover, preemption;
# and no advert refused by either side.
. "$(dirname "$0")/vrrp_lib.sh"

topology
VERSION=2 ADVERT=1 SETTLE=6
VIP=10.$NET.0.100 PLEN=24

KA_EXTRA="authentication {
		auth_type PASS
		auth_pass s3cret
	}"
VT_EXTRA=$KA_EXTRA
mixed_pair "v2-pass" 150 100
mixed_pair "v2-pass" 100 150

! grep -iE "invalid|bogus|checksum|mismatch|IPSEC-AH" "$WORK/ka.log" ||
	fail "keepalived complained about vigil's adverts"
log "PASS"
