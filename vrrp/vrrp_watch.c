// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The watch of what vigil owns. A MASTER's virtual addresses, routes and
 * rules (and the static ones) are vigil's: when someone deletes one (`ip
 * addr del` by hand, another tool), the kernel says so on the rtnetlink
 * groups this socket joins (RTM_DELADDR, RTM_DELROUTE, RTM_DELRULE); the
 * object is marked lost (`addresses_owned` counts only what is there) and
 * its owner is repaired: everything it owns that is missing is added
 * back, logged and counted (owned_restored).
 *
 * Rate limit: a tool that deletes what we add must not turn this into a
 * hot loop. Each owner may repair RESTORE_BURST times at once, then once
 * every RESTORE_REFILL; a repair held back by the limit runs when its
 * token comes. The limit is logged once, until the owner has its whole
 * burst back (a fight over).
 *
 * Route and rule groups are joined only when the config owns routes or
 * rules: on a router with a full BGP table they are busy.
 *
 * With vigil_vrrp_restore_owned off the watch still runs (so that
 * addresses_owned stays true) but nothing is put back: a deletion is
 * logged, and the object waits for the next transition to MASTER.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_engine_priv.h"

#define RESTORE_BURST 5
#define RESTORE_REFILL EV_SEC(2)
#define WATCH_RCVBUF (1 << 20)

/* ---- does a deletion take one of ours? ---- */

static bool
vip_match(const struct vrrp_vip *v, int ifx, const struct vrrp_nl_del *d)
{
	return d->kind == VRRP_DEL_ADDR && ipaddr_eq(&v->addr, &d->addr) &&
	       (ifx <= 0 || ifx == d->ifindex);
}

static uint32_t
table_of(uint32_t t)
{
	return t ? t : RT_TABLE_MAIN;
}

static bool
route_match(const struct vrrp_route *r, const struct vrrp_nl_del *d)
{
	return d->kind == VRRP_DEL_ROUTE && d->family == r->dst.family &&
	       d->plen == r->plen &&
	       (!r->plen || ipaddr_eq(&r->dst, &d->addr)) &&
	       table_of(r->table) == d->table &&
	       (!r->metric || r->metric == d->priority);
}

static bool
rule_match(const struct vrrp_rule *r, const struct vrrp_nl_del *d)
{
	return d->kind == VRRP_DEL_RULE && d->family == r->family &&
	       d->plen == r->from_plen &&
	       (!r->from_plen || ipaddr_eq(&r->from, &d->addr)) &&
	       table_of(r->table) == table_of(d->table) &&
	       (!r->priority || r->priority == d->priority);
}

static bool
item_match(int kind, const struct vrrp_own_lists *l, size_t i, int ifx,
	   const struct vrrp_nl_del *d)
{
	switch (kind) {
	case OWN_VIPS:
	case OWN_EVIPS:
		return vip_match((const struct vrrp_vip *)l->items[kind] + i,
				 ifx, d);
	case OWN_ROUTES:
		return route_match(
			(const struct vrrp_route *)l->items[kind] + i, d);
	default:
		return rule_match((const struct vrrp_rule *)l->items[kind] + i,
				  d);
	}
}

/* Mark what d took from o; true if anything. */
static bool
mark_lost(const struct vrrp_own_lists *l, struct vrrp_owned *o,
	  const struct vrrp_nl_del *d)
{
	bool hit = false;

	if (!o->up)
		return false;
	for (int k = 0; k < OWN_MAX; k++)
		for (size_t i = 0; i < l->n[k]; i++)
			if (o->mine[k][i] && !o->lost[k][i] &&
			    item_match(k, l, i, o->ifindex[k][i], d)) {
				o->lost[k][i] = true;
				hit = true;
			}
	return hit;
}

/* ---- repairs, rate-limited ---- */

static void
refill(struct vrrp_owned *o, ev_time_t now)
{
	if (!o->refill_at) {
		o->tokens = RESTORE_BURST;
		o->refill_at = now + RESTORE_REFILL;
	}
	while (o->tokens < RESTORE_BURST && now >= o->refill_at) {
		o->tokens++;
		o->refill_at += RESTORE_REFILL;
	}
	if (o->tokens == RESTORE_BURST) {
		/* quiet again: the next limit is a new run of it */
		o->limited_logged = false;
		if (now >= o->refill_at)
			o->refill_at = now + RESTORE_REFILL;
	}
}

/* One owner's due repair if its limit allows; when it will next be
 * possible otherwise (0: nothing left to do). */
static ev_time_t
repair_owner(struct vrrp_engine *e, struct vrrp_instance *vi, const char *who,
	     const struct vrrp_own_lists *l, struct vrrp_owned *o,
	     struct vrrp_stats *st, ev_time_t now)
{
	unsigned n;

	if (!o->repair_due)
		return 0;
	if (!o->up) {
		o->repair_due = false;
		return 0;
	}
	refill(o, now);
	if (!o->tokens) {
		if (!o->limited_logged)
			log_warn("vrrp instance=%s restore=limited "
				 "burst=%d refill_ms=%llu",
				 who, RESTORE_BURST,
				 (unsigned long long)(RESTORE_REFILL / 1000));
		o->limited_logged = true;
		return o->refill_at;
	}
	o->repair_due = false;
	n = vrrp_owned_repair(e, vi, who, l, o);
	if (n) {
		o->tokens--;
		st->owned_restored += n;
	}
	return 0;
}

/* Its link went down (IPv6 addresses go with it) and the link event that
 * takes it to FAULT may not have been read yet: nothing to put back. */
static bool
leaving(const struct vrrp_instance *vi)
{
	bool up = false;
	int ifx;

	if (vi->conf.dont_track_primary || !vi->owned->repair_due)
		return false;
	return vrrp_if_info(vi->conf.ifname, &ifx, NULL, &up) < 0 || !up;
}

static void
repair_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_engine *e = arg;
	ev_time_t now = ev_now(loop), next = 0, w;
	struct vrrp_own_lists l;

	(void)t;
	vrrp_own_lists_static(e->cfg, &l);
	w = repair_owner(e, NULL, "static", &l, &e->statics, &e->stats, now);
	next = w;
	for (size_t i = 0; i < e->ninst; i++) {
		struct vrrp_instance *vi = e->inst[i];

		if (leaving(vi)) {
			vi->owned->repair_due = false;
			continue;
		}
		vrrp_own_lists_instance(&vi->conf, &l);
		w = repair_owner(e, vi, vi->conf.name, &l, vi->owned,
				 &vi->stats, now);
		if (w && (!next || w < next))
			next = w;
	}
	if (next)
		ev_timer_start_at(loop, &e->watch.repair, next);
	vrrp_ledger_save(e);
}

static void
want_repair(struct vrrp_engine *e, struct vrrp_owned *o)
{
	if (!e->cfg->global.restore_owned)
		return;
	o->repair_due = true;
	if (!ev_timer_active(&e->watch.repair))
		ev_timer_start(e->loop, &e->watch.repair, 0);
}

/* ---- the socket ---- */

static void
lost(struct vrrp_engine *e, const char *who, struct vrrp_owned *o)
{
	if (!e->cfg->global.restore_owned)
		log_warn("vrrp instance=%s event=deleted-externally "
			 "restore=off",
			 who);
	want_repair(e, o);
}

static void
on_delete(struct vrrp_engine *e, const struct vrrp_nl_del *d)
{
	struct vrrp_own_lists l;

	vrrp_own_lists_static(e->cfg, &l);
	if (mark_lost(&l, &e->statics, d))
		lost(e, "static", &e->statics);
	for (size_t i = 0; i < e->ninst; i++) {
		struct vrrp_instance *vi = e->inst[i];

		vrrp_own_lists_instance(&vi->conf, &l);
		if (mark_lost(&l, vi->owned, d))
			lost(e, vi->conf.name, vi->owned);
	}
}

/* Events were lost, or a link came up (the kernel dropped the routes
 * through it when it went down, without a word): every owner that holds
 * something checks it all. */
static void
recheck_all(void *arg)
{
	struct vrrp_engine *e = arg;

	if (e->statics.up)
		want_repair(e, &e->statics);
	for (size_t i = 0; i < e->ninst; i++)
		if (e->inst[i]->owned->up)
			want_repair(e, e->inst[i]->owned);
}

static int
msg_cb(const struct nlmsghdr *h, void *arg)
{
	struct vrrp_engine *e = arg;
	struct vrrp_nl_del d;
	int r = vrrp_nl_parse_del(h, &d);

	if (r < 0 && e->watch.bad_msgs++ == 0)
		log_warn("vrrp watch=bad-message type=%u len=%u error=%s",
			 h->nlmsg_type, h->nlmsg_len, strerror(errno));
	if (r > 0)
		on_delete(e, &d);
	if (h->nlmsg_type == RTM_NEWADDR || h->nlmsg_type == RTM_DELADDR)
		vrrp_engine_addr_event(e);
	return MNL_CB_OK;
}

static void
watch_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_engine *e = arg;

	(void)loop;
	(void)io;
	(void)revents;
	vrrp_nl_drain(e->watch.sock, msg_cb, recheck_all, e);
}

static unsigned
groups_needed(const struct vrrp_config *c)
{
	unsigned g = 1u << RTNLGRP_IPV4_IFADDR | 1u << RTNLGRP_IPV6_IFADDR;
	bool routes = c->nstatic_routes > 0, rules = c->nstatic_rules > 0;

	for (size_t i = 0; i < c->ninst; i++) {
		routes |= c->inst[i].nroutes > 0;
		rules |= c->inst[i].nrules > 0;
	}
	if (routes)
		g |= 1u << RTNLGRP_IPV4_ROUTE | 1u << RTNLGRP_IPV6_ROUTE;
	if (rules)
		g |= 1u << RTNLGRP_IPV4_RULE | 1u << RTNLGRP_IPV6_RULE;
	return g;
}

static int
join(struct vrrp_watch *w, unsigned want)
{
	for (unsigned g = 1; g < 32; g++) {
		if (!(want & (1u << g)) || (w->groups & (1u << g)))
			continue;
		if (mnl_socket_setsockopt(w->sock, NETLINK_ADD_MEMBERSHIP, &g,
					  sizeof(g)) < 0)
			return -1;
		w->groups |= 1u << g;
	}
	return 0;
}

int
vrrp_watch_start(struct vrrp_engine *e)
{
	struct vrrp_watch *w = &e->watch;
	int rcvbuf = WATCH_RCVBUF;

	ev_timer_init(&w->repair, repair_cb, e);
	w->sock = vrrp_nl_listen(e->loop, &w->io, watch_ready, e, 0);
	if (!w->sock)
		return -1;
	/* A burst of deletions (an interface flushed) must not overflow;
	 * if it does anyway, ENOBUFS makes every owner check itself. */
	setsockopt(mnl_socket_get_fd(w->sock), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		   sizeof(rcvbuf));
	if (join(w, groups_needed(e->cfg)) < 0) {
		int err = errno;

		vrrp_nl_unlisten(e->loop, &w->io, &w->sock);
		errno = err;
		return -1;
	}
	return 0;
}

void
vrrp_watch_link_up(struct vrrp_engine *e)
{
	if (e->watch.sock)
		recheck_all(e);
}

void
vrrp_watch_update(struct vrrp_engine *e)
{
	if (!e->watch.sock) {
		if (vrrp_watch_start(e) < 0)
			log_err("vrrp watch=start error=%s", strerror(errno));
		return;
	}
	if (join(&e->watch, groups_needed(e->cfg)) < 0)
		log_err("vrrp watch=join error=%s", strerror(errno));
}

void
vrrp_watch_stop(struct vrrp_engine *e)
{
	struct vrrp_watch *w = &e->watch;

	ev_timer_stop(e->loop, &w->repair);
	vrrp_nl_unlisten(e->loop, &w->io, &w->sock);
	w->groups = 0;
}
