// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine's state as JSON: `vigilctl show checks --json`. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <time.h>

#include "check/engine_int.h"

/* A loop time as wall-clock ISO 8601 (UTC, ms), or NULL for "never". */
static struct json_object *
json_time(const struct chk_engine *e, ev_time_t t)
{
	ev_time_t now = ev_now(e->o.loop), wall = chk_engine_wallclock(e);
	ev_time_t at = wall - (now > t ? now - t : 0);
	time_t sec = (time_t)(at / 1000000);
	struct tm tm;
	char buf[40], out[48];

	if (!t)
		return NULL;
	gmtime_r(&sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, sizeof(out), "%s.%03uZ", buf,
		 (unsigned)(at % 1000000 / 1000));
	return json_object_new_string(out);
}

static void
add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

static void
add_int(struct json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void
add_bool(struct json_object *o, const char *k, bool v)
{
	json_object_object_add(o, k, json_object_new_boolean(v));
}

static void
add_result(struct json_object *o, const char *k, const struct chk_result *r)
{
	char buf[48];

	add_str(o, k, chk_reason_fmt(r, buf, sizeof(buf)));
	if (r->detail[0]) {
		char key[32];

		snprintf(key, sizeof(key), "%s_detail", k);
		add_str(o, key, r->detail);
	}
}

static const char *const weight_kinds[] = {
	[CHK_W_KEEP] = "none",	  [CHK_W_RESET] = "none",
	[CHK_W_ABS] = "absolute", [CHK_W_PERCENT] = "percent",
	[CHK_W_DELTA] = "delta",
};

static const char *const phase_names[] = {
	[CHK_IDLE] = "idle",
	[CHK_RUNNING] = "running",
	[CHK_PAUSED] = "paused",
};

static struct json_object *
check_json(const struct chk_engine *e, const struct chk_check *c)
{
	struct json_object *o = json_object_new_object();
	char a[CHK_ADDR_STRLEN];

	add_str(o, "type", chk_type_name(c->conf.type));
	add_str(o, "target",
		chk_addr_fmt(&c->conf.target.connect_ip, a, sizeof(a)));
	add_str(o, "state", c->st.up ? "up" : "down");
	add_str(o, "phase", phase_names[c->phase]);
	add_result(o, "reason", &c->cause);
	if (c->cnt.runs)
		add_result(o, "last_result", &c->last);
	else
		json_object_object_add(o, "last_result", NULL);
	json_object_object_add(o, "last_run", json_time(e, c->last_run));
	json_object_object_add(o, "last_change", json_time(e, c->last_change));
	add_int(o, "runs", (int64_t)c->cnt.runs);
	add_int(o, "ok", (int64_t)c->cnt.ok);
	add_int(o, "failed", (int64_t)c->cnt.failed);
	add_int(o, "timeouts", (int64_t)c->cnt.timeouts);
	add_int(o, "failures_in_a_row", c->st.fails);
	add_int(o, "retry", c->retry);
	add_int(o, "delay_loop_ms", (int64_t)(c->delay_loop / 1000));
	add_int(o, "shared_by", (int64_t)c->nsubs);
	add_str(o, "weight_effect", weight_kinds[c->weight.kind]);
	if (c->weight.kind > CHK_W_RESET)
		add_int(o, "weight_value", c->weight.value);
	return o;
}

static struct json_object *
rs_json(const struct chk_engine *e, const struct chk_rs *rs)
{
	struct json_object *o = json_object_new_object(),
			   *checks = json_object_new_array();

	add_str(o, "address", rs->name);
	add_str(o, "state", rs->up ? "up" : "down");
	add_int(o, "weight", rs->weight);
	add_int(o, "configured_weight", rs->conf->weight);
	add_bool(o, "in_pool", rs->in_pool);
	add_int(o, "pool_weight", rs->pool_weight);
	add_bool(o, "inhibit_on_failure", rs->inhibit);
	add_result(o, "reason", &rs->cause);
	add_str(o, "check", rs->cause_check);
	if (!rs->up && rs->tries) {
		char after[24];

		snprintf(after, sizeof(after), "%u/%u", rs->tries, rs->of);
		add_str(o, "after", after);
	}
	json_object_object_add(o, "last_change", json_time(e, rs->last_change));
	for (size_t i = 0; i < rs->nslots; i++)
		json_object_array_add(checks,
				      check_json(e, rs->slots[i].check));
	json_object_object_add(o, "checks", checks);
	return o;
}

static struct json_object *
vs_json(const struct chk_engine *e, const struct chk_vs *vs)
{
	struct json_object *o = json_object_new_object(),
			   *rss = json_object_new_array();

	add_str(o, "name", vs->conf->name);
	add_int(o, "quorum", vs->conf->quorum);
	add_int(o, "hysteresis", vs->conf->hysteresis);
	add_str(o, "quorum_state", vs->quorum_up ? "up" : "down");
	add_int(o, "weight_sum", vs->weight_sum);
	add_bool(o, "ha_suspend", vs->conf->ha_suspend);
	add_bool(o, "suspended", vs->suspended);
	add_str(o, "sorry_server", vs->conf->has_sorry ? vs->sorry_name : NULL);
	add_bool(o, "sorry_in", vs->sorry_in);
	for (size_t r = 0; r < vs->nrs; r++)
		json_object_array_add(rss, rs_json(e, &vs->rs[r]));
	json_object_object_add(o, "real_servers", rss);
	return o;
}

static struct json_object *
stats_json(const struct chk_engine *e)
{
	struct json_object *o = json_object_new_object(),
			   *hist = json_object_new_object();
	struct chk_engine_stats s;

	chk_engine_stats(e, &s);
	add_int(o, "checks", (int64_t)s.checks);
	add_int(o, "checker_blocks", (int64_t)s.rs_checks);
	add_int(o, "runs", (int64_t)s.runs);
	add_int(o, "ok", (int64_t)s.ok);
	add_int(o, "failed", (int64_t)s.failed);
	add_int(o, "timeouts", (int64_t)s.timeouts);
	add_int(o, "running", (int64_t)s.running);
	add_int(o, "late_max_us", (int64_t)s.late_max);
	for (int b = 0; b < CHK_LATE_BUCKETS; b++) {
		char key[32];

		if (chk_late_bucket_us[b] == UINT64_MAX)
			snprintf(key, sizeof(key), "more");
		else
			snprintf(key, sizeof(key), "le_%lluus",
				 (unsigned long long)chk_late_bucket_us[b]);
		add_int(hist, key, (int64_t)s.late_hist[b]);
	}
	json_object_object_add(o, "lateness", hist);
	return o;
}

struct json_object *
chk_engine_status(const struct chk_engine *e)
{
	struct json_object *o = json_object_new_object(),
			   *vss = json_object_new_array();

	for (size_t v = 0; v < e->nvs; v++)
		json_object_array_add(vss, vs_json(e, &e->vs[v]));
	json_object_object_add(o, "virtual_servers", vss);
	json_object_object_add(o, "stats", stats_json(e));
	return o;
}
