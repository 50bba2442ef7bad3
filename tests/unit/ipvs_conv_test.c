// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The converger against a fake kernel, on a fake clock: cold start,
 * restart without changes, foreign entries left alone, a failed entry
 * reported while the rest converges and retried with backoff, ownership
 * claimed before creation, a new table during a pass.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipvs/conv.h"
#include "tests/unit/ipvs_fake.h"

#define SEC 1000000ull

struct passes {
	int n;
	struct ipvs_pass last;
	size_t ops, adopted, foreign_kept, kinds[IPVS_OP_DEST_DEL + 1];
	int errs[64];
};

static void
on_pass(void *arg, const struct ipvs_pass *p)
{
	struct passes *ps = arg;

	ps->n++;
	ps->last = *p;
	ps->ops = p->plan->n;
	ps->adopted = p->plan->adopted;
	ps->foreign_kept = p->plan->foreign_kept;
	memset(ps->kinds, 0, sizeof(ps->kinds));
	for (size_t i = 0; i < p->plan->n; i++) {
		char str[IPVS_OP_STRLEN];

		/* what a daemon does: name every entry (the pointers into
		 * the tables must be valid here) */
		ipvs_op_str(&p->plan->ops[i], str, sizeof(str));
		ps->kinds[p->plan->ops[i].kind]++;
		if (i < 64)
			ps->errs[i] = p->errs[i];
	}
}

struct world {
	struct fake_kernel *fk;
	struct ipvs_nl *nl;
	struct ipvs_conv *c;
	struct passes ps;
	char dir[32], path[64];
	struct ipvs_conv_opts o;
};

static void
conv_open(struct world *w)
{
	w->c = ipvs_conv_new(w->nl, &w->o, on_pass, &w->ps);
	assert_non_null(w->c);
}

static int
setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	strcpy(w->dir, "/tmp/ipvs-conv-XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->path, sizeof(w->path), "%s/owned", w->dir);
	w->fk = fake_new();
	w->nl = fake_open(w->fk, 32);
	w->o.state_path = w->path;
	conv_open(w);
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;

	ipvs_conv_free(w->c);
	ipvs_nl_close(w->nl);
	unlink(w->path);
	rmdir(w->dir);
	free(w);
	return 0;
}

/* Services .1...n on port 80, each with destinations 10.0.i.1...nd. */
static void
table(struct ipvs_table *t, int n, int nd, const char *sched)
{
	ipvs_table_init(t);
	for (int i = 1; i <= n; i++) {
		struct ipvs_service s = {0}, *ns;

		s.key.af = AF_INET;
		s.key.protocol = IPPROTO_TCP;
		s.key.port = 80;
		s.key.addr.v4.s_addr = htonl(0xc0000200u + (uint32_t)i);
		snprintf(s.sched, sizeof(s.sched), "%s", sched);
		s.netmask = 0xffffffffu;
		ns = ipvs_table_add(t, &s);
		for (int j = 1; j <= nd; j++) {
			struct ipvs_dest d = {.weight = 1};

			d.key.af = AF_INET;
			d.key.port = 80;
			d.key.addr.v4.s_addr =
				htonl(0x0a000000u + (uint32_t)(i << 8 | j));
			ipvs_service_add_dest(ns, &d);
		}
	}
}

/* Apply t at time now and run until the pass is over. */
static void
converge(struct world *w, struct ipvs_table *t, uint64_t now)
{
	char dup[IPVS_OP_STRLEN];

	if (t)
		assert_int_equal(ipvs_conv_set(w->c, t, dup), 0);
	ipvs_conv_kick(w->c, now);
	while (ipvs_conv_busy(w->c))
		assert_int_equal(ipvs_nl_wait(w->nl, 5000), 0);
}

static size_t
fake_dests(struct fake_kernel *fk)
{
	return ipvs_table_count_dests(&fk->t);
}

