// SPDX-License-Identifier: GPL-2.0-or-later
/* The converger; see conv.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs/conv.h"
#include "ipvs/read.h"

#define RETRY_MIN_US 1000000ull
#define RETRY_MAX_US 60000000ull

struct op_ctx {
	struct ipvs_conv *c;
	size_t i;
};

struct ipvs_conv {
	struct ipvs_nl *nl;
	struct ipvs_conv_opts o;
	char *state_path;
	ipvs_pass_cb cb;
	void *arg;

	struct ipvs_table want, next_want;
	bool has_next, dirty;
	struct ipvs_table view, reading;
	bool view_valid;

	struct ipvs_keyset owned;
	bool disk_stale; /* the file is behind: write it whole next time */
	bool compact;	 /* write it whole after the next read */
	size_t journal;	 /* lines appended since the last whole write */
	int state_err;
	size_t bad_lines, first_bad;

	bool busy;
	uint64_t now;
	struct ipvs_plan plan;
	int *errs;
	struct op_ctx *ctxs;
	size_t outstanding;
	int phase;
	unsigned attempts;
	uint64_t retry_at;
};

struct ipvs_conv *
ipvs_conv_new(struct ipvs_nl *nl, const struct ipvs_conv_opts *o,
	      ipvs_pass_cb cb, void *arg)
{
	struct ipvs_conv *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->nl = nl;
	c->o = *o;
	c->cb = cb;
	c->arg = arg;
	if (!c->o.retry_min_us)
		c->o.retry_min_us = RETRY_MIN_US;
	if (!c->o.retry_max_us)
		c->o.retry_max_us = RETRY_MAX_US;
	if (o->state_path && !(c->state_path = strdup(o->state_path))) {
		free(c);
		return NULL;
	}
	c->o.state_path = c->state_path;
	if (c->state_path && ipvs_keyset_load(&c->owned, c->state_path,
					      &c->bad_lines, &c->first_bad) < 0)
		c->state_err = errno;
	/* the file may hold a journal of changes: fold it after the read */
	c->compact = true;
	return c;
}

void
ipvs_conv_free(struct ipvs_conv *c)
{
	if (!c)
		return;
	ipvs_table_free(&c->want);
	ipvs_table_free(&c->next_want);
	ipvs_table_free(&c->view);
	ipvs_table_free(&c->reading);
	ipvs_keyset_free(&c->owned);
	ipvs_plan_free(&c->plan);
	free(c->errs);
	free(c->ctxs);
	free(c->state_path);
	free(c);
}

int
ipvs_conv_set(struct ipvs_conv *c, struct ipvs_table *want,
	      char dup[IPVS_OP_STRLEN])
{
	const struct ipvs_service *ds = NULL;
	const struct ipvs_dest *dd = NULL;

	if (ipvs_table_sort(want, &ds, &dd) < 0) {
		if (dup && ds) {
			struct ipvs_op op = {.kind = dd ? IPVS_OP_DEST_ADD
							: IPVS_OP_SVC_ADD,
					     .svc = ds,
					     .dest = dd};

			ipvs_op_str(&op, dup, IPVS_OP_STRLEN);
		}
		errno = EEXIST;
		return -1;
	}
	if (c->busy) {
		ipvs_table_free(&c->next_want);
		c->next_want = *want;
		c->has_next = true;
	} else {
		ipvs_table_free(&c->want);
		c->want = *want;
	}
	ipvs_table_init(want);
	c->dirty = true;
	return 0;
}

void
ipvs_conv_invalidate(struct ipvs_conv *c)
{
	c->view_valid = false;
}

bool
ipvs_conv_busy(const struct ipvs_conv *c)
{
	return c->busy;
}

uint64_t
ipvs_conv_next_due(const struct ipvs_conv *c)
{
	if (c->busy)
		return UINT64_MAX;
	if (c->dirty)
		return 0;
	return c->retry_at ? c->retry_at : UINT64_MAX;
}

const struct ipvs_table *
ipvs_conv_view(const struct ipvs_conv *c)
{
	return &c->view;
}

const struct ipvs_keyset *
ipvs_conv_owned(const struct ipvs_conv *c)
{
	return &c->owned;
}

/* Write the ownership file whole (it then holds no journal). */
static void
save_state(struct ipvs_conv *c)
{
	if (!c->state_path)
		return;
	c->disk_stale = ipvs_keyset_save(&c->owned, c->state_path) < 0;
	c->state_err = c->disk_stale ? errno : 0;
	if (!c->disk_stale)
		c->journal = 0;
}

