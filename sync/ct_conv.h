/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Conntrack entries between libnetfilter_conntrack's objects and the
 * channel's struct sch_ct, and the filter of what the master sends. No
 * sockets: the objects are plain data (unit-tested round trip).
 */
#ifndef VIGIL_SYNC_CT_CONV_H
#define VIGIL_SYNC_CT_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipaddr.h"
#include "sync/chan.h"

struct nf_conntrack;

/* -1 for an entry the channel does not carry (a family but IPv4/IPv6). */
int ct_from_nfct(const struct nf_conntrack *ct, uint8_t op, struct sch_ct *e);
/* The object to create on the backup's kernel: the original tuple, the
 * NAT the reply tuple implies, state, timeout, mark, zone; TCP window
 * tracking liberal (the backup never saw the windows). */
void ct_to_nfct(const struct sch_ct *e, struct nf_conntrack *ct);

#define CT_FILTER_MAX 64

struct ct_filter_net {
	struct ipaddr a;
	uint8_t plen;
};

/* What the master does not send: entries of its own addresses (but the
 * virtual ones), loopback, the sync traffic (UDP to or from its port),
 * and the configured ignores. */
struct ct_filter {
	struct ct_filter_net own[CT_FILTER_MAX], ignore[CT_FILTER_MAX];
	size_t nown, nignore;
	uint16_t sync_port;
};

/* Add a network; -1 (ENOSPC) when full. */
int ct_filter_add(struct ct_filter_net *set, size_t *n, const struct ipaddr *a,
		  uint8_t plen);
bool ct_filter_skip(const struct ct_filter *f, const struct sch_ct *e);

#endif
