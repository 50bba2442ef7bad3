// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Requests from the parent to a child (QUERY, and the control socket's
 * admin requests), matched to their QUERY_REPLY by request id; each has a timeout, and a child's death answers them all
 * with NULL. Callers: the control socket and the SIGUSR1/2 dumps.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parent/vigild.h"

/* query_send() writes the request id into a message's first bytes. */
_Static_assert(offsetof(struct ipc_query_req, req_id) == 0, "req_id first");
_Static_assert(offsetof(struct ipc_admin_rs, h.req_id) == 0, "req_id first");
_Static_assert(offsetof(struct ipc_admin_vrrp, h.req_id) == 0, "req_id first");

struct query {
	struct vigild *d;
	uint32_t req_id;
	enum vigil_proc proc;
	query_cb cb;
	void *arg;
	struct ev_timer timer;
	struct query *next;
};

static void
unlink_query(struct vigild *d, struct query *q)
{
	for (struct query **pp = &d->queries; *pp; pp = &(*pp)->next)
		if (*pp == q) {
			*pp = q->next;
			break;
		}
	ev_timer_stop(d->loop, &q->timer);
}

/* Unlink before the callback: it may start other queries. */
static void
finish(struct query *q, const char *json)
{
	struct vigild *d = q->d;

	unlink_query(d, q);
	q->cb(d, q->proc, json, q->arg);
	free(q);
}

static void
timed_out(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct query *q = arg;

	(void)loop;
	(void)t;
	log_warn("child=%s query=%u state=timeout", proc_name(q->proc),
		 q->req_id);
	finish(q, NULL);
}

int
query_send(struct vigild *d, enum vigil_proc p, enum ipc_type type, void *msg,
	   size_t len, ev_time_t timeout, query_cb cb, void *cbarg)
{
	struct vchild *ch = (unsigned)p < PROC_MAX ? &d->ch[p] : NULL;
	struct query *q;
	uint32_t id;

	if (!ch || !ch->ready || ch->stopping || len < sizeof(id)) {
		errno = ESRCH;
		return -1;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return -1;
	id = ++d->next_req ? d->next_req : ++d->next_req;
	memcpy(msg, &id, sizeof(id));
	if (super_send(ch, type, msg, len, -1) < 0) {
		free(q);
		return -1;
	}
	*q = (struct query){d, id, p, cb, cbarg, {0}, d->queries};
	ev_timer_init(&q->timer, timed_out, q);
	ev_timer_start(d->loop, &q->timer, timeout);
	d->queries = q;
	return 0;
}

int
query_child(struct vigild *d, enum vigil_proc p, enum ipc_query qt,
	    const char *arg, ev_time_t timeout, query_cb cb, void *cbarg)
{
	struct ipc_query_req r = {.query = qt};

	snprintf(r.arg, sizeof(r.arg), "%s", arg ? arg : "");
	return query_send(d, p, IPC_QUERY, &r, sizeof(r), timeout, cb, cbarg);
}

void
query_reply(struct vigild *d, enum vigil_proc p, const struct ipc_msg *m)
{
	const struct ipc_json *h = m->payload;

	for (struct query *q = d->queries; q; q = q->next)
		if (q->req_id == h->req_id && q->proc == p) {
			finish(q, m->json);
			return;
		}
	log_debug(LOG_SUB_IPC, "child=%s query=%u state=late", proc_name(p),
		  h->req_id);
}

void
query_child_gone(struct vigild *d, enum vigil_proc p)
{
	struct query *q = d->queries;

	while (q) {
		if (q->proc == p) {
			finish(q, NULL);
			q = d->queries; /* the list may have changed */
		} else {
			q = q->next;
		}
	}
}

void
query_free_all(struct vigild *d)
{
	while (d->queries)
		finish(d->queries, NULL);
}
