// SPDX-License-Identifier: GPL-2.0-or-later
/* Sets of table entries; see keyset.h (the file form is in statefile.c). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs/keyset.h"

#define KIND_SVC 1
#define KIND_DEST 2

static void
put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

void
ipvs_ekey_svc(struct ipvs_ekey *e, const struct ipvs_svc_key *k)
{
	memset(e, 0, sizeof(*e));
	e->b[0] = KIND_SVC;
	put16(e->b + 2, k->af);
	put16(e->b + 4, k->fwmark ? 0 : k->protocol);
	put16(e->b + 6, k->fwmark ? 0 : k->port);
	memcpy(e->b + 8, &k->fwmark, 4);
	if (!k->fwmark)
		memcpy(e->b + 12, k->addr.b, ipaddr_len(k->af));
}

void
ipvs_ekey_dest(struct ipvs_ekey *e, const struct ipvs_svc_key *k,
	       const struct ipvs_dest_key *d)
{
	uint16_t af = d->af ? d->af : k->af;

	ipvs_ekey_svc(e, k);
	e->b[0] = KIND_DEST;
	put16(e->b + 28, af);
	put16(e->b + 30, d->port);
	memcpy(e->b + 32, d->addr.b, ipaddr_len(af));
}

bool
ipvs_ekey_is_dest(const struct ipvs_ekey *e)
{
	return e->b[0] == KIND_DEST;
}

void
ipvs_ekey_split(const struct ipvs_ekey *e, struct ipvs_svc_key *k,
		struct ipvs_dest_key *d)
{
	ipvs_svc_key_clear(k);
	memcpy(&k->af, e->b + 2, 2);
	memcpy(&k->protocol, e->b + 4, 2);
	memcpy(&k->port, e->b + 6, 2);
	memcpy(&k->fwmark, e->b + 8, 4);
	memcpy(k->addr.b, e->b + 12, 16);
	if (!ipvs_ekey_is_dest(e))
		return;
	ipvs_dest_key_clear(d);
	memcpy(&d->af, e->b + 28, 2);
	memcpy(&d->port, e->b + 30, 2);
	memcpy(d->addr.b, e->b + 32, 16);
}

/* A word at a time: the keys are 48 bytes, and a reload looks up every
 * entry of the table. */
static uint64_t
hash(const struct ipvs_ekey *e)
{
	uint64_t h = 0x9e3779b97f4a7c15ull, w;

	for (size_t i = 0; i < IPVS_EKEY_LEN; i += sizeof(w)) {
		memcpy(&w, e->b + i, sizeof(w));
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	return h;
}

void
ipvs_keyset_init(struct ipvs_keyset *s)
{
	memset(s, 0, sizeof(*s));
}

void
ipvs_keyset_free(struct ipvs_keyset *s)
{
	free(s->slots);
	free(s->used);
	ipvs_keyset_init(s);
}

/* Open addressing, linear probing; cap is a power of two, at most half
 * full. Returns the slot of e, or of the empty slot where it would go. */
static size_t
probe(const struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	size_t mask = s->cap - 1, i = (size_t)hash(e) & mask;

	while (s->used[i] && memcmp(&s->slots[i], e, sizeof(*e)))
		i = (i + 1) & mask;
	return i;
}

static int
rehash(struct ipvs_keyset *s, size_t ncap)
{
	struct ipvs_keyset n = {.cap = ncap};

	n.slots = calloc(ncap, sizeof(*n.slots));
	n.used = calloc(ncap, 1);
	if (!n.slots || !n.used) {
		free(n.slots);
		free(n.used);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (s->used[i]) {
			size_t j = probe(&n, &s->slots[i]);

			n.slots[j] = s->slots[i];
			n.used[j] = 1;
			n.n++;
		}
	}
	ipvs_keyset_free(s);
	*s = n;
	return 0;
}

int
ipvs_keyset_add(struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap && rehash(s, s->cap ? s->cap * 2 : 64))
		return -1;
	i = probe(s, e);
	if (s->used[i])
		return 0;
	s->slots[i] = *e;
	s->used[i] = 1;
	s->n++;
	return 1;
}

/* Linear probing without tombstones: the entries after the hole that
 * cannot be found past it any more move back into it. */
int
ipvs_keyset_del(struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	size_t mask, i, j;

	if (!s->cap || !s->used[i = probe(s, e)])
		return 0;
	mask = s->cap - 1;
	s->used[i] = 0;
	s->n--;
	for (j = (i + 1) & mask; s->used[j]; j = (j + 1) & mask) {
		size_t home = (size_t)hash(&s->slots[j]) & mask;
		bool stays = i <= j ? (i < home && home <= j)
				    : (i < home || home <= j);

		if (stays)
			continue;
		s->slots[i] = s->slots[j];
		s->used[i] = 1;
		s->used[j] = 0;
		i = j;
	}
	return 1;
}

bool
ipvs_keyset_has(const struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	return s->cap && s->used[probe(s, e)];
}

bool
ipvs_keyset_has_svc(const struct ipvs_keyset *s, const struct ipvs_svc_key *k)
{
	struct ipvs_ekey e;

	ipvs_ekey_svc(&e, k);
	return ipvs_keyset_has(s, &e);
}

bool
ipvs_keyset_has_dest(const struct ipvs_keyset *s, const struct ipvs_svc_key *k,
		     const struct ipvs_dest_key *d)
{
	struct ipvs_ekey e;

	ipvs_ekey_dest(&e, k, d);
	return ipvs_keyset_has(s, &e);
}

bool
ipvs_keyset_equal(const struct ipvs_keyset *a, const struct ipvs_keyset *b)
{
	const struct ipvs_ekey *e;
	size_t pos = 0;

	if (a->n != b->n)
		return false;
	while ((e = ipvs_keyset_next(a, &pos)))
		if (!ipvs_keyset_has(b, e))
			return false;
	return true;
}

int
ipvs_keyset_add_table(struct ipvs_keyset *s, const struct ipvs_table *t)
{
	struct ipvs_ekey e;

	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_service *sv = &t->svcs[i];

		ipvs_ekey_svc(&e, &sv->key);
		if (ipvs_keyset_add(s, &e) < 0)
			return -1;
		for (size_t j = 0; j < sv->ndests; j++) {
			ipvs_ekey_dest(&e, &sv->key, &sv->dests[j].key);
			if (ipvs_keyset_add(s, &e) < 0)
				return -1;
		}
	}
	return 0;
}

const struct ipvs_ekey *
ipvs_keyset_next(const struct ipvs_keyset *s, size_t *pos)
{
	while (*pos < s->cap) {
		size_t i = (*pos)++;

		if (s->used[i])
			return &s->slots[i];
	}
	return NULL;
}
