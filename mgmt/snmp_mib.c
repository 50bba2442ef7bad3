// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The MIB branches from the model's view (snmp_mib.h). Column numbers are
 * those of KEEPALIVED-MIB (keepalived's doc/KEEPALIVED-MIB.txt) and of RFC
 * 2787 §6; index columns are not-accessible there, so they are no leaves.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/runtime/ipaddr.h"
#include "mgmt/model.h"
#include "mgmt/om.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_tree.h"

#define KA 1, 3, 6, 1, 4, 1, 9586, 100, 5
#define RFC2787 1, 3, 6, 1, 2, 1, 68, 1
#define RFC2787_STATS 1, 3, 6, 1, 2, 1, 68, 2

const struct snmp_root snmp_roots[] = {
	{MIB_KA_VRRP, "keepalived vrrp", {KA, 2}, 10},
	{MIB_KA_CHECK, "keepalived check", {KA, 3}, 10},
	{MIB_RFC2787, "VRRP-MIB", {RFC2787}, 8},
	{MIB_RFC2787, "VRRP-MIB statistics", {RFC2787_STATS}, 8},
	{MIB_RFC6527, "VRRPv3-MIB", {1, 3, 6, 1, 2, 1, 207, 1}, 8},
	{MIB_VIGIL,
	 "VIGIL-MIB",
	 {1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 7},
	 SNMP_VIGIL_LEN},
};
const size_t snmp_nroots = sizeof(snmp_roots) / sizeof(snmp_roots[0]);

_Static_assert(sizeof((uint32_t[]){KA, 2, 1, 1}) ==
		       SNMP_ENTRY_LEN * sizeof(uint32_t),
	       "SNMP_ENTRY_LEN is a KEEPALIVED-MIB entry's length");
_Static_assert(sizeof((uint32_t[]){RFC2787, 3, 1}) ==
		       SNMP_OPER_LEN * sizeof(uint32_t),
	       "SNMP_OPER_LEN is vrrpOperEntry's length");
const uint32_t snmp_sync_entry[SNMP_ENTRY_LEN] = {KA, 2, 1, 1};
const uint32_t snmp_inst_entry[SNMP_ENTRY_LEN] = {KA, 2, 3, 1};
const uint32_t snmp_vs_entry[SNMP_ENTRY_LEN] = {KA, 3, 3, 1};
const uint32_t snmp_rs_entry[SNMP_ENTRY_LEN] = {KA, 3, 4, 1};
const uint32_t snmp_oper_entry[SNMP_OPER_LEN] = {RFC2787, 3, 1};
#define sync_entry snmp_sync_entry
#define inst_entry snmp_inst_entry
#define vs_entry snmp_vs_entry
#define rs_entry snmp_rs_entry
#define oper_entry snmp_oper_entry
static const uint32_t stats_entry[] = {RFC2787_STATS, 4, 1};
static const uint32_t asso_entry[] = {RFC2787, 4, 1};
static const uint32_t router_stats[] = {RFC2787_STATS};
static const uint32_t node_version[] = {RFC2787, 1};
static const uint32_t notif_cntl[] = {RFC2787, 2};
#define N(a) (sizeof(a) / sizeof(a[0]))
#define add_int snmp_mib_add_int

/* VrrpState of KEEPALIVED-MIB: init 0, backup 1, master 2, fault 3, STOP is
 * shutdown 5. */
int64_t
snmp_mib_addr_count(struct json_object *instance)
{
	struct json_object *a = jget(instance, "addresses", json_type_array);

	return a ? (int64_t)json_object_array_length(a) : 0;
}
#define addr_count snmp_mib_addr_count

int64_t
snmp_mib_ka_state(const char *s)
{
	static const struct {
		const char *name;
		int v;
	} m[] = {{"INIT", 0},
		 {"BACKUP", 1},
		 {"MASTER", 2},
		 {"FAULT", 3},
		 {"STOP", 5}};

	for (size_t i = 0; i < N(m); i++)
		if (!strcmp(s, m[i].name))
			return m[i].v;
	return 4; /* unknown */
}

void
snmp_mib_add_int(struct snmp_tree *t, const uint32_t *entry, size_t elen,
		 uint32_t col, const uint32_t *idx, size_t ilen,
		 enum snmp_vtype type, int64_t v)
{
	snmp_tree_int(snmp_tree_add(t, entry, elen, col, idx, ilen, type), v);
}

static void
add_str(struct snmp_tree *t, const uint32_t *entry, size_t elen, uint32_t col,
	const uint32_t *idx, size_t ilen, const char *s)
{
	snmp_tree_str(snmp_tree_add(t, entry, elen, col, idx, ilen, SV_STRING),
		      s, strlen(s));
}

/* The sync group an instance is in, "" if none. */
static const char *
group_of(struct json_object *groups, const char *inst)
{
	for (size_t g = 0; groups && g < json_object_array_length(groups);
	     g++) {
		struct json_object *gr = json_object_array_get_idx(groups, g);
		struct json_object *m = jget(gr, "members", json_type_array);

		for (size_t i = 0; m && i < json_object_array_length(m); i++)
			if (!strcmp(json_object_get_string(
					    json_object_array_get_idx(m, i)),
				    inst))
				return jget_str(gr, "name", NULL);
	}
	return "";
}

static void
ka_vrrp(struct snmp_tree *t, struct json_object *vr)
{
	struct json_object *gs = jget(vr, "sync_groups", json_type_array);
	struct json_object *is = jget(vr, "instances", json_type_array);

	for (uint32_t g = 0; gs && g < json_object_array_length(gs); g++) {
		struct json_object *o = json_object_array_get_idx(gs, g);
		uint32_t idx = g + 1;

		add_str(t, sync_entry, N(sync_entry), 2, &idx, 1,
			jget_str(o, "name", NULL));
		add_int(t, sync_entry, N(sync_entry), 3, &idx, 1, SV_INT,
			snmp_mib_ka_state(jget_str(o, "state", NULL)));
	}
	for (uint32_t i = 0; is && i < json_object_array_length(is); i++) {
		struct json_object *o = json_object_array_get_idx(is, i);
		const uint32_t *e = inst_entry;
		size_t el = N(inst_entry);
		uint32_t idx = i + 1;

		add_str(t, e, el, 2, &idx, 1, jget_str(o, "name", NULL));
		add_int(t, e, el, 3, &idx, 1, SV_GAUGE, jget_num(o, "vrid"));
		add_int(t, e, el, 4, &idx, 1, SV_INT,
			snmp_mib_ka_state(jget_str(o, "state", NULL)));
		add_int(t, e, el, 7, &idx, 1, SV_INT,
			jget_num(o, "base_priority"));
		add_int(t, e, el, 8, &idx, 1, SV_INT, jget_num(o, "priority"));
		/* vrrpInstanceVipsStatus: allSet(1) when it holds them all */
		add_int(t, e, el, 9, &idx, 1, SV_INT,
			jget_num(o, "addresses_owned") == (double)addr_count(o)
				? 1
				: 2);
		add_str(t, e, el, 10, &idx, 1, jget_str(o, "interface", NULL));
		add_int(t, e, el, 12, &idx, 1, SV_GAUGE,
			jget_num(o, "advert_int_ms") / 1000);
		add_str(t, e, el, 18, &idx, 1,
			group_of(gs, jget_str(o, "name", NULL)));
		add_int(t, e, el, 30, &idx, 1, SV_INT, jget_num(o, "version"));
	}
}

/* ---- virtual and real servers ---- */

struct inet {
	int family; /* 0: none */
	uint8_t b[16];
	uint16_t port;
};

/* "10.0.0.1:80", "[2001:db8::1]:443", "10.0.0.1" */
static void
parse_inet(const char *s, struct inet *a)
{
	char buf[IPADDR_STRLEN + 8];
	const char *port = NULL;
	struct ipaddr ip;
	char *c;

	memset(a, 0, sizeof(*a));
	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[0] == '[' && (c = strchr(buf, ']'))) {
		*c = '\0';
		port = c[1] == ':' ? c + 2 : NULL;
		memmove(buf, buf + 1, strlen(buf + 1) + 1);
	} else if ((c = strchr(buf, ':')) && c == strrchr(buf, ':')) {
		*c = '\0';
		port = c + 1;
	}
	if (ipaddr_parse(buf, &ip) < 0)
		return;
	a->family = ip.family;
	memcpy(a->b, ip.u.b, ipaddr_len(ip.family));
	a->port = port ? (uint16_t)atoi(port) : 0;
}

