// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bulk resync in the sync child (sync/README.md, "Bulk resync"):
 * the master (its instance MASTER, or no instance named) replays its
 * connection table to the kernel sync group (resync_tx.h) on `vigilctl
 * sync resync`; one replay at a time: a request during a replay runs
 * another when it ends.
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
#include "sync/resync_tx.h"

struct sc_resync {
	struct sc *s;
	/* the master: its replay */
	struct resync_tx *tx;
	uint32_t tx_req, next_req;
	bool again;
	uint64_t started, replayed, failed, ignored, entries;
	struct resync_tx_stats last;
	char last_error[160];
};

static bool
is_master(const struct sc *s)
{
	return sc_vrrp_state(s) == SYNCD_VRRP_MASTER;
}

/* ---- the master's replay ---- */

static void replay(struct sc_resync *r);

static void
replayed(void *arg, int err, const struct resync_tx_stats *st)
{
	struct sc_resync *r = arg;

	r->last = *st;
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
	}
	if (r->again) {
		r->again = false;
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
	}
}

/* ---- the child's hooks ---- */

int
sc_resync_now(struct sc *s, const char *why)
{
	struct sc_resync *r = s->rs;

	if (!r || s->resync.off) {
		errno = ENOTCONN;
		return -1;
	}
	if (s->conf.instance[0] && !is_master(s)) {
		errno = EOPNOTSUPP; /* the backup's request: not yet */
		return -1;
	}
	/* the master (or a pair without an instance): replay now */
	if (r->tx) {
		r->again = true;
		r->next_req = 0;
		return 0;
	}
	r->tx_req = 0;
	log_info("sync resync=replay reason=%s", why);
	replay(r);
	return r->tx ? 0 : (errno = EIO, -1);
}

void
sc_resync_conf(struct sc_resync_conf *o, const struct conf_lvs_resync *m)
{
	memset(o, 0, sizeof(*o));
	o->off = m->off;
	o->port = m->port;
	o->rate = m->rate;
	if (m->auth_key)
		snprintf(o->key, sizeof(o->key), "%s", m->auth_key);
	if (m->auth_key_file)
		snprintf(o->key_file, sizeof(o->key_file), "%s",
			 m->auth_key_file);
}

void
sc_resync_reload(struct sc *s)
{
	struct sc_resync *r = s->rs;

	if (!r) {
		if (!(r = calloc(1, sizeof(*r))))
			return;
		r->s = s;
		s->rs = r;
	}
}

void
sc_resync_free(struct sc *s)
{
	struct sc_resync *r = s->rs;

	if (!r)
		return;
	resync_tx_free(r->tx);
	free(r);
	s->rs = NULL;
}

static void
add_u64(struct json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_int64((int64_t)v));
}

struct json_object *
sc_resync_json(const struct sc *s)
{
	const struct sc_resync *r = s->rs;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "state",
			       json_object_new_string(s->resync.off ? "off"
						      : r && r->tx ? "replaying"
								   : "idle"));
	if (!r)
		return o;
	add_u64(o, "started", r->started);
	add_u64(o, "replayed", r->replayed);
	add_u64(o, "failed", r->failed);
	add_u64(o, "ignored", r->ignored);
	add_u64(o, "replayed_entries", r->entries);
	add_u64(o, "replay_datagrams", r->last.datagrams);
	add_u64(o, "replay_skipped", r->last.skipped);
	add_u64(o, "replay_malformed", r->last.malformed);
	add_u64(o, "replay_ms", r->last.ms);
	add_u64(o, "rate", s->resync.rate ? s->resync.rate : RESYNC_RATE_DEF);
	if (r->last_error[0])
		json_object_object_add(o, "last_error",
				       json_object_new_string(r->last_error));
	return o;
}
