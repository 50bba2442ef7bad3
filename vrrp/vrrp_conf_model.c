// SPDX-License-Identifier: GPL-2.0-or-later
/* The validated config model translated into the engine's config. */
#include "config.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "vrrp/vrrp_conf_model.h"

#define IS_UNSET32(v) ((v) == CONF_UNSET_U32)

/* The translation's state: the first error wins, the walk goes on. */
struct tr {
	char *err;
	size_t errlen;
	bool failed;
	const struct conf *c;
};

static void __attribute__((format(printf, 2, 3)))
tr_fail(struct tr *t, const char *fmt, ...)
{
	va_list ap;

	if (t->failed)
		return;
	t->failed = true;
	va_start(ap, fmt);
	vsnprintf(t->err, t->errlen, fmt, ap);
	va_end(ap);
}

/* Copy a string into a fixed field; too long is an error, not a cut. */
static void
put(struct tr *t, char *dst, size_t len, const char *src, const char *what)
{
	if (!src)
		src = "";
	if (strlen(src) >= len)
		tr_fail(t, "%s '%.40s...' longer than %zu bytes", what, src,
			len - 1);
	else
		memcpy(dst, src, strlen(src) + 1);
}

static void *
alloc(struct tr *t, size_t n, size_t size)
{
	void *p;

	if (!n)
		return NULL;
	p = calloc(n, size);
	if (!p)
		tr_fail(t, "out of memory");
	return p;
}

/* Each object of a model list into its element of a config array. */
#define EACH(t, list, arr, cnt, fn, type)                                      \
	do {                                                                   \
		const type *m_ = (list).head;                                  \
		(arr) = alloc((t), (list).n, sizeof(*(arr)));                  \
		(cnt) = (arr) ? (list).n : 0;                                  \
		for (size_t i_ = 0; (arr) && m_; m_ = m_->next, i_++)          \
			fn((t), &(arr)[i_], m_);                               \
	} while (0)

static void
addr(struct ipaddr *ip, const struct conf_addr *a)
{
	memset(ip, 0, sizeof(*ip));
	if (a->ip.family != AF_INET && a->ip.family != AF_INET6)
		return;
	ipaddr_from_bytes(ip, a->ip.family, a->ip.u.b);
}

/* brd + / brd -: the prefix's broadcast (host bits set) or network. */
static void
brd_bits(struct ipaddr *out, const struct conf_addr *a, bool set)
{
	size_t len = ipaddr_len(a->ip.family);

	addr(out, a);
	for (size_t bit = a->prefix; bit < len * 8; bit++) {
		uint8_t m = (uint8_t)(0x80u >> (bit % 8));

		if (set)
			out->u.b[bit / 8] |= m;
		else
			out->u.b[bit / 8] &= (uint8_t)~m;
	}
}

static uint8_t
scope_or(int32_t scope, uint8_t dflt)
{
	return scope == CONF_UNSET_I32 ? dflt : (uint8_t)scope;
}

static void
vip(struct tr *t, struct vrrp_vip *v, const struct conf_ipaddr *a)
{
	addr(&v->addr, &a->addr);
	v->plen = a->addr.prefix;
	v->scope = scope_or(a->scope, RT_SCOPE_UNIVERSE);
	if (a->brd_mode == CONF_BRD_ADDR)
		addr(&v->brd, &a->brd);
	else if (a->brd_mode != CONF_BRD_NONE)
		brd_bits(&v->brd, &a->addr, a->brd_mode == CONF_BRD_SET);
	put(t, v->dev, sizeof(v->dev), a->dev, "dev");
	put(t, v->label, sizeof(v->label), a->label, "label");
}

