/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The health-check engine: virtual servers, their real servers and the
 * checkers of each, run on one ev_loop.
 *
 *   chk_engine_new()     build from a plain config (check/conf.h)
 *   chk_engine_start()   start checking (spread over each delay_loop)
 *   chk_engine_reload()  apply a new config: unchanged checkers keep their
 *                        state, timers and running probes, so unchanged
 *                        real servers do not flap
 *   chk_engine_set_master()  ha_suspend input: the VRRP instance owning a
 *                        virtual server's address is (not) MASTER
 *   chk_engine_status()  json-c snapshot (`vigilctl show checks --json`)
 *   events               through a callback: real server up/down with the
 *                        reason, weight changes, quorum up/down, sorry
 *                        server in/out
 *   chk_engine_rs_dest() what the IPVS table should hold for a real server
 *
 * Identical checkers (same target, same probe, same knobs) used by several
 * real servers, in one virtual server or several, run once.
 *
 * Callbacks must not reload or free the engine.
 */
#ifndef VIGIL_CHECK_ENGINE_H
#define VIGIL_CHECK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/conf.h"
#include "check/probe.h"
#include "core/runtime/event.h"

struct json_object;
struct chk_engine;

enum chk_event_type {
	CHK_EV_RS_UP = 0,
	CHK_EV_RS_DOWN,
	CHK_EV_RS_WEIGHT,   /* effective weight of an up real server changed */
	CHK_EV_QUORUM_UP,   /* run quorum_up */
	CHK_EV_QUORUM_DOWN, /* run quorum_down */
	CHK_EV_SORRY_IN,    /* add the sorry server */
	CHK_EV_SORRY_OUT,   /* remove it */
	/* One checker of a real server went up or down and the real server
	 * stayed as it was (another checker holds it down): keepalived mails
	 * it unless no_checker_emails. */
	CHK_EV_CHECK_UP,
	CHK_EV_CHECK_DOWN,
};

struct chk_event {
	enum chk_event_type type;
	const char *vs;		  /* the virtual server's name */
	size_t vs_idx;		  /* index into the running chk_conf */
	size_t rs_idx;		  /* RS events */
	const char *rs;		  /* RS events: "10.0.0.11:80"; sorry server */
	const char *check;	  /* RS, CHECK: type of the deciding checker */
	struct chk_result reason; /* RS, CHECK: the result that decided */
	bool rs_up;		  /* RS, CHECK: the real server is up */
	uint32_t tries, of;	  /* RS down: failures in a row / retry + 1 */
	int64_t weight;		  /* RS: effective weight now */
	int64_t old_weight;	  /* RS_WEIGHT: before */
	bool in_pool;		  /* RS: should be in the IPVS table */
	int64_t pool_weight;	  /* RS: with this weight */
	int64_t weight_sum;	  /* quorum: live weight */
	int64_t threshold;	  /* quorum: the threshold crossed */
	ev_time_t when;		  /* loop time */
};

typedef void (*chk_event_fn)(const struct chk_event *ev, void *arg);

struct chk_engine_opts {
	struct ev_loop *loop;
	chk_event_fn on_event;
	void *event_arg;
	const struct chk_script_ops *script; /* MISC_CHECK; NULL: none */
	void *script_arg;
	/* Probe types; NULL: chk_probe_registry (tests inject fakes). */
	const struct probe_ops *const *probes;
	/* Wall clock in µs for status times; NULL: CLOCK_REALTIME. */
	ev_time_t (*wallclock)(void *arg);
	void *wallclock_arg;
	bool quiet; /* no transition log lines (benchmarks) */
};

/*
 * Takes ownership of conf (freed on failure too). Returns NULL with a
 * message in err if the config cannot be used.
 */
struct chk_engine *chk_engine_new(const struct chk_engine_opts *o,
				  struct chk_conf *conf, char *err,
				  size_t errlen);
void chk_engine_free(struct chk_engine *e);
/* Emit the start-up quorum/sorry events and start every checker. */
void chk_engine_start(struct chk_engine *e);
/*
 * Apply a new config (ownership taken; freed on failure, and then the
 * running config stays in force untouched). Returns 0, or -1 with err.
 */
int chk_engine_reload(struct chk_engine *e, struct chk_conf *conf, char *err,
		      size_t errlen);
const struct chk_conf *chk_engine_conf(const struct chk_engine *e);

/* ha_suspend: checks of that virtual server run only while master.
 * Returns -1 if no virtual server has that name. */
int chk_engine_set_master(struct chk_engine *e, const char *vs, bool master);

/* What the IPVS table should hold for real server rs_idx of vs_idx (known
 * from chk_engine_new() on, updated with every event):
 * returns true if present, with its weight. */
bool chk_engine_rs_dest(const struct chk_engine *e, size_t vs_idx,
			size_t rs_idx, int64_t *weight);
bool chk_engine_sorry_in(const struct chk_engine *e, size_t vs_idx);
/* Is the real server up (its checkers say so)? Is the quorum up? */
bool chk_engine_rs_up(const struct chk_engine *e, size_t vs_idx, size_t rs_idx);
bool chk_engine_quorum_up(const struct chk_engine *e, size_t vs_idx);
/* The result that decided the real server's state; NULL: no such one. */
const struct chk_result *chk_engine_rs_cause(const struct chk_engine *e,
					     size_t vs_idx, size_t rs_idx);

struct json_object *chk_engine_status(const struct chk_engine *e);

struct chk_engine_stats {
	size_t vs, rs, checks; /* checks: distinct checkers that run */
	size_t rs_checks;      /* checker blocks in the config */
	uint64_t runs, ok, failed, timeouts, running;
	uint64_t late_hist[10];
	ev_time_t late_max;
	uint64_t late_sum;
};
void chk_engine_stats(const struct chk_engine *e, struct chk_engine_stats *s);
/* The same as JSON, with the lateness histogram (status's "stats"). */
struct json_object *chk_engine_stats_json(const struct chk_engine *e);

/* The probe environment (tests, the driver). */
struct probe_env *chk_engine_env(struct chk_engine *e);

#endif
