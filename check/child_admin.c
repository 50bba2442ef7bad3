// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child's admin requests (IPC_ADMIN_RS, built by the control
 * socket from `vigilctl drain|restore VS RS` and `show checks VS [RS]`):
 * find the virtual server and the real server of the running config by
 * their typed keys, then drain (weight 0, no new connections, whatever the
 * health), restore, or show them. A drain is kept by the objects' names,
 * so it survives a reload that keeps them.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "check/child_int.h"
#include "check/json.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"

/* ---- drains ---- */

static const char *
rs_name(const struct cc *s, size_t v, size_t r, char *buf, size_t len)
{
	const struct chk_conf *cc = chk_engine_conf(s->eng);

	return chk_addr_fmt(&cc->vs[v].rs[r].addr, buf, len);
}

bool
cc_drained(const struct cc *s, size_t v, size_t r)
{
	const struct chk_conf *cc;
	char b[CHK_ADDR_STRLEN];

	if (!s->drains || !s->eng)
		return false;
	cc = chk_engine_conf(s->eng);
	for (const struct cc_drain *d = s->drains; d; d = d->next)
		if (!strcmp(d->vs, cc->vs[v].name) &&
		    !strcmp(d->rs, rs_name(s, v, r, b, sizeof(b))))
			return true;
	return false;
}

void
cc_drains_free(struct cc *s)
{
	while (s->drains) {
		struct cc_drain *d = s->drains;

		s->drains = d->next;
		free(d);
	}
}

/* ---- answers ---- */

/* {"error": why}: the control socket's refusal. */
static struct json_object *__attribute__((format(printf, 1, 2)))
refuse(const char *fmt, ...)
{
	struct json_object *o = json_object_new_object();
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	chk_json_str(o, "error", why);
	return o;
}

static struct json_object *
drain(struct cc *s, const char *vs, const char *rs, bool on)
{
	struct cc_drain **p = &s->drains, *d;
	struct json_object *o;
	const char *result;

	while (*p && (strcmp((*p)->vs, vs) || strcmp((*p)->rs, rs)))
		p = &(*p)->next;
	if (on == (*p != NULL)) {
		result = on ? "already drained" : "not drained";
		goto answer;
	}
	if (on) {
		if (!(d = calloc(1, sizeof(*d))))
			return refuse("out of memory");
		snprintf(d->vs, sizeof(d->vs), "%s", vs);
		snprintf(d->rs, sizeof(d->rs), "%s", rs);
		*p = d;
		result = "drained";
	} else {
		d = *p;
		*p = d->next;
		free(d);
		result = "restored";
	}
	log_notice("vs=\"%s\" rs=%s admin=%s", vs, rs, result);
	cc_ipvs_changed(s);
answer:
	o = json_object_new_object();
	chk_json_str(o, "result", result);
	chk_json_str(o, "vs", vs);
	chk_json_str(o, "rs", rs);
	return o;
}

/* {"virtual_servers": [VS]} as `show checks` has it, VS's real servers
 * reduced to r (all if r < 0). */
static struct json_object *
show_one(const struct cc *s, size_t v, long r)
{
	struct json_object *all = cc_checks_json(s), *vss, *vs, *rss, *one;
	struct json_object *o = json_object_new_object();

	json_object_object_get_ex(all, "virtual_servers", &vss);
	vs = json_object_get(json_object_array_get_idx(vss, v));
	if (r >= 0) {
		json_object_object_get_ex(vs, "real_servers", &rss);
		one = json_object_new_array();
		json_object_array_add(one,
				      json_object_get(json_object_array_get_idx(
					      rss, (size_t)r)));
		json_object_object_add(vs, "real_servers", one);
	}
	vss = json_object_new_array();
	json_object_array_add(vss, vs);
	json_object_object_add(o, "virtual_servers", vss);
	json_object_put(all);
	return o;
}

/* ---- finding the objects ---- */

