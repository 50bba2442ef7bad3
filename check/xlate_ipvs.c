// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The desired IPVS table from the config model and the pool's health: a
 * pure function. What each keyword sets in the kernel is the table in
 * ipvs/README.md ("IPVS keywords").
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check/xlate.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"

struct want {
	const struct conf *c;
	const struct chk_health *h;
	struct ipvs_table *out;
	char *err;
	size_t errlen;
};

static int
fail(struct want *w, const struct conf_vs *vs, const char *what)
{
	char name[CHK_VS_NAMELEN];

	snprintf(w->err, w->errlen, "virtual_server %s: %s",
		 chk_vs_name(vs, name, sizeof(name)), what);
	return -1;
}

static uint32_t
netmask(const struct conf_vs *vs, int af)
{
	const struct conf_addr *g = &vs->persistence_granularity;

	if (!g->has_prefix)
		return ipvs_default_netmask(af);
	if (af == AF_INET6)
		return g->prefix;
	if (g->ip.family == AF_INET) /* written as a netmask */
		return g->ip.u.v4.s_addr;
	return htonl(g->prefix ? ~0u << (32 - (g->prefix > 32 ? 32 : g->prefix))
			       : 0);
}

/* The service settings of vs (the key is filled per entry). */
static void
service_base(struct ipvs_service *s, const struct conf_vs *vs, int af)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->sched, sizeof(s->sched), "%s",
		 vs->sched ? vs->sched : "wlc");
	if (vs->pe)
		snprintf(s->pe, sizeof(s->pe), "%s", vs->pe);
	s->flags = vs->sched_flags & (IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 |
				      IP_VS_SVC_F_SCHED3);
	if (vs->ops)
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	if (vs->persistence_timeout) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = vs->persistence_timeout;
	}
	s->netmask = netmask(vs, af);
}

static void
fwd(struct ipvs_dest *d, const struct conf_fwd *f)
{
	static const uint8_t tun[] = {
		[CONF_TUN_IPIP] = IP_VS_CONN_F_TUNNEL_TYPE_IPIP,
		[CONF_TUN_GUE] = IP_VS_CONN_F_TUNNEL_TYPE_GUE,
		[CONF_TUN_GRE] = IP_VS_CONN_F_TUNNEL_TYPE_GRE,
	};
	static const uint16_t csum[] = {
		[CONF_CSUM_NONE] = 0,
		[CONF_CSUM_NOCSUM] = 0,
		[CONF_CSUM_CSUM] = IP_VS_TUNNEL_ENCAP_FLAG_CSUM,
		[CONF_CSUM_REMCSUM] = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM,
	};

	switch (f->method) {
	case CONF_FWD_DR:
		d->fwd = IPVS_FWD_DR;
		return;
	case CONF_FWD_TUN:
		d->fwd = IPVS_FWD_TUNNEL;
		d->tun_type =
			f->tun_type <= CONF_TUN_GRE ? tun[f->tun_type] : 0;
		d->tun_port = f->tun_port;
		d->tun_flags = f->tun_csum <= CONF_CSUM_REMCSUM
				       ? csum[f->tun_csum]
				       : 0;
		return;
	default:
		d->fwd = IPVS_FWD_NAT;
	}
}

static void
dest_key(struct ipvs_dest *d, const struct conf_addr *a, uint16_t port)
{
	ipvs_dest_key_clear(&d->key);
	d->key.af = a->ip.family;
	d->key.port = port;
	memcpy(d->key.addr.b, a->ip.u.b, ipaddr_len(a->ip.family));
}

/*
 * A real server's port in this service: its own, else the service's;
 * with DR and tunnel forwarding the packet keeps its port, so keepalived
 * sets the service's port there.
 */
static uint16_t
dest_port(const struct ipvs_service *s, const struct conf_fwd *f, uint16_t port)
{
	if (s->key.fwmark || !s->key.port)
		return port;
	if (f->method == CONF_FWD_DR || f->method == CONF_FWD_TUN || !port)
		return s->key.port;
	return port;
}

static int
add_dest(struct ipvs_service *s, const struct conf_addr *a, uint16_t port,
	 const struct conf_fwd *f, int64_t weight, const struct conf_rs *rs)
{
	struct ipvs_dest d;

	memset(&d, 0, sizeof(d));
	dest_key(&d, a, dest_port(s, f, port));
	fwd(&d, f);
	d.weight = weight < 0		? 0
		   : weight > INT32_MAX ? INT32_MAX
					: (int32_t)weight;
	if (rs) {
		d.u_thresh = rs->uthreshold;
		d.l_thresh = rs->lthreshold;
	}
	/* A sorry server that is also a real server is there already. */
	for (size_t i = 0; !rs && i < s->ndests; i++)
		if (!ipvs_dest_key_cmp(&s->dests[i].key, &d.key))
			return 0;
	return ipvs_service_add_dest(s, &d) ? 0 : -1;
}

