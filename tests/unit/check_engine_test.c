// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The engine on a fake clock: quorum with hysteresis, the sorry server,
 * inhibit_on_failure, weights from dynamic checkers, identical checkers
 * shared between virtual servers, ha_suspend, reload without flaps, and
 * the status JSON.
 */
#include "config.h"

#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "check/engine.h"
#include "core/runtime/log.h"
#include "tests/unit/check_fake.h"

#define T0 EV_SEC(1000)

static const char *const rs4[] = {"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80",
				  "10.0.0.4:80"};

static struct chk_conf *
quorum_conf(void)
{
	struct chk_conf *c = fake_conf(4, EV_SEC(1));
	struct chk_vs_conf *vs = &c->vs[0];

	vs->knobs.warmup = 0;
	vs->knobs.retry = 0;
	vs->quorum = 3;
	vs->hysteresis = 1;
	vs->has_sorry = true;
	chk_addr_parse(&vs->sorry, "10.9.9.9", 80);
	return c;
}

static void
set_all(struct fake_world *w, int n_ok)
{
	for (int i = 0; i < 4; i++) {
		if (i < n_ok)
			fake_ok(w, rs4[i]);
		else
			fake_fail(w, rs4[i], CHK_R_REFUSED);
	}
}

/* quorum 3, hysteresis 1, four servers of weight 1: lost below 2, gained
 * again at 4. */
static void
test_quorum_hysteresis(void **state)
{
	struct fake_world w;
	struct chk_engine *e;
	const struct chk_event *ev;
	ev_time_t t = T0;

	(void)state;
	fake_world_init(&w, T0);
	set_all(&w, 4);
	e = fake_engine(&w, quorum_conf());
	chk_engine_start(e);
	assert_int_equal(w.nevents, 0); /* quorum up from the start */
	for (int ok = 3; ok >= 2; ok--) {
		set_all(&w, ok);
		fake_run_until(&w, t += EV_SEC(1));
		assert_int_equal(fake_count(&w, CHK_EV_QUORUM_DOWN), 0);
	}
	set_all(&w, 1);
	fake_run_until(&w, t += EV_SEC(1));
	ev = fake_event(&w, CHK_EV_QUORUM_DOWN, 0);
	assert_non_null(ev);
	assert_int_equal(ev->weight_sum, 1);
	assert_int_equal(ev->threshold, 2);
	assert_non_null(fake_event(&w, CHK_EV_SORRY_IN, 0));
	assert_true(chk_engine_sorry_in(e, 0));
	/* The one still up leaves the pool for the sorry server. */
	assert_false(chk_engine_rs_dest(e, 0, 0, NULL));

	for (int ok = 2; ok <= 3; ok++) {
		set_all(&w, ok);
		fake_run_until(&w, t += EV_SEC(1));
		assert_int_equal(fake_count(&w, CHK_EV_QUORUM_UP), 0);
	}
	set_all(&w, 4);
	fake_run_until(&w, t += EV_SEC(1));
	ev = fake_event(&w, CHK_EV_QUORUM_UP, 0);
	assert_non_null(ev);
	assert_int_equal(ev->weight_sum, 4);
	assert_int_equal(ev->threshold, 4);
	assert_non_null(fake_event(&w, CHK_EV_SORRY_OUT, 0));
	assert_false(chk_engine_sorry_in(e, 0));
	for (size_t i = 0; i < 4; i++)
		assert_true(chk_engine_rs_dest(e, 0, i, NULL));
	/* The order of the events: RS down first, then quorum, sorry. */
	for (size_t i = 0; i + 1 < w.nevents; i++)
		if (w.events[i].type == CHK_EV_QUORUM_DOWN)
			assert_int_equal(w.events[i + 1].type, CHK_EV_SORRY_IN);
	chk_engine_free(e);
	fake_world_fini(&w);
}