static void
route(struct tr *t, struct vrrp_route *v, const struct conf_route *r)
{
	addr(&v->dst, &r->dst);
	if (!r->dst.ip.family) /* default */
		v->dst.family = r->family ? r->family : AF_INET;
	v->plen = r->dst.ip.family ? r->dst.prefix : 0;
	addr(&v->gw, &r->via);
	addr(&v->src, &r->src);
	v->type = r->type ? r->type : RTN_UNICAST;
	/* As `ip route add` does: a unicast route without a gateway is on
	 * the link. */
	v->scope =
		scope_or(r->scope, v->type == RTN_UNICAST && !r->via.ip.family
					   ? RT_SCOPE_LINK
					   : RT_SCOPE_UNIVERSE);
	v->table = IS_UNSET32(r->table) ? 0 : r->table;
	v->metric = IS_UNSET32(r->metric) ? 0 : r->metric;
	put(t, v->dev, sizeof(v->dev), r->dev, "dev");
}

static void
rule(struct tr *t, struct vrrp_rule *v, const struct conf_rule *r)
{
	addr(&v->from, &r->from);
	addr(&v->to, &r->to);
	v->from_plen = r->from.ip.family ? r->from.prefix : 0;
	v->to_plen = r->to.ip.family ? r->to.prefix : 0;
	v->family = r->family		? r->family
		    : r->from.ip.family ? (uint8_t)r->from.ip.family
		    : r->to.ip.family	? (uint8_t)r->to.ip.family
					: AF_INET;
	v->table = IS_UNSET32(r->table) ? 0 : r->table;
	v->priority = IS_UNSET32(r->priority) ? 0 : r->priority;
	v->fwmark = IS_UNSET32(r->fwmark) ? 0 : r->fwmark;
	v->fwmask = v->fwmark ? r->fwmask : 0;
	put(t, v->iif, sizeof(v->iif), r->iif, "iif");
	put(t, v->oif, sizeof(v->oif), r->oif, "oif");
}

/* The weight a tracked object has by itself (0 for an interface). */
struct own_weight {
	int32_t weight;
	bool reverse;
};

enum ref_kind { REF_IF, REF_SCRIPT, REF_FILE, REF_PROC, REF_BFD };

static struct own_weight
own_weight(const struct conf *c, enum ref_kind kind, const char *name)
{
	struct own_weight w = {0, false};

	if (kind == REF_SCRIPT) {
		for (const struct conf_vrrp_script *o = c->scripts.head; o;
		     o = o->next)
			if (!strcmp(o->name, name))
				return (struct own_weight){o->weight,
							   o->weight_reverse};
	} else if (kind == REF_FILE) {
		for (const struct conf_track_file *o = c->track_files.head; o;
		     o = o->next)
			if (!strcmp(o->name, name))
				return (struct own_weight){o->weight,
							   o->weight_reverse};
	} else if (kind == REF_BFD) {
		for (const struct conf_bfd *o = c->bfds.head; o; o = o->next)
			if (!strcmp(o->name, name))
				return (struct own_weight){o->weight,
							   o->weight_reverse};
	} else if (kind == REF_PROC) {
		for (const struct conf_track_process *o = c->track_procs.head;
		     o; o = o->next)
			if (!strcmp(o->name, name))
				return (struct own_weight){o->weight,
							   o->weight_reverse};
	}
	return w;
}

/* conf_validate() copied the object's weight into every reference that
 * had none (but not its `reverse`): a reference that says nothing more
 * than the object is left to the object, so the engine uses both.
 * The instance's sync group's references (grp, may be NULL) follow as
 * unweighted ones: in a group, a tracker that fails puts the member into
 * FAULT whatever its weight (keepalived.conf(5) vrrp_sync_group), so all
 * members fail together; 'weight 0 reverse' keeps its meaning. */
static struct vrrp_track_ref *
refs(struct tr *t, const struct conf_list *l, const struct conf_list *grp,
     enum ref_kind kind, size_t *n)
{
	size_t total = l->n + (grp ? grp->n : 0), i = 0;
	struct vrrp_track_ref *v = alloc(t, total, sizeof(*v));
	const struct conf_track *k;

