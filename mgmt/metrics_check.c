// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child's metrics: its IPC_Q_DATA answer, {"checks": what
 * `vigilctl show checks --json` prints, "ipvs": what `show ipvs` prints}.
 * Virtual and real servers by their names in the check child; the IPVS
 * table's counters labelled as the keepalived exporters label theirs
 * (addr, proto).
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "mgmt/metrics.h"
#include "mgmt/om.h"

typedef void (*rs_fn)(FILE *f, struct json_object *vs, struct json_object *rs,
		      const char *name);

static void
each_rs(FILE *f, struct json_object *vss, const char *name, rs_fn fn)
{
	for (size_t v = 0; vss && v < json_object_array_length(vss); v++) {
		struct json_object *vs = json_object_array_get_idx(vss, v);
		struct json_object *rss =
			jget(vs, "real_servers", json_type_array);

		for (size_t r = 0; rss && r < json_object_array_length(rss);
		     r++)
			fn(f, vs, json_object_array_get_idx(rss, r), name);
	}
}

static void
rs_up(FILE *f, struct json_object *vs, struct json_object *rs, const char *name)
{
	const char *l[] = {"vs", jget_str(vs, "name", NULL), "rs",
			   jget_str(rs, "address", NULL), NULL};

	if (!strcmp(name, "vigil_rs_up"))
		om_sample(f, name, l,
			  !strcmp(jget_str(rs, "state", NULL), "up"));
	else if (!strcmp(name, "vigil_rs_weight"))
		om_sample(f, name, l, jget_num(rs, "weight"));
	else if (!strcmp(name, "vigil_rs_in_pool"))
		om_sample(f, name, l, jget_num(rs, "in_pool"));
	else
		om_sample(f, name, l, jget_num(rs, "drained"));
}

/* The check's probe durations (check/status.c's "latency") as a
 * histogram; a check child without them (older) has no series. */
static void
latency(FILE *f, const char *name, const char *const *l, struct json_object *o)
{
	struct json_object *le = jget(o, "le_s", json_type_array),
			   *n = jget(o, "counts", json_type_array);
	double b[32], c[33];
	size_t nb = le ? json_object_array_length(le) : 0;

	if (!nb || nb > 32 || !n || json_object_array_length(n) != nb + 1)
		return;
	for (size_t i = 0; i <= nb; i++) {
		if (i < nb)
			b[i] = json_object_get_double(
				json_object_array_get_idx(le, i));
		c[i] = json_object_get_double(json_object_array_get_idx(n, i));
	}
	om_histogram(f, name, l, nb, b, c, jget_num(o, "sum_s"));
}

/* Each check of a real server, by result. */
static void
rs_checks(FILE *f, struct json_object *vs, struct json_object *rs,
	  const char *name)
{
	struct json_object *cs = jget(rs, "checks", json_type_array);

	for (size_t i = 0; cs && i < json_object_array_length(cs); i++) {
		struct json_object *c = json_object_array_get_idx(cs, i);
		const char *l[] = {"vs",     jget_str(vs, "name", NULL),
				   "rs",     jget_str(rs, "address", NULL),
				   "type",   jget_str(c, "type", NULL),
				   "target", jget_str(c, "target", NULL),
				   NULL,     NULL,
				   NULL};

		if (!strcmp(name, "vigil_check_up")) {
			om_sample(f, name, l,
				  !strcmp(jget_str(c, "state", NULL), "up"));
			continue;
		}
		if (!strcmp(name, "vigil_check_duration_seconds")) {
			latency(f, name, l,
				jget(c, "latency", json_type_object));
			continue;
		}
		l[8] = "result";
		l[9] = "ok";
		om_sample(f, name, l, jget_num(c, "ok"));
		l[9] = "failed";
		om_sample(f, name, l, jget_num(c, "failed"));
		l[9] = "timeout";
		om_sample(f, name, l, jget_num(c, "timeouts"));
	}
}

