// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * After every transition: the engine's event hook, notify scripts (queued
 * per instance, run one at a time in order), and the sync group: members
 * follow (vrrp_sync.c decides), and the group's own state and notify.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_sync.h"

void
vrrp_notify_kick(struct vrrp_engine *e, struct vrrp_notify_queue *q)
{
	const char *cmd = vrrp_notify_next(q);

	if (cmd)
		vrrp_engine_run(e, cmd, VRRP_NOTIFY_TIMEOUT_MS, q, NULL, NULL);
}

struct vrrp_notify_queue *
vrrp_notify_queue_get(struct vrrp_engine *e, bool group, const char *name)
{
	struct vrrp_notify_queue *q;

	for (q = e->queues; q; q = q->next)
		if (q->group == group && !strcmp(q->owner, name)) {
			q->refs++;
			return q;
		}
	q = calloc(1, sizeof(*q));
	if (!q || !(q->owner = strdup(name))) {
		free(q);
		return NULL;
	}
	q->group = group;
	q->refs = 1;
	q->next = e->queues;
	e->queues = q;
	return q;
}

static void
queue_unlink_free(struct vrrp_engine *e, struct vrrp_notify_queue *q)
{
	for (struct vrrp_notify_queue **pp = &e->queues; *pp; pp = &(*pp)->next)
		if (*pp == q) {
			*pp = q->next;
			break;
		}
	vrrp_notify_clear(q);
	free(q->owner);
	free(q);
}

void
vrrp_notify_queue_reap(struct vrrp_engine *e, struct vrrp_notify_queue *q)
{
	if (q && !q->refs && !q->count)
		queue_unlink_free(e, q);
}

void
vrrp_notify_queue_put(struct vrrp_engine *e, struct vrrp_notify_queue *q)
{
	if (!q)
		return;
	if (q->refs)
		q->refs--;
	if (!q->refs && q->count)
		log_info("vrrp %s=%s notify=kept queued=%u",
			 q->group ? "group" : "instance", q->owner, q->count);
	vrrp_notify_queue_reap(e, q);
}

void
vrrp_notify_queues_free(struct vrrp_engine *e)
{
	while (e->queues)
		queue_unlink_free(e, e->queues);
}

/* The state's own script first, then the generic one (keepalived's order). */
static void
queue_notify(struct vrrp_engine *e, struct vrrp_notify_queue *q,
	     const struct vrrp_notify_conf *n, bool group, const char *name,
	     enum vrrp_state st, int prio)
{
	const char *own = vrrp_notify_script_for(n, st);
	char cmd[VRRP_CMD_MAX + 128];

	if (own)
		vrrp_notify_push(q, own);
	if (n->notify[0] && vrrp_notify_cmd(cmd, sizeof(cmd), n->notify, group,
					    name, st, prio) == 0)
		vrrp_notify_push(q, cmd);
	vrrp_notify_kick(e, q);
}

/* notify_deleted (of an instance or a sync group): its script (if any)
 * and notify with DELETED, started at once, not queued: the instance or
 * group and its queue are freed next. */
static void
notify_deleted(struct vrrp_engine *e, const struct vrrp_notify_conf *n,
	       bool group, const char *name, int prio)
{
	char cmd[VRRP_CMD_MAX + 128];

	if (n->deleted[0])
		vrrp_engine_run(e, n->deleted, VRRP_NOTIFY_TIMEOUT_MS, NULL,
				NULL, NULL);
	if (n->notify[0] &&
	    vrrp_notify_cmd_as(cmd, sizeof(cmd), n->notify, group, name,
			       "DELETED", prio) == 0)
		vrrp_engine_run(e, cmd, VRRP_NOTIFY_TIMEOUT_MS, NULL, NULL,
				NULL);
}

static void
emit(struct vrrp_engine *e, const struct vrrp_transition *ev)
{
	if (e->hooks.transition)
		e->hooks.transition(e->hooks.arg, ev);
}

static void
group_update(struct vrrp_engine *e, struct vrrp_group *g)
{
	enum vrrp_state st[VRRP_MAX_ADDRS] = {VRRP_STATE_INIT};
	enum vrrp_state now;
	struct vrrp_transition ev = {.group = true};
	size_t n = g->nmembers < VRRP_MAX_ADDRS ? g->nmembers : VRRP_MAX_ADDRS;

	for (size_t i = 0; i < n; i++)
		st[i] = g->members[i]->state;
	now = vrrp_sync_group_state(st, n);
	/* INIT: members disagree for now, or all stopped (reported as
	 * STOP) -- only the latter is a group transition. */
	if (now == g->state)
		return;
	for (size_t i = 0; now == VRRP_STATE_INIT && i < n; i++)
		if (st[i] != VRRP_STATE_INIT)
			return;
	ev.name = g->conf->name;
	ev.from = g->state;
	ev.state = now;
	ev.smtp_alert = g->conf->smtp_alert;
	g->state = now;
	log_notice("vrrp group=%s state=%s from=%s", g->conf->name,
		   vrrp_state_str(now), vrrp_state_str(ev.from));
	emit(e, &ev);
	if (g->notifyq)
		queue_notify(e, g->notifyq, &g->conf->notify, true,
			     g->conf->name, now, 0);
}

