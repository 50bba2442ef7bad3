// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MISC_CHECK: a command's exit status. The engine does not start processes:
 * it asks the injected runner (in vigild: the parent, over IPC) and is
 * called back with how the command ended. keepalived's rules: exit 0
 * passes; with misc_dynamic, exit 1 fails and 2-255 pass with the real
 * server's weight set to status - 2; without it, any other status fails.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/probe.h"

struct misc_probe {
	struct probe *p;
	uint64_t handle; /* the run in progress, 0 if none */
};

static void
script_done(void *arg, enum chk_script_status st, int code)
{
	struct misc_probe *m = arg;
	const struct chk_misc *c = &m->p->conf->u.misc;
	struct chk_result r = {0};

	m->handle = 0;
	switch (st) {
	case CHK_SCRIPT_EXITED:
		if (code == 0)
			break;
		if (c->dynamic && code >= 2 && code <= 255) {
			r.weight.kind = CHK_W_ABS;
			r.weight.value = code - 2;
			break;
		}
		chk_result_set(&r, CHK_R_SCRIPT_EXIT, code);
		break;
	case CHK_SCRIPT_SIGNALED:
		chk_result_set(&r, CHK_R_SCRIPT_SIGNAL, code);
		break;
	case CHK_SCRIPT_TIMEOUT:
		chk_result_set(&r, CHK_R_SCRIPT_TIMEOUT, 0);
		break;
	default:
		chk_result_set(&r, CHK_R_SCRIPT_ERROR, code);
		snprintf(r.detail, sizeof(r.detail), "could not start: %s",
			 code > 0 ? strerror(code) : "refused");
		break;
	}
	m->p->report(m->p, &r);
}

static int
misc_init(struct probe *p, char *err, size_t errlen)
{
	struct misc_probe *m = p->priv;

	(void)err;
	(void)errlen;
	m->p = p;
	return 0;
}

static void
misc_start(struct probe *p)
{
	struct misc_probe *m = p->priv;
	const struct chk_misc *c = &p->conf->u.misc;
	struct chk_script_req req = {
		.cmd = c->path,
		.user = c->user,
		.timeout = c->timeout,
	};
	struct chk_result r = {0};

	if (p->env->script)
		m->handle = p->env->script->run(p->env->script_arg, &req,
						script_done, m);
	if (m->handle)
		return;
	chk_result_set(&r, CHK_R_SCRIPT_ERROR, 0);
	snprintf(r.detail, sizeof(r.detail), "%s",
		 p->env->script ? "runner busy" : "no script runner");
	p->report(p, &r);
}

static void
misc_cancel(struct probe *p, struct chk_result *why)
{
	struct misc_probe *m = p->priv;

	if (why)
		chk_result_set(why, CHK_R_SCRIPT_TIMEOUT, 0);
	if (m->handle && p->env->script)
		p->env->script->cancel(p->env->script_arg, m->handle);
	m->handle = 0;
}

static void
misc_fini(struct probe *p)
{
	misc_cancel(p, NULL);
}

/* The runner kills the command at misc_timeout and says so; the run's
 * deadline leaves it a second to do that. */
static ev_time_t
misc_budget(const struct chk_probe_conf *c)
{
	return c->u.misc.timeout + EV_SEC(1);
}

static int
misc_conf_copy(struct chk_probe_conf *d, const struct chk_probe_conf *s)
{
	d->u.misc = s->u.misc;
	d->u.misc.path = d->u.misc.user = NULL;
	return chk_strset(&d->u.misc.path, s->u.misc.path) |
	       chk_strset(&d->u.misc.user, s->u.misc.user);
}

static void
misc_conf_free(struct chk_probe_conf *c)
{
	free(c->u.misc.path);
	free(c->u.misc.user);
	c->u.misc.path = c->u.misc.user = NULL;
}

static bool
misc_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	const struct chk_misc *x = &a->u.misc, *y = &b->u.misc;

	return chk_str_eq(x->path, y->path) && chk_str_eq(x->user, y->user) &&
	       x->timeout == y->timeout && x->dynamic == y->dynamic;
}

static uint64_t
misc_conf_hash(const struct chk_probe_conf *c, uint64_t h)
{
	return chk_hash_str(h, c->u.misc.path);
}

static int
misc_validate(const struct chk_probe_conf *c, char *err, size_t errlen)
{
	if (!c->u.misc.path || !*c->u.misc.path) {
		snprintf(err, errlen, "MISC_CHECK without misc_path");
		return -1;
	}
	return 0;
}

const struct probe_ops probe_misc_ops = {
	.type = CHK_MISC,
	.name = "MISC_CHECK",
	.priv_size = sizeof(struct misc_probe),
	.validate = misc_validate,
	.init = misc_init,
	.fini = misc_fini,
	.start = misc_start,
	.cancel = misc_cancel,
	.budget = misc_budget,
	.conf_copy = misc_conf_copy,
	.conf_free = misc_conf_free,
	.conf_equal = misc_conf_equal,
	.conf_hash = misc_conf_hash,
};
