// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VRRPv3-MIB (RFC 6527 §5) from the vrrp child's status (snmp_mib.h): the
 * operations table, the associated addresses and the statistics of every
 * instance, IPv4 and IPv6,
 * indexed by ifIndex, VRID and address type (InetAddressType: ipv4 1,
 * ipv6 2).
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "core/runtime/ipaddr.h"
#include "mgmt/om.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_tree.h"

#define V3 1, 3, 6, 1, 2, 1, 207, 1
_Static_assert(sizeof((uint32_t[]){V3, 1, 1, 1}) ==
		       SNMP_V3_LEN * sizeof(uint32_t),
	       "SNMP_V3_LEN is vrrpv3OperationsEntry's length");
const uint32_t snmp_v3_ops_entry[SNMP_V3_LEN] = {V3, 1, 1, 1};
const uint32_t snmp_v3_stats_entry[SNMP_V3_LEN] = {V3, 2, 5, 1};
#define ops_entry snmp_v3_ops_entry
#define stats_entry snmp_v3_stats_entry
static const uint32_t stats[] = {V3, 2};
static const uint32_t assoc_entry[] = {V3, 1, 2, 1};
#define N(a) (sizeof(a) / sizeof(a[0]))

/* vrrpv3StatisticsTable's counters: column, the vrrp child's name. */
static const struct {
	uint32_t col;
	const char *key;
	enum snmp_vtype type;
} counters[] = {
	{1, "become_master", SV_COUNTER},
	{3, "advertise_rcvd", SV_COUNTER64},
	{4, "advertise_interval_errors", SV_COUNTER64},
	{5, "ip_ttl_errors", SV_COUNTER64},
	{7, "priority_zero_pkts_rcvd", SV_COUNTER64},
	{8, "priority_zero_pkts_sent", SV_COUNTER64},
	{9, "invalid_type_pkts_rcvd", SV_COUNTER64},
	{10, "address_list_errors", SV_COUNTER64},
	{11, "packet_length_errors", SV_COUNTER64},
};

int64_t
snmp_mib_proto_err(const char *s)
{
	static const char *const names[] = {"none", "ip_ttl", "version",
					    "checksum"};

	for (size_t i = 1; s && i < N(names); i++)
		if (!strcmp(s, names[i]))
			return (int64_t)i;
	return 0;
}

/* InetAddress: 4 or 16 bytes; the unspecified address when unknown. */
static void
add_addr(struct snmp_tree *t, uint32_t col, const uint32_t *idx, int family,
	 const char *s)
{
	struct ipaddr ip;

	if (ipaddr_parse(s, &ip) < 0 || ip.family != family)
		memset(&ip, 0, sizeof(ip));
	snmp_tree_str(snmp_tree_add(t, ops_entry, N(ops_entry), col, idx, 3,
				    SV_STRING),
		      ip.u.b, ipaddr_len(family));
}

static void
operations(struct snmp_tree *t, struct json_object *o, const uint32_t *idx,
	   int family, const struct snmp_ifaces *ifs)
{
	uint8_t mac[6] = {
		0, 0, 0x5e, 0, family == AF_INET6 ? 2 : 1, (uint8_t)idx[1]};

	/* its own address while master (as keepalived 2.2.7 gives it here,
	 * unlike in VRRP-MIB) */
	add_addr(t, 3, idx, family, jget_str(o, "master", NULL));
	add_addr(t, 4, idx, family, jget_str(o, "source", NULL));
	/* the MAC address it sends from, as in VRRP-MIB (snmp_mib.c) */
	ifs->mac(jget_str(o, "interface", NULL), mac);
	snmp_tree_str(
		snmp_tree_add(t, ops_entry, N(ops_entry), 5, idx, 3, SV_STRING),
		mac, sizeof(mac));
	snmp_mib_add_int(t, ops_entry, N(ops_entry), 6, idx, 3, SV_INT,
			 snmp_mib_rfc_state(jget_str(o, "state", NULL)));
	snmp_mib_add_int(t, ops_entry, N(ops_entry), 7, idx, 3, SV_GAUGE,
			 jget_num(o, "priority"));
	snmp_mib_add_int(t, ops_entry, N(ops_entry), 8, idx, 3, SV_INT,
			 snmp_mib_addr_count(o));
	/* TimeInterval: centiseconds */
	snmp_mib_add_int(t, ops_entry, N(ops_entry), 9, idx, 3, SV_INT,
			 jget_num(o, "advert_int_ms") / 10);
	snmp_mib_add_int(t, ops_entry, N(ops_entry), 13, idx, 3, SV_INT, 1);
}

/* vrrpv3AssociatedIpAddrTable: a row (RowStatus active) per virtual
 * address, indexed by the instance's index and the address, an
 * InetAddress index: its length, then its bytes (RFC 2578 §7.7; not
 * IMPLIED). keepalived 2.2.7 leaves the length out. */
static void
associated(struct snmp_tree *t, struct json_object *o, const uint32_t *idx,
	   int family)
{
	struct json_object *a = jget(o, "addresses", json_type_array);
	uint32_t row[3 + 1 + 16];

	memcpy(row, idx, 3 * sizeof(*idx));
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct ipaddr ip;
		size_t len;

		if (ipaddr_parse(json_object_get_string(
					 json_object_array_get_idx(a, i)),
				 &ip) < 0 ||
		    ip.family != family)
			continue;
		len = ipaddr_len(family);
		row[3] = (uint32_t)len;
		for (size_t b = 0; b < len; b++)
			row[4 + b] = ip.u.b[b];
		snmp_mib_add_int(t, assoc_entry, N(assoc_entry), 2, row,
				 4 + len, SV_INT, 1);
	}
}

void
snmp_mib_rfc6527(struct snmp_tree *t, struct json_object *vr,
		 const struct snmp_ifaces *ifs)
{
	struct json_object *is = jget(vr, "instances", json_type_array);

	snmp_mib_router(t, stats, N(stats), vr, SV_COUNTER64);
	for (size_t i = 0; is && i < json_object_array_length(is); i++) {
		struct json_object *o = json_object_array_get_idx(is, i);
		struct json_object *st = NULL;
		int family = strcmp(jget_str(o, "family", NULL), "inet6")
				     ? AF_INET
				     : AF_INET6;
		uint32_t idx[3] = {ifs->index(jget_str(o, "interface", NULL)),
				   (uint32_t)jget_num(o, "vrid"),
				   family == AF_INET6 ? 2 : 1};

		if (!idx[0])
			continue;
		operations(t, o, idx, family, ifs);
		associated(t, o, idx, family);
		json_object_object_get_ex(o, "stats", &st);
		for (size_t c = 0; st && c < N(counters); c++)
			snmp_mib_add_int(t, stats_entry, N(stats_entry),
					 counters[c].col, idx, 3,
					 counters[c].type,
					 jget_num(st, counters[c].key));
		if (st)
			snmp_mib_add_int(t, stats_entry, N(stats_entry), 6, idx,
					 3, SV_INT,
					 snmp_mib_proto_err(jget_str(
						 o, "proto_error", NULL)));
	}
}
