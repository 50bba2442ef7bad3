// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child's metrics: its IPC_Q_DATA answer, {"checks": what
 * `vigilctl show checks --json` prints, "ipvs": what `show ipvs` prints}.
 * Virtual and real servers by their names in the check child; the IPVS
 * table's counters labelled as the keepalived exporters label theirs
 * (addr, proto).
 */
#include "config.h"

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
	*addr = sp ? sp + 1 : s;
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
	size_t n = kernel ? json_object_array_length(kernel) : 0;
	char proto[16];
	const char *addr;

	om_family(f, "keepalived_lvs_vip_conn", "counter",
		  "Connections scheduled by the virtual service.");
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(kernel, i);
		const char *l[] = {"addr", NULL, "proto", proto, NULL};

		split_service(jget_str(s, "service", NULL), proto,
			      sizeof(proto), &addr);
		l[1] = addr;
		om_sample(f, "keepalived_lvs_vip_conn", l,
			  jget_num(s, "connections"));
	}
	for (size_t k = 0; k < sizeof(dst) / sizeof(dst[0]); k++) {
		om_family(f, dst[k].name, "gauge", dst[k].help);
		for (size_t i = 0; i < n; i++) {
			struct json_object *s =
				json_object_array_get_idx(kernel, i);
			struct json_object *ds =
				jget(s, "destinations", json_type_array);
			const char *l[] = {"addr", NULL, "proto", proto,
					   "rs",   NULL, NULL};

			split_service(jget_str(s, "service", NULL), proto,
				      sizeof(proto), &addr);
			l[1] = addr;
			for (size_t j = 0;
			     ds && j < json_object_array_length(ds); j++) {
				struct json_object *d =
					json_object_array_get_idx(ds, j);

				l[5] = jget_str(d, "address", NULL);
				om_sample(f, dst[k].name, l,
					  jget_num(d, dst[k].key));
			}
		}
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
