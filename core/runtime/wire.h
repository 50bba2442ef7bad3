/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network byte order reads and writes at any alignment, and the Internet
 * checksum (RFC 1071), for the wire formats (VRRP, DNS, ICMP, TCP). Pure.
 */
#ifndef VIGIL_CORE_WIRE_H
#define VIGIL_CORE_WIRE_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t
wire_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
wire_get32(const uint8_t *p)
{
	return (uint32_t)wire_get16(p) << 16 | wire_get16(p + 2);
}

static inline void
wire_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
wire_put32(uint8_t *p, uint32_t v)
{
	wire_put16(p, (uint16_t)(v >> 16));
	wire_put16(p + 2, (uint16_t)v);
}

/* Add bytes to a running 32-bit sum of big-endian 16-bit words (a pseudo
 * header, then the segment; an odd tail is padded with a zero byte). */
static inline uint32_t
wire_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t s = sum;

	for (; len > 1; p += 2, len -= 2)
		s += wire_get16(p);
	if (len)
		s += (uint32_t)(p[0] << 8);
	while (s >> 32)
		s = (s & 0xffffffffu) + (s >> 32);
	return (uint32_t)s;
}

/* Fold and complement: the value to store in a checksum field (0 when
 * summing a segment that holds a correct checksum). */
static inline uint16_t
wire_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

#endif
