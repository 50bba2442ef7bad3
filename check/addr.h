/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Socket addresses for the checker: an IPv4 or IPv6 address with a port,
 * parsed, printed ("10.0.0.1:80", "[fd00::1]:80") and compared. Pure.
 * The address part is vigil's one address type (core/runtime/ipaddr.h);
 * this adds the port and the sockaddr that connect() and bind() take.
 */
#ifndef VIGIL_CHECK_ADDR_H
#define VIGIL_CHECK_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/runtime/ipaddr.h"

struct chk_addr {
	union {
		struct sockaddr sa;
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
	} u;
};

/* Longest text chk_addr_fmt() writes, with its NUL. */
#define CHK_ADDR_STRLEN (INET6_ADDRSTRLEN + 8)

/* An address with no family: "not set". */
static inline bool
chk_addr_isset(const struct chk_addr *a)
{
	return a->u.sa.sa_family == AF_INET || a->u.sa.sa_family == AF_INET6;
}

static inline int
chk_addr_family(const struct chk_addr *a)
{
	return a->u.sa.sa_family;
}

socklen_t chk_addr_len(const struct chk_addr *a);
uint16_t chk_addr_port(const struct chk_addr *a);
void chk_addr_set_port(struct chk_addr *a, uint16_t port);

/* From an address and a port (an unset address gives an unset endpoint). */
void chk_addr_from_ip(struct chk_addr *a, const struct ipaddr *ip,
		      uint16_t port);
/* The address part alone. */
void chk_addr_ip(const struct chk_addr *a, struct ipaddr *ip);

/* "192.0.2.1" or "2001:db8::1" (no port). Returns 0 or -1 (EINVAL). */
int chk_addr_parse(struct chk_addr *a, const char *text, uint16_t port);
/*
 * "ADDR", "ADDR:PORT", "[V6]:PORT" or "V6" (no port). Returns 0 or -1.
 * A port-less form leaves the port at 0.
 */
int chk_addr_parse_hostport(struct chk_addr *a, const char *text);

/* Address and port compare (the port counts when `port` is true). */
bool chk_addr_equal(const struct chk_addr *a, const struct chk_addr *b,
		    bool port);
/* "ADDR:PORT" ("[ADDR]:PORT" for IPv6); "ADDR" alone when the port is 0. */
const char *chk_addr_fmt(const struct chk_addr *a, char *buf, size_t len);
/* The address alone. */
const char *chk_addr_fmt_ip(const struct chk_addr *a, char *buf, size_t len);
/* A hash of family, address and port (for tables). */
uint64_t chk_addr_hash(const struct chk_addr *a, uint64_t h);

/* FNV-1a over bytes, chained through h (start with CHK_HASH_INIT). */
#define CHK_HASH_INIT 0xcbf29ce484222325ULL
uint64_t chk_hash_bytes(uint64_t h, const void *p, size_t len);
uint64_t chk_hash_str(uint64_t h, const char *s);

#endif
