// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VRRP's part of conf_validate() (its row's validate): its global_defs
 * defaults, the tracked objects (vrrp_script, vrrp_track_process,
 * track_file, garp_group), sync groups and every
 * vrrp_instance. Errors come in this order.
 */
#include "config.h"

#include <string.h>

#include "vrrp/conf_vrrp.h"

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
	/* vigil's default differs from keepalived's (off): a MASTER that
	 * steps down for a better one tells it, so that the winner of a
	 * healed split brain always re-announces (vigil.conf(5)) */
	VDEF(g->vrrp_higher_prio_send_advert, g->vrrp_strict ? 0 : 1);
	VDEF(g->vrrp_notify_priority_changes, 0);
	VDEF(g->vigil_vrrp_restore_owned, 1);
	VDEF(g->vigil_vrrp_adopt_on_restart, 1);
	if (!g->vrrp_mcast_group4.ip.family)
		conf_parse_addr("224.0.0.18", false, &g->vrrp_mcast_group4);
	if (!g->vrrp_mcast_group6.ip.family)
		conf_parse_addr("ff02::12", false, &g->vrrp_mcast_group6);
}

static void
vrrp_global_defaults(struct vctx *x, struct conf_global *g)
{
	global_vrrp_defaults(g);
	if (!g->default_interface)
		g->default_interface = vstrdup(x, "eth0");
	VDEF(g->nftables_priority, -1);
	VDEF(g->vrrp_priority, 0);
	/* vigil's default, not keepalived's: the VRRP child runs SCHED_RR
	 * at the lowest real-time priority, so a busy host cannot delay its
	 * adverts and takeover (bench/README.md, failover at 10 ms adverts),
	 * unless the config chose: vrrp_rt_priority N (0: none), or
	 * max_auto_priority (real-time only once found late). A spin is
	 * bounded by RLIMIT_RTTIME, generous for a start of many instances. */
	if (IS_UNSET(g->vrrp_rt_priority) && g->max_auto_priority <= 0) {
		g->vrrp_rt_priority = VRRP_RT_PRIORITY_DEFAULT;
		g->vrrp_rt_implied = true;
		VDEF(g->vrrp_rlimit_rttime, VRRP_RT_RTTIME_DEFAULT);
	}
	VDEF(g->vrrp_rt_priority, 0);
	VDEF(g->vrrp_rlimit_rttime, 10000);
}

struct indexes {
	struct vindex scripts, procs, files, bfds, groups, instances, tgroups;
};

