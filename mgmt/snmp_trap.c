// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The notifications an event makes (snmp_trap.h). The objects they carry
 * are the tables' leaves (snmp_mib.c) for the object the event names, found
 * by name in the model's view, with the state the event says (the view
 * may not have it yet).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/runtime/ipaddr.h"
#include "mgmt/model.h"
#include "mgmt/om.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_trap.h"

#define KA 1, 3, 6, 1, 4, 1, 9586, 100, 5
static const uint32_t router_id_oid[] = {KA, 1, 2}; /* routerId.0 */
static const uint32_t group_trap[] = {KA, 2, 10, 0, 1};
static const uint32_t inst_trap[] = {KA, 2, 10, 0, 2};
static const uint32_t rs_trap[] = {KA, 3, 5, 0, 1};
static const uint32_t quorum_trap[] = {KA, 3, 5, 0, 2};
static const uint32_t new_master[] = {1, 3, 6, 1, 2, 1, 68, 0, 1};
static const uint32_t v3_new_master[] = {1, 3, 6, 1, 2, 1, 207, 0, 1};
#define N(a) (sizeof(a) / sizeof(a[0]))
#define start snmp_trap_start
#define row_of snmp_trap_row_of

void
snmp_trap_free(struct snmp_trap *t)
{
	snmp_tree_free(&t->vars);
}

struct snmp_trap *
snmp_trap_start(struct snmp_trap *t, const uint32_t *oid, size_t len)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->oid, oid, len * sizeof(*oid));
	t->len = len;
	snmp_tree_init(&t->vars);
	return t;
}

/* Copy the leaf entry.col.idx of the tables into the trap, if there. */
static void
copy(struct snmp_trap *t, const struct snmp_tree *tables, const uint32_t *entry,
     size_t elen, uint32_t col, const uint32_t *idx, size_t ilen)
{
	struct snmp_leaf want = {0}, *l;
	const struct snmp_leaf *have;

	memcpy(want.oid, entry, elen * sizeof(*entry));
	want.oid[elen] = col;
	memcpy(want.oid + elen + 1, idx, ilen * sizeof(*idx));
	have = snmp_tree_get(tables, want.oid, elen + 1 + ilen);
	if (!have)
		return;
	l = snmp_tree_add(&t->vars, entry, elen, col, idx, ilen,
			  (enum snmp_vtype)have->type);
	l->num = have->num;
	snmp_tree_str(l, have->str, have->slen);
}

static void
add_int(struct snmp_trap *t, const uint32_t *entry, size_t elen, uint32_t col,
	const uint32_t *idx, size_t ilen, int64_t v)
{
	snmp_tree_int(
		snmp_tree_add(&t->vars, entry, elen, col, idx, ilen, SV_INT),
		v);
}

static void
router_id(struct snmp_trap *t, const char *id)
{
	static const uint32_t zero = 0;

	snmp_tree_str(snmp_tree_add(&t->vars, router_id_oid,
				    N(router_id_oid) - 1, 2, &zero, 1,
				    SV_STRING),
		      id, strlen(id));
}

/* The position (from 1) of the object named `name` in the array. */
static uint32_t
position(struct json_object *a, const char *key, const char *name)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		if (!strcmp(jget_str(json_object_array_get_idx(a, i), key,
				     NULL),
			    name))
			return (uint32_t)i + 1;
	return 0;
}

size_t
snmp_trap_row_of(const struct snmp_tree *tables, const uint32_t *entry,
		 size_t elen, uint32_t col, uint32_t vrid, size_t ilen,
		 uint32_t *idx)
{
	for (size_t k = 0; k < tables->n; k++) {
		const struct snmp_leaf *l = &tables->v[k];

		if (l->len == elen + 1 + ilen &&
		    !memcmp(l->oid, entry, elen * sizeof(*entry)) &&
		    l->oid[elen] == col && l->oid[elen + 2] == vrid) {
			memcpy(idx, l->oid + elen + 1, ilen * sizeof(*idx));
			return ilen;
		}
	}
	return 0;
}

/* vrrpv3StatisticsNewMasterReason (RFC 6527) of vigil's reason. */
static int64_t new_master_reason(const char *why);

/* The new master's address: this router's own (the instance's source);
 * the view may still say who was master before. IpAddress (4 bytes) or
 * InetAddress (4 or 16). */
