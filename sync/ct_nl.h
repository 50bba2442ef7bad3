/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's conntrack table through ctnetlink (libmnl, with
 * libnetfilter_conntrack's message parser and builder): three
 * non-blocking sockets on the child's loop —
 *
 * - events (NEW, UPDATE, DESTROY), when subscribed; a receive buffer
 *   overrun (ENOBUFS: events were lost) is reported, never hidden;
 * - a dump of the table, read in slices as the loop wakes (never a whole
 *   table in one callback);
 * - commits: entries created in the kernel, sent in batches, one message
 *   an entry; the kernel's answers are read after each batch: a create
 *   that found its entry goes again as an update, other refusals are
 *   counted.
 */
#ifndef VIGIL_SYNC_CT_NL_H
#define VIGIL_SYNC_CT_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "sync/chan.h"

struct ct_nl;

struct ct_nl_cb {
	/* an event (op new, update, destroy) or a dumped entry (dump) */
	void (*entry)(void *arg, const struct sch_ct *e, bool dump);
	/* the dump ended: 0, or -1 with errno */
	void (*dump_done)(void *arg, int err);
	/* the events socket overran: events were lost (its drop counter
	 * grew; also while a dump runs: dump again after it) */
	void (*overrun)(void *arg);
};

struct ct_nl_counts {
	uint64_t events, dumped, dumps, overruns;
	uint64_t commits, commit_errors;
	uint64_t commit_updates; /* creates that found the entry: updated */
	int last_commit_errno;
};

struct ct_nl *ct_nl_new(struct ev_loop *loop, const struct ct_nl_cb *cb,
			void *arg, char *err, size_t errlen);
void ct_nl_free(struct ct_nl *n);
/* The events socket's receive buffer from its next opening on (default
 * 16 MiB): what a burst may queue before events are lost (an overrun). */
void ct_nl_event_buffer(struct ct_nl *n, uint32_t bytes);
/* Listen to events or stop: 0 or -1 with errno. */
int ct_nl_events(struct ct_nl *n, bool on);
/* Start a dump (one at a time: EBUSY while one runs). */
int ct_nl_dump(struct ct_nl *n);
bool ct_nl_dumping(const struct ct_nl *n);
/* Queue an entry for the kernel; sent when the batch fills or at
 * ct_nl_commit_flush(). 0 or -1 with errno (EAGAIN: the socket is full,
 * try again later). */
int ct_nl_commit(struct ct_nl *n, const struct sch_ct *e);
int ct_nl_commit_flush(struct ct_nl *n);
const struct ct_nl_counts *ct_nl_counts(const struct ct_nl *n);

#endif
