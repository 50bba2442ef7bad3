// SPDX-License-Identifier: GPL-2.0-or-later
/* A fake IPVS kernel for unit tests; see ipvs_fake.h. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "tests/unit/ipvs_fake.h"

/* -- the answer queue */

static void
push(struct fake_kernel *fk, const void *buf, size_t len, bool flow_controlled)
{
	struct fake_dgram *d;

	if (!flow_controlled && fk->qn - fk->qhead >= fk->rcv_limit) {
		fk->overflowed = true;
		return;
	}
	if (fk->qn == fk->qcap) {
		fk->qcap = fk->qcap ? fk->qcap * 2 : 64;
		fk->q = realloc(fk->q, fk->qcap * sizeof(*fk->q));
	}
	d = &fk->q[fk->qn++];
	d->buf = malloc(len);
	memcpy(d->buf, buf, len);
	d->len = len;
	if (fk->qn - fk->qhead > fk->max_queued)
		fk->max_queued = fk->qn - fk->qhead;
}

void
fake_inject(struct fake_kernel *fk, const void *buf, size_t len)
{
	push(fk, buf, len, true);
}

static void
ack(struct fake_kernel *fk, const struct nlmsghdr *req, int err)
{
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} m = {0};

	m.h.nlmsg_len = sizeof(m);
	m.h.nlmsg_type = NLMSG_ERROR;
	m.h.nlmsg_seq = req->nlmsg_seq;
	m.e.error = -err;
	m.e.msg = *req;
	push(fk, &m, sizeof(m), false);
}

static struct nl_msg *
reply(uint32_t seq, int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc_size(2048);

	genlmsg_put(m, 0, seq, FAKE_FAMILY, 0, flags, (uint8_t)cmd, 1);
	return m;
}

/* -- requests */

struct freq {
	struct ipvs_service svc;
	struct ipvs_dest dest;
	bool has_svc, svc_full, has_dest, dest_full;
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
};

static void
parse_svc(struct nlattr *nest, struct freq *r)
{
	struct nlattr *a[IPVS_SVC_ATTR_MAX + 1];
	struct ipvs_service *s = &r->svc;

	nla_parse_nested(a, IPVS_SVC_ATTR_MAX, nest, NULL);
	r->has_svc = a[IPVS_SVC_ATTR_AF] != NULL;
	if (!r->has_svc)
		return;
	s->key.af = nla_get_u16(a[IPVS_SVC_ATTR_AF]);
	if (a[IPVS_SVC_ATTR_FWMARK])
		s->key.fwmark = nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]);
	if (!s->key.fwmark) {
		s->key.protocol = nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]);
		s->key.port = ntohs(nla_get_u16(a[IPVS_SVC_ATTR_PORT]));
		nla_memcpy(&s->key.addr, a[IPVS_SVC_ATTR_ADDR], 16);
	}
	r->svc_full = a[IPVS_SVC_ATTR_SCHED_NAME] && a[IPVS_SVC_ATTR_FLAGS] &&
		      a[IPVS_SVC_ATTR_TIMEOUT] && a[IPVS_SVC_ATTR_NETMASK];
	if (!r->svc_full)
		return;
	nla_strlcpy(s->sched, a[IPVS_SVC_ATTR_SCHED_NAME], sizeof(s->sched));
	if (a[IPVS_SVC_ATTR_PE_NAME])
		nla_strlcpy(s->pe, a[IPVS_SVC_ATTR_PE_NAME], sizeof(s->pe));
	s->flags =
		((struct ip_vs_flags *)nla_data(a[IPVS_SVC_ATTR_FLAGS]))->flags;
	s->timeout = nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]);
	s->netmask = nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]);
}

