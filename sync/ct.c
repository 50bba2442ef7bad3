// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigil's conntrack replication (ct.h): roles, batching, resync, commit.
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "sync/chan_sock.h"
#include "sync/ct.h"
#include "sync/ct_cache.h"
#include "sync/ct_conf.h"
#include "sync/ct_int.h"
#include "sync/ct_mode.h"
#include "sync/ct_nl.h"

#define NACK_TICK EV_MSEC(50)

/* ---- the channel: how bytes travel --------------------------------- */

static int
udp_send(void *ch, uint8_t type, const void *p, size_t n, uint32_t *seq)
{
	return sch_send(ch, type, p, n, seq);
}

static int
udp_resend(void *ch, uint8_t type, uint32_t seq, const void *p, size_t n)
{
	return sch_resend(ch, type, seq, p, n);
}

static size_t
udp_max_payload(void *ch)
{
	return sch_sock_max_payload(ch);
}

static uint32_t
udp_sender(void *ch)
{
	return sch_sock_sender(ch);
}

const struct ct_chan_ops ct_chan_udp = {
	.name = "udp",
	.send = udp_send,
	.resend = udp_resend,
	.max_payload = udp_max_payload,
	.sender = udp_sender,
};

/* ---- sending (the MASTER) ------------------------------------------ */

static void
send_msg(struct ct_sync *ct, uint8_t type, const uint8_t *p, size_t n)
{
	uint32_t seq;

	if (ct->chan->send(ct->ch, type, p, n, &seq) < 0)
		ct->c.send_errors++;
	/* kept even when the send failed: the receiver NACKs the gap */
	ct->mode_ops->sent(ct->mode, type, seq, p, n);
}

void
ct_flush(struct ct_sync *ct)
{
	if (!ct->txlen)
		return;
	send_msg(ct, SCH_CT, ct->tx, ct->txlen);
	ct->txlen = 0;
}

static void
queue_entry(struct ct_sync *ct, const struct sch_ct *e)
{
	size_t max = ct->chan->max_payload(ct->ch);

	if (ct->txlen + sch_ct_len(e) > max)
		ct_flush(ct);
	ct->txlen += sch_ct_encode(ct->tx + ct->txlen, max - ct->txlen, e);
	ct->c.sent_entries++;
	if (!ev_timer_active(&ct->flush))
		ev_timer_start(ct->loop, &ct->flush, 0);
}

static void
on_flush(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop, (void)t;
	ct_flush(arg);
}

static void
on_alive(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ct_sync *ct = arg;
	struct sch_alive a = {.entries =
				      (uint32_t)ct_nl_counts(ct->nl)->events};
	uint8_t p[SCH_ALIVE_LEN];

	ev_timer_start(loop, t, ct->conf.alive_us);
	if (!ct->master)
		return;
	ct_flush(ct);
	sch_alive_encode(p, sizeof(p), &a);
	send_msg(ct, SCH_ALIVE, p, sizeof(p));
}

/* ---- netlink and replays -------------------------------------------- */

/* The MASTER's cache follows its kernel (events, dumps): a resync is
 * served from it, without dumping the kernel again. */
static void
nl_entry(void *arg, const struct sch_ct *e, bool dump)
{
	struct ct_sync *ct = arg;
	struct sch_ct x = *e;

	if (!ct->master)
		return; /* a dump that outlived the role: its entries are stale */
	if (ct_filter_skip(&ct->filter, e)) {
		ct->c.filtered++;
		return;
	}
	if (e->op == SCH_CT_DESTROY)
		ct_cache_del(ct->cache, e);
	else
		ct_cache_put(ct->cache, e);
	if (dump) {
		x.op = SCH_CT_DUMP;
		ct->dump_count++;
	}
	queue_entry(ct, &x);
}

static void
replay_done(struct ct_sync *ct, int err)
{
	struct sch_resync r = {.what = SCH_WHAT_CT,
			       .target = ct->dump_target,
			       .req_id = ct->dump_req,
			       .count = ct->dump_count};
	uint8_t p[SCH_RESYNC_LEN];

	r.ms = (uint32_t)((ev_now_update(ct->loop) - ct->dump_start) / 1000);
	ct->replaying = false;
	ct_flush(ct);
	sch_resync_encode(p, sizeof(p), &r);
	send_msg(ct, SCH_RESYNC_DONE, p, sizeof(p));
	log_info(
		"sync conntrack=resync-sent entries=%u ms=%u to=%08x from=%s%s",
		r.count, r.ms, r.target, ct->replay_kernel ? "kernel" : "cache",
		err ? " error=dump-failed" : "");
	if (ct->dump_again) {
		ct->dump_again = false;
		ct_replay(ct, ct->again_target, ct->again_req,
			  ct->again_kernel);
	}
}

