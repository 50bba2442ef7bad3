// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding the kernel's replies: one netlink message at a time, every
 * length checked before a read, attributes validated by libnl against a
 * policy, and integer payloads copied out with memcpy (attributes are only
 * 4-byte aligned). A message that is framed but malformed is reported as
 * IPVS_MSG_INVALID so its request can fail; a framing error stops the
 * datagram.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>

#include "ipvs/codec.h"

/* Largest errno the kernel returns; anything else in an error field is
 * malformed. */
#define MAX_ERRNO 4095

static const struct nla_policy cmd_policy[IPVS_CMD_ATTR_MAX + 1] = {
	[IPVS_CMD_ATTR_SERVICE] = {.type = NLA_NESTED},
	[IPVS_CMD_ATTR_DEST] = {.type = NLA_NESTED},
	[IPVS_CMD_ATTR_DAEMON] = {.type = NLA_NESTED},
	[IPVS_CMD_ATTR_TIMEOUT_TCP] = {.type = NLA_U32},
	[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN] = {.type = NLA_U32},
	[IPVS_CMD_ATTR_TIMEOUT_UDP] = {.type = NLA_U32},
};

static const struct nla_policy info_policy[IPVS_INFO_ATTR_MAX + 1] = {
	[IPVS_INFO_ATTR_VERSION] = {.type = NLA_U32},
	[IPVS_INFO_ATTR_CONN_TAB_SIZE] = {.type = NLA_U32},
};

static const struct nla_policy svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF] = {.type = NLA_U16},
	[IPVS_SVC_ATTR_PROTOCOL] = {.type = NLA_U16},
	[IPVS_SVC_ATTR_ADDR] = {.minlen = 4, .maxlen = 16},
	[IPVS_SVC_ATTR_PORT] = {.type = NLA_U16},
	[IPVS_SVC_ATTR_FWMARK] = {.type = NLA_U32},
	[IPVS_SVC_ATTR_SCHED_NAME] = {.type = NLA_STRING,
				      .maxlen = IP_VS_SCHEDNAME_MAXLEN},
	[IPVS_SVC_ATTR_PE_NAME] = {.type = NLA_STRING,
				   .maxlen = IP_VS_PENAME_MAXLEN},
	[IPVS_SVC_ATTR_FLAGS] = {.minlen = sizeof(struct ip_vs_flags)},
	[IPVS_SVC_ATTR_TIMEOUT] = {.type = NLA_U32},
	[IPVS_SVC_ATTR_NETMASK] = {.type = NLA_U32},
	[IPVS_SVC_ATTR_STATS] = {.type = NLA_NESTED},
	[IPVS_SVC_ATTR_STATS64] = {.type = NLA_NESTED},
};

static const struct nla_policy dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR] = {.minlen = 4, .maxlen = 16},
	[IPVS_DEST_ATTR_PORT] = {.type = NLA_U16},
	[IPVS_DEST_ATTR_FWD_METHOD] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_WEIGHT] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_U_THRESH] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_L_THRESH] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_ACTIVE_CONNS] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_INACT_CONNS] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_PERSIST_CONNS] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_STATS] = {.type = NLA_NESTED},
	[IPVS_DEST_ATTR_ADDR_FAMILY] = {.type = NLA_U16},
	[IPVS_DEST_ATTR_STATS64] = {.type = NLA_NESTED},
	[IPVS_DEST_ATTR_TUN_TYPE] = {.type = NLA_U8},
	[IPVS_DEST_ATTR_TUN_PORT] = {.type = NLA_U16},
	[IPVS_DEST_ATTR_TUN_FLAGS] = {.type = NLA_U16},
};

