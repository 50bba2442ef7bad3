/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's runtime objects, shared by engine.c, pool.c and status.c. */
#ifndef VIGIL_CHECK_ENGINE_INT_H
#define VIGIL_CHECK_ENGINE_INT_H

#include "check/engine.h"
#include "check/sched.h"

struct chk_vs;

/* One checker of one real server: links the real server to a (possibly
 * shared) chk_check, and the chk_check to all real servers using it. */
struct chk_slot {
	struct chk_check *check;
	struct chk_rs *rs;
	struct chk_slot *next_sub;
};

struct chk_rs {
	struct chk_vs *vs;
	const struct chk_rs_conf *conf;
	size_t idx;
	char name[CHK_ADDR_STRLEN];
	struct chk_slot *slots;
	size_t nslots;
	bool inhibit;

	bool up;	/* every checker up */
	int64_t weight; /* effective weight */
	bool in_pool;	/* the IPVS table should hold it */
	int64_t pool_weight;
	struct chk_result cause; /* what decided the current state */
	const char *cause_check;
	uint32_t tries, of;
	ev_time_t last_change; /* 0: never changed */
};

struct chk_vs {
	struct chk_engine *eng;
	const struct chk_vs_conf *conf;
	size_t idx;
	struct chk_rs *rs;
	size_t nrs;
	bool master;	/* told by VRRP (ha_suspend) */
	bool suspended; /* ha_suspend and not master */
	bool quorum_up;
	bool sorry_in;
	int64_t weight_sum;
	char sorry_name[CHK_ADDR_STRLEN];
};

/* Distinct checkers by resolved config: open addressing on the hash. */
struct chk_table {
	struct chk_check **slot;
	size_t cap, n;
};

struct chk_engine {
	struct chk_engine_opts o;
	const struct probe_ops *const *probes;
	struct probe_env env;
	struct chk_sched sched;
	struct chk_conf *conf;
	struct chk_vs *vs;
	size_t nvs;
	struct chk_table checks;
	bool started;
};

/* pool.c: real server and virtual server state from checker results. */
void chk_pool_eval_rs(const struct chk_rs *rs, bool *up, int64_t *weight);
/* A checker of rs finished a run; emits events for what changed. */
void chk_pool_result(struct chk_rs *rs, const struct chk_check *c,
		     const struct chk_verdict *v);
/* Re-derive a real server after a reload; events for what changed. */
void chk_pool_refresh_rs(struct chk_rs *rs);
/* Quorum, sorry server and pool membership; events for what changed.
 * `initial`: first evaluation (start-up), quorum starts from the
 * threshold with hysteresis, as keepalived does. */
void chk_pool_update_vs(struct chk_vs *vs, bool initial);
/* The same first evaluation without events (before start). */
void chk_pool_init_vs(struct chk_vs *vs);
void chk_pool_emit(struct chk_engine *e, struct chk_event *ev);

/* status.c */
ev_time_t chk_engine_wallclock(const struct chk_engine *e);

#endif
