// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `vigilctl show` for people: VRRP instances one a line (FRR's `show vrrp`
 * summary is the model), virtual and real servers one a line with health,
 * weight, since when and why, the IPVS table as `ipvsadm -Ln` lays it out.
 * The replies' shapes are those of vrrp/vrrp_status.c, check/status.c and
 * check/child_query.c.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <linux/ip_vs.h>

#include "core/cli/ctl_print_int.h"

/* ---- show vrrp ---- */

static void
vrrp_row(struct ptab *t, struct json_object *vi, time_t now)
{
	char vrid[16], ver[8], prio[32], since[32], master[96];
	const char *state = jget_str(vi, "state", "-");
	const char *forced = jget_str(vi, "forced", "none");
	char st[48];

	snprintf(vrid, sizeof(vrid), "%" PRId64, jget_int(vi, "vrid"));
	snprintf(ver, sizeof(ver), "v%" PRId64, jget_int(vi, "version"));
	if (jget_int(vi, "priority") != jget_int(vi, "base_priority"))
		snprintf(prio, sizeof(prio), "%" PRId64 "/%" PRId64,
			 jget_int(vi, "priority"),
			 jget_int(vi, "base_priority"));
	else
		snprintf(prio, sizeof(prio), "%" PRId64,
			 jget_int(vi, "priority"));
	snprintf(st, sizeof(st), "%s%s", state,
		 strcmp(forced, "none") ? " (forced)" : "");
	if (!strcmp(state, "MASTER"))
		snprintf(master, sizeof(master), "this router");
	else if (jget(vi, "master", json_type_string))
		snprintf(master, sizeof(master), "%s (%" PRId64 ")",
			 jget_str(vi, "master", NULL),
			 jget_int(vi, "master_priority"));
	else
		snprintf(master, sizeof(master), "-");
	pt_row(t, (const char *const[]){
			  jget_str(vi, "name", "-"),
			  jget_str(vi, "interface", "-"), vrid, ver, st, prio,
			  pj_age(jget_str(vi, "last_transition", NULL), now,
				 since, sizeof(since)),
			  jget_str(vi, "reason", "-"), master});
}

static void
vrrp_groups(FILE *out, struct json_object *gs)
{
	struct ptab t;

	pt_init(&t, 3);
	pt_row(&t, (const char *const[]){"SYNC GROUP", "STATE", "MEMBERS"});
	for (size_t i = 0; i < jlen(gs); i++) {
		struct json_object *g = jat(gs, i);
		struct json_object *m = jget(g, "members", json_type_array);
		char members[512] = "";
		size_t n = 0;

		for (size_t j = 0; j < jlen(m) && n < sizeof(members); j++)
			n += (size_t)snprintf(
				members + n, sizeof(members) - n, "%s%s",
				j ? " " : "",
				json_object_get_string(jat(m, j)));
		pt_row(&t, (const char *const[]){jget_str(g, "name", "-"),
						 jget_str(g, "state", "-"),
						 members});
	}
	fputs("\n", out);
	pt_print(&t, out);
}

static void
vrrp_trackers(FILE *out, struct json_object *ts)
{
	struct ptab t;

	pt_init(&t, 4);
	pt_row(&t, (const char *const[]){"TRACKER", "KIND", "STATUS", "VALUE"});
	for (size_t i = 0; i < jlen(ts); i++) {
		struct json_object *k = jat(ts, i);
		char v[24];

		snprintf(v, sizeof(v), "%" PRId64, jget_int(k, "value"));
		pt_row(&t,
		       (const char *const[]){jget_str(k, "name", "-"),
					     jget_str(k, "kind", "-"),
					     jget_str(k, "status", "-"), v});
	}
	fputs("\n", out);
	pt_print(&t, out);
}

void
print_vrrp(FILE *out, struct json_object *data, time_t now)
{
	struct json_object *is = jget(data, "instances", json_type_array);
	struct json_object *gs = jget(data, "sync_groups", json_type_array);
	struct json_object *ts = jget(data, "trackers", json_type_array);
	struct ptab t;

	pt_init(&t, 9);
	pt_row(&t, (const char *const[]){"INSTANCE", "INTERFACE", "VRID", "VER",
					 "STATE", "PRIO", "SINCE", "WHY",
					 "MASTER"});
	for (size_t i = 0; i < jlen(is); i++)
		vrrp_row(&t, jat(is, i), now);
	pt_print(&t, out);
	if (jlen(gs))
		vrrp_groups(out, gs);
	if (jlen(ts))
		vrrp_trackers(out, ts);
}

/* ---- show checks ---- */

/* What a real server serves with: its pool weight, 0 when drained, none
 * when it is out of the pool; -1 for none. */