static int
add_dests(struct want *w, struct ipvs_service *s, const struct conf_vs *vs,
	  size_t v)
{
	const struct chk_health *h = w->h;
	size_t r = 0;
	int64_t weight;

	for (const struct conf_rs *rs = vs->rs.head; rs; rs = rs->next, r++)
		if (h->rs_dest(h->arg, v, r, &weight) &&
		    add_dest(s, &rs->addr, rs->port, &rs->fwd, weight, rs) < 0)
			return -1;
	if (!vs->sorry_addr.ip.family)
		return 0;
	if (h->sorry_in(h->arg, v))
		return add_dest(s, &vs->sorry_addr, vs->sorry_port,
				&vs->sorry_fwd, 1, NULL);
	if (vs->sorry_inhibit)
		return add_dest(s, &vs->sorry_addr, vs->sorry_port,
				&vs->sorry_fwd, 0, NULL);
	return 0;
}

static int
add_service(struct want *w, const struct conf_vs *vs, size_t v,
	    const struct ipvs_svc_key *k)
{
	struct ipvs_service base, *s;

	service_base(&base, vs, k->af);
	base.key = *k;
	if (!(s = ipvs_table_add(w->out, &base)))
		return fail(w, vs, strerror(errno));
	if (add_dests(w, s, vs, v) < 0)
		return fail(w, vs, strerror(errno));
	return 0;
}

static void
key_addr(struct ipvs_svc_key *k, const struct conf_addr *a, uint8_t proto,
	 uint16_t port)
{
	ipvs_svc_key_clear(k);
	k->af = a->ip.family;
	k->protocol = proto;
	k->port = port;
	memcpy(k->addr.b, a->ip.u.b, ipaddr_len(a->ip.family));
}

static void
key_fwmark(struct ipvs_svc_key *k, uint32_t mark, uint16_t af)
{
	ipvs_svc_key_clear(k);
	k->af = af ? af : AF_INET;
	k->fwmark = mark;
}

/* The last byte pair of an address as a number (ranges vary there). */
static uint32_t
addr_low(const struct conf_addr *a)
{
	const uint8_t *b = a->ip.u.b + (a->ip.family == AF_INET6 ? 12 : 0);

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static void
set_low(struct conf_addr *a, uint32_t v)
{
	uint8_t *b = a->ip.u.b + (a->ip.family == AF_INET6 ? 12 : 0);

	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static int
group_entry(struct want *w, const struct conf_vs *vs, size_t v,
	    const struct conf_vsg_entry *e)
{
	struct ipvs_svc_key k;
	struct conf_addr a = e->addr;
	uint32_t lo = addr_low(&e->addr), hi = addr_low(&e->last);

	if (e->kind == CONF_VSGE_FWMARK) {
		key_fwmark(&k, e->fwmark, e->family ? e->family : vs->family);
		return add_service(w, vs, v, &k);
	}
	if (e->last.ip.family != e->addr.ip.family || hi < lo)
		hi = lo;
	if (hi - lo >= CHK_VSG_RANGE_MAX)
		return errno = EINVAL, fail(w, vs, "group range too large");
	for (uint64_t i = lo; i <= hi; i++) {
		set_low(&a, (uint32_t)i);
		key_addr(&k, &a, vs->protocol, e->port ? e->port : vs->port);
		if (add_service(w, vs, v, &k) < 0)
			return -1;
	}
	return 0;
}

static int
group(struct want *w, const struct conf_vs *vs, size_t v)
{
	const struct conf_vsg *g = w->c->vsgs.head;

	while (g && (!g->name || !vs->group || strcmp(g->name, vs->group)))
		g = g->next;
	if (!g)
		return errno = EINVAL, fail(w, vs, "no such group");
	for (const struct conf_vsg_entry *e = g->entries.head; e; e = e->next)
		if (group_entry(w, vs, v, e) < 0)
			return -1;
	return 0;
}

static int
virtual_server(struct want *w, const struct conf_vs *vs, size_t v)
{
	struct ipvs_svc_key k;

	switch (vs->kind) {
	case CONF_VS_GROUP:
		return group(w, vs, v);
	case CONF_VS_FWMARK:
		key_fwmark(&k, vs->fwmark, vs->family);
		return add_service(w, vs, v, &k);
	default:
		key_addr(&k, &vs->addr, vs->protocol, vs->port);
		return add_service(w, vs, v, &k);
	}
}

int
chk_ipvs_want(const struct conf *c, const struct chk_health *h,
	      struct ipvs_table *out, char *err, size_t errlen)
{
	struct want w = {c, h, out, err, errlen};
	const struct ipvs_service *ds;
	const struct ipvs_dest *dd;
	char b[IPVS_KEY_STRLEN], d[IPVS_KEY_STRLEN];
	size_t v = 0;

	for (const struct conf_vs *vs = c->vss.head; vs; vs = vs->next, v++)
		if (virtual_server(&w, vs, v) < 0)
			return -1;
	if (ipvs_table_sort(out, &ds, &dd) == 0)
		return 0;
	/* Two virtual servers, group entries or real servers, one key. */
	snprintf(err, errlen, "%s%s%s is configured twice",
		 dd ? ipvs_dest_key_str(&dd->key, d, sizeof(d)) : "",
		 dd ? " of service " : "service ",
		 ds ? ipvs_svc_key_str(&ds->key, b, sizeof(b)) : "?");
	return -1;
}
