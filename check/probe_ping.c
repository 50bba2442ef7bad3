// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PING_CHECK: an ICMP or ICMPv6 echo request per run. All targets share ONE
 * raw socket per address family (and fwmark): a run takes a free sequence
 * number, and a reply is matched by identifier, sequence and source
 * address, so thousands of targets cost two descriptors and one watcher.
 * bindto and bind_if travel with each packet (IP_PKTINFO). An ICMP error
 * quoting our request (host unreachable) fails the run at once.
 */
#include "config.h"

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/icmp.h>

#include "check/icmp.h"
#include "check/net.h"
#include "check/probe.h"

#define PING_SEQS 65536
#define PING_RX_BATCH 64

struct ping_probe;

struct ping_sock {
	struct probe_env *env;
	int family;
	uint32_t fwmark;
	int fd;
	struct ev_io io;
	uint16_t id;
	uint16_t next_seq;
	struct ping_probe **pending; /* by sequence number */
	uint64_t rx_other;	     /* replies not ours / not matching */
	struct ping_sock *next;
};

struct ping_shared {
	struct ping_sock *socks;
};

struct ping_probe {
	struct probe *p;
	struct ping_sock *sock; /* set while a request is outstanding */
	uint16_t seq;
	struct chk_addr dst;
};

static void
ping_done(struct ping_probe *pp, const struct chk_result *r)
{
	pp->sock->pending[pp->seq] = NULL;
	pp->sock = NULL;
	pp->p->report(pp->p, r);
}

static void
handle(struct ping_sock *s, const struct icmp_msg *m)
{
	struct ping_probe *pp = s->pending[m->seq];
	struct chk_result r = {0};

	if (m->id != s->id || !pp ||
	    !chk_addr_equal(&m->addr, &pp->dst, false)) {
		s->rx_other++;
		return;
	}
	if (m->kind != ICMP_K_REPLY) {
		chk_result_set(&r, CHK_R_UNREACHABLE, m->code);
		snprintf(r.detail, sizeof(r.detail), "icmp type %u code %u",
			 m->type, m->code);
	}
	ping_done(pp, &r);
}

static void
on_readable(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct ping_sock *s = arg;

	(void)loop;
	(void)io;
	(void)revents;
	for (int i = 0; i < PING_RX_BATCH; i++) {
		uint8_t buf[1500];
		struct chk_addr from;
		socklen_t flen = sizeof(from.u);
		struct icmp_msg m;
		ssize_t n;

		memset(&from, 0, sizeof(from));
		n = recvfrom(s->fd, buf, sizeof(buf), 0, &from.u.sa, &flen);
		if (n < 0)
			return; /* EAGAIN, or an error the next read reports */
		if (icmp_decode(s->family, buf, (size_t)n, &from, &m) == 0)
			handle(s, &m);
	}
}

static void
set_filter(int fd, int family)
{
	if (family == AF_INET) {
		struct icmp_filter f = {
			.data = ~((1u << ICMP_ECHOREPLY) |
				  (1u << ICMP_DEST_UNREACH) |
				  (1u << ICMP_TIME_EXCEEDED)),
		};

		setsockopt(fd, SOL_RAW, ICMP_FILTER, &f, sizeof(f));
	} else {
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &f);
		ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
}

static int
open_sock(struct ping_sock *s)
{
	int proto = s->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	int rcvbuf = 1 << 20;

	s->fd = socket(s->family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       proto);
	if (s->fd < 0)
		return -1;
	set_filter(s->fd, s->family);
	if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	if ((s->fwmark && setsockopt(s->fd, SOL_SOCKET, SO_MARK, &s->fwmark,
				     sizeof(s->fwmark)) < 0) ||
	    ev_io_start(s->env->loop, &s->io, s->fd, EV_READ) < 0) {
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	return 0;
}

static struct ping_sock *
get_sock(struct probe_env *env, int family, uint32_t fwmark,
	 struct chk_result *r)
{
	struct ping_shared *sh = env->shared[CHK_PING];
	struct ping_sock *s;

	if (!sh && !(sh = env->shared[CHK_PING] = calloc(1, sizeof(*sh))))
		goto fail;
	for (s = sh->socks; s; s = s->next)
		if (s->family == family && s->fwmark == fwmark)
			return s;
	if (!(s = calloc(1, sizeof(*s))) ||
	    !(s->pending = calloc(PING_SEQS, sizeof(*s->pending))))
		goto fail_free;
	s->env = env;
	s->family = family;
	s->fwmark = fwmark;
	s->id = (uint16_t)probe_rand(env);
	ev_io_init(&s->io, on_readable, s);
	if (open_sock(s) < 0)
		goto fail_free;
	s->next = sh->socks;
	sh->socks = s;
	return s;
fail_free:
	if (s)
		free(s->pending);
	free(s);
fail:
	chk_result_set(r, CHK_R_LOCAL, errno);
	snprintf(r->detail, sizeof(r->detail), "raw socket: %s",
		 strerror(errno));
	return NULL;
}

static size_t
put_cmsg(void *cbuf, size_t cap, int level, int type, const void *data,
	 size_t len)
{
	struct msghdr mh = {.msg_control = cbuf, .msg_controllen = cap};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	memset(cbuf, 0, cap);
	cm->cmsg_level = level;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(cm), data, len);
	return CMSG_SPACE(len);
}

