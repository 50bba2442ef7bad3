/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure: a ctnetlink message (an event or a dump's entry) read straight
 * into the channel's entry, without a libnetfilter_conntrack object: the
 * master's per-event path (fuzzed: fuzz_sync_ctnl).
 */
#ifndef VIGIL_SYNC_CT_PARSE_H
#define VIGIL_SYNC_CT_PARSE_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sync/chan.h"

/* The entry of message nlh (nlh->nlmsg_len bytes, checked by the caller)
 * as op: 0, or -1 with errno EINVAL (no original tuple, an attribute too
 * short) or EAFNOSUPPORT (neither IPv4 nor IPv6). */
/* Protocols whose tuples have ports; ICMP and ICMPv6 (type, code, id). */
bool ct_proto_has_ports(uint8_t proto);
bool ct_proto_is_icmp(uint8_t proto);

int ct_parse_msg(const struct nlmsghdr *nlh, uint8_t op, struct sch_ct *e);

#endif
