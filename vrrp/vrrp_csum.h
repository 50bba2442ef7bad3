/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pseudo headers VRRP and ICMPv6 checksums cover (RFC 768 for IPv4,
 * RFC 8200 §8.1 for IPv6); the sum itself is core/runtime/wire.h's. */
#ifndef VIGIL_VRRP_CSUM_H
#define VIGIL_VRRP_CSUM_H

#include <stddef.h>
#include <stdint.h>

#include "core/runtime/wire.h"
#include "core/runtime/ipaddr.h"

/* Sum of the pseudo header for src, dst, upper-layer length and protocol. */
uint32_t vrrp_csum_pseudo(const struct ipaddr *src, const struct ipaddr *dst,
			  size_t len, uint8_t proto);

#endif
