// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrp_script: run the command every interval through the engine (the
 * parent runs it in vigild), with its timeout. rise successes in a row make
 * it up, fall failures in a row make it down; a run still going when the
 * next is due is not doubled. Starts down with init_fail, else up.
 */
#include "config.h"

#include <stdlib.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_track.h"

struct script_priv {
	struct ev_timer tick;
	bool running;
	unsigned ok_run, fail_run; /* consecutive results */
};

static void
tick_cb(struct ev_loop *loop, struct ev_timer *tm, void *arg)
{
	struct vrrp_tracker *t = arg;
	struct script_priv *p = t->priv;
	const struct vrrp_script_conf *c = &t->conf.script;

	ev_timer_start(loop, tm,
		       EV_MSEC(c->interval_ms ? c->interval_ms : 1000));
	if (p->running)
		return;
	p->running = true;
	vrrp_engine_run(t->eng, c->cmd, c->timeout_ms ? c->timeout_ms : 1000,
			NULL, t);
}

void
vrrp_track_script_done(struct vrrp_tracker *t, bool ok)
{
	struct script_priv *p = t->priv;
	const struct vrrp_script_conf *c = &t->conf.script;
	bool up = t->up;

	if (!p)
		return;
	p->running = false;
	if (ok) {
		p->fail_run = 0;
		if (++p->ok_run >= (c->rise ? c->rise : 1))
			up = true;
	} else {
		p->ok_run = 0;
		if (++p->fail_run >= (c->fall ? c->fall : 1))
			up = false;
	}
	vrrp_tracker_report(t, up, 0);
}

static int
script_start(struct vrrp_tracker *t)
{
	struct script_priv *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	t->priv = p;
	t->up = !t->conf.script.init_fail;
	ev_timer_init(&p->tick, tick_cb, t);
	/* The first run right away: a broken check shows within a run. */
	return ev_timer_start(t->loop, &p->tick, 0);
}

static void
script_stop(struct vrrp_tracker *t)
{
	struct script_priv *p = t->priv;

	if (!p)
		return;
	ev_timer_stop(t->loop, &p->tick);
	free(p);
	t->priv = NULL;
}

const struct vrrp_track_ops vrrp_track_script_ops = {
	.kind = "script",
	.start = script_start,
	.stop = script_stop,
};