static void
parse_dest(struct nlattr *nest, struct freq *r)
{
	struct nlattr *a[IPVS_DEST_ATTR_MAX + 1];
	struct ipvs_dest *d = &r->dest;

	nla_parse_nested(a, IPVS_DEST_ATTR_MAX, nest, NULL);
	r->has_dest = a[IPVS_DEST_ATTR_ADDR] && a[IPVS_DEST_ATTR_PORT];
	if (!r->has_dest)
		return;
	nla_memcpy(&d->key.addr, a[IPVS_DEST_ATTR_ADDR], 16);
	d->key.port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_PORT]));
	d->key.af = a[IPVS_DEST_ATTR_ADDR_FAMILY]
			    ? nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY])
			    : r->svc.key.af;
	r->dest_full = a[IPVS_DEST_ATTR_FWD_METHOD] &&
		       a[IPVS_DEST_ATTR_WEIGHT] && a[IPVS_DEST_ATTR_U_THRESH] &&
		       a[IPVS_DEST_ATTR_L_THRESH];
	if (!r->dest_full)
		return;
	d->fwd = nla_get_u32(a[IPVS_DEST_ATTR_FWD_METHOD]);
	d->weight = (int32_t)nla_get_u32(a[IPVS_DEST_ATTR_WEIGHT]);
	d->u_thresh = nla_get_u32(a[IPVS_DEST_ATTR_U_THRESH]);
	d->l_thresh = nla_get_u32(a[IPVS_DEST_ATTR_L_THRESH]);
	if (a[IPVS_DEST_ATTR_TUN_TYPE])
		d->tun_type = nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]);
	if (a[IPVS_DEST_ATTR_TUN_PORT])
		d->tun_port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_TUN_PORT]));
	if (a[IPVS_DEST_ATTR_TUN_FLAGS])
		d->tun_flags = nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]);
}

static bool
sched_loaded(const struct fake_kernel *fk, const char *name)
{
	size_t n = strlen(name);
	const char *p = fk->scheds;

	while (n && (p = strstr(p, name))) {
		if ((p == fk->scheds || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

/* The fake's table is kept sorted, so it costs little next to what it
 * stands in for. */
struct ipvs_service *
fake_find_svc(struct fake_kernel *fk, const struct ipvs_svc_key *k)
{
	struct ipvs_service tmp = {.key = *k};

	ipvs_service_normalize(&tmp);
	return ipvs_table_find(&fk->t, &tmp.key);
}

static struct ipvs_dest *
find_dest(struct ipvs_service *s, const struct ipvs_dest_key *k)
{
	struct ipvs_dest tmp = {.key = *k};

	ipvs_dest_normalize(s, &tmp);
	return ipvs_service_find_dest(s, &tmp.key);
}

static int
check_svc(const struct fake_kernel *fk, const struct ipvs_service *s)
{
	if (!sched_loaded(fk, s->sched))
		return ENOENT;
	if (s->pe[0] && strcmp(s->pe, "sip"))
		return ENOENT;
	if (s->key.af == AF_INET6 && (s->netmask < 1 || s->netmask > 128))
		return EINVAL;
	return 0;
}

static int
svc_cmd(struct fake_kernel *fk, unsigned cmd, struct freq *r)
{
	struct ipvs_service *s = fake_find_svc(fk, &r->svc.key);
	int err;

	if (!r->has_svc)
		return EINVAL;
	if (cmd == IPVS_CMD_DEL_SERVICE) {
		if (!s)
			return ESRCH;
		ipvs_table_remove(&fk->t, s);
		return 0;
	}
	if (!r->svc_full)
		return EINVAL;
	if ((err = check_svc(fk, &r->svc)))
		return err;
	ipvs_service_normalize(&r->svc);
	if (cmd == IPVS_CMD_NEW_SERVICE) {
		if (s)
			return EEXIST;
		ipvs_table_insert(&fk->t, &r->svc);
		return 0;
	}
	if (!s)
		return ESRCH;
	strcpy(s->sched, r->svc.sched);
	strcpy(s->pe, r->svc.pe);
	s->flags = r->svc.flags;
	s->timeout = r->svc.timeout;
	s->netmask = r->svc.netmask;
	return 0;
}

static int
check_dest(const struct ipvs_service *s, const struct ipvs_dest *d)
{
	if (d->weight < 0 || (d->u_thresh && d->l_thresh > d->u_thresh))
		return ERANGE;
	if (d->key.af != s->key.af && d->fwd != IPVS_FWD_TUNNEL)
		return EINVAL;
	if (d->fwd == IPVS_FWD_TUNNEL &&
	    d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE && !d->tun_port)
		return EINVAL;
	return 0;
}

static int
dest_cmd(struct fake_kernel *fk, unsigned cmd, struct freq *r)
{
	struct ipvs_service *s;
	struct ipvs_dest *d;
	int err;

	if (!r->has_svc || !r->has_dest)
		return EINVAL;
	if (!(s = fake_find_svc(fk, &r->svc.key)))
		return ESRCH;
	d = find_dest(s, &r->dest.key);
	if (cmd == IPVS_CMD_DEL_DEST) {
		if (!d)
			return ENOENT;
		ipvs_service_remove_dest(s, d);
		return 0;
	}
	if (!r->dest_full)
		return EINVAL;
	ipvs_dest_normalize(s, &r->dest);
	if ((err = check_dest(s, &r->dest)))
		return err;
	if (cmd == IPVS_CMD_NEW_DEST) {
		if (d)
			return EEXIST;
		ipvs_service_insert_dest(s, &r->dest);
		return 0;
	}
	if (!d)
		return ENOENT;
	r->dest.stats = d->stats;
	r->dest.active_conns = d->active_conns;
	*d = r->dest;
	return 0;
}

/* -- replies as the kernel builds them */

static void
put_stats(struct nl_msg *m, int attr, const struct ipvs_stats *st)
{
	struct nlattr *n = nla_nest_start(m, attr);

	nla_put_u64(m, IPVS_STATS_ATTR_CONNS, st->conns);
	nla_put_u64(m, IPVS_STATS_ATTR_INPKTS, st->inpkts);
	nla_put_u64(m, IPVS_STATS_ATTR_OUTPKTS, st->outpkts);
	nla_put_u64(m, IPVS_STATS_ATTR_INBYTES, st->inbytes);
	nla_put_u64(m, IPVS_STATS_ATTR_OUTBYTES, st->outbytes);
	nla_put_u64(m, IPVS_STATS_ATTR_CPS, st->cps);
	nla_nest_end(m, n);
}

static void
put_svc(struct nl_msg *m, const struct ipvs_service *s)
{
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
	struct ip_vs_flags f = {s->flags | IP_VS_SVC_F_HASHED, ~0u};

	nla_put_u16(m, IPVS_SVC_ATTR_AF, s->key.af);
	if (s->key.fwmark) {
		nla_put_u32(m, IPVS_SVC_ATTR_FWMARK, s->key.fwmark);
	} else {
		nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, s->key.protocol);
		nla_put(m, IPVS_SVC_ATTR_ADDR, 16, &s->key.addr);
		nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(s->key.port));
	}
	nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, s->sched);
	if (s->pe[0])
		nla_put_string(m, IPVS_SVC_ATTR_PE_NAME, s->pe);
	nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof(f), &f);
	nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
	nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, s->netmask);
	put_stats(m, IPVS_SVC_ATTR_STATS64, &s->stats);
	nla_nest_end(m, n);
}

