// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The conntrack replication's receiving side (ct_int.h): entries into the
 * cache, NACKs, resync requests and their answers, the commit of the
 * cache to the kernel in slices, and the status.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "sync/chan_sock.h"
#include "sync/ct.h"
#include "sync/ct_cache.h"
#include "sync/ct_int.h"
#include "sync/ct_nl.h"
#include "core/runtime/json_put.h"

#define NACK_TICK EV_MSEC(50)
#define COMMIT_SLICE 2000
#define RESYNC_MAX_S 30

static uint64_t
now_ms(struct ct_sync *ct)
{
	return ev_now(ct->loop) / 1000;
}

static void
entry_in(void *arg, const struct sch_ct *e)
{
	struct ct_sync *ct = arg;

	ct->c.received_entries++;
	if (ct->master) {
		ct->c.ignored_as_master++;
		return;
	}
	if (e->op == SCH_CT_DUMP && !ct->in_resync) {
		ct->in_resync = true; /* a dump began: a new generation */
		ct_cache_mark(ct->cache);
	}
	if (e->op == SCH_CT_DESTROY)
		ct_cache_del(ct->cache, e);
	else
		ct_cache_put(ct->cache, e);
	if (ct->conf.commit == CONF_CT_CONTINUOUS &&
	    ct_nl_commit(ct->nl, e) == 0)
		ct->c.committed++;
}

/* Every message from a peer: its number to the mode first. */
static void
seen(struct ct_sync *ct, const struct sch_hdr *h)
{
	if (!ct->master)
		ct->mode_ops->received(ct->mode, h->sender, h->seq, now_ms(ct));
}

static int
on_ct(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
      const struct ipaddr *from)
{
	struct ct_sync *ct = arg;
	size_t at;
	int rc;

	(void)from;
	seen(ct, h);
	rc = sch_ct_decode(p, n, entry_in, ct, &at);
	if (ct->conf.commit == CONF_CT_CONTINUOUS)
		ct_nl_commit_flush(ct->nl);
	return rc;
}

static int
on_alive_msg(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
	     const struct ipaddr *from)
{
	struct sch_alive a;

	(void)from;
	seen(arg, h);
	return sch_alive_decode(p, n, &a);
}

static int
resend(void *arg, uint8_t type, uint32_t seq, const uint8_t *p, size_t n)
{
	struct ct_sync *ct = arg;

	return ct->chan->resend(ct->ch, type, seq, p, n);
}

static int
on_nack(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
	const struct ipaddr *from)
{
	struct ct_sync *ct = arg;
	struct sch_nack k;

	(void)from;
	seen(ct, h);
	if (sch_nack_decode(p, n, &k) < 0)
		return -1;
	if (!ct->master || k.target != ct->chan->sender(ct->ch))
		return 0;
	ct->c.nacks_received++;
	ct_flush(ct);
	if (ct->mode_ops->nack(ct->mode, &k, resend, ct)) {
		ct->c.resyncs_after_loss++;
		log_info("sync conntrack=nack-past-queue action=resync");
		ct_replay(ct, 0, 0, false);
	}
	return 0;
}

static int
on_req(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
       const struct ipaddr *from)
{
	struct ct_sync *ct = arg;
	struct sch_resync r;

	(void)from;
	seen(ct, h);
	if (sch_resync_decode(p, n, &r) < 0)
		return -1;
	if (r.what != SCH_WHAT_CT || !ct->master ||
	    (r.target && r.target != ct->chan->sender(ct->ch)))
		return 0;
	ct_replay(ct, h->sender, r.req_id, false);
	return 0;
}