static void
test_cold_then_restart(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;
	struct ipvs_keyset onfile;
	size_t bad, first;

	table(&t, 3, 2, "wrr");
	converge(w, &t, 0);
	assert_int_equal(w->ps.n, 1);
	assert_int_equal(w->ps.last.applied, 9);
	assert_int_equal(w->ps.last.failed, 0);
	assert_int_equal(w->ps.last.retry_at, 0);
	assert_int_equal(w->fk->t.n, 3);
	assert_int_equal(fake_dests(w->fk), 6);
	ipvs_keyset_init(&onfile);
	assert_int_equal(ipvs_keyset_load(&onfile, w->path, &bad, &first), 0);
	assert_int_equal(onfile.n, 9);
	assert_true(ipvs_keyset_equal(&onfile, ipvs_conv_owned(w->c)));
	ipvs_keyset_free(&onfile);

	/* nothing new: nothing is due */
	assert_int_equal(ipvs_conv_next_due(w->c), UINT64_MAX);
	/* a restart: a new converger, the same file, the same table */
	ipvs_conv_free(w->c);
	conv_open(w);
	table(&t, 3, 2, "wrr");
	w->fk->requests = 0;
	converge(w, &t, SEC);
	assert_int_equal(w->ps.n, 2);
	assert_int_equal(w->ps.ops, 0);
	assert_int_equal(w->ps.adopted, 0); /* it knew them */
	/* it read the kernel (1 + 3 dumps) and changed nothing */
	assert_int_equal(w->fk->requests, 4);
}

/* A lost state file: the table is adopted as it stands, not rebuilt. */
static void
test_adopts_without_state(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;

	table(&t, 2, 2, "rr");
	converge(w, &t, 0);
	unlink(w->path);
	ipvs_conv_free(w->c);
	conv_open(w);
	table(&t, 2, 2, "rr");
	converge(w, &t, SEC);
	assert_int_equal(w->ps.ops, 0);
	assert_int_equal(w->ps.adopted, 6);
	assert_int_equal(ipvs_conv_owned(w->c)->n, 6);
	assert_int_equal(access(w->path, F_OK), 0);
}

static void
test_foreign_entries_left_alone(void **state)
{
	struct world *w = *state;
	struct ipvs_table t, hand;
	struct ipvs_dest d = {.key = {.af = AF_INET, .port = 80}, .weight = 1};

	table(&t, 2, 2, "rr");
	converge(w, &t, 0);
	/* an admin adds a service and a destination by hand */
	table(&hand, 5, 0, "lc");
	ipvs_table_add(&w->fk->t, &hand.svcs[4]);
	d.key.addr.v4.s_addr = htonl(0x0a0a0a0a);
	ipvs_service_add_dest(&w->fk->t.svcs[0], &d);
	ipvs_table_sort(&w->fk->t, NULL, NULL);
	ipvs_table_free(&hand);
	ipvs_conv_invalidate(w->c);
	/* vigil drops its second service */
	table(&t, 1, 2, "rr");
	converge(w, &t, SEC);
	assert_int_equal(w->ps.ops, 1);
	assert_int_equal(w->ps.kinds[IPVS_OP_SVC_DEL], 1);
	assert_int_equal(w->ps.foreign_kept, 2);
	assert_int_equal(w->fk->t.n, 2); /* its own and the hand-made one */
	assert_int_equal(fake_dests(w->fk), 3);

	/* with flush, the foreign ones go too */
	ipvs_conv_free(w->c);
	w->o.flush = true;
	conv_open(w);
	table(&t, 1, 2, "rr");
	converge(w, &t, 2 * SEC);
	assert_int_equal(w->ps.ops, 2);
	assert_int_equal(w->fk->t.n, 1);
	assert_int_equal(fake_dests(w->fk), 2);
}

/* One service cannot be added (its scheduler is not loaded): it and its
 * destinations are reported, the rest converges, retries back off until
 * the scheduler appears. */
static void
test_failure_retry_backoff(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;

	table(&t, 3, 2, "rr");
	strcpy(t.svcs[1].sched, "mh");
	converge(w, &t, 10 * SEC);
	assert_int_equal(w->ps.last.failed, 1);
	assert_int_equal(w->ps.last.skipped, 2);
	assert_int_equal(w->ps.last.applied, 6);
	assert_int_equal(w->ps.errs[1], ENOENT); /* .2 is the second add */
	assert_int_equal(w->fk->t.n, 2);
	assert_int_equal(fake_dests(w->fk), 4);
	assert_int_equal(ipvs_conv_next_due(w->c), 11 * SEC);
	/* not yet due: nothing happens */
	ipvs_conv_kick(w->c, 10 * SEC + 1);
	assert_false(ipvs_conv_busy(w->c));
	converge(w, NULL, 11 * SEC);
	assert_int_equal(w->ps.n, 2);
	assert_int_equal(w->ps.ops, 3); /* only what is missing */
	assert_int_equal(ipvs_conv_next_due(w->c), 13 * SEC);
	converge(w, NULL, 13 * SEC);
	assert_int_equal(ipvs_conv_next_due(w->c), 17 * SEC);
	w->fk->scheds = "rr mh";
	converge(w, NULL, 17 * SEC);
	assert_int_equal(w->ps.last.failed, 0);
	assert_int_equal(w->ps.last.applied, 3);
	assert_int_equal(ipvs_conv_next_due(w->c), UINT64_MAX);
	assert_int_equal(w->fk->t.n, 3);
	assert_int_equal(fake_dests(w->fk), 6);
}

