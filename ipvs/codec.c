// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "IPVS" generic-netlink requests, built in place. Attribute layouts are
 * those of /usr/include/linux/ip_vs.h; which attributes the kernel requires
 * for each
 * command follows net/netfilter/ipvs/ip_vs_ctl.c (a service needs its
 * scheduler, flags, timeout and netmask on add and on edit; a destination
 * its method, weight and thresholds).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "ipvs/codec.h"

/* -- attributes, written in place */

static void
start_req(struct ipvs_req *r, uint16_t family, int cmd)
{
	struct genlmsghdr *g = (struct genlmsghdr *)(r->b + NLMSG_HDRLEN);

	memset(r->b, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	r->h.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	r->h.nlmsg_type = family;
	g->cmd = (uint8_t)cmd;
	g->version = IPVS_GENL_VERSION;
}

/* An attribute at the end; returns it, or NULL if it would not fit (the
 * caller's sizes make that a bug, reported as EINVAL). */
static struct nlattr *
put(struct ipvs_req *r, uint16_t type, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(r->h.nlmsg_len), total = NLA_HDRLEN + len;
	struct nlattr *a = (struct nlattr *)(r->b + at);

	if (at + NLA_ALIGN(total) > sizeof(r->b))
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)total;
	if (len)
		memcpy(r->b + at + NLA_HDRLEN, data, len);
	memset(r->b + at + total, 0, NLA_ALIGN(total) - total);
	r->h.nlmsg_len = (uint32_t)(at + NLA_ALIGN(total));
	return a;
}

static int
put_u8(struct ipvs_req *r, uint16_t type, uint8_t v)
{
	return put(r, type, &v, sizeof(v)) ? 0 : -1;
}

static int
put_u16(struct ipvs_req *r, uint16_t type, uint16_t v)
{
	return put(r, type, &v, sizeof(v)) ? 0 : -1;
}

static int
put_u32(struct ipvs_req *r, uint16_t type, uint32_t v)
{
	return put(r, type, &v, sizeof(v)) ? 0 : -1;
}

static int
put_str(struct ipvs_req *r, uint16_t type, const char *s, size_t max)
{
	return put(r, type, s, strnlen(s, max - 1) + 1) ? 0 : -1;
}

static struct nlattr *
nest_start(struct ipvs_req *r, uint16_t type)
{
	return put(r, type | NLA_F_NESTED, NULL, 0);
}

static int
nest_end(struct ipvs_req *r, struct nlattr *a)
{
	if (!a)
		return -1;
	a->nla_len = (uint16_t)(r->b + r->h.nlmsg_len - (uint8_t *)a);
	return 0;
}