/* Record a change of ownership: n keys claimed or released. Appended
 * (costs the change), unless the file is behind already. */
static void
journal_state(struct ipvs_conv *c, const struct ipvs_ekey *keys, size_t n,
	      bool released)
{
	if (!c->state_path || !n)
		return;
	if (c->disk_stale) {
		save_state(c);
		return;
	}
	if (ipvs_keyset_append(c->state_path, keys, n, released) < 0) {
		c->disk_stale = true;
		c->state_err = errno;
		return;
	}
	c->state_err = 0;
	c->journal += n;
}

/* Apply claims or releases to the set and record those that changed it
 * (keys is reused for them). */
static void
move_ownership(struct ipvs_conv *c, struct ipvs_ekey *keys, size_t n,
	       bool released)
{
	size_t changed = 0;

	for (size_t i = 0; i < n; i++) {
		int r = released ? ipvs_keyset_del(&c->owned, &keys[i])
				 : ipvs_keyset_add(&c->owned, &keys[i]);

		if (r > 0)
			keys[changed++] = keys[i];
		else if (r < 0)
			c->state_err = ENOMEM;
	}
	journal_state(c, keys, changed, released);
}

static void
schedule_retry(struct ipvs_conv *c, bool failed)
{
	uint64_t delay = c->o.retry_min_us;

	if (!failed) {
		c->attempts = 0;
		c->retry_at = 0;
		return;
	}
	for (unsigned i = 0; i < c->attempts && delay < c->o.retry_max_us; i++)
		delay *= 2;
	if (delay > c->o.retry_max_us)
		delay = c->o.retry_max_us;
	c->attempts++;
	c->retry_at = c->now + delay;
}

static void
report(struct ipvs_conv *c, int error)
{
	struct ipvs_pass p = {
		.error = error,
		.state_err = c->state_err,
		.state_bad_lines = c->bad_lines,
		.state_first_bad = c->first_bad,
		.plan = &c->plan,
		.errs = c->errs,
	};

	for (size_t i = 0; c->errs && i < c->plan.n; i++) {
		if (c->errs[i] == 0)
			p.applied++;
		else if (c->errs[i] == IPVS_ERR_SKIPPED)
			p.skipped++;
		else
			p.failed++;
	}
	schedule_retry(c, error || p.failed || p.skipped);
	p.retry_at = c->retry_at;
	c->bad_lines = c->first_bad = 0;
	if (c->cb)
		c->cb(c->arg, &p);
}

/* The kernel after a clean pass is known without reading it: patched in
 * place when the plan is small next to it, else rebuilt from want. */
static void
update_view(struct ipvs_conv *c)
{
	size_t entries = c->view.n + ipvs_table_count_dests(&c->view);
	struct ipvs_table after;

	if (c->plan.n * 4 <= entries) {
		if (ipvs_table_patch(&c->view, &c->plan) < 0)
			c->view_valid = false;
		return;
	}
	if (ipvs_table_after(&c->want, &c->view, &c->plan, &after) < 0) {
		c->view_valid = false;
		return;
	}
	ipvs_table_free(&c->view);
	c->view = after;
}

/*
 * The end of a pass. What was deleted is no longer owned; the report is
 * made while the plan's pointers into the view are good; then the view
 * follows the kernel (or, after a failure, is read again next time).
 */
static void
end_pass(struct ipvs_conv *c, int error)
{
	bool clean = !error;
	struct ipvs_ekey *rel;
	size_t nrel;

	for (size_t i = 0; clean && c->errs && i < c->plan.n; i++)
		clean = c->errs[i] == 0;
	if (c->plan.n &&
	    ipvs_plan_releases(&c->plan, c->errs, &rel, &nrel) == 0) {
		move_ownership(c, rel, nrel, true);
		free(rel);
	}
	report(c, error);
	if (!clean)
		c->view_valid = false;
	else if (c->plan.n)
		update_view(c);
	if (c->journal > c->owned.n + 1024)
		save_state(c);
	ipvs_plan_free(&c->plan);
	free(c->errs);
	free(c->ctxs);
	c->errs = NULL;
	c->ctxs = NULL;
	c->busy = false;
	if (c->dirty)
		ipvs_conv_kick(c, c->now);
}

static void phase2(struct ipvs_conv *c);

static void
op_done(void *arg, int err)
{
	struct op_ctx *x = arg;
	struct ipvs_conv *c = x->c;

	c->errs[x->i] = err;
	if (--c->outstanding)
		return;
	if (c->phase == 1)
		phase2(c);
	else
		end_pass(c, 0);
}

