// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * From checker results to what the virtual server should look like: a real
 * server is up when every checker of it is up; its weight is the configured
 * one adjusted by dynamic checkers (misc_dynamic, FILE_CHECK dynamic, the
 * agent); the live weight of a virtual server against quorum, with
 * hysteresis, decides quorum up/down and the sorry server; down real
 * servers leave the table, or stay with weight 0 under inhibit_on_failure.
 *
 * The one place that logs transitions and emits events.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check/engine_int.h"
#include "core/runtime/log.h"

static int64_t
clamp_weight(int64_t w)
{
	if (w < 0)
		return 0;
	return w > CHK_WEIGHT_MAX ? CHK_WEIGHT_MAX : w;
}

/* How far a checker's weight effect moves the configured weight. A
 * percentage rounds to nearest, but never to 0 unless it is 0%. */
static int64_t
weight_delta(const struct chk_weight *w, int64_t cfg)
{
	int64_t v;

	switch (w->kind) {
	case CHK_W_ABS:
		return w->value - cfg;
	case CHK_W_PERCENT:
		v = (cfg * w->value + 50) / 100;
		if (v == 0 && cfg > 0 && w->value > 0)
			v = 1;
		return v - cfg;
	case CHK_W_DELTA:
		return w->value;
	default:
		return 0;
	}
}

void
chk_pool_eval_rs(const struct chk_rs *rs, bool *up, int64_t *weight)
{
	int64_t cfg = rs->conf->weight, w = cfg;
	bool all = true;

	for (size_t i = 0; i < rs->nslots; i++) {
		const struct chk_check *c = rs->slots[i].check;

		if (!c->st.up)
			all = false;
		w += weight_delta(&c->weight, cfg);
	}
	*up = all;
	*weight = clamp_weight(w);
}

void
chk_pool_emit(struct chk_engine *e, struct chk_event *ev)
{
	ev->when = ev_now(e->o.loop);
	if (e->o.on_event)
		e->o.on_event(ev, e->o.event_arg);
}

/* detail="..." with quotes and backslashes made harmless. */
static const char *
fmt_detail(const struct chk_result *r, char *buf, size_t len)
{
	char clean[CHK_DETAIL_MAX];
	size_t n = 0;

	if (!r->detail[0]) {
		buf[0] = '\0';
		return buf;
	}
	for (const char *p = r->detail; *p && n + 1 < sizeof(clean); p++)
		clean[n++] = (*p == '"' || *p == '\\') ? '\'' : *p;
	clean[n] = '\0';
	snprintf(buf, len, " detail=\"%s\"", clean);
	return buf;
}

static void
log_rs_state(const struct chk_rs *rs)
{
	char why[48], det[CHK_DETAIL_MAX + 16], after[32] = "";

	if (rs->vs->eng->o.quiet)
		return;
	chk_reason_fmt(&rs->cause, why, sizeof(why));
	fmt_detail(&rs->cause, det, sizeof(det));
	if (!rs->up && rs->tries)
		snprintf(after, sizeof(after), " after=%u/%u", rs->tries,
			 rs->of);
	log_info("vs=\"%s\" rs=%s state=%s reason=%s%s check=%s weight=%lld%s",
		 rs->vs->conf->name, rs->name, rs->up ? "up" : "down", why,
		 after, rs->cause_check ? rs->cause_check : "-",
		 (long long)rs->weight, det);
}

/* A real server's event as it stands (RS_*, CHECK_*). */
static void
rs_event_fill(const struct chk_rs *rs, enum chk_event_type type,
	      struct chk_event *ev)
{
	*ev = (struct chk_event){
		.type = type,
		.vs = rs->vs->conf->name,
		.vs_idx = rs->vs->idx,
		.rs_idx = rs->idx,
		.rs = rs->name,
		.check = rs->cause_check,
		.reason = rs->cause,
		.tries = rs->tries,
		.of = rs->of,
		.rs_up = rs->up,
		.weight = rs->weight,
		.old_weight = rs->weight,
		.in_pool = rs->in_pool,
		.pool_weight = rs->pool_weight,
	};
}

