// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reconcile, exhaustively: over small universes of services and
 * destinations, every combination of (wanted: absent or one of two
 * settings) x (in the kernel: likewise) x (owned or not) x (flush or not)
 * is planned, the plan is played on a model kernel that refuses what the
 * real one refuses, and the result must be exactly what the rules say,
 * with no operation more than needed, in the required order. Then a few
 * named cases, readable on their own.
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

#include <cmocka.h>

#include "ipvs/reconcile.h"
#include "tests/unit/ipvs_testlib.h"

/* -- a universe of keys */

#define MAX_SVC 2
#define MAX_DEST 2

struct univ {
	size_t nsvc, ndest;
	struct ipvs_svc_key svc[MAX_SVC];
	struct ipvs_dest_key dest[MAX_DEST];
};

/* One service's situation: in want and in have, 0 absent or settings
 * 1/2; same for each destination; and what is owned. */
struct svc_case {
	int want, have;
	int want_d[MAX_DEST], have_d[MAX_DEST];
	bool own, own_d[MAX_DEST];
};

static void
univ_init(struct univ *u, size_t nsvc, size_t ndest)
{
	memset(u, 0, sizeof(*u));
	u->nsvc = nsvc;
	u->ndest = ndest;
	u->svc[0].af = AF_INET;
	u->svc[0].protocol = IPPROTO_TCP;
	u->svc[0].port = 80;
	u->svc[0].addr.v4.s_addr = htonl(0xc0000201);
	u->svc[1].af = AF_INET6;
	u->svc[1].fwmark = 7;
	u->dest[0].af = AF_INET;
	u->dest[0].port = 80;
	u->dest[0].addr.v4.s_addr = htonl(0x0a000001);
	/* a mixed-family tunnel destination */
	u->dest[1].af = AF_INET6;
	u->dest[1].port = 80;
	u->dest[1].addr.v6.s6_addr[0] = 0x20;
	u->dest[1].addr.v6.s6_addr[15] = 2;
}

static struct ipvs_service
mk_svc(const struct ipvs_svc_key *k, int variant)
{
	struct ipvs_service s = {.key = *k};

	snprintf(s.sched, sizeof(s.sched), "%s", variant == 1 ? "rr" : "wrr");
	s.netmask = ipvs_default_netmask(k->af);
	return s;
}

static struct ipvs_dest
mk_dest(const struct ipvs_dest_key *k, int variant)
{
	struct ipvs_dest d = {.key = *k, .fwd = IPVS_FWD_TUNNEL};

	d.weight = variant;
	return d;
}

/* Build want (which=0) or have (which=1) from the cases. */
static void
build(const struct univ *u, const struct svc_case *c, int which,
      struct ipvs_table *t)
{
	ipvs_table_init(t);
	for (size_t i = 0; i < u->nsvc; i++) {
		int v = which ? c[i].have : c[i].want;
		struct ipvs_service s, *ns;

		if (!v)
			continue;
		s = mk_svc(&u->svc[i], v);
		ns = ipvs_table_add(t, &s);
		for (size_t j = 0; j < u->ndest; j++) {
			int dv = which ? c[i].have_d[j] : c[i].want_d[j];
			struct ipvs_dest d = mk_dest(&u->dest[j], dv);

			if (dv)
				ipvs_service_add_dest(ns, &d);
		}
	}
	assert_int_equal(ipvs_table_sort(t, NULL, NULL), 0);
}

static void
build_owned(const struct univ *u, const struct svc_case *c,
	    struct ipvs_keyset *o)
{
	struct ipvs_ekey e;

	ipvs_keyset_init(o);
	for (size_t i = 0; i < u->nsvc; i++) {
		if (c[i].own) {
			ipvs_ekey_svc(&e, &u->svc[i]);
			ipvs_keyset_add(o, &e);
		}
		for (size_t j = 0; j < u->ndest; j++) {
			if (c[i].own_d[j]) {
				ipvs_ekey_dest(&e, &u->svc[i], &u->dest[j]);
				ipvs_keyset_add(o, &e);
			}
		}
	}
}

/* -- a model kernel that refuses what the real one refuses */