/* Ends a request: a failed put means a bug in the sizes, not ENOMEM. */
static int
finish(int rc)
{
	if (rc) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* -- requests */

static int
put_svc_key(struct ipvs_req *r, const struct ipvs_svc_key *k)
{
	int rc = put_u16(r, IPVS_SVC_ATTR_AF, k->af);

	if (k->fwmark)
		return rc | put_u32(r, IPVS_SVC_ATTR_FWMARK, k->fwmark);
	rc |= put_u16(r, IPVS_SVC_ATTR_PROTOCOL, k->protocol);
	rc |= put(r, IPVS_SVC_ATTR_ADDR, &k->addr, sizeof(k->addr)) ? 0 : -1;
	rc |= put_u16(r, IPVS_SVC_ATTR_PORT, htons(k->port));
	return rc;
}

static int
put_svc_settings(struct ipvs_req *r, const struct ipvs_service *s)
{
	struct ip_vs_flags f = {.flags = s->flags & IPVS_SVC_F_USER,
				.mask = ~0u};
	int rc;

	rc = put_str(r, IPVS_SVC_ATTR_SCHED_NAME, s->sched, sizeof(s->sched));
	/* An edit without a PE name removes the engine, as intended. */
	if (s->pe[0])
		rc |= put_str(r, IPVS_SVC_ATTR_PE_NAME, s->pe, sizeof(s->pe));
	rc |= put(r, IPVS_SVC_ATTR_FLAGS, &f, sizeof(f)) ? 0 : -1;
	rc |= put_u32(r, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
	/* v4: a netmask already in network order; v6: a prefix length. The
	 * kernel reads both as raw 32 bits. */
	rc |= put_u32(r, IPVS_SVC_ATTR_NETMASK, s->netmask);
	return rc;
}

static int
put_svc(struct ipvs_req *r, const struct ipvs_service *s, bool full)
{
	struct nlattr *nest = nest_start(r, IPVS_CMD_ATTR_SERVICE);
	int rc = nest ? put_svc_key(r, &s->key) : -1;

	if (full)
		rc |= put_svc_settings(r, s);
	return rc | nest_end(r, nest);
}

static int
put_dest_settings(struct ipvs_req *r, const struct ipvs_dest *d)
{
	int rc;

	rc = put_u32(r, IPVS_DEST_ATTR_FWD_METHOD,
		     d->fwd & IP_VS_CONN_F_FWD_MASK);
	rc |= put_u32(r, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
	rc |= put_u32(r, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
	rc |= put_u32(r, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
	if (d->fwd == IPVS_FWD_TUNNEL) {
		rc |= put_u8(r, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
		rc |= put_u16(r, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
		rc |= put_u16(r, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
	}
	return rc;
}

static int
put_dest(struct ipvs_req *r, const struct ipvs_service *s,
	 const struct ipvs_dest *d, bool full)
{
	struct nlattr *nest = nest_start(r, IPVS_CMD_ATTR_DEST);
	uint16_t af = d->key.af ? d->key.af : s->key.af;
	int rc = nest ? 0 : -1;

	rc |= put(r, IPVS_DEST_ATTR_ADDR, &d->key.addr, sizeof(d->key.addr))
		      ? 0
		      : -1;
	rc |= put_u16(r, IPVS_DEST_ATTR_PORT, htons(d->key.port));
	rc |= put_u16(r, IPVS_DEST_ATTR_ADDR_FAMILY, af);
	if (full)
		rc |= put_dest_settings(r, d);
	return rc | nest_end(r, nest);
}

static const int op_cmds[] = {
	[IPVS_OP_SVC_ADD] = IPVS_CMD_NEW_SERVICE,
	[IPVS_OP_SVC_EDIT] = IPVS_CMD_SET_SERVICE,
	[IPVS_OP_SVC_DEL] = IPVS_CMD_DEL_SERVICE,
	[IPVS_OP_DEST_ADD] = IPVS_CMD_NEW_DEST,
	[IPVS_OP_DEST_EDIT] = IPVS_CMD_SET_DEST,
	[IPVS_OP_DEST_DEL] = IPVS_CMD_DEL_DEST,
};

int
ipvs_enc_op(struct ipvs_req *r, uint16_t family, const struct ipvs_op *op)
{
	bool full = op->kind != IPVS_OP_SVC_DEL && op->kind != IPVS_OP_DEST_DEL;

	if ((unsigned)op->kind > IPVS_OP_DEST_DEL || !op->svc ||
	    (ipvs_op_is_dest(op->kind) && !op->dest)) {
		errno = EINVAL;
		return -1;
	}
	start_req(r, family, op_cmds[op->kind]);
	if (!ipvs_op_is_dest(op->kind))
		return finish(put_svc(r, op->svc, full));
	return finish(put_svc(r, op->svc, false) |
		      put_dest(r, op->svc, op->dest, full));
}

int
ipvs_enc_cmd(struct ipvs_req *r, uint16_t family, int cmd)
{
	start_req(r, family, cmd);
	return 0;
}

int
ipvs_enc_get_dests(struct ipvs_req *r, uint16_t family,
		   const struct ipvs_svc_key *k)
{
	struct nlattr *nest;

	start_req(r, family, IPVS_CMD_GET_DEST);
	nest = nest_start(r, IPVS_CMD_ATTR_SERVICE);
	return finish((nest ? put_svc_key(r, k) : -1) | nest_end(r, nest));
}

int
ipvs_enc_timeouts(struct ipvs_req *r, uint16_t family,
		  const struct ipvs_timeouts *t)
{
	int rc = 0;

	start_req(r, family, IPVS_CMD_SET_CONFIG);
	/* The kernel leaves a timeout that is not sent as it is. */
	if (t->tcp)
		rc |= put_u32(r, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp);
	if (t->tcp_fin)
		rc |= put_u32(r, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin);
	if (t->udp)
		rc |= put_u32(r, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp);
	return finish(rc);
}

static int
put_daemon_opts(struct ipvs_req *r, const struct ipvs_daemon *d)
{
	int rc = 0;

	if (d->maxlen)
		rc |= put_u16(r, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen);
	if (d->port)
		rc |= put_u16(r, IPVS_DAEMON_ATTR_MCAST_PORT, d->port);
	if (d->ttl)
		rc |= put_u8(r, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl);
	if (d->group_af == AF_INET)
		rc |= put(r, IPVS_DAEMON_ATTR_MCAST_GROUP, &d->group.v4, 4)
			      ? 0
			      : -1;
	else if (d->group_af == AF_INET6)
		rc |= put(r, IPVS_DAEMON_ATTR_MCAST_GROUP6, &d->group.v6, 16)
			      ? 0
			      : -1;
	return rc;
}

int
ipvs_enc_daemon(struct ipvs_req *r, uint16_t family, int cmd,
		const struct ipvs_daemon *d)
{
	struct nlattr *nest;
	int rc;

	if (cmd != IPVS_CMD_NEW_DAEMON && cmd != IPVS_CMD_DEL_DAEMON) {
		errno = EINVAL;
		return -1;
	}
	start_req(r, family, cmd);
	nest = nest_start(r, IPVS_CMD_ATTR_DAEMON);
	rc = nest ? put_u32(r, IPVS_DAEMON_ATTR_STATE, d->state) : -1;
	if (cmd == IPVS_CMD_NEW_DAEMON) {
		rc |= put_str(r, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname,
			      sizeof(d->ifname));
		rc |= put_u32(r, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		rc |= put_daemon_opts(r, d);
	}
	return finish(rc | nest_end(r, nest));
}
