// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bulk resync in the sync child (sync/README.md, "Bulk resync"):
 *
 * - a backup (its instance heard in a state other than MASTER) asks the
 *   master for a replay (resync_link.h) when it first hears its instance,
 *   when the instance leaves MASTER, and on `vigilctl sync resync`; once
 *   the kernel's backup thread runs (no pass of child_daemon.c in flight),
 *   and again after 1, 2, 4... up to 30 s until a DONE comes back;
 * - the master (its instance MASTER, or no instance named) replays its
 *   connection table to the kernel sync group (resync_tx.h) on a request
 *   or on `vigilctl sync resync`, and answers the requester DONE with the
 *   count; one replay at a time: a request during a replay runs another
 *   when it ends.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/conf/conf_model.h"
#include "core/runtime/ipc.h"
#include "core/runtime/log.h"
#include "sync/child_int.h"
#include "sync/resync_link.h"
#include "sync/resync_tx.h"
#include "sync/rx.h"
#include "core/runtime/json_put.h"

#define BACKOFF_FIRST EV_SEC(1)
#define BACKOFF_MAX EV_SEC(30)
#define PASS_WAIT EV_MSEC(100) /* a thread pass runs: ask after it */

struct sc_resync {
	struct sc *s;
	struct resync_link *link;
	char link_error[160];
	/* the backup: its request */
	struct ev_timer retry;
	ev_time_t backoff, asked_at;
	uint32_t req_id;
	bool waiting;
	uint64_t requested, done, rx_before;
	uint32_t last_entries, last_ms, last_master_ms;
	uint64_t last_received;
	/* the master: its replay, for requester tx_to (0: vigilctl) */
	struct resync_tx *tx;
	uint32_t tx_to, tx_req, next_to, next_req;
	bool again;
	/* the last DONE sent: a repeated request (its DONE lost) gets it
	 * again without a second replay */
	uint32_t done_to, done_req, done_count, done_ms;
	uint64_t started, replayed, failed, ignored, entries;
	struct resync_tx_stats last;
	char last_error[160];
};

static bool
is_master(const struct sc *s)
{
	return sc_vrrp_state(s) == SYNCD_VRRP_MASTER;
}

static uint64_t
rx_conns(const struct sc *s)
{
	return s->rx ? sync_rx_counts(s->rx)->conns : 0;
}

/* ---- the backup's request ---- */

static void
on_retry(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sc_resync *r = arg;

	if (r->s->busy) { /* the backup thread may not run yet */
		ev_timer_start(loop, t, PASS_WAIT);
		return;
	}
	if (resync_link_req(r->link, r->req_id) < 0)
		snprintf(r->last_error, sizeof(r->last_error),
			 "send request: %s", strerror(errno));
	ev_timer_start(loop, t, r->backoff);
	r->backoff =
		r->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : r->backoff * 2;
}

static int
request(struct sc *s, const char *why)
{
	struct sc_resync *r = s->rs;

	if (!r->link) {
		errno = ENOTCONN;
		return -1;
	}
	r->req_id = r->req_id + 1 ? r->req_id + 1 : 1;
	r->requested++;
	r->waiting = true;
	r->asked_at = ev_now(s->loop);
	r->rx_before = rx_conns(s);
	r->backoff = BACKOFF_FIRST;
	log_info("sync resync=requested reason=%s req=%u", why, r->req_id);
	ev_timer_start(s->loop, &r->retry, 0);
	return 0;
}

static void
on_done(void *arg, uint32_t req_id, uint32_t count, uint32_t ms)
{
	struct sc_resync *r = arg;
	struct sc *s = r->s;

	if (!r->waiting || req_id != r->req_id)
		return; /* an answer to an older request, repeated */
	r->waiting = false;
	ev_timer_stop(s->loop, &r->retry);
	r->done++;
	r->last_entries = count;
	r->last_master_ms = ms;
	r->last_ms = (uint32_t)((ev_now(s->loop) - r->asked_at) / 1000);
	r->last_received = rx_conns(s) - r->rx_before;
	log_info("sync resync=done req=%u entries=%u received=%llu ms=%u "
		 "master_ms=%u",
		 req_id, count, (unsigned long long)r->last_received,
		 r->last_ms, ms);
}

/* ---- the master's replay ---- */

static void replay(struct sc_resync *r);

