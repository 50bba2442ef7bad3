// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The scheduler: timing of every checker, the deadline of every run, and
 * the verdict after it. See sched.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/sched.h"

const ev_time_t chk_late_bucket_us[CHK_LATE_BUCKETS] = {
	100, 500, 1000, 2000, 5000, 10000, 50000, 100000, 1000000, UINT64_MAX,
};

void
chk_sched_init(struct chk_sched *s, struct ev_loop *loop, struct probe_env *env,
	       chk_result_fn on_result, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->loop = loop;
	s->env = env;
	s->on_result = on_result;
	s->arg = arg;
}

double
chk_spread_fraction(uint64_t seq)
{
	/* Weyl sequence of the golden ratio: any number of consecutive
	 * checkers lands evenly over [0, 1), and a checker added on reload
	 * falls into the largest gap left by the others. */
	return (double)((seq * 0x9E3779B97F4A7C15ULL) >> 11) * 0x1.0p-53;
}

static void
record_lateness(struct chk_sched_stats *st, ev_time_t late)
{
	int b = 0;

	while (b < CHK_LATE_BUCKETS - 1 && late > chk_late_bucket_us[b])
		b++;
	st->late_hist[b]++;
	st->late_sum += late;
	if (late > st->late_max)
		st->late_max = late;
}

/* The first point of the checker's grid strictly after `now`. */
static ev_time_t
next_grid(const struct chk_check *c, ev_time_t now)
{
	ev_time_t k;

	if (now < c->origin)
		return c->origin;
	k = (now - c->origin) / c->delay_loop + 1;
	return c->origin + k * c->delay_loop;
}

static void
arm(struct chk_check *c, ev_time_t when)
{
	c->due = when;
	ev_timer_start_at(c->sched->loop, &c->timer, when);
}

static void
schedule_next(struct chk_check *c, bool retry)
{
	ev_time_t now = ev_now(c->sched->loop);

	if (c->kicked) {
		c->kicked = false;
		arm(c, now);
	} else if (retry) {
		arm(c, now + c->retry_delay);
	} else {
		/* Never two grid runs within half an interval: after a first
		 * run taken early by warmup, a retry or a long timeout, the
		 * next waits for a grid point at least that far away. */
		ev_time_t from = c->started + c->delay_loop / 2;

		arm(c, next_grid(c, from > now ? from : now));
	}
}

/* 1 ms to 10 s: a local connect to a slow HTTP check's timeout. */
const ev_time_t chk_latency_bounds[CHK_LAT_BOUNDS] = {
	EV_USEC(1000), EV_USEC(2500), EV_USEC(5000), EV_MSEC(10),  EV_MSEC(25),
	EV_MSEC(50),   EV_MSEC(100),  EV_MSEC(250),  EV_MSEC(500), EV_SEC(1),
	EV_MSEC(2500), EV_SEC(5),     EV_SEC(10),
};

static void
count_latency(struct chk_check_stats *cnt, ev_time_t d)
{
	size_t i = 0;

	while (i < CHK_LAT_BOUNDS && d > chk_latency_bounds[i])
		i++;
	cnt->lat[i]++;
	cnt->lat_sum += d;
}

static void
count_result(struct chk_check *c, const struct chk_result *r, bool deadline)
{
	struct chk_sched_stats *st = &c->sched->stats;
	ev_time_t now = ev_now(c->sched->loop);

	count_latency(&c->cnt, now > c->started ? now - c->started : 0);
	c->cnt.runs++;
	st->runs++;
	if (r->reason == CHK_R_OK) {
		c->cnt.ok++;
		st->ok++;
		return;
	}
	c->cnt.failed++;
	st->failed++;
	if (deadline) {
		c->cnt.timeouts++;
		st->timeouts++;
	}
}

static void
finish(struct chk_check *c, const struct chk_result *r, bool deadline)
{
	struct chk_sched *s = c->sched;
	struct chk_verdict v;

	s->stats.running--;
	c->phase = CHK_IDLE;
	count_result(c, r, deadline);
	chk_verdict(&c->st, c->retry, r->reason == CHK_R_OK, &v);
	c->last = *r;
	c->last_run = ev_now(s->loop);
	if (r->weight.kind != CHK_W_KEEP)
		c->weight = r->weight;
	if (v.t != CHK_T_NONE) {
		c->cause = *r;
		c->cause_tries = v.tries;
		c->last_change = c->last_run;
	}
	schedule_next(c, v.retry);
	s->on_result(c, &v, r, s->arg);
}

static void
probe_done(struct probe *p, const struct chk_result *r)
{
	struct chk_check *c = p->owner;

	if (c->phase != CHK_RUNNING)
		return; /* a probe reporting twice: ignore the extra one */
	ev_timer_stop(c->sched->loop, &c->timer);
	finish(c, r, false);
}

