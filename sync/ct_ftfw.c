// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ftfw and notrack modes of conntrack replication (ct_mode.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sync/ct_mode.h"

struct qmsg {
	uint32_t seq;
	uint8_t type;
	size_t n;
	uint8_t *p;
};

struct range {
	uint32_t from, to;
	uint64_t nacked_ms;
	unsigned tries;
};

struct rsender {
	bool used;
	uint32_t id, next;
	struct range r[SCH_NACK_MAX];
	size_t nr;
	bool lost; /* gave up: a resync is due */
	uint64_t heard_ms;
};

struct ct_mode {
	/* sender */
	struct qmsg *q;
	size_t cap, head, n; /* ring: oldest at head */
	uint32_t base;	     /* every number from here is held or no data */
	/* receiver */
	struct rsender s[CT_SENDERS];
	uint64_t gaps;
};

static struct ct_mode *
ftfw_create(size_t queue, uint32_t first_seq)
{
	struct ct_mode *m = calloc(1, sizeof(*m));

	if (!m || !(m->q = calloc(queue ? queue : 1, sizeof(*m->q)))) {
		free(m);
		return NULL;
	}
	m->cap = queue ? queue : 1;
	m->base = first_seq;
	return m;
}

static void
ftfw_destroy(struct ct_mode *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->q[(m->head + i) % m->cap].p);
	free(m->q);
	free(m);
}

static void
ftfw_sent(struct ct_mode *m, uint8_t type, uint32_t seq, const uint8_t *p,
	  size_t n)
{
	struct qmsg *x;
	uint8_t *copy;

	if (type != SCH_CT && type != SCH_RESYNC_DONE)
		return; /* answered by an alive in its place */
	if (!(copy = malloc(n ? n : 1)))
		return; /* a NACK for it gets a full resync */
	memcpy(copy, p, n);
	if (m->n == m->cap) {
		x = &m->q[m->head];
		m->base = x->seq + 1;
		free(x->p);
		m->head = (m->head + 1) % m->cap;
		m->n--;
	}
	x = &m->q[(m->head + m->n) % m->cap];
	*x = (struct qmsg){.seq = seq, .type = type, .n = n, .p = copy};
	m->n++;
}

/* The queued message numbered seq (binary search: the ring is in
 * order), or NULL. */
static const struct qmsg *
find(const struct ct_mode *m, uint32_t seq)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct qmsg *x = &m->q[(m->head + mid) % m->cap];
		int32_t d = (int32_t)(x->seq - seq);

		if (!d)
			return x;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
ftfw_nack(struct ct_mode *m, const struct sch_nack *k, ct_resend_fn fn,
	  void *arg)
{
	uint8_t alive[SCH_ALIVE_LEN] = {0};
	int resync = 0;

	for (size_t i = 0; i < k->n; i++)
		for (uint32_t s = k->r[i].from;; s++) {
			const struct qmsg *x = find(m, s);

			if (x)
				fn(arg, x->type, s, x->p, x->n);
			else if ((int32_t)(s - m->base) >= 0)
				fn(arg, SCH_ALIVE, s, alive, sizeof(alive));
			else
				resync = 1;
			if (s == k->r[i].to)
				break;
		}
	return resync;
}

static struct rsender *
rsender(struct ct_mode *m, uint32_t id, uint64_t now_ms, bool *fresh)
{
	struct rsender *old = &m->s[0];

	*fresh = false;
	for (size_t i = 0; i < CT_SENDERS; i++) {
		if (m->s[i].used && m->s[i].id == id)
			return &m->s[i];
		if (!m->s[i].used ||
		    (old->used && m->s[i].heard_ms < old->heard_ms))
			old = &m->s[i];
	}
	memset(old, 0, sizeof(*old));
	old->used = true;
	old->id = id;
	old->heard_ms = now_ms;
	*fresh = true;
	return old;
}