static const struct nla_policy daemon_policy[IPVS_DAEMON_ATTR_MAX + 1] = {
	[IPVS_DAEMON_ATTR_STATE] = {.type = NLA_U32},
	[IPVS_DAEMON_ATTR_MCAST_IFN] = {.type = NLA_STRING,
					.maxlen = IP_VS_IFNAME_MAXLEN},
	[IPVS_DAEMON_ATTR_SYNC_ID] = {.type = NLA_U32},
	[IPVS_DAEMON_ATTR_SYNC_MAXLEN] = {.type = NLA_U16},
	[IPVS_DAEMON_ATTR_MCAST_GROUP] = {.minlen = 4},
	[IPVS_DAEMON_ATTR_MCAST_GROUP6] = {.minlen = 16},
	[IPVS_DAEMON_ATTR_MCAST_PORT] = {.type = NLA_U16},
	[IPVS_DAEMON_ATTR_MCAST_TTL] = {.type = NLA_U8},
};

/* Stats attributes are u32 or u64 depending on the nest (STATS has some of
 * each, STATS64 all u64), so they are read by their length. */
static const struct nla_policy stats_policy[IPVS_STATS_ATTR_MAX + 1] = {
	[IPVS_STATS_ATTR_CONNS] = {.minlen = 4},
	[IPVS_STATS_ATTR_INPKTS] = {.minlen = 4},
	[IPVS_STATS_ATTR_OUTPKTS] = {.minlen = 4},
	[IPVS_STATS_ATTR_INBYTES] = {.minlen = 4},
	[IPVS_STATS_ATTR_OUTBYTES] = {.minlen = 4},
	[IPVS_STATS_ATTR_CPS] = {.minlen = 4},
	[IPVS_STATS_ATTR_INPPS] = {.minlen = 4},
	[IPVS_STATS_ATTR_OUTPPS] = {.minlen = 4},
	[IPVS_STATS_ATTR_INBPS] = {.minlen = 4},
	[IPVS_STATS_ATTR_OUTBPS] = {.minlen = 4},
};

static uint32_t
get32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