static void
deadline(struct chk_check *c)
{
	struct chk_result why;

	memset(&why, 0, sizeof(why));
	chk_result_set(&why, CHK_R_TIMEOUT, 0);
	c->probe.ops->cancel(&c->probe, &why);
	finish(c, &why, why.reason != CHK_R_OK);
}

static void
run(struct chk_check *c)
{
	struct chk_sched *s = c->sched;
	ev_time_t now = ev_now(s->loop);

	record_lateness(&s->stats, now > c->due ? now - c->due : 0);
	c->phase = CHK_RUNNING;
	c->started = now;
	c->kicked = false;
	s->stats.running++;
	c->probe.ops->start(&c->probe);
	/* A probe that answered at once (a local server's handshake
	 * completes inside connect()) has already armed the next run; only
	 * one still waiting needs a deadline. */
	if (c->phase == CHK_RUNNING)
		ev_timer_start(s->loop, &c->timer, c->budget);
}

static void
check_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct chk_check *c = arg;

	(void)loop;
	(void)t;
	if (c->phase == CHK_RUNNING)
		deadline(c);
	else if (c->phase == CHK_IDLE)
		run(c);
}

static void
probe_kick(struct probe *p)
{
	chk_check_kick(p->owner);
}

int
chk_check_init(struct chk_check *c, struct chk_sched *s,
	       struct chk_probe_conf *conf, const struct probe_ops *ops,
	       char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->sched = s;
	c->conf = *conf;
	memset(conf, 0, sizeof(*conf));
	c->retry = (uint32_t)c->conf.knobs.retry;
	c->delay_loop = c->conf.knobs.delay_loop ? c->conf.knobs.delay_loop : 1;
	c->retry_delay = c->conf.knobs.delay_before_retry;
	c->warmup = c->conf.knobs.warmup;
	c->budget = ops->budget ? ops->budget(&c->conf)
				: c->conf.knobs.connect_timeout;
	c->seq = s->next_seq++;
	chk_state_init(&c->st, c->conf.knobs.alpha == 1);
	chk_result_set(&c->cause, c->st.up ? CHK_R_OK : CHK_R_ALPHA, 0);
	c->phase = CHK_PAUSED;
	ev_timer_init(&c->timer, check_timer, c);
	c->probe = (struct probe){.ops = ops,
				  .conf = &c->conf,
				  .env = s->env,
				  .report = probe_done,
				  .owner = c,
				  .kick = probe_kick};
	if (ops->priv_size && !(c->probe.priv = calloc(1, ops->priv_size))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (ops->init && ops->init(&c->probe, err, errlen) < 0)
		goto fail;
	return 0;
fail:
	free(c->probe.priv);
	c->probe.priv = NULL;
	if (ops->conf_free)
		ops->conf_free(&c->conf);
	return -1;
}

void
chk_check_pause(struct chk_check *c)
{
	if (c->phase == CHK_RUNNING) {
		c->probe.ops->cancel(&c->probe, NULL);
		c->sched->stats.running--;
	}
	ev_timer_stop(c->sched->loop, &c->timer);
	c->phase = CHK_PAUSED;
	c->kicked = false;
}

/* now + frac * span, down to a whole millisecond but not before now:
 * checkers due in the same millisecond share one wakeup of the loop
 * (5,000 checks a second are 5 per wakeup, not 5,000 wakeups). */
static ev_time_t
place(ev_time_t now, double frac, ev_time_t span)
{
	ev_time_t t = now + (ev_time_t)(frac * (double)span);

	t -= t % EV_MSEC(1);
	return t < now ? now : t;
}

void
chk_check_resume(struct chk_check *c)
{
	ev_time_t now = ev_now(c->sched->loop);
	double frac = chk_spread_fraction(c->seq);

	if (c->phase != CHK_PAUSED)
		return;
	c->phase = CHK_IDLE;
	if (!c->placed) {
		c->placed = true;
		c->origin = place(now, frac, c->delay_loop);
		arm(c, place(now, frac, c->warmup));
	} else {
		arm(c, next_grid(c, now));
	}
}

void
chk_check_kick(struct chk_check *c)
{
	if (c->phase == CHK_RUNNING)
		c->kicked = true;
	else if (c->phase == CHK_IDLE)
		arm(c, ev_now(c->sched->loop));
}

void
chk_check_fini(struct chk_check *c)
{
	const struct probe_ops *ops = c->probe.ops;

	if (!ops)
		return;
	chk_check_pause(c);
	if (ops->fini)
		ops->fini(&c->probe);
	free(c->probe.priv);
	if (ops->conf_free)
		ops->conf_free(&c->conf);
	memset(c, 0, sizeof(*c));
}
