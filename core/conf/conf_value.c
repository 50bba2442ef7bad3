// SPDX-License-Identifier: GPL-2.0-or-later
/* Typed values of the config language: integers, times, booleans,
 * addresses and ports. Strict: the whole string must be the value. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/conf/conf_int.h"

static int
parse_ull(const char *s, unsigned long long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	return 0;
}

int
conf_parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;

	if (*s == '+')
		s++;
	if (parse_ull(s, &x) < 0)
		return -1;
	*v = x;
	return 0;
}

int
conf_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int
conf_parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s);

	if (n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = conf_hex_digit(s[2 * i]),
		    lo = conf_hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

int
conf_parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;

	if (conf_parse_u64(s, &x) < 0 || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int
conf_parse_i32(const char *s, int32_t *v)
{
	bool neg = *s == '-';
	unsigned long long x;

	if (*s == '-' || *s == '+')
		s++;
	if (parse_ull(s, &x) < 0 || x > (neg ? 2147483648ull : 2147483647ull))
		return -1;
	*v = neg ? (int32_t)(-(long long)x) : (int32_t)x;
	return 0;
}

int
conf_parse_time(const char *s, uint64_t *us)
{
	unsigned long long whole = 0, frac = 0;
	unsigned digits = 0;
	const char *p = s;

	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p) &&
	    !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		whole = whole * 10 + (unsigned)(*p - '0');
		if (whole > UINT64_MAX / CONF_USEC / 10)
			return -1;
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, digits++) {
			/* resolution is a microsecond; further digits dropped */
			if (digits < 6)
				frac = frac * 10 + (unsigned)(*p - '0');
		}
	}
	if (*p)
		return -1;
	for (; digits < 6; digits++)
		frac *= 10;
	*us = whole * CONF_USEC + frac;
	return 0;
}

int
conf_parse_bool(const char *s, bool *v)
{
	static const char *const yes[] = {"on", "true", "yes"};
	static const char *const no[] = {"off", "false", "no"};

	for (size_t i = 0; i < 3; i++) {
		if (!strcasecmp(s, yes[i])) {
			*v = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*v = false;
			return 0;
		}
	}
	return -1;
}

int
conf_parse_addr(const char *s, bool allow_prefix, struct conf_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t plen = 0;

	memset(a, 0, sizeof(*a));
	if (n == 0 || n >= sizeof(buf) || (slash && !allow_prefix))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (ipaddr_parse(buf, &a->ip) < 0)
		return -1;
	a->prefix = (uint8_t)(ipaddr_len(a->ip.family) * 8);
	if (slash) {
		if (conf_parse_u32(slash + 1, &plen) < 0 || plen > a->prefix)
			return -1;
		a->prefix = (uint8_t)plen;
		a->has_prefix = true;
	}
	return 0;
}

int
conf_parse_port(const char *s, bool allow_zero, uint16_t *p)
{
	uint32_t v;

	if (conf_parse_u32(s, &v) < 0 || v > 65535 || (v == 0 && !allow_zero))
		return -1;
	*p = (uint16_t)v;
	return 0;
}

const char *
conf_addr_str(const struct conf_addr *a, char *buf, size_t n)
{
	char tmp[IPADDR_STRLEN];

	if (!ipaddr_set(&a->ip)) {
		snprintf(buf, n, "(none)");
		return buf;
	}
	ipaddr_str(&a->ip, tmp, sizeof(tmp));
	if (a->has_prefix)
		snprintf(buf, n, "%s/%u", tmp, a->prefix);
	else
		snprintf(buf, n, "%s", tmp);
	return buf;
}

int
conf_addr_cmp(const struct conf_addr *a, const struct conf_addr *b)
{
	int r = ipaddr_cmp(&a->ip, &b->ip);

	if (r)
		return r;
	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	return 0;
}

bool
conf_addr_eq(const struct conf_addr *a, const struct conf_addr *b)
{
	return conf_addr_cmp(a, b) == 0;
}

bool
conf_addr_is_multicast(const struct conf_addr *a)
{
	return ipaddr_is_multicast(&a->ip);
}

bool
conf_addr_is_linklocal(const struct conf_addr *a)
{
	return ipaddr_is_linklocal6(&a->ip);
}

bool
conf_addr_is_network(const struct conf_addr *a)
{
	size_t bits = ipaddr_set(&a->ip) ? ipaddr_len(a->ip.family) * 8 : 0;

	for (size_t i = a->prefix; i < bits; i++)
		if (a->ip.u.b[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}