static void
replayed(void *arg, int err, const struct resync_tx_stats *st)
{
	struct sc_resync *r = arg;

	/* st lives in the replay freed below: read the copy from here on */
	r->last = *st;
	st = &r->last;
	resync_tx_free(r->tx);
	r->tx = NULL;
	if (err) {
		r->failed++;
		snprintf(r->last_error, sizeof(r->last_error), "%s",
			 st->last_error);
		log_warn("sync resync=failed req=%u error=\"%s\"", r->tx_req,
			 st->last_error);
	} else {
		r->replayed++;
		r->entries += st->entries;
		log_info("sync resync=replayed req=%u entries=%llu "
			 "datagrams=%llu skipped=%llu malformed=%llu ms=%llu",
			 r->tx_req, (unsigned long long)st->entries,
			 (unsigned long long)st->datagrams,
			 (unsigned long long)st->skipped,
			 (unsigned long long)st->malformed,
			 (unsigned long long)st->ms);
		if (r->tx_to && r->link) {
			r->done_to = r->tx_to;
			r->done_req = r->tx_req;
			r->done_count = (uint32_t)st->entries;
			r->done_ms = (uint32_t)st->ms;
			resync_link_done(r->link, r->done_to, r->done_req,
					 r->done_count, r->done_ms);
		}
	}
	if (r->again) {
		r->again = false;
		r->tx_to = r->next_to;
		r->tx_req = r->next_req;
		replay(r);
	}
}

static void
replay(struct sc_resync *r)
{
	struct sc *s = r->s;
	struct resync_tx_conf c = {0};
	char err[128];

	snprintf(c.ifname, sizeof(c.ifname), "%s", s->conf.ifname);
	c.syncid = (uint8_t)s->conf.syncid;
	c.maxlen = s->conf.maxlen;
	c.port = s->conf.port;
	c.ttl = s->conf.ttl;
	c.group.family = (uint8_t)s->conf.group_af;
	c.group.u = s->conf.group;
	c.rate = s->resync.rate;
	r->started++;
	r->tx = resync_tx_start(s->loop, s->nl, &c, replayed, r, err,
				sizeof(err));
	if (!r->tx) {
		r->failed++;
		snprintf(r->last_error, sizeof(r->last_error), "%s", err);
		log_warn("sync resync=failed req=%u error=\"%s\"", r->tx_req,
			 err);
		return;
	}
	sc_arm(s); /* the table's read is queued: send it now */
}

/* A replay for requester `to` (0: vigilctl), now or after this one. */
static void
replay_for(struct sc_resync *r, uint32_t to, uint32_t req_id)
{
	if (r->tx) {
		/* a repetition of the request being served needs nothing */
		if (to != r->tx_to || req_id != r->tx_req) {
			r->again = true;
			r->next_to = to;
			r->next_req = req_id;
		}
		return;
	}
	r->tx_to = to;
	r->tx_req = req_id;
	replay(r);
}

static void
on_req(void *arg, uint32_t from, uint32_t req_id)
{
	struct sc_resync *r = arg;
	struct sc *s = r->s;

	if (s->conf.instance[0] && !is_master(s)) {
		r->ignored++; /* only the master answers */
		return;
	}
	if (from == r->done_to && req_id == r->done_req) {
		resync_link_done(r->link, from, req_id, r->done_count,
				 r->done_ms);
		return;
	}
	if (!r->tx)
		log_info("sync resync=replay reason=request from=%08x req=%u",
			 from, req_id);
	replay_for(r, from, req_id);
}

/* ---- the child's hooks ---- */

void
sc_resync_state(struct sc *s, uint32_t old, uint32_t now)
{
	struct sc_resync *r = s->rs;

	if (!r || !r->link)
		return;
	if (now == IPC_VRRP_MASTER) {
		ev_timer_stop(s->loop, &r->retry);
		r->waiting = false; /* the master is who answers now */
		return;
	}
	if (old == UINT32_MAX || old == IPC_VRRP_MASTER)
		request(s, old == UINT32_MAX ? "start" : "left-master");
}

int
sc_resync_now(struct sc *s, const char *why)
{
	struct sc_resync *r = s->rs;

	if (!r || s->resync.off || !s->conf.set) { /* conntrack_sync only */
		errno = ENOTCONN;
		return -1;
	}
	if (s->conf.instance[0] && !is_master(s))
		return request(s, why);
	if (!r->tx)
		log_info("sync resync=replay reason=%s", why);
	replay_for(r, 0, 0);
	return r->tx ? 0 : (errno = EIO, -1);
}

