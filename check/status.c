// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine's state as JSON: `vigilctl show checks --json`. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <time.h>

#include "check/engine_int.h"
#include "check/json.h"

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

void
chk_json_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

void
chk_json_int(struct json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

void
chk_json_bool(struct json_object *o, const char *k, bool v)
{
	json_object_object_add(o, k, json_object_new_boolean(v));
}

static void
add_result(struct json_object *o, const char *k, const struct chk_result *r)
{
	char buf[48];

	chk_json_str(o, k, chk_reason_fmt(r, buf, sizeof(buf)));
	if (r->detail[0]) {
		char key[32];

		snprintf(key, sizeof(key), "%s_detail", k);
		chk_json_str(o, key, r->detail);
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

/* The probe durations: the buckets' upper bounds (s), the runs in each
 * (not cumulative; one more, above the last bound), their sum (s). */
static struct json_object *
latency_json(const struct chk_check_stats *cnt)
{
	struct json_object *o = json_object_new_object(),
			   *le = json_object_new_array(),
			   *n = json_object_new_array();
	char b[32];

	for (size_t i = 0; i < CHK_LAT_BOUNDS; i++) {
		double v = (double)chk_latency_bounds[i] / 1e6;

		snprintf(b, sizeof(b), "%g", v);
		json_object_array_add(le, json_object_new_double_s(v, b));
	}
	for (size_t i = 0; i <= CHK_LAT_BOUNDS; i++)
		json_object_array_add(
			n, json_object_new_int64((int64_t)cnt->lat[i]));
	json_object_object_add(o, "le_s", le);
	json_object_object_add(o, "counts", n);
	snprintf(b, sizeof(b), "%.6f", (double)cnt->lat_sum / 1e6);
	json_object_object_add(
		o, "sum_s",
		json_object_new_double_s((double)cnt->lat_sum / 1e6, b));
	return o;
}

static struct json_object *
check_json(const struct chk_engine *e, const struct chk_check *c)
{
	struct json_object *o = json_object_new_object();
	char a[CHK_ADDR_STRLEN];

	chk_json_str(o, "type", chk_type_name(c->conf.type));
	chk_json_str(o, "target",
		     chk_addr_fmt(&c->conf.target.connect_ip, a, sizeof(a)));
	chk_json_str(o, "state", c->st.up ? "up" : "down");
	chk_json_str(o, "phase", phase_names[c->phase]);
	add_result(o, "reason", &c->cause);
	if (c->cnt.runs)
		add_result(o, "last_result", &c->last);
	else
		json_object_object_add(o, "last_result", NULL);
	json_object_object_add(o, "last_run", json_time(e, c->last_run));
	json_object_object_add(o, "last_change", json_time(e, c->last_change));
	chk_json_int(o, "runs", (int64_t)c->cnt.runs);
	chk_json_int(o, "ok", (int64_t)c->cnt.ok);
	chk_json_int(o, "failed", (int64_t)c->cnt.failed);
	chk_json_int(o, "timeouts", (int64_t)c->cnt.timeouts);
	json_object_object_add(o, "latency", latency_json(&c->cnt));
	chk_json_int(o, "failures_in_a_row", c->st.fails);
	chk_json_int(o, "retry", c->retry);
	chk_json_int(o, "delay_loop_ms", (int64_t)(c->delay_loop / 1000));
	chk_json_int(o, "shared_by", (int64_t)c->nsubs);
	chk_json_str(o, "weight_effect", weight_kinds[c->weight.kind]);
	if (c->weight.kind > CHK_W_RESET)
		chk_json_int(o, "weight_value", c->weight.value);
	return o;
}

static struct json_object *
rs_json(const struct chk_engine *e, const struct chk_rs *rs)
{
	struct json_object *o = json_object_new_object(),
			   *checks = json_object_new_array();

	chk_json_str(o, "address", rs->name);
	chk_json_str(o, "state", rs->up ? "up" : "down");
	chk_json_int(o, "weight", rs->weight);
	chk_json_int(o, "configured_weight", rs->conf->weight);
	chk_json_bool(o, "in_pool", rs->in_pool);
	chk_json_int(o, "pool_weight", rs->pool_weight);
	chk_json_bool(o, "inhibit_on_failure", rs->inhibit);
	add_result(o, "reason", &rs->cause);
	chk_json_str(o, "check", rs->cause_check);
	if (!rs->up && rs->tries) {
		char after[24];

		snprintf(after, sizeof(after), "%u/%u", rs->tries, rs->of);
		chk_json_str(o, "after", after);
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

	chk_json_str(o, "name", vs->conf->name);
	chk_json_int(o, "quorum", vs->conf->quorum);
	chk_json_int(o, "hysteresis", vs->conf->hysteresis);
	chk_json_str(o, "quorum_state", vs->quorum_up ? "up" : "down");
	chk_json_int(o, "weight_sum", vs->weight_sum);
	chk_json_bool(o, "ha_suspend", vs->conf->ha_suspend);
	chk_json_bool(o, "suspended", vs->suspended);
	chk_json_str(o, "sorry_server",
		     vs->conf->has_sorry ? vs->sorry_name : NULL);
	chk_json_bool(o, "sorry_in", vs->sorry_in);
	for (size_t r = 0; r < vs->nrs; r++)
		json_object_array_add(rss, rs_json(e, &vs->rs[r]));
	json_object_object_add(o, "real_servers", rss);
	return o;
}

struct json_object *
chk_engine_stats_json(const struct chk_engine *e)
{
	struct json_object *o = json_object_new_object(),
			   *hist = json_object_new_object();
	struct chk_engine_stats s;

	chk_engine_stats(e, &s);
	chk_json_int(o, "checks", (int64_t)s.checks);
	chk_json_int(o, "checker_blocks", (int64_t)s.rs_checks);
	chk_json_int(o, "runs", (int64_t)s.runs);
	chk_json_int(o, "ok", (int64_t)s.ok);
	chk_json_int(o, "failed", (int64_t)s.failed);
	chk_json_int(o, "timeouts", (int64_t)s.timeouts);
	chk_json_int(o, "running", (int64_t)s.running);
	chk_json_int(o, "late_max_us", (int64_t)s.late_max);
	for (int b = 0; b < CHK_LATE_BUCKETS; b++) {
		char key[32];

		if (chk_late_bucket_us[b] == UINT64_MAX)
			snprintf(key, sizeof(key), "more");
		else
			snprintf(key, sizeof(key), "le_%lluus",
				 (unsigned long long)chk_late_bucket_us[b]);
		chk_json_int(hist, key, (int64_t)s.late_hist[b]);
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
	json_object_object_add(o, "stats", chk_engine_stats_json(e));
	return o;
}