static void
play(struct ipvs_table *k, const struct ipvs_op *op)
{
	struct ipvs_service *s = ipvs_table_find(k, &op->svc->key);
	struct ipvs_dest *d =
		s && op->dest ? ipvs_service_find_dest(s, &op->dest->key)
			      : NULL;

	switch (op->kind) {
	case IPVS_OP_SVC_ADD:
		assert_null(s);
		ipvs_table_add(k, op->svc);
		break;
	case IPVS_OP_SVC_EDIT:
		assert_non_null(s);
		assert_false(ipvs_service_same(s, op->svc)); /* not a no-op */
		strcpy(s->sched, op->svc->sched);
		strcpy(s->pe, op->svc->pe);
		s->flags = op->svc->flags;
		s->timeout = op->svc->timeout;
		s->netmask = op->svc->netmask;
		break;
	case IPVS_OP_SVC_DEL:
		assert_non_null(s);
		free(s->dests);
		memmove(s, s + 1,
			(size_t)(k->svcs + k->n - s - 1) * sizeof(*s));
		k->n--;
		break;
	case IPVS_OP_DEST_ADD:
		assert_non_null(s);
		assert_null(d);
		ipvs_service_add_dest(s, op->dest);
		break;
	case IPVS_OP_DEST_EDIT:
		assert_non_null(d);
		assert_false(ipvs_dest_same(d, op->dest));
		*d = *op->dest;
		break;
	case IPVS_OP_DEST_DEL:
		assert_non_null(d);
		memmove(d, d + 1,
			(size_t)(s->dests + s->ndests - d - 1) * sizeof(*d));
		s->ndests--;
		break;
	}
	assert_int_equal(ipvs_table_sort(k, NULL, NULL), 0);
}

/* -- what the rules say */

struct expect {
	struct ipvs_table final;
	size_t ops, adopted, foreign_kept, svcs_kept;
};

static bool
removable(bool flush, bool owned)
{
	return flush || owned;
}

static void
expect_svc(const struct univ *u, const struct svc_case *c, bool flush, size_t i,
	   struct expect *e)
{
	struct ipvs_service s, *ns;
	bool all = true;

	if (!c->want && !c->have)
		return;
	if (c->want) {
		e->ops += !c->have || c->want != c->have;
		e->adopted += c->have && !c->own;
		s = mk_svc(&u->svc[i], c->want);
	} else {
		for (size_t j = 0; j < u->ndest; j++)
			all &= !c->have_d[j] || removable(flush, c->own_d[j]);
		if (removable(flush, c->own) && all) {
			e->ops++;
			return;
		}
		if (removable(flush, c->own))
			e->svcs_kept++;
		else
			e->foreign_kept++;
		s = mk_svc(&u->svc[i], c->have);
	}
	ns = ipvs_table_add(&e->final, &s);
	for (size_t j = 0; j < u->ndest; j++) {
		int w = c->want ? c->want_d[j] : 0,
		    h = c->have ? c->have_d[j] : 0;
		struct ipvs_dest d;

		if (w) {
			e->ops += !h || w != h;
			e->adopted += h && !c->own_d[j];
			d = mk_dest(&u->dest[j], w);
			ipvs_service_add_dest(ns, &d);
		} else if (h && removable(flush, c->own_d[j])) {
			e->ops++;
		} else if (h) {
			e->foreign_kept++;
			d = mk_dest(&u->dest[j], h);
			ipvs_service_add_dest(ns, &d);
		}
	}
}

/* -- checks on a plan */

static void
check_order(const struct ipvs_plan *p)
{
	bool seen_svc_del = false;

	for (size_t i = 0; i < p->n; i++) {
		enum ipvs_op_kind k = p->ops[i].kind;
		bool svc_change = k == IPVS_OP_SVC_ADD || k == IPVS_OP_SVC_EDIT;

		/* phase 1 is exactly the service adds and edits */
		assert_int_equal(svc_change, i < p->phase1);
		if (k == IPVS_OP_SVC_DEL)
			seen_svc_del = true;
		else
			assert_false(seen_svc_del); /* deletions last */
		/* in a service: adds, then edits, then deletions */
		if (!ipvs_op_is_dest(k))
			continue;
		for (size_t j = i + 1; j < p->n; j++)
			if (ipvs_op_is_dest(p->ops[j].kind) &&
			    !ipvs_svc_key_cmp(&p->ops[j].svc->key,
					      &p->ops[i].svc->key))
				assert_true(p->ops[j].kind >= k);
	}
}

