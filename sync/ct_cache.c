// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cache of conntrack entries (ct_cache.h): entries in chunks, an
 * open-addressing index, the slot count a power of two grown with the
 * entries.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sync/ct_cache.h"

/* Entries live in chunks that never move (a walk goes by their index,
 * whatever the index table does meanwhile); a free list of indices
 * reuses removed ones: no allocation per entry. The index is open
 * addressing with linear probing, a slot the hash and the entry's index
 * + 1 (0: empty), at most half full: a lookup of a new tuple reads one
 * cache line of slots and no entry (perf: the chained table's walk was
 * the master's largest cost of its own, a cache miss a node). */
#define CHUNK_BITS 12
#define CHUNK (1u << CHUNK_BITS)
#define HUGE (2u << 20)

struct node {
	struct sch_ct e;
	uint32_t hash, gen;
	bool used;
};

struct slot {
	uint32_t hash, idx1;
};

struct ct_cache {
	struct slot *s;
	size_t ns; /* slots, a power of two */
	struct node **chunk;
	size_t nchunks, top; /* nodes handed out so far (the walk's end) */
	uint32_t *freel;
	size_t nfree, freecap;
	size_t n, cap;
	uint32_t gen;
	uint64_t drops;
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

/* The index, read at random: zeroed pages straight from mmap, on 2 MiB
 * boundaries once 2 MiB or more, with transparent huge pages asked for
 * (a TLB entry per 2 MiB, not per 4 KiB: fewer misses per lookup). */
static size_t
slots_bytes(size_t ns)
{
	size_t n = ns * sizeof(struct slot);

	return n < HUGE ? n : (n + HUGE - 1) & ~(size_t)(HUGE - 1);
}

static struct slot *
slots_new(size_t ns)
{
	size_t n = slots_bytes(ns), extra = n < HUGE ? 0 : HUGE;
	uint8_t *p = mmap(NULL, n + extra, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t head;

	if (p == MAP_FAILED)
		return NULL;
	if (!extra)
		return (struct slot *)p;
	head = (HUGE - (uintptr_t)p % HUGE) % HUGE;
	if (head)
		munmap(p, head);
	munmap(p + head + n, extra - head);
	madvise(p + head, n, MADV_HUGEPAGE); /* a hint */
	return (struct slot *)(p + head);
}

static void
slots_free(struct slot *s, size_t ns)
{
	if (s)
		munmap(s, slots_bytes(ns));
}

struct ct_cache *
ct_cache_new(size_t cap)
{
	struct ct_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ns = 2048;
	c->cap = cap;
	if (!(c->s = slots_new(c->ns))) {
		free(c);
		return NULL;
	}
	return c;
}

static struct node *
node_at(const struct ct_cache *c, uint32_t i)
{
	return &c->chunk[i >> CHUNK_BITS][i & (CHUNK - 1)];
}

void
ct_cache_clear(struct ct_cache *c)
{
	for (size_t i = 0; i < c->nchunks; i++)
		free(c->chunk[i]);
	free(c->chunk);
	free(c->freel);
	c->chunk = NULL;
	c->freel = NULL;
	c->nchunks = c->top = c->nfree = c->freecap = c->n = 0;
	memset(c->s, 0, c->ns * sizeof(*c->s));
}

void
ct_cache_free(struct ct_cache *c)
{
	if (!c)
		return;
	ct_cache_clear(c);
	slots_free(c->s, c->ns);
	free(c);
}

void
ct_cache_set_cap(struct ct_cache *c, size_t cap)
{
	c->cap = cap;
}

/* The slot of e's tuple, or the empty slot where it would go. */
static struct slot *
find(const struct ct_cache *c, const struct sch_ct *e, uint32_t h)
{
	size_t mask = c->ns - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *s = &c->s[i];

		if (!s->idx1 ||
		    (s->hash == h && same(&node_at(c, s->idx1 - 1)->e, e)))
			return s;
	}
}

/* Double the slots when over half full; on failure keep the old table
 * (fuller, still correct: one slot always stays empty, as put refuses
 * an entry that would fill the last). */
static void
grow(struct ct_cache *c)
{
	size_t ns = c->ns * 2, mask = ns - 1;
	struct slot *s;

	if (c->n * 2 < c->ns || !(s = slots_new(ns)))
		return;
	for (size_t i = 0; i < c->ns; i++) {
		size_t j;

		if (!c->s[i].idx1)
			continue;
		for (j = c->s[i].hash & mask; s[j].idx1; j = (j + 1) & mask)
			;
		s[j] = c->s[i];
	}
	slots_free(c->s, c->ns);
	c->s = s;
	c->ns = ns;
}

/* A node's index for a new entry: a freed one, else the next. */
static int
node_new(struct ct_cache *c, uint32_t *idx)
{
	if (c->nfree) {
		*idx = c->freel[--c->nfree];
		return 0;
	}
	if (c->top == c->nchunks * CHUNK) {
		struct node **ch =
			realloc(c->chunk, (c->nchunks + 1) * sizeof(*ch));

		if (!ch)
			return -1;
		c->chunk = ch;
		if (!(ch[c->nchunks] = malloc(CHUNK * sizeof(struct node))))
			return -1;
		c->nchunks++;
	}
	*idx = (uint32_t)c->top++;
	return 0;
}

int
ct_cache_put(struct ct_cache *c, const struct sch_ct *e)
{
	uint32_t h = hash_of(e), idx;
	struct slot *s = find(c, e, h);
	struct node *n;

	if (!s->idx1) {
		if (c->n >= c->cap || c->n + 1 >= c->ns ||
		    node_new(c, &idx) < 0) {
			c->drops++;
			errno = ENOSPC;
			return -1;
		}
		s->hash = h;
		s->idx1 = idx + 1;
		c->n++;
	}
	n = node_at(c, s->idx1 - 1);
	n->e = *e;
	n->hash = h;
	n->gen = c->gen;
	n->used = true;
	grow(c);
	return 0;
}

/* Empty slot s: the entries after it in its run move back into the
 * hole when their home is not between the hole and them (linear
 * probing's deletion, no tombstones). Frees its node. */
static void
unlink_slot(struct ct_cache *c, struct slot *s)
{
	size_t mask = c->ns - 1, hole = (size_t)(s - c->s);
	uint32_t idx = s->idx1 - 1;

	if (c->nfree == c->freecap) {
		size_t cap = c->freecap ? c->freecap * 2 : 1024;
		uint32_t *f = realloc(c->freel, cap * sizeof(*f));

		if (f) {
			c->freel = f;
			c->freecap = cap;
		}
	}
	if (c->nfree < c->freecap)
		c->freel[c->nfree++] = idx;
	node_at(c, idx)->used = false;
	c->n--;
	for (size_t j = (hole + 1) & mask; c->s[j].idx1; j = (j + 1) & mask) {
		size_t home = c->s[j].hash & mask;

		/* home cyclically in (hole, j]: it stays */
		if (hole <= j ? (home > hole && home <= j)
			      : (home > hole || home <= j))
			continue;
		c->s[hole] = c->s[j];
		hole = j;
	}
	c->s[hole] = (struct slot){0};
}

int
ct_cache_del(struct ct_cache *c, const struct sch_ct *e)
{
	struct slot *s = find(c, e, hash_of(e));

	if (!s->idx1)
		return -1;
	unlink_slot(c, s);
	return 0;
}

const struct sch_ct *
ct_cache_get(const struct ct_cache *c, const struct sch_ct *key)
{
	struct slot *s = find(c, key, hash_of(key));

	return s->idx1 ? &node_at(c, s->idx1 - 1)->e : NULL;
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
	/* nothing to do: a walk goes by node, and nodes never move */
	(void)c, (void)frozen;
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

	for (uint32_t i = 0; i < c->top; i++) {
		struct node *n = node_at(c, i);

		if (!n->used || n->gen == c->gen)
			continue;
		unlink_slot(c, find(c, &n->e, n->hash));
		gone++;
	}
	return gone;
}

size_t
ct_cache_walk(const struct ct_cache *c, size_t *pos, size_t max,
	      void (*fn)(void *arg, const struct sch_ct *e), void *arg)
{
	size_t seen = 0;

	/* pos counts nodes: one removed meanwhile is skipped, one reused
	 * behind pos is not seen (it was added after the walk began) */
	for (; *pos < c->top && seen < max; (*pos)++) {
		const struct node *n = node_at(c, (uint32_t)*pos);

		if (n->used) {
			fn(arg, &n->e);
			seen++;
		}
	}
	return seen;
}
