// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS query and reply for DNS_CHECK. See dns.h. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/runtime/wire.h"
#include "check/dns.h"

#define HDR 12
#define CLASS_IN 1
#define TYPE_CNAME 5

/* "www.example.com" (a trailing dot is fine, "." is the root) in
 * labels. Returns bytes written or -1. */
static ssize_t
encode_name(uint8_t *out, size_t cap, const char *name)
{
	size_t o = 0;
	const char *p = name;

	if (!strcmp(name, ".") || !*name) {
		if (cap < 1)
			return -1;
		out[0] = 0;
		return 1;
	}
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (n == 0 || n > 63 || o + n + 2 > cap || o + n + 2 > 255)
			return -1;
		out[o++] = (uint8_t)n;
		memcpy(out + o, p, n);
		o += n;
		p += n;
		if (*p == '.')
			p++;
	}
	out[o++] = 0;
	return (ssize_t)o;
}

ssize_t
dns_build_query(uint8_t *buf, size_t cap, uint16_t id, const char *name,
		uint16_t type)
{
	ssize_t n;

	if (cap < HDR + 4)
		return -1;
	memset(buf, 0, HDR);
	wire_put16(buf, id);
	buf[2] = 0x01; /* RD */
	wire_put16(buf + 4, 1);
	n = encode_name(buf + HDR, cap - HDR - 4, name);
	if (n < 0)
		return -1;
	wire_put16(buf + HDR + n, type);
	wire_put16(buf + HDR + n + 2, CLASS_IN);
	return HDR + n + 4;
}

/*
 * Read the name at *off into out (lower case, dotted, "." for the root),
 * following compression pointers only backwards (RFC 1035 §4.1.4), so a
 * loop cannot happen. *off moves past the name as it appears in place.
 */
static int
read_name(const uint8_t *m, size_t len, size_t *off, char *out, size_t cap)
{
	size_t p = *off, o = 0, limit = *off, total = 0;
	bool jumped = false;

	for (;;) {
		uint8_t l;

		if (p >= len)
			return -1;
		l = m[p];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= len)
				return -1;
			to = (size_t)(l & 0x3f) << 8 | m[p + 1];
			if (to >= limit)
				return -1; /* forward or self: refuse */
			if (!jumped)
				*off = p + 2;
			jumped = true;
			limit = to;
			p = to;
			continue;
		}
		if (l & 0xc0)
			return -1; /* 0x40/0x80: reserved label types */
		if (l == 0)
			break;
		if (p + 1 + l > len || (total += l + 1) > 255)
			return -1;
		for (size_t i = 0; i < l; i++) {
			if (out && o + 2 < cap)
				out[o++] = (char)tolower(m[p + 1 + i]);
		}
		if (out && o + 2 < cap)
			out[o++] = '.';
		p += 1 + l;
	}
	if (!jumped)
		*off = p + 1;
	if (out) {
		if (o == 0)
			out[o++] = '.';
		out[o] = '\0';
	}
	return 0;
}

/* "Example.COM" and "example.com." name the same as "example.com.". */
static bool
same_name(const char *got, const char *want)
{
	size_t g = strlen(got), w = strlen(want);

	if (!*want || !strcmp(want, "."))
		return !strcmp(got, ".");
	if (want[w - 1] != '.')
		return g == w + 1 && !strncasecmp(got, want, w);
	return g == w && !strcasecmp(got, want);
}

static int
question(const uint8_t *m, size_t len, size_t *off, const char *name,
	 uint16_t type, const char **err)
{
	char got[300];

	if (read_name(m, len, off, got, sizeof(got)) < 0 || *off + 4 > len) {
		*err = "malformed question";
		return -1;
	}
	if (!same_name(got, name) || wire_get16(m + *off) != type ||
	    wire_get16(m + *off + 2) != CLASS_IN) {
		*err = "reply to another question";
		return -1;
	}
	*off += 4;
	return 0;
}

static int
records(const uint8_t *m, size_t len, size_t *off, unsigned n, uint16_t type,
	uint16_t *matched)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t t, rdlen;

		if (read_name(m, len, off, NULL, 0) < 0 || *off + 10 > len)
			return -1;
		t = wire_get16(m + *off);
		rdlen = wire_get16(m + *off + 8);
		*off += 10;
		if (*off + rdlen > len)
			return -1;
		if (matched && (t == type || t == TYPE_CNAME))
			(*matched)++;
		*off += rdlen;
	}
	return 0;
}

static int
header(const uint8_t *m, size_t len, uint16_t id, struct dns_info *info,
       const char **err)
{
	if (len < HDR) {
		*err = "short reply";
		return -1;
	}
	memset(info, 0, sizeof(*info));
	info->id = wire_get16(m);
	if (info->id != id) {
		*err = "wrong id";
		return -1;
	}
	if (!(m[2] & 0x80) || (m[2] & 0x78)) {
		*err = "not a reply to a standard query";
		return -1;
	}
	info->truncated = (m[2] & 0x02) != 0;
	info->rcode = m[3] & 0x0f;
	info->qdcount = wire_get16(m + 4);
	info->ancount = wire_get16(m + 6);
	info->nscount = wire_get16(m + 8);
	info->arcount = wire_get16(m + 10);
	return 0;
}

int
dns_parse_reply(const uint8_t *m, size_t len, uint16_t id, const char *name,
		uint16_t type, struct dns_info *info, const char **err)
{
	size_t off = HDR;

	if (header(m, len, id, info, err) < 0)
		return -1;
	/* Servers may leave the question out of an error reply. */
	if (info->qdcount == 0 && info->rcode != 0)
		return 0;
	if (info->qdcount != 1) {
		*err = "question count is not 1";
		return -1;
	}
	if (question(m, len, &off, name, type, err) < 0)
		return -1;
	if (info->truncated)
		return 0;
	if (records(m, len, &off, info->ancount, type, &info->answers) < 0 ||
	    records(m, len, &off, info->nscount, type, NULL) < 0 ||
	    records(m, len, &off, (unsigned)info->arcount, type, NULL) < 0) {
		*err = "malformed record";
		return -1;
	}
	return 0;
}
