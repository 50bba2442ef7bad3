/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sync child's state, shared by sync/child*.c (private to sync/).
 */
#ifndef VIGIL_SYNC_CHILD_INT_H
#define VIGIL_SYNC_CHILD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/child.h"
#include "core/runtime/event.h"
#include "ipvs/nl.h"
#include "sync/syncd.h"

struct conf_lvs_resync;
struct json_object;
struct sync_rx;
struct ct_sync;

/* lvs_sync_resync, copied out of the config (its arena goes at a
 * reload): compared with memcmp (zeroed first). */
struct sc_resync_conf {
	bool off;
	uint16_t port;
	uint32_t rate;
	char key[65];
};

/* A step of a pass in flight, with its way back to the child. */
struct sc_step {
	struct sc *s;
	struct syncd_step st;
};

/* The last state heard of each VRRP instance. */
struct sc_vrrp {
	struct sc_vrrp *next;
	char name[64];
	uint32_t state; /* enum ipc_vrrp_state */
};

struct sc {
	struct child_ctx *cx;
	struct ev_loop *loop;
	struct syncd_conf conf;
	struct sc_vrrp *vrrp;
	ev_time_t started;
	bool stopping, stopped;

	/* the kernel's daemons through ipvs/ */
	struct ipvs_nl *nl;
	int open_err; /* errno of the last failed open; 0 when open */
	int ns_sock;  /* net_namespace_ipvs: a socket in its namespace, or -1 */
	struct ev_io io;
	struct ev_timer open, verify, stop_timeout, pass_timeout;
	bool busy, again; /* a pass runs; another is due after it */
	bool adopt;	  /* state unknown: leave running threads */
	bool verifying;	  /* the pass is a periodic check */
	struct ipvs_daemon dumped[2], running[2];
	size_t ndumped, nrunning;
	bool read_ok; /* running[] is what the last read said */
	struct sc_step steps[SYNCD_MAX_STEPS];
	size_t pending;
	uint64_t passes, starts, stops, failures, restores;
	char last_error[160];

	/* the listener on the sync group (sync/rx.c) */
	struct sync_rx *rx;

	/* conntrack_sync: vigil's own replication (sync/ct.c) */
	struct ct_sync *ct;

	/* the bulk resync (child_resync.c): lvs_sync_resync, its state */
	struct sc_resync_conf resync;
	struct sc_resync *rs;
};

/* child_daemon.c */
void sc_daemon_init(struct sc *s);
/* Open the client (retrying with backoff) and run the first pass. */
void sc_daemon_start(struct sc *s);
/* Read the kernel's daemons and make them what the config and the VRRP
 * state want; a pass already running runs again after. */
void sc_pass(struct sc *s);
void sc_daemon_free(struct sc *s);
/* Watch the client's socket for what its queue needs now (after a
 * request queued outside a pass: the resync's table read). */
void sc_arm(struct sc *s);
/* The instance's state for syncd.h. */
enum syncd_vrrp sc_vrrp_state(const struct sc *s);
/* The state name heard for the instance: "MASTER"... or "unknown". */
const char *sc_vrrp_name(const struct sc *s);
/* Called by child_daemon.c when a pass ends with nothing left to do
 * while stopping. */
void sc_stop_done(struct sc *s);

/* child_resync.c */
/* lvs_sync_resync of c (off with net_namespace_ipvs). */
void sc_resync_conf(struct sc_resync_conf *o, const struct conf *c);
/* After a start or a reload (s->resync is the config's). */
void sc_resync_reload(struct sc *s);
/* The instance's state changed (old UINT32_MAX: first heard). */
void sc_resync_state(struct sc *s, uint32_t old, uint32_t now);
void sc_resync_free(struct sc *s);
/* `vigilctl sync resync`: a backup asks, a master replays. 0, or -1
 * with errno (ENOTCONN: resync off or no channel). */
int sc_resync_now(struct sc *s, const char *why);
struct json_object *sc_resync_json(const struct sc *s);

/* child_query.c */
struct json_object *sc_query(void *st, enum ipc_query q, const char *arg);

#endif
