// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_ip.h"

int
vrrp_ip_parse(const char *s, struct vrrp_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, &ip->u.v4) == 1) {
		ip->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &ip->u.v6) == 1) {
		ip->family = AF_INET6;
		return 0;
	}
	errno = EINVAL;
	return -1;
}

int
vrrp_ip_parse_prefix(const char *s, struct vrrp_ip *ip, uint8_t *plen)
{
	char buf[VRRP_IP_STRLEN + 8];
	char *slash, *end;
	unsigned long n;

	if (strlen(s) >= sizeof(buf)) {
		errno = EINVAL;
		return -1;
	}
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (vrrp_ip_parse(buf, ip) < 0)
		return -1;
	*plen = (uint8_t)(vrrp_ip_len(ip->family) * 8);
	if (!slash)
		return 0;
	errno = 0;
	n = strtoul(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end || n > *plen) {
		errno = EINVAL;
		return -1;
	}
	*plen = (uint8_t)n;
	return 0;
}

const char *
vrrp_ip_str(const struct vrrp_ip *ip, char *buf, size_t len)
{
	if (!ip->family || !inet_ntop(ip->family, ip->u.b, buf, (socklen_t)len))
		snprintf(buf, len, "-");
	return buf;
}

int
vrrp_ip_cmp(const struct vrrp_ip *a, const struct vrrp_ip *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->u.b, b->u.b, vrrp_ip_len(a->family));
}

bool
vrrp_ip_eq(const struct vrrp_ip *a, const struct vrrp_ip *b)
{
	return vrrp_ip_cmp(a, b) == 0;
}

void
vrrp_ip_from_bytes(struct vrrp_ip *ip, int family, const void *bytes)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = (uint8_t)family;
	memcpy(ip->u.b, bytes, vrrp_ip_len(family));
}

bool
vrrp_ip_is_linklocal6(const struct vrrp_ip *ip)
{
	return ip->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&ip->u.v6);
}

bool
vrrp_ip_is_multicast(const struct vrrp_ip *ip)
{
	if (ip->family == AF_INET)
		return IN_MULTICAST(ntohl(ip->u.v4.s_addr));
	return ip->family == AF_INET6 && IN6_IS_ADDR_MULTICAST(&ip->u.v6);
}