	*n = v ? total : 0;
	for (k = l->head; v && k; k = k->next, i++) {
		struct own_weight w = own_weight(t->c, kind, k->name);

		put(t, v[i].name, sizeof(v[i].name), k->name, "track name");
		v[i].has_weight = k->weight != CONF_UNSET_I32 &&
				  (k->weight != w.weight || k->reverse);
		v[i].weight = v[i].has_weight ? k->weight : 0;
		v[i].reverse = v[i].has_weight && k->reverse;
	}
	for (k = grp ? grp->head : NULL; v && k; k = k->next, i++) {
		put(t, v[i].name, sizeof(v[i].name), k->name, "track name");
		v[i].has_weight = true;
		v[i].weight = 0;
		v[i].reverse = k->reverse;
	}
	return v;
}

static void
notify(struct tr *t, struct vrrp_notify_conf *n, const struct conf_notify *m)
{
	put(t, n->notify, sizeof(n->notify), m->notify.cmd, "notify");
	put(t, n->master, sizeof(n->master), m->master.cmd, "notify_master");
	put(t, n->backup, sizeof(n->backup), m->backup.cmd, "notify_backup");
	put(t, n->fault, sizeof(n->fault), m->fault.cmd, "notify_fault");
	put(t, n->stop, sizeof(n->stop), m->stop.cmd, "notify_stop");
	put(t, n->rx_lower, sizeof(n->rx_lower), m->master_rx_lower_pri.cmd,
	    "notify_master_rx_lower_pri");
	n->priority_changes = m->priority_changes == 1;
	put(t, n->deleted, sizeof(n->deleted), m->deleted.cmd,
	    "notify_deleted");
	n->deleted_set = m->deleted_set;
}

static bool
smtp_alert(const struct conf *c, int8_t own)
{
	if (own != CONF_UNSET_TRI)
		return own == 1;
	if (c->global.smtp_alert_vrrp != CONF_UNSET_TRI)
		return c->global.smtp_alert_vrrp == 1;
	return c->global.smtp_alert == 1;
}

static uint32_t
ms(uint64_t usec)
{
	return usec == CONF_UNSET_TIME ? 0 : (uint32_t)(usec / 1000);
}

/* The garp_group that names ifname, if any. */
static const struct conf_garp_group *
garp_group_of(const struct conf *c, const char *ifname)
{
	for (const struct conf_garp_group *g = c->garp_groups.head; ifname && g;
	     g = g->next) {
		if (g->interface && !strcmp(g->interface, ifname))
			return g;
		for (const struct conf_str *s = g->interfaces.head; s;
		     s = s->next)
			if (!strcmp(s->s, ifname))
				return g;
	}
	return NULL;
}

static void
garp(struct vrrp_garp_conf *g, const struct conf_vrrp *v, const struct conf *c)
{
	const struct conf_global *gl = &c->global;
	const struct conf_garp_group *gg = garp_group_of(
		c, v->interface ? v->interface : gl->default_interface);
	g->master_delay_ms = ms(v->garp_master_delay);
	g->master_repeat = v->garp_master_repeat;
	g->refresh_ms = ms(v->garp_master_refresh);
	g->refresh_repeat = v->garp_master_refresh_repeat;
	g->lower_prio_delay_ms = ms(v->garp_lower_prio_delay);
	g->lower_prio_repeat = v->garp_lower_prio_repeat;
	/* without "all" only the addresses on VMACs of their own */
	g->extra_if_ms = ms(v->garp_extra_if.interval);
	g->extra_if_all = v->garp_extra_if.all;
	g->interval_us = (uint32_t)gl->vrrp_garp_interval;
	g->na_interval_us = (uint32_t)gl->vrrp_gna_interval;
	/* garp_group: the intervals of the instance's interface */
	if (gg && gg->garp_interval != CONF_UNSET_TIME)
		g->interval_us = (uint32_t)gg->garp_interval;
	if (gg && gg->gna_interval != CONF_UNSET_TIME)
		g->na_interval_us = (uint32_t)gg->gna_interval;
}

