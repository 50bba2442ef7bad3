/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The check child's state, shared by its files:
 *   child.c        lifecycle (start, reload, stop), engine events, scripts,
 *                  VRRP states (ha_suspend)
 *   child_ipvs.c   the IPVS side: client, converger, the desired table
 *   child_query.c  status, show checks|ipvs, dumps
 *   child_admin.c  admin requests: drain, restore, show one virtual or
 *                  real server
 *   child_fifo.c   lvs_notify_fifo and notify_fifo
 */
#ifndef VIGIL_CHECK_CHILD_INT_H
#define VIGIL_CHECK_CHILD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/engine.h"
#include "check/xlate.h"
#include "core/runtime/child.h"
#include "core/runtime/notify_fifo.h"
#include "ipvs/conv.h"
#include "ipvs/nl.h"

struct conf;
struct conf_vs;
struct conf_rs;

/* A real server an admin drained (weight 0 until restored). */
struct cc_drain {
	struct cc_drain *next;
	char vs[CHK_VS_NAMELEN];
	char rs[CHK_ADDR_STRLEN];
};

/* The model's virtual and real servers by engine index. */
struct cc_index {
	const struct conf_vs **vs;
	const struct conf_rs ***rs;
	size_t nvs;
};

/* Where the IPVS side stands. */
enum cc_ipvs_state {
	CC_IPVS_UNAVAILABLE = 0, /* no IPVS in this kernel (yet): retrying */
	CC_IPVS_CONVERGING,	 /* a pass is due or running */
	CC_IPVS_CONVERGED,	 /* the kernel holds the desired table */
	CC_IPVS_RETRYING,	 /* the last pass had failures */
};

struct cc_ipvs {
	struct ipvs_nl *nl;
	struct ipvs_conv *conv;
	struct ev_io io;
	struct ev_timer kick;	    /* when the converger is due */
	struct ev_timer open;	    /* retry opening the client */
	struct ev_timer reread;	    /* notice changes made by hand */
	struct ev_timer build;	    /* coalesces health changes */
	struct ev_timer stop_check; /* after the last pass of a stop */
	uint64_t open_backoff;
	int open_err;		/* why the client could not open */
	int ns_sock;		/* net_namespace_ipvs's socket, or -1 */
	bool told_missing;	/* logged once */
	char state_file[256];	/* RUNTIME_DIR/ipvs.owned */
	bool flush_all_on_stop; /* lvs_flush_onstop (without VS) */
	enum cc_ipvs_state state;
	struct ipvs_table want; /* the desired table, as last built */
	bool have_want;
	char want_err[256]; /* why it could not be built */
	uint64_t passes, applied, failed, skipped, builds;
	char last_error[256];
	uint64_t retry_at;
	ev_time_t last_reread; /* when a pass last re-read the kernel */
};

struct cc {
	struct child_ctx *cx;
	struct ev_loop *loop;
	const struct conf *conf; /* valid until the next reload returns */
	struct chk_engine *eng;
	struct cc_index ix;
	struct cc_drain *drains;
	struct cc_ipvs ipvs;
	struct cc_script *scripts; /* MISC_CHECK runs in flight */
	struct cc_vrrp *vrrp;	   /* VRRP instances' last states */
	bool starting; /* the engine's start-up events (notifies: child.c) */
	bool stopping, stopped;
	struct nfifo_set fifos; /* notify_fifo and lvs_notify_fifo */
	struct ev_timer stop_timeout;
	uint64_t events, scripts_run, scripts_failed;
};

/* child_ipvs.c */
void cc_ipvs_init(struct cc *s);
void cc_ipvs_start(struct cc *s);
/* The config or the health changed: rebuild the desired table soon. */
void cc_ipvs_changed(struct cc *s);
/* Rebuild now; returns the number of entries that differ from the
 * previous desired table (a reload's change count). */
uint32_t cc_ipvs_rebuild(struct cc *s);
/* Re-read the kernel's table (its counters) at most once a second. */
void cc_ipvs_reread(struct cc *s);
/* Converge to an empty table (stop); done() once the pass is over. */
void cc_ipvs_stop(struct cc *s);
void cc_ipvs_free(struct cc *s);
/* global_defs lvs_timeouts, sent when the client opens and on reload. */
void cc_ipvs_timeouts(struct cc *s);
const char *cc_ipvs_state_name(enum cc_ipvs_state st);
const char *cc_ipvs_open_error(int err);
/* The health as chk_ipvs_want() asks for it (engine + drains). */
void cc_health(struct cc *s, struct chk_health *h);
/* child.c: the IPVS side finished its stop. */
void cc_stop_done(struct cc *s);

/* child_query.c */
struct json_object *cc_query(void *st, enum ipc_query q, const char *arg);
struct json_object *cc_table_json(const struct ipvs_table *t);
/* `show checks`: the engine's status, each real server with "drained". */
struct json_object *cc_checks_json(const struct cc *s);

/* child_fifo.c: open the FIFOs of c (unchanged ones kept since old);
 * write a real server's, a virtual server's line; an engine event's. */
void cc_fifo_open(struct cc *s, const struct conf *old, const struct conf *c);
void cc_fifo_rs(struct cc *s, size_t v, size_t r, bool up);
void cc_fifo_vs(struct cc *s, size_t v, bool up);
void cc_fifo_event(struct cc *s, const struct chk_event *ev);
void cc_fifo_free(struct cc *s);

/* child_admin.c */
struct json_object *cc_admin(void *st, const struct ipc_msg *m);
bool cc_drained(const struct cc *s, size_t v, size_t r);
void cc_drains_free(struct cc *s);

#endif