static void
master_addr(struct snmp_trap *t, const uint32_t *entry, size_t elen,
	    uint32_t col, const uint32_t *idx, size_t ilen,
	    struct json_object *vi, enum snmp_vtype type)
{
	struct ipaddr ip;

	if (ipaddr_parse(jget_str(vi, "source", NULL), &ip) < 0)
		memset(&ip, 0, sizeof(ip));
	if (type == SV_IPADDR && ip.family != AF_INET)
		memset(&ip, 0, sizeof(ip));
	snmp_tree_str(
		snmp_tree_add(&t->vars, entry, elen, col, idx, ilen, type),
		ip.u.b,
		type == SV_IPADDR
			? 4
			: ipaddr_len(ip.family ? ip.family : AF_INET));
}

/* vrrpv3NewMaster: the master's address and why (RFC 6527 §5). */
static size_t
v3_new_master_trap(struct snmp_trap *out, const struct snmp_tree *tables,
		   struct json_object *vr, uint32_t i, struct json_object *ev)
{
	struct json_object *vi = json_object_array_get_idx(
		jget(vr, "instances", json_type_array), i - 1);
	uint32_t idx[3];
	struct snmp_trap *t;

	if (!row_of(tables, snmp_v3_ops_entry, SNMP_V3_LEN, 3,
		    (uint32_t)jget_num(vi, "vrid"), 3, idx))
		return 0;
	t = start(out, v3_new_master, N(v3_new_master));
	master_addr(t, snmp_v3_ops_entry, SNMP_V3_LEN, 3, idx, 3, vi,
		    SV_STRING);
	add_int(t, snmp_v3_stats_entry, SNMP_V3_LEN, 2, idx, 3,
		new_master_reason(jget_str(ev, "reason", NULL)));
	return 1;
}

static int64_t
new_master_reason(const char *why)
{
	if (!strcmp(why, "master-down") || !strcmp(why, "master-resigned"))
		return 3; /* masterNoResponse */
	if (!strcmp(why, "preempt") || !strcmp(why, "lower-master"))
		return 2; /* preempted */
	if (!strcmp(why, "address-owner"))
		return 1; /* priority */
	return 0;	  /* notMaster: none of the RFC's reasons */
}

static size_t
vrrp_traps(struct snmp_trap *out, const struct snmp_tree *tables,
	   const struct mgmt_view *v, unsigned mibs, struct json_object *ev,
	   const char *rid)
{
	struct json_object *vr = mgmt_view_child(v, "vrrp", "vrrp");
	bool group = !strcmp(jget_str(ev, "event", NULL), "vrrp_group_state");
	const char *name = jget_str(ev, group ? "group" : "instance", NULL);
	const char *state = jget_str(ev, "state", NULL);
	uint32_t i = position(
		jget(vr, group ? "sync_groups" : "instances", json_type_array),
		"name", name);
	const uint32_t *e = group ? snmp_sync_entry : snmp_inst_entry;
	size_t n = 0;

	if (!i)
		return 0;
	if (mibs & MIB_KA_VRRP) {
		struct snmp_trap *t =
			start(&out[n++], group ? group_trap : inst_trap,
			      group ? N(group_trap) : N(inst_trap));

		copy(t, tables, e, SNMP_ENTRY_LEN, 2, &i, 1);
		add_int(t, e, SNMP_ENTRY_LEN, group ? 3 : 4, &i, 1,
			snmp_mib_ka_state(state));
		router_id(t, rid);
	}
	if (!group && (mibs & MIB_RFC2787) && !strcmp(state, "MASTER")) {
		struct json_object *vi = json_object_array_get_idx(
			jget(vr, "instances", json_type_array), i - 1);
		uint32_t idx[2] = {0, (uint32_t)jget_num(vi, "vrid")};
		struct snmp_trap *t;

		/* the tables' row of the instance: its ifIndex */
		if (row_of(tables, snmp_oper_entry, SNMP_OPER_LEN, 7, idx[1], 2,
			   idx)) {
			t = start(&out[n++], new_master, N(new_master));
			master_addr(t, snmp_oper_entry, SNMP_OPER_LEN, 7, idx,
				    2, vi, SV_IPADDR);
		}
	}
	if (!group && (mibs & MIB_RFC6527) && !strcmp(state, "MASTER"))
		n += v3_new_master_trap(&out[n], tables, vr, i, ev);
	return n;
}

/* realServerStateChange: the real server's and its virtual server's
 * objects, the status and the count of live ones as the event says. */
