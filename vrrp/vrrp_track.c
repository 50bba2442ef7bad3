// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What tracked objects do to instances (vrrp_track_contrib), and the
 * engine's set of trackers: one per object of each registry kind the config
 * defines, given the engine's environment and report callback.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime/log.h"
#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_track.h"

int32_t
vrrp_track_contrib(const struct vrrp_tracker *t,
		   const struct vrrp_track_ref *ref, bool *fault)
{
	int32_t w = ref->has_weight ? ref->weight : t->weight;
	bool reverse = ref->has_weight ? ref->reverse : t->reverse;
	int64_t v;

	*fault = false;
	if (t->ops->is_value) {
		if (w == 0) {
			*fault = t->value != 0;
			return 0;
		}
		v = t->value * w * (reverse ? -1 : 1);
		if (v <= -254) {
			*fault = true;
			return 0;
		}
		return v > 254 ? 254 : (int32_t)v;
	}
	if (w == 0) {
		/* 'weight 0 reverse': down while the object is up. */
		*fault = reverse ? t->up : !t->up;
		return 0;
	}
	/* weight > 0 counts while up, < 0 while down; reverse makes the
	 * first a decrease while up and the second an increase while down. */
	if ((w > 0) == t->up)
		return reverse ? -w : w;
	return 0;
}

/* ---- the environment ---- */

static uint64_t
env_run(void *env_arg, const char *cmd, uint32_t timeout_ms,
	vrrp_track_run_done_fn done, void *arg)
{
	return vrrp_engine_run(env_arg, cmd, timeout_ms, NULL, done, arg);
}

static void
env_cancel(void *env_arg, uint64_t handle)
{
	vrrp_engine_forget(env_arg, handle);
}

static void
env_watch_links(void *env_arg, struct vrrp_link_watch *w, bool on)
{
	struct vrrp_engine *e = env_arg;
	struct vrrp_link_watch **pp = &e->link_watches;

	while (*pp && *pp != w)
		pp = &(*pp)->next;
	if (*pp && !on) {
		*pp = w->next;
	} else if (!*pp && on) {
		w->next = NULL;
		*pp = w;
	}
}

static struct vrrp_bfd_known *
bfd_known(struct vrrp_engine *e, const char *name)
{
	for (size_t i = 0; i < e->nbfd_known; i++)
		if (!strcmp(e->bfd_known[i].name, name))
			return &e->bfd_known[i];
	return NULL;
}

static void
env_watch_bfd(void *env_arg, struct vrrp_bfd_watch *w, bool on,
	      const char *name, bool *up)
{
	struct vrrp_engine *e = env_arg;
	struct vrrp_bfd_watch **pp = &e->bfd_watches;
	const struct vrrp_bfd_known *k = bfd_known(e, name);

	*up = k && k->up;
	while (*pp && *pp != w)
		pp = &(*pp)->next;
	if (*pp && !on) {
		*pp = w->next;
	} else if (!*pp && on) {
		w->next = NULL;
		*pp = w;
	}
}

void
vrrp_engine_bfd_state(struct vrrp_engine *e, const char *name, bool up)
{
	struct vrrp_bfd_known *k = bfd_known(e, name);
	struct vrrp_bfd_watch *w, *next;

	if (!k) {
		void *n = realloc(e->bfd_known,
				  (e->nbfd_known + 1) * sizeof(*e->bfd_known));

		if (!n)
			return;
		e->bfd_known = n;
		k = &e->bfd_known[e->nbfd_known++];
		snprintf(k->name, sizeof(k->name), "%s", name);
	}
	k->up = up;
	for (w = e->bfd_watches; w; w = next) {
		next = w->next;
		w->fn(w, name, up);
	}
}

void
vrrp_track_env_init(struct vrrp_engine *e)
{
	e->track_env = (struct vrrp_track_env){
		.loop = e->loop,
		.run = env_run,
		.cancel = env_cancel,
		.watch_links = env_watch_links,
		.watch_bfd = env_watch_bfd,
		.env_arg = e,
	};
}

void
vrrp_trackers_link(struct vrrp_engine *e, const char *ifname, bool up)
{
	struct vrrp_link_watch *w = e->link_watches, *next;

	for (; w; w = next) {
		next = w->next;
		w->fn(w, ifname, up);
	}
}

/* A tracker's new result: log a change, have the instances re-evaluated. */
static void
report(struct vrrp_tracker *t, bool up, int64_t value)
{
	if (t->up == up && t->value == value)
		return;
	log_notice("vrrp track=%s name=%s status=%s value=%lld prev=%s",
		   t->ops->kind, t->name, up ? "up" : "down", (long long)value,
		   t->up ? "up" : "down");
	t->up = up;
	t->value = value;
	vrrp_engine_refresh_all(t->owner);
}

/* ---- the set ---- */

