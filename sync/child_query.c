// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the sync child answers: `vigilctl show sync`, its line in
 * `vigilctl status`, and the dumps.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "sync/child_int.h"
#include "sync/ct.h"
#include "sync/rx.h"
#include "core/runtime/json_put.h"

static struct json_object *
thread_json(const struct ipvs_daemon *d)
{
	struct json_object *o = json_object_new_object();
	char a[INET6_ADDRSTRLEN] = "";

	jput_str(o, "thread", syncd_state_name(d->state));
	jput_str(o, "interface", d->ifname);
	jput_u64(o, "syncid", d->syncid);
	if (d->maxlen)
		jput_u64(o, "maxlen", d->maxlen);
	if (d->port)
		jput_u64(o, "port", d->port);
	if (d->ttl)
		jput_u64(o, "ttl", d->ttl);
	if (d->group_af) {
		inet_ntop(d->group_af, &d->group, a, sizeof(a));
		jput_str(o, "group", a);
	}
	return o;
}

/* The threads the kernel runs (as last read) and those wanted now. */
static void
threads(const struct sc *s, struct json_object *o)
{
	struct json_object *run = json_object_new_array(),
			   *want = json_object_new_array();
	struct ipvs_daemon w[2];
	size_t nw = syncd_wanted(&s->conf, sc_vrrp_state(s), w);

	for (size_t i = 0; s->read_ok && i < s->nrunning; i++)
		json_object_array_add(run, thread_json(&s->running[i]));
	for (size_t i = 0; i < nw; i++)
		json_object_array_add(
			want,
			json_object_new_string(syncd_state_name(w[i].state)));
	json_object_object_add(o, "threads", run);
	json_object_object_add(o, "wanted", want);
}

static struct json_object *
show(const struct sc *s)
{
	struct json_object *o = json_object_new_object();
	uint64_t now = (uint64_t)ev_now(s->loop);

	if (!s->conf.set) { /* conntrack_sync alone: no IPVS part */
		json_object_object_add(o, "conntrack",
				       s->ct ? ct_sync_json(s->ct) : NULL);
		return o;
	}
	jput_str(o, "interface", s->conf.ifname);
	jput_str(o, "vrrp_instance",
		 s->conf.instance[0] ? s->conf.instance : "");
	jput_str(o, "vrrp_state", sc_vrrp_name(s));
	jput_u64(o, "syncid", s->conf.syncid);
	jput_str(o, "ipvs", s->nl ? "available" : "unavailable");
	threads(s, o);
	jput_u64(o, "thread_starts", s->starts);
	jput_u64(o, "thread_stops", s->stops);
	jput_u64(o, "restores", s->restores);
	jput_u64(o, "failures", s->failures);
	if (s->last_error[0])
		jput_str(o, "last_error", s->last_error);
	json_object_object_add(o, "receiver",
			       s->rx ? sync_rx_json(s->rx, now) : NULL);
	if (s->ct)
		json_object_object_add(o, "conntrack", ct_sync_json(s->ct));
	if (s->conf.set) /* the bulk resync is lvs_sync_daemon's */
		json_object_object_add(o, "resync", sc_resync_json(s));
	return o;
}

/* The line of `vigilctl status`: the state, the threads, the traffic. */
static struct json_object *
status(const struct sc *s)
{
	struct json_object *o = json_object_new_object();
	const struct sync_counts *c = s->rx ? sync_rx_counts(s->rx) : NULL;

	jput_str(o, "vrrp_state", sc_vrrp_name(s));
	threads(s, o);
	json_object_object_del(o, "wanted");
	jput_u64(o, "messages", c ? c->msgs : 0);
	jput_u64(o, "malformed", c ? c->malformed : 0);
	jput_u64(o, "failures", s->failures);
	return o;
}

/* `vigilctl sync resync`: what was done, or why not. */
static struct json_object *
resync_now(struct sc *s)
{
	struct json_object *o = json_object_new_object();

	if (sc_resync_now(s, "vigilctl") < 0)
		jput_str(o, "error",
			 errno == ENOTCONN
				 ? "resync is off (lvs_sync_resync off, or "
				   "net_namespace_ipvs)"
			 : errno == EOPNOTSUPP
				 ? "not the master: a backup's request needs "
				   "the sync channel"
				 : "the replay could not start (see the log)");
	else
		jput_str(o, "resync",
			 sc_vrrp_state(s) == SYNCD_VRRP_MASTER ||
					 !s->conf.instance[0]
				 ? "replaying"
				 : "requested");
	return o;
}

struct json_object *
sc_query(void *st, enum ipc_query q, const char *arg)
{
	struct sc *s = st;

	(void)arg;
	switch (q) {
	case IPC_Q_STATUS:
		return status(s);
	case IPC_Q_DO:
		return strcmp(arg, "resync") ? NULL : resync_now(s);
	case IPC_Q_SHOW:
	case IPC_Q_DATA:
	case IPC_Q_STATS:
		return show(s);
	default:
		return NULL;
	}
}
