// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/ip_vs_conn_sync lines (conn_proc.h). The names are the
 * kernel's: ip_vs_proto_name() for protocols, the state name tables of
 * ip_vs_proto_{tcp,udp,sctp}.c in the order of their enums (net/ip_vs.h),
 * and ip_vs_ctpl_state_name_table for templates.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <linux/ip_vs.h>

#include "sync/conn_proc.h"

#define NFIELDS 10

static const char *const tcp_states[] = {
	"NONE",	 "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT",
	"CLOSE", "CLOSE_WAIT",	"LAST_ACK", "LISTEN",	"SYNACK",
};
static const char *const udp_states[] = {"UDP"};
static const char *const sctp_states[] = {
	"NONE",	      "INIT1",	    "INIT",	"C-SENT",      "C-REPLIED",
	"C-WAIT",     "COOKIE",	    "C-ECHOED", "ESTABLISHED", "S-SENT",
	"S-RECEIVED", "S-ACK-SENT", "REJECTED", "CLOSED",
};
static const char *const tpl_states[] = {"NONE", "ASSURED"};

struct field {
	const char *p;
	size_t len, at;
};

static bool
is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && !memcmp(f->p, s, f->len);
}

static int
lookup(const char *const *names, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return (int)i;
	return -1;
}

#define LOOKUP(t, name, len) lookup(t, sizeof(t) / sizeof(t[0]), name, len)

int
sync_proc_state(int protocol, bool template, const char *name, size_t len)
{
	if (template)
		return LOOKUP(tpl_states, name, len);
	switch (protocol) {
	case IPPROTO_TCP:
		return LOOKUP(tcp_states, name, len);
	case IPPROTO_UDP:
		return LOOKUP(udp_states, name, len);
	case IPPROTO_SCTP:
		return LOOKUP(sctp_states, name, len);
	default:
		return -1;
	}
}

