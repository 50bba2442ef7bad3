// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrpTrapAuthFailure (RFC 2787) and vrrpv3ProtoError (RFC 6527) from the
 * growth of the vrrp child's per-instance counters (snmp_trap.h).
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "core/runtime/ipaddr.h"
#include "mgmt/model.h"
#include "mgmt/om.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_trap.h"

#define N(a) (sizeof(a) / sizeof(a[0]))

static const uint32_t auth_trap[] = {1, 3, 6, 1, 2, 1, 68, 0, 2};
static const uint32_t proto_trap[] = {1, 3, 6, 1, 2, 1, 207, 0, 2};
/* vrrpOperations: vrrpTrapPacketSrc 5, vrrpTrapAuthErrorType 6 (.0) */
static const uint32_t rfc2787_ops[] = {1, 3, 6, 1, 2, 1, 68, 1};
static const char *const auth_keys[3] = {"invalid_auth_type",
					 "auth_type_mismatch", "auth_failures"};
static const char *const proto_keys[3] = {"ip_ttl_errors", "version_errors",
					  "checksum_errors"};

static struct snmp_rx_seen *
seen_of(struct snmp_rx_seens *s, const char *name, bool *first)
{
	*first = false;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	if (s->n == N(s->v))
		s->n = 0; /* many renames: start over, silently */
	*first = true;
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	snprintf(s->v[s->n].name, sizeof(s->v[0].name), "%s", name);
	return &s->v[s->n++];
}

/* Which of the three counters grew (its position from 1), the last one
 * that did; 0 if none. The seen values are updated. */
static int
grew(struct json_object *st, const char *const keys[3], uint64_t seen[3])
{
	int which = 0;

	for (int k = 0; k < 3; k++) {
		uint64_t now = (uint64_t)jget_int(st, keys[k]);

		if (now > seen[k])
			which = k + 1;
		seen[k] = now;
	}
	return which;
}

/* vrrpTrapAuthFailure: the sender of the last refused advertisement (an
 * IpAddress: 0.0.0.0 if it was not IPv4) and the error type, whose values
 * (invalidAuthType 1, authTypeMismatch 2, authFailure 3) are the order of
 * auth_keys. */
static void
auth_failure(struct snmp_trap *out, struct json_object *vi, int type)
{
	static const uint32_t zero = 0;
	struct snmp_trap *t = snmp_trap_start(out, auth_trap, N(auth_trap));
	struct ipaddr src;

	if (ipaddr_parse(jget_str(jget(vi, "last_drop", json_type_object),
				  "from", NULL),
			 &src) < 0 ||
	    src.family != AF_INET)
		memset(&src, 0, sizeof(src));
	snmp_tree_str(snmp_tree_add(&t->vars, rfc2787_ops, N(rfc2787_ops), 5,
				    &zero, 1, SV_IPADDR),
		      src.u.b, 4);
	snmp_tree_int(snmp_tree_add(&t->vars, rfc2787_ops, N(rfc2787_ops), 6,
				    &zero, 1, SV_INT),
		      type);
}

/* vrrpv3ProtoError: vrrpv3StatisticsProtoErrReason (column 6) of the
 * instance's row: the last error the vrrp child saw, or when it does not
 * say, the counter that grew (ipTtlError 1, versionError 2,
 * checksumError 3: proto_keys' order). */
static size_t
proto_error(struct snmp_trap *out, const struct snmp_tree *tables,
	    struct json_object *vi, int reason)
{
	uint32_t idx[3];
	struct snmp_trap *t;

	if (!snmp_trap_row_of(tables, snmp_v3_ops_entry, SNMP_V3_LEN, 3,
			      (uint32_t)jget_int(vi, "vrid"), 3, idx))
		return 0;
	if (snmp_mib_proto_err(jget_str(vi, "proto_error", NULL)))
		reason = (int)snmp_mib_proto_err(
			jget_str(vi, "proto_error", NULL));
	t = snmp_trap_start(out, proto_trap, N(proto_trap));
	snmp_tree_int(snmp_tree_add(&t->vars, snmp_v3_stats_entry, SNMP_V3_LEN,
				    6, idx, 3, SV_INT),
		      reason);
	return 1;
}

size_t
snmp_trap_rx(struct snmp_trap *out, size_t max, const struct mgmt_view *v,
	     unsigned mibs, struct snmp_rx_seens *seen,
	     const struct snmp_ifaces *ifs)
{
	struct json_object *is = jget(mgmt_view_child(v, "vrrp", "vrrp"),
				      "instances", json_type_array);
	struct snmp_tree tables;
	size_t n = 0;

	snmp_tree_init(&tables);
	if (mibs & MIB_RFC6527)
		snmp_mib_rfc6527(&tables, mgmt_view_child(v, "vrrp", "vrrp"),
				 ifs);
	snmp_tree_sort(&tables);
	for (size_t i = 0; is && i < json_object_array_length(is); i++) {
		struct json_object *vi = json_object_array_get_idx(is, i);
		struct json_object *st = jget(vi, "stats", json_type_object);
		bool first;
		struct snmp_rx_seen *s =
			seen_of(seen, jget_str(vi, "name", NULL), &first);
		int a = grew(st, auth_keys, s->auth),
		    p = grew(st, proto_keys, s->proto);

		if (first)
			continue;
		if (a && (mibs & MIB_RFC2787) && n < max &&
		    strcmp(jget_str(vi, "family", NULL), "inet6"))
			auth_failure(&out[n++], vi, a);
		if (p && (mibs & MIB_RFC6527) && n < max)
			n += proto_error(&out[n], &tables, vi, p);
	}
	snmp_tree_free(&tables);
	return n;
}