static int
on_done(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
	const struct ipaddr *from)
{
	struct ct_sync *ct = arg;
	struct sch_resync r;
	size_t gone = 0;

	(void)from;
	seen(ct, h);
	if (sch_resync_decode(p, n, &r) < 0)
		return -1;
	if (r.what != SCH_WHAT_CT || ct->master ||
	    (r.target && r.target != ct->chan->sender(ct->ch)))
		return 0;
	if (ct->in_resync)
		gone = ct_cache_sweep(ct->cache);
	ct->in_resync = false;
	ct->c.swept += gone;
	ct->c.resyncs_done++;
	ct->c.last_resync_entries = r.count;
	ct->c.last_resync_ms =
		(uint32_t)((ev_now(ct->loop) - ct->req_at) / 1000);
	/* ours, or a replay to every backup (a new master's kernel dump)
	 * that began after we asked: it took the master less time than we
	 * have waited. Asking again would replay the whole table again. */
	if (r.target || r.ms < ct->c.last_resync_ms)
		ev_timer_stop(ct->loop, &ct->resync);
	log_info("sync conntrack=resync-done entries=%u cache=%zu removed=%zu "
		 "master_ms=%u ms=%u",
		 r.count, ct_cache_count(ct->cache), gone, r.ms,
		 ct->c.last_resync_ms);
	return 0;
}

void
ct_rx_init(struct ct_sync *ct)
{
	sch_sock_on(ct->ch, SCH_CT, on_ct, ct);
	sch_sock_on(ct->ch, SCH_ALIVE, on_alive_msg, ct);
	sch_sock_on(ct->ch, SCH_NACK, on_nack, ct);
	sch_sock_on(ct->ch, SCH_RESYNC_REQ, on_req, ct);
	sch_sock_on(ct->ch, SCH_RESYNC_DONE, on_done, ct);
}

/* ---- asking ------------------------------------------------------- */

static void
send_req(struct ct_sync *ct)
{
	struct sch_resync r = {.what = SCH_WHAT_CT, .req_id = ct->req_id};
	uint8_t p[SCH_RESYNC_LEN];
	uint32_t seq;

	sch_resync_encode(p, sizeof(p), &r);
	ct->chan->send(ct->ch, SCH_RESYNC_REQ, p, sizeof(p), &seq);
	ct->c.resyncs_requested++;
}

void
ct_ask_resync(struct ct_sync *ct, bool fresh)
{
	if (fresh) {
		ct->req_backoff_s = 1;
		ct->req_id++;
		ct->req_at = ev_now(ct->loop);
	}
	send_req(ct);
	ev_timer_start(ct->loop, &ct->resync, EV_SEC(ct->req_backoff_s));
}

void
ct_on_resync_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ct_sync *ct = arg;

	(void)loop, (void)t;
	if (ct->master)
		return;
	ct->req_backoff_s *= 2;
	if (ct->req_backoff_s > RESYNC_MAX_S)
		ct->req_backoff_s = RESYNC_MAX_S;
	ct_ask_resync(ct, false);
}

void
ct_on_nack_tick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ct_sync *ct = arg;
	struct sch_nack k = {0};
	uint8_t p[8 + SCH_NACK_MAX * 8];
	int rc;

	ev_timer_start(loop, t, NACK_TICK);
	if (ct->master)
		return;
	while ((rc = ct->mode_ops->want_nack(ct->mode, now_ms(ct), &k)) != 0 ||
	       k.n) {
		uint32_t seq;
		size_t n;

		if (rc < 0) {
			log_info("sync conntrack=loss action=resync");
			ct->c.resyncs_after_loss++;
			ct_ask_resync(ct, true);
			return;
		}
		n = sch_nack_encode(p, sizeof(p), &k);
		ct->chan->send(ct->ch, SCH_NACK, p, n, &seq);
		ct->c.nacks_sent++;
		k.n = 0;
	}
}

/* ---- commit ------------------------------------------------------- */

static void
commit_one(void *arg, const struct sch_ct *e)
{
	struct ct_sync *ct = arg;

	if (ct_nl_commit(ct->nl, e) == 0)
		ct->c.committed++;
}

