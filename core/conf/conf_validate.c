// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whole-model validation and keepalived's defaults: global_defs, static
 * addresses/routes/rules, tracked objects, sync groups and VRRP instances
 * (LVS is in conf_validate_lvs.c). Ranges of single values were checked
 * while parsing, where the line is known; here are the rules that need
 * more than one line: references, conflicts, families, defaults.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "core/conf/conf_int.h"
#include "core/conf/conf_val.h"

/* ---- helpers ------------------------------------------------------ */

struct named {
	void *next;
	struct conf_loc loc;
	const char *name;
};

static int
vname_cmp(const void *a, const void *b)
{
	const struct vname *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int
vindex_build(struct vctx *x, struct vindex *ix, const struct conf_list *l,
	     const char *what)
{
	size_t i = 0;

	ix->n = 0;
	ix->v = calloc(l->n ? l->n : 1, sizeof(*ix->v));
	if (!ix->v)
		return -1;
	for (const struct named *o = (*l).head; o; o = o->next) {
		ix->v[i] =
			(struct vname){o->name ? o->name : "", o, &o->loc, i};
		i++;
	}
	ix->n = i;
	qsort(ix->v, ix->n, sizeof(*ix->v), vname_cmp);
	for (size_t k = 1, first = 0; what && k < ix->n; k++) {
		if (strcmp(ix->v[first].name, ix->v[k].name)) {
			first = k;
			continue;
		}
		conf_err(x->d, ix->v[k].loc,
			 "%s '%s' is defined twice (first "
			 "at %s:%d)",
			 what, ix->v[k].name, ix->v[first].loc->file,
			 ix->v[first].loc->line);
	}
	return 0;
}

static int
vname_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct vname *)elem)->name);
}

const void *
vindex_find(const struct vindex *ix, const char *name)
{
	const struct vname *v;

	if (!name || !ix->n)
		return NULL;
	v = bsearch(name, ix->v, ix->n, sizeof(*ix->v), vname_key);
	return v ? v->obj : NULL;
}

