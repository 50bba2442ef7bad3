/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent's model of its children: what each child of the table of
 * children last said of its state (its IPC_Q_DATA answer: VRRP instances
 * and sync groups, virtual and real servers, counters), the last events
 * they sent, and events counted by kind. The outputs (metrics, status
 * page, SNMP) read it; nothing here names a child.
 *
 * Refresh is on demand and bounded: one round of queries at a time, each
 * with a timeout, answered to at most MGMT_MAX_WAITERS waiting readers;
 * an event from a child marks the cache stale. Never blocks the loop.
 */
#ifndef VIGIL_MGMT_MODEL_H
#define VIGIL_MGMT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "core/runtime/event.h"
#include "core/runtime/ipc.h"

struct vigild;
struct json_object;
struct http_stats;

#define MGMT_EVENTS 32	    /* events kept for the status page */
#define MGMT_EVENT_TEXT 240 /* one event as key=value text */
#define MGMT_COUNTS 128	    /* distinct (child, event, reason) counted */
#define MGMT_MAX_WAITERS 64 /* readers waiting for one refresh */
#define MGMT_QUERY_TIMEOUT EV_SEC(2)

struct mgmt_event {
	time_t when; /* wall clock */
	char child[16];
	char text[MGMT_EVENT_TEXT];
};

/* Events counted by child, name ("rs_down", "vrrp_state") and reason or
 * state ("connect-timeout", "MASTER"). */
struct mgmt_count {
	char child[16];
	char event[32];
	char reason[64];
	uint64_t n;
};

/* What the outputs render: plain data, so that they are pure. */
struct mgmt_view {
	struct json_object *parent; /* vigild_status_json() */
	size_t nchildren;
	struct {
		const char *name;	  /* its row's name */
		struct json_object *data; /* its IPC_Q_DATA answer, or NULL */
	} child[PROC_MAX];
	const struct mgmt_event *events; /* oldest first */
	size_t nevents;
	const struct mgmt_count *counts;
	size_t ncounts;
	uint64_t refreshes, refresh_failures, counts_dropped;
	/* the HTTP listener's own counters (http.h); NULL when off */
	const struct http_stats *http;
	time_t now;
};

struct mgmt_model;
typedef void (*mgmt_fresh_cb)(void *arg);

struct mgmt_model *mgmt_model_new(struct vigild *d);
void mgmt_model_free(struct mgmt_model *m);
/*
 * Call cb(arg) once the cache is at most max_age old: 1 if it is now (cb
 * not called), 0 if cb will be called after the refresh under way, -1
 * (errno EBUSY) when too many readers wait.
 */
int mgmt_model_fresh(struct mgmt_model *m, ev_time_t max_age, mgmt_fresh_cb cb,
		     void *arg);
/* A waiting reader went away. */
void mgmt_model_cancel(struct mgmt_model *m, void *arg);
/* A message a child sent (EVENT, VRRP_STATE, READY). */
void mgmt_model_child_msg(struct mgmt_model *m, const char *child,
			  const struct ipc_msg *msg);
/* Fill v from the cache (v->parent is a new object: put it with
 * mgmt_view_done). */
void mgmt_model_view(struct mgmt_model *m, struct mgmt_view *v);
void mgmt_view_done(struct mgmt_view *v);

/* The member `key` of the data of the child named `name`, or NULL. */
struct json_object *mgmt_view_child(const struct mgmt_view *v, const char *name,
				    const char *key);

/* What write() writes of v, malloc'd (NULL on allocation failure). */
char *mgmt_view_text(void (*write)(FILE *f, const struct mgmt_view *v),
		     const struct mgmt_view *v, size_t *len);

/* Pure: an event object as one key=value line. */
void mgmt_event_text(struct json_object *ev, char *out, size_t len);

#endif
