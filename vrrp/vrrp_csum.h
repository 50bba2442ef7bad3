/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Internet checksum (RFC 1071) and the pseudo headers VRRP and ICMPv6
 * use (RFC 768 for IPv4, RFC 8200 §8.1 for IPv6). */
#ifndef VIGIL_VRRP_CSUM_H
#define VIGIL_VRRP_CSUM_H

#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp_ip.h"

/* Add bytes to a running 32-bit sum (big-endian 16-bit words). */
uint32_t vrrp_csum_add(uint32_t sum, const void *data, size_t len);
/* Fold and complement: the value to store in a checksum field. */
uint16_t vrrp_csum_fold(uint32_t sum);
/* Sum of the pseudo header for src, dst, upper-layer length and protocol. */
uint32_t vrrp_csum_pseudo(const struct vrrp_ip *src, const struct vrrp_ip *dst,
			  size_t len, uint8_t proto);

#endif
