// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parent's model of its children (model.h): one round of IPC_Q_DATA
 * queries over the table of children at a time, the answers kept as
 * parsed JSON, the last events in a ring and counted by kind.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/parent/children.h"
#include "core/parent/control.h"
#include "core/parent/vigild.h"
#include "mgmt/model.h"

struct waiter {
	mgmt_fresh_cb cb;
	void *arg;
};

struct mgmt_model {
	struct vigild *d;
	struct json_object *data[PROC_MAX];
	ev_time_t at;	  /* when the last round ended; 0: never */
	bool stale;	  /* an event came since */
	unsigned pending; /* answers due in the round under way */
	bool running;
	struct waiter w[MGMT_MAX_WAITERS];
	size_t nw;
	struct mgmt_event ev[MGMT_EVENTS];
	size_t evnext, nev;
	struct mgmt_count counts[MGMT_COUNTS];
	size_t ncounts;
	uint64_t refreshes, failures, counts_dropped;
	struct mgmt_event ordered[MGMT_EVENTS]; /* the ring, for a view */
};

struct mgmt_model *
mgmt_model_new(struct vigild *d)
{
	struct mgmt_model *m = calloc(1, sizeof(*m));

	if (m)
		m->d = d;
	return m;
}

void
mgmt_model_free(struct mgmt_model *m)
{
	if (!m)
		return;
	for (int p = 0; p < PROC_MAX; p++)
		json_object_put(m->data[p]);
	free(m);
}

static void
round_done(struct mgmt_model *m)
{
	struct waiter w[MGMT_MAX_WAITERS];
	size_t n = m->nw;

	m->running = false;
	m->at = ev_now(m->d->loop);
	m->refreshes++;
	/* A callback may ask again: it starts a new list. */
	memcpy(w, m->w, n * sizeof(w[0]));
	m->nw = 0;
	for (size_t i = 0; i < n; i++)
		w[i].cb(w[i].arg);
}

static void
answered(struct vigild *d, enum vigil_proc p, const char *json, void *arg)
{
	struct mgmt_model *m = arg;
	struct json_object *o = json ? json_tokener_parse(json) : NULL;

	(void)d;
	json_object_put(m->data[p]);
	m->data[p] = o;
	if (!o)
		m->failures++;
	if (--m->pending == 0)
		round_done(m);
}

/* Ask every ready child of the table; a child that is not running has no
 * data. */
static void
start_round(struct mgmt_model *m)
{
	struct vigild *d = m->d;

	m->running = true;
	m->stale = false;
	m->pending = 1; /* held until every query is sent */
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);

		if (ch->ready &&
		    query_child(d, ch->proc, IPC_Q_DATA, "", MGMT_QUERY_TIMEOUT,
				answered, m) == 0) {
			m->pending++;
			continue;
		}
		json_object_put(m->data[ch->proc]);
		m->data[ch->proc] = NULL;
	}
	if (--m->pending == 0)
		round_done(m);
}

int
mgmt_model_fresh(struct mgmt_model *m, ev_time_t max_age, mgmt_fresh_cb cb,
		 void *arg)
{
	ev_time_t now = ev_now(m->d->loop);

	if (!m->running && !m->stale && m->at && now - m->at <= max_age)
		return 1;
	if (m->nw == MGMT_MAX_WAITERS) {
		errno = EBUSY;
		return -1;
	}
	m->w[m->nw++] = (struct waiter){cb, arg};
	if (!m->running)
		start_round(m);
	return 0;
}

void
mgmt_model_cancel(struct mgmt_model *m, void *arg)
{
	size_t j = 0;

	for (size_t i = 0; i < m->nw; i++)
		if (m->w[i].arg != arg)
			m->w[j++] = m->w[i];
	m->nw = j;
}

/* ---- events ---- */

static bool
plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s == ' ' || *s == '"' || *s == '=' ||
		    !isprint((unsigned char)*s))
			return false;
	return true;
}