static uint16_t
get16(const struct nlattr *a)
{
	uint16_t v = 0;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

static uint64_t
get_num(const struct nlattr *a)
{
	uint64_t v = 0;

	if (!a)
		return 0;
	if (nla_len(a) >= 8)
		memcpy(&v, nla_data(a), 8);
	else
		v = get32(a);
	return v;
}

static void
get_str(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = (size_t)nla_len(a);

	if (n >= size)
		n = size - 1;
	memcpy(dst, nla_data(a), n);
	dst[n] = '\0';
}

/* An address attribute holds at least 4 bytes for AF_INET and 16 for
 * AF_INET6 (the kernel sends 16 for both); af 0 is a family not known
 * yet, whose tail is trimmed when the entry is normalized. */
static int
get_addr(union ipaddr_u *dst, int af, const struct nlattr *a)
{
	size_t need = af == AF_INET6 ? 16 : 4, n;

	if (!a || (size_t)nla_len(a) < need)
		return -1;
	n = (size_t)nla_len(a) < sizeof(*dst) ? (size_t)nla_len(a)
					      : sizeof(*dst);
	memset(dst, 0, sizeof(*dst));
	memcpy(dst, nla_data(a), af == AF_INET ? 4 : n);
	return 0;
}

static int
parse_nest(struct nlattr **tb, int max, const struct nlattr *nest,
	   const struct nla_policy *pol)
{
	return nla_parse_nested(tb, max, (struct nlattr *)nest, pol) < 0 ? -1
									 : 0;
}

static int
decode_stats(struct ipvs_stats *st, const struct nlattr *nest)
{
	struct nlattr *tb[IPVS_STATS_ATTR_MAX + 1];

	if (parse_nest(tb, IPVS_STATS_ATTR_MAX, nest, stats_policy))
		return -1;
	st->conns = get_num(tb[IPVS_STATS_ATTR_CONNS]);
	st->inpkts = get_num(tb[IPVS_STATS_ATTR_INPKTS]);
	st->outpkts = get_num(tb[IPVS_STATS_ATTR_OUTPKTS]);
	st->inbytes = get_num(tb[IPVS_STATS_ATTR_INBYTES]);
	st->outbytes = get_num(tb[IPVS_STATS_ATTR_OUTBYTES]);
	st->cps = get_num(tb[IPVS_STATS_ATTR_CPS]);
	st->inpps = get_num(tb[IPVS_STATS_ATTR_INPPS]);
	st->outpps = get_num(tb[IPVS_STATS_ATTR_OUTPPS]);
	st->inbps = get_num(tb[IPVS_STATS_ATTR_INBPS]);
	st->outbps = get_num(tb[IPVS_STATS_ATTR_OUTBPS]);
	return 0;
}

/* Prefer the 64-bit counters; kernels before 4.1 only have the others. */
static int
decode_either_stats(struct ipvs_stats *st, const struct nlattr *s64,
		    const struct nlattr *s32)
{
	if (s64)
		return decode_stats(st, s64);
	if (s32)
		return decode_stats(st, s32);
	return 0;
}

static bool
valid_af(int af)
{
	return af == AF_INET || af == AF_INET6;
}

static int
decode_svc_key(struct ipvs_svc_key *k, struct nlattr **tb)
{
	if (!tb[IPVS_SVC_ATTR_AF])
		return -1;
	k->af = get16(tb[IPVS_SVC_ATTR_AF]);
	if (!valid_af(k->af))
		return -1;
	if (tb[IPVS_SVC_ATTR_FWMARK] && get32(tb[IPVS_SVC_ATTR_FWMARK])) {
		k->fwmark = get32(tb[IPVS_SVC_ATTR_FWMARK]);
		return 0;
	}
	if (!tb[IPVS_SVC_ATTR_PROTOCOL] || !tb[IPVS_SVC_ATTR_PORT])
		return -1;
	k->protocol = get16(tb[IPVS_SVC_ATTR_PROTOCOL]);
	k->port = ntohs(get16(tb[IPVS_SVC_ATTR_PORT]));
	return get_addr(&k->addr, k->af, tb[IPVS_SVC_ATTR_ADDR]);
}

static int
decode_svc(struct ipvs_service *s, const struct nlattr *nest)
{
	struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];
	struct ip_vs_flags f;

	if (parse_nest(tb, IPVS_SVC_ATTR_MAX, nest, svc_policy) ||
	    decode_svc_key(&s->key, tb))
		return -1;
	if (!tb[IPVS_SVC_ATTR_SCHED_NAME] || !tb[IPVS_SVC_ATTR_FLAGS] ||
	    !tb[IPVS_SVC_ATTR_TIMEOUT] || !tb[IPVS_SVC_ATTR_NETMASK])
		return -1;
	get_str(s->sched, sizeof(s->sched), tb[IPVS_SVC_ATTR_SCHED_NAME]);
	if (tb[IPVS_SVC_ATTR_PE_NAME])
		get_str(s->pe, sizeof(s->pe), tb[IPVS_SVC_ATTR_PE_NAME]);
	memcpy(&f, nla_data(tb[IPVS_SVC_ATTR_FLAGS]), sizeof(f));
	s->flags = f.flags;
	s->timeout = get32(tb[IPVS_SVC_ATTR_TIMEOUT]);
	s->netmask = get32(tb[IPVS_SVC_ATTR_NETMASK]);
	return decode_either_stats(&s->stats, tb[IPVS_SVC_ATTR_STATS64],
				   tb[IPVS_SVC_ATTR_STATS]);
}

static uint32_t
opt32(struct nlattr **tb, int attr)
{
	return tb[attr] ? get32(tb[attr]) : 0;
}

