// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * track_interface: up while the link is up and running (carrier), followed
 * through the environment's link events. Its objects are the interfaces the
 * instances name (no block defines them), with no weight of their own:
 * weight 0 (the default) puts the tracking instances in FAULT while the
 * link is down.
 */
#include "config.h"

#include <string.h>

#include "vrrp/vrrp_if.h"
#include "vrrp/vrrp_track.h"

struct iface_priv {
	struct vrrp_link_watch watch;
};

/* An interface that does not exist (yet) is down. */
static bool
link_up(const char *ifname)
{
	int ifindex;
	bool up;

	return vrrp_if_info(ifname, &ifindex, NULL, &up) == 0 && up;
}

static void
on_link(struct vrrp_link_watch *w, const char *ifname, bool up)
{
	struct vrrp_tracker *t = w->arg;
	const char *mine = t->conf;

	if (!ifname)
		up = link_up(mine); /* events lost: re-read */
	else if (strcmp(ifname, mine))
		return;
	t->report(t, up, 0);
}

static int
iface_start(struct vrrp_tracker *t)
{
	struct iface_priv *p = t->priv;

	t->up = link_up(t->conf);
	p->watch.fn = on_link;
	p->watch.arg = t;
	t->env->watch_links(t->env->env_arg, &p->watch, true);
	return 0;
}

static void
iface_stop(struct vrrp_tracker *t)
{
	struct iface_priv *p = t->priv;

	t->env->watch_links(t->env->env_arg, &p->watch, false);
}

/* The i-th interface reference of all instances (one tracker per name). */
static bool
iface_def(const struct vrrp_config *c, size_t i, struct vrrp_track_def *d)
{
	for (size_t k = 0; k < c->ninst; k++) {
		if (i < c->inst[k].ntrack_if) {
			const char *name = c->inst[k].track_if[i].name;

			*d = (struct vrrp_track_def){name, name, 0, false};
			return true;
		}
		i -= c->inst[k].ntrack_if;
	}
	return false;
}

static const struct vrrp_track_ref *
iface_refs(const struct vrrp_instance_conf *c, size_t *n)
{
	*n = c->ntrack_if;
	return c->track_if;
}

const struct vrrp_track_ops vrrp_track_iface_ops = {
	.kind = "interface",
	/* The name as the reference holds it (NUL-padded). */
	.conf_size = sizeof(((struct vrrp_track_ref *)0)->name),
	.priv_size = sizeof(struct iface_priv),
	.def = iface_def,
	.refs = iface_refs,
	.start = iface_start,
	.stop = iface_stop,
};
