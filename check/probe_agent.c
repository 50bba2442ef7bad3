// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AGENT_CHECK (vigil): dynamic feedback from the real server over
 * HAProxy's agent-check protocol. Connect to the agent (connect_port),
 * optionally send agent_send, read one line (check/agent_parse.c):
 *   "75%"  weight = 75% of the configured weight
 *   "drain" weight 0 until "ready"; "maint" fails the check (agent-maint)
 *   "down", "fail", "stopped" fail it (agent-down), "#text" says why
 *   "up", "ready" pass
 * The last percentage and drain state are kept between replies, as HAProxy
 * does. An agent that cannot be reached fails the check like any probe.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/agent_parse.h"
#include "check/conn.h"
#include "check/probe.h"

struct agent_probe {
	struct probe *p;
	struct chk_conn conn;
	char buf[AGENT_REPLY_MAX];
	size_t len;
	int pct;      /* last percentage given; 100 at first */
	bool drained; /* "drain" until "ready" */
};

static void
agent_done(struct agent_probe *a, const struct chk_result *r)
{
	chk_conn_close(&a->conn);
	a->p->report(a->p, r);
}

static void
apply(struct agent_probe *a, const struct agent_reply *rep)
{
	struct chk_result r = {0};

	if (rep->has_pct)
		a->pct = rep->pct;
	if (rep->admin == AGENT_DRAIN)
		a->drained = true;
	else if (rep->admin == AGENT_READY)
		a->drained = false;
	snprintf(r.detail, sizeof(r.detail), "%s", rep->text);
	if (rep->admin == AGENT_MAINT) {
		chk_result_set(&r, CHK_R_AGENT_MAINT, 0);
	} else if (rep->state == AGENT_DOWN || rep->state == AGENT_FAIL ||
		   rep->state == AGENT_STOPPED) {
		chk_result_set(&r, CHK_R_AGENT_DOWN, (int)rep->state);
	} else {
		r.weight.kind = CHK_W_PERCENT;
		r.weight.value = a->drained ? 0 : a->pct;
	}
	agent_done(a, &r);
}

static void
line_ready(struct agent_probe *a)
{
	struct agent_reply rep;
	const char *err = NULL;
	struct chk_result r = {0};

	if (agent_parse(a->buf, a->len, &rep, &err) < 0) {
		chk_result_set(&r, CHK_R_BAD_REPLY, 0);
		snprintf(r.detail, sizeof(r.detail), "%s", err);
		agent_done(a, &r);
		return;
	}
	apply(a, &rep);
}

/* Collect the reply line; false once it is complete (and decided). */
static bool
collect(void *arg, const uint8_t *p, size_t n)
{
	struct agent_probe *a = arg;
	size_t take = n < sizeof(a->buf) - a->len ? n : sizeof(a->buf) - a->len;

	memcpy(a->buf + a->len, p, take);
	a->len += take;
	if (!memchr(p, '\n', take) && a->len < sizeof(a->buf))
		return true;
	line_ready(a);
	return false;
}

static void
on_readable(struct agent_probe *a)
{
	uint8_t buf[AGENT_REPLY_MAX];
	int rc = chk_conn_pump(&a->conn, buf, sizeof(buf), collect, a);
	struct chk_result r = {0};

	if (rc > 0 && a->len) {
		line_ready(a);
	} else if (rc > 0) {
		chk_result_set(&r, CHK_R_CLOSED, 0);
		snprintf(r.detail, sizeof(r.detail), "no reply");
		agent_done(a, &r);
	} else if (rc < 0) {
		agent_done(a, &a->conn.err);
	}
}

static void
on_conn(struct chk_conn *c, enum chk_conn_event ev)
{
	struct agent_probe *a = c->arg;
	const char *send = a->p->conf->u.agent.send;

	switch (ev) {
	case CONN_EV_OPEN:
		if (send && chk_conn_send(c, send, strlen(send)) < 0)
			agent_done(a, &c->err);
		break;
	case CONN_EV_READ:
		on_readable(a);
		break;
	case CONN_EV_ERROR:
		agent_done(a, &c->err);
		break;
	}
}

static int
agent_init(struct probe *p, char *err, size_t errlen)
{
	struct agent_probe *a = p->priv;

	(void)err;
	(void)errlen;
	a->p = p;
	a->pct = 100;
	chk_conn_init(&a->conn, on_conn, a);
	return 0;
}

static void
agent_start(struct probe *p)
{
	struct agent_probe *a = p->priv;

	a->len = 0;
	if (chk_conn_open(&a->conn, p->env->loop, &p->conf->target, NULL) < 0)
		agent_done(a, &a->conn.err);
}

static void
agent_cancel(struct probe *p, struct chk_result *why)
{
	struct agent_probe *a = p->priv;

	if (why)
		chk_conn_timeout_reason(&a->conn, why);
	chk_conn_close(&a->conn);
}

static void
agent_fini(struct probe *p)
{
	struct agent_probe *a = p->priv;

	chk_conn_close(&a->conn);
}

static int
agent_conf_copy(struct chk_probe_conf *d, const struct chk_probe_conf *s)
{
	d->u.agent.send = NULL;
	return chk_strset(&d->u.agent.send, s->u.agent.send);
}

static void
agent_conf_free(struct chk_probe_conf *c)
{
	free(c->u.agent.send);
	c->u.agent.send = NULL;
}

static bool
agent_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	return chk_str_eq(a->u.agent.send, b->u.agent.send);
}

const struct probe_ops probe_agent_ops = {
	.type = CHK_AGENT,
	.name = "AGENT_CHECK",
	.priv_size = sizeof(struct agent_probe),
	.init = agent_init,
	.fini = agent_fini,
	.start = agent_start,
	.cancel = agent_cancel,
	.conf_copy = agent_conf_copy,
	.conf_free = agent_conf_free,
	.conf_equal = agent_conf_equal,
};