static void
put_dest(struct nl_msg *m, const struct ipvs_dest *d)
{
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DEST);

	nla_put(m, IPVS_DEST_ATTR_ADDR, 16, &d->key.addr);
	nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(d->key.port));
	nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD, d->fwd);
	nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
	nla_put_u8(m, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
	nla_put_u16(m, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
	nla_put_u16(m, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
	nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
	nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
	nla_put_u32(m, IPVS_DEST_ATTR_ACTIVE_CONNS, d->active_conns);
	nla_put_u32(m, IPVS_DEST_ATTR_INACT_CONNS, d->inact_conns);
	nla_put_u32(m, IPVS_DEST_ATTR_PERSIST_CONNS, d->persist_conns);
	nla_put_u16(m, IPVS_DEST_ATTR_ADDR_FAMILY, d->key.af);
	put_stats(m, IPVS_DEST_ATTR_STATS64, &d->stats);
	nla_nest_end(m, n);
}

static void
put_daemon(struct nl_msg *m, const struct ipvs_daemon *d)
{
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DAEMON);

	nla_put_u32(m, IPVS_DAEMON_ATTR_STATE, d->state);
	nla_put_string(m, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
	nla_put_u32(m, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
	nla_put_u16(m, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen);
	nla_put_u16(m, IPVS_DAEMON_ATTR_MCAST_PORT, d->port);
	nla_put_u8(m, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl);
	if (d->group_af == AF_INET6)
		nla_put(m, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, &d->group.v6);
	else
		nla_put(m, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, &d->group.v4);
	nla_nest_end(m, n);
}

/* The next datagram of the dump in progress: up to dump_chunk entries, or
 * its end. */
static void
dump_chunk(struct fake_kernel *fk)
{
	unsigned char buf[65536];
	size_t len = 0, n = 0;
	struct ipvs_service *s = fk->dump_cmd == IPVS_CMD_GET_DEST
					 ? fake_find_svc(fk, &fk->dump_key)
					 : NULL;

	for (;; fk->dump_pos++, n++) {
		struct nl_msg *m;
		int cmd;

		if (n == fk->dump_chunk)
			break;
		if (fk->dump_cmd == IPVS_CMD_GET_SERVICE &&
		    fk->dump_pos < fk->t.n)
			cmd = IPVS_CMD_NEW_SERVICE;
		else if (s && fk->dump_pos < s->ndests)
			cmd = IPVS_CMD_NEW_DEST;
		else if (fk->dump_cmd == IPVS_CMD_GET_DAEMON &&
			 fk->dump_pos < fk->ndaemons)
			cmd = IPVS_CMD_NEW_DAEMON;
		else
			break;
		m = reply(fk->dump_seq, cmd, NLM_F_MULTI);
		if (cmd == IPVS_CMD_NEW_SERVICE)
			put_svc(m, &fk->t.svcs[fk->dump_pos]);
		else if (cmd == IPVS_CMD_NEW_DEST)
			put_dest(m, &s->dests[fk->dump_pos]);
		else
			put_daemon(m, &fk->daemons[fk->dump_pos]);
		memcpy(buf + len, nlmsg_hdr(m),
		       NLMSG_ALIGN(nlmsg_hdr(m)->nlmsg_len));
		len += NLMSG_ALIGN(nlmsg_hdr(m)->nlmsg_len);
		nlmsg_free(m);
	}
	if (n == 0) { /* the end */
		struct {
			struct nlmsghdr h;
			int err;
		} done = {{sizeof(done), NLMSG_DONE, NLM_F_MULTI, fk->dump_seq,
			   0},
			  0};

		memcpy(buf, &done, sizeof(done));
		len = sizeof(done);
		fk->dumping = false;
	}
	push(fk, buf, len, true);
}

static void
reply_msg(struct fake_kernel *fk, struct nl_msg *m)
{
	push(fk, nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len, false);
	nlmsg_free(m);
}

static int
do_get(struct fake_kernel *fk, unsigned cmd, const struct nlmsghdr *h)
{
	struct nl_msg *m;

	if (cmd == IPVS_CMD_GET_INFO) {
		m = reply(h->nlmsg_seq, IPVS_CMD_SET_INFO, 0);
		nla_put_u32(m, IPVS_INFO_ATTR_VERSION, IP_VS_VERSION_CODE);
		nla_put_u32(m, IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096);
	} else {
		m = reply(h->nlmsg_seq, IPVS_CMD_SET_CONFIG, 0);
		nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP, fk->tmo.tcp);
		nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, fk->tmo.tcp_fin);
		nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_UDP, fk->tmo.udp);
	}
	reply_msg(fk, m);
	return 0;
}

