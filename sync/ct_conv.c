// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Conntrack entries between libnetfilter_conntrack and the channel, and
 * the master's filter (ct_conv.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#include "sync/ct_conv.h"
#include "sync/ct_parse.h"

static uint8_t
u8_or0(const struct nf_conntrack *ct, enum nf_conntrack_attr a)
{
	return nfct_attr_is_set(ct, a) > 0 ? nfct_get_attr_u8(ct, a) : 0;
}

static uint16_t
port(const struct nf_conntrack *ct, enum nf_conntrack_attr a)
{
	return nfct_attr_is_set(ct, a) > 0 ? ntohs(nfct_get_attr_u16(ct, a))
					   : 0;
}

static uint32_t
u32_or0(const struct nf_conntrack *ct, enum nf_conntrack_attr a)
{
	return nfct_attr_is_set(ct, a) > 0 ? nfct_get_attr_u32(ct, a) : 0;
}

static void
addrs_from(const struct nf_conntrack *ct, struct sch_ct *e)
{
	static const enum nf_conntrack_attr v4[] = {
		ATTR_IPV4_SRC, ATTR_IPV4_DST, ATTR_REPL_IPV4_SRC,
		ATTR_REPL_IPV4_DST};
	static const enum nf_conntrack_attr v6[] = {
		ATTR_IPV6_SRC, ATTR_IPV6_DST, ATTR_REPL_IPV6_SRC,
		ATTR_REPL_IPV6_DST};
	union ipaddr_u *out[] = {&e->orig_src, &e->orig_dst, &e->repl_src,
				 &e->repl_dst};

	for (int i = 0; i < 4; i++) {
		const void *p =
			nfct_get_attr(ct, e->family == 6 ? v6[i] : v4[i]);

		if (p)
			memcpy(out[i]->b, p, e->family == 6 ? 16 : 4);
	}
}

