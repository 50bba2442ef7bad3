/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DNS_CHECK's wire format (RFC 1035 §4): build one query, and parse the
 * reply completely: header, the echoed question, then every resource
 * record of the three sections with bounds and compression pointers
 * checked. No I/O, no allocation; errors are strings.
 */
#ifndef VIGIL_CHECK_DNS_H
#define VIGIL_CHECK_DNS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DNS_MAX_MSG 65535
#define DNS_QUERY_MAX 512 /* a query for one name always fits */

struct dns_info {
	uint16_t id;
	int rcode;     /* RFC 1035 §4.1.1 RCODE */
	int truncated; /* TC: records were not parsed */
	uint16_t qdcount, ancount, nscount, arcount;
	uint16_t answers; /* answer records of the asked type */
};

/* The query for name/type (class IN, RD set). Returns its length or -1
 * (name not valid). */
ssize_t dns_build_query(uint8_t *buf, size_t cap, uint16_t id, const char *name,
			uint16_t type);
/*
 * Parse a reply to that query. Returns 0 with *info (check info->rcode),
 * or -1 with *err: not a reply, wrong id, other question, malformed.
 */
int dns_parse_reply(const uint8_t *buf, size_t len, uint16_t id,
		    const char *name, uint16_t type, struct dns_info *info,
		    const char **err);

#endif
