/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPVS table as plain data: virtual services, their destinations (real
 * servers), and the global settings around them (timeouts, sync daemons,
 * info). The same types describe the table vigil wants (the desired table)
 * and the table the kernel has (as read back), so the two can be compared.
 *
 * Keys:
 *   a service is (family, protocol, address, port), or (family, fwmark) for
 *     a firewall-mark service (protocol, address and port are then 0);
 *   a destination is (family, address, port) inside its service; its family
 *     differs from the service's only for mixed-family tunnels.
 *
 * Ports are in host byte order here; the codec converts. A v4 persistence
 * netmask is kept in network byte order (as the kernel has it), a v6 one is
 * a prefix length (1..128), again as the kernel has it.
 *
 * A table is sorted (services by key, each service's destinations by key)
 * before it is compared: ipvs_table_sort(). Pointers into a table are valid
 * until the next insertion into it.
 */
#ifndef VIGIL_IPVS_MODEL_H
#define VIGIL_IPVS_MODEL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/ip_vs.h>

#include "core/runtime/ipaddr.h"

struct ipvs_svc_key {
	uint16_t af;	   /* AF_INET or AF_INET6 */
	uint16_t protocol; /* IPPROTO_TCP, _UDP, _SCTP; 0 with a fwmark */
	uint16_t port;	   /* 0 with a fwmark */
	uint32_t fwmark;   /* non-zero: a firewall-mark service */
	union ipaddr_u addr;
};

struct ipvs_dest_key {
	uint16_t af; /* 0 is read as the service's family */
	uint16_t port;
	union ipaddr_u addr;
};

/* Counters and rates as the kernel reports them (stats64). */
struct ipvs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t cps, inpps, outpps, inbps, outbps;
};

/* Forwarding methods: the kernel's IP_VS_CONN_F_* values. */
enum ipvs_fwd {
	IPVS_FWD_NAT = IP_VS_CONN_F_MASQ,
	IPVS_FWD_LOCAL = IP_VS_CONN_F_LOCALNODE,
	IPVS_FWD_TUNNEL = IP_VS_CONN_F_TUNNEL,
	IPVS_FWD_DR = IP_VS_CONN_F_DROUTE,
};

struct ipvs_dest {
	struct ipvs_dest_key key;
	uint32_t fwd;	   /* enum ipvs_fwd */
	int32_t weight;	   /* >= 0; 0 takes no new connections */
	uint32_t u_thresh; /* 0 = no upper connection threshold */
	uint32_t l_thresh;
	/* Tunnel only: IP_VS_CONN_F_TUNNEL_TYPE_*, the GUE port (host
	 * order), IP_VS_TUNNEL_ENCAP_FLAG_* (checksum options). */
	uint8_t tun_type;
	uint16_t tun_port;
	uint16_t tun_flags;
	/* Read back only; ignored when comparing. */
	uint32_t active_conns, inact_conns, persist_conns;
	struct ipvs_stats stats;
	bool owned; /* known to be vigil's (see reconcile.h) */
};

/* Scheduler flags under the names ipvsadm gives them. */
#define IPVS_SVC_F_SH_FALLBACK IP_VS_SVC_F_SCHED1
#define IPVS_SVC_F_SH_PORT IP_VS_SVC_F_SCHED2
#define IPVS_SVC_F_MH_FALLBACK IP_VS_SVC_F_SCHED1
#define IPVS_SVC_F_MH_PORT IP_VS_SVC_F_SCHED2
/* The flags a user sets; the kernel adds HASHED on its own. */
#define IPVS_SVC_F_USER                                                        \
	(IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED1 | \
	 IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3)

struct ipvs_service {
	struct ipvs_svc_key key;
	char sched[IP_VS_SCHEDNAME_MAXLEN]; /* "wlc", "rr", ... */
	char pe[IP_VS_PENAME_MAXLEN];	    /* "" or "sip" */
	uint32_t flags;			    /* IPVS_SVC_F_USER bits */
	uint32_t timeout;		    /* persistence, seconds */
	uint32_t netmask;		    /* see the top of this file */
	struct ipvs_stats stats;	    /* read back only */
	bool owned;			    /* known to be vigil's */
	struct ipvs_dest *dests;
	size_t ndests, dests_cap;
};

struct ipvs_table {
	struct ipvs_service *svcs;
	size_t n, cap;
};

/* Global connection timeouts in seconds; 0 leaves one unchanged. */
struct ipvs_timeouts {
	uint32_t tcp, tcp_fin, udp;
};

struct ipvs_info {
	uint32_t version; /* 0x010201 is 1.2.1 */
	uint32_t conn_tab_size;
};

/* A sync daemon (IP_VS_STATE_MASTER or _BACKUP). Zero fields are left to
 * the kernel's defaults (port 8848, ttl 1, group 224.0.0.81, maxlen from
 * the interface MTU). */
struct ipvs_daemon {
	uint32_t state;
	char ifname[IP_VS_IFNAME_MAXLEN];
	uint32_t syncid;
	uint16_t maxlen;
	uint16_t port;
	uint8_t ttl;
	uint16_t group_af; /* 0, AF_INET or AF_INET6 */
	union ipaddr_u group;
};

/*
 * One change to the kernel table. svc is the desired service for an add or
 * an edit and the kernel's for a delete; dest likewise. Both point into the
 * tables the operation was planned from.
 */
