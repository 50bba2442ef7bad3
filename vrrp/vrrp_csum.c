// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "vrrp/vrrp_csum.h"

uint32_t
vrrp_csum_pseudo(const struct ipaddr *src, const struct ipaddr *dst, size_t len,
		 uint8_t proto)
{
	uint8_t tail[8] = {0};
	uint32_t sum;

	sum = wire_csum_add(0, src->u.b, ipaddr_len(src->family));
	sum = wire_csum_add(sum, dst->u.b, ipaddr_len(dst->family));
	if (src->family == AF_INET6) {
		/* 32-bit length, 3 zero bytes, next header. */
		tail[0] = (uint8_t)(len >> 24);
		tail[1] = (uint8_t)(len >> 16);
		tail[2] = (uint8_t)(len >> 8);
		tail[3] = (uint8_t)len;
		tail[7] = proto;
		return wire_csum_add(sum, tail, 8);
	}
	/* zero, protocol, 16-bit length. */
	tail[1] = proto;
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	return wire_csum_add(sum, tail, 4);
}