static void
rs_event(struct chk_rs *rs, enum chk_event_type type, int64_t old_weight)
{
	struct chk_event ev;

	rs_event_fill(rs, type, &ev);
	ev.old_weight = old_weight;
	chk_pool_emit(rs->vs->eng, &ev);
}

static void
vs_event(struct chk_vs *vs, enum chk_event_type type, int64_t threshold)
{
	struct chk_event ev = {
		.type = type,
		.vs = vs->conf->name,
		.vs_idx = vs->idx,
		.rs = vs->sorry_name,
		.weight_sum = vs->weight_sum,
		.threshold = threshold,
	};

	chk_pool_emit(vs->eng, &ev);
}

static void
set_pool(struct chk_vs *vs)
{
	for (size_t i = 0; i < vs->nrs; i++) {
		struct chk_rs *rs = &vs->rs[i];

		if (rs->up) {
			rs->in_pool = !vs->sorry_in;
			rs->pool_weight = rs->in_pool ? rs->weight : 0;
		} else {
			rs->in_pool = rs->inhibit;
			rs->pool_weight = 0;
		}
	}
}

/* keepalived's quorum: gained at quorum + hysteresis, lost below quorum -
 * hysteresis. Returns the threshold crossed, or -1 if nothing changed. */
static int64_t
eval_quorum(struct chk_vs *vs, bool initial)
{
	const struct chk_vs_conf *vc = vs->conf;
	int64_t sum = 0, up_at = vc->quorum + vc->hysteresis,
		down_at = vc->quorum - vc->hysteresis;

	for (size_t i = 0; i < vs->nrs; i++)
		if (vs->rs[i].up)
			sum += vs->rs[i].weight;
	vs->weight_sum = sum;
	if (initial) {
		vs->quorum_up = sum >= up_at;
		return vs->quorum_up ? -1 : up_at;
	}
	if (vs->quorum_up && sum < down_at) {
		vs->quorum_up = false;
		return down_at;
	}
	if (!vs->quorum_up && sum >= up_at) {
		vs->quorum_up = true;
		return up_at;
	}
	return -1;
}

static void
log_quorum(const struct chk_vs *vs, int64_t threshold)
{
	if (vs->eng->o.quiet)
		return;
	log_info("vs=\"%s\" quorum=%s weight_sum=%lld threshold=%lld",
		 vs->conf->name, vs->quorum_up ? "up" : "down",
		 (long long)vs->weight_sum, (long long)threshold);
}

static void
log_sorry(const struct chk_vs *vs)
{
	if (vs->eng->o.quiet)
		return;
	log_info("vs=\"%s\" sorry_server=%s state=%s", vs->conf->name,
		 vs->sorry_name, vs->sorry_in ? "in" : "out");
}

/*
 * Re-derive quorum and the sorry server, then pool membership; `first` is
 * the real server event that triggered this (emitted first, with its final
 * pool membership), or NULL.
 */
static void
update_vs(struct chk_vs *vs, bool initial, struct chk_rs *first,
	  enum chk_event_type type, int64_t old_weight)
{
	bool was_sorry = vs->sorry_in, was_quorum = vs->quorum_up;
	int64_t threshold = eval_quorum(vs, initial);

	vs->sorry_in = vs->conf->has_sorry && !vs->quorum_up;
	set_pool(vs);
	if (first)
		rs_event(first, type, old_weight);
	if (threshold >= 0 && (initial || was_quorum != vs->quorum_up)) {
		log_quorum(vs, threshold);
		vs_event(vs,
			 vs->quorum_up ? CHK_EV_QUORUM_UP : CHK_EV_QUORUM_DOWN,
			 threshold);
	}
	if (vs->sorry_in != was_sorry || (initial && vs->sorry_in)) {
		log_sorry(vs);
		vs_event(vs, vs->sorry_in ? CHK_EV_SORRY_IN : CHK_EV_SORRY_OUT,
			 threshold);
	}
}