void
vindex_free(struct vindex *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

struct vdup_item {
	const void *obj;
	size_t idx;
};

/* qsort has no context argument: the comparison is passed through a
 * per-call wrapper array instead of a global. */
struct vdup_sort {
	struct vdup_item item;
	vdup_cmp cmp;
};

static int
vdup_item_cmp(const void *a, const void *b)
{
	const struct vdup_sort *x = a, *y = b;
	int r = x->cmp(x->item.obj, y->item.obj);

	if (r)
		return r;
	return x->item.idx < y->item.idx ? -1 : x->item.idx > y->item.idx;
}

int
vdups(struct vctx *x, const void **items, size_t n, vdup_cmp cmp,
      vdup_report report)
{
	struct vdup_sort *s;
	size_t first = 0;

	if (n < 2)
		return 0;
	s = calloc(n, sizeof(*s));
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		s[i] = (struct vdup_sort){{items[i], i}, cmp};
	qsort(s, n, sizeof(*s), vdup_item_cmp);
	for (size_t i = 1; i < n; i++) {
		if (cmp(s[first].item.obj, s[i].item.obj))
			first = i;
		else
			report(x, s[i].item.obj, s[first].item.obj);
	}
	free(s);
	return 0;
}

void
viface(struct vctx *x, const struct conf_loc *loc, const char *name,
       const char *what)
{
	if (!name || !x->o || !x->o->iface_exists ||
	    x->o->iface_exists(name, x->o->iface_arg))
		return;
	if (x->c->global.dynamic_interfaces)
		conf_warn(x->d, loc,
			  "interface %s (%s) does not exist yet "
			  "(dynamic_interfaces)",
			  name, what);
	else
		conf_err(x->d, loc, "interface %s (%s) does not exist", name,
			 what);
}

const char *
vstrdup(struct vctx *x, const char *s)
{
	const char *r = conf_arena_strdup(x->c->arena, s);

	return r ? r : "";
}

const char *
family_name(int family)
{
	return family == AF_INET6  ? "IPv6"
	       : family == AF_INET ? "IPv4"
				   : "none";
}

/* ---- global_defs -------------------------------------------------- */

static void
global_vrrp_defaults(struct conf_global *g)
{
	VDEF(g->vrrp_version, 2);
	if (g->vrrp_min_garp == 1) {
		/* keepalived.conf(5): one GARP, no second burst */
		VDEF(g->vrrp_garp_master_repeat, 1);
		VDEF(g->vrrp_garp_master_delay, 0);
	}
	VDEF(g->vrrp_min_garp, 0);
	VDEF(g->vrrp_garp_master_delay, 5 * CONF_USEC);
	VDEF(g->vrrp_garp_master_repeat, 5);
	VDEF(g->vrrp_garp_lower_prio_delay, g->vrrp_garp_master_delay);
	VDEF(g->vrrp_garp_lower_prio_repeat, g->vrrp_garp_master_repeat);
	VDEF(g->vrrp_garp_master_refresh, 0);
	VDEF(g->vrrp_garp_master_refresh_repeat, 1);
	VDEF(g->vrrp_garp_interval, 0);
	VDEF(g->vrrp_gna_interval, 0);
	VDEF(g->vrrp_down_timer_adverts, 3);
	/* strict mode keeps to the RFCs: no advert to a lower priority */
	VDEF(g->vrrp_lower_prio_no_advert, g->vrrp_strict ? 1 : 0);
	VDEF(g->vrrp_higher_prio_send_advert, 0);
	VDEF(g->vrrp_notify_priority_changes, 0);
	if (!g->vrrp_mcast_group4.family)
		conf_parse_addr("224.0.0.18", false, &g->vrrp_mcast_group4);
	if (!g->vrrp_mcast_group6.family)
		conf_parse_addr("ff02::12", false, &g->vrrp_mcast_group6);
}

static void
global_defaults(struct vctx *x, struct conf_global *g)
{
	global_vrrp_defaults(g);
	VDEF(g->startup_script_timeout, 10 * CONF_USEC);
	VDEF(g->shutdown_script_timeout, 10 * CONF_USEC);
	VDEF(g->smtp_connect_timeout, 30 * CONF_USEC);
	if (g->smtp_server && !g->smtp_port)
		g->smtp_port = 25;
	VDEF(g->smtp_alert, 0);
	VDEF(g->smtp_alert_vrrp, g->smtp_alert);
	VDEF(g->smtp_alert_checker, g->smtp_alert);
	VDEF(g->checker_log_all_failures, 0);
	if (!g->default_interface)
		g->default_interface = vstrdup(x, "eth0");
	VDEF(g->nftables_priority, -1);
	VDEF(g->nftables_ipvs_priority, -1);
	VDEF(g->nftables_ipvs_start_fwmark, 1000);
	VDEF(g->vrrp_priority, 0);
	VDEF(g->checker_priority, 0);
	VDEF(g->bfd_priority, 0);
	VDEF(g->vrrp_rt_priority, 0);
	VDEF(g->checker_rt_priority, 0);
	VDEF(g->bfd_rt_priority, 0);
	VDEF(g->vrrp_rlimit_rttime, 10000);
	VDEF(g->checker_rlimit_rttime, 10000);
	VDEF(g->bfd_rlimit_rttime, 10000);
	VDEF(g->min_auto_priority_delay, 1000000);
	VDEF(g->child_wait_time, 5 * CONF_USEC);
	VDEF(g->data_use_instance, 0);
	VDEF(g->vigil_watchdog_interval, 2 * CONF_USEC);
	VDEF(g->vigil_watchdog_timeout, 10 * CONF_USEC);
	if (!g->vigil_control_socket)
		g->vigil_control_socket = vstrdup(x, "/run/vigil/vigil.sock");
}

static void
global_checks(struct vctx *x, struct conf_global *g)
{
	const struct conf_loc *at = g->loc.line ? &g->loc : NULL;

	if (g->vigil_watchdog_interval >= g->vigil_watchdog_timeout)
		conf_err(x->d,
			 g->vigil_watchdog_loc.line ? &g->vigil_watchdog_loc
						    : at,
			 "vigil_watchdog_interval (%gs) must be "
			 "shorter than vigil_watchdog_timeout (%gs): a child "
			 "would be killed before it is asked",
			 (double)g->vigil_watchdog_interval / 1e6,
			 (double)g->vigil_watchdog_timeout / 1e6);
	if (g->lvs_sync_daemon.set)
		viface(x, &g->lvs_sync_daemon.loc, g->lvs_sync_daemon.ifname,
		       "lvs_sync_daemon");
}

/* An explicit smtp_alert that cannot send anything: say so where it is
 * written (keepalived silently sends nothing). */
static void
smtp_warn(struct vctx *x, const struct conf_loc *at, int8_t on,
	  const char *what, const char *name)
{
	const struct conf_global *g = &x->c->global;

	if (on != 1 || (g->smtp_server && g->notification_email.n))
		return;
	conf_warn(x->d, at && at->line ? at : NULL,
		  "%s%s%s: smtp_alert is on but global_defs has no %s: no "
		  "mail will be sent",
		  what, name ? " " : "", name ? name : "",
		  g->smtp_server ? "notification_email" : "smtp_server");
}

/*
 * Before the global defaults are filled in (so that "not written" is still
 * seen): warn about alerts that cannot be sent, and resolve the virtual and
 * real servers' smtp_alert. keepalived.conf(5): a real server alerts unless
 * global_defs smtp_alert_checker (or else smtp_alert) says no; a virtual
 * server (quorum) alerts only if one of them says yes.
 */
static void
smtp_alerts(struct vctx *x)
{
	struct conf *c = x->c;
	const struct conf_global *g = &c->global;
	int8_t chk = g->smtp_alert_checker != CONF_UNSET_TRI
			     ? g->smtp_alert_checker
			     : g->smtp_alert;

	smtp_warn(x, &g->loc,
		  g->smtp_alert == 1 || g->smtp_alert_vrrp == 1 ||
				  g->smtp_alert_checker == 1
			  ? 1
			  : 0,
		  "global_defs", NULL);
	for (struct conf_vrrp_sync_group *sg = c->sync_groups.head; sg;
	     sg = sg->next)
		smtp_warn(x, &sg->loc, sg->notify.smtp_alert, "vrrp_sync_group",
			  sg->name);
	for (struct conf_vrrp *v = c->instances.head; v; v = v->next)
		smtp_warn(x, &v->loc, v->notify.smtp_alert, "vrrp_instance",
			  v->name);
	for (struct conf_vs *vs = c->vss.head; vs; vs = vs->next) {
		smtp_warn(x, &vs->loc, vs->smtp_alert, "virtual_server", NULL);
		VDEF(vs->smtp_alert, chk == 1 ? 1 : 0);
		for (struct conf_rs *rs = vs->rs.head; rs; rs = rs->next) {
			smtp_warn(x, &rs->loc, rs->smtp_alert, "real_server",
				  NULL);
			VDEF(rs->smtp_alert, chk == 0 ? 0 : 1);
		}
	}
}

/* Scripts run as root without the checks keepalived's
 * enable_script_security makes: say so (keepalived refuses to start). */
static void
first_script(const struct conf_script *s, void *arg)
{
	const struct conf_script **first = arg;

	if (!*first && s->cmd)
		*first = s;
}

static void
script_security(struct vctx *x)
{
	const struct conf_global *g = &x->c->global;
	const struct conf_script *first = NULL;

	if (g->enable_script_security || g->script_user)
		return;
	conf_for_each_script_obj(x->c, first_script, &first);
	if (first)
		conf_warn(x->d, &first->loc,
			  "'%s' (and any other script) "
			  "runs with full privileges: set script_user, and "
			  "enable_script_security to refuse scripts others can "
			  "modify",
			  first->cmd);
}

/* ---- addresses, routes, rules ------------------------------------- */

static void
ipaddr_check(struct vctx *x, struct conf_ipaddr *a, const char *dev,
	     const struct vindex *tgroups, const char *what)
{
	char b[64];

	if (!a->dev)
		a->dev = dev;
	else
		viface(x, &a->loc, a->dev, what);
	if (a->brd_mode == CONF_BRD_ADDR && a->brd.family != a->addr.family)
		conf_err(x->d, &a->loc,
			 "brd %s is not of the address' family "
			 "(%s)",
			 conf_addr_str(&a->brd, b, sizeof(b)),
			 family_name(a->addr.family));
	if (a->peer.family && a->peer.family != a->addr.family)
		conf_err(x->d, &a->loc, "peer is not of the address' family");
	if (a->track_group && !vindex_find(tgroups, a->track_group))
		conf_err(x->d, &a->loc, "track_group '%s' is not defined",
			 a->track_group);
	VDEF(a->scope, 0);
	/* keepalived.conf(5): a /128 IPv6 address is deprecated (preferred
	 * lifetime 0) unless written with preferred_lft forever */
	VDEF(a->preferred_lft,
	     a->addr.family == AF_INET6 && a->addr.prefix == 128
		     ? 0u
		     : UINT32_MAX - 1);
}

static void
route_check(struct vctx *x, struct conf_route *r, const struct vindex *tgroups)
{
	const struct conf_addr *fam[] = {&r->dst, &r->src, &r->via};

	if (!r->dst.family) {
		conf_err(x->d, &r->loc, "route without a destination");
		return;
	}
	for (size_t i = 0; i < 3; i++)
		if (fam[i]->family && fam[i]->family != r->dst.family)
			conf_err(x->d, &r->loc,
				 "route mixes IPv4 and IPv6 "
				 "addresses");
	for (struct conf_nexthop *nh = r->nexthops.head; nh; nh = nh->next) {
		if (nh->via.family && nh->via.family != r->dst.family)
			conf_err(x->d, &r->loc,
				 "route nexthop is not of the "
				 "destination's family");
		viface(x, &r->loc, nh->dev, "route nexthop");
	}
	viface(x, &r->loc, r->dev, "route");
	if (r->track_group && !vindex_find(tgroups, r->track_group))
		conf_err(x->d, &r->loc, "track_group '%s' is not defined",
			 r->track_group);
	VDEF(r->table, RT_TABLE_MAIN);
}

static void
rule_check(struct vctx *x, struct conf_rule *r, const struct vindex *tgroups)
{
	if ((r->from.family && r->from.family != r->family) ||
	    (r->to.family && r->to.family != r->family))
		conf_err(x->d, &r->loc, "rule mixes IPv4 and IPv6");
	if (IS_UNSET(r->priority))
		conf_warn(x->d, &r->loc,
			  "rule has no preference: one is "
			  "chosen for it, which is probably not what you "
			  "want");
	viface(x, &r->loc, r->iif, "rule iif");
	viface(x, &r->loc, r->oif, "rule oif");
	if (r->track_group && !vindex_find(tgroups, r->track_group))
		conf_err(x->d, &r->loc, "track_group '%s' is not defined",
			 r->track_group);
}

static void
static_checks(struct vctx *x, const struct vindex *tgroups)
{
	struct conf *c = x->c;

	for (struct conf_ipaddr *a = c->static_addrs.head; a; a = a->next)
		ipaddr_check(x, a, c->global.default_interface, tgroups,
			     "static_ipaddress");
	for (struct conf_route *r = c->static_routes.head; r; r = r->next)
		route_check(x, r, tgroups);
	for (struct conf_rule *r = c->static_rules.head; r; r = r->next)
		rule_check(x, r, tgroups);
	for (struct conf_linkbeat *l = c->linkbeat_ifs.head; l; l = l->next)
		viface(x, &l->loc, l->ifname, "linkbeat_interfaces");
	for (struct conf_if_delay *l = c->if_delays.head; l; l = l->next)
		viface(x, &l->loc, l->ifname, "interface_up_down_delays");
}

/* ---- tracked objects ---------------------------------------------- */

struct indexes {
	struct vindex scripts, procs, files, bfds, groups, instances, tgroups;
};

static void
tracked_defaults(struct vctx *x)
{
	struct conf *c = x->c;

	for (struct conf_vrrp_script *s = c->scripts.head; s; s = s->next) {
		if (!s->script.cmd)
			conf_err(x->d, &s->loc,
				 "vrrp_script %s has no "
				 "'script'",
				 s->name);
		VDEF(s->interval, CONF_USEC);
		VDEF(s->timeout, s->interval);
		VDEF(s->rise, 1);
		VDEF(s->fall, 1);
	}
	for (struct conf_track_process *t = c->track_procs.head; t;
	     t = t->next) {
		if (!t->process)
			conf_err(x->d, &t->loc,
				 "vrrp_track_process %s has no "
				 "'process'",
				 t->name);
		if (!IS_UNSET(t->quorum_max) && t->quorum_max < t->quorum)
			conf_err(x->d, &t->loc,
				 "vrrp_track_process %s: "
				 "quorum_max %u is below quorum %u",
				 t->name, t->quorum_max, t->quorum);
	}
	for (struct conf_track_file *t = c->track_files.head; t; t = t->next)
		if (!t->file)
			conf_err(x->d, &t->loc, "track_file %s has no 'file'",
				 t->name);
	for (struct conf_bfd *b = c->bfds.head; b; b = b->next) {
		if (!b->neighbor.family)
			conf_err(x->d, &b->loc,
				 "bfd_instance %s has no "
				 "neighbor_ip",
				 b->name);
		if (b->source.family && b->source.family != b->neighbor.family)
			conf_err(x->d, &b->loc,
				 "bfd_instance %s: source_ip and "
				 "neighbor_ip differ in family",
				 b->name);
		VDEF(b->min_rx, 10000);
		VDEF(b->min_tx, 10000);
		VDEF(b->idle_tx, CONF_USEC);
		VDEF(b->multiplier, 5);
		VDEF(b->ttl, 255);
		VDEF(b->hoplimit, 64);
	}
	for (struct conf_garp_group *g = c->garp_groups.head; g; g = g->next) {
		if (!g->interface && !g->interfaces.n)
			conf_err(x->d, &g->loc,
				 "garp_group has neither "
				 "'interface' nor 'interfaces'");
		viface(x, &g->loc, g->interface, "garp_group");
		for (struct conf_str *s = g->interfaces.head; s; s = s->next)
			viface(x, &s->loc, s->s, "garp_group");
	}
}

/* track_* entries: the name exists; an unset weight is the object's. */
static void
track_list(struct vctx *x, struct conf_list *l, const struct vindex *ix,
	   const char *what, size_t weight_off)
{
	for (struct conf_track *t = (*l).head; t; t = t->next) {
		const void *obj = vindex_find(ix, t->name);

		if (!obj) {
			conf_err(x->d, &t->loc, "%s '%s' is not defined", what,
				 t->name);
			continue;
		}
		VDEF(t->weight, weight_off == (size_t)-1
					? 0
					: *(const int32_t *)((const char *)obj +
							     weight_off));
	}
}

static void
track_all(struct vctx *x, struct indexes *ix, struct conf_list *ifs,
	  struct conf_list *scripts, struct conf_list *files,
	  struct conf_list *procs, struct conf_list *bfds)
{
	for (struct conf_track *t = (*ifs).head; t; t = t->next) {
		viface(x, &t->loc, t->name, "track_interface");
		VDEF(t->weight, 0);
	}
	track_list(x, scripts, &ix->scripts, "vrrp_script",
		   offsetof(struct conf_vrrp_script, weight));
	track_list(x, files, &ix->files, "track_file",
		   offsetof(struct conf_track_file, weight));
	track_list(x, procs, &ix->procs, "vrrp_track_process",
		   offsetof(struct conf_track_process, weight));
	track_list(x, bfds, &ix->bfds, "bfd_instance",
		   offsetof(struct conf_bfd, weight));
}

static void
notify_defaults(struct conf_notify *n, const struct conf_global *g)
{
	VDEF(n->priority_changes, g->vrrp_notify_priority_changes);
	VDEF(n->smtp_alert, g->smtp_alert_vrrp);
}

void conf_validate_sync_group_tracking(struct vctx *x,
				       const struct conf_vrrp_sync_group *g);

static void
sync_groups(struct vctx *x, struct indexes *ix)
{
	for (struct conf_vrrp_sync_group *sg = x->c->sync_groups.head; sg;
	     sg = sg->next) {
		if (sg->members.n == 0)
			conf_warn(x->d, &sg->loc,
				  "vrrp_sync_group %s has no "
				  "members",
				  sg->name);
		else if (sg->members.n == 1)
			conf_warn(x->d, &sg->loc,
				  "vrrp_sync_group %s has only "
				  "one member: that is probably not what you "
				  "want",
				  sg->name);
		for (struct conf_str *m = sg->members.head; m; m = m->next) {
			struct conf_vrrp *v = (struct conf_vrrp *)vindex_find(
				&ix->instances, m->s);

			if (!v)
				conf_err(x->d, &m->loc,
					 "vrrp_sync_group %s: "
					 "vrrp_instance '%s' is not defined",
					 sg->name, m->s);
			else if (v->sync_group)
				conf_err(x->d, &m->loc,
					 "vrrp_instance %s is "
					 "already in vrrp_sync_group %s; an "
					 "instance belongs to one group only",
					 m->s, v->sync_group);
			else
				v->sync_group = sg->name;
		}
		track_all(x, ix, &sg->track_interface, &sg->track_script,
			  &sg->track_file, &sg->track_process, &sg->track_bfd);
		conf_validate_sync_group_tracking(x, sg);
		notify_defaults(&sg->notify, &x->c->global);
	}
}

/* ---- vrrp_instance ------------------------------------------------ */

void conf_validate_vrrp(struct vctx *x, struct conf_vrrp *v);
void conf_validate_vrid(struct vctx *x);

static int
build_indexes(struct vctx *x, struct indexes *ix)
{
	struct conf *c = x->c;

	memset(ix, 0, sizeof(*ix));
	if (vindex_build(x, &ix->scripts, &c->scripts, "vrrp_script") < 0 ||
	    vindex_build(x, &ix->procs, &c->track_procs, "vrrp_track_process") <
		    0 ||
	    vindex_build(x, &ix->files, &c->track_files, "track_file") < 0 ||
	    vindex_build(x, &ix->bfds, &c->bfds, "bfd_instance") < 0 ||
	    vindex_build(x, &ix->groups, &c->sync_groups, "vrrp_sync_group") <
		    0 ||
	    vindex_build(x, &ix->instances, &c->instances, "vrrp_instance") <
		    0 ||
	    vindex_build(x, &ix->tgroups, &c->track_groups, "track_group") < 0)
		return -1;
	return 0;
}

static void
free_indexes(struct indexes *ix)
{
	vindex_free(&ix->scripts);
	vindex_free(&ix->procs);
	vindex_free(&ix->files);
	vindex_free(&ix->bfds);
	vindex_free(&ix->groups);
	vindex_free(&ix->instances);
	vindex_free(&ix->tgroups);
}

static void
instances(struct vctx *x, struct indexes *ix)
{
	struct conf *c = x->c;

	for (struct conf_track_group *tg = c->track_groups.head; tg;
	     tg = tg->next)
		for (struct conf_str *m = tg->members.head; m; m = m->next)
			if (!vindex_find(&ix->instances, m->s))
				conf_err(x->d, &m->loc,
					 "track_group %s: "
					 "vrrp_instance '%s' is not defined",
					 tg->name, m->s);
	for (struct conf_vrrp *v = c->instances.head; v; v = v->next) {
		const char *dev =
			v->interface ? v->interface : c->global.default_interface;

		conf_validate_vrrp(x, v);
		track_all(x, ix, &v->track_interface, &v->track_script,
			  &v->track_file, &v->track_process, &v->track_bfd);
		notify_defaults(&v->notify, &c->global);
		for (struct conf_ipaddr *a = v->vips.head; a; a = a->next)
			ipaddr_check(x, a, dev, &ix->tgroups,
				     "virtual_ipaddress");
		for (struct conf_ipaddr *a = v->evips.head; a; a = a->next)
			ipaddr_check(x, a, dev, &ix->tgroups,
				     "virtual_ipaddress_excluded");
		for (struct conf_route *r = v->vroutes.head; r; r = r->next)
			route_check(x, r, &ix->tgroups);
		for (struct conf_rule *r = v->vrules.head; r; r = r->next)
			rule_check(x, r, &ix->tgroups);
	}
	conf_validate_vrid(x);
}

static void
lvs_sync(struct vctx *x, struct indexes *ix)
{
	struct conf_lvs_sync *s = &x->c->global.lvs_sync_daemon;
	const struct conf_vrrp *v = NULL;

	if (!s->set)
		return;
	if (s->instance) {
		v = vindex_find(&ix->instances, s->instance);
		if (!v)
			conf_err(x->d, &s->loc,
				 "lvs_sync_daemon: vrrp_instance "
				 "'%s' is not defined",
				 s->instance);
	}
	VDEF(s->syncid, v && !IS_UNSET(v->vrid) ? v->vrid : 0);
}

int
conf_validate(struct conf *c, const struct conf_opts *o, struct conf_diags *d)
{
	struct vctx x = {c, o, d};
	size_t errors = d->errors;
	struct indexes ix;

	if (c->validated)
		return d->errors > errors ? -1 : 0;
	smtp_alerts(&x);
	global_defaults(&x, &c->global);
	global_checks(&x, &c->global);
	if (build_indexes(&x, &ix) < 0) {
		free_indexes(&ix);
		conf_diag_add(d, CONF_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	tracked_defaults(&x);
	static_checks(&x, &ix.tgroups);
	sync_groups(&x, &ix);
	instances(&x, &ix);
	lvs_sync(&x, &ix);
	free_indexes(&ix);
	conf_validate_lvs(&x);
	script_security(&x);
	c->validated = true;
	return d->errors > errors ? -1 : 0;
}
