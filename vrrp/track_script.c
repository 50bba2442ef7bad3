// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrp_script: run the command every interval through the environment (the
 * parent runs it in vigild), with its timeout. rise successes in a row make
 * it up, fall failures in a row make it down; a run still going when the
 * next is due is not doubled. Starts down with init_fail, else up.
 */
#include "config.h"

#include <sys/wait.h>

#include "vrrp/vrrp_track.h"

struct script_priv {
	struct ev_timer tick;
	uint64_t run; /* the run going on, 0 if none */
	bool running;
	unsigned ok_run, fail_run; /* consecutive results */
};

static void
script_done(void *arg, enum vrrp_script_result r, int status)
{
	struct vrrp_tracker *t = arg;
	struct script_priv *p = t->priv;
	const struct vrrp_script_conf *c = t->conf;
	bool ok = r == VRRP_SCRIPT_EXITED && WIFEXITED(status) &&
		  WEXITSTATUS(status) == 0;
	bool up = t->up;

	p->running = false;
	p->run = 0;
	if (ok) {
		p->fail_run = 0;
		if (++p->ok_run >= (c->rise ? c->rise : 1))
			up = true;
	} else {
		p->ok_run = 0;
		if (++p->fail_run >= (c->fall ? c->fall : 1))
			up = false;
	}
	t->report(t, up, 0);
}

static void
tick_cb(struct ev_loop *loop, struct ev_timer *tm, void *arg)
{
	struct vrrp_tracker *t = arg;
	struct script_priv *p = t->priv;
	const struct vrrp_script_conf *c = t->conf;
	uint64_t run;

	ev_timer_start(loop, tm,
		       EV_MSEC(c->interval_ms ? c->interval_ms : 1000));
	if (p->running)
		return;
	p->running = true;
	run = t->env->run(t->env->env_arg, c->cmd,
			  c->timeout_ms ? c->timeout_ms : 1000, script_done, t);
	/* 0: it is over already (script_done ran). */
	if (run && p->running)
		p->run = run;
}

static int
script_start(struct vrrp_tracker *t)
{
	struct script_priv *p = t->priv;
	const struct vrrp_script_conf *c = t->conf;

	t->up = !c->init_fail;
	ev_timer_init(&p->tick, tick_cb, t);
	/* The first run right away: a broken check shows within a run. */
	return ev_timer_start(t->env->loop, &p->tick, 0);
}

static void
script_stop(struct vrrp_tracker *t)
{
	struct script_priv *p = t->priv;

	ev_timer_stop(t->env->loop, &p->tick);
	if (p->run)
		t->env->cancel(t->env->env_arg, p->run);
	p->run = 0;
	p->running = false;
}

static bool
script_def(const struct vrrp_config *c, size_t i, struct vrrp_track_def *d)
{
	if (i >= c->nscripts)
		return false;
	*d = (struct vrrp_track_def){c->scripts[i].name, &c->scripts[i],
				     c->scripts[i].weight,
				     c->scripts[i].weight_reverse};
	return true;
}

static const struct vrrp_track_ref *
script_refs(const struct vrrp_instance_conf *c, size_t *n)
{
	*n = c->ntrack_script;
	return c->track_script;
}

const struct vrrp_track_ops vrrp_track_script_ops = {
	.kind = "script",
	.conf_size = sizeof(struct vrrp_script_conf),
	.priv_size = sizeof(struct script_priv),
	.def = script_def,
	.refs = script_refs,
	.start = script_start,
	.stop = script_stop,
};
