/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The notifications (enable_traps) an event from a child makes, as the
 * varbinds to send after snmpTrapOID.0. Pure: built from the event and the
 * model's view (for the objects' indexes), like the tables (snmp_mib.h).
 *
 *   vrrp_state        KEEPALIVED-MIB vrrpInstanceStateChange (name, state,
 *                     routerId); and RFC 2787 vrrpTrapNewMaster
 *                     (vrrpOperMasterIpAddr) and RFC 6527 vrrpv3NewMaster
 *                     (vrrpv3OperationsMasterIpAddr, NewMasterReason) when
 *                     it became MASTER
 *   vrrp_group_state  vrrpSyncGroupStateChange (name, state, routerId)
 *   rs_up, rs_down    realServerStateChange (the real server's address
 *                     type, address, port, status; the virtual server's
 *                     type, protocol, real servers up and total, address;
 *                     routerId)
 *   quorum_up, _down  virtualServerQuorumStateChange (the virtual server's
 *                     type, protocol, address, quorum, quorum status, real
 *                     servers up and total; routerId)
 */
#ifndef VIGIL_MGMT_SNMP_TRAP_H
#define VIGIL_MGMT_SNMP_TRAP_H

#include <stddef.h>
#include <stdint.h>

#include "mgmt/snmp_tree.h"

struct json_object;
struct mgmt_view;
struct snmp_ifaces;

#define SNMP_TRAPS_MAX 3 /* one event: at most three notifications */

struct snmp_trap {
	uint32_t oid[SNMP_OID_MAX]; /* the notification's OID */
	size_t len;
	struct snmp_tree vars; /* in order, not sorted */
};

/* Fill traps[] for event ev of child `child` under the branches in `mibs`
 * (MIB_*); returns how many (0: none). Free each with snmp_trap_free. */
size_t snmp_trap_build(struct snmp_trap traps[SNMP_TRAPS_MAX],
		       const struct mgmt_view *v, unsigned mibs,
		       const char *child, struct json_object *ev,
		       const char *router_id, const struct snmp_ifaces *ifs);
void snmp_trap_free(struct snmp_trap *t);

/*
 * Notifications from counters (snmp_trap_rx.c): RFC 2787's
 * vrrpTrapAuthFailure (vrrpTrapPacketSrc: the sender of the last refused
 * advertisement; vrrpTrapAuthErrorType: which counter grew) and RFC
 * 6527's vrrpv3ProtoError (vrrpv3StatisticsProtoErrReason: ipTtlError,
 * versionError or checksumError, the counter that grew) for each
 * instance of the vrrp child whose refused-packet counters grew since
 * they were last seen. At most one of each per instance and call: the
 * caller calls it when the model is refreshed (2 s with SNMP on), which
 * is the rate limit. An instance seen the first time makes none.
 */
struct snmp_rx_seen {
	char name[64];
	uint64_t auth[3];  /* invalid_auth_type, auth_type_mismatch, failures */
	uint64_t proto[3]; /* ip_ttl_errors, version_errors, checksum_errors */
};
struct snmp_rx_seens {
	struct snmp_rx_seen v[64];
	size_t n;
};
size_t snmp_trap_rx(struct snmp_trap *out, size_t max,
		    const struct mgmt_view *v, unsigned mibs,
		    struct snmp_rx_seens *seen, const struct snmp_ifaces *ifs);

/* For the files of notifications: a trap with no varbinds yet; the index
 * after `entry.col.` of the first row of the tables whose second index
 * is vrid (ilen parts, 0 if none). */
struct snmp_trap *snmp_trap_start(struct snmp_trap *t, const uint32_t *oid,
				  size_t len);
size_t snmp_trap_row_of(const struct snmp_tree *tables, const uint32_t *entry,
			size_t elen, uint32_t col, uint32_t vrid, size_t ilen,
			uint32_t *idx);

#endif