static void
walk_one(void *arg, const struct sch_ct *e)
{
	struct ct_sync *ct = arg;
	struct sch_ct x = *e;

	x.op = SCH_CT_DUMP;
	ct->dump_count++;
	queue_entry(ct, &x);
}

#define WALK_SLICE 5000 /* entries per loop turn */

static void
on_walk(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ct_sync *ct = arg;

	if (ct_cache_walk(ct->cache, &ct->walk_pos, WALK_SLICE, walk_one, ct)) {
		ev_timer_start(loop, t, 0);
		return;
	}
	ct_cache_freeze(ct->cache, ct->committing);
	replay_done(ct, 0);
}

void
ct_replay(struct ct_sync *ct, uint32_t target, uint32_t req_id, bool kernel)
{
	if (ct->replaying) {
		ct->dump_again = true;
		ct->again_target = target;
		ct->again_req = req_id;
		ct->again_kernel |= kernel;
		return;
	}
	ct_flush(ct);
	ct->dump_target = target;
	ct->dump_req = req_id;
	ct->dump_count = 0;
	ct->dump_start = ev_now_update(ct->loop);
	ct->replay_kernel = kernel;
	ct->again_kernel = false;
	if (kernel) {
		ct_cache_mark(ct->cache);
		if (ct_nl_dump(ct->nl) < 0) {
			log_warn("sync conntrack=resync error=\"%s\"",
				 strerror(errno));
			return;
		}
	} else {
		ct_cache_freeze(ct->cache, true);
		ct->walk_pos = 0;
		ev_timer_start(ct->loop, &ct->walk, 0);
	}
	ct->replaying = true;
	ct->c.resyncs_served++;
}

static void
nl_dump_done(void *arg, int err)
{
	struct ct_sync *ct = arg;

	if (!ct->master) { /* the role changed while it ran */
		ct->replaying = false;
		return;
	}
	if (!err)
		ct->c.swept += ct_cache_sweep(ct->cache);
	replay_done(ct, err);
}

static void
nl_overrun(void *arg)
{
	struct ct_sync *ct = arg;

	ct->c.overruns++;
	log_warn("sync conntrack=overrun action=resync overruns=%llu",
		 (unsigned long long)ct->c.overruns);
	if (ct->master)
		ct_replay(ct, 0, 0, true);
}

static const struct ct_nl_cb nl_cb = {
	.entry = nl_entry,
	.dump_done = nl_dump_done,
	.overrun = nl_overrun,
};

/* ---- roles ----------------------------------------------------------- */

/* The director's own addresses, but the config's virtual ones. */
static void
own_addresses(struct ct_sync *ct)
{
	struct ifaddrs *ifa, *i;

	ct->filter.nown = 0;
	if (ct->conf.track_local || getifaddrs(&ifa) < 0)
		return;
	for (i = ifa; i; i = i->ifa_next) {
		struct ipaddr a = {0};
		bool vip = false;

		if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET &&
				     i->ifa_addr->sa_family != AF_INET6))
			continue;
		a.family = (uint8_t)i->ifa_addr->sa_family;
		if (a.family == AF_INET)
			a.u.v4 = ((struct sockaddr_in *)i->ifa_addr)->sin_addr;
		else
			a.u.v6 =
				((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		for (size_t k = 0; k < ct->conf.nvips && !vip; k++)
			vip = ipaddr_eq(&a, &ct->conf.vips[k]);
		if (!vip)
			ct_filter_add(ct->filter.own, &ct->filter.nown, &a,
				      a.family == AF_INET ? 32 : 128);
	}
	freeifaddrs(ifa);
}

void
ct_master_ready(struct ct_sync *ct)
{
	if (ct_nl_events(ct->nl, true) < 0)
		log_warn("sync conntrack=events error=\"%s\"", strerror(errno));
	/* the kernel's table is the truth now: refresh the cache from it
	 * (what changed while nobody listened) and tell the backups */
	ct_replay(ct, 0, 0, true);
}