static void
test_backoff_ceiling(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;
	uint64_t now = 0;

	table(&t, 1, 0, "mh");
	for (int i = 0; i < 10; i++) {
		converge(w, i ? NULL : &t, now);
		now = ipvs_conv_next_due(w->c);
	}
	converge(w, NULL, now);
	assert_int_equal(ipvs_conv_next_due(w->c), now + 60 * SEC);
}

/* The wanted entries are in the state file before they are created. */
static void
test_claims_before_creating(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;
	struct ipvs_keyset onfile;
	size_t bad, first;
	char dup[IPVS_OP_STRLEN];

	table(&t, 0, 0, "rr");
	converge(w, &t, 0); /* reads the kernel once */
	table(&t, 2, 1, "rr");
	assert_int_equal(ipvs_conv_set(w->c, &t, dup), 0);
	ipvs_conv_kick(w->c, 0);
	/* planned and queued, nothing sent yet */
	assert_true(ipvs_conv_busy(w->c));
	assert_int_equal(ipvs_nl_pending(w->nl), 2);
	ipvs_keyset_init(&onfile);
	assert_int_equal(ipvs_keyset_load(&onfile, w->path, &bad, &first), 0);
	assert_int_equal(onfile.n, 4);
	assert_int_equal(w->fk->t.n, 0);
	ipvs_keyset_free(&onfile);
	while (ipvs_conv_busy(w->c))
		ipvs_nl_wait(w->nl, 5000);
	assert_int_equal(w->fk->t.n, 2);
	assert_int_equal(fake_dests(w->fk), 2);
}

static void
test_new_table_during_a_pass(void **state)
{
	struct world *w = *state;
	struct ipvs_table a, b;
	char dup[IPVS_OP_STRLEN];

	table(&a, 2, 2, "rr");
	table(&b, 3, 1, "wrr");
	assert_int_equal(ipvs_conv_set(w->c, &a, dup), 0);
	ipvs_conv_kick(w->c, 0);
	assert_true(ipvs_conv_busy(w->c));
	assert_int_equal(ipvs_conv_set(w->c, &b, dup), 0);
	while (ipvs_conv_busy(w->c))
		ipvs_nl_wait(w->nl, 5000);
	assert_int_equal(w->ps.n, 2);
	assert_int_equal(w->fk->t.n, 3);
	assert_int_equal(fake_dests(w->fk), 3);
	assert_string_equal(w->fk->t.svcs[0].sched, "wrr");
}

static void
test_read_failure_and_duplicates(void **state)
{
	struct world *w = *state;
	struct ipvs_table t, hand;
	char dup[IPVS_OP_STRLEN];

	table(&hand, 1, 0, "rr");
	ipvs_table_add(&w->fk->t, &hand.svcs[0]);
	w->fk->t.svcs[0].key.af = 99; /* the kernel says nonsense */
	ipvs_table_free(&hand);
	table(&t, 1, 1, "rr");
	converge(w, &t, 5 * SEC);
	assert_int_equal(w->ps.last.error, EBADMSG);
	assert_int_equal(ipvs_conv_next_due(w->c), 6 * SEC);
	assert_int_equal(w->fk->t.n, 1); /* nothing was applied */

	table(&t, 2, 1, "rr");
	free(t.svcs[1].dests);
	t.svcs[1] = t.svcs[0];
	t.svcs[1].dests = NULL;
	t.svcs[1].ndests = t.svcs[1].dests_cap = 0;
	assert_int_equal(ipvs_conv_set(w->c, &t, dup), -1);
	assert_int_equal(errno, EEXIST);
	assert_string_equal(dup, "add service tcp 192.0.2.1:80");
	ipvs_table_free(&t);
}