static void
assert_same_table(const struct ipvs_table *a, const struct ipvs_table *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct ipvs_service *x = &a->svcs[i], *y = &b->svcs[i];

		assert_int_equal(ipvs_svc_key_cmp(&x->key, &y->key), 0);
		assert_true(ipvs_service_same(x, y));
		assert_int_equal(x->ndests, y->ndests);
		for (size_t j = 0; j < x->ndests; j++) {
			assert_int_equal(ipvs_dest_key_cmp(&x->dests[j].key,
							   &y->dests[j].key),
					 0);
			assert_true(ipvs_dest_same(&x->dests[j], &y->dests[j]));
		}
	}
}

/* Ownership after the pass, moved by the plan's claims and releases:
 * the kernel's entries that were owned or are wanted, and nothing else. */
static void
check_ownership(const struct univ *u, const struct svc_case *c,
		const struct ipvs_keyset *owned, const struct ipvs_plan *p,
		const struct ipvs_table *after)
{
	struct ipvs_keyset next;
	struct ipvs_ekey *keys;
	size_t n;

	ipvs_keyset_init(&next);
	for (size_t pos = 0, i = 0; i < owned->n; i++)
		ipvs_keyset_add(&next, ipvs_keyset_next(owned, &pos));
	assert_int_equal(ipvs_plan_claims(p, &keys, &n), 0);
	for (size_t i = 0; i < n; i++)
		ipvs_keyset_add(&next, &keys[i]);
	free(keys);
	assert_int_equal(ipvs_plan_releases(p, NULL, &keys, &n), 0);
	for (size_t i = 0; i < n; i++)
		ipvs_keyset_del(&next, &keys[i]);
	free(keys);
	/* owned entries the kernel does not hold (the cases include some)
	 * are dropped when it is next read */
	ipvs_owned_prune(&next, after);
	for (size_t i = 0; i < u->nsvc; i++) {
		const struct ipvs_service *s =
			ipvs_table_find(after, &u->svc[i]);

		assert_int_equal(ipvs_keyset_has_svc(&next, &u->svc[i]),
				 s && (c[i].want || c[i].own));
		for (size_t j = 0; j < u->ndest; j++) {
			bool there =
				s && ipvs_service_find_dest(s, &u->dest[j]);

			assert_int_equal(
				ipvs_keyset_has_dest(&next, &u->svc[i],
						     &u->dest[j]),
				there && ((c[i].want && c[i].want_d[j]) ||
					  c[i].own_d[j]));
		}
	}
	ipvs_keyset_free(&next);
}

static void
run_case(const struct univ *u, const struct svc_case *c, bool flush)
{
	struct ipvs_reconcile_opts o = {.flush = flush};
	struct ipvs_table want, have, sim, after;
	struct ipvs_keyset owned;
	struct ipvs_plan p;
	struct expect e = {0};

	build(u, c, 0, &want);
	build(u, c, 1, &have);
	build_owned(u, c, &owned);
	assert_int_equal(ipvs_reconcile(&want, &have, &owned, &o, &p), 0);
	check_order(&p);
	assert_int_equal(ipvs_table_copy(&sim, &have), 0);
	for (size_t i = 0; i < p.n; i++)
		play(&sim, &p.ops[i]);
	for (size_t i = 0; i < u->nsvc; i++)
		expect_svc(u, &c[i], flush, i, &e);
	assert_int_equal(ipvs_table_sort(&e.final, NULL, NULL), 0);
	assert_same_table(&sim, &e.final);
	assert_int_equal(p.n, e.ops);
	assert_int_equal(p.adopted, e.adopted);
	assert_int_equal(p.foreign_kept, e.foreign_kept);
	assert_int_equal(p.svcs_kept, e.svcs_kept);
	assert_int_equal(ipvs_table_after(&want, &have, &p, &after), 0);
	assert_same_table(&after, &sim);
	ipvs_table_free(&after);
	/* the same in place, on a copy of what the plan was made from */
	assert_int_equal(ipvs_table_copy(&after, &have), 0);
	assert_int_equal(ipvs_table_patch(&after, &p), 0);
	assert_same_table(&after, &sim);
	assert_true(ipvs_table_sorted(&after));
	check_ownership(u, c, &owned, &p, &sim);
	ipvs_table_free(&after);
	ipvs_table_free(&e.final);
	ipvs_table_free(&sim);
	ipvs_plan_free(&p);
	ipvs_keyset_free(&owned);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}

/* Case number n of one service (mixed radix). False for a case that
 * repeats another: a destination digit set where its service is absent. */