static void
test_inhibit_on_failure(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(2, EV_SEC(1));
	struct chk_engine *e;
	const struct chk_event *ev;
	int64_t weight = -1;

	(void)state;
	c->vs[0].knobs.warmup = 0;
	c->vs[0].knobs.retry = 0;
	c->vs[0].inhibit_on_failure = true;
	c->vs[0].rs[1].inhibit_on_failure = 0; /* this one is removed */
	c->vs[0].rs[0].weight = 7;
	fake_world_init(&w, T0);
	fake_fail(&w, "10.0.0.1:80", CHK_R_TIMEOUT);
	fake_fail(&w, "10.0.0.2:80", CHK_R_TIMEOUT);
	e = fake_engine(&w, c);
	/* Known before the start, for the first IPVS table. */
	assert_true(chk_engine_rs_dest(e, 0, 0, &weight));
	assert_int_equal(weight, 7);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(2));
	ev = fake_event(&w, CHK_EV_RS_DOWN, 0);
	assert_non_null(ev);
	if (ev->rs_idx != 0)
		ev = fake_event(&w, CHK_EV_RS_DOWN, 1);
	assert_non_null(ev);
	assert_int_equal(ev->rs_idx, 0);
	assert_true(ev->in_pool);
	assert_int_equal(ev->pool_weight, 0);
	assert_true(chk_engine_rs_dest(e, 0, 0, &weight));
	assert_int_equal(weight, 0);
	assert_false(chk_engine_rs_dest(e, 0, 1, NULL));
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* Dynamic checkers: a percentage of the configured weight, then an
 * absolute weight, then back. */
static void
test_dynamic_weight(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(1, EV_SEC(1));
	struct chk_engine *e;
	const struct chk_event *ev;
	int64_t weight;

	(void)state;
	c->vs[0].knobs.warmup = 0;
	c->vs[0].rs[0].weight = 10;
	fake_world_init(&w, T0);
	fake_ok(&w, "10.0.0.1:80");
	fake_weight(&w, "10.0.0.1:80", CHK_W_PERCENT, 50);
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0);
	ev = fake_event(&w, CHK_EV_RS_WEIGHT, 0);
	assert_non_null(ev);
	assert_int_equal(ev->old_weight, 10);
	assert_int_equal(ev->weight, 5);
	assert_int_equal(ev->pool_weight, 5);
	fake_weight(&w, "10.0.0.1:80", CHK_W_ABS, 253);
	fake_run_until(&w, T0 + EV_SEC(1));
	ev = fake_event(&w, CHK_EV_RS_WEIGHT, 1);
	assert_non_null(ev);
	assert_int_equal(ev->weight, 253);
	/* A result that says nothing of the weight keeps it. */
	fake_weight(&w, "10.0.0.1:80", CHK_W_KEEP, 0);
	fake_run_until(&w, T0 + EV_SEC(2));
	assert_int_equal(fake_count(&w, CHK_EV_RS_WEIGHT), 2);
	fake_weight(&w, "10.0.0.1:80", CHK_W_PERCENT, 0);
	fake_run_until(&w, T0 + EV_SEC(3));
	assert_true(chk_engine_rs_dest(e, 0, 0, &weight));
	assert_int_equal(weight, 0); /* drained, still in the table */
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* The same real server and checker in two virtual servers: one probe. */
static void
test_shared_probe(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(3, EV_SEC(2));
	struct chk_vs_conf *vs2;
	struct chk_engine *e;
	struct chk_engine_stats st;
	struct chk_addr a;

	(void)state;
	c->vs[0].knobs.warmup = 0;
	c->vs[0].knobs.retry = 0;
	vs2 = chk_conf_add_vs(c, "vs2");
	vs2->knobs.delay_loop = EV_SEC(2);
	vs2->knobs.warmup = 0;
	vs2->knobs.retry = 0;
	chk_addr_parse(&a, "10.0.0.1", 80);
	chk_rs_add_check(chk_vs_add_rs(vs2, &a), CHK_TCP);
	/* Same target, other delay_loop: a checker of its own. */
	chk_addr_parse(&a, "10.0.0.2", 80);
	vs2 = &c->vs[1];
	chk_rs_add_check(chk_vs_add_rs(vs2, &a), CHK_TCP)->knobs.delay_loop =
		EV_SEC(3);
	fake_world_init(&w, T0);
	fake_ok(&w, "10.0.0.1:80");
	fake_ok(&w, "10.0.0.2:80");
	fake_ok(&w, "10.0.0.3:80");
	e = fake_engine(&w, c);
	chk_engine_stats(e, &st);
	assert_int_equal(st.rs, 5);
	assert_int_equal(st.rs_checks, 5);
	assert_int_equal(st.checks, 4);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(1));
	assert_int_equal(fake_starts_of(&w, "10.0.0.1:80", NULL, 0), 1);
	fake_fail(&w, "10.0.0.1:80", CHK_R_RESET);
	fake_run_until(&w, T0 + EV_SEC(2));
	assert_int_equal(fake_starts_of(&w, "10.0.0.1:80", NULL, 0), 2);
	/* One run, both virtual servers see it go down. */
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 2);
	assert_string_equal(fake_event(&w, CHK_EV_RS_DOWN, 0)->rs,
			    "10.0.0.1:80");
	assert_string_equal(fake_event(&w, CHK_EV_RS_DOWN, 1)->rs,
			    "10.0.0.1:80");
	assert_string_not_equal(fake_event(&w, CHK_EV_RS_DOWN, 0)->vs,
				fake_event(&w, CHK_EV_RS_DOWN, 1)->vs);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* ha_suspend: no checks until MASTER; back to BACKUP stops them. */