static void
queue_op(struct ipvs_conv *c, size_t i)
{
	c->ctxs[i] = (struct op_ctx){.c = c, .i = i};
	c->outstanding++;
	if (ipvs_nl_queue_op(c->nl, &c->plan.ops[i], op_done, &c->ctxs[i]) <
	    0) {
		c->outstanding--;
		c->errs[i] = errno ? errno : ENOMEM;
	}
}

/* Services whose add failed: their destinations are not sent. */
static int
failed_adds(struct ipvs_conv *c, struct ipvs_keyset *failed)
{
	for (size_t i = 0; i < c->plan.phase1; i++) {
		const struct ipvs_op *op = &c->plan.ops[i];
		struct ipvs_ekey e;

		if (op->kind != IPVS_OP_SVC_ADD || !c->errs[i])
			continue;
		ipvs_ekey_svc(&e, &op->svc->key);
		if (ipvs_keyset_add(failed, &e) < 0)
			return -1;
	}
	return 0;
}

static void
phase2(struct ipvs_conv *c)
{
	struct ipvs_keyset failed;

	c->phase = 2;
	ipvs_keyset_init(&failed);
	if (failed_adds(c, &failed) < 0) {
		ipvs_keyset_free(&failed);
		end_pass(c, ENOMEM);
		return;
	}
	c->outstanding++; /* none of the callbacks may end the pass yet */
	for (size_t i = c->plan.phase1; i < c->plan.n; i++) {
		if (ipvs_keyset_has_svc(&failed, &c->plan.ops[i].svc->key))
			c->errs[i] = IPVS_ERR_SKIPPED;
		else
			queue_op(c, i);
	}
	ipvs_keyset_free(&failed);
	if (--c->outstanding == 0)
		end_pass(c, 0);
}

static void
apply(struct ipvs_conv *c)
{
	struct ipvs_reconcile_opts ro = {.flush = c->o.flush};
	struct ipvs_ekey *claims;
	size_t nclaims;

	if (ipvs_reconcile(&c->want, &c->view, &c->owned, &ro, &c->plan) < 0) {
		end_pass(c, errno);
		return;
	}
	if (!c->plan.n && !c->plan.adopted) {
		end_pass(c, 0);
		return;
	}
	/* Claim before creating: a crash mid-pass leaves nothing that a
	 * later vigild would not know to be its own. */
	if (ipvs_plan_claims(&c->plan, &claims, &nclaims) < 0) {
		end_pass(c, ENOMEM);
		return;
	}
	move_ownership(c, claims, nclaims, false);
	free(claims);
	ipvs_table_mark_keys(&c->view, c->plan.adopt, c->plan.adopted);
	if (!c->plan.n) {
		end_pass(c, 0);
		return;
	}
	c->errs = calloc(c->plan.n, sizeof(*c->errs));
	c->ctxs = calloc(c->plan.n, sizeof(*c->ctxs));
	if (!c->errs || !c->ctxs) {
		end_pass(c, ENOMEM);
		return;
	}
	c->phase = 1;
	c->outstanding++;
	for (size_t i = 0; i < c->plan.phase1; i++)
		queue_op(c, i);
	if (--c->outstanding == 0)
		phase2(c);
}

static void
read_done(void *arg, int err)
{
	struct ipvs_conv *c = arg;

	if (err) {
		ipvs_table_free(&c->reading);
		end_pass(c, err);
		return;
	}
	ipvs_table_free(&c->view);
	c->view = c->reading;
	ipvs_table_init(&c->reading);
	c->view_valid = true;
	/* what an admin deleted by hand is no longer vigil's */
	if (ipvs_owned_prune(&c->owned, &c->view) || c->compact ||
	    c->disk_stale)
		save_state(c);
	c->compact = false;
	ipvs_table_mark(&c->view, &c->owned);
	apply(c);
}

void
ipvs_conv_kick(struct ipvs_conv *c, uint64_t now_us)
{
	if (c->busy || !(c->dirty || (c->retry_at && now_us >= c->retry_at)))
		return;
	if (c->has_next) {
		ipvs_table_free(&c->want);
		c->want = c->next_want;
		ipvs_table_init(&c->next_want);
		c->has_next = false;
	}
	c->dirty = false;
	c->busy = true;
	c->now = now_us;
	if (c->view_valid && !c->o.reread) {
		apply(c);
		return;
	}
	ipvs_table_free(&c->reading);
	if (ipvs_read_start(c->nl, &c->reading, read_done, c) < 0)
		end_pass(c, errno);
}
