// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The scheduler on a fake clock: retry and delay_before_retry, alpha,
 * warmup and the spreading of runs over delay_loop, run deadlines,
 * lateness accounting.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "check/engine.h"
#include "check/sched.h"
#include "core/runtime/log.h"
#include "tests/unit/check_fake.h"

#define T0 EV_SEC(1000)

static struct chk_vs_conf *
vs0(struct chk_conf *c)
{
	return &c->vs[0];
}

/* retry 2, delay_before_retry 1 s: down after three failures in a row,
 * the retries 1 s apart, then back on the delay_loop grid. */
static void
test_retry_and_delay_before_retry(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(1, EV_SEC(10));
	struct chk_engine *e;
	const struct chk_event *ev;
	ev_time_t at[16];
	size_t n;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.warmup = 0;
	vs0(c)->knobs.retry = 2;
	vs0(c)->knobs.delay_before_retry = EV_SEC(1);
	fake_ok(&w, "10.0.0.1:80");
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(25));
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);

	/* Fails from t=25: runs at 30 (grid), 31, 32 (retries). */
	fake_fail(&w, "10.0.0.1:80", CHK_R_REFUSED);
	fake_run_until(&w, T0 + EV_SEC(31) + 5);
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);
	fake_run_until(&w, T0 + EV_SEC(45));
	ev = fake_event(&w, CHK_EV_RS_DOWN, 0);
	assert_non_null(ev);
	assert_int_equal(ev->reason.reason, CHK_R_REFUSED);
	assert_int_equal(ev->tries, 3);
	assert_int_equal(ev->of, 3);
	assert_false(ev->in_pool);

	n = fake_starts_of(&w, "10.0.0.1:80", at, 16);
	assert_true(n >= 6);
	assert_int_equal(at[0] - T0, EV_SEC(0));
	assert_int_equal(at[1] - T0, EV_SEC(10));
	assert_int_equal(at[3] - T0, EV_SEC(30));
	assert_int_equal(at[4] - T0, EV_SEC(31));
	assert_int_equal(at[5] - T0, EV_SEC(32));
	/* Down: no more retries, the grid again (40). */
	assert_int_equal(at[6] - T0, EV_SEC(40));
	assert_int_equal(ev->when - T0, EV_SEC(32));

	/* One success brings it back. */
	fake_ok(&w, "10.0.0.1:80");
	fake_run_until(&w, T0 + EV_SEC(51));
	ev = fake_event(&w, CHK_EV_RS_UP, 0);
	assert_non_null(ev);
	assert_int_equal(ev->when - T0, EV_SEC(50));
	assert_true(ev->in_pool);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* A failure followed by a success before retries run out: no change. */
static void
test_soft_failure_recovers(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(1, EV_SEC(5));
	struct chk_engine *e;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.warmup = 0;
	vs0(c)->knobs.retry = 1;
	fake_fail(&w, "10.0.0.1:80", CHK_R_TIMEOUT);
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + 10);
	fake_ok(&w, "10.0.0.1:80");
	fake_run_until(&w, T0 + EV_SEC(20));
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);
	assert_int_equal(fake_count(&w, CHK_EV_RS_UP), 0);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* alpha: down from the start, up on the first success. */
static void
test_alpha(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(2, EV_SEC(5));
	struct chk_engine *e;
	int64_t weight;
	const struct chk_event *ev;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.alpha = 1;
	vs0(c)->knobs.warmup = 0;
	fake_ok(&w, "10.0.0.1:80");
	fake_fail(&w, "10.0.0.2:80", CHK_R_REFUSED);
	e = fake_engine(&w, c);
	assert_false(chk_engine_rs_dest(e, 0, 0, &weight));
	assert_false(chk_engine_rs_dest(e, 0, 1, &weight));
	chk_engine_start(e);
	/* Quorum starts down: nothing is up yet. */
	assert_non_null(fake_event(&w, CHK_EV_QUORUM_DOWN, 0));
	fake_run_until(&w, T0 + EV_SEC(1));
	ev = fake_event(&w, CHK_EV_RS_UP, 0);
	assert_non_null(ev);
	assert_string_equal(ev->rs, "10.0.0.1:80");
	assert_int_equal(ev->when, T0);
	assert_non_null(fake_event(&w, CHK_EV_QUORUM_UP, 0));
	/* The failing one stays down, no down event: it never was up. */
	fake_run_until(&w, T0 + EV_SEC(30));
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);
	assert_true(chk_engine_rs_dest(e, 0, 0, &weight));
	assert_int_equal(weight, 1);
	assert_false(chk_engine_rs_dest(e, 0, 1, NULL));
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* warmup = delay_loop (the default): first runs spread over the interval;
 * later runs keep their phase, so every window of delay_loop/10 gets
 * about a tenth of the checks, never a burst. */