void
chk_pool_init_vs(struct chk_vs *vs)
{
	eval_quorum(vs, true);
	vs->sorry_in = vs->conf->has_sorry && !vs->quorum_up;
	set_pool(vs);
}

void
chk_pool_update_vs(struct chk_vs *vs, bool initial)
{
	update_vs(vs, initial, NULL, CHK_EV_RS_UP, 0);
}

static void
log_soft_failure(const struct chk_rs *rs, const struct chk_check *c,
		 const struct chk_verdict *v)
{
	char why[48], det[CHK_DETAIL_MAX + 16];
	bool all = c->conf.knobs.log_all_failures == 1;

	if (rs->vs->eng->o.quiet || (!all && !log_debug_on(LOG_SUB_CHECK)))
		return;
	chk_reason_fmt(&c->last, why, sizeof(why));
	fmt_detail(&c->last, det, sizeof(det));
	vlog(all ? LOG_INFO : LOG_DEBUG,
	     "vs=\"%s\" rs=%s check=%s failure=%s try=%u/%u%s",
	     rs->vs->conf->name, rs->name, chk_type_name(c->conf.type), why,
	     v->tries, v->of, det);
}

/* The state changed: record why, from the checker that decided. */
static void
set_cause(struct chk_rs *rs, const struct chk_check *c, uint32_t of)
{
	rs->cause = c->cause;
	rs->cause_check = chk_type_name(c->conf.type);
	rs->tries = c->cause_tries;
	rs->of = of;
	rs->last_change = ev_now(rs->vs->eng->o.loop);
}

/* c: the check that decided; NULL for a real server without checker,
 * which is always up (only its weight can change). */
static void
apply(struct chk_rs *rs, bool up, int64_t weight, const struct chk_check *c,
      uint32_t of)
{
	int64_t old = rs->weight;

	if (up != rs->up) {
		rs->up = up;
		rs->weight = weight;
		set_cause(rs, c, of);
		log_rs_state(rs);
		update_vs(rs->vs, false, rs, up ? CHK_EV_RS_UP : CHK_EV_RS_DOWN,
			  old);
	} else if (weight != old) {
		rs->weight = weight;
		if (!rs->vs->eng->o.quiet && up)
			log_info(
				"vs=\"%s\" rs=%s weight=%lld was=%lld check=%s",
				rs->vs->conf->name, rs->name, (long long)weight,
				(long long)old,
				c ? chk_type_name(c->conf.type) : "none");
		update_vs(rs->vs, false, up ? rs : NULL, CHK_EV_RS_WEIGHT, old);
	}
}

/* A checker changed state, its real server did not (CHK_EV_CHECK_*). */
static void
check_event(struct chk_rs *rs, const struct chk_check *c, bool up)
{
	struct chk_event ev;

	rs_event_fill(rs, up ? CHK_EV_CHECK_UP : CHK_EV_CHECK_DOWN, &ev);
	ev.check = chk_type_name(c->conf.type);
	ev.reason = c->cause;
	ev.tries = c->cause_tries;
	chk_pool_emit(rs->vs->eng, &ev);
}

void
chk_pool_result(struct chk_rs *rs, const struct chk_check *c,
		const struct chk_verdict *v)
{
	bool up, was = rs->up;
	int64_t weight;

	if (v->soft_fail)
		log_soft_failure(rs, c, v);
	chk_pool_eval_rs(rs, &up, &weight);
	apply(rs, up, weight, c, v->of);
	if (v->t != CHK_T_NONE && rs->up == was)
		check_event(rs, c, v->t == CHK_T_UP);
}

void
chk_pool_refresh_rs(struct chk_rs *rs)
{
	const struct chk_check *decider = NULL;
	bool up;
	int64_t weight;

	chk_pool_eval_rs(rs, &up, &weight);
	for (size_t i = 0; i < rs->nslots && !decider; i++)
		if (rs->slots[i].check->st.up == up)
			decider = rs->slots[i].check;
	/* No checker (no decider): always up, so only a reload can change
	 * it, and only its weight. */
	apply(rs, up, weight, decider, decider ? decider->retry + 1 : 0);
}