static void
tracked_defaults(struct vctx *x)
{
	struct conf *c = x->c;

	/* keepalived removes a tracked object it cannot run ("No script set
	 * for vrrp_script - removing"), and ignores the track entries that
	 * name it: so does vigil, with a warning each */
	for (struct conf_vrrp_script *s = c->scripts.head, *n; s; s = n) {
		n = s->next;
		if (!s->script.cmd) {
			conf_warn(x->d, &s->loc,
				  "vrrp_script %s has no 'script': removed",
				  s->name);
			conf_list_remove(&c->scripts, s);
			continue;
		}
		VDEF(s->interval, CONF_USEC);
		VDEF(s->timeout, s->interval);
		VDEF(s->rise, 1);
		VDEF(s->fall, 1);
	}
	for (struct conf_track_process *t = c->track_procs.head, *n; t; t = n) {
		n = t->next;
		if (!t->process) {
			conf_warn(x->d, &t->loc,
				  "vrrp_track_process %s has no 'process': "
				  "removed",
				  t->name);
			conf_list_remove(&c->track_procs, t);
			continue;
		}
		if (!IS_UNSET(t->quorum_max) && t->quorum_max < t->quorum)
			conf_err(x->d, &t->loc,
				 "vrrp_track_process %s: "
				 "quorum_max %u is below quorum %u",
				 t->name, t->quorum_max, t->quorum);
	}
	for (struct conf_track_file *t = c->track_files.head, *n; t; t = n) {
		n = t->next;
		if (!t->file) {
			conf_warn(x->d, &t->loc,
				  "track_file %s has no 'file': removed",
				  t->name);
			conf_list_remove(&c->track_files, t);
		}
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
	for (struct conf_track *t = (*l).head, *n; t; t = n) {
		const void *obj = vindex_find(ix, t->name);

		n = t->next;
		if (!obj) {
			/* keepalived: "track script X not found, ignoring" */
			conf_warn(x->d, &t->loc,
				  "%s '%s' is not defined: ignored", what,
				  t->name);
			conf_list_remove(l, t);
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

/* keepalived: an instance's notify_priority_changes comes from its own
 * keyword, else its sync group's, else the global one (the group's is
 * already resolved against the global one: sync_groups() runs first). */
static void
group_notify_defaults(struct vctx *x, struct conf_vrrp *v)
{
	for (struct conf_vrrp_sync_group *sg = x->c->sync_groups.head;
	     v->sync_group && sg; sg = sg->next)
		if (!strcmp(sg->name, v->sync_group))
			VDEF(v->notify.priority_changes,
			     sg->notify.priority_changes);
}

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
		for (struct conf_str *m = sg->members.head, *n; m; m = n) {
			struct conf_vrrp *v = (struct conf_vrrp *)vindex_find(
				&ix->instances, m->s);

			n = m->next;
			if (!v) {
				/* keepalived: "Virtual router X specified in
				 * sync group Y doesn't exist - ignoring" */
				conf_warn(x->d, &m->loc,
					  "vrrp_sync_group %s: vrrp_instance "
					  "'%s' is not defined: ignored",
					  sg->name, m->s);
				conf_list_remove(&sg->members, m);
			} else if (v->sync_group)
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
		const char *dev;

		conf_validate_vrrp(x, v);
		/* keepalived.conf(5) use_vmac: the addresses go on the VMAC */
		dev = v->use_vmac && v->vmac_name ? v->vmac_name
		      : v->interface		  ? v->interface
						  : c->global.default_interface;
		track_all(x, ix, &v->track_interface, &v->track_script,
			  &v->track_file, &v->track_process, &v->track_bfd);
		group_notify_defaults(x, v);
		notify_defaults(&v->notify, &c->global);
		for (struct conf_ipaddr *a = v->vips.head; a; a = a->next)
			conf_validate_ipaddr(x, a, dev, &ix->tgroups,
					     "virtual_ipaddress");
		for (struct conf_ipaddr *a = v->evips.head; a; a = a->next)
			conf_validate_ipaddr(x, a, dev, &ix->tgroups,
					     "virtual_ipaddress_excluded");
		for (struct conf_route *r = v->vroutes.head; r; r = r->next)
			conf_validate_route(x, r, &ix->tgroups);
		for (struct conf_rule *r = v->vrules.head; r; r = r->next)
			conf_validate_rule(x, r, &ix->tgroups);
	}
	conf_validate_vrid(x);
}

/* The sync groups' and instances' smtp_alert, before their defaults. */
static void
smtp_alerts(struct vctx *x)
{
	for (struct conf_vrrp_sync_group *sg = x->c->sync_groups.head; sg;
	     sg = sg->next)
		vsmtp_warn(x, &sg->loc, sg->notify.smtp_alert,
			   "vrrp_sync_group", sg->name);
	for (struct conf_vrrp *v = x->c->instances.head; v; v = v->next)
		vsmtp_warn(x, &v->loc, v->notify.smtp_alert, "vrrp_instance",
			   v->name);
}

void
conf_validate_vrrp_all(struct vctx *x)
{
	struct conf_global *g = &x->c->global;
	struct indexes ix;

	smtp_alerts(x);
	vrrp_global_defaults(x, g);
	/* first: the objects it removes are not in the indexes */
	tracked_defaults(x);
	if (build_indexes(x, &ix) < 0) {
		free_indexes(&ix);
		conf_diag_add(x->d, CONF_ERROR, NULL, 0, "out of memory");
		return;
	}
	conf_validate_static(x, &ix.tgroups);
	sync_groups(x, &ix);
	instances(x, &ix);
	free_indexes(&ix);
}
