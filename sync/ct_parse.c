// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctnetlink attributes to the channel's entry (ct_parse.h): the same
 * fields ct_conv.c's ct_from_nfct() takes from a parsed object
 * (sync_ct_test checks both agree), read in one pass over the message.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nf_conntrack_tcp.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>

#include "sync/ct_parse.h"

struct tuple {
	union ipaddr_u *src, *dst;
	uint16_t sport, dport, icmp_id;
	uint8_t proto, icmp_type, icmp_code;
};

static bool
fits(const struct nlattr *a, size_t n)
{
	return mnl_attr_get_payload_len(a) >= n;
}

static uint16_t
be16(const struct nlattr *a)
{
	return fits(a, 2) ? ntohs(mnl_attr_get_u16(a)) : 0;
}

static uint32_t
be32(const struct nlattr *a)
{
	return fits(a, 4) ? ntohl(mnl_attr_get_u32(a)) : 0;
}

static uint8_t
u8(const struct nlattr *a)
{
	return fits(a, 1) ? mnl_attr_get_u8(a) : 0;
}

static void
addr(const struct nlattr *a, union ipaddr_u *out, size_t len)
{
	if (fits(a, len))
		memcpy(out->b, mnl_attr_get_payload(a), len);
}

static void
tuple_ip(const struct nlattr *n, uint8_t family, struct tuple *t)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, n)
	{
		switch (mnl_attr_get_type(a)) {
		case CTA_IP_V4_SRC:
		case CTA_IP_V4_DST:
			if (family == 4)
				addr(a,
				     mnl_attr_get_type(a) == CTA_IP_V4_SRC
					     ? t->src
					     : t->dst,
				     4);
			break;
		case CTA_IP_V6_SRC:
		case CTA_IP_V6_DST:
			if (family == 6)
				addr(a,
				     mnl_attr_get_type(a) == CTA_IP_V6_SRC
					     ? t->src
					     : t->dst,
				     16);
			break;
		}
	}
}

static void
tuple_proto(const struct nlattr *n, struct tuple *t)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, n)
	{
		switch (mnl_attr_get_type(a)) {
		case CTA_PROTO_NUM:
			t->proto = u8(a);
			break;
		case CTA_PROTO_SRC_PORT:
			t->sport = be16(a);
			break;
		case CTA_PROTO_DST_PORT:
			t->dport = be16(a);
			break;
		case CTA_PROTO_ICMP_ID:
		case CTA_PROTO_ICMPV6_ID:
			t->icmp_id = be16(a);
			break;
		case CTA_PROTO_ICMP_TYPE:
		case CTA_PROTO_ICMPV6_TYPE:
			t->icmp_type = u8(a);
			break;
		case CTA_PROTO_ICMP_CODE:
		case CTA_PROTO_ICMPV6_CODE:
			t->icmp_code = u8(a);
			break;
		}
	}
}

static void
tuple(const struct nlattr *n, uint8_t family, struct tuple *t)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, n)
	{
		switch (mnl_attr_get_type(a)) {
		case CTA_TUPLE_IP:
			tuple_ip(a, family, t);
			break;
		case CTA_TUPLE_PROTO:
			tuple_proto(a, t);
			break;
		}
	}
}

static void
tcp_info(const struct nlattr *n, struct sch_ct *e)
{
	const struct nlattr *a, *tcp = NULL;

	mnl_attr_for_each_nested(a, n)
	{
		if (mnl_attr_get_type(a) == CTA_PROTOINFO_TCP)
			tcp = a;
	}
	if (!tcp)
		return;
	mnl_attr_for_each_nested(a, tcp)
	{
		switch (mnl_attr_get_type(a)) {
		case CTA_PROTOINFO_TCP_STATE:
			e->tcp_state = u8(a);
			break;
		case CTA_PROTOINFO_TCP_WSCALE_ORIGINAL:
			e->wscale_orig = u8(a);
			break;
		case CTA_PROTOINFO_TCP_WSCALE_REPLY:
			e->wscale_repl = u8(a);
			break;
		case CTA_PROTOINFO_TCP_FLAGS_ORIGINAL:
			e->flags_orig = u8(a);
			break;
		case CTA_PROTOINFO_TCP_FLAGS_REPLY:
			e->flags_repl = u8(a);
			break;
		}
	}
}

bool
ct_proto_has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP || proto == IPPROTO_DCCP ||
	       proto == IPPROTO_UDPLITE;
}

bool
ct_proto_is_icmp(uint8_t proto)
{
	return proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

/* The tuples' protocol fields, as ct_from_nfct() keeps them. */
static void
ports(struct sch_ct *e, const struct tuple *o, const struct tuple *r)
{
	e->proto = o->proto;
	if (ct_proto_has_ports(e->proto)) {
		e->orig_sport = o->sport;
		e->orig_dport = o->dport;
		e->repl_sport = r->sport;
		e->repl_dport = r->dport;
	} else if (ct_proto_is_icmp(e->proto)) {
		e->icmp_type = o->icmp_type;
		e->icmp_code = o->icmp_code;
		e->icmp_id = o->icmp_id;
	}
}

int
ct_parse_msg(const struct nlmsghdr *nlh, uint8_t op, struct sch_ct *e)
{
	const struct nfgenmsg *g;
	const struct nlattr *a, *info = NULL;
	struct tuple o = {0}, r = {0};
	bool have_orig = false;

	memset(e, 0, sizeof(*e));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*g)) {
		errno = EINVAL;
		return -1;
	}
	g = mnl_nlmsg_get_payload(nlh);
	if (g->nfgen_family != AF_INET && g->nfgen_family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	e->op = op;
	e->family = g->nfgen_family == AF_INET6 ? 6 : 4;
	o = (struct tuple){.src = &e->orig_src, .dst = &e->orig_dst};
	r = (struct tuple){.src = &e->repl_src, .dst = &e->repl_dst};
	mnl_attr_for_each(a, nlh, sizeof(*g)) switch (mnl_attr_get_type(a))
	{
	case CTA_TUPLE_ORIG:
		tuple(a, e->family, &o);
		have_orig = true;
		break;
	case CTA_TUPLE_REPLY:
		tuple(a, e->family, &r);
		break;
	case CTA_STATUS:
		e->status = be32(a);
		break;
	case CTA_TIMEOUT:
		e->timeout = be32(a);
		break;
	case CTA_MARK:
		e->mark = be32(a);
		break;
	case CTA_ZONE:
		e->zone = be16(a);
		break;
	case CTA_PROTOINFO:
		info = a;
		break;
	}
	if (!have_orig) {
		errno = EINVAL;
		return -1;
	}
	ports(e, &o, &r);
	if (e->proto == IPPROTO_TCP && info)
		tcp_info(info, e);
	return 0;
}