static void
peers(struct tr *t, struct vrrp_instance_conf *ic, const struct conf_vrrp *v)
{
	const struct conf_peer *p = v->unicast_peers.head;

	ic->peers = alloc(t, v->unicast_peers.n, sizeof(*ic->peers));
	ic->npeers = ic->peers ? v->unicast_peers.n : 0;
	for (size_t i = 0; ic->peers && p; p = p->next, i++) {
		addr(&ic->peers[i], &p->addr);
		/* A TTL range says the peer is routed: RFC's 255 check off,
		 * the range itself is not enforced (min_ttl/max_ttl stay
		 * reported as pending). */
		if (p->min_ttl != CONF_UNSET_I32 ||
		    p->max_ttl != CONF_UNSET_I32)
			ic->unicast_any_ttl = true;
	}
}

static void
auth(struct vrrp_instance_conf *ic, const struct conf_vrrp *v)
{
	ic->auth_type = v->auth_type == CONF_AUTH_PASS ? VRRP_AUTH_PASS
			: v->auth_type == CONF_AUTH_AH ? VRRP_AUTH_AH
						       : VRRP_AUTH_NONE;
	if (ic->auth_type != VRRP_AUTH_NONE)
		memcpy(ic->auth_pass, v->auth_pass,
		       strnlen(v->auth_pass, sizeof(ic->auth_pass)));
}

/* auth_hmac: the engine's HMAC-SHA256 settings; the keys' sizes were
 * checked by the parser, the active key is checked here. */
static void
hmac(struct tr *t, struct vrrp_instance_conf *ic, const struct conf_vrrp *v)
{
	const struct conf_hmac *h = &v->auth_hmac;
	struct vrrp_hmac_conf *o = &ic->hmac;
	uint32_t window = 3u * ic->adver_int_cs / 100 + 1;

	if (!h->set)
		return;
	if (!h->nkeys) {
		tr_fail(t, "vrrp_instance %s: auth_hmac has no key", v->name);
		return;
	}
	o->enabled = true;
	o->mode = h->mode == CONF_HMAC_PERMISSIVE     ? VRRP_HMAC_PERMISSIVE
		  : h->mode == CONF_HMAC_RECEIVE_ONLY ? VRRP_HMAC_RECEIVE_ONLY
						      : VRRP_HMAC_ENFORCE;
	o->anti_replay_time = h->anti_replay == 0;
	o->time_window = h->time_window			 ? h->time_window
			 : window < VRRP_HMAC_WINDOW_MIN ? VRRP_HMAC_WINDOW_MIN
							 : window;
	for (size_t i = 0; i < h->nkeys && i < VRRP_HMAC_MAX_KEYS; i++) {
		o->keys[i].id = h->keys[i].id;
		o->keys[i].len = h->keys[i].len;
		memcpy(o->keys[i].data, h->keys[i].data, h->keys[i].len);
		o->nkeys++;
	}
	o->active_key = h->active_key ? (uint8_t)h->active_key : o->keys[0].id;
	if (!vrrp_hmac_find_key(o, o->active_key))
		tr_fail(t,
			"vrrp_instance %s: auth_hmac active_key %u is not "
			"one of its keys",
			v->name, (unsigned)o->active_key);
}

static void
addresses(struct tr *t, struct vrrp_instance_conf *ic,
	  const struct conf_vrrp *v)
{
	EACH(t, v->vips, ic->vips, ic->nvips, vip, struct conf_ipaddr);
	EACH(t, v->evips, ic->evips, ic->nevips, vip, struct conf_ipaddr);
	EACH(t, v->vroutes, ic->routes, ic->nroutes, route, struct conf_route);
	EACH(t, v->vrules, ic->rules, ic->nrules, rule, struct conf_rule);
}

