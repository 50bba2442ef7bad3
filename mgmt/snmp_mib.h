/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The MIB branches vigil serves, built from the model's view (model.h)
 * into sorted leaves (snmp_tree.h). Pure; the interface index of a name is
 * asked of the caller (RFC 2787 indexes by ifIndex).
 *
 *   KEEPALIVED-MIB (enterprises.9586.100.5), keepalived's own OIDs:
 *     vrrp.1  vrrpSyncGroupTable: name, state
 *     vrrp.3  vrrpInstanceTable: name, virtual router id, state, base and
 *             effective priority, VIPs status, interface, advert interval,
 *             sync group, VRRP version
 *     check.3 virtualServerTable: type, group name, fwmark, address
 *             type, address, port, protocol, status, real servers total
 *             and up, quorum, quorum status, hysteresis
 *     check.4 realServerTable: type, address type, address, port,
 *             status, weight
 *   VRRP-MIB (RFC 2787, mib-2.68), IPv4 instances:
 *     vrrpNodeVersion, vrrpNotificationCntl (disabled: no traps yet);
 *     vrrpOperTable: MAC address, state, admin state, priority, address
 *     count, master and primary address, advert interval, protocol, row
 *     status; vrrpAssoIpAddrTable;
 *     vrrpRouterChecksumErrors, VersionErrors, VrIdErrors and
 *     vrrpRouterStatsTable (mib-2.68.2)
 *   VRRPv3-MIB (RFC 6527, mib-2.207.1), IPv4 and IPv6 instances
 *   (snmp_mib_v3.c): vrrpv3OperationsTable (master and primary address,
 *     MAC address, status, priority, advertisement interval, row status);
 *     vrrpv3RouterChecksumErrors, VersionErrors, VrIdErrors and
 *     vrrpv3StatisticsTable's counters
 *   VIGIL-MIB (netSnmpPlaypen.7, doc/VIGIL-MIB.txt; snmp_mib_vigil.c):
 *     the daemon, the table of children, the control socket, the sync
 *     child
 */
#ifndef VIGIL_MGMT_SNMP_MIB_H
#define VIGIL_MGMT_SNMP_MIB_H

#include <stddef.h>
#include <stdint.h>

#include "mgmt/snmp_tree.h"

struct mgmt_view;
struct snmp_tree;

enum {
	MIB_KA_VRRP = 1u << 0,	/* enable_snmp_vrrp */
	MIB_KA_CHECK = 1u << 1, /* enable_snmp_checker */
	MIB_RFC2787 = 1u << 2,	/* enable_snmp_rfcv2 */
	MIB_RFC6527 = 1u << 3,	/* enable_snmp_rfcv3 */
	MIB_VIGIL = 1u << 4,	/* with any of them (snmp_mib_vigil.c) */
	/* Not a branch: enable_traps is on (vrrpNotificationCntl says so). */
	MIB_TRAPS_ON = 1u << 5,
};

/* The roots: OID and length of each branch (for registration). */
struct snmp_root {
	unsigned mib; /* MIB_* */
	const char *name;
	uint32_t oid[16];
	size_t len;
};
extern const struct snmp_root snmp_roots[];
extern const size_t snmp_nroots;

/* The table entries' OIDs (a column and an index follow). */
#define SNMP_ENTRY_LEN 12
#define SNMP_OPER_LEN 10
extern const uint32_t snmp_sync_entry[SNMP_ENTRY_LEN];
extern const uint32_t snmp_inst_entry[SNMP_ENTRY_LEN];
extern const uint32_t snmp_vs_entry[SNMP_ENTRY_LEN];
extern const uint32_t snmp_rs_entry[SNMP_ENTRY_LEN];
extern const uint32_t snmp_oper_entry[SNMP_OPER_LEN];
#define SNMP_V3_LEN 11
extern const uint32_t snmp_v3_ops_entry[SNMP_V3_LEN];
extern const uint32_t snmp_v3_stats_entry[SNMP_V3_LEN];
/* For the branches' files (snmp_mib.c, snmp_mib_v3.c). */
struct json_object;
void snmp_mib_add_int(struct snmp_tree *t, const uint32_t *entry, size_t elen,
		      uint32_t col, const uint32_t *idx, size_t ilen,
		      enum snmp_vtype type, int64_t v);
/* The three router-wide error counters under prefix.1-3.0. */
void snmp_mib_router(struct snmp_tree *t, const uint32_t *prefix, size_t plen,
		     struct json_object *vrrp, enum snmp_vtype type);
/* The master's address as the RFC MIBs give it: 0.0.0.0 while master. */
const char *snmp_mib_master_of(struct json_object *instance);
struct snmp_ifaces;
void snmp_mib_rfc6527(struct snmp_tree *t, struct json_object *vrrp,
		      const struct snmp_ifaces *ifs);
/* How many virtual addresses an instance has. */
int64_t snmp_mib_addr_count(struct json_object *instance);
/* KEEPALIVED-MIB's VrrpState of a state name. */
int64_t snmp_mib_ka_state(const char *s);
/* The RFC MIBs' state (RFC 2787 vrrpOperState, RFC 6527
 * vrrpv3OperationsStatus): master(3), backup(2), else initialize(1). */
int64_t snmp_mib_rfc_state(const char *s);
/* vrrpv3StatisticsProtoErrReason of the vrrp child's proto_error:
 * noError(0), ipTtlError(1), versionError(2), checksumError(3). */
int64_t snmp_mib_proto_err(const char *s);

/* What RFC 2787 needs of an interface, asked of the caller. */
struct snmp_ifaces {
	unsigned (*index)(const char *name);	      /* 0: no such interface */
	int (*mac)(const char *name, uint8_t mac[6]); /* 0, or -1 */
};

/* VIGIL-MIB (doc/VIGIL-MIB.txt), snmp_mib_vigil.c. */
#define SNMP_VIGIL_LEN 10
extern const uint32_t snmp_vigil_root[SNMP_VIGIL_LEN];
void snmp_mib_vigil(struct snmp_tree *t, const struct mgmt_view *v);

/* Fill t (sorted) with the leaves of the branches in `mibs`. */
void snmp_mib_build(struct snmp_tree *t, const struct mgmt_view *v,
		    unsigned mibs, const struct snmp_ifaces *ifs);

#endif