static void
sync_members(struct vrrp_group *g, struct vrrp_instance *vi,
	     enum vrrp_sync_action a)
{
	for (size_t i = 0; i < g->nmembers; i++) {
		struct vrrp_instance *m = g->members[i];

		if (m == vi)
			continue;
		if (a == VRRP_SYNC_TO_MASTER && m->state == VRRP_STATE_BACKUP)
			vrrp_fsm_event(m, VRRP_EV_SYNC_MASTER, NULL);
		else if (a == VRRP_SYNC_TO_BACKUP &&
			 m->state == VRRP_STATE_MASTER)
			vrrp_fsm_event(m, VRRP_EV_SYNC_BACKUP, NULL);
	}
}

void
vrrp_group_changed(struct vrrp_engine *e, struct vrrp_instance *vi,
		   enum vrrp_state from, enum vrrp_reason why)
{
	struct vrrp_transition ev = {
		.name = vi->conf.name,
		.state = vi->state,
		.from = from,
		.why = why,
		.priority = vi->prio,
		.master = vi->state == VRRP_STATE_MASTER ? vi->primary
							 : vi->master_ip,
		.smtp_alert = vi->conf.smtp_alert,
	};

	ev.deleted = vi->removed && vi->state == VRRP_STATE_INIT &&
		     vi->conf.notify.deleted_set;
	emit(e, &ev);
	/* notify_master_rx_lower_pri: for a MASTER that met a lower one */
	if (why == VRRP_WHY_LOWER_MASTER && vi->conf.notify.rx_lower[0])
		vrrp_notify_push(vi->notifyq, vi->conf.notify.rx_lower);
	if (ev.deleted)
		notify_deleted(e, &vi->conf.notify, false, vi->conf.name,
			       vi->prio);
	else
		queue_notify(e, vi->notifyq, &vi->conf.notify, false,
			     vi->conf.name, vi->state, vi->prio);
	vrrp_nft_sync(e, vi);
	if (!vi->group)
		return;
	if (from != vi->state) {
		/* Faults travel as inherited fault conditions instead. */
		vrrp_engine_refresh_all(e);
		sync_members(vi->group, vi,
			     vrrp_sync_decide(from, vi->state, why));
	}
	group_update(e, vi->group);
}

unsigned
vrrp_group_inherited_faults(struct vrrp_instance *vi)
{
	struct vrrp_group *g = vi->group;
	unsigned own[VRRP_MAX_ADDRS];
	size_t self = 0, n;

	if (!g)
		return 0;
	n = g->nmembers < VRRP_MAX_ADDRS ? g->nmembers : VRRP_MAX_ADDRS;
	for (size_t i = 0; i < n; i++) {
		struct vrrp_instance *m = g->members[i];

		own[i] = m->track_faults + m->link_down + m->no_source +
			 m->no_peer + (m->forced == VRRP_STATE_FAULT);
		if (m == vi)
			self = i;
	}
	return vrrp_sync_inherited_faults(own, n, self);
}

int
vrrp_groups_build(struct vrrp_engine *e)
{
	const struct vrrp_config *c = e->cfg;

	e->groups = calloc(c->ngroups + 1, sizeof(*e->groups));
	if (!e->groups)
		return -1;
	e->ngroups = c->ngroups;
	for (size_t g = 0; g < c->ngroups; g++) {
		struct vrrp_group *grp = &e->groups[g];

		grp->conf = &c->groups[g];
		grp->notifyq = vrrp_notify_queue_get(e, true, grp->conf->name);
		grp->members =
			calloc(grp->conf->nmembers + 1, sizeof(*grp->members));
		if (!grp->members || !grp->notifyq)
			return -1;
		for (size_t m = 0; m < grp->conf->nmembers; m++) {
			struct vrrp_instance *vi =
				vrrp_engine_find(e, grp->conf->members[m]);

			if (!vi)
				continue;
			vi->group = grp;
			grp->members[grp->nmembers++] = vi;
		}
	}
	return 0;
}

static bool
group_kept(const struct vrrp_config *c, const char *name)
{
	for (size_t g = 0; g < c->ngroups; g++)
		if (!strcmp(c->groups[g].name, name))
			return true;
	return false;
}

/* A reload removes a sync group with notify_deleted: the transition hook
 * (the FIFOs: GROUP "NAME" DELETED 0), notify and its script hear
 * DELETED; without it the group goes silently, its members speak. */
void
vrrp_groups_retire(struct vrrp_engine *e, const struct vrrp_config *next)
{
	for (size_t g = 0; g < e->ngroups; g++) {
		const struct vrrp_sync_group_conf *c = e->groups[g].conf;
		struct vrrp_transition ev = {.group = true, .deleted = true};

		if (!c->notify.deleted_set || group_kept(next, c->name))
			continue;
		log_notice("vrrp group=%s reload=remove notify=DELETED",
			   c->name);
		ev.name = c->name;
		ev.from = e->groups[g].state;
		ev.state = VRRP_STATE_INIT;
		emit(e, &ev);
		notify_deleted(e, &c->notify, true, c->name, 0);
	}
}

void
vrrp_groups_free(struct vrrp_engine *e)
{
	for (size_t g = 0; g < e->ngroups; g++) {
		vrrp_notify_queue_put(e, e->groups[g].notifyq);
		free(e->groups[g].members);
	}
	free(e->groups);
	e->groups = NULL;
	e->ngroups = 0;
	for (size_t i = 0; i < e->ninst; i++)
		e->inst[i]->group = NULL;
}
