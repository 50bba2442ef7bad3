// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "IPVS" generic-netlink messages: requests built with libnl, replies
 * decoded from datagram bytes. Attribute layouts are those of
 * /usr/include/linux/ip_vs.h; which attributes the kernel requires for each
 * command follows net/netfilter/ipvs/ip_vs_ctl.c (a service needs its
 * scheduler, flags, timeout and netmask on add and on edit; a destination
 * its method, weight and thresholds).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "ipvs/codec.h"

/* Large enough for the largest request (a destination with its service
 * key is under 200 bytes). */
#define REQ_SIZE 512

static struct nl_msg *
new_req(uint16_t family, int cmd)
{
	struct nl_msg *m = nlmsg_alloc_size(REQ_SIZE);

	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	if (!genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
			 (uint8_t)cmd, IPVS_GENL_VERSION)) {
		nlmsg_free(m);
		errno = ENOMEM;
		return NULL;
	}
	return m;
}

/* Ends a request: on any failed put, frees it and returns NULL. */
static struct nl_msg *
finish(struct nl_msg *m, int rc)
{
	if (rc < 0) {
		nlmsg_free(m);
		errno = ENOMEM;
		return NULL;
	}
	return m;
}

static int
put_svc_key(struct nl_msg *m, const struct ipvs_svc_key *k)
{
	int rc = nla_put_u16(m, IPVS_SVC_ATTR_AF, k->af);

	if (k->fwmark)
		return rc | nla_put_u32(m, IPVS_SVC_ATTR_FWMARK, k->fwmark);
	rc |= nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, k->protocol);
	rc |= nla_put(m, IPVS_SVC_ATTR_ADDR, sizeof(k->addr), &k->addr);
	rc |= nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(k->port));
	return rc;
}

static int
put_svc_settings(struct nl_msg *m, const struct ipvs_service *s)
{
	struct ip_vs_flags f = { .flags = s->flags & IPVS_SVC_F_USER,
				 .mask = ~0u };
	int rc;

	rc = nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, s->sched);
	/* An edit without a PE name removes the engine, as intended. */
	if (s->pe[0])
		rc |= nla_put_string(m, IPVS_SVC_ATTR_PE_NAME, s->pe);
	rc |= nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof(f), &f);
	rc |= nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
	/* v4: a netmask already in network order; v6: a prefix length. The
	 * kernel reads both as raw 32 bits. */
	rc |= nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, s->netmask);
	return rc;
}

static int
put_svc(struct nl_msg *m, const struct ipvs_service *s, bool full)
{
	struct nlattr *nest = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
	int rc;

	if (!nest)
		return -1;
	rc = put_svc_key(m, &s->key);
	if (full)
		rc |= put_svc_settings(m, s);
	return rc | nla_nest_end(m, nest);
}

