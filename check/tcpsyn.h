/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP_CHECK's half-open probe on the wire: a bare SYN written to a raw
 * socket, and what comes back for it, a SYN-ACK (the port is open) or a
 * RST (refused). The local kernel has no socket for the reply, so it
 * answers a SYN-ACK with a RST itself: the server's request is gone at
 * once and no connection ever completes (RFC 9293 §3.5, §3.10.7.1).
 * Matching a reply to its probe is the caller's; this only builds and
 * decodes. Pure.
 */
#ifndef VIGIL_CHECK_TCPSYN_H
#define VIGIL_CHECK_TCPSYN_H

#include <stddef.h>
#include <stdint.h>

#include "check/addr.h"

#define TCPSYN_LEN 24 /* header 20 + MSS option 4 */

#define TCPSYN_F_RST 0x04
#define TCPSYN_F_SYN 0x02
#define TCPSYN_F_ACK 0x10

struct tcpsyn_reply {
	struct chk_addr from; /* the server: address and port */
	uint16_t dport;	      /* our port */
	uint32_t seq, ack;
	uint8_t flags;
};

/*
 * A SYN from `src` (address; sport is the port) to `dst` (address and
 * port) with initial sequence `isn`. IPv4: the checksum is filled in from
 * the pseudo-header; IPv6: left 0 for the kernel (IPV6_CHECKSUM). Returns
 * TCPSYN_LEN, or 0 if cap is too small or the families differ.
 */
size_t tcpsyn_build(uint8_t *buf, size_t cap, const struct chk_addr *src,
		    uint16_t sport, const struct chk_addr *dst, uint32_t isn);
/*
 * Decode what a raw IPPROTO_TCP socket of `family` read from `from`
 * (IPv4: starting with the IP header; IPv6: the TCP header alone). Returns
 * 0 with *r for a SYN-ACK or a RST; -1 for anything else (other segments,
 * fragments, malformed).
 */
int tcpsyn_decode(int family, const uint8_t *buf, size_t len,
		  const struct chk_addr *from, struct tcpsyn_reply *r);

/*
 * The start of our SYN as an ICMP error quoted it (at least 8 bytes:
 * ports and sequence; IP_RECVERR hands over the transport header): 0 with
 * r->dport (the target's port), r->seq (our sequence) and our source port
 * in *sport; -1 if too short.
 */
int tcpsyn_decode_quoted(const uint8_t *buf, size_t len, uint16_t *sport,
			 struct tcpsyn_reply *r);

#endif
