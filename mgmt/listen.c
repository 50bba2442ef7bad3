// SPDX-License-Identifier: GPL-2.0-or-later
/* The management listener's address (listen.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime/ipaddr.h"
#include "mgmt/listen.h"

static int
bad(const char **err, const char *why)
{
	*err = why;
	errno = EINVAL;
	return -1;
}

static int
port_of(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9' || strlen(s) > 5)
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
mgmt_listen_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len,
		  const char **err)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	struct ipaddr ip;
	uint16_t port;
	size_t n;

	memset(ss, 0, sizeof(*ss));
	if (!colon) { /* a port alone: loopback */
		colon = s - 1;
		snprintf(host, sizeof(host), "127.0.0.1");
	} else {
		n = (size_t)(colon - s);
		if (n >= sizeof(host))
			return bad(err, "address too long");
		memcpy(host, s, n);
		host[n] = '\0';
		if (host[0] == '[') {
			if (n < 2 || host[n - 1] != ']')
				return bad(err, "IPv6 needs brackets: "
						"[ADDR]:PORT");
			memmove(host, host + 1, n - 2);
			host[n - 2] = '\0';
		} else if (strchr(host, ':')) {
			return bad(err, "IPv6 needs brackets: [ADDR]:PORT");
		}
	}
	if (port_of(colon + 1, &port) < 0)
		return bad(err, "bad port (1-65535)");
	if (ipaddr_parse(host, &ip) < 0)
		return bad(err, "bad address");
	if (ip.family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		a->sin_addr = ip.u.v4;
		*len = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		a->sin6_addr = ip.u.v6;
		*len = sizeof(*a);
	}
	return 0;
}