static const struct conf_vrrp_sync_group *
group_of(const struct conf *c, const struct conf_vrrp *v)
{
	for (const struct conf_vrrp_sync_group *g = c->sync_groups.head;
	     v->sync_group && g; g = g->next)
		if (!strcmp(g->name, v->sync_group))
			return g;
	return NULL;
}

static void
tracking(struct tr *t, struct vrrp_instance_conf *ic, const struct conf_vrrp *v)
{
	const struct conf_vrrp_sync_group *g = group_of(t->c, v);

	ic->track_if =
		refs(t, &v->track_interface, g ? &g->track_interface : NULL,
		     REF_IF, &ic->ntrack_if);
	ic->track_script =
		refs(t, &v->track_script, g ? &g->track_script : NULL,
		     REF_SCRIPT, &ic->ntrack_script);
	ic->track_file = refs(t, &v->track_file, g ? &g->track_file : NULL,
			      REF_FILE, &ic->ntrack_file);
	ic->track_process =
		refs(t, &v->track_process, g ? &g->track_process : NULL,
		     REF_PROC, &ic->ntrack_process);
	ic->track_bfd = refs(t, &v->track_bfd, g ? &g->track_bfd : NULL,
			     REF_BFD, &ic->ntrack_bfd);
	ic->dont_track_primary = v->dont_track_primary;
	for (const struct conf_if_delay *d = t->c->if_delays.head; d;
	     d = d->next)
		if (!strcmp(d->ifname, ic->ifname)) {
			ic->link_down_delay_ms = ms(d->down);
			ic->link_up_delay_ms = ms(d->up);
		}
}

/* What a MASTER answers other masters with, and how unicast adverts go.
 * Strict mode keeps to RFC 5798 §6.4.3 (a lower advert is discarded, a
 * higher one is followed without a word) whatever the keywords say. */
static void
adverts(struct vrrp_instance_conf *ic, const struct conf_vrrp *v)
{
	ic->lower_prio_no_advert =
		v->lower_prio_no_advert == 1 || v->strict_mode == 1;
	ic->higher_prio_send_advert =
		v->higher_prio_send_advert != 0 && v->strict_mode != 1;
	ic->kernel_rx_buf_size = v->kernel_rx_buf_size;
	ic->old_unicast_checksum = v->old_unicast_checksum > 0
					   ? (uint8_t)v->old_unicast_checksum
					   : 0;
	ic->unicast_ttl = v->unicast_ttl >= 0 && v->unicast_ttl <= 255
				  ? (uint8_t)v->unicast_ttl
				  : 255;
}