static void
servers(FILE *f, struct json_object *checks)
{
	static const struct {
		const char *name, *type, *help;
		rs_fn fn;
	} fam[] = {
		{"vigil_rs_up", "gauge", "Real server health: 1 up, 0 down.",
		 rs_up},
		{"vigil_rs_weight", "gauge",
		 "Real server weight (as vigilctl show checks).", rs_up},
		{"vigil_rs_in_pool", "gauge",
		 "Real server is in the IPVS table.", rs_up},
		{"vigil_rs_drained", "gauge",
		 "Real server drained by an admin (vigilctl drain).", rs_up},
		{"vigil_check_up", "gauge",
		 "The check's own verdict: 1 up, 0 down.", rs_checks},
		{"vigil_check_results_total", "counter",
		 "Check runs by result: ok, failed, timeout.", rs_checks},
		{"vigil_check_duration_seconds", "histogram",
		 "Probe durations, start to result (a timeout's included).",
		 rs_checks},
	};
	struct json_object *vss =
		jget(checks, "virtual_servers", json_type_array);

	om_family(f, "vigil_vs_quorum_up", "gauge",
		  "Virtual server has its quorum of live real servers.");
	for (size_t v = 0; vss && v < json_object_array_length(vss); v++) {
		struct json_object *vs = json_object_array_get_idx(vss, v);
		const char *l[] = {"vs", jget_str(vs, "name", NULL), NULL};

		om_sample(f, "vigil_vs_quorum_up", l,
			  !strcmp(jget_str(vs, "quorum_state", NULL), "up"));
	}
	for (size_t i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		om_family(f, fam[i].name, fam[i].type, fam[i].help);
		each_rs(f, vss, fam[i].name, fam[i].fn);
	}
}

/* "TCP 192.0.2.10:80" into proto and addr. */
static void
split_service(const char *s, char *proto, size_t plen, const char **addr)
{
	const char *sp = strchr(s, ' ');
	size_t n = sp ? (size_t)(sp - s) : 0;

	snprintf(proto, plen, "%.*s", (int)n, s);
	/* The exporters' proto label is upper case (TCP, UDP, SCTP, FWM). */
	for (char *p = proto; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	*addr = sp ? sp + 1 : s;
}

/* The service's labels, the exporters': addr ("192.0.2.10:80", "7" for a
 * fwmark) and proto ("TCP", "FWM"). */
struct svc_labels {
	char proto[16];
	const char *addr;
};

static void
svc_labels(struct json_object *s, struct svc_labels *x)
{
	split_service(jget_str(s, "service", NULL), x->proto, sizeof(x->proto),
		      &x->addr);
}

/* The kernel's counters, by the exporters' names: of the service as
 * keepalived_lvs_vip_*{addr,proto}, of each destination as
 * keepalived_lvs_rs_*{addr (the real server),proto,vip (the service)}. */
static const struct {
	const char *key, *vip, *rs, *help;
} kstats[] = {
	{"inpkts", "keepalived_lvs_vip_in_packets",
	 "keepalived_lvs_rs_in_packets", "Packets in (kernel IPVS stats)."},
	{"outpkts", "keepalived_lvs_vip_out_packets",
	 "keepalived_lvs_rs_out_packets", "Packets out (kernel IPVS stats)."},
	{"inbytes", "keepalived_lvs_vip_in_bytes", "keepalived_lvs_rs_in_bytes",
	 "Bytes in (kernel IPVS stats)."},
	{"outbytes", "keepalived_lvs_vip_out_bytes",
	 "keepalived_lvs_rs_out_bytes", "Bytes out (kernel IPVS stats)."},
	{"conns", "keepalived_lvs_vip_conn", "keepalived_lvs_rs_conn",
	 "Connections scheduled (kernel IPVS stats)."},
};

static void
vip_stats(FILE *f, struct json_object *kernel, size_t k)
{
	size_t n = kernel ? json_object_array_length(kernel) : 0;

	om_family(f, kstats[k].vip, "counter", kstats[k].help);
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(kernel, i);
		struct svc_labels x;
		const char *l[] = {"addr", NULL, "proto", x.proto, NULL};

		svc_labels(s, &x);
		l[1] = x.addr;
		om_sample(f, kstats[k].vip, l,
			  jget_num(jget(s, "stats", json_type_object),
				   kstats[k].key));
	}
}