/* What the kernel fills in when a field is not given (ip_vs_sync.c):
 * port 8848, ttl 1, group 224.0.0.81, maxlen from a 1500-byte MTU. */
static void
daemon_opts(struct ipvs_daemon *d, struct nlattr **a)
{
	d->port = a[IPVS_DAEMON_ATTR_MCAST_PORT]
			  ? nla_get_u16(a[IPVS_DAEMON_ATTR_MCAST_PORT])
			  : 8848;
	d->ttl = a[IPVS_DAEMON_ATTR_MCAST_TTL]
			 ? nla_get_u8(a[IPVS_DAEMON_ATTR_MCAST_TTL])
			 : 1;
	d->maxlen = a[IPVS_DAEMON_ATTR_SYNC_MAXLEN]
			    ? nla_get_u16(a[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
			    : 1472;
	d->group_af = AF_INET;
	d->group.v4.s_addr = htonl(0xe0000051);
	if (a[IPVS_DAEMON_ATTR_MCAST_GROUP6]) {
		d->group_af = AF_INET6;
		nla_memcpy(&d->group.v6, a[IPVS_DAEMON_ATTR_MCAST_GROUP6], 16);
	} else if (a[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		nla_memcpy(&d->group.v4, a[IPVS_DAEMON_ATTR_MCAST_GROUP], 4);
	}
}

static int
daemon_cmd(struct fake_kernel *fk, unsigned cmd, struct nlattr *nest)
{
	struct nlattr *a[IPVS_DAEMON_ATTR_MAX + 1];
	struct ipvs_daemon d = {0};

	if (!nest)
		return EINVAL;
	nla_parse_nested(a, IPVS_DAEMON_ATTR_MAX, nest, NULL);
	if (!a[IPVS_DAEMON_ATTR_STATE])
		return EINVAL;
	d.state = nla_get_u32(a[IPVS_DAEMON_ATTR_STATE]);
	for (size_t i = 0; i < fk->ndaemons; i++) {
		if (fk->daemons[i].state != d.state)
			continue;
		if (cmd == IPVS_CMD_NEW_DAEMON)
			return EEXIST;
		fk->daemons[i] = fk->daemons[--fk->ndaemons];
		return 0;
	}
	if (cmd == IPVS_CMD_DEL_DAEMON)
		return ESRCH;
	if (!a[IPVS_DAEMON_ATTR_MCAST_IFN] || !a[IPVS_DAEMON_ATTR_SYNC_ID])
		return EINVAL;
	nla_strlcpy(d.ifname, a[IPVS_DAEMON_ATTR_MCAST_IFN], sizeof(d.ifname));
	d.syncid = nla_get_u32(a[IPVS_DAEMON_ATTR_SYNC_ID]);
	daemon_opts(&d, a);
	fk->daemons[fk->ndaemons++] = d;
	return 0;
}

static int
do_cmd(struct fake_kernel *fk, unsigned cmd, struct freq *r,
       const struct nlmsghdr *h)
{
	if (fk->del_errno &&
	    (cmd == IPVS_CMD_DEL_SERVICE || cmd == IPVS_CMD_DEL_DEST))
		return fk->del_errno;
	switch (cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
	case IPVS_CMD_DEL_SERVICE:
		return svc_cmd(fk, cmd, r);
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
	case IPVS_CMD_DEL_DEST:
		return dest_cmd(fk, cmd, r);
	case IPVS_CMD_GET_INFO:
	case IPVS_CMD_GET_CONFIG:
		return do_get(fk, cmd, h);
	case IPVS_CMD_SET_CONFIG:
		if (r->tb[IPVS_CMD_ATTR_TIMEOUT_TCP])
			fk->tmo.tcp =
				nla_get_u32(r->tb[IPVS_CMD_ATTR_TIMEOUT_TCP]);
		if (r->tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN])
			fk->tmo.tcp_fin = nla_get_u32(
				r->tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
		if (r->tb[IPVS_CMD_ATTR_TIMEOUT_UDP])
			fk->tmo.udp =
				nla_get_u32(r->tb[IPVS_CMD_ATTR_TIMEOUT_UDP]);
		return 0;
	case IPVS_CMD_FLUSH:
		ipvs_table_free(&fk->t);
		return 0;
	case IPVS_CMD_NEW_DAEMON:
	case IPVS_CMD_DEL_DAEMON:
		return daemon_cmd(fk, cmd, r->tb[IPVS_CMD_ATTR_DAEMON]);
	default:
		return EOPNOTSUPP;
	}
}

static void
handle(struct fake_kernel *fk, struct nlmsghdr *h)
{
	struct freq r = {0};
	unsigned cmd;
	int err;

	fk->requests++;
	if (h->nlmsg_type != FAKE_FAMILY ||
	    h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		ack(fk, h, EINVAL);
		return;
	}
	cmd = ((struct genlmsghdr *)nlmsg_data(h))->cmd;
	genlmsg_parse(h, 0, r.tb, IPVS_CMD_ATTR_MAX, NULL);
	if (r.tb[IPVS_CMD_ATTR_SERVICE])
		parse_svc(r.tb[IPVS_CMD_ATTR_SERVICE], &r);
	if (r.tb[IPVS_CMD_ATTR_DEST])
		parse_dest(r.tb[IPVS_CMD_ATTR_DEST], &r);
	if (h->nlmsg_flags & NLM_F_DUMP) {
		if (fk->dumping) {
			ack(fk, h, EBUSY);
			return;
		}
		fk->dumping = true;
		fk->dump_cmd = cmd;
		fk->dump_seq = h->nlmsg_seq;
		fk->dump_key = r.svc.key;
		fk->dump_pos = 0;
		dump_chunk(fk);
		return;
	}
	err = do_cmd(fk, cmd, &r, h);
	if (err || (h->nlmsg_flags & NLM_F_ACK))
		ack(fk, h, err);
}

/* -- the transport */

static ssize_t
fk_send(void *ctx, const void *buf, size_t len)
{
	struct fake_kernel *fk = ctx;
	size_t left = len, n = 0;
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	fk->sends++;
	if (fk->send_errno) {
		errno = fk->send_errno;
		fk->send_errno = 0;
		return -1;
	}
	for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left), n++)
		handle(fk, h);
	if (n > fk->max_batch)
		fk->max_batch = n;
	return (ssize_t)len;
}

static int
fk_recv(void *ctx, struct mmsghdr *msgs, unsigned n)
{
	struct fake_kernel *fk = ctx;
	unsigned i;

	if (fk->overflowed) {
		fk->overflowed = false;
		errno = ENOBUFS;
		return -1;
	}
	for (i = 0; i < n && fk->qhead < fk->qn; i++) {
		struct fake_dgram *d = &fk->q[fk->qhead++];
		struct msghdr *mh = &msgs[i].msg_hdr;
		size_t cap = mh->msg_iov[0].iov_len;
		struct sockaddr_nl from = {.nl_family = AF_NETLINK};

		memcpy(mh->msg_iov[0].iov_base, d->buf,
		       d->len < cap ? d->len : cap);
		msgs[i].msg_len = (unsigned)(d->len < cap ? d->len : cap);
		mh->msg_flags =
			d->len > cap || fk->truncate_next ? MSG_TRUNC : 0;
		fk->truncate_next = false;
		memcpy(mh->msg_name, &from, sizeof(from));
		mh->msg_namelen = sizeof(from);
		free(d->buf);
		if (fk->dumping && fk->qhead == fk->qn)
			dump_chunk(fk);
	}
	if (fk->qhead == fk->qn)
		fk->qhead = fk->qn = 0;
	return (int)i;
}

static void
drop_queue(struct fake_kernel *fk)
{
	while (fk->qhead < fk->qn)
		free(fk->q[fk->qhead++].buf);
	fk->qhead = fk->qn = 0;
}

static int
fk_reset(void *ctx)
{
	struct fake_kernel *fk = ctx;

	fk->resets++;
	drop_queue(fk);
	fk->dumping = false;
	fk->overflowed = false;
	return fk->efd;
}

static int
fk_fd(void *ctx)
{
	return ((struct fake_kernel *)ctx)->efd;
}

static void
fk_free(void *ctx)
{
	struct fake_kernel *fk = ctx;

	drop_queue(fk);
	free(fk->q);
	ipvs_table_free(&fk->t);
	close(fk->efd);
	free(fk);
}

static const struct ipvs_nl_io fake_io = {
	.send = fk_send,
	.recv = fk_recv,
	.reset = fk_reset,
	.fd = fk_fd,
	.free = fk_free,
};

struct fake_kernel *
fake_new(void)
{
	struct fake_kernel *fk = calloc(1, sizeof(*fk));

	fk->scheds = "rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf";
	fk->rcv_limit = 100000;
	fk->dump_chunk = 3;
	fk->tmo = (struct ipvs_timeouts){900, 120, 300};
	/* always readable: the client finds out by reading */
	fk->efd = eventfd(1, EFD_CLOEXEC);
	return fk;
}

struct ipvs_nl *
fake_open(struct fake_kernel *fk, size_t window)
{
	return ipvs_nl_open_io(&fake_io, fk, FAKE_FAMILY, window);
}