void
ct_sync_set_master(struct ct_sync *ct, bool master)
{
	if (ct->known && master == ct->master)
		return;
	ct->known = true;
	ct->master = master;
	log_info("sync conntrack=%s cache=%zu", master ? "master" : "backup",
		 ct_cache_count(ct->cache));
	if (master) {
		ev_timer_stop(ct->loop, &ct->resync);
		own_addresses(ct);
		/* the commit first: its own events would flood the socket */
		if (!ct_commit_start(ct))
			ct_master_ready(ct);
		return;
	}
	ct_nl_events(ct->nl, false);
	ev_timer_stop(ct->loop, &ct->walk);
	ev_timer_stop(ct->loop, &ct->commit);
	ct->replaying = ct->committing = false;
	ct_cache_freeze(ct->cache, false);
	ct->txlen = 0;
	/* a request sent at start still runs; one from a past MASTER is due */
	if (!ev_timer_active(&ct->resync))
		ct_ask_resync(ct, true);
}

/* ---- lifecycle ------------------------------------------------------ */

static void
ct_timers(struct ct_sync *ct)
{
	ev_timer_init(&ct->flush, on_flush, ct);
	ev_timer_init(&ct->alive, on_alive, ct);
	ev_timer_init(&ct->nack, ct_on_nack_tick, ct);
	ev_timer_init(&ct->resync, ct_on_resync_timer, ct);
	ev_timer_init(&ct->commit, ct_on_commit_slice, ct);
	ev_timer_init(&ct->walk, on_walk, ct);
	ev_timer_start(ct->loop, &ct->alive, ct->conf.alive_us);
	ev_timer_start(ct->loop, &ct->nack, NACK_TICK);
}

struct ct_sync *
ct_sync_new(struct ev_loop *loop, const struct conf *c, char *err,
	    size_t errlen)
{
	struct ct_sync *ct = calloc(1, sizeof(*ct));

	if (!ct) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ct->loop = loop;
	if (ct_conf_from_model(&ct->conf, c, err, errlen) < 0)
		goto fail;
	ct->mode_ops = ct->conf.mode == CONF_CT_NOTRACK ? &ct_mode_notrack
							: &ct_mode_ftfw;
	ct->chan = &ct_chan_udp;
	memcpy(ct->filter.ignore, ct->conf.ignore, sizeof(ct->filter.ignore));
	ct->filter.nignore = ct->conf.nignore;
	ct->filter.sync_port = ct->conf.ch.port;
	if (!(ct->ch = sch_sock_new(loop, &ct->conf.ch, err, errlen)))
		goto fail;
	if (!(ct->cache = ct_cache_new(ct->conf.cache_max)) ||
	    !(ct->mode = ct->mode_ops->create(ct->conf.queue,
					      sch_sock_next_seq(ct->ch)))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (!(ct->nl = ct_nl_new(loop, &nl_cb, ct, err, errlen)))
		goto fail;
	ct_nl_event_buffer(ct->nl, ct->conf.nl_buffer);
	ct_rx_init(ct);
	ct_timers(ct);
	ct->started = ev_now(loop);
	/* not MASTER until told: ask the master for its table now */
	ct_ask_resync(ct, true);
	return ct;
fail:
	ct_sync_free(ct);
	return NULL;
}

void
ct_sync_free(struct ct_sync *ct)
{
	if (!ct)
		return;
	ev_timer_stop(ct->loop, &ct->flush);
	ev_timer_stop(ct->loop, &ct->alive);
	ev_timer_stop(ct->loop, &ct->nack);
	ev_timer_stop(ct->loop, &ct->resync);
	ev_timer_stop(ct->loop, &ct->commit);
	ev_timer_stop(ct->loop, &ct->walk);
	ct_nl_free(ct->nl);
	if (ct->mode)
		ct->mode_ops->destroy(ct->mode);
	ct_cache_free(ct->cache);
	sch_sock_free(ct->ch);
	free(ct);
}

bool
ct_sync_same(const struct ct_sync *ct, const struct conf *c)
{
	struct ct_conf n;
	char err[160];

	if (ct_conf_from_model(&n, c, err, sizeof(err)) < 0)
		return false;
	return !memcmp(&n, &ct->conf, sizeof(n));
}

const char *
ct_sync_instance(const struct ct_sync *ct)
{
	return ct->conf.instance;
}