void
sc_resync_conf(struct sc_resync_conf *o, const struct conf *c)
{
	const struct conf_lvs_resync *m = &c->global.lvs_sync_resync;

	memset(o, 0, sizeof(*o));
	/* with net_namespace_ipvs the connections, the sync interface and
	 * group are that namespace's, and the replay would read and send in
	 * vigild's: off, as keepalived has none */
	o->off = m->off || c->global.net_namespace_ipvs;
	o->port = m->port;
	o->rate = m->rate;
	if (m->auth_key)
		snprintf(o->key, sizeof(o->key), "%s", m->auth_key);
}

static const struct resync_link_cb link_cb = {on_req, on_done};

static void
open_link(struct sc *s, struct sc_resync *r)
{
	struct resync_link_conf lc = {0};

	r->link_error[0] = '\0';
	if (!s->resync.key[0]) {
		snprintf(r->link_error, sizeof(r->link_error),
			 "no auth_key: a backup cannot ask");
		return;
	}
	lc.key.len = strlen(s->resync.key);
	memcpy(lc.key.b, s->resync.key, lc.key.len);
	snprintf(lc.ifname, sizeof(lc.ifname), "%s", s->conf.ifname);
	lc.group.family = (uint8_t)s->conf.group_af;
	lc.group.u = s->conf.group;
	lc.port = s->resync.port;
	lc.ttl = s->conf.ttl;
	lc.syncid = s->conf.syncid;
	r->link = resync_link_new(s->loop, &lc, &link_cb, r, r->link_error,
				  sizeof(r->link_error));
	if (!r->link)
		log_warn("sync resync=nochannel iface=%s error=\"%s\"",
			 s->conf.ifname, r->link_error);
}

void
sc_resync_reload(struct sc *s)
{
	struct sc_resync *r = s->rs;

	if (!r) {
		if (!(r = calloc(1, sizeof(*r))))
			return;
		r->s = s;
		ev_timer_init(&r->retry, on_retry, r);
		s->rs = r;
	}
	resync_link_free(r->link);
	r->link = NULL;
	if (!s->resync.off && s->conf.set)
		open_link(s, r);
	if (!r->link) {
		ev_timer_stop(s->loop, &r->retry);
		r->waiting = false;
	}
}

void
sc_resync_free(struct sc *s)
{
	struct sc_resync *r = s->rs;

	if (!r)
		return;
	ev_timer_stop(s->loop, &r->retry);
	resync_tx_free(r->tx);
	resync_link_free(r->link);
	free(r);
	s->rs = NULL;
}

static const char *
state_name(const struct sc *s)
{
	const struct sc_resync *r = s->rs;

	if (s->resync.off)
		return "off";
	if (r && r->tx)
		return "replaying";
	return r && r->waiting ? "requesting" : "idle";
}

struct json_object *
sc_resync_json(const struct sc *s)
{
	const struct sc_resync *r = s->rs;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "state",
			       json_object_new_string(state_name(s)));
	if (!r)
		return o;
	jput_u64(o, "requested", r->requested);
	jput_u64(o, "done", r->done);
	jput_u64(o, "entries", r->last_entries);
	jput_u64(o, "received", r->last_received);
	jput_u64(o, "ms", r->last_ms);
	jput_u64(o, "started", r->started);
	jput_u64(o, "replayed", r->replayed);
	jput_u64(o, "failed", r->failed);
	jput_u64(o, "ignored", r->ignored);
	jput_u64(o, "replayed_entries", r->entries);
	jput_u64(o, "replay_datagrams", r->last.datagrams);
	jput_u64(o, "replay_skipped", r->last.skipped);
	jput_u64(o, "replay_malformed", r->last.malformed);
	jput_u64(o, "replay_ms", r->last.ms);
	jput_u64(o, "rate", s->resync.rate ? s->resync.rate : RESYNC_RATE_DEF);
	if (r->last_error[0])
		json_object_object_add(o, "last_error",
				       json_object_new_string(r->last_error));
	if (r->link)
		json_object_object_add(
			o, "channel",
			resync_link_json(r->link, (uint64_t)ev_now(s->loop)));
	else if (r->link_error[0])
		json_object_object_add(o, "channel_error",
				       json_object_new_string(r->link_error));
	return o;
}