static int64_t
proto_num(const char *p)
{
	return !strcmp(p, "tcp")    ? 1
	       : !strcmp(p, "udp")  ? 2
	       : !strcmp(p, "sctp") ? 3
				    : 4;
}

static void
add_inet(struct snmp_tree *t, const uint32_t *e, size_t el, uint32_t col,
	 const uint32_t *idx, size_t il, const struct inet *a)
{
	/* InetAddressType ipv4(1), ipv6(2); InetAddress; InetPortNumber */
	add_int(t, e, el, col, idx, il, SV_INT, a->family == AF_INET6 ? 2 : 1);
	snmp_tree_str(snmp_tree_add(t, e, el, col + 1, idx, il, SV_STRING),
		      a->b, ipaddr_len(a->family));
	add_int(t, e, el, col + 2, idx, il, SV_GAUGE, a->port);
}

/* The check child's name of a virtual server: "tcp 192.0.2.10:80",
 * "fwmark 7 inet6", "group NAME udp". */
static void
vs_ident(struct snmp_tree *t, const uint32_t *idx, const char *name)
{
	char w[3][IPADDR_STRLEN + 72] = {"", "", ""};
	const uint32_t *e = vs_entry;
	size_t el = N(vs_entry);
	struct inet a;

	sscanf(name, "%71s %71s %71s", w[0], w[1], w[2]);
	if (!strcmp(w[0], "fwmark")) {
		add_int(t, e, el, 2, idx, 1, SV_INT, 1);
		add_int(t, e, el, 4, idx, 1, SV_GAUGE, atoll(w[1]));
		add_int(t, e, el, 5, idx, 1, SV_INT,
			!strcmp(w[2], "inet6") ? 2 : 1);
		return;
	}
	if (!strcmp(w[0], "group")) {
		add_int(t, e, el, 2, idx, 1, SV_INT, 3);
		add_str(t, e, el, 3, idx, 1, w[1]);
		add_int(t, e, el, 8, idx, 1, SV_INT, proto_num(w[2]));
		return;
	}
	add_int(t, e, el, 2, idx, 1, SV_INT, 2);
	parse_inet(w[1], &a);
	if (a.family)
		add_inet(t, e, el, 5, idx, 1, &a);
	add_int(t, e, el, 8, idx, 1, SV_INT, proto_num(w[0]));
}

