/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A MIB branch as a sorted list of leaves (OID, type, value), built from
 * the model's view (snmp_mib.c) and read by the subagent (snmp_agent.c)
 * for GET and GETNEXT. Pure: no Net-SNMP type here, so that the tables
 * are unit-tested without an agent.
 */
#ifndef VIGIL_MGMT_SNMP_TREE_H
#define VIGIL_MGMT_SNMP_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNMP_OID_MAX 32
#define SNMP_STR_MAX 128

enum snmp_vtype {
	SV_INT = 1, /* INTEGER, Integer32, TruthValue */
	SV_GAUGE,   /* Gauge32, Unsigned32 */
	SV_COUNTER, /* Counter32 */
	SV_COUNTER64,
	SV_STRING, /* OCTET STRING: DisplayString, InetAddress... */
	SV_IPADDR, /* IpAddress: 4 bytes in str */
	SV_TICKS,  /* TimeTicks, TimeStamp */
};

struct snmp_leaf {
	uint32_t oid[SNMP_OID_MAX];
	uint8_t len;
	uint8_t type; /* enum snmp_vtype */
	uint16_t slen;
	int64_t num;
	char str[SNMP_STR_MAX];
};

struct snmp_tree {
	struct snmp_leaf *v;
	size_t n, cap;
	bool failed; /* a leaf could not be added (memory, OID too long) */
	struct snmp_leaf lost; /* where such a leaf is written */
};

int snmp_oid_cmp(const uint32_t *a, size_t alen, const uint32_t *b,
		 size_t blen);

void snmp_tree_init(struct snmp_tree *t);
void snmp_tree_free(struct snmp_tree *t);
/* A leaf at prefix.col.index[...]: prefix and index are OID parts. */
struct snmp_leaf *snmp_tree_add(struct snmp_tree *t, const uint32_t *prefix,
				size_t plen, uint32_t col, const uint32_t *idx,
				size_t ilen, enum snmp_vtype type);
void snmp_tree_int(struct snmp_leaf *l, int64_t v);
void snmp_tree_str(struct snmp_leaf *l, const void *s, size_t len);
/* Sort once every leaf is added. */
void snmp_tree_sort(struct snmp_tree *t);
/* The leaf at exactly oid, or NULL. */
const struct snmp_leaf *snmp_tree_get(const struct snmp_tree *t,
				      const uint32_t *oid, size_t len);
/* The first leaf after oid, or NULL. */
const struct snmp_leaf *snmp_tree_next(const struct snmp_tree *t,
				       const uint32_t *oid, size_t len);

#endif
