/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PING_CHECK's packets: echo requests (RFC 792, RFC 4443 §4.1) and what
 * comes back on a raw socket: echo replies, and the errors (unreachable,
 * time exceeded) that quote one of our requests. Matching by identifier,
 * sequence and address is the caller's; this only decodes. Pure.
 */
#ifndef VIGIL_CHECK_ICMP_H
#define VIGIL_CHECK_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "check/addr.h"

#define ICMP_ECHO_LEN 16 /* header 8 + payload 8 */

enum icmp_kind {
	ICMP_K_REPLY = 1, /* echo reply from `addr` */
	ICMP_K_UNREACH,	  /* our request to `addr` was unreachable */
	ICMP_K_EXCEEDED,  /* our request to `addr` ran out of hops */
};

struct icmp_msg {
	enum icmp_kind kind;
	uint16_t id, seq;
	uint8_t type, code;
	struct chk_addr addr; /* the target: reply source or quoted dst */
};

/* An echo request; the IPv4 checksum is filled in (the kernel does
 * ICMPv6's). Returns ICMP_ECHO_LEN, or 0 if cap is too small. */
size_t icmp_build_echo(int family, uint8_t *buf, size_t cap, uint16_t id,
		       uint16_t seq, uint64_t cookie);
/*
 * Decode what a raw socket of `family` read (IPv4: with the IP header)
 * from `from`. Returns 0 with *m for an echo reply or an error quoting an
 * echo request; -1 for anything else (other ICMP traffic, malformed).
 */
int icmp_decode(int family, const uint8_t *buf, size_t len,
		const struct chk_addr *from, struct icmp_msg *m);
uint16_t icmp_checksum(const uint8_t *p, size_t len);
/* An IPv4 header at p: its length with *proto set, or 0 if it is not one
 * (not version 4, shorter than 20 bytes or than its IHL). */
size_t inet_v4_header(const uint8_t *p, size_t len, uint8_t *proto);

#endif
