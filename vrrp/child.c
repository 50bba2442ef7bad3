// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vrrp child as far as vigild's supervision needs it: it runs, counts
 * the VRRP instances and sync groups of its config and reports them. The
 * real child (state machines, sockets, VIPs) replaces this file.
 */
#include "config.h"

#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "core/children.h"
#include "core/conf_model.h"

struct vrrp_min {
	struct child_ctx *cx;
	unsigned instances, groups;
};

static void *
vrrp_start(struct child_ctx *cx, const struct conf *c, char *err, size_t n)
{
	struct vrrp_min *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, n, "out of memory");
		return NULL;
	}
	s->cx = cx;
	s->instances = c->instances.n;
	s->groups = c->sync_groups.n;
	return s;
}

static int
vrrp_reload(void *st, const struct conf *c, uint32_t *changes, char *err,
	    size_t n)
{
	struct vrrp_min *s = st;
	long d = (long)c->instances.n - (long)s->instances;

	(void)err;
	(void)n;
	*changes = (uint32_t)(d < 0 ? -d : d);
	s->instances = c->instances.n;
	s->groups = c->sync_groups.n;
	return 0;
}

static void
vrrp_stop(void *st)
{
	struct vrrp_min *s = st;

	child_stopped(s->cx, 0);
}

static struct json_object *
vrrp_query(void *st, enum ipc_query q, const char *arg)
{
	struct vrrp_min *s = st;
	struct json_object *o;

	(void)arg;
	if (q == IPC_Q_ADMIN || q >= IPC_Q_MAX)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "instances",
			       json_object_new_int(s->instances));
	json_object_object_add(o, "sync_groups",
			       json_object_new_int(s->groups));
	return o;
}

static const int vrrp_caps[] = {CAP_NET_ADMIN, CAP_NET_RAW};

const struct child_ops vrrp_child_ops = {
	.proc = PROC_VRRP,
	.caps = vrrp_caps,
	.ncaps = 2,
	.start = vrrp_start,
	.reload = vrrp_reload,
	.stop = vrrp_stop,
	.query = vrrp_query,
	.free = free,
};
