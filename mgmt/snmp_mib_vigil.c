// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VIGIL-MIB (doc/VIGIL-MIB.txt) from the model's view: the parent daemon,
 * its table of children, the control socket, the sync child (its IPVS
 * receiver, conntrack_sync, the bulk resync). Served with
 * any other branch. Pure, as snmp_mib.c.
 *
 * vigil has no IANA Private Enterprise Number: the module sits under
 * Net-SNMP's netSnmpPlaypen (enterprises.8072.9999.9999), the arc
 * NET-SNMP-MIB sets aside for a MIB before it moves to its own place, as
 * arc 7. Moving it is VIGIL_ROOT here and the MIB's MODULE-IDENTITY.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "mgmt/model.h"
#include "mgmt/om.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_tree.h"

#define VIGIL_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 7
#define N(a) (sizeof(a) / sizeof(a[0]))

const uint32_t snmp_vigil_root[SNMP_VIGIL_LEN] = {VIGIL_ROOT};
static const uint32_t daemon_[] = {VIGIL_ROOT, 1, 1};
static const uint32_t child_entry[] = {VIGIL_ROOT, 1, 2, 1};
static const uint32_t control[] = {VIGIL_ROOT, 1, 3};
static const uint32_t sync_[] = {VIGIL_ROOT, 1, 4};
static const uint32_t conntrack_[] = {VIGIL_ROOT, 1, 5};
static const uint32_t resync_[] = {VIGIL_ROOT, 1, 6};
static const uint32_t scalar[] = {0};

_Static_assert(N(((uint32_t[]){VIGIL_ROOT})) == SNMP_VIGIL_LEN,
	       "SNMP_VIGIL_LEN is VIGIL-MIB's root length");

/* TruthValue: true 1, false 2. */
static int64_t
truth(bool b)
{
	return b ? 1 : 2;
}

static void
scalar_int(struct snmp_tree *t, const uint32_t *p, size_t plen, uint32_t col,
	   enum snmp_vtype type, int64_t v)
{
	snmp_mib_add_int(t, p, plen, col, scalar, 1, type, v);
}

static void
daemon_objects(struct snmp_tree *t, struct json_object *p)
{
	static const struct {
		const char *key;
		enum snmp_vtype type;
		int64_t scale;
	} col[] = {
		{"uptime_s", SV_TICKS, 100},
		{"config_gen", SV_GAUGE, 1},
		{"reloads", SV_COUNTER, 1},
		{"reloads_failed", SV_COUNTER, 1},
		{NULL, SV_INT, 1}, /* vigilLastReloadOk */
		{"watchdog_stalls", SV_COUNTER, 1},
	};
	struct json_object *last = jget(p, "last_reload", json_type_object);

	snmp_tree_str(
		snmp_tree_add(t, daemon_, N(daemon_), 1, scalar, 1, SV_STRING),
		PACKAGE_VERSION, strlen(PACKAGE_VERSION));
	for (size_t k = 0; k < N(col); k++)
		scalar_int(t, daemon_, N(daemon_), (uint32_t)k + 2, col[k].type,
			   col[k].key ? jget_int(p, col[k].key) * col[k].scale
				      : truth(jget_bool(last, "ok")));
}

/* Every row of the table of children, by its position from 1; the
 * parent's status lists only those wanted or running. */
static void
children(struct snmp_tree *t, const struct mgmt_view *v)
{
	struct json_object *all = jget(v->parent, "children", json_type_object);

	for (size_t i = 0; i < v->nchildren; i++) {
		struct json_object *c =
			jget(all, v->child[i].name, json_type_object);
		uint32_t idx[] = {(uint32_t)i + 1};
		const char *name = v->child[i].name;
		static const struct {
			const char *key;
			enum snmp_vtype type;
		} col[] = {{"wanted", SV_INT},	  {"ready", SV_INT},
			   {"pid", SV_INT},	  {"restarts", SV_COUNTER},
			   {"hangs", SV_COUNTER}, {"ipc_rejected", SV_COUNTER}};

		snmp_tree_str(snmp_tree_add(t, child_entry, N(child_entry), 2,
					    idx, 1, SV_STRING),
			      name, strlen(name));
		for (size_t k = 0; k < N(col); k++)
			snmp_mib_add_int(t, child_entry, N(child_entry),
					 (uint32_t)k + 3, idx, 1, col[k].type,
					 k < 2 ? truth(jget_bool(c, col[k].key))
					       : jget_int(c, col[k].key));
	}
}