static bool
decode_case(const struct univ *u, unsigned long n, struct svc_case *c)
{
	bool dup = false;

	memset(c, 0, sizeof(*c));
	c->want = (int)(n % 3), n /= 3;
	c->have = (int)(n % 3), n /= 3;
	c->own = n % 2, n /= 2;
	for (size_t j = 0; j < u->ndest; j++) {
		c->want_d[j] = (int)(n % 3), n /= 3;
		c->have_d[j] = (int)(n % 3), n /= 3;
		c->own_d[j] = n % 2, n /= 2;
		dup |= (!c->want && c->want_d[j]) || (!c->have && c->have_d[j]);
	}
	return !dup;
}

static unsigned long
cases_per_svc(const struct univ *u)
{
	unsigned long n = 3 * 3 * 2;

	for (size_t j = 0; j < u->ndest; j++)
		n *= 3 * 3 * 2;
	return n;
}

static void
run_universe(size_t nsvc, size_t ndest, unsigned long expected_cases)
{
	struct univ u;
	struct svc_case c[MAX_SVC];
	unsigned long per, total = 1, ran = 0;

	univ_init(&u, nsvc, ndest);
	per = cases_per_svc(&u);
	for (size_t i = 0; i < nsvc; i++)
		total *= per;
	for (unsigned long n = 0; n < total; n++) {
		unsigned long m = n;
		bool valid = true;

		for (size_t i = 0; i < nsvc; i++, m /= per)
			valid &= decode_case(&u, m % per, &c[i]);
		if (!valid)
			continue;
		run_case(&u, c, false);
		run_case(&u, c, true);
		ran++;
	}
	/* every distinct case: services and destinations absent or in one
	 * of two settings on each side, owned or not */
	assert_int_equal(ran, expected_cases);
}

static void
test_exhaustive_one_service_two_dests(void **state)
{
	(void)state;
	run_universe(1, 2, 2888);
}

static void
test_exhaustive_two_services_one_dest(void **state)
{
	(void)state;
	run_universe(2, 1, 38416);
}

/* -- named cases */

static struct ipvs_service
svc4(uint32_t last, uint16_t port, const char *sched)
{
	return ipvs_t_svc4(last, port, sched);
}

static struct ipvs_dest
dest4(uint32_t last, int weight)
{
	return ipvs_t_dest4(last, 80, weight);
}

/* A table of one service with destinations .1 and .2. */
static void
one_svc(struct ipvs_table *t, const struct ipvs_service *s, int w1, int w2)
{
	struct ipvs_service *ns;
	struct ipvs_dest d1 = dest4(1, w1), d2 = dest4(2, w2);

	ipvs_table_init(t);
	ns = ipvs_table_add(t, s);
	ipvs_service_add_dest(ns, &d1);
	ipvs_service_add_dest(ns, &d2);
	assert_int_equal(ipvs_table_sort(t, NULL, NULL), 0);
}