static int
decode_dest(struct ipvs_dest *d, const struct nlattr *nest)
{
	struct nlattr *tb[IPVS_DEST_ATTR_MAX + 1];

	if (parse_nest(tb, IPVS_DEST_ATTR_MAX, nest, dest_policy))
		return -1;
	if (!tb[IPVS_DEST_ATTR_PORT] || !tb[IPVS_DEST_ATTR_FWD_METHOD] ||
	    !tb[IPVS_DEST_ATTR_WEIGHT])
		return -1;
	/* Kernels before 4.2 send no family: the service's (0 here). */
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY]) {
		d->key.af = get16(tb[IPVS_DEST_ATTR_ADDR_FAMILY]);
		if (!valid_af(d->key.af))
			return -1;
	}
	if (get_addr(&d->key.addr, d->key.af, tb[IPVS_DEST_ATTR_ADDR]))
		return -1;
	d->key.port = ntohs(get16(tb[IPVS_DEST_ATTR_PORT]));
	d->fwd = get32(tb[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	d->weight = (int32_t)get32(tb[IPVS_DEST_ATTR_WEIGHT]);
	d->u_thresh = opt32(tb, IPVS_DEST_ATTR_U_THRESH);
	d->l_thresh = opt32(tb, IPVS_DEST_ATTR_L_THRESH);
	d->active_conns = opt32(tb, IPVS_DEST_ATTR_ACTIVE_CONNS);
	d->inact_conns = opt32(tb, IPVS_DEST_ATTR_INACT_CONNS);
	d->persist_conns = opt32(tb, IPVS_DEST_ATTR_PERSIST_CONNS);
	if (tb[IPVS_DEST_ATTR_TUN_TYPE])
		d->tun_type =
			*(const uint8_t *)nla_data(tb[IPVS_DEST_ATTR_TUN_TYPE]);
	if (tb[IPVS_DEST_ATTR_TUN_PORT])
		d->tun_port = ntohs(get16(tb[IPVS_DEST_ATTR_TUN_PORT]));
	if (tb[IPVS_DEST_ATTR_TUN_FLAGS])
		d->tun_flags = get16(tb[IPVS_DEST_ATTR_TUN_FLAGS]);
	return decode_either_stats(&d->stats, tb[IPVS_DEST_ATTR_STATS64],
				   tb[IPVS_DEST_ATTR_STATS]);
}

static int
decode_daemon(struct ipvs_daemon *d, const struct nlattr *nest)
{
	struct nlattr *tb[IPVS_DAEMON_ATTR_MAX + 1];

	if (parse_nest(tb, IPVS_DAEMON_ATTR_MAX, nest, daemon_policy))
		return -1;
	if (!tb[IPVS_DAEMON_ATTR_STATE] || !tb[IPVS_DAEMON_ATTR_MCAST_IFN] ||
	    !tb[IPVS_DAEMON_ATTR_SYNC_ID])
		return -1;
	d->state = get32(tb[IPVS_DAEMON_ATTR_STATE]);
	get_str(d->ifname, sizeof(d->ifname), tb[IPVS_DAEMON_ATTR_MCAST_IFN]);
	d->syncid = get32(tb[IPVS_DAEMON_ATTR_SYNC_ID]);
	if (tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
		d->maxlen = get16(tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if (tb[IPVS_DAEMON_ATTR_MCAST_PORT])
		d->port = get16(tb[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (tb[IPVS_DAEMON_ATTR_MCAST_TTL])
		d->ttl = *(const uint8_t *)nla_data(
			tb[IPVS_DAEMON_ATTR_MCAST_TTL]);
	if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP6]) {
		d->group_af = AF_INET6;
		get_addr(&d->group, AF_INET6,
			 tb[IPVS_DAEMON_ATTR_MCAST_GROUP6]);
	} else if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		d->group_af = AF_INET;
		get_addr(&d->group, AF_INET, tb[IPVS_DAEMON_ATTR_MCAST_GROUP]);
	}
	return 0;
}

/* Attributes of a generic-netlink message, after its genlmsghdr. */
static int
parse_genl(struct nlattr **tb, int max, const struct nlmsghdr *h,
	   const struct nla_policy *pol)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(GENL_HDRLEN);

	if (h->nlmsg_len < off)
		return -1;
	return nla_parse(tb, max, (struct nlattr *)((char *)h + off),
			 (int)(h->nlmsg_len - off), pol) < 0
		       ? -1
		       : 0;
}

static int
decode_cmd(const struct nlmsghdr *h, int cmd, struct ipvs_msg *m)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];

	if (parse_genl(tb, IPVS_CMD_ATTR_MAX, h, cmd_policy))
		return -1;
	switch (cmd) {
	case IPVS_CMD_NEW_SERVICE:
		m->kind = IPVS_MSG_SERVICE;
		return tb[IPVS_CMD_ATTR_SERVICE]
			       ? decode_svc(&m->svc, tb[IPVS_CMD_ATTR_SERVICE])
			       : -1;
	case IPVS_CMD_NEW_DEST:
		m->kind = IPVS_MSG_DEST;
		return tb[IPVS_CMD_ATTR_DEST]
			       ? decode_dest(&m->dest, tb[IPVS_CMD_ATTR_DEST])
			       : -1;
	case IPVS_CMD_NEW_DAEMON:
		m->kind = IPVS_MSG_DAEMON;
		return tb[IPVS_CMD_ATTR_DAEMON]
			       ? decode_daemon(&m->daemon,
					       tb[IPVS_CMD_ATTR_DAEMON])
			       : -1;
	case IPVS_CMD_SET_CONFIG:
		m->kind = IPVS_MSG_CONFIG;
		m->timeouts.tcp = opt32(tb, IPVS_CMD_ATTR_TIMEOUT_TCP);
		m->timeouts.tcp_fin = opt32(tb, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN);
		m->timeouts.udp = opt32(tb, IPVS_CMD_ATTR_TIMEOUT_UDP);
		return 0;
	default:
		return -1;
	}
}