void
mgmt_event_text(struct json_object *ev, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	json_object_object_foreach(ev, k, v)
	{
		const char *s = json_object_get_string(v);
		int w;

		if (!strcmp(k, "smtp_alert") || !s)
			continue;
		w = snprintf(out + n, len - n,
			     plain(s) ? "%s%s=%s" : "%s%s=\"%s\"", n ? " " : "",
			     k, s);
		if (w < 0 || (size_t)w >= len - n) {
			out[n] = '\0'; /* whole fields only */
			break;
		}
		n += (size_t)w;
	}
	for (char *p = out; *p; p++)
		if (!isprint((unsigned char)*p))
			*p = '?';
}

static const char *
field(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v)
						   : NULL;
}

static void
count(struct mgmt_model *m, const char *child, struct json_object *ev)
{
	const char *event = field(ev, "event"), *why = field(ev, "reason");
	struct mgmt_count *c;

	if (!event)
		return;
	if (!why)
		why = "";
	for (size_t i = 0; i < m->ncounts; i++) {
		c = &m->counts[i];
		if (!strcmp(c->child, child) && !strcmp(c->event, event) &&
		    !strcmp(c->reason, why)) {
			c->n++;
			return;
		}
	}
	if (m->ncounts == MGMT_COUNTS) {
		m->counts_dropped++;
		return;
	}
	c = &m->counts[m->ncounts++];
	snprintf(c->child, sizeof(c->child), "%s", child);
	snprintf(c->event, sizeof(c->event), "%s", event);
	snprintf(c->reason, sizeof(c->reason), "%s", why);
	c->n = 1;
}

void
mgmt_model_child_msg(struct mgmt_model *m, const char *child,
		     const struct ipc_msg *msg)
{
	struct json_object *ev;
	struct mgmt_event *e;

	m->stale = true;
	if (msg->type != IPC_EVENT)
		return;
	ev = json_tokener_parse(msg->json);
	if (!json_object_is_type(ev, json_type_object)) {
		json_object_put(ev);
		return;
	}
	count(m, child, ev);
	e = &m->ev[m->evnext];
	e->when = time(NULL);
	snprintf(e->child, sizeof(e->child), "%s", child);
	mgmt_event_text(ev, e->text, sizeof(e->text));
	m->evnext = (m->evnext + 1) % MGMT_EVENTS;
	if (m->nev < MGMT_EVENTS)
		m->nev++;
	json_object_put(ev);
}

/* ---- the view ---- */

void
mgmt_model_view(struct mgmt_model *m, struct mgmt_view *v)
{
	size_t first = (m->evnext + MGMT_EVENTS - m->nev) % MGMT_EVENTS;

	memset(v, 0, sizeof(*v));
	v->parent = vigild_status_json(m->d);
	/* The control socket's counters (VIGIL-MIB, the metrics). */
	json_object_object_add(
		v->parent, "control_served",
		json_object_new_uint64(control_served(m->d->ctl)));
	json_object_object_add(
		v->parent, "control_bad_requests",
		json_object_new_uint64(control_bad_requests(m->d->ctl)));
	v->nchildren = vigild_nchildren;
	for (size_t i = 0; i < vigild_nchildren; i++) {
		v->child[i].name = vigild_children[i].name;
		v->child[i].data = m->data[vigild_children[i].proc];
	}
	for (size_t i = 0; i < m->nev; i++)
		m->ordered[i] = m->ev[(first + i) % MGMT_EVENTS];
	v->events = m->ordered;
	v->nevents = m->nev;
	v->counts = m->counts;
	v->ncounts = m->ncounts;
	v->refreshes = m->refreshes;
	v->refresh_failures = m->failures;
	v->counts_dropped = m->counts_dropped;
	v->now = time(NULL);
}

void
mgmt_view_done(struct mgmt_view *v)
{
	json_object_put(v->parent);
	v->parent = NULL;
}

char *
mgmt_view_text(void (*write)(FILE *f, const struct mgmt_view *v),
	       const struct mgmt_view *v, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	write(f, v);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

struct json_object *
mgmt_view_child(const struct mgmt_view *v, const char *name, const char *key)
{
	struct json_object *o = NULL;

	for (size_t i = 0; i < v->nchildren; i++)
		if (!strcmp(v->child[i].name, name) && v->child[i].data)
			json_object_object_get_ex(v->child[i].data, key, &o);
	return o;
}