static void
test_restart_adopts_without_change(void **state)
{
	struct ipvs_service s = svc4(1, 80, "wrr");
	struct ipvs_table want, have;
	struct ipvs_plan p;

	(void)state;
	one_svc(&want, &s, 3, 1);
	one_svc(&have, &s, 3, 1);
	assert_int_equal(ipvs_reconcile(&want, &have, NULL, NULL, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.adopted, 3);
	ipvs_plan_free(&p);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}

/* Every setting that is not a key is changed by an edit, never by a
 * delete and add (which would drop connections and counters). */
static void
test_every_setting_is_an_edit(void **state)
{
	struct ipvs_service base = svc4(1, 80, "wlc");
	struct ipvs_table want, have;
	struct ipvs_plan p;

	(void)state;
	one_svc(&have, &base, 1, 1);
	for (int field = 0; field < 12; field++) {
		struct ipvs_service s = base;

		switch (field) {
		case 0:
			strcpy(s.sched, "sh");
			break;
		case 1:
			s.flags = IPVS_SVC_F_SH_PORT;
			break;
		case 2:
			s.flags = IP_VS_SVC_F_ONEPACKET;
			break;
		case 3:
			s.flags = IP_VS_SVC_F_PERSISTENT;
			s.timeout = 300;
			break;
		case 4:
			strcpy(s.pe, "sip");
			break;
		default:
			break;
		}
		one_svc(&want, &s, 1, 1);
		if (field >= 5) {
			struct ipvs_dest *d = &want.svcs[0].dests[1];

			if (field == 5)
				d->weight = 0;
			if (field == 6)
				d->u_thresh = 100;
			if (field == 7)
				d->l_thresh = 10, d->u_thresh = 0;
			if (field == 8)
				d->fwd = IPVS_FWD_DR;
			if (field == 9)
				d->fwd = IPVS_FWD_TUNNEL;
			if (field == 10) {
				d->fwd = IPVS_FWD_TUNNEL;
				d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
				d->tun_port = 6080;
			}
			if (field == 11) {
				d->fwd = IPVS_FWD_TUNNEL;
				d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
				d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
			}
		}
		assert_int_equal(ipvs_reconcile(&want, &have, NULL, NULL, &p),
				 0);
		assert_int_equal(p.n, 1);
		assert_int_equal(p.ops[0].kind, field < 5 ? IPVS_OP_SVC_EDIT
							  : IPVS_OP_DEST_EDIT);
		ipvs_plan_free(&p);
		ipvs_table_free(&want);
	}
	ipvs_table_free(&have);
}

/* What the kernel ignores does not make a difference: a timeout and a
 * netmask without persistence, tunnel options without a tunnel. */
static void
test_ignored_settings_are_not_changes(void **state)
{
	struct ipvs_service a = svc4(1, 80, "rr"), b = a;
	struct ipvs_table want, have;
	struct ipvs_plan p;

	(void)state;
	b.timeout = 300;
	b.netmask = 0;
	one_svc(&want, &a, 1, 1);
	one_svc(&have, &b, 1, 1);
	have.svcs[0].dests[0].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	have.svcs[0].dests[0].tun_flags = 1;
	assert_int_equal(ipvs_table_sort(&have, NULL, NULL), 0);
	assert_int_equal(ipvs_reconcile(&want, &have, NULL, NULL, &p), 0);
	assert_int_equal(p.n, 0);
	ipvs_plan_free(&p);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}

/* An owned service that is no longer wanted but holds a destination vigil
 * did not create stays, minus vigil's own destination. */
static void
test_owned_service_kept_for_foreign_dest(void **state)
{
	struct ipvs_service s = svc4(1, 80, "rr");
	struct ipvs_table want, have;
	struct ipvs_keyset owned;
	struct ipvs_ekey e;
	struct ipvs_plan p;

	(void)state;
	ipvs_table_init(&want);
	one_svc(&have, &s, 1, 1);
	ipvs_keyset_init(&owned);
	ipvs_ekey_svc(&e, &s.key);
	ipvs_keyset_add(&owned, &e);
	ipvs_ekey_dest(&e, &s.key, &have.svcs[0].dests[0].key);
	ipvs_keyset_add(&owned, &e);
	assert_int_equal(ipvs_reconcile(&want, &have, &owned, NULL, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.ops[0].kind, IPVS_OP_DEST_DEL);
	assert_ptr_equal(p.ops[0].dest, &have.svcs[0].dests[0]);
	assert_int_equal(p.svcs_kept, 1);
	assert_int_equal(p.foreign_kept, 1);
	ipvs_plan_free(&p);
	ipvs_keyset_free(&owned);
	ipvs_table_free(&have);
}

/* The order on a mixed change, operation by operation. */
static void
test_order_of_a_mixed_change(void **state)
{
	struct ipvs_service x = svc4(1, 80, "rr"), y = svc4(2, 80, "wrr");
	struct ipvs_service z = svc4(3, 80, "lc"), *s;
	struct ipvs_table want, have;
	struct ipvs_keyset owned;
	struct ipvs_plan p;
	struct ipvs_dest d1 = dest4(1, 5), d3 = dest4(3, 1);
	static const enum ipvs_op_kind expect[] = {
		IPVS_OP_SVC_EDIT,  /* x: rr -> sh (x sorts before y) */
		IPVS_OP_SVC_ADD,   /* y is new */
		IPVS_OP_DEST_ADD,  /* x gets .3 ... */
		IPVS_OP_DEST_EDIT, /* ... then .1's weight changes ... */
		IPVS_OP_DEST_DEL,  /* ... and only then .2 goes */
		IPVS_OP_DEST_ADD,  /* y's destinations */
		IPVS_OP_DEST_ADD,  IPVS_OP_SVC_DEL, /* z, last */
	};

	(void)state;
	one_svc(&have, &x, 1, 1);
	ipvs_table_add(&have, &z);
	assert_int_equal(ipvs_table_sort(&have, NULL, NULL), 0);
	ipvs_table_init(&want);
	strcpy(x.sched, "sh");
	s = ipvs_table_add(&want, &x);
	ipvs_service_add_dest(s, &d3);
	ipvs_service_add_dest(s, &d1);
	s = ipvs_table_add(&want, &y);
	ipvs_service_add_dest(s, &d3);
	d3.key.port = 81;
	ipvs_service_add_dest(s, &d3);
	assert_int_equal(ipvs_table_sort(&want, NULL, NULL), 0);
	ipvs_keyset_init(&owned);
	assert_int_equal(ipvs_keyset_add_table(&owned, &have), 0);
	assert_int_equal(ipvs_reconcile(&want, &have, &owned, NULL, &p), 0);
	assert_int_equal(p.n, sizeof(expect) / sizeof(expect[0]));
	assert_int_equal(p.phase1, 2);
	for (size_t i = 0; i < p.n; i++)
		assert_int_equal(p.ops[i].kind, expect[i]);
	ipvs_plan_free(&p);
	ipvs_keyset_free(&owned);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}

/* An entry marked owned in the kernel's table is vigil's without a
 * lookup (the converger keeps those marks); marks follow the plan. */
static void
test_owned_marks(void **state)
{
	struct ipvs_service s = svc4(1, 80, "rr"), t2 = svc4(2, 80, "rr");
	struct ipvs_table want, have;
	struct ipvs_keyset owned;
	struct ipvs_plan p;

	(void)state;
	one_svc(&have, &s, 1, 1);
	ipvs_table_add(&have, &t2);
	assert_int_equal(ipvs_table_sort(&have, NULL, NULL), 0);
	one_svc(&want, &s, 1, 1);
	/* marked: .1's destination .2 and service .2, not in the set */
	have.svcs[0].dests[1].owned = true;
	have.svcs[1].owned = true;
	want.svcs[0].ndests = 1; /* .2 no longer wanted */
	ipvs_keyset_init(&owned);
	assert_int_equal(ipvs_reconcile(&want, &have, &owned, NULL, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.ops[0].kind, IPVS_OP_DEST_DEL);
	assert_int_equal(p.ops[1].kind, IPVS_OP_SVC_DEL);
	assert_int_equal(p.adopted, 2); /* service .1 and its .1 */
	ipvs_table_mark_keys(&have, p.adopt, p.adopted);
	assert_true(have.svcs[0].owned);
	assert_true(have.svcs[0].dests[0].owned);
	ipvs_plan_free(&p);
	/* ipvs_table_mark sets marks from a set, and clears the others */
	assert_int_equal(ipvs_keyset_add_table(&owned, &want), 0);
	ipvs_table_mark(&have, &owned);
	assert_true(have.svcs[0].owned);
	assert_true(have.svcs[0].dests[0].owned);
	assert_false(have.svcs[0].dests[1].owned);
	assert_false(have.svcs[1].owned);
	ipvs_keyset_free(&owned);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}

static void
test_unsorted_and_duplicates(void **state)
{
	struct ipvs_service a = svc4(2, 80, "rr"), b = svc4(1, 80, "rr");
	const struct ipvs_service *dup = NULL;
	struct ipvs_table t, empty;
	struct ipvs_plan p;

	(void)state;
	ipvs_table_init(&t);
	ipvs_table_init(&empty);
	ipvs_table_add(&t, &a);
	ipvs_table_add(&t, &b);
	assert_int_equal(ipvs_reconcile(&t, &empty, NULL, NULL, &p), -1);
	assert_int_equal(errno, EINVAL);
	ipvs_table_add(&t, &a);
	assert_int_equal(ipvs_table_sort(&t, &dup, NULL), -1);
	assert_int_equal(errno, EEXIST);
	assert_non_null(dup);
	assert_int_equal(ipvs_svc_key_cmp(&dup->key, &a.key), 0);
	ipvs_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exhaustive_one_service_two_dests),
		cmocka_unit_test(test_exhaustive_two_services_one_dest),
		cmocka_unit_test(test_restart_adopts_without_change),
		cmocka_unit_test(test_every_setting_is_an_edit),
		cmocka_unit_test(test_ignored_settings_are_not_changes),
		cmocka_unit_test(test_owned_service_kept_for_foreign_dest),
		cmocka_unit_test(test_order_of_a_mixed_change),
		cmocka_unit_test(test_owned_marks),
		cmocka_unit_test(test_unsorted_and_duplicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
