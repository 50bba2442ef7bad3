/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-instance counters, named after RFC 2787 (VRRP-MIB vrrpRouterStatsTable
 * and the router-wide vrrpRouter*Errors) and RFC 6527 (VRRPv3-MIB
 * vrrpv3StatisticsTable), in snake case:
 *   becomeMaster -> become_master, advertiseRcvd -> advertise_rcvd, ...
 * plus a few keepalived keeps that the MIBs do not (advertise_sent).
 * X(field, MIB object)
 */
#ifndef VIGIL_VRRP_STATS_H
#define VIGIL_VRRP_STATS_H

#include <stdint.h>

#define VRRP_STATS(X)                                                          \
	X(become_master, "vrrpStatsBecomeMaster")                              \
	X(advertise_rcvd, "vrrpStatsAdvertiseRcvd")                            \
	X(advertise_sent, "(keepalived advert_sent)")                          \
	X(advertise_interval_errors, "vrrpStatsAdvertiseIntervalErrors")       \
	X(auth_failures, "vrrpStatsAuthFailures")                              \
	X(ip_ttl_errors, "vrrpStatsIpTtlErrors")                               \
	X(priority_zero_pkts_rcvd, "vrrpStatsPriorityZeroPktsRcvd")            \
	X(priority_zero_pkts_sent, "vrrpStatsPriorityZeroPktsSent")            \
	X(invalid_type_pkts_rcvd, "vrrpStatsInvalidTypePktsRcvd")              \
	X(address_list_errors, "vrrpStatsAddressListErrors")                   \
	X(invalid_auth_type, "vrrpStatsInvalidAuthType")                       \
	X(auth_type_mismatch, "vrrpStatsAuthTypeMismatch")                     \
	X(packet_length_errors, "vrrpStatsPacketLengthErrors")                 \
	X(checksum_errors, "vrrpRouterChecksumErrors")                         \
	X(version_errors, "vrrpRouterVersionErrors")                           \
	X(vrid_errors, "vrrpRouterVrIdErrors")                                 \
	X(source_errors, "(unicast source not a peer)")                        \
	X(send_errors, "(advertisements that could not be sent)")              \
	X(owned_restored, "(vigil: owned objects put back after a deletion)")

struct vrrp_stats {
#define X(f, mib) uint64_t f;
	VRRP_STATS(X)
#undef X
};

#endif
