/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cache of conntrack entries (the backup's, and the master's own
 * table for resyncs): a hash table keyed by
 * the original tuple (family, protocol, zone, addresses, ports or ICMP
 * id/type/code), bounded by a cap; an entry that does not fit is dropped
 * and counted. Pure: no sockets, no clock.
 *
 * A resync marks a generation: entries not refreshed since the resync
 * began are what the master no longer has (ct_cache_sweep).
 */
#ifndef VIGIL_SYNC_CT_CACHE_H
#define VIGIL_SYNC_CT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sync/chan.h"

struct ct_cache;

/* NULL with errno on failure. */
struct ct_cache *ct_cache_new(size_t cap);
void ct_cache_free(struct ct_cache *c);
/* A new cap; entries over it stay until removed. */
void ct_cache_set_cap(struct ct_cache *c, size_t cap);
/* Insert or replace (op new or update). 0, or -1 when full (counted). */
int ct_cache_put(struct ct_cache *c, const struct sch_ct *e);
/* Remove the entry of e's tuple: 0, or -1 when it was not there. */
int ct_cache_del(struct ct_cache *c, const struct sch_ct *e);
const struct sch_ct *ct_cache_get(const struct ct_cache *c,
				  const struct sch_ct *key);
size_t ct_cache_count(const struct ct_cache *c);
uint64_t ct_cache_drops(const struct ct_cache *c);
void ct_cache_clear(struct ct_cache *c);

/* Start a new generation (a resync began); entries put from now on
 * belong to it. */
void ct_cache_mark(struct ct_cache *c);
/* Remove the entries older than the current generation: how many. */
size_t ct_cache_sweep(struct ct_cache *c);

/* A walk in slices sees each entry there at its start once (entries
 * added meanwhile may be seen or not): entries never move, whatever the
 * index does. Freezing is kept for the callers and does nothing. */
void ct_cache_freeze(struct ct_cache *c, bool frozen);

/* Walk in slices: *pos starts at 0; up to `max` entries go to fn; returns
 * how many were visited, 0 at the end. Freeze the cache while a walk
 * runs. */
size_t ct_cache_walk(const struct ct_cache *c, size_t *pos, size_t max,
		     void (*fn)(void *arg, const struct sch_ct *e), void *arg);

#endif
