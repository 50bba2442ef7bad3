// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The engine: builds virtual servers, real servers and distinct checkers
 * from a config, and rebuilds them on reload while keeping every checker
 * whose resolved config did not change (with its state, timer and running
 * probe). See engine.h.
 *
 * A (re)build has two passes. The first resolves and validates every
 * checker and allocates everything the new config needs, looking at the
 * running state without touching it, so a failure leaves the running
 * config in force. The second cannot fail: it links real servers to
 * checkers, frees checkers nobody uses any more, carries real-server and
 * virtual-server state over, and swaps the new runtime in.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/engine_int.h"
#include "check/resolve.h"
#include "core/runtime/log.h"

/* ---- the table of distinct checkers ---- */

static int
table_init(struct chk_table *t, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 1)
		cap *= 2;
	t->slot = calloc(cap, sizeof(*t->slot));
	t->cap = t->slot ? cap : 0;
	t->n = 0;
	return t->slot ? 0 : -1;
}

static struct chk_check *
table_find(const struct chk_table *t, uint64_t hash,
	   const struct chk_probe_conf *conf)
{
	if (!t->cap)
		return NULL;
	for (size_t i = hash & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct chk_check *c = t->slot[i];

		if (!c)
			return NULL;
		if (c->hash == hash &&
		    chk_probe_conf_equal(c->probe.ops, &c->conf, conf))
			return c;
	}
}

/* The table is sized for every checker of the config: never full. */
static void
table_put(struct chk_table *t, struct chk_check *c)
{
	size_t i = c->hash & (t->cap - 1);

	while (t->slot[i])
		i = (i + 1) & (t->cap - 1);
	t->slot[i] = c;
	t->n++;
}