static void
real_servers(struct snmp_tree *t, uint32_t v, struct json_object *rss,
	     int64_t *up)
{
	for (uint32_t r = 0; rss && r < json_object_array_length(rss); r++) {
		struct json_object *o = json_object_array_get_idx(rss, r);
		uint32_t idx[2] = {v, r + 1};
		bool alive = !strcmp(jget_str(o, "state", NULL), "up");
		struct inet a;

		*up += alive;
		add_int(t, rs_entry, N(rs_entry), 2, idx, 2, SV_INT, 1);
		parse_inet(jget_str(o, "address", NULL), &a);
		if (a.family)
			add_inet(t, rs_entry, N(rs_entry), 3, idx, 2, &a);
		add_int(t, rs_entry, N(rs_entry), 6, idx, 2, SV_INT,
			alive ? 1 : 2);
		add_int(t, rs_entry, N(rs_entry), 7, idx, 2, SV_INT,
			jget_num(o, "weight"));
	}
}

static void
ka_check(struct snmp_tree *t, struct json_object *checks)
{
	struct json_object *vss =
		jget(checks, "virtual_servers", json_type_array);
	const uint32_t *e = vs_entry;
	size_t el = N(vs_entry);

	for (uint32_t v = 0; vss && v < json_object_array_length(vss); v++) {
		struct json_object *o = json_object_array_get_idx(vss, v);
		struct json_object *rss =
			jget(o, "real_servers", json_type_array);
		bool met = !strcmp(jget_str(o, "quorum_state", NULL), "up");
		uint32_t idx = v + 1;
		int64_t up = 0;

		vs_ident(t, &idx, jget_str(o, "name", NULL));
		add_int(t, e, el, 11, &idx, 1, SV_INT, met ? 1 : 2);
		real_servers(t, idx, rss, &up);
		add_int(t, e, el, 20, &idx, 1, SV_GAUGE,
			rss ? (int64_t)json_object_array_length(rss) : 0);
		add_int(t, e, el, 21, &idx, 1, SV_GAUGE, up);
		add_int(t, e, el, 22, &idx, 1, SV_GAUGE, jget_num(o, "quorum"));
		add_int(t, e, el, 23, &idx, 1, SV_INT, met ? 1 : 2);
		add_int(t, e, el, 26, &idx, 1, SV_GAUGE,
			jget_num(o, "hysteresis"));
	}
}

