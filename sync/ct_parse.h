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

/* A commit's create the kernel refused with EEXIST, sent again as an
 * update: err is the kernel's NLMSG_ERROR, which carries the whole
 * request when the socket did not ask for NETLINK_CAP_ACK (err's
 * nlmsg_len checked by the caller). Writes the request to out (room
 * bytes) without NLM_F_CREATE|NLM_F_EXCL and without its NAT (the kernel
 * sets an entry's NAT only when it creates it and refuses an update that
 * names one). Its length, or 0 when err is not such a refusal, is
 * malformed or does not fit. */
size_t ct_parse_exist_update(const struct nlmsghdr *err, void *out,
			     size_t room);

#endif
