// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "vrrp/vrrp_csum.h"

uint32_t
vrrp_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t s = sum;

	for (; len > 1; p += 2, len -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	if (len)
		s += (uint32_t)(p[0] << 8);
	while (s >> 32)
		s = (s & 0xffffffffu) + (s >> 32);
	return (uint32_t)s;
}

uint16_t
vrrp_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t
vrrp_csum_pseudo(const struct vrrp_ip *src, const struct vrrp_ip *dst,
		 size_t len, uint8_t proto)
{
	uint8_t tail[8] = {0};
	uint32_t sum;

	sum = vrrp_csum_add(0, src->u.b, vrrp_ip_len(src->family));
	sum = vrrp_csum_add(sum, dst->u.b, vrrp_ip_len(dst->family));
	if (src->family == AF_INET6) {
		/* 32-bit length, 3 zero bytes, next header. */
		tail[0] = (uint8_t)(len >> 24);
		tail[1] = (uint8_t)(len >> 16);
		tail[2] = (uint8_t)(len >> 8);
		tail[3] = (uint8_t)len;
		tail[7] = proto;
		return vrrp_csum_add(sum, tail, 8);
	}
	/* zero, protocol, 16-bit length. */
	tail[1] = proto;
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	return vrrp_csum_add(sum, tail, 4);
}