static void
test_spread_over_interval(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(200, EV_SEC(10));
	struct chk_engine *e;
	size_t bucket[30] = {0};

	(void)state;
	fake_world_init(&w, T0);
	for (size_t i = 0; i < 200; i++) {
		char name[32];

		snprintf(name, sizeof(name), "10.0.0.%zu:80", i + 1);
		fake_ok(&w, name);
	}
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(30) - 1);
	assert_int_equal(w.nstarts, 600);
	for (size_t i = 0; i < w.nstarts; i++)
		bucket[(w.starts[i].at - T0) / EV_SEC(1)]++;
	for (int b = 0; b < 30; b++) {
		assert_true(bucket[b] >= 15);
		assert_true(bucket[b] <= 25);
	}
	/* Each checker exactly every 10 s. */
	for (size_t i = 0; i < 200; i++) {
		char name[32];
		ev_time_t at[4];

		snprintf(name, sizeof(name), "10.0.0.%zu:80", i + 1);
		assert_int_equal(fake_starts_of(&w, name, at, 4), 3);
		assert_int_equal(at[1] - at[0], EV_SEC(10));
		assert_int_equal(at[2] - at[1], EV_SEC(10));
	}
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* warmup 0: every first run at once (as asked), later runs spread. */
static void
test_warmup_zero(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(50, EV_SEC(10));
	struct chk_engine *e;
	size_t at_start = 0, second_round_same = 0;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.warmup = 0;
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(20) - 1);
	for (size_t i = 0; i < w.nstarts; i++) {
		at_start += w.starts[i].at == T0;
		second_round_same += w.starts[i].at == T0 + EV_SEC(10);
	}
	assert_int_equal(at_start, 50);
	assert_true(second_round_same <= 1);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* warmup 2 s with delay_loop 10 s: first runs within 2 s. */
static void
test_warmup_bound(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(40, EV_SEC(10));
	struct chk_engine *e;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.warmup = EV_SEC(2);
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(2));
	assert_int_equal(w.nstarts, 40);
	for (size_t i = 0; i < w.nstarts; i++)
		assert_true(w.starts[i].at <= T0 + EV_SEC(2));
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* A probe that never answers is cut at connect_timeout; the reason is
 * what the probe was waiting for. */
static void
test_deadline(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(1, EV_SEC(5));
	struct chk_engine *e;
	const struct chk_event *ev;
	struct chk_engine_stats st;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.warmup = 0;
	vs0(c)->knobs.retry = 0;
	vs0(c)->knobs.connect_timeout = EV_SEC(2);
	fake_hang(&w, "10.0.0.1:80");
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(2) - 1);
	assert_int_equal(w.running, 1);
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);
	fake_run_until(&w, T0 + EV_SEC(2));
	assert_int_equal(w.running, 0);
	ev = fake_event(&w, CHK_EV_RS_DOWN, 0);
	assert_non_null(ev);
	assert_int_equal(ev->reason.reason, CHK_R_CONNECT_TIMEOUT);
	assert_int_equal(ev->tries, 1);
	assert_int_equal(ev->of, 1);
	chk_engine_stats(e, &st);
	assert_int_equal(st.timeouts, 1);
	assert_int_equal(st.running, 0);
	/* The next run keeps its grid point (5 s), not 2 + 5. */
	fake_run_until(&w, T0 + EV_SEC(5));
	assert_int_equal(w.nstarts, 2);
	assert_int_equal(w.starts[1].at, T0 + EV_SEC(5));
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* Late starts are counted in the lateness histogram. */
static void
test_lateness(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(1, EV_SEC(1));
	struct chk_engine *e;
	struct chk_engine_stats st;

	(void)state;
	fake_world_init(&w, T0);
	vs0(c)->knobs.warmup = 0;
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0);
	/* The loop was busy: the next run fires 3 ms late. */
	w.now = T0 + EV_SEC(1) + EV_MSEC(3);
	ev_run_once(w.loop, 0);
	chk_engine_stats(e, &st);
	assert_int_equal(st.runs, 2);
	assert_int_equal(st.late_max, EV_MSEC(3));
	assert_int_equal(st.late_hist[0], 1); /* the first, on time */
	assert_int_equal(st.late_hist[4], 1); /* 2-5 ms */
	chk_engine_free(e);
	fake_world_fini(&w);
}

static void
test_spread_fraction(void **state)
{
	(void)state;
	/* 0 .. 1, and the first few far apart. */
	for (uint64_t i = 0; i < 1000; i++) {
		double f = chk_spread_fraction(i);

		assert_true(f >= 0.0 && f < 1.0);
	}
	assert_true(chk_spread_fraction(1) - chk_spread_fraction(0) > 0.3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_and_delay_before_retry),
		cmocka_unit_test(test_soft_failure_recovers),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_spread_over_interval),
		cmocka_unit_test(test_warmup_zero),
		cmocka_unit_test(test_warmup_bound),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_lateness),
		cmocka_unit_test(test_spread_fraction),
	};

	log_init("check_sched_test", LOG_DAEMON, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