static int
decode_genl(const struct nlmsghdr *h, struct ipvs_msg *m)
{
	struct nlattr *tb[IPVS_INFO_ATTR_MAX + 1];
	const struct genlmsghdr *g;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -1;
	g = (const struct genlmsghdr *)((const char *)h + NLMSG_HDRLEN);
	if (g->cmd != IPVS_CMD_SET_INFO)
		return decode_cmd(h, g->cmd, m);
	if (parse_genl(tb, IPVS_INFO_ATTR_MAX, h, info_policy) ||
	    !tb[IPVS_INFO_ATTR_VERSION])
		return -1;
	m->kind = IPVS_MSG_INFO;
	m->info.version = get32(tb[IPVS_INFO_ATTR_VERSION]);
	m->info.conn_tab_size = opt32(tb, IPVS_INFO_ATTR_CONN_TAB_SIZE);
	return 0;
}

/* The int after the header of NLMSG_ERROR and NLMSG_DONE: 0 or -errno. */
static int
decode_status(const struct nlmsghdr *h, struct ipvs_msg *m, bool required)
{
	int v;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(v))
		return required ? -1 : 0;
	memcpy(&v, (const char *)h + NLMSG_HDRLEN, sizeof(v));
	if (v > 0 || v < -MAX_ERRNO)
		return -1;
	m->error = -v;
	return 0;
}

ssize_t
ipvs_msg_decode(const void *buf, size_t len, uint16_t family,
		struct ipvs_msg *m)
{
	const struct nlmsghdr *h = buf;
	size_t span;
	bool last;
	int rc;

	memset(m, 0, sizeof(*m));
	if (len < sizeof(*h) || h->nlmsg_len < sizeof(*h) ||
	    h->nlmsg_len > len) {
		errno = EBADMSG;
		return -1;
	}
	span = NLMSG_ALIGN(h->nlmsg_len);
	if (span > len)
		span = len;
	m->seq = h->nlmsg_seq;
	m->nlflags = h->nlmsg_flags;
	last = h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE;
	if (h->nlmsg_type == NLMSG_ERROR) {
		m->kind = IPVS_MSG_ACK;
		rc = decode_status(h, m, true);
	} else if (h->nlmsg_type == NLMSG_DONE) {
		m->kind = IPVS_MSG_DONE;
		rc = decode_status(h, m, false);
	} else if (h->nlmsg_type < NLMSG_MIN_TYPE) {
		m->kind = IPVS_MSG_NOOP;
		rc = 0;
	} else {
		rc = h->nlmsg_type == family ? decode_genl(h, m) : -1;
	}
	if (rc) {
		uint32_t seq = m->seq;

		memset(m, 0, sizeof(*m));
		m->kind = IPVS_MSG_INVALID;
		m->seq = seq;
		m->error = EBADMSG;
	}
	m->last = last;
	return (ssize_t)span;
}
