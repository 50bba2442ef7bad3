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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_garp.h"

struct own_kind {
	const char *what;
	size_t size;
	/* 0 added, 1 was there already, -1 refused (errno) */
	int (*add)(struct vrrp_engine *e, int ifx, const void *item);
	int (*del)(struct vrrp_engine *e, int ifx, const void *item);
	const struct ipaddr *(*addr)(const void *item);
	int (*ifx)(struct vrrp_engine *e, const struct vrrp_instance *vi,
		   const void *item);
	int gone_errno; /* what deleting an absent one reports */
};

/* ---- interface indexes by name ---- */

int
vrrp_engine_ifindex(struct vrrp_engine *e, const char *name)
{
	struct vrrp_ifx_entry *c;
	int ifx;

	for (size_t i = 0; i < VRRP_IFX_CACHE; i++)
		if (e->ifx[i].ifindex > 0 && !strcmp(e->ifx[i].name, name))
			return e->ifx[i].ifindex;
	ifx = (int)if_nametoindex(name);
	if (ifx > 0) {
		c = &e->ifx[e->ifx_next++ % VRRP_IFX_CACHE];
		snprintf(c->name, sizeof(c->name), "%s", name);
		c->ifindex = ifx;
	}
	return ifx;
}

void
vrrp_engine_ifindex_forget(struct vrrp_engine *e, int ifindex, const char *name)
{
	for (size_t i = 0; i < VRRP_IFX_CACHE; i++)
		if (!ifindex || e->ifx[i].ifindex == ifindex ||
		    !strcmp(e->ifx[i].name, name))
			e->ifx[i].ifindex = 0;
}

static int
vip_ifx(struct vrrp_engine *e, const struct vrrp_instance *vi, const void *item)
{
	const struct vrrp_vip *v = item;

	if (v->dev[0])
		return vrrp_engine_ifindex(e, v->dev);
	return vi ? vi->tx_ifindex : 0;
}