static bool
vs_match(const struct conf_vs *c, const struct ipc_vs *q)
{
	switch (q->kind) {
	case IPC_VS_ADDR:
		return c->kind == CONF_VS_ADDR && c->protocol == q->protocol &&
		       c->port == q->addr.port &&
		       c->addr.ip.family == q->addr.family &&
		       !memcmp(c->addr.ip.u.b, q->addr.addr,
			       ipaddr_len(c->addr.ip.family));
	case IPC_VS_FWMARK:
		return c->kind == CONF_VS_FWMARK && c->fwmark == q->fwmark &&
		       c->family == q->addr.family;
	case IPC_VS_GROUP:
		return c->kind == CONF_VS_GROUP && c->protocol == q->protocol &&
		       c->group && !strcmp(c->group, q->group);
	default:
		return false;
	}
}

static bool
rs_match(const struct chk_addr *a, const struct ipc_inet *q)
{
	if (chk_addr_family(a) != q->family || chk_addr_port(a) != q->port)
		return false;
	if (q->family == AF_INET)
		return !memcmp(&a->u.sin.sin_addr, q->addr, 4);
	return !memcmp(&a->u.sin6.sin6_addr, q->addr, 16);
}

static long
find_vs(const struct cc *s, const struct ipc_vs *q)
{
	size_t n = chk_engine_conf(s->eng)->nvs;

	for (size_t v = 0; v < n && v < s->ix.nvs; v++)
		if (vs_match(s->ix.vs[v], q))
			return (long)v;
	return -1;
}

static const char *
family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* The real server's index, or -1 with why it is not there. */
static long
find_rs(const struct cc *s, size_t v, const struct ipc_inet *q,
	struct json_object **why)
{
	const struct chk_vs_conf *vc = &chk_engine_conf(s->eng)->vs[v];
	char b[IPC_INET_STRLEN];
	bool family = false;

	for (size_t r = 0; r < vc->nrs; r++) {
		if (rs_match(&vc->rs[r].addr, q))
			return (long)r;
		family |= chk_addr_family(&vc->rs[r].addr) == q->family;
	}
	if (q->family != AF_INET && q->family != AF_INET6)
		*why = refuse("no real server given");
	else if (!family && vc->nrs)
		*why = refuse("real server %s is %s, virtual server %s has %s "
			      "real servers",
			      ipc_inet_fmt(q, b, sizeof(b)),
			      family_name(q->family), vc->name,
			      family_name(chk_addr_family(&vc->rs[0].addr)));
	else
		*why = refuse("virtual server %s has no real server %s",
			      vc->name, ipc_inet_fmt(q, b, sizeof(b)));
	return -1;
}

struct json_object *
cc_admin(void *st, const struct ipc_msg *m)
{
	struct cc *s = st;
	const struct ipc_admin_rs *a = m->payload;
	struct json_object *why = NULL;
	char vs[IPC_VS_STRLEN], b[CHK_ADDR_STRLEN];
	long v, r = -1;

	if (m->type != IPC_ADMIN_RS)
		return NULL;
	if (!s->eng || (v = find_vs(s, &a->vs)) < 0)
		return refuse("no virtual server %s",
			      ipc_vs_fmt(&a->vs, vs, sizeof(vs)));
	if (a->h.op == IPC_RS_SHOW && !a->rs.family)
		return show_one(s, (size_t)v, -1);
	if ((r = find_rs(s, (size_t)v, &a->rs, &why)) < 0)
		return why;
	switch (a->h.op) {
	case IPC_RS_SHOW:
		return show_one(s, (size_t)v, r);
	case IPC_RS_DRAIN:
	case IPC_RS_RESTORE:
		return drain(s, chk_engine_conf(s->eng)->vs[v].name,
			     rs_name(s, (size_t)v, (size_t)r, b, sizeof(b)),
			     a->h.op == IPC_RS_DRAIN);
	default:
		return refuse("unknown operation %u", a->h.op);
	}
}
