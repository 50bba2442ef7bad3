/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The conntrack replication's state, shared by sync/ct.c (roles,
 * sending, netlink) and sync/ct_rx.c (receiving, resync requests,
 * commit, status). Private to sync/.
 */
#ifndef VIGIL_SYNC_CT_INT_H
#define VIGIL_SYNC_CT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "sync/chan.h"
#include "sync/ct_conf.h"
#include "sync/ct_conv.h"
#include "sync/ct_mode.h"

struct ct_cache;
struct ct_nl;

/* How bytes travel (the mode says how reliability works). */
struct ct_chan_ops {
	const char *name;
	int (*send)(void *ch, uint8_t type, const void *p, size_t n,
		    uint32_t *seq);
	int (*resend)(void *ch, uint8_t type, uint32_t seq, const void *p,
		      size_t n);
	size_t (*max_payload)(void *ch);
	uint32_t (*sender)(void *ch);
};

extern const struct ct_chan_ops ct_chan_udp;

struct ct_counts {
	uint64_t events, filtered, sent_entries, send_errors;
	uint64_t received_entries, ignored_as_master, nacks_sent,
		nacks_received, resyncs_requested, resyncs_served, resyncs_done,
		resyncs_after_loss, overruns, swept;
	uint64_t committed, commit_runs, last_commit_ms;
	uint32_t last_resync_entries, last_resync_ms;
};

struct ct_sync {
	struct ev_loop *loop;
	struct ct_conf conf;
	const struct ct_chan_ops *chan;
	struct sch_sock *ch;
	const struct ct_mode_ops *mode_ops;
	struct ct_mode *mode;
	struct ct_cache *cache;
	struct ct_nl *nl;
	struct ct_filter filter;
	bool known, master;
	ev_time_t started;
	struct ev_timer flush, alive, nack, resync, commit, walk;

	/* the batch being filled (MASTER) */
	uint8_t tx[SCH_MAX_LEN];
	size_t txlen;

	/* a replay of the table for a resync (MASTER): from the cache, or
	 * from a kernel dump (after an overrun, after taking over) */
	bool replaying, replay_kernel;
	size_t walk_pos;
	uint32_t dump_target, dump_req, dump_count;
	ev_time_t dump_start;
	bool dump_again, again_kernel;
	uint32_t again_target, again_req;

	/* our request for a resync (not MASTER) */
	uint32_t req_id;
	unsigned req_backoff_s;
	ev_time_t req_at;
	bool in_resync; /* SCH_CT_DUMP entries arrive: a generation began */

	/* the commit of the cache in slices */
	size_t commit_pos;
	ev_time_t commit_start;
	bool committing;

	struct ct_counts c;
};

/* ct.c */
void ct_flush(struct ct_sync *ct);
/* Replay the table to target (0: every backup) as SCH_CT_DUMP entries
 * and a DONE: from the cache, or from a kernel dump (kernel). */
void ct_replay(struct ct_sync *ct, uint32_t target, uint32_t req_id,
	       bool kernel);

/* Listen to events and refresh the cache from the kernel (after the
 * commit, if any, when this director became MASTER). */
void ct_master_ready(struct ct_sync *ct);

/* ct_rx.c */
void ct_rx_init(struct ct_sync *ct);
/* Ask the master for its table (now, with the backoff reset, if fresh). */
void ct_ask_resync(struct ct_sync *ct, bool fresh);
void ct_on_nack_tick(struct ev_loop *loop, struct ev_timer *t, void *arg);
void ct_on_resync_timer(struct ev_loop *loop, struct ev_timer *t, void *arg);
/* Commit the cache to the kernel in slices: false if nothing to do. */
bool ct_commit_start(struct ct_sync *ct);
void ct_on_commit_slice(struct ev_loop *loop, struct ev_timer *t, void *arg);

#endif
