// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a plan does besides its operations: the ownership it claims and
 * releases, and the kernel table it leaves, computed in place. Each costs
 * what the plan changes, so a small reload of a large table stays small.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs/reconcile.h"

struct keyvec {
	struct ipvs_ekey *v;
	size_t n, cap;
};

static struct ipvs_ekey *
next_key(struct keyvec *k)
{
	if (ipvs_grow((void **)&k->v, &k->cap, k->n + 1, sizeof(*k->v)))
		return NULL;
	return &k->v[k->n++];
}

static int
give(struct keyvec *k, int rc, struct ipvs_ekey **keys, size_t *n)
{
	if (rc < 0) {
		free(k->v);
		errno = ENOMEM;
		return -1;
	}
	*keys = k->v;
	*n = k->n;
	return 0;
}

/* The key of op's entry into *e. */
static void
op_key(const struct ipvs_op *op, struct ipvs_ekey *e)
{
	if (ipvs_op_is_dest(op->kind))
		ipvs_ekey_dest(e, &op->svc->key, &op->dest->key);
	else
		ipvs_ekey_svc(e, &op->svc->key);
}

int
ipvs_plan_claims(const struct ipvs_plan *p, struct ipvs_ekey **keys, size_t *n)
{
	struct keyvec k = {0};
	struct ipvs_ekey *e;
	int rc = 0;

	for (size_t i = 0; i < p->n && !rc; i++) {
		const struct ipvs_op *op = &p->ops[i];

		if (op->kind != IPVS_OP_SVC_ADD && op->kind != IPVS_OP_DEST_ADD)
			continue;
		if ((e = next_key(&k)))
			op_key(op, e);
		else
			rc = -1;
	}
	for (size_t i = 0; i < p->adopted && !rc; i++) {
		if ((e = next_key(&k)))
			*e = p->adopt[i];
		else
			rc = -1;
	}
	return give(&k, rc, keys, n);
}

int
ipvs_plan_releases(const struct ipvs_plan *p, const int *errs,
		   struct ipvs_ekey **keys, size_t *n)
{
	struct keyvec k = {0};
	struct ipvs_ekey *e;
	int rc = 0;

	for (size_t i = 0; i < p->n && !rc; i++) {
		const struct ipvs_op *op = &p->ops[i];

		if ((errs && errs[i]) || (op->kind != IPVS_OP_SVC_DEL &&
					  op->kind != IPVS_OP_DEST_DEL))
			continue;
		if (!(e = next_key(&k))) {
			rc = -1;
			break;
		}
		op_key(op, e);
		if (op->kind != IPVS_OP_SVC_DEL)
			continue;
		for (size_t j = 0; j < op->svc->ndests && !rc; j++) {
			if ((e = next_key(&k)))
				ipvs_ekey_dest(e, &op->svc->key,
					       &op->svc->dests[j].key);
			else
				rc = -1;
		}
	}
	return give(&k, rc, keys, n);
}

size_t
ipvs_owned_prune(struct ipvs_keyset *owned, const struct ipvs_table *have)
{
	struct keyvec gone = {0};
	const struct ipvs_ekey *e;
	size_t pos = 0, n;

	/* collect first: deleting while iterating moves entries */
	while ((e = ipvs_keyset_next(owned, &pos))) {
		struct ipvs_svc_key k;
		struct ipvs_dest_key d;
		const struct ipvs_service *s;
		struct ipvs_ekey *slot;

		ipvs_ekey_split(e, &k, &d);
		s = ipvs_table_find(have, &k);
		if (s &&
		    (!ipvs_ekey_is_dest(e) || ipvs_service_find_dest(s, &d)))
			continue;
		if (!(slot = next_key(&gone)))
			break; /* out of memory: prune less, never more */
		*slot = *e;
	}
	for (size_t i = 0; i < gone.n; i++)
		ipvs_keyset_del(owned, &gone.v[i]);
	n = gone.n;
	free(gone.v);
	return n;
}