static int
route_ifx(struct vrrp_engine *e, const struct vrrp_instance *vi,
	  const void *item)
{
	const struct vrrp_route *r = item;

	(void)vi;
	return r->dev[0] ? vrrp_engine_ifindex(e, r->dev) : 0;
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

static const struct ipaddr *
vip_addr(const void *item)
{
	return &((const struct vrrp_vip *)item)->addr;
}

static const struct ipaddr *
route_addr(const void *item)
{
	return &((const struct vrrp_route *)item)->dst;
}

static const struct ipaddr *
rule_addr(const void *item)
{
	return &((const struct vrrp_rule *)item)->from;
}

static const struct own_kind kinds[OWN_MAX] = {
	[OWN_VIPS] = {"address", sizeof(struct vrrp_vip), vip_add, vip_del,
		      vip_addr, vip_ifx, EADDRNOTAVAIL},
	[OWN_EVIPS] = {"address", sizeof(struct vrrp_vip), vip_add, vip_del,
		       vip_addr, vip_ifx, EADDRNOTAVAIL},
	[OWN_ROUTES] = {"route", sizeof(struct vrrp_route), route_add,
			route_del, route_addr, route_ifx, ESRCH},
	[OWN_RULES] = {"rule", sizeof(struct vrrp_rule), rule_add, rule_del,
		       rule_addr, NULL, ENOENT},
};

void
vrrp_own_lists_instance(const struct vrrp_instance_conf *c,
			struct vrrp_own_lists *l)
{
	*l = (struct vrrp_own_lists){
		.items = {c->vips, c->evips, c->routes, c->rules},
		.n = {c->nvips, c->nevips, c->nroutes, c->nrules},
	};
}

void
vrrp_own_lists_static(const struct vrrp_config *c, struct vrrp_own_lists *l)
{
	*l = (struct vrrp_own_lists){
		.items = {c->static_addrs, NULL, c->static_routes,
			  c->static_rules},
		.n = {c->nstatic_addrs, 0, c->nstatic_routes, c->nstatic_rules},
	};
}

int
vrrp_owned_alloc(struct vrrp_owned *o, const size_t n[OWN_MAX])
{
	memset(o, 0, sizeof(*o));
	for (int k = 0; k < OWN_MAX; k++) {
		o->mine[k] = calloc(n[k] + 1, sizeof(bool));
		o->ifindex[k] = calloc(n[k] + 1, sizeof(int));
		o->lost[k] = calloc(n[k] + 1, sizeof(bool));
		if (!o->mine[k] || !o->ifindex[k] || !o->lost[k]) {
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
		free(o->lost[k]);
	}
	memset(o, 0, sizeof(*o));
}

static void
log_op(const char *who, const struct own_kind *k, const void *item,
       const char *op, const char *result)
{
	char s[IPADDR_STRLEN];

	log_info("vrrp instance=%s %s=%s op=%s result=%s", who, k->what,
		 ipaddr_str(k->addr(item), s, sizeof(s)), op, result);
}

/* Add entry i of a list; it is ours only if we created it. */
static int
take_one(struct vrrp_engine *e, const struct vrrp_instance *vi, const char *who,
	 int kind, const void *item, bool *mine, int *ifx)
{
	const struct own_kind *k = &kinds[kind];
	int r;

	*ifx = k->ifx ? k->ifx(e, vi, item) : 0;
	r = k->add(e, *ifx, item);
	/* There already: ours only if the ledger says a previous run of
	 * ours put it there (then *mine is already set). */
	if (r == 0)
		*mine = true;
	else if (r > 0 && !*mine)
		log_op(who, k, item, "add", "exists-not-ours");
	else if (r < 0)
		log_op(who, k, item, "add", strerror(errno));
	return r;
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
	  const char *who, const struct vrrp_own_lists *l, struct vrrp_owned *o,
	  bool up)
{
	for (int step = 0; step < OWN_MAX; step++) {
		int kind = up ? step : OWN_MAX - 1 - step;

		for (size_t i = 0; i < l->n[kind]; i++) {
			const char *item = (const char *)l->items[kind] +
					   i * kinds[kind].size;

			o->lost[kind][i] = false;
			if (up)
				take_one(e, vi, who, kind, item,
					 &o->mine[kind][i],
					 &o->ifindex[kind][i]);
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
	struct vrrp_own_lists l;

	vrrp_own_lists_instance(&vi->conf, &l);
	own_lists(e, vi, vi->conf.name, &l, vi->owned, true);
	/* Tell the segment first: a message to the parent wakes it, and on a
	 * busy host the parent may then run before this child sends its
	 * gratuitous ARPs (bench/README.md); the parent, before anything
	 * slower; the nftables update and the ledger (a file written) can
	 * wait a millisecond. */
	vrrp_announce_start(e, vi);
	vrrp_owned_report(e);
	vrrp_nft_sync(e, vi);
	vrrp_ledger_write(e); /* the parent has been told */
}

void
vrrp_owned_release(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	struct vrrp_own_lists l;

	vrrp_announce_stop(vi);
	vrrp_nft_sync(e, vi);
	vrrp_own_lists_instance(&vi->conf, &l);
	own_lists(e, vi, vi->conf.name, &l, vi->owned, false);
	vrrp_ledger_save(e);
}

void
vrrp_owned_statics(struct vrrp_engine *e, bool up)
{
	struct vrrp_own_lists l;

	vrrp_own_lists_static(e->cfg, &l);
	if (up)
		vrrp_ledger_adopt(e, "static", &l, &e->statics);
	if (up || e->statics.up)
		own_lists(e, NULL, "static", &l, &e->statics, up);
	vrrp_ledger_save(e);
}

void
vrrp_owned_adopt(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	struct vrrp_own_lists l;

	vrrp_own_lists_instance(&vi->conf, &l);
	vrrp_ledger_adopt(e, vi->conf.name, &l, vi->owned);
	if (vi->conf.use_vmac) {
		char name[IFNAMSIZ];

		vrrp_owned_vmac_name(vi, name);
		vrrp_ledger_adopt_vmac(e, vi->conf.name, name, &vi->vmac.mine);
	}
	for (size_t i = 0; i < vi->conf.naddr_vmacs; i++)
		vrrp_ledger_adopt_vmac(e, vi->conf.name,
				       vi->conf.addr_vmacs[i].name,
				       &vi->addr_vmac[i].mine);
}

void
vrrp_owned_settle(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	struct vrrp_own_lists l;

	if (vi->state == VRRP_STATE_MASTER)
		return;
	/* Left by a previous run that died as MASTER: not ours to hold.
	 * The ledger does not say where: the interfaces are known now. */
	vrrp_own_lists_instance(&vi->conf, &l);
	for (int k = 0; k < OWN_MAX; k++)
		for (size_t i = 0; i < l.n[k]; i++)
			if (vi->owned->mine[k][i] && kinds[k].ifx)
				vi->owned->ifindex[k][i] =
					kinds[k].ifx(e, vi,
						     (const char *)l.items[k] +
							     i * kinds[k].size);
	own_lists(e, vi, vi->conf.name, &l, vi->owned, false);
	vrrp_ledger_save(e);
}

static int
sysctl_rw(const char *ifname, const char *key, int set, int *old)
{
	char path[128];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname,
		 key);
	if (old && (f = fopen(path, "re"))) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
		*old = v;
	}
	if (set < 0)
		return 0;
	f = fopen(path, "we");
	if (!f)
		return -1;
	fprintf(f, "%d\n", set);
	return fclose(f);
}

/* Set ifname's key to value for one more holder (up), or let go of it:
 * the value it had comes back with the last holder. */
static int
if_setting(struct vrrp_engine *e, const char *ifname, const char *key,
	   int value, bool up)
{
	struct vrrp_if_setting **pp, *s;

	for (pp = &e->if_settings; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->ifname, ifname) && !strcmp((*pp)->key, key))
			break;
	s = *pp;
	if (!up) {
		if (s && --s->refs == 0) {
			sysctl_rw(s->ifname, key, s->old, NULL);
			*pp = s->next;
			free(s);
		}
		return 0;
	}
	if (s) {
		s->refs++;
		return 0;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	snprintf(s->ifname, sizeof(s->ifname), "%s", ifname);
	s->key = key;
	s->refs = 1;
	if (sysctl_rw(ifname, key, value, &s->old) < 0) {
		free(s);
		return -1;
	}
	s->next = e->if_settings;
	e->if_settings = s;
	return 0;
}

/*
 * With the VIP on the VMAC, the base interface must not tie the VIP to its
 * own MAC: arp_ignore=1 (answer ARP only for its own addresses),
 * arp_announce=2 (ask with its own address, not the VIP) and arp_filter=1.
 * The VMAC gets accept_local (the owner case) and no rp_filter. The base's
 * values come back with its last VMAC.
 */
static void
vmac_sysctls(struct vrrp_engine *e, const char *who, const char *vmac,
	     const char *base, int family, bool up)
{
	if (family != AF_INET)
		return;
	if (up) {
		sysctl_rw(vmac, "accept_local", 1, NULL);
		sysctl_rw(vmac, "rp_filter", 0, NULL);
		sysctl_rw(vmac, "arp_filter", 0, NULL);
	}
	if (if_setting(e, base, "arp_ignore", 1, up) < 0 ||
	    if_setting(e, base, "arp_announce", 2, up) < 0 ||
	    if_setting(e, base, "arp_filter", 1, up) < 0)
		log_warn("vrrp instance=%s interface=%s arp_ignore=fail "
			 "error=%s",
			 who, base, strerror(errno));
}

/* promote_secondaries on the instance's interface while it runs (as
 * keepalived: set at start, its value back at stop), so that removing
 * the primary address promotes the VIPs of its subnet instead of
 * deleting them. */
void
vrrp_owned_promote(struct vrrp_engine *e, struct vrrp_instance *vi, bool up)
{
	if (up == vi->promoted || (up && (vi->conf.family != AF_INET ||
					  !vi->conf.promote_secondaries)))
		return;
	if (if_setting(e, vi->conf.ifname, "promote_secondaries", 1, up) < 0)
		log_warn("vrrp instance=%s interface=%s "
			 "promote_secondaries=fail error=%s",
			 vi->conf.name, vi->conf.ifname, strerror(errno));
	else
		vi->promoted = up;
}

/* One VMAC of vi (the same for its own and those of its addresses): a
 * macvlan named name on base with the virtual MAC of family (RFC 5798
 * §7.3). Found there (EEXIST), it is used and left to whoever made it,
 * unless the ledger says a run of ours did (m->mine set already). */
static int
vmac_up(struct vrrp_engine *e, struct vrrp_instance *vi, struct vrrp_vmac *m,
	const char *name, const char *base, int family, uint8_t mac[6])
{
	int bidx = (int)if_nametoindex(base);
	uint8_t vmac[6];
	bool link_up;

	if (bidx <= 0) {
		errno = ENODEV;
		return -1;
	}
	vrrp_vmac(vmac, family, vi->conf.vrid);
	if (!m->held && vrrp_nl_macvlan_add(&e->nl, name, bidx, vmac) == 0)
		m->mine = true;
	else if (!m->held && errno != EEXIST)
		return -1;
	if (vrrp_if_info(name, &m->ifindex, mac, &link_up) < 0)
		return -1;
	if (m->held)
		return 0;
	vmac_sysctls(e, vi->conf.name, name, base, family, true);
	m->held = true;
	log_info("vrrp instance=%s vmac=%s interface=%s op=add result=%s",
		 vi->conf.name, name, base, m->mine ? "ok" : "exists-not-ours");
	return 0;
}

static void
vmac_down(struct vrrp_engine *e, struct vrrp_instance *vi, struct vrrp_vmac *m,
	  const char *name, const char *base, int family)
{
	if (m->held)
		vmac_sysctls(e, vi->conf.name, name, base, family, false);
	/* by its index, if the name still has it: one gone with its base
	 * may have left its index to another interface */
	if (m->mine && m->ifindex > 0 &&
	    (int)if_nametoindex(name) == m->ifindex) {
		if (vrrp_nl_link_del(&e->nl, m->ifindex) < 0)
			log_warn("vrrp instance=%s vmac=%s op=del error=%s",
				 vi->conf.name, name, strerror(errno));
		else
			log_info("vrrp instance=%s vmac=%s op=del result=ok",
				 vi->conf.name, name);
	}
	m->mine = m->held = false;
	m->ifindex = 0;
}

void
vrrp_owned_vmac_name(const struct vrrp_instance *vi, char name[IFNAMSIZ])
{
	if (vi->conf.vmac_name[0])
		snprintf(name, IFNAMSIZ, "%s", vi->conf.vmac_name);
	else
		snprintf(name, IFNAMSIZ, "vrrp%s.%u",
			 vi->conf.family == AF_INET6 ? "6" : "", vi->conf.vrid);
}

int
vrrp_owned_vmac(struct vrrp_engine *e, struct vrrp_instance *vi, bool up)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	uint8_t mac[6];

	if (!up) {
		bool listed = vi->vmac.mine;

		for (size_t i = 0; i < c->naddr_vmacs; i++) {
			listed = listed || vi->addr_vmac[i].mine;
			vmac_down(e, vi, &vi->addr_vmac[i],
				  c->addr_vmacs[i].name, c->addr_vmacs[i].base,
				  c->addr_vmacs[i].family);
		}
		if (c->use_vmac)
			vmac_down(e, vi, &vi->vmac, vi->tx_ifname, c->ifname,
				  c->family);
		if (listed)
			vrrp_ledger_save(e);
		return 0;
	}
	if (c->use_vmac) {
		if (vmac_up(e, vi, &vi->vmac, vi->tx_ifname, c->ifname,
			    c->family, vi->tx_mac) < 0)
			return -1;
		vi->tx_ifindex = vi->vmac.ifindex;
	}
	/* One that cannot be made (its interface missing...) leaves its
	 * addresses without an interface, each refused and logged, as any
	 * address on a missing dev: the instance runs on. */
	for (size_t i = 0; i < c->naddr_vmacs; i++)
		if (vmac_up(e, vi, &vi->addr_vmac[i], c->addr_vmacs[i].name,
			    c->addr_vmacs[i].base, c->addr_vmacs[i].family,
			    mac) < 0)
			log_warn("vrrp instance=%s vmac=%s interface=%s "
				 "op=add error=%s",
				 c->name, c->addr_vmacs[i].name,
				 c->addr_vmacs[i].base, strerror(errno));
	return 0;
}

bool
vrrp_owned_on_addr_vmac(const struct vrrp_instance *vi,
			const struct vrrp_vip *v)
{
	for (size_t i = 0; i < vi->conf.naddr_vmacs; i++)
		if (!strcmp(v->dev, vi->conf.addr_vmacs[i].name))
			return true;
	return false;
}

/* Index of item in list, or -1. */
static long
find_item(const struct vrrp_own_lists *l, int k, const void *item)
{
	size_t size = kinds[k].size;

	for (size_t i = 0; i < l->n[k]; i++)
		if (!memcmp((const char *)l->items[k] + i * size, item, size))
			return (long)i;
	return -1;
}

/* One list: entries both configs have keep their ownership untouched;
 * those only the old one has go; those only the new one has come (if up). */
static int
reconcile_kind(struct vrrp_engine *e, const struct vrrp_instance *vi,
	       const char *who, int k, const struct vrrp_own_lists *ol,
	       const struct vrrp_own_lists *nl, struct vrrp_owned *o,
	       struct vrrp_owned *fresh)
{
	bool *kept = calloc(nl->n[k] + 1, sizeof(bool));

	if (!kept)
		return -1;
	for (size_t i = 0; i < ol->n[k]; i++) {
		const char *item =
			(const char *)ol->items[k] + i * kinds[k].size;
		long j = find_item(nl, k, item);

		if (j < 0) {
			drop_one(e, who, k, item, &o->mine[k][i],
				 o->ifindex[k][i]);
			continue;
		}
		kept[j] = true;
		fresh->mine[k][j] = o->mine[k][i];
		fresh->ifindex[k][j] = o->ifindex[k][i];
		fresh->lost[k][j] = o->lost[k][i];
	}
	for (size_t j = 0; j < nl->n[k] && o->up; j++)
		if (!kept[j])
			take_one(e, vi, who, k,
				 (const char *)nl->items[k] + j * kinds[k].size,
				 &fresh->mine[k][j], &fresh->ifindex[k][j]);
	free(kept);
	return 0;
}

static void
reconcile(struct vrrp_engine *e, const struct vrrp_instance *vi,
	  const char *who, const struct vrrp_own_lists *ol,
	  const struct vrrp_own_lists *nl, struct vrrp_owned *o)
{
	struct vrrp_owned fresh;

	if (vrrp_owned_alloc(&fresh, nl->n) < 0)
		return;
	/* Rules and routes before the addresses they may use. */
	for (int k = OWN_MAX - 1; k >= 0; k--)
		if (reconcile_kind(e, vi, who, k, ol, nl, o, &fresh) < 0)
			log_warn("vrrp instance=%s reload=partial error=%s",
				 who, strerror(ENOMEM));
	fresh.up = o->up;
	fresh.repair_due = o->repair_due;
	fresh.tokens = o->tokens;
	fresh.refill_at = o->refill_at;
	fresh.limited_logged = o->limited_logged;
	vrrp_owned_free(o);
	*o = fresh;
	vrrp_ledger_save(e);
}

void
vrrp_owned_reconcile(struct vrrp_engine *e, struct vrrp_instance *vi,
		     const struct vrrp_instance_conf *old)
{
	struct vrrp_own_lists ol, nl;

	vrrp_own_lists_instance(old, &ol);
	vrrp_own_lists_instance(&vi->conf, &nl);
	reconcile(e, vi, vi->conf.name, &ol, &nl, vi->owned);
	vrrp_nft_sync(e, vi);
}

void
vrrp_owned_reconcile_statics(struct vrrp_engine *e,
			     const struct vrrp_config *old)
{
	struct vrrp_own_lists ol, nl;

	vrrp_own_lists_static(old, &ol);
	vrrp_own_lists_static(e->cfg, &nl);
	reconcile(e, NULL, "static", &ol, &nl, &e->statics);
}

/*
 * Put back, in the order own_lists() takes them, every object that is ours
 * and not there: an add that finds it there (EEXIST) only says it is back.
 * Routes and rules are tried too when only an address went: the kernel
 * removes the routes that used an address without telling anyone.
 */
unsigned
vrrp_owned_repair(struct vrrp_engine *e, struct vrrp_instance *vi,
		  const char *who, const struct vrrp_own_lists *l,
		  struct vrrp_owned *o)
{
	unsigned restored = 0;

	for (int kind = 0; kind < OWN_MAX && o->up; kind++) {
		const struct own_kind *k = &kinds[kind];

		for (size_t i = 0; i < l->n[kind]; i++) {
			const char *item =
				(const char *)l->items[kind] + i * k->size;
			int ifx = k->ifx ? k->ifx(e, vi, item) : 0;
			int r;

			if (!o->mine[kind][i])
				continue;
			r = k->add(e, ifx, item);
			o->lost[kind][i] = r < 0;
			if (r == 0) {
				o->ifindex[kind][i] = ifx;
				restored++;
			}
			if (r != 1)
				log_op(who, k, item, "restore",
				       r == 0 ? "ok" : strerror(errno));
		}
	}
	return restored;
}

unsigned
vrrp_owned_vips(const struct vrrp_instance *vi)
{
	unsigned n = 0;

	for (size_t i = 0; i < vi->conf.nvips; i++)
		n += vi->owned->mine[OWN_VIPS][i] &&
		     !vi->owned->lost[OWN_VIPS][i];
	return n;
}

bool
vrrp_owned_present(const struct vrrp_instance *vi)
{
	const struct vrrp_vip *v = vi->conf.vips;

	for (size_t i = 0; i < vi->conf.nvips; i++)
		if (!vi->owned->mine[OWN_VIPS][i] ||
		    vrrp_if_has_addr(vip_ifx(vi->eng, vi, &v[i]), &v[i].addr) !=
			    1)
			return false;
	return true;
}
