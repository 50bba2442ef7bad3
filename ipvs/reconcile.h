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
	size_t adopted;	      /* wanted, present, not owned: now owned */
	size_t foreign_kept;  /* not wanted, not owned: left alone */
	size_t svcs_kept;     /* owned, not wanted, kept for a foreign dest */
};

struct ipvs_reconcile_opts {
	bool flush; /* also delete entries vigil does not own */
};

void ipvs_plan_init(struct ipvs_plan *p);
void ipvs_plan_free(struct ipvs_plan *p);

/*
 * want and have must be sorted (ipvs_table_sort); owned may be NULL (owns
 * nothing). The plan's operations point into want and have. 0, or -1 with
 * EINVAL (a table not sorted) or ENOMEM.
 */
int ipvs_reconcile(const struct ipvs_table *want, const struct ipvs_table *have,
		   const struct ipvs_keyset *owned,
		   const struct ipvs_reconcile_opts *o, struct ipvs_plan *p);

/*
 * The kernel's table once every operation of p succeeded: want's entries,
 * plus have's that p does not delete. Sorted. 0, or -1 with ENOMEM.
 */
int ipvs_table_after(const struct ipvs_table *want,
		     const struct ipvs_table *have, const struct ipvs_plan *p,
		     struct ipvs_table *out);

/*
 * Ownership after a pass: the entries of `have` (the kernel as it now is)
 * that were owned or are wanted. 0, or -1 with ENOMEM.
 */
int ipvs_owned_next(struct ipvs_keyset *next, const struct ipvs_keyset *owned,
		    const struct ipvs_table *want,
		    const struct ipvs_table *have);

#endif