/* Source address and interface for this one packet. */
static size_t
pktinfo(const struct chk_target *t, int family, void *cbuf, size_t cap)
{
	unsigned ifindex = t->bind_if[0] ? if_nametoindex(t->bind_if) : 0;
	struct in_pktinfo pi = {.ipi_ifindex = (int)ifindex};
	struct in6_pktinfo pi6 = {.ipi6_ifindex = ifindex};

	if (!chk_addr_isset(&t->bindto) && !ifindex)
		return 0;
	if (family == AF_INET) {
		pi.ipi_spec_dst = t->bindto.u.sin.sin_addr;
		return put_cmsg(cbuf, cap, IPPROTO_IP, IP_PKTINFO, &pi,
				sizeof(pi));
	}
	if (chk_addr_isset(&t->bindto))
		pi6.ipi6_addr = t->bindto.u.sin6.sin6_addr;
	return put_cmsg(cbuf, cap, IPPROTO_IPV6, IPV6_PKTINFO, &pi6,
			sizeof(pi6));
}

static int
take_seq(struct ping_sock *s, uint16_t *seq)
{
	for (unsigned i = 0; i < PING_SEQS; i++) {
		uint16_t q = s->next_seq++;

		if (!s->pending[q]) {
			*seq = q;
			return 0;
		}
	}
	return -1;
}

static int
send_echo(struct ping_probe *pp, struct ping_sock *s, struct chk_result *r)
{
	const struct chk_target *t = &pp->p->conf->target;
	uint8_t pkt[ICMP_ECHO_LEN];
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct iovec iov = {.iov_base = pkt, .iov_len = sizeof(pkt)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};

	if (take_seq(s, &pp->seq) < 0) {
		chk_result_set(r, CHK_R_LOCAL, EBUSY);
		snprintf(r->detail, sizeof(r->detail), "no free sequence");
		return -1;
	}
	icmp_build_echo(s->family, pkt, sizeof(pkt), s->id, pp->seq,
			probe_rand(pp->p->env));
	mh.msg_name = &pp->dst.u.sa;
	mh.msg_namelen = chk_addr_len(&pp->dst);
	mh.msg_controllen = pktinfo(t, s->family, cbuf, sizeof(cbuf));
	mh.msg_control = mh.msg_controllen ? cbuf : NULL;
	if (sendmsg(s->fd, &mh, 0) < 0) {
		chk_result_errno(r, errno, false);
		return -1;
	}
	s->pending[pp->seq] = pp;
	pp->sock = s;
	return 0;
}

static void
ping_start(struct probe *p)
{
	struct ping_probe *pp = p->priv;
	struct chk_result r = {0};
	struct ping_sock *s;

	pp->p = p;
	chk_net_dest(&p->conf->target, &pp->dst);
	s = get_sock(p->env, chk_addr_family(&pp->dst), p->conf->target.fwmark,
		     &r);
	if (!s || send_echo(pp, s, &r) < 0)
		p->report(p, &r);
}

static void
ping_cancel(struct probe *p, struct chk_result *why)
{
	struct ping_probe *pp = p->priv;

	if (why)
		chk_result_set(why, CHK_R_NO_REPLY, 0);
	if (pp->sock) {
		pp->sock->pending[pp->seq] = NULL;
		pp->sock = NULL;
	}
}

static void
ping_fini(struct probe *p)
{
	ping_cancel(p, NULL);
}

static void
ping_shared_free(struct probe_env *env)
{
	struct ping_shared *sh = env->shared[CHK_PING];

	if (!sh)
		return;
	while (sh->socks) {
		struct ping_sock *s = sh->socks;

		sh->socks = s->next;
		ev_io_stop(env->loop, &s->io);
		close(s->fd);
		free(s->pending);
		free(s);
	}
	free(sh);
	env->shared[CHK_PING] = NULL;
}

const struct probe_ops probe_ping_ops = {
	.type = CHK_PING,
	.name = "PING_CHECK",
	.priv_size = sizeof(struct ping_probe),
	.fini = ping_fini,
	.start = ping_start,
	.cancel = ping_cancel,
	.default_retry = -1,
	.default_retry_delay = CHK_UNSET,
	.shared_free = ping_shared_free,
};