int
ct_from_nfct(const struct nf_conntrack *ct, uint8_t op, struct sch_ct *e)
{
	uint8_t l3 = nfct_get_attr_u8(ct, ATTR_L3PROTO);

	memset(e, 0, sizeof(*e));
	if (l3 != AF_INET && l3 != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	e->op = op;
	e->family = l3 == AF_INET6 ? 6 : 4;
	e->proto = nfct_get_attr_u8(ct, ATTR_L4PROTO);
	addrs_from(ct, e);
	if (ct_proto_has_ports(e->proto)) {
		e->orig_sport = port(ct, ATTR_PORT_SRC);
		e->orig_dport = port(ct, ATTR_PORT_DST);
		e->repl_sport = port(ct, ATTR_REPL_PORT_SRC);
		e->repl_dport = port(ct, ATTR_REPL_PORT_DST);
	} else if (ct_proto_is_icmp(e->proto)) {
		e->icmp_type = u8_or0(ct, ATTR_ICMP_TYPE);
		e->icmp_code = u8_or0(ct, ATTR_ICMP_CODE);
		e->icmp_id = port(ct, ATTR_ICMP_ID);
	}
	e->status = u32_or0(ct, ATTR_STATUS);
	e->timeout = u32_or0(ct, ATTR_TIMEOUT);
	e->mark = u32_or0(ct, ATTR_MARK);
	e->zone = nfct_attr_is_set(ct, ATTR_ZONE) > 0
			  ? nfct_get_attr_u16(ct, ATTR_ZONE)
			  : 0;
	if (e->proto == IPPROTO_TCP) {
		e->tcp_state = u8_or0(ct, ATTR_TCP_STATE);
		e->wscale_orig = u8_or0(ct, ATTR_TCP_WSCALE_ORIG);
		e->wscale_repl = u8_or0(ct, ATTR_TCP_WSCALE_REPL);
		e->flags_orig = u8_or0(ct, ATTR_TCP_FLAGS_ORIG);
		e->flags_repl = u8_or0(ct, ATTR_TCP_FLAGS_REPL);
	}
	return 0;
}

static void
addrs_to(const struct sch_ct *e, struct nf_conntrack *ct)
{
	if (e->family == 6) {
		nfct_set_attr_u8(ct, ATTR_L3PROTO, AF_INET6);
		nfct_set_attr_u8(ct, ATTR_REPL_L3PROTO, AF_INET6);
		nfct_set_attr(ct, ATTR_IPV6_SRC, e->orig_src.b);
		nfct_set_attr(ct, ATTR_IPV6_DST, e->orig_dst.b);
		nfct_set_attr(ct, ATTR_REPL_IPV6_SRC, e->repl_src.b);
		nfct_set_attr(ct, ATTR_REPL_IPV6_DST, e->repl_dst.b);
		return;
	}
	nfct_set_attr_u8(ct, ATTR_L3PROTO, AF_INET);
	nfct_set_attr_u8(ct, ATTR_REPL_L3PROTO, AF_INET);
	nfct_set_attr_u32(ct, ATTR_IPV4_SRC, e->orig_src.v4.s_addr);
	nfct_set_attr_u32(ct, ATTR_IPV4_DST, e->orig_dst.v4.s_addr);
	nfct_set_attr_u32(ct, ATTR_REPL_IPV4_SRC, e->repl_src.v4.s_addr);
	nfct_set_attr_u32(ct, ATTR_REPL_IPV4_DST, e->repl_dst.v4.s_addr);
}

/* The NAT the tuples imply: a DNAT maps the original destination to the
 * reply's source, a SNAT the original source to the reply's destination
 * (the kernel recomputes the reply tuple from these). */
static void
nat_to(const struct sch_ct *e, struct nf_conntrack *ct)
{
	bool v6 = e->family == 6;

	if (e->status & IPS_DST_NAT) {
		if (v6)
			nfct_set_attr(ct, ATTR_DNAT_IPV6, e->repl_src.b);
		else
			nfct_set_attr_u32(ct, ATTR_DNAT_IPV4,
					  e->repl_src.v4.s_addr);
		if (ct_proto_has_ports(e->proto) &&
		    e->repl_sport != e->orig_dport)
			nfct_set_attr_u16(ct, ATTR_DNAT_PORT,
					  htons(e->repl_sport));
	}
	if (e->status & IPS_SRC_NAT) {
		if (v6)
			nfct_set_attr(ct, ATTR_SNAT_IPV6, e->repl_dst.b);
		else
			nfct_set_attr_u32(ct, ATTR_SNAT_IPV4,
					  e->repl_dst.v4.s_addr);
		if (ct_proto_has_ports(e->proto) &&
		    e->repl_dport != e->orig_sport)
			nfct_set_attr_u16(ct, ATTR_SNAT_PORT,
					  htons(e->repl_dport));
	}
}

/* The reply tuple as it was before NAT: the original one inverted (the
 * kernel sets the NAT up only when the NAT changes the reply tuple). */
static void
unnat(const struct sch_ct *e, struct sch_ct *r)
{
	*r = *e;
	if (!(e->status & (IPS_SRC_NAT | IPS_DST_NAT)))
		return;
	r->repl_src = e->orig_dst;
	r->repl_dst = e->orig_src;
	r->repl_sport = e->orig_dport;
	r->repl_dport = e->orig_sport;
}

void
ct_to_nfct(const struct sch_ct *e, struct nf_conntrack *ct)
{
	uint8_t liberal = IP_CT_TCP_FLAG_BE_LIBERAL;
	struct sch_ct r;

	unnat(e, &r);
	addrs_to(&r, ct);
	nfct_set_attr_u8(ct, ATTR_L4PROTO, e->proto);
	nfct_set_attr_u8(ct, ATTR_REPL_L4PROTO, e->proto);
	if (ct_proto_has_ports(e->proto)) {
		nfct_set_attr_u16(ct, ATTR_PORT_SRC, htons(e->orig_sport));
		nfct_set_attr_u16(ct, ATTR_PORT_DST, htons(e->orig_dport));
		nfct_set_attr_u16(ct, ATTR_REPL_PORT_SRC, htons(r.repl_sport));
		nfct_set_attr_u16(ct, ATTR_REPL_PORT_DST, htons(r.repl_dport));
	} else if (ct_proto_is_icmp(e->proto)) {
		nfct_set_attr_u8(ct, ATTR_ICMP_TYPE, e->icmp_type);
		nfct_set_attr_u8(ct, ATTR_ICMP_CODE, e->icmp_code);
		nfct_set_attr_u16(ct, ATTR_ICMP_ID, htons(e->icmp_id));
	}
	/* the bits a new entry may take; the NAT ones come with the NAT */
	nfct_set_attr_u32(ct, ATTR_STATUS,
			  e->status & (IPS_ASSURED | IPS_SEEN_REPLY));
	nfct_set_attr_u32(ct, ATTR_TIMEOUT, e->timeout ? e->timeout : 120);
	if (e->mark)
		nfct_set_attr_u32(ct, ATTR_MARK, e->mark);
	if (e->zone)
		nfct_set_attr_u16(ct, ATTR_ZONE, e->zone);
	nat_to(e, ct);
	if (e->proto != IPPROTO_TCP)
		return;
	nfct_set_attr_u8(ct, ATTR_TCP_STATE, e->tcp_state);
	nfct_set_attr_u8(ct, ATTR_TCP_FLAGS_ORIG, e->flags_orig | liberal);
	nfct_set_attr_u8(ct, ATTR_TCP_MASK_ORIG, e->flags_orig | liberal);
	nfct_set_attr_u8(ct, ATTR_TCP_FLAGS_REPL, e->flags_repl | liberal);
	nfct_set_attr_u8(ct, ATTR_TCP_MASK_REPL, e->flags_repl | liberal);
	nfct_set_attr_u8(ct, ATTR_TCP_WSCALE_ORIG, e->wscale_orig);
	nfct_set_attr_u8(ct, ATTR_TCP_WSCALE_REPL, e->wscale_repl);
}

/* ---- the master's filter ----------------------------------------- */

int
ct_filter_add(struct ct_filter_net *set, size_t *n, const struct ipaddr *a,
	      uint8_t plen)
{
	if (*n == CT_FILTER_MAX) {
		errno = ENOSPC;
		return -1;
	}
	set[*n].a = *a;
	set[(*n)++].plen = plen;
	return 0;
}

static bool
in_net(const struct ct_filter_net *net, uint8_t family, const uint8_t *b)
{
	uint8_t fam = family == 6 ? AF_INET6 : AF_INET, bits = net->plen;

	if (net->a.family != fam)
		return false;
	for (size_t i = 0; bits; i++, bits = bits >= 8 ? bits - 8 : 0) {
		uint8_t m = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		if ((net->a.u.b[i] ^ b[i]) & m)
			return false;
	}
	return true;
}

static bool
in_set(const struct ct_filter_net *set, size_t n, uint8_t family,
       const uint8_t *b)
{
	for (size_t i = 0; i < n; i++)
		if (in_net(&set[i], family, b))
			return true;
	return false;
}

static bool
loopback(uint8_t family, const uint8_t *b)
{
	static const uint8_t v6lo[16] = {[15] = 1};

	return family == 6 ? !memcmp(b, v6lo, 16) : b[0] == 127;
}

bool
ct_filter_skip(const struct ct_filter *f, const struct sch_ct *e)
{
	const uint8_t *a[] = {e->orig_src.b, e->orig_dst.b, e->repl_src.b,
			      e->repl_dst.b};

	if (e->proto == IPPROTO_UDP && f->sync_port &&
	    (e->orig_sport == f->sync_port || e->orig_dport == f->sync_port))
		return true;
	for (int i = 0; i < 4; i++)
		if (loopback(e->family, a[i]) ||
		    in_set(f->own, f->nown, e->family, a[i]) ||
		    in_set(f->ignore, f->nignore, e->family, a[i]))
			return true;
	return false;
}
