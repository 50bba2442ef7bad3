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

#endif
