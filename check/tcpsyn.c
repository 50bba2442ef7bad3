// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "check/icmp.h"
#include "core/runtime/wire.h"
#include "check/tcpsyn.h"

#define PROTO_TCP 6
#define TCP_HDR 20
#define MSS 1460

/* RFC 9293 §3.1: the IPv4 pseudo-header, then the segment. */
static uint16_t
v4_checksum(const struct chk_addr *src, const struct chk_addr *dst,
	    const uint8_t *seg, size_t len)
{
	uint8_t ph[12];

	memcpy(ph, &src->u.sin.sin_addr, 4);
	memcpy(ph + 4, &dst->u.sin.sin_addr, 4);
	ph[8] = 0;
	ph[9] = PROTO_TCP;
	wire_put16(ph + 10, (uint16_t)len);
	return wire_csum_fold(wire_csum_add(wire_csum_add(0, ph, sizeof(ph)),
					    seg, len));
}

size_t
tcpsyn_build(uint8_t *buf, size_t cap, const struct chk_addr *src,
	     uint16_t sport, const struct chk_addr *dst, uint32_t isn)
{
	int fam = chk_addr_family(dst);

	if (cap < TCPSYN_LEN || chk_addr_family(src) != fam ||
	    (fam != AF_INET && fam != AF_INET6))
		return 0;
	memset(buf, 0, TCPSYN_LEN);
	wire_put16(buf, sport);
	wire_put16(buf + 2, chk_addr_port(dst));
	wire_put32(buf + 4, isn);
	buf[12] = (TCPSYN_LEN / 4) << 4;
	buf[13] = TCPSYN_F_SYN;
	wire_put16(buf + 14, 1024); /* window: it never carries data */
	buf[20] = 2;	       /* MSS option, RFC 9293 §3.7.1 */
	buf[21] = 4;
	wire_put16(buf + 22, MSS);
	if (fam == AF_INET)
		wire_put16(buf + 16, v4_checksum(src, dst, buf, TCPSYN_LEN));
	return TCPSYN_LEN;
}

/* The TCP header at seg: a SYN-ACK or a RST? */
static int
decode_tcp(const uint8_t *seg, size_t len, struct tcpsyn_reply *r)
{
	size_t off;

	if (len < TCP_HDR)
		return -1;
	off = (size_t)(seg[12] >> 4) * 4;
	if (off < TCP_HDR || off > len)
		return -1;
	r->flags = seg[13];
	if (!(r->flags & TCPSYN_F_RST) &&
	    (r->flags & (TCPSYN_F_SYN | TCPSYN_F_ACK)) !=
		    (TCPSYN_F_SYN | TCPSYN_F_ACK))
		return -1;
	chk_addr_set_port(&r->from, wire_get16(seg));
	r->dport = wire_get16(seg + 2);
	r->seq = wire_get32(seg + 4);
	r->ack = wire_get32(seg + 8);
	return 0;
}

static int
decode_v4(const uint8_t *buf, size_t len, struct tcpsyn_reply *r)
{
	uint8_t proto;
	size_t ihl = inet_v4_header(buf, len, &proto);
	size_t tot;

	if (!ihl || proto != PROTO_TCP)
		return -1;
	tot = wire_get16(buf + 2);
	/* A fragment (MF set or an offset) does not hold a whole header. */
	if ((wire_get16(buf + 6) & 0x3fff) || tot < ihl || tot > len)
		return -1;
	memset(&r->from, 0, sizeof(r->from));
	r->from.u.sin.sin_family = AF_INET;
	memcpy(&r->from.u.sin.sin_addr, buf + 12, 4);
	/* No checksum test: the kernel has not verified it yet when a raw
	 * socket gets the copy, and between namespaces (veth) a segment
	 * arrives with only its pseudo-header sum in the field (checksum
	 * offload). A reply is matched on address, ports and the 32-bit
	 * acknowledgement of our sequence instead. */
	return decode_tcp(buf + ihl, tot - ihl, r);
}

int
tcpsyn_decode(int family, const uint8_t *buf, size_t len,
	      const struct chk_addr *from, struct tcpsyn_reply *r)
{
	memset(r, 0, sizeof(*r));
	if (family == AF_INET)
		return decode_v4(buf, len, r);
	if (family != AF_INET6 || chk_addr_family(from) != AF_INET6)
		return -1;
	r->from = *from;
	return decode_tcp(buf, len, r);
}

int
tcpsyn_decode_quoted(const uint8_t *buf, size_t len, uint16_t *sport,
		     struct tcpsyn_reply *r)
{
	memset(r, 0, sizeof(*r));
	if (len < 8)
		return -1;
	*sport = wire_get16(buf);
	r->dport = wire_get16(buf + 2);
	r->seq = wire_get32(buf + 4);
	return 0;
}