/* ---- RFC 2787 ---- */

int64_t
snmp_mib_rfc_state(const char *s)
{
	return !strcmp(s, "MASTER") ? 3 : !strcmp(s, "BACKUP") ? 2 : 1;
}

static void
add_ip4(struct snmp_tree *t, uint32_t col, const uint32_t *idx, const char *s)
{
	struct in_addr a = {0};

	inet_pton(AF_INET, s, &a);
	snmp_tree_str(snmp_tree_add(t, oper_entry, N(oper_entry), col, idx, 2,
				    SV_IPADDR),
		      &a, 4);
}

/* The master's address: the source of the last advertisement received,
 * 0.0.0.0 while this router is the master (as keepalived 2.2.7 says). */
const char *
snmp_mib_master_of(struct json_object *o)
{
	return strcmp(jget_str(o, "state", NULL), "MASTER")
		       ? jget_str(o, "master", NULL)
		       : "0.0.0.0";
}

/* vrrpAssoIpAddrTable: one row per IPv4 virtual address, indexed by
 * ifIndex, VRID and the address; its RowStatus is active(1). */
static void
associated(struct snmp_tree *t, struct json_object *o, const uint32_t *idx)
{
	struct json_object *a = jget(o, "addresses", json_type_array);

	for (size_t k = 0; a && k < json_object_array_length(a); k++) {
		struct in_addr in;
		uint32_t ix[6] = {idx[0], idx[1]};
		const uint8_t *b = (const uint8_t *)&in;

		if (inet_pton(AF_INET,
			      json_object_get_string(
				      json_object_array_get_idx(a, k)),
			      &in) != 1)
			continue;
		for (int j = 0; j < 4; j++)
			ix[2 + j] = b[j];
		add_int(t, asso_entry, N(asso_entry), 2, ix, 6, SV_INT, 1);
	}
}

static void
rfc2787(struct snmp_tree *t, struct json_object *vr, bool traps,
	const struct snmp_ifaces *ifs)
{
	struct json_object *is = jget(vr, "instances", json_type_array);
	const uint32_t *e = oper_entry;
	size_t el = N(oper_entry);

	/* vrrpNodeVersion.0: this table speaks of VRRPv2 (RFC 3768) */
	snmp_tree_int(snmp_tree_add(t, node_version, N(node_version), 0, NULL,
				    0, SV_INT),
		      2);
	/* vrrpNotificationCntl.0: enabled(1) when enable_traps is on (the
	 * agent sends vrrpTrapNewMaster and vrrpTrapAuthFailure), else
	 * disabled(2); read-only, as keepalived's */
	snmp_tree_int(
		snmp_tree_add(t, notif_cntl, N(notif_cntl), 0, NULL, 0, SV_INT),
		traps ? 1 : 2);
	for (size_t i = 0; is && i < json_object_array_length(is); i++) {
		struct json_object *o = json_object_array_get_idx(is, i);
		/* RFC 2787 names 00-00-5E-00-01-VRID; like keepalived, say
		 * the MAC address the instance sends from (the interface's,
		 * unless use_vmac made it the virtual one). */
		uint8_t mac[6] = {0, 0, 0x5e, 0, 1, 0};
		uint32_t idx[2];

		if (strcmp(jget_str(o, "family", NULL), "inet"))
			continue;
		idx[0] = ifs->index(jget_str(o, "interface", NULL));
		idx[1] = (uint32_t)jget_num(o, "vrid");
		if (!idx[0])
			continue;
		mac[5] = (uint8_t)idx[1];
		ifs->mac(jget_str(o, "interface", NULL), mac);
		snmp_tree_str(snmp_tree_add(t, e, el, 2, idx, 2, SV_STRING),
			      mac, sizeof(mac));
		add_int(t, e, el, 3, idx, 2, SV_INT,
			snmp_mib_rfc_state(jget_str(o, "state", NULL)));
		add_int(t, e, el, 4, idx, 2, SV_INT, 1);
		add_int(t, e, el, 5, idx, 2, SV_INT, jget_num(o, "priority"));
		add_int(t, e, el, 6, idx, 2, SV_INT, addr_count(o));
		add_ip4(t, 7, idx, snmp_mib_master_of(o));
		add_ip4(t, 8, idx, jget_str(o, "source", NULL));
		add_int(t, e, el, 11, idx, 2, SV_INT,
			jget_num(o, "advert_int_ms") / 1000);
		associated(t, o, idx);
		add_int(t, e, el, 14, idx, 2, SV_INT, 1); /* ip */
		add_int(t, e, el, 15, idx, 2, SV_INT, 1); /* active */
	}
}