static int64_t
rs_serving(struct json_object *rs)
{
	if (!jget_bool(rs, "in_pool"))
		return -1;
	return jget_bool(rs, "drained") ? 0 : jget_int(rs, "pool_weight");
}

/* A virtual server: the weight its real servers serve with; why: its
 * quorum against the live weight (drains do not count against it). */
static void
vs_row(struct ptab *t, struct json_object *vs)
{
	struct json_object *rss = jget(vs, "real_servers", json_type_array);
	bool up = !strcmp(jget_str(vs, "quorum_state", ""), "up");
	int64_t serving = 0;
	char w[24], why[256];
	int n;

	for (size_t r = 0; r < jlen(rss); r++)
		if (rs_serving(jat(rss, r)) > 0)
			serving += rs_serving(jat(rss, r));
	snprintf(w, sizeof(w), "%" PRId64, serving);
	n = snprintf(why, sizeof(why),
		     "%squorum %" PRId64 ", live weight %" PRId64,
		     up ? "" : "below ", jget_int(vs, "quorum"),
		     jget_int(vs, "weight_sum"));
	if (jget_bool(vs, "sorry_in") && n > 0 && (size_t)n < sizeof(why))
		n += snprintf(why + n, sizeof(why) - (size_t)n,
			      ", sorry server %s",
			      jget_str(vs, "sorry_server", "-"));
	if (jget_bool(vs, "suspended") && n > 0 && (size_t)n < sizeof(why))
		snprintf(why + n, sizeof(why) - (size_t)n,
			 ", suspended (ha_suspend)");
	pt_row(t, (const char *const[]){jget_str(vs, "name", "-"),
					up ? "up" : "down", w, "-", why});
}

/* Why a real server is where it is: the reason, and for a down one the
 * check that said so and after how many tries. */
static void
rs_why(struct json_object *rs, char *why, size_t len)
{
	const char *check = jget_str(rs, "check", NULL);
	const char *after = jget_str(rs, "after", NULL);
	int n;

	n = snprintf(why, len, "%s%s",
		     jget_bool(rs, "drained") ? "drained, " : "",
		     jget_str(rs, "reason", "-"));
	if (*check && n > 0 && (size_t)n < len)
		snprintf(why + n, len - (size_t)n, " (%s%s%s)", check,
			 *after ? " " : "", after);
}

static void
rs_row(struct ptab *t, struct json_object *rs, time_t now)
{
	char name[128], w[48], since[32], why[256];

	snprintf(name, sizeof(name), "  -> %s", jget_str(rs, "address", "-"));
	if (rs_serving(rs) < 0)
		snprintf(w, sizeof(w), "-");
	else
		snprintf(w, sizeof(w), "%" PRId64, rs_serving(rs));
	rs_why(rs, why, sizeof(why));
	pt_row(t,
	       (const char *const[]){name, jget_str(rs, "state", "-"), w,
				     pj_age(jget_str(rs, "last_change", NULL),
					    now, since, sizeof(since)),
				     why});
}

static void
checks_table(FILE *out, struct json_object *vss, time_t now)
{
	struct ptab t;

	pt_init(&t, 5);
	pt_row(&t, (const char *const[]){"VIRTUAL SERVER / REAL SERVER",
					 "HEALTH", "WEIGHT", "SINCE", "WHY"});
	for (size_t v = 0; v < jlen(vss); v++) {
		struct json_object *vs = jat(vss, v);
		struct json_object *rss =
			jget(vs, "real_servers", json_type_array);

		vs_row(&t, vs);
		for (size_t r = 0; r < jlen(rss); r++)
			rs_row(&t, jat(rss, r), now);
	}
	pt_print(&t, out);
}

void
print_checks(FILE *out, struct json_object *data, time_t now)
{
	checks_table(out, jget(data, "virtual_servers", json_type_array), now);
}

/* show checks VS: its settings as key: value, then its real servers one
 * a line; show checks VS RS: that real server's detail, checks included. */
void
print_checks_one(FILE *out, struct json_object *data, bool with_rs, time_t now)
{
	struct json_object *vss =
		jget(data, "virtual_servers", json_type_array);
	struct json_object *vs = jat(vss, 0);
	struct json_object *rss = jget(vs, "real_servers", json_type_array);
	struct json_object *copy = NULL;

	if (with_rs) {
		fprintf(out, "virtual server: %s\n", jget_str(vs, "name", "-"));
		pj_kv(out, jat(rss, 0), 0, now);
		return;
	}
	if (json_object_deep_copy(vs, &copy, NULL) == 0) {
		json_object_object_del(copy, "real_servers");
		pj_kv(out, copy, 0, now);
		json_object_put(copy);
	}
	fputs("\n", out);
	checks_table(out, vss, now);
}

