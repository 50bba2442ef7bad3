// SPDX-License-Identifier: GPL-2.0-or-later
/* The fake probe and clock of the check engine tests. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/check_fake.h"

static struct fake_target *
target(struct fake_world *w, const char *name)
{
	for (size_t i = 0; i < w->ntargets; i++)
		if (!strcmp(w->targets[i].name, name))
			return &w->targets[i];
	assert_true(w->ntargets < FAKE_MAX_TARGETS);
	snprintf(w->targets[w->ntargets].name, CHK_ADDR_STRLEN, "%s", name);
	return &w->targets[w->ntargets++];
}

void
fake_ok(struct fake_world *w, const char *name)
{
	struct fake_target *t = target(w, name);

	t->hang = false;
	memset(&t->result, 0, sizeof(t->result));
}

void
fake_fail(struct fake_world *w, const char *name, enum chk_reason r)
{
	struct fake_target *t = target(w, name);

	t->hang = false;
	memset(&t->result, 0, sizeof(t->result));
	chk_result_set(&t->result, r, 0);
}

void
fake_hang(struct fake_world *w, const char *name)
{
	target(w, name)->hang = true;
}

void
fake_weight(struct fake_world *w, const char *name, enum chk_weight_kind kind,
	    int64_t value)
{
	struct fake_target *t = target(w, name);

	t->result.weight.kind = kind;
	t->result.weight.value = value;
}

/* ---- the probe ---- */

static void
fake_start(struct probe *p)
{
	struct fake_world *w = p->env->shared[CHK_TCP];
	char name[CHK_ADDR_STRLEN];
	struct fake_target *t;

	chk_addr_fmt(&p->conf->target.connect_ip, name, sizeof(name));
	t = target(w, name);
	if (w->nstarts < FAKE_MAX_STARTS) {
		w->starts[w->nstarts].at = ev_now(w->loop);
		memcpy(w->starts[w->nstarts].name, name, sizeof(name));
		w->nstarts++;
	}
	w->running++;
	if (t->hang)
		return;
	w->running--;
	p->report(p, &t->result);
}

static void
fake_cancel(struct probe *p, struct chk_result *why)
{
	struct fake_world *w = p->env->shared[CHK_TCP];

	w->running--;
	w->cancels++;
	if (why)
		chk_result_set(why, CHK_R_CONNECT_TIMEOUT, 0);
}

static const struct probe_ops fake_ops = {
	.type = CHK_TCP,
	.name = "TCP_CHECK",
	.start = fake_start,
	.cancel = fake_cancel,
};

const struct probe_ops *const fake_probes[CHK_TYPE_MAX] = {
	[CHK_TCP] = &fake_ops,
};

/* ---- clock, loop, events ---- */

static ev_time_t
fake_now(void *arg)
{
	return ((struct fake_world *)arg)->now;
}

void
fake_world_init(struct fake_world *w, ev_time_t start)
{
	memset(w, 0, sizeof(*w));
	w->now = start;
	w->loop = ev_loop_new();
	assert_non_null(w->loop);
	ev_loop_set_clock(w->loop, fake_now, w);
}

void
fake_world_fini(struct fake_world *w)
{
	ev_loop_free(w->loop);
}

static void
on_event(const struct chk_event *ev, void *arg)
{
	struct fake_world *w = arg;

	if (w->nevents >= 1024)
		return;
	w->events[w->nevents] = *ev;
	snprintf(w->ev_names[w->nevents], CHK_ADDR_STRLEN, "%s",
		 ev->rs ? ev->rs : "");
	snprintf(w->ev_vs[w->nevents], 32, "%s", ev->vs);
	w->events[w->nevents].rs = w->ev_names[w->nevents];
	w->events[w->nevents].vs = w->ev_vs[w->nevents];
	w->nevents++;
}

struct chk_engine *
fake_engine(struct fake_world *w, struct chk_conf *conf)
{
	struct chk_engine_opts o = {
		.loop = w->loop,
		.on_event = on_event,
		.event_arg = w,
		.probes = fake_probes,
		.quiet = true,
	};
	char err[256] = "";
	struct chk_engine *e = chk_engine_new(&o, conf, err, sizeof(err));

	if (!e)
		fail_msg("engine: %s", err);
	chk_engine_env(e)->shared[CHK_TCP] = w;
	return e;
}

void
fake_run_until(struct fake_world *w, ev_time_t t)
{
	for (int guard = 0; guard < 1000000; guard++) {
		ev_time_t next = ev_next_timer(w->loop);

		if (next > t)
			break;
		if (next > w->now)
			w->now = next;
		ev_run_once(w->loop, 0);
	}
	w->now = t;
	ev_run_once(w->loop, 0);
}

size_t
fake_starts_of(const struct fake_world *w, const char *name, ev_time_t *at,
	       size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < w->nstarts; i++) {
		if (strcmp(w->starts[i].name, name))
			continue;
		if (n < max)
			at[n] = w->starts[i].at;
		n++;
	}
	return n;
}

const struct chk_event *
fake_event(const struct fake_world *w, enum chk_event_type type, size_t n)
{
	for (size_t i = 0; i < w->nevents; i++)
		if (w->events[i].type == type && n-- == 0)
			return &w->events[i];
	return NULL;
}

size_t
fake_count(const struct fake_world *w, enum chk_event_type type)
{
	size_t n = 0;

	for (size_t i = 0; i < w->nevents; i++)
		n += w->events[i].type == type;
	return n;
}

struct chk_conf *
fake_conf(size_t n, ev_time_t delay_loop)
{
	struct chk_conf *c = chk_conf_new();
	struct chk_vs_conf *vs = chk_conf_add_vs(c, "vs");

	vs->knobs.delay_loop = delay_loop;
	for (size_t i = 0; i < n; i++) {
		char ip[32];
		struct chk_addr a;
		struct chk_rs_conf *rs;

		snprintf(ip, sizeof(ip), "10.0.%zu.%zu", i / 250, i % 250 + 1);
		assert_int_equal(chk_addr_parse(&a, ip, 80), 0);
		rs = chk_vs_add_rs(vs, &a);
		assert_non_null(chk_rs_add_check(rs, CHK_TCP));
	}
	return c;
}
