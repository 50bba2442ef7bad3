// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child's answers: `vigilctl status` (summary counts), `show
 * checks` (the engine's per real server state, last result, reason,
 * counters, and whether an admin drained it), `show ipvs` (the desired
 * table, the kernel's as the converger sees it, the converger's state),
 * SIGUSR1/SIGUSR2 dumps. Admin requests are child_admin.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include <json-c/json.h>

#include "check/child_int.h"
#include "check/json.h"

static const char *
rs_name(const struct cc *s, size_t v, size_t r, char *buf, size_t len)
{
	const struct chk_conf *cc = chk_engine_conf(s->eng);

	return chk_addr_fmt(&cc->vs[v].rs[r].addr, buf, len);
}

/* ---- tables ---- */

static const char *
method(uint32_t fwd)
{
	return fwd == IPVS_FWD_DR	? "dr"
	       : fwd == IPVS_FWD_TUNNEL ? "tunnel"
	       : fwd == IPVS_FWD_LOCAL	? "local"
					: "nat";
}

/* The kernel's counters (stats64) as of the converger's last read. */
static struct json_object *
stats_json(const struct ipvs_stats *st)
{
	struct json_object *o = json_object_new_object();

	chk_json_int(o, "conns", (int64_t)st->conns);
	chk_json_int(o, "inpkts", (int64_t)st->inpkts);
	chk_json_int(o, "outpkts", (int64_t)st->outpkts);
	chk_json_int(o, "inbytes", (int64_t)st->inbytes);
	chk_json_int(o, "outbytes", (int64_t)st->outbytes);
	return o;
}

static struct json_object *
dest_json(const struct ipvs_dest *d)
{
	struct json_object *o = json_object_new_object();
	char b[IPVS_KEY_STRLEN];

	chk_json_str(o, "address", ipvs_dest_key_str(&d->key, b, sizeof(b)));
	chk_json_str(o, "method", method(d->fwd));
	chk_json_int(o, "weight", d->weight);
	if (d->u_thresh || d->l_thresh) {
		chk_json_int(o, "uthreshold", d->u_thresh);
		chk_json_int(o, "lthreshold", d->l_thresh);
	}
	chk_json_int(o, "active_conns", d->active_conns);
	chk_json_int(o, "inactive_conns", d->inact_conns);
	chk_json_bool(o, "owned", d->owned);
	json_object_object_add(o, "stats", stats_json(&d->stats));
	return o;
}

/* The timeout, and the netmask (dotted for IPv4, a prefix length for
 * IPv6, as ipvsadm writes it) when it is not the family's default. */
static void
persistence_json(struct json_object *o, const struct ipvs_service *s)
{
	char m[INET_ADDRSTRLEN];

	chk_json_int(o, "persistence_timeout", s->timeout);
	if (s->netmask == ipvs_default_netmask(s->key.af))
		return;
	if (s->key.af == AF_INET)
		chk_json_str(o, "persistence_netmask",
			     inet_ntop(AF_INET, &s->netmask, m, sizeof(m)));
	else
		chk_json_int(o, "persistence_netmask", s->netmask);
}

struct json_object *
cc_table_json(const struct ipvs_table *t)
{
	struct json_object *a = json_object_new_array();
	char b[IPVS_KEY_STRLEN];

	for (size_t i = 0; t && i < t->n; i++) {
		const struct ipvs_service *s = &t->svcs[i];
		struct json_object *o = json_object_new_object(),
				   *ds = json_object_new_array();

		chk_json_str(o, "service",
			     ipvs_svc_key_str(&s->key, b, sizeof(b)));
		chk_json_str(o, "scheduler", s->sched);
		chk_json_int(o, "flags", s->flags);
		if (s->flags & IP_VS_SVC_F_PERSISTENT)
			persistence_json(o, s);
		chk_json_int(o, "connections", (int64_t)s->stats.conns);
		json_object_object_add(o, "stats", stats_json(&s->stats));
		json_object_object_add(o, "owned",
				       json_object_new_boolean(s->owned));
		for (size_t j = 0; j < s->ndests; j++)
			json_object_array_add(ds, dest_json(&s->dests[j]));
		json_object_object_add(o, "destinations", ds);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *
converger_json(const struct cc *s)
{
	const struct cc_ipvs *x = &s->ipvs;
	struct json_object *o = json_object_new_object();

	chk_json_str(o, "state", cc_ipvs_state_name(x->state));
	if (x->state == CC_IPVS_UNAVAILABLE && x->open_err)
		chk_json_str(o, "error", cc_ipvs_open_error(x->open_err));
	else if (x->last_error[0] || x->want_err[0])
		chk_json_str(o, "error",
			     x->want_err[0] ? x->want_err : x->last_error);
	chk_json_int(o, "passes", (int64_t)x->passes);
	chk_json_int(o, "applied", (int64_t)x->applied);
	chk_json_int(o, "failed", (int64_t)x->failed);
	chk_json_int(o, "skipped", (int64_t)x->skipped);
	chk_json_int(o, "services", (int64_t)x->want.n);
	chk_json_int(o, "destinations",
		     (int64_t)ipvs_table_count_dests(&x->want));
	return o;
}

/* Per real server: its health and why, what the table should hold. */
static struct json_object *
health_json(const struct cc *s)
{
	const struct chk_conf *cc = s->eng ? chk_engine_conf(s->eng) : NULL;
	struct json_object *a = json_object_new_array();
	char b[CHK_ADDR_STRLEN], why[96];
	int64_t w;

	for (size_t v = 0; cc && v < cc->nvs; v++)
		for (size_t r = 0; r < cc->vs[v].nrs; r++) {
			struct json_object *o = json_object_new_object();
			bool in = chk_engine_rs_dest(s->eng, v, r, &w), drained;

			chk_json_str(o, "vs", cc->vs[v].name);
			chk_json_str(o, "rs", rs_name(s, v, r, b, sizeof(b)));
			chk_json_str(o, "health",
				     chk_engine_rs_up(s->eng, v, r) ? "up"
								    : "down");
			chk_json_str(o, "reason",
				     chk_reason_fmt(
					     chk_engine_rs_cause(s->eng, v, r),
					     why, sizeof(why)));
			drained = cc_drained(s, v, r);
			chk_json_bool(o, "in_table", in);
			chk_json_int(o, "weight", in && !drained ? w : 0);
			chk_json_bool(o, "drained", drained);
			json_object_array_add(a, o);
		}
	return a;
}

static struct json_object *
show_ipvs(const struct cc *s)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "real_servers", health_json(s));

	json_object_object_add(o, "converger", converger_json(s));
	json_object_object_add(o, "desired", cc_table_json(&s->ipvs.want));
	json_object_object_add(
		o, "kernel",
		s->ipvs.conv ? cc_table_json(ipvs_conv_view(s->ipvs.conv))
			     : NULL);
	return o;
}

/* ---- summary and statistics ---- */

static void
pool_counts(const struct cc *s, struct json_object *o)
{
	const struct chk_conf *cc = s->eng ? chk_engine_conf(s->eng) : NULL;
	int64_t rs = 0, in = 0, serving = 0, drained = 0, w;

	for (size_t v = 0; cc && v < cc->nvs; v++)
		for (size_t r = 0; r < cc->vs[v].nrs; r++, rs++) {
			drained += cc_drained(s, v, r);
			if (chk_engine_rs_dest(s->eng, v, r, &w)) {
				in++;
				serving += w > 0 && !cc_drained(s, v, r);
			}
		}
	chk_json_int(o, "virtual_servers", cc ? (int64_t)cc->nvs : 0);
	chk_json_int(o, "real_servers", rs);
	chk_json_int(o, "in_pool", in);
	chk_json_int(o, "serving", serving);
	chk_json_int(o, "out_of_pool", rs - in);
	chk_json_int(o, "drained", drained);
}

static struct json_object *
status(const struct cc *s)
{
	struct json_object *o = json_object_new_object();

	pool_counts(s, o);
	json_object_object_add(o, "ipvs", converger_json(s));
	return o;
}

static struct json_object *
stats(const struct cc *s)
{
	struct json_object *o = status(s);

	json_object_object_add(o, "checks",
			       s->eng ? chk_engine_stats_json(s->eng) : NULL);
	chk_json_int(o, "events", (int64_t)s->events);
	chk_json_int(o, "scripts_run", (int64_t)s->scripts_run);
	chk_json_int(o, "scripts_failed", (int64_t)s->scripts_failed);
	chk_json_int(o, "table_builds", (int64_t)s->ipvs.builds);
	return o;
}

struct json_object *
cc_checks_json(const struct cc *s)
{
	struct json_object *o = s->eng ? chk_engine_status(s->eng) : NULL;
	struct json_object *vss = NULL, *rss;

	json_object_object_get_ex(o, "virtual_servers", &vss);
	for (size_t v = 0; vss && v < json_object_array_length(vss); v++) {
		if (!json_object_object_get_ex(
			    json_object_array_get_idx(vss, v), "real_servers",
			    &rss))
			continue;
		for (size_t r = 0; r < json_object_array_length(rss); r++)
			chk_json_bool(json_object_array_get_idx(rss, r),
				      "drained", cc_drained(s, v, r));
	}
	return o;
}

static struct json_object *
show(const struct cc *s, const char *arg)
{
	if (arg && !strcmp(arg, "ipvs"))
		return show_ipvs(s);
	if (!arg || !arg[0] || !strcmp(arg, "checks"))
		return cc_checks_json(s);
	return NULL;
}

struct json_object *
cc_query(void *st, enum ipc_query q, const char *arg)
{
	struct cc *s = st;
	struct json_object *o;

	switch (q) {
	case IPC_Q_STATUS:
		return status(s);
	case IPC_Q_SHOW:
		return show(s, arg);
	case IPC_Q_DATA:
		cc_ipvs_reread(s); /* for the next answer's counters */
		o = json_object_new_object();
		json_object_object_add(o, "checks", show(s, "checks"));
		json_object_object_add(o, "ipvs", show_ipvs(s));
		return o;
	case IPC_Q_STATS:
		return stats(s);
	default:
		return NULL;
	}
}