static void
test_ha_suspend(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(2, EV_SEC(1));
	struct chk_engine *e;

	(void)state;
	c->vs[0].ha_suspend = true;
	c->vs[0].knobs.warmup = 0;
	fake_world_init(&w, T0);
	fake_hang(&w, "10.0.0.1:80");
	fake_ok(&w, "10.0.0.2:80");
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(5));
	assert_int_equal(w.nstarts, 0);
	assert_int_equal(chk_engine_set_master(e, "vs", true), 0);
	fake_run_until(&w, T0 + EV_SEC(5) + EV_MSEC(500));
	assert_int_equal(w.nstarts, 2);
	assert_int_equal(w.running, 1);
	assert_int_equal(chk_engine_set_master(e, "vs", false), 0);
	/* The hanging probe is cancelled, without a result. */
	assert_int_equal(w.running, 0);
	assert_int_equal(w.cancels, 1);
	fake_run_until(&w, T0 + EV_SEC(20));
	assert_int_equal(w.nstarts, 2);
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);
	assert_int_equal(chk_engine_set_master(e, "nope", true), -1);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* Reload: unchanged real servers keep state, timers and running probes;
 * a changed checker starts afresh; a new quorum takes effect. */
static void
test_reload_keeps_state(void **state)
{
	struct fake_world w;
	struct chk_engine *e;
	struct chk_conf *c;
	char err[256];
	ev_time_t at[8];

	(void)state;
	fake_world_init(&w, T0);
	c = fake_conf(3, EV_SEC(10));
	c->vs[0].knobs.retry = 0;
	fake_fail(&w, "10.0.0.1:80", CHK_R_REFUSED);
	fake_hang(&w, "10.0.0.2:80");
	fake_ok(&w, "10.0.0.3:80");
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(7));
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 1);
	assert_int_equal(w.running, 1); /* 10.0.0.2 hangs, cut at 5 s */
	/* 10.0.0.2's probe is running: it started at 10 * frac(1) = 6.18 s */
	c = fake_conf(3, EV_SEC(10));
	c->vs[0].knobs.retry = 0;
	c->vs[0].quorum = 3;
	c->vs[0].rs[2].checks[0].target.connect_port = 8080;
	assert_int_equal(chk_engine_reload(e, c, err, sizeof(err)), 0);
	/* Nothing flapped; quorum 3 with two up... 10.0.0.1 is down. */
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 1);
	assert_int_equal(fake_count(&w, CHK_EV_RS_UP), 0);
	assert_int_equal(fake_count(&w, CHK_EV_QUORUM_DOWN), 1);
	assert_int_equal(w.running, 1);
	assert_int_equal(w.cancels, 0);
	/* The kept checker keeps its grid: 10.0.0.1 at 10 s, 20 s. */
	fake_run_until(&w, T0 + EV_SEC(21));
	assert_int_equal(fake_starts_of(&w, "10.0.0.1:80", at, 8), 3);
	assert_int_equal(at[1] - T0, EV_SEC(10));
	assert_int_equal(at[2] - T0, EV_SEC(20));
	/* The new checker (port 8080) ran. */
	assert_true(fake_starts_of(&w, "10.0.0.3:8080", at, 8) >= 1);

	/* A broken config is refused and changes nothing. */
	c = fake_conf(1, EV_SEC(10));
	chk_addr_parse(&c->vs[0].rs[0].addr, "10.0.0.1", 0);
	assert_int_equal(chk_engine_reload(e, c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "port"));
	assert_int_equal(chk_engine_conf(e)->vs[0].nrs, 3);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* A real server without a checker is always up; a reload that changes
 * only its weight reaches the table (it was carried over unchanged). */
