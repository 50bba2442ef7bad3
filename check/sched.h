/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The scheduler: one place that owns the timing of every checker. Each
 * checker (struct chk_check) runs its probe on a grid of its own phase,
 * origin + k * delay_loop, so checkers are spread over the interval and
 * never all fire at once: the phase is a low-discrepancy fraction of
 * delay_loop (golden-ratio sequence over the checker's creation number),
 * and the first run waits that fraction of `warmup` instead.
 *
 * A checker costs one ev_timer: while idle it is the next run, while a
 * probe runs it is the run's deadline (armed only if the probe did not
 * answer at once). Retries (delay_before_retry after a
 * failure while up) leave the grid and return to it afterwards.
 *
 * The scheduler reads time only through the ev_loop's clock, which tests
 * replace with a fake one; it opens no socket (probes do, behind ops).
 */
#ifndef VIGIL_CHECK_SCHED_H
#define VIGIL_CHECK_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/probe.h"
#include "check/verdict.h"
#include "core/runtime/event.h"

struct chk_check;
struct chk_slot;

/* Called after every finished run (success, failure or deadline). */
typedef void (*chk_result_fn)(struct chk_check *c, const struct chk_verdict *v,
			      const struct chk_result *r, void *arg);

/* Lateness of run starts against their due time, for status and bench. */
#define CHK_LATE_BUCKETS 10
struct chk_sched_stats {
	uint64_t runs, ok, failed, timeouts;
	uint64_t running;		      /* probes running now */
	uint64_t late_hist[CHK_LATE_BUCKETS]; /* see chk_late_bucket_us */
	ev_time_t late_max;
	uint64_t late_sum; /* µs */
};

/* Upper bounds (µs) of the lateness buckets; the last is open-ended. */
extern const ev_time_t chk_late_bucket_us[CHK_LATE_BUCKETS];

struct chk_sched {
	struct ev_loop *loop;
	struct probe_env *env;
	chk_result_fn on_result;
	void *arg;
	uint64_t next_seq; /* creation number of the next checker */
	struct chk_sched_stats stats;
};

enum chk_phase {
	CHK_IDLE = 0, /* timer: next run */
	CHK_RUNNING,  /* timer: deadline of the running probe */
	CHK_PAUSED,   /* no timer (ha_suspend, or not started) */
};

/* Probe durations, start to result (a deadline's included), counted in
 * buckets for a Prometheus histogram: lat[i] counts runs of at most
 * chk_latency_bounds[i] and more than the bound before (not cumulative);
 * the last bucket is above the highest bound. */
#define CHK_LAT_BOUNDS 13
extern const ev_time_t chk_latency_bounds[CHK_LAT_BOUNDS];

struct chk_check_stats {
	uint64_t runs, ok, failed, timeouts;
	uint64_t lat[CHK_LAT_BOUNDS + 1];
	ev_time_t lat_sum;
};

struct chk_check {
	struct chk_sched *sched;
	struct chk_probe_conf conf; /* resolved: every knob set; owned */
	struct probe probe;
	/* Resolved timing. */
	uint32_t retry;
	ev_time_t delay_loop, retry_delay, budget, warmup;

	struct chk_state st;
	enum chk_phase phase;
	struct ev_timer timer;
	uint64_t seq;	   /* creation number: the phase on the grid */
	bool placed;	   /* origin set (first resume done) */
	ev_time_t origin;  /* grid origin */
	ev_time_t due;	   /* when the next / current run was due */
	ev_time_t started; /* start of the current / last run */
	bool kicked;	   /* run again as soon as this run ends */

	struct chk_result last;	  /* last finished run */
	struct chk_result cause;  /* the result behind the current state */
	uint32_t cause_tries;	  /* failures that took it down */
	ev_time_t last_run;	  /* end of the last run; 0 never */
	ev_time_t last_change;	  /* last up/down change; 0 never */
	struct chk_weight weight; /* current weight effect */
	struct chk_check_stats cnt;

	/* Owner's bookkeeping (check/engine.c). */
	uint64_t hash;
	struct chk_slot *subs; /* real servers using this checker */
	size_t nsubs;
	bool mark;
};

void chk_sched_init(struct chk_sched *s, struct ev_loop *loop,
		    struct probe_env *env, chk_result_fn on_result, void *arg);

/*
 * Set up a checker around a resolved config (taken over: *conf is zeroed)
 * and its probe ops. Paused until chk_check_resume(). Returns 0, or -1
 * with a message in err (the probe refused its config).
 */
int chk_check_init(struct chk_check *c, struct chk_sched *s,
		   struct chk_probe_conf *conf, const struct probe_ops *ops,
		   char *err, size_t errlen);
/* Stop any run and timer, release the probe and config. */
void chk_check_fini(struct chk_check *c);

/* Start (or restart after a pause): the first run waits its share of
 * `warmup` when it never ran, else the next point of its grid. */
void chk_check_resume(struct chk_check *c);
/* Pause: a running probe is cancelled without a result. */
void chk_check_pause(struct chk_check *c);
/* Run now (or right after the current run). */
void chk_check_kick(struct chk_check *c);

/* The phase fraction of a creation number, in [0, 1). */
double chk_spread_fraction(uint64_t seq);

#endif