static bool
thread_runs(struct json_object *threads, const char *kind)
{
	for (size_t i = 0; threads && i < json_object_array_length(threads);
	     i++)
		if (!strcmp(jget_str(json_object_array_get_idx(threads, i),
				     "thread", NULL),
			    kind))
			return true;
	return false;
}

static void
sync_objects(struct snmp_tree *t, struct json_object *s)
{
	struct json_object *rx = jget(s, "receiver", json_type_object),
			   *th = jget(s, "threads", json_type_array), *age;

	if (rx) {
		scalar_int(t, sync_, N(sync_), 1, SV_COUNTER64,
			   jget_int(rx, "messages"));
		scalar_int(t, sync_, N(sync_), 2, SV_COUNTER64,
			   jget_int(rx, "connections"));
		scalar_int(t, sync_, N(sync_), 3, SV_COUNTER64,
			   jget_int(rx, "malformed"));
		if (json_object_object_get_ex(rx, "last_message_age_s", &age))
			scalar_int(
				t, sync_, N(sync_), 4, SV_GAUGE,
				(int64_t)(json_object_get_double(age) * 100));
	}
	if (!jget(s, "interface", json_type_string))
		return; /* conntrack_sync alone: no kernel sync thread */
	scalar_int(t, sync_, N(sync_), 5, SV_INT,
		   truth(thread_runs(th, "master")));
	scalar_int(t, sync_, N(sync_), 6, SV_INT,
		   truth(thread_runs(th, "backup")));
	scalar_int(t, sync_, N(sync_), 7, SV_COUNTER, jget_int(s, "failures"));
}

/* Scalars 1.. of branch p: the members of o named by keys, "a.b" one
 * level down; Unsigned32 where bit i of gauges is set, Counter64 else. */
static void
scalars(struct snmp_tree *t, const uint32_t *p, size_t plen,
	struct json_object *o, const char *const *keys, size_t n,
	unsigned gauges)
{
	for (size_t i = 0; i < n; i++) {
		const char *dot = strchr(keys[i], '.');
		struct json_object *in = o;
		char outer[32];

		if (dot) {
			snprintf(outer, sizeof(outer), "%.*s",
				 (int)(dot - keys[i]), keys[i]);
			in = jget(o, outer, json_type_object);
		}
		scalar_int(t, p, plen, (uint32_t)i + 1,
			   gauges & (1u << i) ? SV_GAUGE : SV_COUNTER64,
			   jget_int(in, dot ? dot + 1 : keys[i]));
	}
}

/* The sum of the drops by reason (show sync lists each). */
static int64_t
drops(struct json_object *ct)
{
	struct json_object *d = jget(jget(ct, "channel", json_type_object),
				     "drops", json_type_object);
	int64_t sum = 0;

	if (d) {
		json_object_object_foreach(d, reason, n)
		{
			(void)reason;
			sum += json_object_get_int64(n);
		}
	}
	return sum;
}

/* vigilConntrack and vigilResync (doc/VIGIL-MIB.txt's order). */
static void
ct_resync_objects(struct snmp_tree *t, struct json_object *s)
{
	static const char *const ct[] = {
		"cache_entries", "cache_max",	   "cache_drops",
		"committed",	 "channel.sent",   "channel.received",
		"nacks_sent",	 "nacks_received", "channel.resent",
		"resyncs_done",	 "overruns",
	};
	static const char *const rs[] = {
		"requested", "done",	 "entries", "ms",
		"started",   "replayed", "failed",
	};
	struct json_object *c = jget(s, "conntrack", json_type_object);
	struct json_object *r = jget(s, "resync", json_type_object);

	if (c) {
		scalars(t, conntrack_, N(conntrack_), c, ct, N(ct), 0x3);
		scalar_int(t, conntrack_, N(conntrack_), N(ct) + 1,
			   SV_COUNTER64, drops(c));
	}
	if (r && jget(r, "requested", json_type_int))
		scalars(t, resync_, N(resync_), r, rs, N(rs), 0xc);
}

void
snmp_mib_vigil(struct snmp_tree *t, const struct mgmt_view *v)
{
	struct json_object *s = NULL;

	daemon_objects(t, v->parent);
	children(t, v);
	scalar_int(t, control, N(control), 1, SV_COUNTER64,
		   jget_int(v->parent, "control_served"));
	scalar_int(t, control, N(control), 2, SV_COUNTER64,
		   jget_int(v->parent, "control_bad_requests"));
	for (size_t i = 0; i < v->nchildren; i++)
		if (!strcmp(v->child[i].name, "sync"))
			s = v->child[i].data;
	if (s) {
		sync_objects(t, s);
		ct_resync_objects(t, s);
	}
}
