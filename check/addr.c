// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/addr.h"

socklen_t
chk_addr_len(const struct chk_addr *a)
{
	switch (a->u.sa.sa_family) {
	case AF_INET:
		return sizeof(a->u.sin);
	case AF_INET6:
		return sizeof(a->u.sin6);
	default:
		return 0;
	}
}

uint16_t
chk_addr_port(const struct chk_addr *a)
{
	switch (a->u.sa.sa_family) {
	case AF_INET:
		return ntohs(a->u.sin.sin_port);
	case AF_INET6:
		return ntohs(a->u.sin6.sin6_port);
	default:
		return 0;
	}
}

void
chk_addr_set_port(struct chk_addr *a, uint16_t port)
{
	if (a->u.sa.sa_family == AF_INET)
		a->u.sin.sin_port = htons(port);
	else if (a->u.sa.sa_family == AF_INET6)
		a->u.sin6.sin6_port = htons(port);
}

int
chk_addr_parse(struct chk_addr *a, const char *text, uint16_t port)
{
	struct ipaddr ip;

	memset(a, 0, sizeof(*a));
	if (ipaddr_parse(text, &ip) < 0)
		return -1;
	chk_addr_from_ip(a, &ip, port);
	return 0;
}

void
chk_addr_from_ip(struct chk_addr *a, const struct ipaddr *ip, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (ip->family == AF_INET) {
		a->u.sin.sin_family = AF_INET;
		a->u.sin.sin_addr = ip->u.v4;
	} else if (ip->family == AF_INET6) {
		a->u.sin6.sin6_family = AF_INET6;
		a->u.sin6.sin6_addr = ip->u.v6;
	}
	chk_addr_set_port(a, port);
}

void
chk_addr_ip(const struct chk_addr *a, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (a->u.sa.sa_family == AF_INET)
		ipaddr_from_bytes(ip, AF_INET, &a->u.sin.sin_addr);
	else if (a->u.sa.sa_family == AF_INET6)
		ipaddr_from_bytes(ip, AF_INET6, &a->u.sin6.sin6_addr);
}

static int
parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
chk_addr_parse_hostport(struct chk_addr *a, const char *text)
{
	char buf[INET6_ADDRSTRLEN + 16];
	const char *colon;
	uint16_t port = 0;
	size_t n;

	if (strlen(text) >= sizeof(buf))
		goto bad;
	if (text[0] == '[') {
		const char *close = strchr(text, ']');

		if (!close)
			goto bad;
		n = (size_t)(close - text - 1);
		memcpy(buf, text + 1, n);
		buf[n] = '\0';
		if (close[1] == ':' && parse_port(close + 2, &port) < 0)
			goto bad;
		if (close[1] && close[1] != ':')
			goto bad;
		return chk_addr_parse(a, buf, port);
	}
	colon = strchr(text, ':');
	if (colon && strchr(colon + 1, ':'))
		return chk_addr_parse(a, text, 0); /* bare IPv6 */
	if (!colon)
		return chk_addr_parse(a, text, 0);
	n = (size_t)(colon - text);
	memcpy(buf, text, n);
	buf[n] = '\0';
	if (parse_port(colon + 1, &port) < 0)
		goto bad;
	return chk_addr_parse(a, buf, port);
bad:
	errno = EINVAL;
	return -1;
}

bool
chk_addr_equal(const struct chk_addr *a, const struct chk_addr *b, bool port)
{
	if (a->u.sa.sa_family != b->u.sa.sa_family)
		return false;
	if (port && chk_addr_port(a) != chk_addr_port(b))
		return false;
	switch (a->u.sa.sa_family) {
	case AF_INET:
		return a->u.sin.sin_addr.s_addr == b->u.sin.sin_addr.s_addr;
	case AF_INET6:
		return !memcmp(&a->u.sin6.sin6_addr, &b->u.sin6.sin6_addr,
			       sizeof(a->u.sin6.sin6_addr)) &&
		       a->u.sin6.sin6_scope_id == b->u.sin6.sin6_scope_id;
	default:
		return true; /* both unset */
	}
}

const char *
chk_addr_fmt_ip(const struct chk_addr *a, char *buf, size_t len)
{
	struct ipaddr ip;

	chk_addr_ip(a, &ip);
	return ipaddr_str(&ip, buf, len);
}

const char *
chk_addr_fmt(const struct chk_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	uint16_t port = chk_addr_port(a);

	chk_addr_fmt_ip(a, ip, sizeof(ip));
	if (!port)
		snprintf(buf, len, "%s", ip);
	else if (a->u.sa.sa_family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", ip, port);
	else
		snprintf(buf, len, "%s:%u", ip, port);
	return buf;
}

uint64_t
chk_hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
chk_hash_str(uint64_t h, const char *s)
{
	return s ? chk_hash_bytes(h, s, strlen(s) + 1)
		 : chk_hash_bytes(h, "", 0);
}

uint64_t
chk_addr_hash(const struct chk_addr *a, uint64_t h)
{
	uint16_t port = chk_addr_port(a);
	int fam = a->u.sa.sa_family;

	h = chk_hash_bytes(h, &fam, sizeof(fam));
	h = chk_hash_bytes(h, &port, sizeof(port));
	if (fam == AF_INET)
		h = chk_hash_bytes(h, &a->u.sin.sin_addr, 4);
	else if (fam == AF_INET6)
		h = chk_hash_bytes(h, &a->u.sin6.sin6_addr, 16);
	return h;
}
