// SPDX-License-Identifier: GPL-2.0-or-later
/* The reconcile diff; the rules are in reconcile.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs/reconcile.h"

struct opvec {
	struct ipvs_op *v;
	size_t n, cap;
};

struct rctx {
	const struct ipvs_keyset *owned;
	bool flush;
	struct ipvs_plan *p;
	struct opvec svc;  /* phase 1 */
	struct opvec dest; /* phase 2: destinations */
	struct opvec del;  /* phase 2, last: service deletions */
	/* one service's destination edits and deletions, which follow its
	 * adds */
	struct opvec edits, dels;
	int err;
};

static void
push(struct rctx *c, struct opvec *v, enum ipvs_op_kind kind,
     const struct ipvs_service *s, const struct ipvs_dest *d)
{
	if (c->err)
		return;
	if (ipvs_grow((void **)&v->v, &v->cap, v->n + 1, sizeof(*v->v))) {
		c->err = ENOMEM;
		return;
	}
	v->v[v->n++] = (struct ipvs_op){.kind = kind, .svc = s, .dest = d};
}

static bool
owns_svc(const struct rctx *c, const struct ipvs_service *s)
{
	return s->owned || (c->owned && ipvs_keyset_has_svc(c->owned, &s->key));
}

static bool
owns_dest(const struct rctx *c, const struct ipvs_service *s,
	  const struct ipvs_dest *d)
{
	return d->owned ||
	       (c->owned && ipvs_keyset_has_dest(c->owned, &s->key, &d->key));
}

static bool
may_delete_dest(const struct rctx *c, const struct ipvs_service *s,
		const struct ipvs_dest *d)
{
	return c->flush || owns_dest(c, s, d);
}

/* An entry wanted and present but not vigil's: vigil takes it over. */
static void
adopt(struct rctx *c, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	struct ipvs_plan *p = c->p;

	if (c->err)
		return;
	if (ipvs_grow((void **)&p->adopt, &p->adopt_cap, p->adopted + 1,
		      sizeof(*p->adopt))) {
		c->err = ENOMEM;
		return;
	}
	if (d)
		ipvs_ekey_dest(&p->adopt[p->adopted++], &s->key, &d->key);
	else
		ipvs_ekey_svc(&p->adopt[p->adopted++], &s->key);
}

static void
append_vec(struct rctx *c, struct opvec *to, struct opvec *from)
{
	for (size_t i = 0; i < from->n; i++)
		push(c, to, from->v[i].kind, from->v[i].svc, from->v[i].dest);
	from->n = 0;
}

/* One destination key, in w, in h, or in both (either may be NULL). */
static void
dest_pair(struct rctx *c, const struct ipvs_service *w,
	  const struct ipvs_dest *wd, const struct ipvs_service *h,
	  const struct ipvs_dest *hd)
{
	if (wd && !hd) {
		push(c, &c->dest, IPVS_OP_DEST_ADD, w, wd);
	} else if (wd) {
		if (!owns_dest(c, h, hd))
			adopt(c, h, hd);
		if (!ipvs_dest_same(wd, hd))
			push(c, &c->edits, IPVS_OP_DEST_EDIT, w, wd);
	} else if (may_delete_dest(c, h, hd)) {
		push(c, &c->dels, IPVS_OP_DEST_DEL, h, hd);
	} else {
		c->p->foreign_kept++;
	}
}

/* A service wanted and present: edit it if it differs, then its
 * destinations in one walk of both sorted lists: adds, then edits, then
 * deletions, so that a change never leaves the service with less to send
 * to on the way. */
static void
both_services(struct rctx *c, const struct ipvs_service *w,
	      const struct ipvs_service *h)
{
	size_t i = 0, j = 0;

	if (!owns_svc(c, h))
		adopt(c, h, NULL);
	if (!ipvs_service_same(w, h))
		push(c, &c->svc, IPVS_OP_SVC_EDIT, w, NULL);
	while (i < w->ndests || j < h->ndests) {
		int cmp = i == w->ndests ? 1
			  : j == h->ndests
				  ? -1
				  : ipvs_dest_key_cmp(&w->dests[i].key,
						      &h->dests[j].key);
		const struct ipvs_dest *wd = cmp <= 0 ? &w->dests[i++] : NULL;
		const struct ipvs_dest *hd = cmp >= 0 ? &h->dests[j++] : NULL;

		dest_pair(c, w, wd, h, hd);
	}
	append_vec(c, &c->dest, &c->edits);
	append_vec(c, &c->dest, &c->dels);
}

static void
want_only(struct rctx *c, const struct ipvs_service *w)
{
	push(c, &c->svc, IPVS_OP_SVC_ADD, w, NULL);
	for (size_t i = 0; i < w->ndests; i++)
		push(c, &c->dest, IPVS_OP_DEST_ADD, w, &w->dests[i]);
}

/* A service present and not wanted. Deleting it deletes its
 * destinations, so it goes only if each of them may go. */
static void
have_only(struct rctx *c, const struct ipvs_service *h)
{
	bool svc_ok = c->flush || owns_svc(c, h), all_dests_ok = true;

	for (size_t j = 0; j < h->ndests; j++)
		if (!may_delete_dest(c, h, &h->dests[j]))
			all_dests_ok = false;
	if (svc_ok && all_dests_ok) {
		push(c, &c->del, IPVS_OP_SVC_DEL, h, NULL);
		return;
	}
	if (svc_ok)
		c->p->svcs_kept++;
	else
		c->p->foreign_kept++;
	for (size_t j = 0; j < h->ndests; j++) {
		if (may_delete_dest(c, h, &h->dests[j]))
			push(c, &c->dest, IPVS_OP_DEST_DEL, h, &h->dests[j]);
		else
			c->p->foreign_kept++;
	}
}