/* Hex digits to a number: exactly n of them. */
static int
hex(const struct field *f, size_t n, uint32_t *v)
{
	*v = 0;
	if (f->len != n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char ch = f->p[i];
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

static int
protocol(const struct field *f)
{
	static const struct {
		const char *name;
		int proto;
	} names[] = {
		{"IP", IPPROTO_IP},	{"TCP", IPPROTO_TCP},
		{"UDP", IPPROTO_UDP},	{"SCTP", IPPROTO_SCTP},
		{"ICMP", IPPROTO_ICMP}, {"ICMPv6", IPPROTO_ICMPV6},
	};
	uint32_t n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (is(f, names[i].name))
			return names[i].proto;
	if (f->len < 4 || f->len > 6 || memcmp(f->p, "IP_", 3))
		return -1;
	for (size_t i = 3; i < f->len; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		n = n * 10 + (uint32_t)(f->p[i] - '0');
	}
	return n > 255 ? -1 : (int)n;
}

/* An address: 8 hex digits (IPv4, host order) or an IPv6 one. */
static int
address(const struct field *f, uint8_t *af, union ipaddr_u *a)
{
	char s[48];
	uint32_t v;

	memset(a, 0, sizeof(*a));
	if (!hex(f, 8, &v)) {
		*af = AF_INET;
		a->v4.s_addr = htonl(v);
		return 0;
	}
	if (f->len < 2 || f->len >= sizeof(s) || !memchr(f->p, ':', f->len))
		return -1;
	memcpy(s, f->p, f->len);
	s[f->len] = 0;
	*af = AF_INET6;
	return inet_pton(AF_INET6, s, &a->v6) == 1 ? 0 : -1;
}

static int
decimal(const struct field *f, uint32_t *v)
{
	uint64_t n = 0;

	if (!f->len || f->len > 10)
		return -1;
	for (size_t i = 0; i < f->len; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		n = n * 10 + (uint64_t)(f->p[i] - '0');
	}
	if (n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* Split on spaces; -1 when there are not exactly NFIELDS fields. */
static int
split(const char *line, size_t len, struct field f[NFIELDS], size_t *at)
{
	size_t n = 0, i = 0;

	while (i < len) {
		if (line[i] == ' ' || line[i] == '\t') {
			i++;
			continue;
		}
		if (n == NFIELDS) {
			*at = i;
			return -1;
		}
		f[n].p = line + i;
		f[n].at = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		f[n].len = (size_t)(line + i - f[n].p);
		n++;
	}
	*at = len;
	return n == NFIELDS ? 0 : -1;
}

static int
bad(const char **why, size_t *at, const char *w, size_t where)
{
	*why = w;
	*at = where;
	return -1;
}

/* The ports and the three addresses. */
static int
endpoints(const struct field *f, struct sync_proc_conn *o, const char **why,
	  size_t *at)
{
	uint8_t caf, vaf;
	uint32_t cp, vp, dp;

	if (address(&f[1], &caf, &o->c.caddr) < 0)
		return bad(why, at, "bad client address", f[1].at);
	if (hex(&f[2], 4, &cp) < 0)
		return bad(why, at, "bad client port", f[2].at);
	if (address(&f[3], &vaf, &o->c.vaddr) < 0 || vaf != caf)
		return bad(why, at, "bad virtual address", f[3].at);
	if (hex(&f[4], 4, &vp) < 0)
		return bad(why, at, "bad virtual port", f[4].at);
	if (address(&f[5], &o->daf, &o->c.daddr) < 0)
		return bad(why, at, "bad destination address", f[5].at);
	if (hex(&f[6], 4, &dp) < 0)
		return bad(why, at, "bad destination port", f[6].at);
	o->c.af = caf;
	o->c.cport = (uint16_t)cp;
	o->c.vport = (uint16_t)vp;
	o->c.dport = (uint16_t)dp;
	return 0;
}

/* Template or not, and the state number (conn_proc.h says the rule). */
static int
state(const struct field *f, struct sync_proc_conn *o, const char **why,
      size_t *at)
{
	int st = -1;

	o->c.template = o->c.protocol == IPPROTO_IP ||
			(!o->c.cport &&
			 sync_proc_state(0, true, f[7].p, f[7].len) >= 0);
	st = sync_proc_state(o->c.protocol, o->c.template, f[7].p, f[7].len);
	if (st < 0)
		return bad(why, at, "unknown state for the protocol", f[7].at);
	o->c.state = (uint16_t)st;
	if (o->c.template) {
		o->c.flags |= IP_VS_CONN_F_TEMPLATE;
		if (o->c.protocol == IPPROTO_IP && o->c.af == AF_INET)
			o->c.fwmark = ntohl(o->c.vaddr.v4.s_addr);
	}
	return 0;
}

int
sync_proc_parse(const char *line, size_t len, struct sync_proc_conn *out,
		const char **why, size_t *at)
{
	struct field f[NFIELDS];
	int proto;

	memset(out, 0, sizeof(*out));
	if (len >= 4 && !memcmp(line, "Pro ", 4))
		return 0;
	if (len > SYNC_PROC_LINE_MAX)
		return bad(why, at, "line too long", SYNC_PROC_LINE_MAX);
	if (split(line, len, f, at) < 0)
		return bad(why, at, "not 10 fields", *at);
	if ((proto = protocol(&f[0])) < 0)
		return bad(why, at, "unknown protocol", 0);
	out->c.protocol = (uint8_t)proto;
	if (endpoints(f, out, why, at) < 0 || state(f, out, why, at) < 0)
		return -1;
	if (is(&f[8], "SYNC"))
		out->synced = true;
	else if (!is(&f[8], "LOCAL"))
		return bad(why, at, "origin is neither LOCAL nor SYNC",
			   f[8].at);
	if (decimal(&f[9], &out->c.timeout) < 0)
		return bad(why, at, "bad expiry", f[9].at);
	return 1;
}
