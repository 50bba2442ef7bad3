// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a MASTER owns: virtual addresses (and excluded ones), virtual routes
 * and rules, added on becoming MASTER and removed on leaving it; the static
 * ones for the engine's lifetime; and VMAC interfaces. An object that was
 * already there when we tried to add it (EEXIST) belongs to someone else and
 * is never removed.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_garp.h"

/* One of the four lists an owner has, whatever its element type. */
struct own_list {
	const void *items;
	size_t n;
};

struct own_kind {
	const char *what;
	size_t size;
	/* 0 added, 1 was there already, -1 refused (errno) */
	int (*add)(struct vrrp_engine *e, int ifx, const void *item);
	int (*del)(struct vrrp_engine *e, int ifx, const void *item);
	const struct vrrp_ip *(*addr)(const void *item);
	int (*ifx)(const struct vrrp_instance *vi, const void *item);
	int gone_errno; /* what deleting an absent one reports */
};

static int
vip_ifx(const struct vrrp_instance *vi, const void *item)
{
	const struct vrrp_vip *v = item;

	if (v->dev[0])
		return (int)if_nametoindex(v->dev);
	return vi ? vi->tx_ifindex : 0;
}

static int
route_ifx(const struct vrrp_instance *vi, const void *item)
{
	const struct vrrp_route *r = item;

	(void)vi;
	return r->dev[0] ? (int)if_nametoindex(r->dev) : 0;
}

static int
excl(int ret)
{
	if (ret == 0)
		return 0;
	return errno == EEXIST ? 1 : -1;
}

static int
vip_add(struct vrrp_engine *e, int ifx, const void *item)
{
	if (ifx <= 0) {
		errno = ENODEV;
		return -1;
	}
	return excl(vrrp_nl_addr(&e->nl, true, ifx, item));
}

static int
vip_del(struct vrrp_engine *e, int ifx, const void *item)
{
	return vrrp_nl_addr(&e->nl, false, ifx, item);
}

static int
route_add(struct vrrp_engine *e, int ifx, const void *item)
{
	return excl(vrrp_nl_route(&e->nl, true, ifx, item));
}

static int
route_del(struct vrrp_engine *e, int ifx, const void *item)
{
	return vrrp_nl_route(&e->nl, false, ifx, item);
}

static int
rule_add(struct vrrp_engine *e, int ifx, const void *item)
{
	(void)ifx;
	return excl(vrrp_nl_rule(&e->nl, true, item));
}

static int
rule_del(struct vrrp_engine *e, int ifx, const void *item)
{
	(void)ifx;
	return vrrp_nl_rule(&e->nl, false, item);
}

static const struct vrrp_ip *
vip_addr(const void *item)
{
	return &((const struct vrrp_vip *)item)->addr;
}

static const struct vrrp_ip *
route_addr(const void *item)
{
	return &((const struct vrrp_route *)item)->dst;
}

static const struct vrrp_ip *
rule_addr(const void *item)
{
	return &((const struct vrrp_rule *)item)->from;
}

static const struct own_kind kinds[OWN_MAX] = {
	[OWN_VIPS] = { "address", sizeof(struct vrrp_vip), vip_add, vip_del,
		       vip_addr, vip_ifx, EADDRNOTAVAIL },
	[OWN_EVIPS] = { "address", sizeof(struct vrrp_vip), vip_add, vip_del,
			vip_addr, vip_ifx, EADDRNOTAVAIL },
	[OWN_ROUTES] = { "route", sizeof(struct vrrp_route), route_add,
			 route_del, route_addr, route_ifx, ESRCH },
	[OWN_RULES] = { "rule", sizeof(struct vrrp_rule), rule_add, rule_del,
			rule_addr, NULL, ENOENT },
};

static void
instance_lists(const struct vrrp_instance_conf *c, struct own_list l[OWN_MAX])
{
	l[OWN_VIPS] = (struct own_list){ c->vips, c->nvips };
	l[OWN_EVIPS] = (struct own_list){ c->evips, c->nevips };
	l[OWN_ROUTES] = (struct own_list){ c->routes, c->nroutes };
	l[OWN_RULES] = (struct own_list){ c->rules, c->nrules };
}

