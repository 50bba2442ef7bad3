// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The backup's cache of conntrack entries (ct_cache.h): open hashing with
 * chains, the bucket count a power of two grown with the entries.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sync/ct_cache.h"

struct node {
	struct node *next;
	uint32_t hash, gen;
	struct sch_ct e;
};

struct ct_cache {
	struct node **b;
	size_t nb, n, cap;
	uint32_t gen;
	uint64_t drops;
	bool frozen;
};

/* FNV-1a over the tuple's fields, then mixed: FNV's low bits, the
 * bucket's, follow fields that vary together (address and port both
 * counting up) and filled a few chains. */
static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static uint32_t
hash_of(const struct sch_ct *e)
{
	size_t a = e->family == 6 ? 16 : 4;
	uint32_t h = 2166136261u;

	h = fnv(h, &e->family, 1);
	h = fnv(h, &e->proto, 1);
	h = fnv(h, &e->zone, 2);
	h = fnv(h, e->orig_src.b, a);
	h = fnv(h, e->orig_dst.b, a);
	h = fnv(h, &e->orig_sport, 2);
	h = fnv(h, &e->orig_dport, 2);
	h = fnv(h, &e->icmp_id, 2);
	h = fnv(h, &e->icmp_type, 1);
	h = fnv(h, &e->icmp_code, 1);
	/* the final mix of MurmurHash3 (public domain) */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

static bool
same(const struct sch_ct *x, const struct sch_ct *y)
{
	size_t a = x->family == 6 ? 16 : 4;

	return x->family == y->family && x->proto == y->proto &&
	       x->zone == y->zone && x->orig_sport == y->orig_sport &&
	       x->orig_dport == y->orig_dport && x->icmp_id == y->icmp_id &&
	       x->icmp_type == y->icmp_type && x->icmp_code == y->icmp_code &&
	       !memcmp(x->orig_src.b, y->orig_src.b, a) &&
	       !memcmp(x->orig_dst.b, y->orig_dst.b, a);
}

struct ct_cache *
ct_cache_new(size_t cap)
{
	struct ct_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->nb = 1024;
	c->cap = cap;
	if (!(c->b = calloc(c->nb, sizeof(*c->b)))) {
		free(c);
		return NULL;
	}
	return c;
}

void
ct_cache_clear(struct ct_cache *c)
{
	for (size_t i = 0; i < c->nb; i++)
		while (c->b[i]) {
			struct node *n = c->b[i];

			c->b[i] = n->next;
			free(n);
		}
	c->n = 0;
}

void
ct_cache_free(struct ct_cache *c)
{
	if (!c)
		return;
	ct_cache_clear(c);
	free(c->b);
	free(c);
}

void
ct_cache_set_cap(struct ct_cache *c, size_t cap)
{
	c->cap = cap;
}

/* Double the buckets when the chains average over 1 (each node in a
 * chain is a cache miss on the master's per-event path); on failure
 * keep the old table (longer chains, still correct). */
static void
grow(struct ct_cache *c)
{
	size_t nb = c->nb * 2;
	struct node **b;

	if (c->frozen || c->n < c->nb || !(b = calloc(nb, sizeof(*b))))
		return;
	for (size_t i = 0; i < c->nb; i++)
		while (c->b[i]) {
			struct node *n = c->b[i];

			c->b[i] = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	free(c->b);
	c->b = b;
	c->nb = nb;
}

static struct node **
slot(const struct ct_cache *c, const struct sch_ct *e, uint32_t h)
{
	struct node **p = &c->b[h & (c->nb - 1)];

	while (*p && !((*p)->hash == h && same(&(*p)->e, e)))
		p = &(*p)->next;
	return p;
}

int
ct_cache_put(struct ct_cache *c, const struct sch_ct *e)
{
	uint32_t h = hash_of(e);
	struct node **p = slot(c, e, h), *n = *p;

	if (!n) {
		if (c->n >= c->cap || !(n = malloc(sizeof(*n)))) {
			c->drops++;
			errno = ENOSPC;
			return -1;
		}
		n->next = NULL;
		n->hash = h;
		*p = n;
		c->n++;
	}
	n->e = *e;
	n->gen = c->gen;
	grow(c);
	return 0;
}

int
ct_cache_del(struct ct_cache *c, const struct sch_ct *e)
{
	struct node **p = slot(c, e, hash_of(e)), *n = *p;

	if (!n)
		return -1;
	*p = n->next;
	free(n);
	c->n--;
	return 0;
}

const struct sch_ct *
ct_cache_get(const struct ct_cache *c, const struct sch_ct *key)
{
	struct node *n = *slot(c, key, hash_of(key));

	return n ? &n->e : NULL;
}

size_t
ct_cache_count(const struct ct_cache *c)
{
	return c->n;
}

uint64_t
ct_cache_drops(const struct ct_cache *c)
{
	return c->drops;
}

void
ct_cache_freeze(struct ct_cache *c, bool frozen)
{
	c->frozen = frozen;
	if (!frozen)
		grow(c);
}

void
ct_cache_mark(struct ct_cache *c)
{
	c->gen++;
}

size_t
ct_cache_sweep(struct ct_cache *c)
{
	size_t gone = 0;

	for (size_t i = 0; i < c->nb; i++)
		for (struct node **p = &c->b[i]; *p;) {
			struct node *n = *p;

			if (n->gen == c->gen) {
				p = &n->next;
				continue;
			}
			*p = n->next;
			free(n);
			c->n--;
			gone++;
		}
	return gone;
}

size_t
ct_cache_walk(const struct ct_cache *c, size_t *pos, size_t max,
	      void (*fn)(void *arg, const struct sch_ct *e), void *arg)
{
	size_t seen = 0;

	/* pos counts buckets: a slice ends at a bucket's end */
	while (*pos < c->nb && seen < max) {
		for (const struct node *n = c->b[*pos]; n; n = n->next, seen++)
			fn(arg, &n->e);
		(*pos)++;
	}
	return seen;
}