/* vrrpRouterStatsTable's columns in order (RFC 2787 §6), named as the
 * vrrp child's counters (vrrp/vrrp_stats.h). */
static const char *const stats_cols[] = {
	"become_master",
	"advertise_rcvd",
	"advertise_interval_errors",
	"auth_failures",
	"ip_ttl_errors",
	"priority_zero_pkts_rcvd",
	"priority_zero_pkts_sent",
	"invalid_type_pkts_rcvd",
	"address_list_errors",
	"invalid_auth_type",
	"auth_type_mismatch",
	"packet_length_errors",
};

static int64_t
counter32(struct json_object *o, const char *k)
{
	return (int64_t)((uint64_t)jget_num(o, k) & 0xffffffffu);
}

void
snmp_mib_router(struct snmp_tree *t, const uint32_t *prefix, size_t plen,
		struct json_object *vr, enum snmp_vtype type)
{
	static const char *const router[] = {"checksum_errors",
					     "version_errors", "vrid_errors"};
	struct json_object *rs = NULL;
	uint32_t zero = 0;

	json_object_object_get_ex(vr, "router", &rs);
	for (uint32_t c = 0; rs && c < N(router); c++)
		add_int(t, prefix, plen, c + 1, &zero, 1, type,
			type == SV_COUNTER ? counter32(rs, router[c])
					   : (int64_t)jget_num(rs, router[c]));
}

/* vrrpRouterChecksumErrors, VersionErrors, VrIdErrors and the
 * per-instance vrrpRouterStatsTable, on the rows of vrrpOperTable. */
static void
rfc2787_stats(struct snmp_tree *t, struct json_object *vr,
	      const struct snmp_ifaces *ifs)
{
	struct json_object *is = jget(vr, "instances", json_type_array);

	snmp_mib_router(t, router_stats, N(router_stats), vr, SV_COUNTER);
	for (size_t i = 0; is && i < json_object_array_length(is); i++) {
		struct json_object *o = json_object_array_get_idx(is, i);
		struct json_object *st = NULL;
		uint32_t idx[2] = {ifs->index(jget_str(o, "interface", NULL)),
				   (uint32_t)jget_num(o, "vrid")};

		if (strcmp(jget_str(o, "family", NULL), "inet") || !idx[0] ||
		    !json_object_object_get_ex(o, "stats", &st))
			continue;
		for (uint32_t c = 0; c < N(stats_cols); c++)
			add_int(t, stats_entry, N(stats_entry), c + 1, idx, 2,
				SV_COUNTER, counter32(st, stats_cols[c]));
	}
}

void
snmp_mib_build(struct snmp_tree *t, const struct mgmt_view *v, unsigned mibs,
	       const struct snmp_ifaces *ifs)
{
	struct json_object *vr = mgmt_view_child(v, "vrrp", "vrrp");

	if (mibs & MIB_KA_VRRP)
		ka_vrrp(t, vr);
	if (mibs & MIB_KA_CHECK)
		ka_check(t, mgmt_view_child(v, "check", "checks"));
	if (mibs & MIB_RFC2787) {
		rfc2787(t, vr, mibs & MIB_TRAPS_ON, ifs);
		rfc2787_stats(t, vr, ifs);
	}
	if (mibs & MIB_RFC6527)
		snmp_mib_rfc6527(t, vr, ifs);
	if (mibs & MIB_VIGIL)
		snmp_mib_vigil(t, v);
	snmp_tree_sort(t);
}