static void
mark_key(struct ipvs_table *t, const struct ipvs_ekey *e)
{
	struct ipvs_svc_key k;
	struct ipvs_dest_key d;
	struct ipvs_service *s;
	struct ipvs_dest *dd;

	ipvs_ekey_split(e, &k, &d);
	if (!(s = ipvs_table_find(t, &k)))
		return;
	if (!ipvs_ekey_is_dest(e))
		s->owned = true;
	else if ((dd = ipvs_service_find_dest(s, &d)))
		dd->owned = true;
}

void
ipvs_table_mark_keys(struct ipvs_table *t, const struct ipvs_ekey *keys,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		mark_key(t, &keys[i]);
}

void
ipvs_table_mark(struct ipvs_table *t, const struct ipvs_keyset *owned)
{
	for (size_t i = 0; i < t->n; i++) {
		struct ipvs_service *s = &t->svcs[i];

		s->owned = ipvs_keyset_has_svc(owned, &s->key);
		for (size_t j = 0; j < s->ndests; j++)
			s->dests[j].owned = ipvs_keyset_has_dest(
				owned, &s->key, &s->dests[j].key);
	}
}

/* An operation by value: the plan's pointers into t move as t changes. */
struct pop {
	enum ipvs_op_kind kind;
	struct ipvs_svc_key sk;
	struct ipvs_dest_key dk;
	const struct ipvs_service *ws; /* add/edit: want's, which stays put */
	const struct ipvs_dest *wd;
};

static int
patch_one(struct ipvs_table *t, const struct pop *o)
{
	struct ipvs_service *s = ipvs_table_find(t, &o->sk);
	struct ipvs_dest *d;

	if (o->kind == IPVS_OP_SVC_ADD) {
		if (!s && !(s = ipvs_table_insert(t, o->ws)))
			return -1;
		s->owned = true;
		return 0;
	}
	if (!s)
		return 0; /* gone already (a deletion of a deleted service) */
	switch (o->kind) {
	case IPVS_OP_SVC_EDIT:
		memcpy(s->sched, o->ws->sched, sizeof(s->sched));
		memcpy(s->pe, o->ws->pe, sizeof(s->pe));
		s->flags = o->ws->flags;
		s->timeout = o->ws->timeout;
		s->netmask = o->ws->netmask;
		return 0;
	case IPVS_OP_SVC_DEL:
		ipvs_table_remove(t, s);
		return 0;
	case IPVS_OP_DEST_ADD:
		if (!(d = ipvs_service_find_dest(s, &o->dk)) &&
		    !(d = ipvs_service_insert_dest(s, o->wd)))
			return -1;
		d->owned = true;
		return 0;
	default:
		break;
	}
	if (!(d = ipvs_service_find_dest(s, &o->dk)))
		return 0;
	if (o->kind == IPVS_OP_DEST_DEL) {
		ipvs_service_remove_dest(s, d);
	} else {
		struct ipvs_dest keep = *d;

		*d = *o->wd;
		d->active_conns = keep.active_conns;
		d->inact_conns = keep.inact_conns;
		d->persist_conns = keep.persist_conns;
		d->stats = keep.stats;
		d->owned = keep.owned;
	}
	return 0;
}

int
ipvs_table_patch(struct ipvs_table *t, const struct ipvs_plan *p)
{
	struct pop *ops = calloc(p->n ? p->n : 1, sizeof(*ops));
	int rc = 0;

	if (!ops) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct ipvs_op *op = &p->ops[i];

		ops[i] = (struct pop){.kind = op->kind,
				      .sk = op->svc->key,
				      .ws = op->svc,
				      .wd = op->dest};
		if (op->dest)
			ops[i].dk = op->dest->key;
	}
	for (size_t i = 0; i < p->n && !rc; i++)
		rc = patch_one(t, &ops[i]);
	free(ops);
	if (rc)
		errno = ENOMEM;
	return rc;
}