/* ---- show ipvs: ipvsadm -Ln ---- */

static const char *
forward(const char *method)
{
	static const char *const m[][2] = {{"nat", "Masq"},
					   {"dr", "Route"},
					   {"tunnel", "Tunnel"},
					   {"local", "Local"}};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(method, m[i][0]))
			return m[i][1];
	return method;
}

/* The scheduler's flags as ipvsadm names them: " (sh-fallback,sh-port)",
 * " (flag-1)" for a scheduler that gives them no name. */
static void
sched_flags(FILE *out, const char *sched, int64_t flags)
{
	static const struct {
		int64_t bit;
		const char *suffix;
	} f[] = {{IP_VS_SVC_F_SCHED1, "-fallback"},
		 {IP_VS_SVC_F_SCHED2, "-port"},
		 {IP_VS_SVC_F_SCHED3, NULL}};
	bool named = !strcmp(sched, "sh") || !strcmp(sched, "mh");
	const char *sep = " (";

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!(flags & f[i].bit))
			continue;
		if (named && f[i].suffix)
			fprintf(out, "%s%s%s", sep, sched, f[i].suffix);
		else
			fprintf(out, "%sflag-%zu", sep, i + 1);
		sep = ",";
	}
	if (*sep == ',')
		fputs(")", out);
}

/* "tcp 10.0.0.1:80" -> "TCP  10.0.0.1:80"; "fwmark 7 inet6" -> "FWM  7
 * IPv6"; the flags as ipvsadm words (IP_VS_SVC_F_*). */
static void
service_line(FILE *out, struct json_object *s)
{
	const char *key = jget_str(s, "service", "-"), *sched;
	const char *mask = jget_str(s, "persistence_netmask", "");
	char proto[8] = "", rest[128] = "";
	int64_t flags = jget_int(s, "flags");

	if (sscanf(key, "%7s %127[^\n]", proto, rest) != 2)
		snprintf(rest, sizeof(rest), "%s", key);
	for (char *p = proto; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	if (!strcmp(proto, "FWMARK")) {
		char *fam = strchr(rest, ' ');

		snprintf(proto, sizeof(proto), "FWM");
		if (fam)
			*fam++ = '\0';
		fprintf(out, "%-4s %s%s", proto, rest,
			fam && !strcmp(fam, "inet6") ? " IPv6" : "");
	} else {
		fprintf(out, "%-4s %s", proto, rest);
	}
	sched = jget_str(s, "scheduler", "-");
	fprintf(out, " %s", sched);
	sched_flags(out, sched, flags);
	if (flags & IP_VS_SVC_F_PERSISTENT)
		fprintf(out, " persistent %" PRId64,
			jget_int(s, "persistence_timeout"));
	/* ipvsadm: the netmask only when it is not the family's full one */
	if ((flags & IP_VS_SVC_F_PERSISTENT) && *mask)
		fprintf(out, " mask %s", mask);
	if (flags & IP_VS_SVC_F_ONEPACKET)
		fputs(" ops", out);
	fputs("\n", out);
}

static void
dest_line(FILE *out, struct json_object *d)
{
	fprintf(out,
		"  -> %-28s %-7s %-6" PRId64 " %-10" PRId64 " %" PRId64 "\n",
		jget_str(d, "address", "-"),
		forward(jget_str(d, "method", "-")), jget_int(d, "weight"),
		jget_int(d, "active_conns"), jget_int(d, "inactive_conns"));
}

void
print_ipvs(FILE *out, struct json_object *data)
{
	struct json_object *conv = jget(data, "converger", json_type_object);
	struct json_object *tab = jget(data, "kernel", json_type_array);
	const char *err = jget_str(conv, "error", NULL);

	fprintf(out, "converger %s%s%s\n", jget_str(conv, "state", "-"),
		*err ? ": " : "", err);
	if (!tab) {
		tab = jget(data, "desired", json_type_array);
		fputs("the kernel's table cannot be read; the table vigil "
		      "wants:\n",
		      out);
	}
	fputs("Prot LocalAddress:Port Scheduler Flags\n"
	      "  -> RemoteAddress:Port           Forward Weight ActiveConn "
	      "InActConn\n",
	      out);
	for (size_t i = 0; i < jlen(tab); i++) {
		struct json_object *s = jat(tab, i);
		struct json_object *ds =
			jget(s, "destinations", json_type_array);

		service_line(out, s);
		for (size_t j = 0; j < jlen(ds); j++)
			dest_line(out, jat(ds, j));
	}
}