bool
ct_commit_start(struct ct_sync *ct)
{
	if (ct->conf.commit != CONF_CT_ON_MASTER || !ct_cache_count(ct->cache))
		return false;
	ct->committing = true;
	ct_cache_freeze(ct->cache, true);
	ct->commit_pos = 0;
	ct->commit_start = ev_now_update(ct->loop);
	ct->c.commit_runs++;
	ev_timer_start(ct->loop, &ct->commit, 0);
	return true;
}

void
ct_on_commit_slice(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ct_sync *ct = arg;
	size_t n = ct_cache_walk(ct->cache, &ct->commit_pos, COMMIT_SLICE,
				 commit_one, ct);

	ct_nl_commit_flush(ct->nl);
	if (n) {
		ev_timer_start(loop, t, 0);
		return;
	}
	ct->committing = false;
	ct->c.last_commit_ms = (ev_now_update(loop) - ct->commit_start) / 1000;
	log_info("sync conntrack=commit entries=%zu ms=%llu errors=%llu "
		 "last_error=%d",
		 ct_cache_count(ct->cache),
		 (unsigned long long)ct->c.last_commit_ms,
		 (unsigned long long)ct_nl_counts(ct->nl)->commit_errors,
		 ct_nl_counts(ct->nl)->last_commit_errno);
	ct_cache_freeze(ct->cache, ct->replaying && !ct->replay_kernel);
	ct_master_ready(ct);
}

/* ---- status ------------------------------------------------------- */

struct json_object *
ct_sync_json(const struct ct_sync *ct)
{
	struct json_object *o = json_object_new_object();
	const struct ct_nl_counts *n = ct_nl_counts(ct->nl);
	const struct ct_counts *c = &ct->c;

	json_object_object_add(o, "vrrp_instance",
			       json_object_new_string(ct->conf.instance));
	json_object_object_add(o, "role",
			       json_object_new_string(!ct->known   ? "unknown"
						      : ct->master ? "master"
								   : "backup"));
	json_object_object_add(o, "mode",
			       json_object_new_string(ct->mode_ops->name));
	json_object_object_add(
		o, "commit",
		json_object_new_string(ct->conf.commit == CONF_CT_CONTINUOUS
					       ? "continuous"
					       : "on_master"));
	jput_u64(o, "cache_entries", ct_cache_count(ct->cache));
	jput_u64(o, "cache_max", ct->conf.cache_max);
	jput_u64(o, "cache_drops", ct_cache_drops(ct->cache));
	jput_u64(o, "events", n->events);
	jput_u64(o, "filtered", c->filtered);
	jput_u64(o, "sent_entries", c->sent_entries);
	jput_u64(o, "received_entries", c->received_entries);
	jput_u64(o, "ignored_as_master", c->ignored_as_master);
	jput_u64(o, "gaps", ct->mode_ops->gaps(ct->mode));
	jput_u64(o, "nacks_sent", c->nacks_sent);
	jput_u64(o, "nacks_received", c->nacks_received);
	jput_u64(o, "resend_queue", ct->mode_ops->queued(ct->mode));
	jput_u64(o, "resyncs_requested", c->resyncs_requested);
	jput_u64(o, "resyncs_served", c->resyncs_served);
	jput_u64(o, "resyncs_done", c->resyncs_done);
	jput_u64(o, "resyncs_after_loss", c->resyncs_after_loss);
	jput_u64(o, "last_resync_entries", c->last_resync_entries);
	jput_u64(o, "last_resync_ms", c->last_resync_ms);
	jput_u64(o, "swept", c->swept);
	jput_u64(o, "overruns", n->overruns);
	jput_u64(o, "dumped", n->dumped);
	jput_u64(o, "committed", c->committed);
	jput_u64(o, "commit_runs", c->commit_runs);
	jput_u64(o, "commit_updates", n->commit_updates);
	jput_u64(o, "commit_errors", n->commit_errors);
	jput_u64(o, "last_commit_ms", c->last_commit_ms);
	json_object_object_add(o, "committing",
			       json_object_new_boolean(ct->committing));
	json_object_object_add(o, "channel",
			       sch_sock_json(ct->ch, ev_now(ct->loop)));
	return o;
}
