/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake probe type and a fake clock for driving the check engine event by
 * event: each target has a programmed outcome (a result given at once, or
 * no answer until the deadline), and every start is recorded.
 */
#ifndef VIGIL_TESTS_CHECK_FAKE_H
#define VIGIL_TESTS_CHECK_FAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "check/engine.h"
#include "check/probe.h"
#include "core/runtime/event.h"

#define FAKE_MAX_TARGETS 256
#define FAKE_MAX_STARTS 8192

struct fake_target {
	char name[CHK_ADDR_STRLEN];
	bool hang;		  /* never answer: the deadline decides */
	struct chk_result result; /* answered at once otherwise */
};

struct fake_start {
	ev_time_t at;
	char name[CHK_ADDR_STRLEN];
};

struct fake_world {
	ev_time_t now;
	struct ev_loop *loop;
	struct fake_target targets[FAKE_MAX_TARGETS];
	size_t ntargets;
	struct fake_start starts[FAKE_MAX_STARTS];
	size_t nstarts;
	size_t running, cancels;
	/* events */
	struct chk_event events[1024];
	char ev_names[1024][CHK_ADDR_STRLEN];
	char ev_vs[1024][32];
	size_t nevents;
};

/* The probe table with the fake in TCP_CHECK's place. */
extern const struct probe_ops *const fake_probes[CHK_TYPE_MAX];

void fake_world_init(struct fake_world *w, ev_time_t start);
void fake_world_fini(struct fake_world *w);
struct chk_engine *fake_engine(struct fake_world *w, struct chk_conf *conf);

/* Program a target ("10.0.0.1:80"): ok, fail with reason, or hang. */
void fake_ok(struct fake_world *w, const char *target);
void fake_fail(struct fake_world *w, const char *target, enum chk_reason r);
void fake_hang(struct fake_world *w, const char *target);
void fake_weight(struct fake_world *w, const char *target,
		 enum chk_weight_kind kind, int64_t value);

/* Run the loop until `t` (µs), firing every timer at its own time. */
void fake_run_until(struct fake_world *w, ev_time_t t);
/* Starts of a target, in order; *at gets their times (up to max). */
size_t fake_starts_of(const struct fake_world *w, const char *target,
		      ev_time_t *at, size_t max);
/* The n-th event of a type (0-based), or NULL. */
const struct chk_event *fake_event(const struct fake_world *w,
				   enum chk_event_type type, size_t n);
size_t fake_count(const struct fake_world *w, enum chk_event_type type);

/* A config with one VS "vs" of n real servers 10.0.0.<1..n>:80, each with
 * one TCP_CHECK; knobs set on the VS. */
struct chk_conf *fake_conf(size_t n, ev_time_t delay_loop);

#endif
