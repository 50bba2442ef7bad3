/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One IP address of either family, in network byte order: the one address
 * type of vigil. The config model (core/conf/conf_model.h, with a prefix
 * length), VRRP (addresses on the wire and on interfaces), IPVS (service
 * and destination keys, through union ipaddr_u) and the checker (which
 * adds a port and a sockaddr for connect(): check/addr.h) all build on it.
 * Plain data: it can be copied, and compared with ipaddr_eq().
 *
 * Header-only, so that every library (the config library included, which
 * links nothing else of vigil) can use it without a link dependency.
 */
#ifndef VIGIL_CORE_RUNTIME_IPADDR_H
#define VIGIL_CORE_RUNTIME_IPADDR_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define IPADDR_STRLEN INET6_ADDRSTRLEN

/* The address bytes alone; the family is kept beside them. */
union ipaddr_u {
	struct in_addr v4;
	struct in6_addr v6;
	uint8_t b[16];
};

struct ipaddr {
	uint8_t family; /* AF_INET, AF_INET6, or 0 when unset */
	union ipaddr_u u;
};

static inline size_t
ipaddr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static inline bool
ipaddr_set(const struct ipaddr *ip)
{
	return ip->family != 0;
}

/* Parse a bare address; returns -1 (errno EINVAL) if it is not one. */
static inline int
ipaddr_parse(const char *s, struct ipaddr *ip)
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

/* Parse "addr[/plen]"; a missing prefix gives the host prefix (32/128). */
static inline int
ipaddr_parse_prefix(const char *s, struct ipaddr *ip, uint8_t *plen)
{
	char buf[IPADDR_STRLEN + 8];
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
	if (ipaddr_parse(buf, ip) < 0)
		return -1;
	*plen = (uint8_t)(ipaddr_len(ip->family) * 8);
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

/* Format into buf (IPADDR_STRLEN bytes); returns buf ("-" if unset). */
static inline const char *
ipaddr_str(const struct ipaddr *ip, char *buf, size_t len)
{
	if (!ip->family || !inet_ntop(ip->family, ip->u.b, buf, (socklen_t)len))
		snprintf(buf, len, "-");
	return buf;
}

/* Order by family, then bytes in network order (RFC 5798 §6.4.3 tie break:
 * "the primary IPvX address of the sender is greater"). */
static inline int
ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->u.b, b->u.b, ipaddr_len(a->family));
}

static inline bool
ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	return ipaddr_cmp(a, b) == 0;
}

static inline void
ipaddr_from_bytes(struct ipaddr *ip, int family, const void *bytes)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = (uint8_t)family;
	memcpy(ip->u.b, bytes, ipaddr_len(family));
}

static inline bool
ipaddr_is_linklocal6(const struct ipaddr *ip)
{
	return ip->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&ip->u.v6);
}

static inline bool
ipaddr_is_multicast(const struct ipaddr *ip)
{
	if (ip->family == AF_INET)
		return IN_MULTICAST(ntohl(ip->u.v4.s_addr));
	return ip->family == AF_INET6 && IN6_IS_ADDR_MULTICAST(&ip->u.v6);
}

#endif
