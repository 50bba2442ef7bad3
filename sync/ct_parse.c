// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctnetlink attributes to the channel's entry (ct_parse.h): the same
 * fields ct_conv.c's ct_from_nfct() takes from a parsed object
 * (sync_ct_test checks both agree), read in one pass over the message.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
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

/* libmnl's attribute walk, inline: on the master's per-event path the
 * calls into the shared library cost more than the reading (perf). The
 * checks are mnl_attr_ok()'s: a header, a length that covers it and
 * stays within what is left. */
static inline bool
attr_ok(const struct nlattr *a, ptrdiff_t left)
{
	return left >= (ptrdiff_t)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       (ptrdiff_t)a->nla_len <= left;
}

static inline const struct nlattr *
attr_next(const struct nlattr *a)
{
	return (const void *)((const uint8_t *)a + NLA_ALIGN(a->nla_len));
}

static inline uint16_t
attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static inline const void *
attr_data(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

/* a over the attributes from start to end */
#define each_attr(a, start, end)                                               \
	for ((a) = (const void *)(start);                                      \
	     attr_ok((a), (const uint8_t *)(end) - (const uint8_t *)(a));      \
	     (a) = attr_next(a))
/* a over the attributes nested in n */
#define each_nested(a, n)                                                      \
	each_attr(a, attr_data(n), (const uint8_t *)(n) + (n)->nla_len)

static inline bool
fits(const struct nlattr *a, size_t n)
{
	return (size_t)(a->nla_len - NLA_HDRLEN) >= n;
}

static uint16_t
be16(const struct nlattr *a)
{
	uint16_t v = 0;

	if (fits(a, 2))
		memcpy(&v, attr_data(a), 2);
	return ntohs(v);
}

static uint32_t
be32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (fits(a, 4))
		memcpy(&v, attr_data(a), 4);
	return ntohl(v);
}

static uint8_t
u8(const struct nlattr *a)
{
	return fits(a, 1) ? *(const uint8_t *)attr_data(a) : 0;
}

static void
addr(const struct nlattr *a, union ipaddr_u *out, size_t len)
{
	if (fits(a, len))
		memcpy(out->b, attr_data(a), len);
}

static void
tuple_ip(const struct nlattr *n, uint8_t family, struct tuple *t)
{
	const struct nlattr *a;

	each_nested(a, n)
	{
		switch (attr_type(a)) {
		case CTA_IP_V4_SRC:
		case CTA_IP_V4_DST:
			if (family == 4)
				addr(a,
				     attr_type(a) == CTA_IP_V4_SRC ? t->src
								   : t->dst,
				     4);
			break;
		case CTA_IP_V6_SRC:
		case CTA_IP_V6_DST:
			if (family == 6)
				addr(a,
				     attr_type(a) == CTA_IP_V6_SRC ? t->src
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

	each_nested(a, n)
	{
		switch (attr_type(a)) {
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

	each_nested(a, n)
	{
		switch (attr_type(a)) {
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

	each_nested(a, n)
	{
		if (attr_type(a) == CTA_PROTOINFO_TCP)
			tcp = a;
	}
	if (!tcp)
		return;
	each_nested(a, tcp)
	{
		switch (attr_type(a)) {
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
	each_attr(a, (const uint8_t *)g + NLMSG_ALIGN(sizeof(*g)),
		  (const uint8_t *)nlh +
			  NLMSG_ALIGN(nlh->nlmsg_len)) switch (attr_type(a))
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

size_t
ct_parse_exist_update(const struct nlmsghdr *err, void *out, size_t room)
{
	const size_t hdr = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	const uint16_t create =
		(NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	const struct nlmsgerr *e;
	const struct nlmsghdr *req;
	const uint8_t *rb;
	struct nlmsghdr *o = out;
	size_t avail, at, len;

	if (err->nlmsg_type != NLMSG_ERROR ||
	    err->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return 0;
	e = NLMSG_DATA(err);
	if (e->error != -EEXIST)
		return 0;
	req = &e->msg;
	rb = (const uint8_t *)req;
	avail = err->nlmsg_len - NLMSG_HDRLEN - offsetof(struct nlmsgerr, msg);
	if (req->nlmsg_len < hdr || req->nlmsg_len > avail ||
	    req->nlmsg_type != create || !(req->nlmsg_flags & NLM_F_CREATE) ||
	    hdr > room)
		return 0;
	memcpy(out, req, hdr);
	o->nlmsg_flags &= (uint16_t) ~(NLM_F_CREATE | NLM_F_EXCL);
	len = hdr;
	for (at = hdr; req->nlmsg_len - at >= sizeof(struct nlattr);) {
		const struct nlattr *a = (const void *)(rb + at);
		size_t alen = a->nla_len, step = NLA_ALIGN(alen);
		uint16_t type = a->nla_type & NLA_TYPE_MASK;

		if (alen < sizeof(*a) || alen > req->nlmsg_len - at)
			return 0;
		if (type != CTA_NAT_SRC && type != CTA_NAT_DST) {
			if (step > room - len)
				return 0;
			memcpy((uint8_t *)out + len, a, alen);
			memset((uint8_t *)out + len + alen, 0, step - alen);
			len += step;
		}
		if (step >= req->nlmsg_len - at)
			break;
		at += step;
	}
	o->nlmsg_len = (uint32_t)len;
	return len;
}