int
vrrp_owned_alloc(struct vrrp_owned *o, const size_t n[OWN_MAX])
{
	memset(o, 0, sizeof(*o));
	for (int k = 0; k < OWN_MAX; k++) {
		o->mine[k] = calloc(n[k] + 1, sizeof(bool));
		o->ifindex[k] = calloc(n[k] + 1, sizeof(int));
		if (!o->mine[k] || !o->ifindex[k]) {
			vrrp_owned_free(o);
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

void
vrrp_owned_free(struct vrrp_owned *o)
{
	for (int k = 0; k < OWN_MAX; k++) {
		free(o->mine[k]);
		free(o->ifindex[k]);
	}
	memset(o, 0, sizeof(*o));
}

static void
log_op(const char *who, const struct own_kind *k, const void *item,
       const char *op, const char *result)
{
	char s[VRRP_IP_STRLEN];

	log_info("vrrp instance=%s %s=%s op=%s result=%s", who, k->what,
		 vrrp_ip_str(k->addr(item), s, sizeof(s)), op, result);
}

/* Add entry i of a list; it is ours only if we created it. */
static void
take_one(struct vrrp_engine *e, const struct vrrp_instance *vi,
	 const char *who, int kind, const void *item, bool *mine, int *ifx)
{
	const struct own_kind *k = &kinds[kind];
	int r;

	*ifx = k->ifx ? k->ifx(vi, item) : 0;
	r = k->add(e, *ifx, item);
	*mine = r == 0;
	if (r > 0)
		log_op(who, k, item, "add", "exists-not-ours");
	else if (r < 0)
		log_op(who, k, item, "add", strerror(errno));
}

static void
drop_one(struct vrrp_engine *e, const char *who, int kind, const void *item,
	 bool *mine, int ifx)
{
	const struct own_kind *k = &kinds[kind];

	if (!*mine)
		return;
	if (k->del(e, ifx, item) < 0 && errno != k->gone_errno &&
	    errno != ENODEV)
		log_op(who, k, item, "del", strerror(errno));
	*mine = false;
}

/* Addresses first on the way up, rules and routes first on the way down:
 * routes and rules may use the addresses. */
static void
own_lists(struct vrrp_engine *e, const struct vrrp_instance *vi,
	  const char *who, const struct own_list l[OWN_MAX],
	  struct vrrp_owned *o, bool up)
{
	for (int step = 0; step < OWN_MAX; step++) {
		int kind = up ? step : OWN_MAX - 1 - step;

		for (size_t i = 0; i < l[kind].n; i++) {
			const char *item = (const char *)l[kind].items +
					   i * kinds[kind].size;

			if (up)
				take_one(e, vi, who, kind, item,
					 &o->mine[kind][i], &o->ifindex[kind][i]);
			else
				drop_one(e, who, kind, item, &o->mine[kind][i],
					 o->ifindex[kind][i]);
		}
	}
	o->up = up;
}

void
vrrp_owned_take(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	struct own_list l[OWN_MAX];

	instance_lists(&vi->conf, l);
	own_lists(e, vi, vi->conf.name, l, vi->owned, true);
	vrrp_nft_sync(e, vi);
	vrrp_announce_start(e, vi);
}

void
vrrp_owned_release(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	struct own_list l[OWN_MAX];

	vrrp_announce_stop(vi);
	vrrp_nft_sync(e, vi);
	instance_lists(&vi->conf, l);
	own_lists(e, vi, vi->conf.name, l, vi->owned, false);
}

static void static_lists(const struct vrrp_config *c,
			 struct own_list l[OWN_MAX]);

void
vrrp_owned_statics(struct vrrp_engine *e, bool up)
{
	struct own_list l[OWN_MAX];

	static_lists(e->cfg, l);
	if (up || e->statics.up)
		own_lists(e, NULL, "static", l, &e->statics, up);
}

int
vrrp_owned_vmac(struct vrrp_engine *e, struct vrrp_instance *vi, bool up)
{
	uint8_t mac[6];
	bool link_up;

	if (!up) {
		if (vi->vmac_created && vrrp_nl_link_del(&e->nl, vi->tx_ifindex))
			log_warn("vrrp instance=%s vmac=%s op=del error=%s",
				 vi->conf.name, vi->tx_ifname, strerror(errno));
		vi->vmac_created = false;
		return 0;
	}
	vrrp_vmac(mac, vi->conf.family, vi->conf.vrid);
	if (vrrp_nl_macvlan_add(&e->nl, vi->tx_ifname, vi->ifindex, mac) == 0)
		vi->vmac_created = true;
	else if (errno != EEXIST)
		return -1;
	/* EEXIST: left by a previous run or made by the admin: used, kept. */
	return vrrp_if_info(vi->tx_ifname, &vi->tx_ifindex, vi->tx_mac,
			    &link_up);
}

/* Index of item in list, or -1. */
static long
find_item(const struct own_list *l, size_t size, const void *item)
{
	for (size_t i = 0; i < l->n; i++)
		if (!memcmp((const char *)l->items + i * size, item, size))
			return (long)i;
	return -1;
}

/* One list: entries both configs have keep their ownership untouched;
 * those only the old one has go; those only the new one has come (if up). */
static int
reconcile_kind(struct vrrp_engine *e, const struct vrrp_instance *vi,
	       const char *who, int k, const struct own_list *ol,
	       const struct own_list *nl, struct vrrp_owned *o,
	       struct vrrp_owned *fresh)
{
	bool *kept = calloc(nl->n + 1, sizeof(bool));

	if (!kept)
		return -1;
	for (size_t i = 0; i < ol->n; i++) {
		const char *item = (const char *)ol->items + i * kinds[k].size;
		long j = find_item(nl, kinds[k].size, item);

		if (j < 0) {
			drop_one(e, who, k, item, &o->mine[k][i],
				 o->ifindex[k][i]);
			continue;
		}
		kept[j] = true;
		fresh->mine[k][j] = o->mine[k][i];
		fresh->ifindex[k][j] = o->ifindex[k][i];
	}
	for (size_t j = 0; j < nl->n && o->up; j++)
		if (!kept[j])
			take_one(e, vi, who, k,
				 (const char *)nl->items + j * kinds[k].size,
				 &fresh->mine[k][j], &fresh->ifindex[k][j]);
	free(kept);
	return 0;
}

static void
reconcile(struct vrrp_engine *e, const struct vrrp_instance *vi,
	  const char *who, const struct own_list ol[OWN_MAX],
	  const struct own_list nl[OWN_MAX], struct vrrp_owned *o)
{
	struct vrrp_owned fresh;
	size_t n[OWN_MAX];

	for (int k = 0; k < OWN_MAX; k++)
		n[k] = nl[k].n;
	if (vrrp_owned_alloc(&fresh, n) < 0)
		return;
	/* Rules and routes before the addresses they may use. */
	for (int k = OWN_MAX - 1; k >= 0; k--)
		if (reconcile_kind(e, vi, who, k, &ol[k], &nl[k], o, &fresh) < 0)
			log_warn("vrrp instance=%s reload=partial error=%s",
				 who, strerror(ENOMEM));
	fresh.up = o->up;
	vrrp_owned_free(o);
	*o = fresh;
}

void
vrrp_owned_reconcile(struct vrrp_engine *e, struct vrrp_instance *vi,
		     const struct vrrp_instance_conf *old)
{
	struct own_list ol[OWN_MAX], nl[OWN_MAX];

	instance_lists(old, ol);
	instance_lists(&vi->conf, nl);
	reconcile(e, vi, vi->conf.name, ol, nl, vi->owned);
	vrrp_nft_sync(e, vi);
}

static void
static_lists(const struct vrrp_config *c, struct own_list l[OWN_MAX])
{
	memset(l, 0, sizeof(*l) * OWN_MAX);
	l[OWN_VIPS] = (struct own_list){ c->static_addrs, c->nstatic_addrs };
	l[OWN_ROUTES] = (struct own_list){ c->static_routes, c->nstatic_routes };
	l[OWN_RULES] = (struct own_list){ c->static_rules, c->nstatic_rules };
}

void
vrrp_owned_reconcile_statics(struct vrrp_engine *e,
			     const struct vrrp_config *old)
{
	struct own_list ol[OWN_MAX], nl[OWN_MAX];

	static_lists(old, ol);
	static_lists(e->cfg, nl);
	reconcile(e, NULL, "static", ol, nl, &e->statics);
}