static void
instance(struct tr *t, struct vrrp_instance_conf *ic, const struct conf_vrrp *v)
{
	const struct conf_global *g = &t->c->global;

	vrrp_instance_defaults(ic);
	put(t, ic->name, sizeof(ic->name), v->name, "vrrp_instance name");
	put(t, ic->ifname, sizeof(ic->ifname),
	    v->interface ? v->interface : g->default_interface, "interface");
	ic->vrid = (uint8_t)v->vrid;
	ic->priority = (uint8_t)v->priority;
	ic->version = (uint8_t)v->version;
	ic->family = v->family ? v->family : AF_INET;
	ic->adver_int_cs = (uint16_t)(v->advert_int / 10000);
	/* 1-100 by the parser; the global default by validation */
	ic->down_timer_adverts = (uint8_t)v->down_timer_adverts;
	ic->preempt = !v->nopreempt;
	ic->owner_starts_backup = v->state != CONF_STATE_MASTER;
	ic->preempt_delay_ms = ms(v->preempt_delay);
	ic->accept = v->accept == 1;
	/* keepalived's no_accept: with a nftables table configured, or under
	 * strict mode (keepalived then uses nftables by itself), traffic to
	 * the VIPs is dropped while not MASTER, and on a MASTER that is not
	 * the address owner (RFC 5798 §6.4.2, §6.4.3). */
	ic->nftables = (g->nftables || v->strict_mode == 1) && !ic->accept;
	auth(ic, v);
	hmac(t, ic, v);
	addr(&ic->src_ip, &v->src_ip);
	if (v->mcast_dst_ip.ip.family)
		addr(&ic->mcast_dst, &v->mcast_dst_ip);
	/* keepalived: only a configured source is tracked */
	ic->track_src_ip = v->track_src_ip && ipaddr_set(&ic->src_ip);
	ic->check_unicast_src =
		v->check_unicast_src || g->vrrp_check_unicast_src;
	ic->skip_check_adv_addr = v->skip_check_adv_addr == 1;
	ic->unicast_fault_no_peer = v->unicast_fault_no_peer;
	ic->promote_secondaries = v->promote_secondaries;
	ic->use_vmac = v->use_vmac;
	ic->vmac_xmit_base = v->use_vmac && v->vmac_xmit_base;
	put(t, ic->vmac_name, sizeof(ic->vmac_name), v->vmac_name,
	    "use_vmac name");
	garp(&ic->garp, v, t->c);
	notify(t, &ic->notify, &v->notify);
	adverts(ic, v);
	ic->smtp_alert = smtp_alert(t->c, v->notify.smtp_alert);
	peers(t, ic, v);
	addresses(t, ic, v);
	tracking(t, ic, v);
}

static void
script(struct tr *t, struct vrrp_script_conf *s,
       const struct conf_vrrp_script *m)
{
	put(t, s->name, sizeof(s->name), m->name, "vrrp_script name");
	put(t, s->cmd, sizeof(s->cmd), m->script.cmd, "script");
	s->interval_ms = ms(m->interval);
	s->timeout_ms = ms(m->timeout);
	s->weight = m->weight;
	s->weight_reverse = m->weight_reverse;
	s->rise = m->rise;
	s->fall = m->fall;
	s->init_fail = m->init_fail;
}

static void
file(struct tr *t, struct vrrp_file_conf *f, const struct conf_track_file *m)
{
	put(t, f->name, sizeof(f->name), m->name, "vrrp_track_file name");
	put(t, f->path, sizeof(f->path), m->file, "file");
	f->weight = m->weight;
	f->weight_reverse = m->weight_reverse;
	f->init_value = m->init_file ? m->init_value : 0;
}

static void
bfd(struct tr *t, struct vrrp_bfd_conf *b, const struct conf_bfd *m)
{
	put(t, b->name, sizeof(b->name), m->name, "bfd_instance name");
	b->weight = m->weight;
	b->weight_reverse = m->weight_reverse;
}

/* The parameters the command line must carry, space separated. */
static void
params(struct tr *t, struct vrrp_process_conf *p,
       const struct conf_track_process *m)
{
	size_t off = 0;

	for (const struct conf_str *s = m->params.head; s; s = s->next) {
		int n = snprintf(p->param_match + off,
				 sizeof(p->param_match) - off, "%s%s",
				 off ? " " : "", s->s);

		if (n < 0 || (size_t)n >= sizeof(p->param_match) - off) {
			tr_fail(t, "track_process %s: param_match too long",
				m->name);
			return;
		}
		off += (size_t)n;
	}
}

static void
process(struct tr *t, struct vrrp_process_conf *p,
	const struct conf_track_process *m)
{
	put(t, p->name, sizeof(p->name), m->name, "vrrp_track_process name");
	put(t, p->process, sizeof(p->process), m->process, "process");
	params(t, p, m);
	p->full_command = m->full_command;
	p->quorum = m->quorum;
	p->quorum_max = IS_UNSET32(m->quorum_max) ? 0 : m->quorum_max;
	p->weight = m->weight;
	p->weight_reverse = m->weight_reverse;
	p->delay_ms = ms(m->terminate_delay);
	p->interval_ms = 1000;
}

