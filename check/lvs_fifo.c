// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived's lvs_notify_fifo lines (lvs_fifo.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check/lvs_fifo.h"
#include "core/conf/conf_model.h"
#include "core/runtime/ipaddr.h"

static const struct conf_vsg *
group_of(const struct conf *c, const struct conf_vs *vs)
{
	for (const struct conf_vsg *g = c->vsgs.head; g; g = g->next)
		if (g->name && vs->group && !strcmp(g->name, vs->group))
			return g;
	return NULL;
}

/* keepalived's service type: none for a fwmark service (and a group of
 * fwmarks only) unless `protocol` was written. */
static const char *
proto_name(const struct conf *c, const struct conf_vs *vs)
{
	bool addrs = vs->kind == CONF_VS_ADDR;
	const struct conf_vsg *g =
		vs->kind == CONF_VS_GROUP ? group_of(c, vs) : NULL;

	for (const struct conf_vsg_entry *e = g ? g->entries.head : NULL; e;
	     e = e->next)
		addrs = addrs || e->kind == CONF_VSGE_ADDR;
	if (!addrs && !vs->protocol_set)
		return "none";
	switch (vs->protocol) {
	case CONF_PROTO_TCP:
		return "tcp";
	case CONF_PROTO_UDP:
		return "udp";
	case CONF_PROTO_SCTP:
		return "sctp";
	default:
		return "?";
	}
}

static int
trio(const struct conf_addr *a, const char *proto, unsigned port, char *out,
     size_t len)
{
	char ip[IPADDR_STRLEN];
	int n = snprintf(out, len, "[%s]:%s:%u",
			 ipaddr_str(&a->ip, ip, sizeof(ip)), proto, port);

	return n < 0 || (size_t)n >= len ? -1 : n;
}

static int
vs_str(const struct conf *c, const struct conf_vs *vs, char *out, size_t len)
{
	int n;

	if (vs->kind == CONF_VS_GROUP)
		n = snprintf(out, len, "[%s]:0", vs->group ? vs->group : "");
	else if (vs->kind == CONF_VS_FWMARK)
		n = snprintf(out, len, "FWM %u", vs->fwmark);
	else
		return trio(&vs->addr, proto_name(c, vs), vs->port, out, len);
	return n < 0 || (size_t)n >= len ? -1 : n;
}

/* The port keepalived keeps for a real server (its check_data.c rules):
 * a group's own "address" has port 0. */
static unsigned
rs_port(const struct conf_vs *vs, const struct conf_rs *rs)
{
	int8_t m = rs->fwd.method != CONF_FWD_UNSET ? rs->fwd.method
						    : vs->fwd.method;
	unsigned vport = vs->kind == CONF_VS_ADDR ? vs->port : 0;

	if (m == CONF_FWD_NAT || m == CONF_FWD_UNSET)
		return rs->port || vs->kind == CONF_VS_FWMARK ? rs->port
							      : vport;
	return vs->kind == CONF_VS_FWMARK ? 0 : vport;
}

int
lvs_fifo_vs_line(const struct conf *c, const struct conf_vs *vs, bool up,
		 char *out, size_t len)
{
	char v[300];
	int n;

	if (vs_str(c, vs, v, sizeof(v)) < 0)
		return -1;
	n = snprintf(out, len, "VS %s %s\n", v, up ? "UP" : "DOWN");
	return n < 0 || (size_t)n >= len ? -1 : n;
}

int
lvs_fifo_rs_line(const struct conf *c, const struct conf_vs *vs,
		 const struct conf_rs *rs, bool up, char *out, size_t len)
{
	char v[300], r[IPADDR_STRLEN + 24];
	int n;

	if (vs_str(c, vs, v, sizeof(v)) < 0 ||
	    trio(&rs->addr, proto_name(c, vs), rs_port(vs, rs), r, sizeof(r)) <
		    0)
		return -1;
	n = snprintf(out, len, "RS %s %s %s\n", r, v, up ? "UP" : "DOWN");
	return n < 0 || (size_t)n >= len ? -1 : n;
}