enum ipvs_op_kind {
	IPVS_OP_SVC_ADD,
	IPVS_OP_SVC_EDIT,
	IPVS_OP_SVC_DEL,
	IPVS_OP_DEST_ADD,
	IPVS_OP_DEST_EDIT,
	IPVS_OP_DEST_DEL,
};

struct ipvs_op {
	enum ipvs_op_kind kind;
	const struct ipvs_service *svc;
	const struct ipvs_dest *dest; /* NULL for service operations */
};

static inline bool
ipvs_op_is_dest(enum ipvs_op_kind k)
{
	return k >= IPVS_OP_DEST_ADD;
}

/* "add service tcp 192.0.2.1:80" or
 * "edit destination 10.0.0.1:80 of tcp 192.0.2.1:80"; returns buf. */
#define IPVS_OP_STRLEN 200
char *ipvs_op_str(const struct ipvs_op *op, char *buf, size_t len);
/* What a kernel errno means for this operation, e.g. ENOENT on a service
 * add is "scheduler or persistence engine not available". */
const char *ipvs_op_strerror(const struct ipvs_op *op, int err);

/* Keys */
int ipvs_svc_key_cmp(const struct ipvs_svc_key *a,
		     const struct ipvs_svc_key *b);
int ipvs_dest_key_cmp(const struct ipvs_dest_key *a,
		      const struct ipvs_dest_key *b);
/* Zero every byte, padding included, so keys can be hashed and compared
 * as bytes. */
void ipvs_svc_key_clear(struct ipvs_svc_key *k);
void ipvs_dest_key_clear(struct ipvs_dest_key *k);

/*
 * Canonical forms, applied to desired and read-back entries alike before
 * they are compared: HASHED and unknown flag bits dropped; without
 * persistence, timeout 0 and the full netmask (the kernel ignores both);
 * a destination family of 0 becomes the service's; tunnel options zero
 * unless the method is tunnel.
 */
void ipvs_service_normalize(struct ipvs_service *s);
void ipvs_dest_normalize(const struct ipvs_service *s, struct ipvs_dest *d);
/* Default persistence netmask of a family (all ones / 128). */
uint32_t ipvs_default_netmask(int af);

/* Do the settings (not the keys, not the counters) match? Both sides
 * normalized. */
bool ipvs_service_same(const struct ipvs_service *a,
		       const struct ipvs_service *b);
bool ipvs_dest_same(const struct ipvs_dest *a, const struct ipvs_dest *b);

/* Make room for need elements of elem bytes in the array *v of *cap
 * (doubling): 0, or -1 with ENOMEM (the array is left as it was). Shared
 * by every growing array of the module. */
int ipvs_grow(void **v, size_t *cap, size_t need, size_t elem);

/* Tables */
void ipvs_table_init(struct ipvs_table *t);
void ipvs_table_free(struct ipvs_table *t);
/* Copies *s without its destinations. NULL + ENOMEM. */
struct ipvs_service *ipvs_table_add(struct ipvs_table *t,
				    const struct ipvs_service *s);
struct ipvs_dest *ipvs_service_add_dest(struct ipvs_service *s,
					const struct ipvs_dest *d);
/* Deep copy: -1 + ENOMEM. */
int ipvs_table_copy(struct ipvs_table *dst, const struct ipvs_table *src);
/* Sort services and destinations by key and normalize every entry.
 * Returns 0, or -1 with EEXIST when two entries share a key (*dup_svc
 * and, for a destination, *dup_dest name the first; either may be NULL). */
int ipvs_table_sort(struct ipvs_table *t, const struct ipvs_service **dup_svc,
		    const struct ipvs_dest **dup_dest);
bool ipvs_table_sorted(const struct ipvs_table *t);
/* Sorted insertion and removal, for tables kept sorted. The insertions
 * copy (a service without its destinations) and return the new entry, or
 * NULL with ENOMEM (EEXIST if the key is there). */
struct ipvs_service *ipvs_table_insert(struct ipvs_table *t,
				       const struct ipvs_service *s);
struct ipvs_dest *ipvs_service_insert_dest(struct ipvs_service *s,
					   const struct ipvs_dest *d);
/* e points into t (s): gone, with what it held. */
void ipvs_table_remove(struct ipvs_table *t, struct ipvs_service *e);
void ipvs_service_remove_dest(struct ipvs_service *s, struct ipvs_dest *e);
/* Binary search in a sorted table / service. */
struct ipvs_service *ipvs_table_find(const struct ipvs_table *t,
				     const struct ipvs_svc_key *k);
struct ipvs_dest *ipvs_service_find_dest(const struct ipvs_service *s,
					 const struct ipvs_dest_key *k);
size_t ipvs_table_count_dests(const struct ipvs_table *t);

/* Text: "tcp 192.0.2.1:80", "udp [2001:db8::1]:53", "fwmark 7 inet6".
 * Return buf. */
#define IPVS_KEY_STRLEN 80
char *ipvs_svc_key_str(const struct ipvs_svc_key *k, char *buf, size_t len);
char *ipvs_dest_key_str(const struct ipvs_dest_key *k, char *buf, size_t len);
/* "192.0.2.1" or "2001:db8::1"; buf of INET6_ADDRSTRLEN. */
char *ipvs_addr_str(int af, const union ipaddr_u *a, char *buf, size_t len);

#endif
