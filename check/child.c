// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child as far as vigild's supervision needs it: it runs, counts
 * the virtual and real servers of its config and reports them. The real
 * child (scheduler, probes, IPVS) replaces this file.
 */
#include "config.h"

#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "core/children.h"
#include "core/conf_model.h"

struct check_min {
	struct child_ctx *cx;
	unsigned vs, rs;
};

static void
count(struct check_min *s, const struct conf *c)
{
	s->vs = c->vss.n;
	s->rs = 0;
	for (const struct conf_vs *vs = c->vss.head; vs; vs = vs->next)
		s->rs += vs->rs.n;
}

static void *
check_start(struct child_ctx *cx, const struct conf *c, char *err, size_t n)
{
	struct check_min *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, n, "out of memory");
		return NULL;
	}
	s->cx = cx;
	count(s, c);
	return s;
}

static int
check_reload(void *st, const struct conf *c, uint32_t *changes, char *err,
	     size_t n)
{
	struct check_min *s = st;
	unsigned vs = s->vs, rs = s->rs;

	(void)err;
	(void)n;
	count(s, c);
	*changes = (vs > s->vs ? vs - s->vs : s->vs - vs) +
		   (rs > s->rs ? rs - s->rs : s->rs - rs);
	return 0;
}

static void
check_stop(void *st)
{
	struct check_min *s = st;

	child_stopped(s->cx, 0);
}

static struct json_object *
check_query(void *st, enum ipc_query q, const char *arg)
{
	struct check_min *s = st;
	struct json_object *o;

	(void)arg;
	if (q != IPC_Q_STATUS && q != IPC_Q_SHOW && q != IPC_Q_DATA &&
	    q != IPC_Q_STATS)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "virtual_servers",
			       json_object_new_int(s->vs));
	json_object_object_add(o, "real_servers", json_object_new_int(s->rs));
	return o;
}

static const int check_caps[] = {CAP_NET_ADMIN, CAP_NET_RAW};

const struct child_ops check_child_ops = {
	.proc = PROC_CHECK,
	.caps = check_caps,
	.ncaps = 2,
	.start = check_start,
	.reload = check_reload,
	.stop = check_stop,
	.query = check_query,
	.free = free,
};