typedef double (*dest_fn)(struct json_object *d, const char *key);

static double
dest_stat(struct json_object *d, const char *key)
{
	return jget_num(jget(d, "stats", json_type_object), key);
}

static double
dest_num(struct json_object *d, const char *key)
{
	return jget_num(d, key);
}

/* One family over every destination of every service. rs_addr: the
 * destination is labelled addr (the exporters' rs families) and the
 * service vip, else the service addr and the destination rs. */
static void
dests(FILE *f, struct json_object *kernel, const char *name, const char *key,
      dest_fn val, bool rs_addr)
{
	size_t n = kernel ? json_object_array_length(kernel) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(kernel, i);
		struct json_object *ds =
			jget(s, "destinations", json_type_array);
		struct svc_labels x;
		const char *l[] = {
			"addr", NULL, "proto", x.proto, rs_addr ? "vip" : "rs",
			NULL,	NULL};

		svc_labels(s, &x);
		for (size_t j = 0; ds && j < json_object_array_length(ds);
		     j++) {
			struct json_object *d =
				json_object_array_get_idx(ds, j);
			const char *a = jget_str(d, "address", NULL);

			l[1] = rs_addr ? a : x.addr;
			l[5] = rs_addr ? x.addr : a;
			om_sample(f, name, l, val(d, key));
		}
	}
}

static void
ipvs_table(FILE *f, struct json_object *kernel)
{
	static const struct {
		const char *key, *name, *help;
	} dst[] = {
		{"active_conns", "vigil_lvs_rs_active_connections",
		 "Active connections to the destination."},
		{"inactive_conns", "vigil_lvs_rs_inactive_connections",
		 "Inactive connections to the destination."},
		{"weight", "vigil_lvs_rs_weight",
		 "Destination weight in the kernel's table."},
	};

	for (size_t k = 0; k < sizeof(kstats) / sizeof(kstats[0]); k++) {
		vip_stats(f, kernel, k);
		om_family(f, kstats[k].rs, "counter", kstats[k].help);
		dests(f, kernel, kstats[k].rs, kstats[k].key, dest_stat, true);
	}
	for (size_t k = 0; k < sizeof(dst) / sizeof(dst[0]); k++) {
		om_family(f, dst[k].name, "gauge", dst[k].help);
		dests(f, kernel, dst[k].name, dst[k].key, dest_num, false);
	}
}

static void
converger(FILE *f, struct json_object *c)
{
	static const struct {
		const char *key, *name, *help;
	} m[] = {
		{"passes", "vigil_ipvs_passes_total",
		 "Passes of the IPVS converger."},
		{"applied", "vigil_ipvs_applied_total",
		 "Changes applied to the kernel's IPVS table."},
		{"failed", "vigil_ipvs_failed_total",
		 "Changes the kernel refused."},
	};

	om_family(f, "vigil_ipvs_available", "gauge",
		  "The kernel's IPVS table can be used.");
	om_sample(f, "vigil_ipvs_available", NULL,
		  strcmp(jget_str(c, "state", NULL), "unavailable") != 0);
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		om_family(f, m[i].name, "counter", m[i].help);
		om_sample(f, m[i].name, NULL, jget_num(c, m[i].key));
	}
}

void
mgmt_metrics_check(FILE *f, struct json_object *data)
{
	struct json_object *checks = NULL, *ipvs = NULL, *o = NULL;

	if (json_object_object_get_ex(data, "checks", &checks) && checks)
		servers(f, checks);
	if (!json_object_object_get_ex(data, "ipvs", &ipvs) || !ipvs)
		return;
	if (json_object_object_get_ex(ipvs, "converger", &o))
		converger(f, o);
	ipvs_table(f, jget(ipvs, "kernel", json_type_array));
}
