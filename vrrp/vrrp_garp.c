// SPDX-License-Identifier: GPL-2.0-or-later
/* Gratuitous ARP and unsolicited NA frames; see vrrp_garp.h. */
#include "config.h"

#include <string.h>

#include "vrrp/vrrp_csum.h"
#include "vrrp/vrrp_garp.h"

#define ETH_HLEN_ 14
#define IP6_HLEN 40
#define ICMP6_NA 136
#define NA_FLAG_ROUTER 0x80
#define NA_FLAG_OVERRIDE 0x20
#define ND_OPT_TLLA 2

static void
eth_header(uint8_t *b, const uint8_t dst[6], const uint8_t src[6],
	   uint16_t type)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	b[12] = (uint8_t)(type >> 8);
	b[13] = (uint8_t)type;
}

size_t
vrrp_garp_build(uint8_t *buf, size_t size, const uint8_t mac[6],
		const struct ipaddr *ip)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t arp_hdr[8] = {0, 1, 8, 0, 6, 4, 0, 1};
	uint8_t *a = buf + ETH_HLEN_;

	if (size < VRRP_GARP_LEN || ip->family != AF_INET)
		return 0;
	eth_header(buf, bcast, mac, 0x0806);
	/* Ethernet, IPv4, 6, 4, request */
	memcpy(a, arp_hdr, sizeof(arp_hdr));
	memcpy(a + 8, mac, 6);
	memcpy(a + 14, ip->u.b, 4);
	memcpy(a + 18, bcast, 6);
	memcpy(a + 24, ip->u.b, 4);
	return VRRP_GARP_LEN;
}

size_t
vrrp_na_build(uint8_t *buf, size_t size, const uint8_t mac[6],
	      const struct ipaddr *target, bool router)
{
	static const uint8_t mc_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
	struct ipaddr all_nodes = {.family = AF_INET6,
				   .u.b = {0xff, 0x02, [15] = 1}};
	uint8_t *ip = buf + ETH_HLEN_, *na = ip + IP6_HLEN;
	size_t na_len = 8 + 16 + 8;
	uint16_t sum;

	if (size < VRRP_NA_LEN || target->family != AF_INET6)
		return 0;
	memset(buf, 0, VRRP_NA_LEN);
	eth_header(buf, mc_mac, mac, 0x86dd);
	ip[0] = 0x60;
	ip[5] = (uint8_t)na_len;
	ip[6] = 58; /* ICMPv6 */
	ip[7] = 255;
	memcpy(ip + 8, target->u.b, 16);
	memcpy(ip + 24, all_nodes.u.b, 16);
	na[0] = ICMP6_NA;
	na[4] = NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0);
	memcpy(na + 8, target->u.b, 16);
	na[24] = ND_OPT_TLLA;
	na[25] = 1;
	memcpy(na + 26, mac, 6);
	sum = wire_csum_fold(wire_csum_add(
		vrrp_csum_pseudo(target, &all_nodes, na_len, 58), na, na_len));
	na[2] = (uint8_t)(sum >> 8);
	na[3] = (uint8_t)sum;
	return VRRP_NA_LEN;
}

void
vrrp_vmac(uint8_t mac[6], int family, uint8_t vrid)
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}
