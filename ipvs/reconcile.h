/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reconcile: from the table vigil wants, the table the kernel has and the
 * entries vigil owns, the smallest ordered list of changes that makes the
 * kernel match. A pure function: no sockets, no clock.
 *
 * Rules
 *  - An entry wanted and present with the same settings is left alone;
 *    wanted and present but unowned, it is adopted (it becomes owned).
 *    So a restart of vigild finds its table in place and changes nothing.
 *  - An entry wanted and present with other settings is edited in place,
 *    never deleted and re-added: the kernel edits every setting that is
 *    not part of a key (scheduler, flags, persistence, engine; method,
 *    weight, thresholds, tunnel options), and an edit keeps connections
 *    and counters.
 *  - An entry present but not wanted is deleted only if vigil owns it, or
 *    with the flush option (lvs_flush). An owned service that holds a
 *    destination vigil does not own is kept, with only vigil's
 *    destinations removed, so deleting it cannot take the other one along.
 *  - Order: phase 1 adds and edits services; phase 2 (which needs phase
 *    1 done) works service by service, adding destinations before it
 *    edits and deletes any, so a service is never left empty on the way;
 *    services are deleted last.
 */
#ifndef VIGIL_IPVS_RECONCILE_H
#define VIGIL_IPVS_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>

#include "ipvs/keyset.h"
#include "ipvs/model.h"

struct ipvs_plan {
	struct ipvs_op *ops;
	size_t n, cap;
	size_t phase1; /* ops[0..phase1) add and edit services */
	/* What was decided without an operation. */
	size_t adopted;	     /* wanted, present, not owned: now owned */
	size_t foreign_kept; /* not wanted, not owned: left alone */
	size_t svcs_kept;    /* owned, not wanted, kept for a foreign dest */
	struct ipvs_ekey *adopt; /* the adopted entries' keys */
	size_t adopt_cap;
};

struct ipvs_reconcile_opts {
	bool flush; /* also delete entries vigil does not own */
};

void ipvs_plan_init(struct ipvs_plan *p);
void ipvs_plan_free(struct ipvs_plan *p);

/*
 * want and have must be sorted (ipvs_table_sort); owned may be NULL (owns
 * nothing). An entry of have marked `owned` is taken as owned without a
 * lookup: the converger keeps those marks so that a reload of a large
 * table does not look up every entry; unmarked entries are looked up.
 * The plan's operations point into want and have. 0, or -1 with EINVAL (a
 * table not sorted) or ENOMEM.
 */
int ipvs_reconcile(const struct ipvs_table *want, const struct ipvs_table *have,
		   const struct ipvs_keyset *owned,
		   const struct ipvs_reconcile_opts *o, struct ipvs_plan *p);

/*
 * The kernel's table once every operation of p succeeded: want's entries,
 * plus have's that p does not delete. Sorted; want's entries are marked
 * owned (p claims them all: adds and adoptions). 0, or -1 with ENOMEM.
 */
int ipvs_table_after(const struct ipvs_table *want,
		     const struct ipvs_table *have, const struct ipvs_plan *p,
		     struct ipvs_table *out);
/*
 * The same, in place: t is the `have` that p was planned from, or a copy
 * of it. Costs what p changes, not what t holds; for plans small next to
 * the table. Added entries are marked owned, the adopted ones are not
 * (ipvs_table_mark does that). 0, or -1 with ENOMEM (t is then not to be
 * trusted).
 */
int ipvs_table_patch(struct ipvs_table *t, const struct ipvs_plan *p);

/*
 * Ownership moves with the plan. Claims: the entries p adds and the ones
 * it adopts, to be recorded before the operations go out. Releases: what
 * p deleted, a service with its destinations (errs: each operation's
 * outcome, 0 for success; NULL if all succeeded). Both malloc *keys.
 * 0, or -1 with ENOMEM.
 */
int ipvs_plan_claims(const struct ipvs_plan *p, struct ipvs_ekey **keys,
		     size_t *n);
int ipvs_plan_releases(const struct ipvs_plan *p, const int *errs,
		       struct ipvs_ekey **keys, size_t *n);
/* Mark the entries of t that owned holds (all of them, or, with keys,
 * only those n). */
void ipvs_table_mark(struct ipvs_table *t, const struct ipvs_keyset *owned);
void ipvs_table_mark_keys(struct ipvs_table *t, const struct ipvs_ekey *keys,
			  size_t n);
/* Drop from owned what the kernel (have) no longer holds, e.g. what an
 * admin deleted by hand. Returns how many went. */
size_t ipvs_owned_prune(struct ipvs_keyset *owned,
			const struct ipvs_table *have);

#endif