static void
group(struct tr *t, struct vrrp_sync_group_conf *g,
      const struct conf_vrrp_sync_group *m)
{
	const struct conf_str *s = m->members.head;

	put(t, g->name, sizeof(g->name), m->name, "vrrp_sync_group name");
	notify(t, &g->notify, &m->notify);
	g->smtp_alert = smtp_alert(t->c, m->notify.smtp_alert);
	g->members = alloc(t, m->members.n, sizeof(*g->members));
	g->nmembers = g->members ? m->members.n : 0;
	for (size_t i = 0; g->members && s; s = s->next, i++)
		put(t, g->members[i], sizeof(g->members[i]), s->s,
		    "sync group member");
}

static void
global(struct tr *t, struct vrrp_global_conf *v, const struct conf_global *g,
       const char *state_file)
{
	if (g->vrrp_mcast_group4.ip.family == AF_INET)
		addr(&v->mcast4, &g->vrrp_mcast_group4);
	if (g->vrrp_mcast_group6.ip.family == AF_INET6)
		addr(&v->mcast6, &g->vrrp_mcast_group6);
	/* strict mode without nftables: keepalived's own default table */
	put(t, v->nft_table, sizeof(v->nft_table),
	    g->nftables && g->nftables[0] ? g->nftables : "keepalived",
	    "nftables table");
	v->rt_priority = IS_UNSET32(g->vrrp_rt_priority)
				 ? 0
				 : (int32_t)g->vrrp_rt_priority;
	v->no_swap = g->vrrp_no_swap;
	v->restore_owned = g->vigil_vrrp_restore_owned != 0;
	v->adopt = g->vigil_vrrp_adopt_on_restart != 0;
	v->startup_delay_ms = ms(g->vrrp_startup_delay);
	v->dynamic_interfaces = g->dynamic_interfaces;
	v->log_unknown_vrids = g->log_unknown_vrids;
	v->max_auto_priority =
		g->max_auto_priority > 0 ? g->max_auto_priority : 0;
	v->min_auto_priority_delay = g->min_auto_priority_delay;
	v->rlimit_rttime = g->vrrp_rlimit_rttime;
	put(t, v->state_file, sizeof(v->state_file), state_file, "state file");
}

/* A VMAC name some instance uses already (its own, or one for addresses). */
static bool
vmac_taken(const struct vrrp_config *vc, const char *name)
{
	for (size_t i = 0; i < vc->ninst; i++) {
		const struct vrrp_instance_conf *ic = &vc->inst[i];

		if (ic->use_vmac && !strcmp(ic->vmac_name, name))
			return true;
		for (size_t j = 0; j < ic->naddr_vmacs; j++)
			if (!strcmp(ic->addr_vmacs[j].name, name))
				return true;
	}
	return false;
}

/* The VMAC of ic on base for family, made the first time it is asked for:
 * keepalived names it <vmac_addr_prefix>.<VRID>, or <prefix><N>.<VRID>
 * with the first N from 1 whose name is free. */
static const char *
vmac_for(struct tr *t, struct vrrp_config *vc, struct vrrp_instance_conf *ic,
	 const char *base, uint8_t family)
{
	const struct conf_global *g = &t->c->global;
	const char *pfx = g->vmac_addr_prefix ? g->vmac_addr_prefix
			  : g->vmac_prefix    ? g->vmac_prefix
					      : "vrrp";
	struct vrrp_vmac_conf *m;
	char name[64];

	for (size_t j = 0; j < ic->naddr_vmacs; j++)
		if (!strcmp(ic->addr_vmacs[j].base, base) &&
		    ic->addr_vmacs[j].family == family)
			return ic->addr_vmacs[j].name;
	snprintf(name, sizeof(name), "%s.%u", pfx, ic->vrid);
	for (unsigned n = 1; vmac_taken(vc, name); n++)
		snprintf(name, sizeof(name), "%s%u.%u", pfx, n, ic->vrid);
	m = realloc(ic->addr_vmacs, (ic->naddr_vmacs + 1) * sizeof(*m));
	if (!m) {
		tr_fail(t, "out of memory");
		return NULL;
	}
	ic->addr_vmacs = m;
	m += ic->naddr_vmacs;
	memset(m, 0, sizeof(*m));
	put(t, m->name, sizeof(m->name), name, "VMAC name");
	put(t, m->base, sizeof(m->base), base, "dev");
	m->family = family;
	ic->naddr_vmacs++;
	return t->failed ? NULL : m->name;
}