static void
test_reload_weight_without_checker(void **state)
{
	struct fake_world w;
	struct chk_engine *e;
	struct chk_conf *c;
	char err[256];
	int64_t weight = 0;

	(void)state;
	fake_world_init(&w, T0);
	c = fake_conf(2, EV_SEC(10));
	c->vs[0].rs[1].nchecks = 0;
	c->vs[0].rs[1].weight = 2;
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(1));
	assert_true(chk_engine_rs_dest(e, 0, 1, &weight));
	assert_int_equal(weight, 2);
	c = fake_conf(2, EV_SEC(10));
	c->vs[0].rs[1].nchecks = 0;
	c->vs[0].rs[1].weight = 5;
	assert_int_equal(chk_engine_reload(e, c, err, sizeof(err)), 0);
	assert_true(chk_engine_rs_dest(e, 0, 1, &weight));
	assert_int_equal(weight, 5);
	assert_int_equal(fake_count(&w, CHK_EV_RS_WEIGHT), 1);
	assert_int_equal(fake_count(&w, CHK_EV_RS_DOWN), 0);
	chk_engine_free(e);
	fake_world_fini(&w);
}

/* 1,000 reloads of the same config: no flap, no growth in timers. */
static void
test_many_reloads(void **state)
{
	struct fake_world w;
	struct chk_engine *e;
	size_t timers;
	char err[256];

	(void)state;
	fake_world_init(&w, T0);
	e = fake_engine(&w, fake_conf(20, EV_SEC(1)));
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(3));
	timers = ev_timer_count(w.loop);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(chk_engine_reload(e, fake_conf(20, EV_SEC(1)),
						   err, sizeof(err)),
				 0);
		fake_run_until(&w, w.now + EV_MSEC(10));
	}
	assert_int_equal(ev_timer_count(w.loop), timers);
	assert_int_equal(w.nevents, 0);
	chk_engine_free(e);
	fake_world_fini(&w);
}

static json_object *
path(json_object *o, const char *a, int i, const char *b)
{
	json_object *x = NULL;

	assert_true(json_object_object_get_ex(o, a, &x));
	x = json_object_array_get_idx(x, (size_t)i);
	assert_non_null(x);
	if (b)
		assert_true(json_object_object_get_ex(x, b, &x));
	return x;
}

static void
test_status_json(void **state)
{
	struct fake_world w;
	struct chk_conf *c = fake_conf(1, EV_SEC(1));
	struct chk_engine *e;
	json_object *st, *rs, *v, *chk;

	(void)state;
	c->vs[0].knobs.warmup = 0;
	c->vs[0].knobs.retry = 1;
	fake_world_init(&w, T0);
	fake_fail(&w, "10.0.0.1:80", CHK_R_BAD_STATUS);
	w.targets[0].result.code = 503;
	e = fake_engine(&w, c);
	chk_engine_start(e);
	fake_run_until(&w, T0 + EV_SEC(2));
	st = chk_engine_status(e);
	rs = json_object_array_get_idx(
		path(st, "virtual_servers", 0, "real_servers"), 0);
	assert_true(json_object_object_get_ex(rs, "state", &v));
	assert_string_equal(json_object_get_string(v), "down");
	assert_true(json_object_object_get_ex(rs, "reason", &v));
	assert_string_equal(json_object_get_string(v), "bad-status-503");
	assert_true(json_object_object_get_ex(rs, "after", &v));
	assert_string_equal(json_object_get_string(v), "2/2");
	assert_true(json_object_object_get_ex(rs, "last_change", &v));
	assert_non_null(json_object_get_string(v));
	chk = path(rs, "checks", 0, NULL);
	assert_true(json_object_object_get_ex(chk, "runs", &v));
	assert_true(json_object_get_int(v) >= 2);
	assert_true(json_object_object_get_ex(chk, "failed", &v));
	assert_int_equal(
		json_object_get_int(v),
		json_object_get_int(json_object_object_get(chk, "runs")));
	json_object_put(st);
	chk_engine_free(e);
	fake_world_fini(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quorum_hysteresis),
		cmocka_unit_test(test_inhibit_on_failure),
		cmocka_unit_test(test_dynamic_weight),
		cmocka_unit_test(test_shared_probe),
		cmocka_unit_test(test_ha_suspend),
		cmocka_unit_test(test_reload_keeps_state),
		cmocka_unit_test(test_reload_weight_without_checker),
		cmocka_unit_test(test_many_reloads),
		cmocka_unit_test(test_status_json),
	};

	log_init("check_engine_test", LOG_DAEMON, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