void
ipvs_plan_init(struct ipvs_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void
ipvs_plan_free(struct ipvs_plan *p)
{
	free(p->ops);
	free(p->adopt);
	ipvs_plan_init(p);
}

static size_t
append(struct ipvs_op *dst, const struct opvec *v)
{
	if (v->n)
		memcpy(dst, v->v, v->n * sizeof(*dst));
	return v->n;
}

static int
join(struct rctx *c, struct ipvs_plan *p)
{
	size_t n = c->svc.n + c->dest.n + c->del.n, at = 0;

	p->ops = calloc(n ? n : 1, sizeof(*p->ops));
	if (!p->ops)
		return -1;
	p->cap = n;
	at += append(p->ops + at, &c->svc);
	at += append(p->ops + at, &c->dest);
	append(p->ops + at, &c->del);
	p->n = n;
	p->phase1 = c->svc.n;
	return 0;
}

int
ipvs_reconcile(const struct ipvs_table *want, const struct ipvs_table *have,
	       const struct ipvs_keyset *owned,
	       const struct ipvs_reconcile_opts *o, struct ipvs_plan *p)
{
	struct rctx c = {.owned = owned, .flush = o && o->flush, .p = p};
	size_t i = 0, j = 0;
	int rc = 0;

	ipvs_plan_init(p);
	if (!ipvs_table_sorted(want) || !ipvs_table_sorted(have)) {
		errno = EINVAL;
		return -1;
	}
	while (i < want->n || j < have->n) {
		int cmp = i == want->n	 ? 1
			  : j == have->n ? -1
					 : ipvs_svc_key_cmp(&want->svcs[i].key,
							    &have->svcs[j].key);

		if (cmp < 0)
			want_only(&c, &want->svcs[i++]);
		else if (cmp > 0)
			have_only(&c, &have->svcs[j++]);
		else
			both_services(&c, &want->svcs[i++], &have->svcs[j++]);
	}
	if (c.err || join(&c, p) < 0) {
		ipvs_plan_free(p);
		errno = ENOMEM;
		rc = -1;
	}
	free(c.svc.v);
	free(c.dest.v);
	free(c.del.v);
	free(c.edits.v);
	free(c.dels.v);
	return rc;
}

static int
deleted_keys(const struct ipvs_plan *p, struct ipvs_keyset *del)
{
	for (size_t i = p->phase1; i < p->n; i++) {
		const struct ipvs_op *op = &p->ops[i];
		struct ipvs_ekey e;

		if (op->kind == IPVS_OP_SVC_DEL)
			ipvs_ekey_svc(&e, &op->svc->key);
		else if (op->kind == IPVS_OP_DEST_DEL)
			ipvs_ekey_dest(&e, &op->svc->key, &op->dest->key);
		else
			continue;
		if (ipvs_keyset_add(del, &e) < 0)
			return -1;
	}
	return 0;
}

/* Destinations of a service after the plan: w's (if wanted) and those of
 * h (if present) that it neither wants nor deletes, in key order. */
static int
merge_dests(struct ipvs_service *out, const struct ipvs_service *w,
	    const struct ipvs_service *h, const struct ipvs_keyset *del)
{
	size_t i = 0, j = 0, nw = w ? w->ndests : 0, nh = h ? h->ndests : 0;

	while (i < nw || j < nh) {
		int cmp = i == nw   ? 1
			  : j == nh ? -1
				    : ipvs_dest_key_cmp(&w->dests[i].key,
							&h->dests[j].key);
		const struct ipvs_dest *d;

		struct ipvs_dest *nd;

		if (cmp <= 0) {
			d = &w->dests[i++];
			j += cmp == 0;
		} else {
			d = &h->dests[j++];
			if (ipvs_keyset_has_dest(del, &h->key, &d->key))
				continue;
		}
		if (!(nd = ipvs_service_add_dest(out, d)))
			return -1;
		nd->owned |= cmp <= 0;
	}
	return 0;
}

int
ipvs_table_after(const struct ipvs_table *want, const struct ipvs_table *have,
		 const struct ipvs_plan *p, struct ipvs_table *out)
{
	struct ipvs_keyset del;
	size_t i = 0, j = 0;
	int rc = 0;

	ipvs_table_init(out);
	ipvs_keyset_init(&del);
	if (deleted_keys(p, &del) < 0)
		rc = -1;
	while (!rc && (i < want->n || j < have->n)) {
		int cmp = i == want->n	 ? 1
			  : j == have->n ? -1
					 : ipvs_svc_key_cmp(&want->svcs[i].key,
							    &have->svcs[j].key);
		const struct ipvs_service *w =
			cmp <= 0 ? &want->svcs[i++] : NULL;
		const struct ipvs_service *h =
			cmp >= 0 ? &have->svcs[j++] : NULL;
		struct ipvs_service *s;

		if (!w && ipvs_keyset_has_svc(&del, &h->key))
			continue;
		s = ipvs_table_add(out, w ? w : h);
		if (s && w)
			s->owned = true;
		if (!s || merge_dests(s, w, h, &del) < 0)
			rc = -1;
	}
	ipvs_keyset_free(&del);
	if (rc) {
		ipvs_table_free(out);
		errno = ENOMEM;
	}
	return rc;
}
