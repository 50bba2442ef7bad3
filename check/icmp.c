// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMP echo for PING_CHECK. See icmp.h. */
#include "config.h"

#include <string.h>

#include "core/runtime/wire.h"
#include "check/icmp.h"

#define V4_ECHO 8
#define V4_REPLY 0
#define V4_UNREACH 3
#define V4_EXCEEDED 11
#define V6_ECHO 128
#define V6_REPLY 129
#define V6_UNREACH 1
#define V6_EXCEEDED 3
#define IPV6_HDR 40
#define PROTO_ICMPV6 58
#define PROTO_ICMP 1

uint16_t
icmp_checksum(const uint8_t *p, size_t len)
{
	return wire_csum_fold(wire_csum_add(0, p, len));
}

size_t
icmp_build_echo(int family, uint8_t *buf, size_t cap, uint16_t id, uint16_t seq,
		uint64_t cookie)
{
	uint16_t sum;

	if (cap < ICMP_ECHO_LEN)
		return 0;
	memset(buf, 0, ICMP_ECHO_LEN);
	buf[0] = family == AF_INET6 ? V6_ECHO : V4_ECHO;
	buf[4] = (uint8_t)(id >> 8);
	buf[5] = (uint8_t)id;
	buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	for (int i = 0; i < 8; i++)
		buf[8 + i] = (uint8_t)(cookie >> (8 * i));
	if (family == AF_INET) {
		sum = icmp_checksum(buf, ICMP_ECHO_LEN);
		buf[2] = (uint8_t)(sum >> 8);
		buf[3] = (uint8_t)sum;
	}
	return ICMP_ECHO_LEN;
}

/* An echo reply: identifier and sequence from its header, from `from`. */
static int
echo_reply(struct icmp_msg *m, const uint8_t *hdr, const struct chk_addr *from)
{
	m->kind = ICMP_K_REPLY;
	m->id = wire_get16(hdr + 4);
	m->seq = wire_get16(hdr + 6);
	m->addr = *from;
	return 0;
}

size_t
inet_v4_header(const uint8_t *p, size_t len, uint8_t *proto)
{
	size_t ihl;

	if (len < 20 || (p[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	if (ihl < 20 || ihl > len)
		return 0;
	*proto = p[9];
	return ihl;
}

/* The quoted original datagram of an ICMPv4 error: our echo request? */
static int
v4_quoted(const uint8_t *q, size_t len, struct icmp_msg *m)
{
	uint8_t proto;
	size_t ihl = inet_v4_header(q, len, &proto);

	if (!ihl || proto != PROTO_ICMP || len < ihl + 8 || q[ihl] != V4_ECHO)
		return -1;
	m->id = wire_get16(q + ihl + 4);
	m->seq = wire_get16(q + ihl + 6);
	memset(&m->addr, 0, sizeof(m->addr));
	m->addr.u.sin.sin_family = AF_INET;
	memcpy(&m->addr.u.sin.sin_addr, q + 16, 4);
	return 0;
}

static int
decode_v4(const uint8_t *buf, size_t len, const struct chk_addr *from,
	  struct icmp_msg *m)
{
	uint8_t proto;
	size_t ihl = inet_v4_header(buf, len, &proto);
	const uint8_t *icmp = buf + ihl;
	size_t ilen = len - ihl;

	if (!ihl || proto != PROTO_ICMP || ilen < 8 ||
	    icmp_checksum(icmp, ilen) != 0)
		return -1;
	m->type = icmp[0];
	m->code = icmp[1];
	if (m->type == V4_REPLY)
		return echo_reply(m, icmp, from);
	if (m->type != V4_UNREACH && m->type != V4_EXCEEDED)
		return -1;
	m->kind = m->type == V4_UNREACH ? ICMP_K_UNREACH : ICMP_K_EXCEEDED;
	return v4_quoted(icmp + 8, ilen - 8, m);
}

static int
decode_v6(const uint8_t *buf, size_t len, const struct chk_addr *from,
	  struct icmp_msg *m)
{
	const uint8_t *q = buf + 8;

	if (len < 8)
		return -1;
	m->type = buf[0];
	m->code = buf[1];
	if (m->type == V6_REPLY)
		return echo_reply(m, buf, from);
	if (m->type != V6_UNREACH && m->type != V6_EXCEEDED)
		return -1;
	/* Quoted: IPv6 header, then (without extension headers) our
	 * echo request. */
	if (len < 8 + IPV6_HDR + 8 || (q[0] >> 4) != 6 ||
	    q[6] != PROTO_ICMPV6 || q[IPV6_HDR] != V6_ECHO)
		return -1;
	m->kind = m->type == V6_UNREACH ? ICMP_K_UNREACH : ICMP_K_EXCEEDED;
	m->id = wire_get16(q + IPV6_HDR + 4);
	m->seq = wire_get16(q + IPV6_HDR + 6);
	memset(&m->addr, 0, sizeof(m->addr));
	m->addr.u.sin6.sin6_family = AF_INET6;
	memcpy(&m->addr.u.sin6.sin6_addr, q + 24, 16);
	return 0;
}

int
icmp_decode(int family, const uint8_t *buf, size_t len,
	    const struct chk_addr *from, struct icmp_msg *m)
{
	memset(m, 0, sizeof(*m));
	if (family == AF_INET)
		return decode_v4(buf, len, from, m);
	if (family == AF_INET6)
		return decode_v6(buf, len, from, m);
	return -1;
}