static int
put_dest(struct nl_msg *m, const struct ipvs_service *s,
	 const struct ipvs_dest *d, bool full)
{
	struct nlattr *nest = nla_nest_start(m, IPVS_CMD_ATTR_DEST);
	uint16_t af = d->key.af ? d->key.af : s->key.af;
	int rc;

	if (!nest)
		return -1;
	rc = nla_put(m, IPVS_DEST_ATTR_ADDR, sizeof(d->key.addr), &d->key.addr);
	rc |= nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(d->key.port));
	rc |= nla_put_u16(m, IPVS_DEST_ATTR_ADDR_FAMILY, af);
	if (full) {
		rc |= nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD,
				  d->fwd & IP_VS_CONN_F_FWD_MASK);
		rc |= nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		rc |= nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
		rc |= nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
	}
	if (full && d->fwd == IPVS_FWD_TUNNEL) {
		rc |= nla_put_u8(m, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
		rc |= nla_put_u16(m, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
		rc |= nla_put_u16(m, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
	}
	return rc | nla_nest_end(m, nest);
}

static const int op_cmds[] = {
	[IPVS_OP_SVC_ADD] = IPVS_CMD_NEW_SERVICE,
	[IPVS_OP_SVC_EDIT] = IPVS_CMD_SET_SERVICE,
	[IPVS_OP_SVC_DEL] = IPVS_CMD_DEL_SERVICE,
	[IPVS_OP_DEST_ADD] = IPVS_CMD_NEW_DEST,
	[IPVS_OP_DEST_EDIT] = IPVS_CMD_SET_DEST,
	[IPVS_OP_DEST_DEL] = IPVS_CMD_DEL_DEST,
};

struct nl_msg *
ipvs_enc_op(uint16_t family, const struct ipvs_op *op)
{
	bool full = op->kind != IPVS_OP_SVC_DEL && op->kind != IPVS_OP_DEST_DEL;
	struct nl_msg *m;
	int rc;

	if ((unsigned)op->kind > IPVS_OP_DEST_DEL || !op->svc ||
	    (ipvs_op_is_dest(op->kind) && !op->dest)) {
		errno = EINVAL;
		return NULL;
	}
	m = new_req(family, op_cmds[op->kind]);
	if (!m)
		return NULL;
	if (!ipvs_op_is_dest(op->kind))
		return finish(m, put_svc(m, op->svc, full));
	rc = put_svc(m, op->svc, false);
	rc |= put_dest(m, op->svc, op->dest, full);
	return finish(m, rc);
}

struct nl_msg *
ipvs_enc_cmd(uint16_t family, int cmd)
{
	return new_req(family, cmd);
}

struct nl_msg *
ipvs_enc_get_dests(uint16_t family, const struct ipvs_svc_key *k)
{
	struct nl_msg *m = new_req(family, IPVS_CMD_GET_DEST);
	struct nlattr *nest;

	if (!m)
		return NULL;
	nest = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
	if (!nest)
		return finish(m, -1);
	return finish(m, put_svc_key(m, k) | nla_nest_end(m, nest));
}

struct nl_msg *
ipvs_enc_timeouts(uint16_t family, const struct ipvs_timeouts *t)
{
	struct nl_msg *m = new_req(family, IPVS_CMD_SET_CONFIG);
	int rc = 0;

	if (!m)
		return NULL;
	/* The kernel leaves a timeout that is not sent as it is. */
	if (t->tcp)
		rc |= nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp);
	if (t->tcp_fin)
		rc |= nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin);
	if (t->udp)
		rc |= nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp);
	return finish(m, rc);
}

static int
put_daemon_opts(struct nl_msg *m, const struct ipvs_daemon *d)
{
	int rc = 0;

	if (d->maxlen)
		rc |= nla_put_u16(m, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen);
	if (d->port)
		rc |= nla_put_u16(m, IPVS_DAEMON_ATTR_MCAST_PORT, d->port);
	if (d->ttl)
		rc |= nla_put_u8(m, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl);
	if (d->group_af == AF_INET)
		rc |= nla_put(m, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, &d->group.in);
	else if (d->group_af == AF_INET6)
		rc |= nla_put(m, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16,
			      &d->group.in6);
	return rc;
}

struct nl_msg *
ipvs_enc_daemon(uint16_t family, int cmd, const struct ipvs_daemon *d)
{
	struct nl_msg *m;
	struct nlattr *nest;
	int rc;

	if (cmd != IPVS_CMD_NEW_DAEMON && cmd != IPVS_CMD_DEL_DAEMON) {
		errno = EINVAL;
		return NULL;
	}
	m = new_req(family, cmd);
	if (!m)
		return NULL;
	nest = nla_nest_start(m, IPVS_CMD_ATTR_DAEMON);
	if (!nest)
		return finish(m, -1);
	rc = nla_put_u32(m, IPVS_DAEMON_ATTR_STATE, d->state);
	if (cmd == IPVS_CMD_NEW_DAEMON) {
		char ifn[IP_VS_IFNAME_MAXLEN];

		memcpy(ifn, d->ifname, sizeof(ifn));
		ifn[sizeof(ifn) - 1] = '\0';
		rc |= nla_put_string(m, IPVS_DAEMON_ATTR_MCAST_IFN, ifn);
		rc |= nla_put_u32(m, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		rc |= put_daemon_opts(m, d);
	}
	return finish(m, rc | nla_nest_end(m, nest));
}
