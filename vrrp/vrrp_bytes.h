/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Big-endian field access for the wire formats (no alignment assumed). */
#ifndef VIGIL_VRRP_BYTES_H
#define VIGIL_VRRP_BYTES_H

#include <stdint.h>

static inline uint16_t
vrrp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
vrrp_get32(const uint8_t *p)
{
	return (uint32_t)vrrp_get16(p) << 16 | vrrp_get16(p + 2);
}

static inline void
vrrp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
vrrp_put32(uint8_t *p, uint32_t v)
{
	vrrp_put16(p, (uint16_t)(v >> 16));
	vrrp_put16(p + 2, (uint16_t)v);
}

#endif