static size_t
rs_trap_build(struct snmp_trap *out, const struct snmp_tree *tables,
	      const struct mgmt_view *v, struct json_object *ev,
	      const char *rid)
{
	static const uint32_t vs_cols[] = {2, 3, 4, 5, 6, 7, 8, 20};
	struct json_object *vss = jget(mgmt_view_child(v, "check", "checks"),
				       "virtual_servers", json_type_array);
	uint32_t idx[2];
	bool up = !strcmp(jget_str(ev, "event", NULL), "rs_up");
	struct json_object *rs;
	struct snmp_trap *t;
	int64_t live = 0;

	idx[0] = position(vss, "name", jget_str(ev, "vs", NULL));
	if (!idx[0])
		return 0;
	rs = jget(json_object_array_get_idx(vss, idx[0] - 1), "real_servers",
		  json_type_array);
	idx[1] = position(rs, "address", jget_str(ev, "rs", NULL));
	if (!idx[1])
		return 0;
	for (size_t r = 0; r < json_object_array_length(rs); r++)
		live += r + 1 == idx[1]
				? up
				: !strcmp(jget_str(json_object_array_get_idx(rs,
									     r),
						   "state", NULL),
					  "up");
	t = start(out, rs_trap, N(rs_trap));
	for (uint32_t c = 3; c <= 5; c++)
		copy(t, tables, snmp_rs_entry, SNMP_ENTRY_LEN, c, idx, 2);
	add_int(t, snmp_rs_entry, SNMP_ENTRY_LEN, 6, idx, 2, up ? 1 : 2);
	for (size_t c = 0; c < N(vs_cols); c++)
		copy(t, tables, snmp_vs_entry, SNMP_ENTRY_LEN, vs_cols[c], idx,
		     1);
	snmp_tree_int(snmp_tree_add(&t->vars, snmp_vs_entry, SNMP_ENTRY_LEN, 21,
				    idx, 1, SV_GAUGE),
		      live);
	router_id(t, rid);
	return 1;
}

/* virtualServerQuorumStateChange: the virtual server's objects with the
 * quorum status the event says (met 1, not met 2). */
static size_t
quorum_trap_build(struct snmp_trap *out, const struct snmp_tree *tables,
		  const struct mgmt_view *v, struct json_object *ev,
		  const char *rid)
{
	static const uint32_t vs_cols[] = {2, 3, 4, 5, 6, 7, 8, 20, 21, 22};
	struct json_object *vss = jget(mgmt_view_child(v, "check", "checks"),
				       "virtual_servers", json_type_array);
	uint32_t idx = position(vss, "name", jget_str(ev, "vs", NULL));
	struct snmp_trap *t;

	if (!idx)
		return 0;
	t = start(out, quorum_trap, N(quorum_trap));
	for (size_t c = 0; c < N(vs_cols); c++)
		copy(t, tables, snmp_vs_entry, SNMP_ENTRY_LEN, vs_cols[c], &idx,
		     1);
	add_int(t, snmp_vs_entry, SNMP_ENTRY_LEN, 23, &idx, 1,
		!strcmp(jget_str(ev, "event", NULL), "quorum_up") ? 1 : 2);
	router_id(t, rid);
	return 1;
}

size_t
snmp_trap_build(struct snmp_trap traps[SNMP_TRAPS_MAX],
		const struct mgmt_view *v, unsigned mibs, const char *child,
		struct json_object *ev, const char *router_id,
		const struct snmp_ifaces *ifs)
{
	const char *event = jget_str(ev, "event", NULL);
	struct snmp_tree tables;
	size_t n = 0;

	snmp_tree_init(&tables);
	snmp_mib_build(&tables, v, mibs, ifs);
	if (!strcmp(child, "vrrp") && !strncmp(event, "vrrp_", 5))
		n = vrrp_traps(traps, &tables, v, mibs, ev, router_id);
	else if (!strcmp(child, "check") && (mibs & MIB_KA_CHECK) &&
		 (!strcmp(event, "rs_up") || !strcmp(event, "rs_down")))
		n = rs_trap_build(traps, &tables, v, ev, router_id);
	else if (!strcmp(child, "check") && (mibs & MIB_KA_CHECK) &&
		 (!strcmp(event, "quorum_up") || !strcmp(event, "quorum_down")))
		n = quorum_trap_build(traps, &tables, v, ev, router_id);
	snmp_tree_free(&tables);
	return n;
}