#define TABLE_FOREACH(t, c)                                                    \
	for (size_t i_##c = 0; i_##c < (t)->cap; i_##c++)                      \
		if (((c) = (t)->slot[i_##c]) != NULL)

/* ---- building ---- */

struct build {
	struct chk_engine *e;
	struct chk_conf *conf;
	struct chk_vs *vs;
	size_t nvs;
	struct chk_table table;
	struct chk_check **fresh; /* created by this build */
	size_t nfresh;
	bool *had; /* per new VS: it existed before (state carried) */
	char *err;
	size_t errlen;
};

static void
free_runtime(struct chk_vs *vs, size_t nvs)
{
	for (size_t v = 0; v < nvs; v++) {
		for (size_t r = 0; r < vs[v].nrs; r++)
			free(vs[v].rs[r].slots);
		free(vs[v].rs);
	}
	free(vs);
}

static void
free_check(struct chk_check *c)
{
	chk_check_fini(c);
	free(c);
}

static void
build_abort(struct build *b)
{
	for (size_t i = 0; i < b->nfresh; i++)
		free_check(b->fresh[i]);
	free(b->fresh);
	free(b->had);
	free(b->table.slot);
	free_runtime(b->vs, b->nvs);
}

static size_t
count_checks(const struct chk_conf *conf)
{
	size_t n = 0;

	for (size_t v = 0; v < conf->nvs; v++)
		for (size_t r = 0; r < conf->vs[v].nrs; r++)
			n += conf->vs[v].rs[r].nchecks;
	return n;
}

static struct chk_check *
new_check(struct build *b, struct chk_probe_conf *resolved,
	  const struct probe_ops *ops, uint64_t hash)
{
	struct chk_check *c = malloc(sizeof(*c));

	if (!c) {
		chk_probe_conf_release(ops, resolved);
		snprintf(b->err, b->errlen, "out of memory");
		return NULL;
	}
	if (chk_check_init(c, &b->e->sched, resolved, ops, b->err, b->errlen) <
	    0) {
		free(c);
		return NULL;
	}
	c->hash = hash;
	b->fresh[b->nfresh++] = c;
	table_put(&b->table, c);
	return c;
}

/* The checker for one checker block: shared within the new config, kept
 * from the running one, or new. */
static struct chk_check *
find_check(struct build *b, const struct chk_vs_conf *vc,
	   const struct chk_rs_conf *rc, const struct chk_probe_conf *pc)
{
	const struct probe_ops *ops = b->e->probes[pc->type];
	struct chk_probe_conf res;
	struct chk_check *c;
	uint64_t hash;

	if (!ops) {
		snprintf(b->err, b->errlen, "%s is not supported",
			 chk_type_name(pc->type));
		return NULL;
	}
	if (chk_probe_resolve(vc, rc, pc, ops, &res, b->err, b->errlen) < 0)
		return NULL;
	if (ops->validate && ops->validate(&res, b->err, b->errlen) < 0) {
		chk_probe_conf_release(ops, &res);
		return NULL;
	}
	hash = chk_probe_conf_hash(ops, &res);
	c = table_find(&b->table, hash, &res);
	if (!c && (c = table_find(&b->e->checks, hash, &res)) != NULL)
		table_put(&b->table, c);
	if (c) {
		chk_probe_conf_release(ops, &res);
		return c;
	}
	return new_check(b, &res, ops, hash);
}

static int
build_rs(struct build *b, struct chk_vs *vs, size_t r)
{
	const struct chk_rs_conf *rc = &vs->conf->rs[r];
	struct chk_rs *rs = &vs->rs[r];
	char where[160], a[CHK_ADDR_STRLEN];

	rs->vs = vs;
	rs->conf = rc;
	rs->idx = r;
	chk_addr_fmt(&rc->addr, rs->name, sizeof(rs->name));
	rs->inhibit = chk_rs_inhibit(vs->conf, rc);
	if (rc->nchecks &&
	    !(rs->slots = calloc(rc->nchecks, sizeof(*rs->slots)))) {
		snprintf(b->err, b->errlen, "out of memory");
		return -1;
	}
	rs->nslots = rc->nchecks;
	for (size_t i = 0; i < rc->nchecks; i++) {
		rs->slots[i].rs = rs;
		rs->slots[i].check =
			find_check(b, vs->conf, rc, &rc->checks[i]);
		if (!rs->slots[i].check) {
			snprintf(where, sizeof(where), "%s", b->err);
			snprintf(b->err, b->errlen, "vs %s rs %s: %s",
				 vs->conf->name,
				 chk_addr_fmt(&rc->addr, a, sizeof(a)), where);
			return -1;
		}
	}
	return 0;
}

static int
build(struct build *b)
{
	size_t n = count_checks(b->conf);

	if (table_init(&b->table, n) < 0 ||
	    !(b->fresh = calloc(n + 1, sizeof(*b->fresh))) ||
	    !(b->had = calloc(b->conf->nvs + 1, sizeof(*b->had))) ||
	    !(b->vs = calloc(b->conf->nvs + 1, sizeof(*b->vs))))
		goto oom;
	b->nvs = b->conf->nvs;
	for (size_t v = 0; v < b->nvs; v++) {
		struct chk_vs *vs = &b->vs[v];

		vs->eng = b->e;
		vs->conf = &b->conf->vs[v];
		vs->idx = v;
		if (vs->conf->has_sorry)
			chk_addr_fmt(&vs->conf->sorry, vs->sorry_name,
				     sizeof(vs->sorry_name));
		vs->nrs = vs->conf->nrs;
		if (vs->nrs && !(vs->rs = calloc(vs->nrs, sizeof(*vs->rs))))
			goto oom;
		for (size_t r = 0; r < vs->nrs; r++)
			if (build_rs(b, vs, r) < 0)
				return -1;
	}
	return 0;
oom:
	snprintf(b->err, b->errlen, "out of memory");
	return -1;
}

/* ---- committing ---- */

static struct chk_vs *
old_vs(struct chk_engine *e, const char *name)
{
	for (size_t v = 0; v < e->nvs; v++)
		if (!strcmp(e->vs[v].conf->name, name))
			return &e->vs[v];
	return NULL;
}

static struct chk_rs *
old_rs(struct chk_vs *ovs, const struct chk_rs *rs)
{
	if (!ovs)
		return NULL;
	if (rs->idx < ovs->nrs &&
	    chk_addr_equal(&ovs->rs[rs->idx].conf->addr, &rs->conf->addr, true))
		return &ovs->rs[rs->idx];
	for (size_t r = 0; r < ovs->nrs; r++)
		if (chk_addr_equal(&ovs->rs[r].conf->addr, &rs->conf->addr,
				   true))
			return &ovs->rs[r];
	return NULL;
}

static void
carry_rs(struct chk_rs *rs, const struct chk_rs *old)
{
	if (old) {
		rs->up = old->up;
		rs->weight = old->weight;
		rs->in_pool = old->in_pool;
		rs->pool_weight = old->pool_weight;
		rs->cause = old->cause;
		rs->cause_check = old->cause_check;
		rs->tries = old->tries;
		rs->of = old->of;
		rs->last_change = old->last_change;
		return;
	}
	chk_pool_eval_rs(rs, &rs->up, &rs->weight);
	chk_result_set(&rs->cause, rs->up ? CHK_R_OK : CHK_R_ALPHA, 0);
}

static void
carry_state(struct chk_engine *e, struct build *b, bool *had)
{
	for (size_t v = 0; v < b->nvs; v++) {
		struct chk_vs *vs = &b->vs[v], *ovs = old_vs(e, vs->conf->name);

		had[v] = ovs != NULL;
		if (ovs) {
			vs->master = ovs->master;
			vs->quorum_up = ovs->quorum_up;
			vs->sorry_in = ovs->sorry_in && vs->conf->has_sorry;
			vs->weight_sum = ovs->weight_sum;
		}
		vs->suspended = vs->conf->ha_suspend && !vs->master;
		for (size_t r = 0; r < vs->nrs; r++)
			carry_rs(&vs->rs[r], old_rs(ovs, &vs->rs[r]));
	}
}

static void
link_checks(struct build *b)
{
	struct chk_check *c;

	TABLE_FOREACH(&b->table, c)
	{
		c->subs = NULL;
		c->nsubs = 0;
		c->mark = true;
	}
	for (size_t v = 0; v < b->nvs; v++) {
		for (size_t r = 0; r < b->vs[v].nrs; r++) {
			struct chk_rs *rs = &b->vs[v].rs[r];

			for (size_t i = 0; i < rs->nslots; i++) {
				struct chk_slot *s = &rs->slots[i];

				s->next_sub = s->check->subs;
				s->check->subs = s;
				s->check->nsubs++;
			}
		}
	}
}

/* Run a checker while any virtual server using it is not suspended. */
static void
set_activity(struct chk_check *c)
{
	bool active = false;

	for (struct chk_slot *s = c->subs; s && !active; s = s->next_sub)
		active = !s->rs->vs->suspended;
	if (active)
		chk_check_resume(c);
	else
		chk_check_pause(c);
}

static void
announce(struct chk_engine *e, const bool *had)
{
	struct chk_check *c;

	for (size_t v = 0; v < e->nvs; v++) {
		struct chk_vs *vs = &e->vs[v];

		if (!had[v]) {
			chk_pool_update_vs(vs, true);
			continue;
		}
		for (size_t r = 0; r < vs->nrs; r++)
			chk_pool_refresh_rs(&vs->rs[r]);
		chk_pool_update_vs(vs, false);
	}
	TABLE_FOREACH(&e->checks, c)
	set_activity(c);
}

static void
commit(struct chk_engine *e, struct build *b)
{
	struct chk_check *c;

	TABLE_FOREACH(&e->checks, c)
	c->mark = false;
	link_checks(b);
	TABLE_FOREACH(&e->checks, c)
	{
		if (!c->mark)
			free_check(c);
	}
	carry_state(e, b, b->had);
	free(e->checks.slot);
	free_runtime(e->vs, e->nvs);
	chk_conf_free(e->conf);
	free(b->fresh);
	e->checks = b->table;
	e->vs = b->vs;
	e->nvs = b->nvs;
	e->conf = b->conf;
	e->env.ssl = &e->conf->ssl;
	if (e->started) {
		announce(e, b->had);
	} else {
		/* What the table should hold is known before the start. */
		for (size_t v = 0; v < e->nvs; v++)
			chk_pool_init_vs(&e->vs[v]);
	}
	free(b->had);
}

static int
apply_conf(struct chk_engine *e, struct chk_conf *conf, char *err,
	   size_t errlen)
{
	struct build b = {.e = e, .conf = conf, .err = err, .errlen = errlen};

	if (chk_conf_validate(conf, err, errlen) < 0)
		goto fail;
	if (build(&b) < 0) {
		build_abort(&b);
		goto fail;
	}
	commit(e, &b);
	return 0;
fail:
	chk_conf_free(conf);
	return -1;
}

/* ---- the API ---- */

static void
on_result(struct chk_check *c, const struct chk_verdict *v,
	  const struct chk_result *r, void *arg)
{
	(void)r;
	(void)arg;
	for (struct chk_slot *s = c->subs; s; s = s->next_sub)
		chk_pool_result(s->rs, c, v);
}

struct chk_engine *
chk_engine_new(const struct chk_engine_opts *o, struct chk_conf *conf,
	       char *err, size_t errlen)
{
	struct chk_engine *e = calloc(1, sizeof(*e));

	if (!e) {
		snprintf(err, errlen, "out of memory");
		chk_conf_free(conf);
		return NULL;
	}
	e->o = *o;
	e->probes = o->probes ? o->probes : chk_probe_registry;
	e->env.loop = o->loop;
	e->env.script = o->script;
	e->env.script_arg = o->script_arg;
	e->env.rng = ev_monotonic() ^ ((uint64_t)getpid() << 32);
	if (gethostname(e->env.hostname, sizeof(e->env.hostname) - 1) < 0)
		snprintf(e->env.hostname, sizeof(e->env.hostname), "vigil");
	chk_sched_init(&e->sched, o->loop, &e->env, on_result, e);
	if (apply_conf(e, conf, err, errlen) < 0) {
		free(e);
		return NULL;
	}
	return e;
}

void
chk_engine_start(struct chk_engine *e)
{
	struct chk_check *c;

	if (e->started)
		return;
	e->started = true;
	for (size_t v = 0; v < e->nvs; v++)
		chk_pool_update_vs(&e->vs[v], true);
	TABLE_FOREACH(&e->checks, c)
	set_activity(c);
}

int
chk_engine_reload(struct chk_engine *e, struct chk_conf *conf, char *err,
		  size_t errlen)
{
	return apply_conf(e, conf, err, errlen);
}

void
chk_engine_free(struct chk_engine *e)
{
	struct chk_check *c;

	if (!e)
		return;
	TABLE_FOREACH(&e->checks, c)
	free_check(c);
	free(e->checks.slot);
	free_runtime(e->vs, e->nvs);
	for (int t = 0; t < CHK_TYPE_MAX; t++)
		if (e->probes[t] && e->probes[t]->shared_free)
			e->probes[t]->shared_free(&e->env);
	chk_conf_free(e->conf);
	free(e);
}

const struct chk_conf *
chk_engine_conf(const struct chk_engine *e)
{
	return e->conf;
}

int
chk_engine_set_master(struct chk_engine *e, const char *name, bool master)
{
	struct chk_vs *vs = old_vs(e, name);

	if (!vs) {
		errno = ENOENT;
		return -1;
	}
	if (vs->master == master)
		return 0;
	vs->master = master;
	vs->suspended = vs->conf->ha_suspend && !master;
	if (!e->started)
		return 0;
	for (size_t r = 0; r < vs->nrs; r++)
		for (size_t i = 0; i < vs->rs[r].nslots; i++)
			set_activity(vs->rs[r].slots[i].check);
	return 0;
}

bool
chk_engine_rs_dest(const struct chk_engine *e, size_t vs_idx, size_t rs_idx,
		   int64_t *weight)
{
	const struct chk_rs *rs;

	if (vs_idx >= e->nvs || rs_idx >= e->vs[vs_idx].nrs)
		return false;
	rs = &e->vs[vs_idx].rs[rs_idx];
	if (weight)
		*weight = rs->pool_weight;
	return rs->in_pool;
}

bool
chk_engine_sorry_in(const struct chk_engine *e, size_t vs_idx)
{
	return vs_idx < e->nvs && e->vs[vs_idx].sorry_in;
}

bool
chk_engine_rs_up(const struct chk_engine *e, size_t vs_idx, size_t rs_idx)
{
	return vs_idx < e->nvs && rs_idx < e->vs[vs_idx].nrs &&
	       e->vs[vs_idx].rs[rs_idx].up;
}

const struct chk_result *
chk_engine_rs_cause(const struct chk_engine *e, size_t vs_idx, size_t rs_idx)
{
	if (vs_idx >= e->nvs || rs_idx >= e->vs[vs_idx].nrs)
		return NULL;
	return &e->vs[vs_idx].rs[rs_idx].cause;
}

bool
chk_engine_quorum_up(const struct chk_engine *e, size_t vs_idx)
{
	return vs_idx < e->nvs && e->vs[vs_idx].quorum_up;
}

void
chk_engine_stats(const struct chk_engine *e, struct chk_engine_stats *s)
{
	const struct chk_sched_stats *st = &e->sched.stats;

	memset(s, 0, sizeof(*s));
	s->vs = e->nvs;
	s->checks = e->checks.n;
	for (size_t v = 0; v < e->nvs; v++) {
		s->rs += e->vs[v].nrs;
		for (size_t r = 0; r < e->vs[v].nrs; r++)
			s->rs_checks += e->vs[v].rs[r].nslots;
	}
	s->runs = st->runs;
	s->ok = st->ok;
	s->failed = st->failed;
	s->timeouts = st->timeouts;
	s->running = st->running;
	memcpy(s->late_hist, st->late_hist, sizeof(s->late_hist));
	s->late_max = st->late_max;
	s->late_sum = st->late_sum;
}

struct probe_env *
chk_engine_env(struct chk_engine *e)
{
	return &e->env;
}

ev_time_t
chk_engine_wallclock(const struct chk_engine *e)
{
	struct timespec ts;

	if (e->o.wallclock)
		return e->o.wallclock(e->o.wallclock_arg);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (ev_time_t)ts.tv_sec * 1000000ULL + (ev_time_t)ts.tv_nsec / 1000;
}