/* An admin deletes one of vigil's destinations by hand: the next read
 * finds it gone, re-adds it (it is wanted), and ownership stays exact. */
static void
test_deleted_by_hand(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;
	struct ipvs_service *s;

	table(&t, 2, 2, "rr");
	converge(w, &t, 0);
	s = &w->fk->t.svcs[1];
	ipvs_service_remove_dest(s, &s->dests[0]);
	ipvs_table_remove(&w->fk->t, &w->fk->t.svcs[0]);
	/* the cached view does not know */
	table(&t, 2, 2, "rr");
	converge(w, &t, SEC);
	assert_int_equal(w->ps.ops, 0);
	ipvs_conv_invalidate(w->c);
	table(&t, 2, 2, "rr");
	converge(w, &t, 2 * SEC);
	assert_int_equal(w->ps.ops, 4); /* the service, its two, and the one */
	assert_int_equal(w->ps.last.applied, 4);
	assert_int_equal(ipvs_conv_owned(w->c)->n, 6);
	assert_int_equal(fake_dests(w->fk), 4);
}

/* A delete the kernel refuses leaves the entry there and vigil's: it stays
 * owned, so a later pass deletes it, and it is never taken for an
 * admin's (foreign) entry and left behind for good. */
static void
test_failed_delete_keeps_ownership(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;

	table(&t, 2, 2, "rr");
	converge(w, &t, 0);
	assert_int_equal(ipvs_conv_owned(w->c)->n, 6);
	w->fk->del_errno = EBUSY;
	table(&t, 1, 1, "rr"); /* drop .2 and its two, and 10.0.1.2 */
	converge(w, &t, SEC);
	assert_int_equal(w->ps.last.failed, 2);
	assert_int_equal(w->fk->t.n, 2);
	assert_int_equal(fake_dests(w->fk), 4);
	assert_int_equal(ipvs_conv_owned(w->c)->n, 6);
	/* the kernel lets go: the retry removes them all, nothing foreign */
	w->fk->del_errno = 0;
	ipvs_conv_invalidate(w->c);
	converge(w, NULL, ipvs_conv_next_due(w->c));
	assert_int_equal(w->fk->t.n, 1);
	assert_int_equal(fake_dests(w->fk), 1);
	assert_int_equal(w->ps.foreign_kept, 0);
	assert_int_equal(ipvs_conv_owned(w->c)->n, 2);
}

static size_t
lines_of(const char *path, const char *prefix)
{
	char line[256];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		n += !strncmp(line, prefix, strlen(prefix));
	if (f)
		fclose(f);
	return n;
}

/* A small change appends its ownership change to the state file instead
 * of writing the whole table; a restart folds the journal back in. */
static void
test_state_journal(void **state)
{
	struct world *w = *state;
	struct ipvs_table t;
	struct ipvs_keyset onfile;
	size_t bad, first;

	table(&t, 3, 2, "rr");
	converge(w, &t, 0);
	assert_int_equal(lines_of(w->path, ""), 1 + 9);
	table(&t, 3, 2, "rr");
	t.svcs[2].dests[1].key.port = 81; /* one destination replaced */
	converge(w, &t, SEC);
	assert_int_equal(w->ps.ops, 2);
	assert_int_equal(lines_of(w->path, ""), 1 + 9 + 2);
	assert_int_equal(lines_of(w->path, "- d "), 1);
	ipvs_keyset_init(&onfile);
	assert_int_equal(ipvs_keyset_load(&onfile, w->path, &bad, &first), 0);
	assert_true(ipvs_keyset_equal(&onfile, ipvs_conv_owned(w->c)));
	ipvs_keyset_free(&onfile);
	ipvs_conv_free(w->c);
	conv_open(w);
	table(&t, 3, 2, "rr");
	t.svcs[2].dests[1].key.port = 81;
	converge(w, &t, 2 * SEC);
	assert_int_equal(w->ps.ops, 0);
	assert_int_equal(lines_of(w->path, ""), 1 + 9);
	assert_int_equal(lines_of(w->path, "- "), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cold_then_restart, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_adopts_without_state,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_entries_left_alone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_retry_backoff,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff_ceiling, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_claims_before_creating,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_table_during_a_pass,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_read_failure_and_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_journal, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_failed_delete_keeps_ownership, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_by_hand, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