static struct vrrp_tracker *
find(struct vrrp_tracker **v, size_t n, const struct vrrp_track_ops *ops,
     const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && v[i]->ops == ops && !strcmp(v[i]->name, name))
			return v[i];
	return NULL;
}

static struct vrrp_tracker *
tracker_new(struct vrrp_engine *e, const struct vrrp_track_ops *ops,
	    const struct vrrp_track_def *d)
{
	struct vrrp_tracker *t = calloc(1, sizeof(*t));
	void *conf = malloc(ops->conf_size);

	if (!t || !conf) {
		free(t);
		free(conf);
		return NULL;
	}
	memcpy(conf, d->conf, ops->conf_size);
	*t = (struct vrrp_tracker){
		.ops = ops,
		.env = &e->track_env,
		.report = report,
		.owner = e,
		.conf = conf,
		.up = true,
	};
	snprintf(t->name, sizeof(t->name), "%s", d->name);
	return t;
}

static void
stop(struct vrrp_tracker *t)
{
	if (t->started)
		t->ops->stop(t);
	t->started = false;
	free(t->priv);
	t->priv = NULL;
}

void
vrrp_tracker_free(struct vrrp_tracker *t)
{
	stop(t);
	free((void *)t->conf);
	free(t);
}

/* An old tracker of this name whose definition did not change (taken out of
 * old), else a new one. */
static struct vrrp_tracker *
carry(struct vrrp_engine *e, struct vrrp_tracker **old, size_t nold,
      const struct vrrp_track_ops *ops, const struct vrrp_track_def *d)
{
	struct vrrp_tracker *t = find(old, nold, ops, d->name);

	if (!t || memcmp(t->conf, d->conf, ops->conf_size))
		return tracker_new(e, ops, d);
	for (size_t i = 0; i < nold; i++)
		if (old[i] == t)
			old[i] = NULL;
	return t;
}

static int
add(struct vrrp_engine *e, struct vrrp_tracker *t)
{
	struct vrrp_tracker **n;

	if (!t)
		return -1;
	n = realloc(e->trackers, (e->ntrackers + 1) * sizeof(*n));
	if (!n) {
		vrrp_tracker_free(t);
		return -1;
	}
	e->trackers = n;
	e->trackers[e->ntrackers++] = t;
	return 0;
}

int
vrrp_trackers_build(struct vrrp_engine *e, struct vrrp_tracker **old,
		    size_t nold)
{
	for (size_t k = 0; vrrp_track_registry[k]; k++) {
		const struct vrrp_track_ops *ops = vrrp_track_registry[k];
		struct vrrp_track_def d;

		for (size_t i = 0; ops->def(e->cfg, i, &d); i++) {
			struct vrrp_tracker *t;

			if (find(e->trackers, e->ntrackers, ops, d.name))
				continue;
			t = carry(e, old, nold, ops, &d);
			if (add(e, t) < 0)
				return -1;
			t->weight = d.weight;
			t->reverse = d.reverse;
		}
	}
	return 0;
}

int
vrrp_instance_bind_trackers(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	size_t n = 0, nrefs;

	for (size_t k = 0; vrrp_track_registry[k]; k++) {
		vrrp_track_registry[k]->refs(&vi->conf, &nrefs);
		n += nrefs;
	}
	free(vi->uses);
	vi->nuses = 0;
	vi->uses = calloc(n + 1, sizeof(*vi->uses));
	if (!vi->uses)
		return -1;
	for (size_t k = 0; vrrp_track_registry[k]; k++) {
		const struct vrrp_track_ops *ops = vrrp_track_registry[k];
		const struct vrrp_track_ref *refs =
			ops->refs(&vi->conf, &nrefs);

		for (size_t i = 0; i < nrefs; i++) {
			struct vrrp_tracker *t = find(e->trackers, e->ntrackers,
						      ops, refs[i].name);

			if (!t) {
				log_err("vrrp instance=%s track=%s name=%s "
					"error=undefined",
					vi->conf.name, ops->kind, refs[i].name);
				errno = ENOENT;
				return -1;
			}
			vi->uses[vi->nuses++] =
				(struct vrrp_track_use){t, &refs[i]};
		}
	}
	return 0;
}

static int
start(struct vrrp_tracker *t)
{
	t->priv = calloc(1, t->ops->priv_size ? t->ops->priv_size : 1);
	if (!t->priv)
		return -1;
	t->started = true;
	return t->ops->start(t);
}

void
vrrp_trackers_start(struct vrrp_engine *e)
{
	for (size_t i = 0; i < e->ntrackers; i++) {
		struct vrrp_tracker *t = e->trackers[i];

		if (!t->started && start(t) < 0)
			log_err("vrrp track=%s name=%s error=%s", t->ops->kind,
				t->name, strerror(errno));
	}
}

void
vrrp_trackers_stop(struct vrrp_engine *e)
{
	for (size_t i = 0; i < e->ntrackers; i++)
		stop(e->trackers[i]);
}
