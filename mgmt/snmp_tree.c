// SPDX-License-Identifier: GPL-2.0-or-later
/* A MIB branch as a sorted list of leaves (snmp_tree.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mgmt/snmp_tree.h"

int
snmp_oid_cmp(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	for (size_t i = 0; i < alen && i < blen; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

void
snmp_tree_init(struct snmp_tree *t)
{
	memset(t, 0, sizeof(*t));
}

void
snmp_tree_free(struct snmp_tree *t)
{
	free(t->v);
	snmp_tree_init(t);
}

/* A leaf that cannot be added is written to a scratch slot, so that the
 * caller needs no check; the tree says it failed. */
static struct snmp_leaf *
scratch(struct snmp_tree *t)
{
	t->failed = true;
	return &t->lost;
}

struct snmp_leaf *
snmp_tree_add(struct snmp_tree *t, const uint32_t *prefix, size_t plen,
	      uint32_t col, const uint32_t *idx, size_t ilen,
	      enum snmp_vtype type)
{
	struct snmp_leaf *l;

	if (plen + 1 + ilen > SNMP_OID_MAX)
		return scratch(t);
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct snmp_leaf *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return scratch(t);
		t->v = v;
		t->cap = cap;
	}
	l = &t->v[t->n++];
	memset(l, 0, sizeof(*l));
	memcpy(l->oid, prefix, plen * sizeof(*prefix));
	l->oid[plen] = col;
	if (ilen) /* a scalar has none: idx may be NULL */
		memcpy(l->oid + plen + 1, idx, ilen * sizeof(*idx));
	l->len = (uint8_t)(plen + 1 + ilen);
	l->type = (uint8_t)type;
	return l;
}

void
snmp_tree_int(struct snmp_leaf *l, int64_t v)
{
	l->num = v;
}

void
snmp_tree_str(struct snmp_leaf *l, const void *s, size_t len)
{
	if (len > sizeof(l->str))
		len = sizeof(l->str);
	memcpy(l->str, s, len);
	l->slen = (uint16_t)len;
}

static int
leaf_cmp(const void *a, const void *b)
{
	const struct snmp_leaf *x = a, *y = b;

	return snmp_oid_cmp(x->oid, x->len, y->oid, y->len);
}

void
snmp_tree_sort(struct snmp_tree *t)
{
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), leaf_cmp);
}

/* The index of the first leaf >= oid. */
static size_t
lower_bound(const struct snmp_tree *t, const uint32_t *oid, size_t len)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (snmp_oid_cmp(t->v[mid].oid, t->v[mid].len, oid, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct snmp_leaf *
snmp_tree_get(const struct snmp_tree *t, const uint32_t *oid, size_t len)
{
	size_t i = lower_bound(t, oid, len);

	return i < t->n && !snmp_oid_cmp(t->v[i].oid, t->v[i].len, oid, len)
		       ? &t->v[i]
		       : NULL;
}

const struct snmp_leaf *
snmp_tree_next(const struct snmp_tree *t, const uint32_t *oid, size_t len)
{
	size_t i = lower_bound(t, oid, len);

	if (i < t->n && !snmp_oid_cmp(t->v[i].oid, t->v[i].len, oid, len))
		i++;
	return i < t->n ? &t->v[i] : NULL;
}
