/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The converger: keeps the kernel's IPVS table converging to the table
 * vigil wants, pass after pass, through the pipelined client.
 *
 * A pass: read the kernel (at the start, after any failure, or always
 * with opts.reread; otherwise the table as the last clean pass left it),
 * reconcile, claim the wanted entries in the ownership file before
 * creating them (so a crash in the middle leaves nothing unowned behind),
 * apply phase 1 then phase 2 (destinations of a service whose add failed
 * are skipped, not sent), record ownership again, and report every
 * operation with its outcome.
 *
 * Failures: one failed entry does not stop the others. A pass with
 * failures schedules a retry with exponential backoff (retry_min doubling
 * up to retry_max); a new wanted table starts a pass at once. Time comes
 * from the caller (ipvs_conv_kick's now), so tests drive it.
 */
#ifndef VIGIL_IPVS_CONV_H
#define VIGIL_IPVS_CONV_H

#include <stdbool.h>
#include <stdint.h>

#include "ipvs/keyset.h"
#include "ipvs/model.h"
#include "ipvs/nl.h"
#include "ipvs/reconcile.h"

/* An operation not sent because the service it needs failed to be added. */
#define IPVS_ERR_SKIPPED (-1)

struct ipvs_conv_opts {
	const char *state_path; /* ownership file; NULL: kept in memory */
	bool flush;		/* delete entries vigil does not own */
	bool reread;		/* read the kernel before every pass */
	uint64_t retry_min_us;	/* first retry after a failure (1 s) */
	uint64_t retry_max_us;	/* backoff ceiling (60 s) */
};

struct ipvs_pass {
	int error;     /* the pass could not run (reading the kernel
			 * failed, or memory): nothing was applied */
	int state_err; /* the ownership file could not be read/written */
	size_t state_bad_lines, state_first_bad; /* damaged lines skipped */
	const struct ipvs_plan *plan;
	const int *errs; /* per plan op: 0, errno, or IPVS_ERR_SKIPPED */
	size_t applied, failed, skipped;
	uint64_t retry_at; /* 0: converged; else when the next try is due */
};

/* p and what it points to are valid during the call only. */
typedef void (*ipvs_pass_cb)(void *arg, const struct ipvs_pass *p);

struct ipvs_conv;

/* NULL with errno. The ownership file is read now; a damaged one is
 * reported with the first pass. */
struct ipvs_conv *ipvs_conv_new(struct ipvs_nl *nl,
				const struct ipvs_conv_opts *o, ipvs_pass_cb cb,
				void *arg);
void ipvs_conv_free(struct ipvs_conv *c);

/*
 * The table to converge to; the converger takes it over (*want is left
 * empty). It is sorted here: -1 with EEXIST on a duplicate key (the
 * previous table stays), with *dup naming it if dup is not NULL.
 */
int ipvs_conv_set(struct ipvs_conv *c, struct ipvs_table *want,
		  char dup[IPVS_OP_STRLEN]);
/* Start a pass if one is due (a new table, a retry) and none runs. */
void ipvs_conv_kick(struct ipvs_conv *c, uint64_t now_us);
/* Read the kernel before the next pass. */
void ipvs_conv_invalidate(struct ipvs_conv *c);
bool ipvs_conv_busy(const struct ipvs_conv *c);
/* When ipvs_conv_kick() should run next: 0 now, UINT64_MAX never. */
uint64_t ipvs_conv_next_due(const struct ipvs_conv *c);
/* The kernel's table as last read or applied (counters as last read). */
const struct ipvs_table *ipvs_conv_view(const struct ipvs_conv *c);
const struct ipvs_keyset *ipvs_conv_owned(const struct ipvs_conv *c);

#endif
