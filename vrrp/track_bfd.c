// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * track_bfd: a bfd_instance's session, Up or not. The session runs in the
 * bfd child; its states reach this child through the parent (BFD_STATE),
 * and the engine hands them to the watches (env->watch_bfd). A session
 * not heard of yet counts as down, as keepalived starts its BFD
 * instances Down.
 */
#include "config.h"

#include <string.h>

#include "vrrp/vrrp_track.h"

struct bfd_priv {
	struct vrrp_bfd_watch w;
};

static void
bfd_changed(struct vrrp_bfd_watch *w, const char *name, bool up)
{
	struct vrrp_tracker *t = w->arg;

	if (!strcmp(name, t->name))
		t->report(t, up, 0);
}

static int
bfd_start(struct vrrp_tracker *t)
{
	struct bfd_priv *p = t->priv;

	p->w.fn = bfd_changed;
	p->w.arg = t;
	t->env->watch_bfd(t->env->env_arg, &p->w, true, t->name, &t->up);
	t->value = 0;
	return 0;
}

static void
bfd_stop(struct vrrp_tracker *t)
{
	struct bfd_priv *p = t->priv;
	bool up;

	t->env->watch_bfd(t->env->env_arg, &p->w, false, t->name, &up);
}

static bool
bfd_def(const struct vrrp_config *c, size_t i, struct vrrp_track_def *d)
{
	if (i >= c->nbfds)
		return false;
	*d = (struct vrrp_track_def){c->bfds[i].name, &c->bfds[i],
				     c->bfds[i].weight,
				     c->bfds[i].weight_reverse};
	return true;
}

static const struct vrrp_track_ref *
bfd_refs(const struct vrrp_instance_conf *c, size_t *n)
{
	*n = c->ntrack_bfd;
	return c->track_bfd;
}

const struct vrrp_track_ops vrrp_track_bfd_ops = {
	.kind = "bfd",
	.conf_size = sizeof(struct vrrp_bfd_conf),
	.priv_size = sizeof(struct bfd_priv),
	.def = bfd_def,
	.refs = bfd_refs,
	.start = bfd_start,
	.stop = bfd_stop,
};