/* A late number fills its place: cut it out of the range holding it. */
static void
fill(struct rsender *s, uint32_t seq)
{
	for (size_t i = 0; i < s->nr; i++) {
		struct range *r = &s->r[i];

		if ((int32_t)(seq - r->from) < 0 || (int32_t)(r->to - seq) < 0)
			continue;
		if (r->from == r->to) {
			*r = s->r[--s->nr];
		} else if (seq == r->from) {
			r->from++;
		} else if (seq == r->to) {
			r->to--;
		} else if (s->nr < SCH_NACK_MAX) {
			s->r[s->nr] = *r;
			s->r[s->nr++].from = seq + 1;
			r->to = seq - 1;
		} else {
			s->lost = true; /* too fragmented: resync */
		}
		return;
	}
}

static void
ftfw_received(struct ct_mode *m, uint32_t sender, uint32_t seq, uint64_t now_ms)
{
	bool fresh;
	struct rsender *s = rsender(m, sender, now_ms, &fresh);
	int32_t d = (int32_t)(seq - s->next);

	s->heard_ms = now_ms;
	if (fresh || d == 0) {
		s->next = seq + 1;
		return;
	}
	if (d < 0) {
		fill(s, seq);
		return;
	}
	m->gaps++;
	/* a gap longer than a window cannot be NACKed: resync */
	if (s->nr == SCH_NACK_MAX || (uint32_t)d >= SCH_WINDOW)
		s->lost = true;
	else
		s->r[s->nr++] = (struct range){s->next, seq - 1, 0, 0};
	s->next = seq + 1;
}

static int
ftfw_want_nack(struct ct_mode *m, uint64_t now_ms, struct sch_nack *k)
{
	for (size_t i = 0; i < CT_SENDERS; i++) {
		struct rsender *s = &m->s[i];

		if (!s->used)
			continue;
		if (s->lost) {
			s->lost = false;
			s->nr = 0;
			k->target = s->id;
			return -1;
		}
		k->target = s->id;
		k->n = 0;
		for (size_t j = 0; j < s->nr; j++) {
			struct range *r = &s->r[j];

			if (r->tries &&
			    now_ms - r->nacked_ms < CT_NACK_RETRY_MS)
				continue;
			if (r->tries++ == CT_NACK_TRIES) {
				s->nr = 0;
				return -1;
			}
			r->nacked_ms = now_ms;
			k->r[k->n].from = r->from;
			k->r[k->n++].to = r->to;
		}
		if (k->n)
			return 0;
	}
	return 0;
}

static uint64_t
ftfw_gaps(const struct ct_mode *m)
{
	return m->gaps;
}

static size_t
ftfw_queued(const struct ct_mode *m)
{
	return m->n;
}

const struct ct_mode_ops ct_mode_ftfw = {
	.name = "ftfw",
	.create = ftfw_create,
	.destroy = ftfw_destroy,
	.sent = ftfw_sent,
	.nack = ftfw_nack,
	.received = ftfw_received,
	.want_nack = ftfw_want_nack,
	.gaps = ftfw_gaps,
	.queued = ftfw_queued,
};

/* ---- notrack: best effort ---------------------------------------- */

static struct ct_mode *
nt_create(size_t queue, uint32_t first_seq)
{
	(void)queue;
	(void)first_seq;
	return calloc(1, sizeof(struct ct_mode));
}

static void
nt_sent(struct ct_mode *m, uint8_t type, uint32_t seq, const uint8_t *p,
	size_t n)
{
	(void)m, (void)type, (void)seq, (void)p, (void)n;
}

static int
nt_nack(struct ct_mode *m, const struct sch_nack *k, ct_resend_fn fn, void *arg)
{
	(void)m, (void)k, (void)fn, (void)arg;
	return 0;
}

static void
nt_received(struct ct_mode *m, uint32_t sender, uint32_t seq, uint64_t now_ms)
{
	(void)m, (void)sender, (void)seq, (void)now_ms;
}

static int
nt_want_nack(struct ct_mode *m, uint64_t now_ms, struct sch_nack *k)
{
	(void)m, (void)now_ms;
	k->n = 0;
	return 0;
}

const struct ct_mode_ops ct_mode_notrack = {
	.name = "notrack",
	.create = nt_create,
	.destroy = ftfw_destroy,
	.sent = nt_sent,
	.nack = nt_nack,
	.received = nt_received,
	.want_nack = nt_want_nack,
	.gaps = ftfw_gaps,
	.queued = ftfw_queued,
};