/* keepalived.conf(5) use_vmac_addr (or use_vmac on the line): an address
 * whose dev is another interface than the instance's goes on a VMAC of
 * that interface, which answers for it with the virtual MAC. */
static void
addr_vmacs_list(struct tr *t, struct vrrp_config *vc,
		struct vrrp_instance_conf *ic, const struct conf_vrrp *v,
		const struct conf_list *l, struct vrrp_vip *vips)
{
	size_t i = 0;

	for (const struct conf_ipaddr *a = l->head; a; a = a->next, i++) {
		const char *dev = vips[i].dev, *name;

		if (!(v->use_vmac_addr || a->use_vmac) || !dev[0] ||
		    !strcmp(dev, ic->ifname) ||
		    (ic->use_vmac && !strcmp(dev, ic->vmac_name)))
			continue;
		name = vmac_for(t, vc, ic, dev, (uint8_t)vips[i].addr.family);
		if (name)
			snprintf(vips[i].dev, sizeof(vips[i].dev), "%s", name);
	}
}

/* After every instance: each instance's own VMAC name is taken first. */
static void
addr_vmacs(struct tr *t, struct vrrp_config *vc)
{
	const struct conf_vrrp *v = t->c->instances.head;

	for (size_t i = 0; i < vc->ninst && v; i++, v = v->next) {
		struct vrrp_instance_conf *ic = &vc->inst[i];

		addr_vmacs_list(t, vc, ic, v, &v->vips, ic->vips);
		addr_vmacs_list(t, vc, ic, v, &v->evips, ic->evips);
	}
}

struct vrrp_config *
vrrp_config_from_model(const struct conf *c, const char *state_file, char *err,
		       size_t errlen)
{
	struct tr t = {.err = err, .errlen = errlen, .c = c};
	struct vrrp_config *vc = calloc(1, sizeof(*vc));

	if (!vc) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vrrp_config_defaults(vc);
	global(&t, &vc->global, &c->global, state_file);
	EACH(&t, c->instances, vc->inst, vc->ninst, instance, struct conf_vrrp);
	if (!t.failed)
		addr_vmacs(&t, vc);
	EACH(&t, c->scripts, vc->scripts, vc->nscripts, script,
	     struct conf_vrrp_script);
	EACH(&t, c->track_files, vc->files, vc->nfiles, file,
	     struct conf_track_file);
	EACH(&t, c->track_procs, vc->procs, vc->nprocs, process,
	     struct conf_track_process);
	EACH(&t, c->bfds, vc->bfds, vc->nbfds, bfd, struct conf_bfd);
	EACH(&t, c->sync_groups, vc->groups, vc->ngroups, group,
	     struct conf_vrrp_sync_group);
	EACH(&t, c->static_addrs, vc->static_addrs, vc->nstatic_addrs, vip,
	     struct conf_ipaddr);
	EACH(&t, c->static_routes, vc->static_routes, vc->nstatic_routes, route,
	     struct conf_route);
	EACH(&t, c->static_rules, vc->static_rules, vc->nstatic_rules, rule,
	     struct conf_rule);
	if (t.failed) {
		vrrp_config_free(vc);
		return NULL;
	}
	return vc;
}
