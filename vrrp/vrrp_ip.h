/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One IP address of either family, as VRRP carries it on the wire (network
 * byte order), with parse/format/compare helpers. Plain data: can be copied
 * and compared with vrrp_ip_eq().
 */
#ifndef VIGIL_VRRP_IP_H
#define VIGIL_VRRP_IP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define VRRP_IP_STRLEN INET6_ADDRSTRLEN

struct vrrp_ip {
	uint8_t family; /* AF_INET, AF_INET6, or 0 when unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t b[16];
	} u;
};

static inline size_t
vrrp_ip_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static inline bool
vrrp_ip_set(const struct vrrp_ip *ip)
{
	return ip->family != 0;
}

/* Parse a bare address; returns -1 (errno EINVAL) if it is not one. */
int vrrp_ip_parse(const char *s, struct vrrp_ip *ip);
/* Parse "addr[/plen]"; a missing prefix gives the host prefix (32/128). */
int vrrp_ip_parse_prefix(const char *s, struct vrrp_ip *ip, uint8_t *plen);
/* Format into buf (VRRP_IP_STRLEN bytes); returns buf ("-" if unset). */
const char *vrrp_ip_str(const struct vrrp_ip *ip, char *buf, size_t len);
/* Order by family, then bytes in network order (RFC 5798 §6.4.3 tie break:
 * "the primary IPvX address of the sender is greater"). */
int vrrp_ip_cmp(const struct vrrp_ip *a, const struct vrrp_ip *b);
bool vrrp_ip_eq(const struct vrrp_ip *a, const struct vrrp_ip *b);
void vrrp_ip_from_bytes(struct vrrp_ip *ip, int family, const void *bytes);
bool vrrp_ip_is_linklocal6(const struct vrrp_ip *ip);
bool vrrp_ip_is_multicast(const struct vrrp_ip *ip);

#endif
