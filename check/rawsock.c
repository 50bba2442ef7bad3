// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which uses timespec */
#include <linux/errqueue.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/net.h"
#include "check/rawsock.h"

#define RX_BATCH 32
#define RX_LEN 640 /* an ICMP error quotes at most 576 bytes */

/* The errno an error-queue message carries, or 0 if it has none. */
static int
queued_errno(struct msghdr *mh)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm;
	     cm = CMSG_NXTHDR(mh, cm)) {
		struct sock_extended_err ee;

		if (!((cm->cmsg_level == IPPROTO_IP &&
		       cm->cmsg_type == IP_RECVERR) ||
		      (cm->cmsg_level == IPPROTO_IPV6 &&
		       cm->cmsg_type == IPV6_RECVERR)) ||
		    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
		return (int)ee.ee_errno;
	}
	return 0;
}

/* ICMP errors quoting our packets, a bounded batch per turn. */
static void
read_errors(struct raw_sock *s)
{
	for (int i = 0; i < RX_BATCH; i++) {
		uint8_t buf[RX_LEN];
		char cbuf[512];
		struct chk_addr dst;
		struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
		struct msghdr mh = {
			.msg_name = &dst.u,
			.msg_namelen = sizeof(dst.u),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf,
			.msg_controllen = sizeof(cbuf),
		};
		ssize_t n;
		int err;

		memset(&dst, 0, sizeof(dst));
		n = recvmsg(s->fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
		if (n < 0)
			return;
		err = queued_errno(&mh);
		if (err && s->type->err && chk_addr_isset(&dst))
			s->type->err(s, buf, (size_t)n, &dst, err);
	}
}

static void
on_readable(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct raw_sock *s = arg;
	uint8_t buf[RX_BATCH][RX_LEN]; /* 20 KiB of stack */
	struct chk_addr from[RX_BATCH];
	struct iovec iov[RX_BATCH];
	struct mmsghdr mm[RX_BATCH];
	int n;

	(void)loop;
	(void)io;
	if (revents & EV_ERROR)
		read_errors(s);
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < RX_BATCH; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = RX_LEN;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &from[i].u;
		mm[i].msg_hdr.msg_namelen = sizeof(from[i].u);
	}
	/* Level-triggered: what this batch leaves is read on the next turn. */
	n = recvmmsg(s->fd, mm, RX_BATCH, MSG_DONTWAIT, NULL);
	for (int i = 0; i < n; i++) {
		size_t len = mm[i].msg_len;

		if (mm[i].msg_hdr.msg_namelen < sizeof(struct sockaddr_in))
			memset(&from[i], 0, sizeof(from[i]));
		s->type->rx(s, buf[i], len > RX_LEN ? RX_LEN : len, &from[i]);
	}
}

static int
recv_errors(int fd, int family)
{
	int one = 1;

	if (family == AF_INET)
		return setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one,
				  sizeof(one));
	return setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
}

static int
open_sock(struct raw_sock *s)
{
	int proto = s->family == AF_INET ? s->type->proto_v4
					 : s->type->proto_v6;
	int rcvbuf = 4 << 20; /* 5,000 replies/s for ~1 s of a stalled loop */

	s->fd = socket(s->family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       proto);
	if (s->fd < 0)
		return -1;
	if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	if ((s->fwmark && setsockopt(s->fd, SOL_SOCKET, SO_MARK, &s->fwmark,
				     sizeof(s->fwmark)) < 0) ||
	    (s->type->err && recv_errors(s->fd, s->family) < 0) ||
	    s->type->setup(s) < 0 ||
	    ev_io_start(s->env->loop, &s->io, s->fd, EV_READ) < 0) {
		int e = errno;

		if (s->type->teardown)
			s->type->teardown(s);
		close(s->fd);
		s->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

struct raw_sock *
raw_sock_get(struct raw_sock **list, struct probe_env *env,
	     const struct raw_sock_type *type, int family, uint32_t fwmark,
	     struct chk_result *r)
{
	struct raw_sock *s;

	for (s = *list; s; s = s->next)
		if (s->type == type && s->family == family &&
		    s->fwmark == fwmark)
			return s;
	if (!(s = calloc(1, sizeof(*s))) ||
	    !(s->pending = calloc(RAW_SLOTS, sizeof(*s->pending))))
		goto fail;
	s->type = type;
	s->env = env;
	s->family = family;
	s->fwmark = fwmark;
	s->aux_fd = -1;
	s->next_slot = (uint16_t)probe_rand(env);
	ev_io_init(&s->io, on_readable, s);
	if (open_sock(s) < 0)
		goto fail;
	s->next = *list;
	*list = s;
	return s;
fail:
	chk_result_set(r, CHK_R_LOCAL, errno);
	snprintf(r->detail, sizeof(r->detail), "raw socket: %s",
		 strerror(errno));
	if (s)
		free(s->pending);
	free(s);
	return NULL;
}

int
raw_sock_take(struct raw_sock *s, void *owner, uint16_t *slot,
	      struct chk_result *r)
{
	for (unsigned i = 0; i < RAW_SLOTS; i++) {
		uint16_t q = s->next_slot++;

		if (!s->pending[q]) {
			s->pending[q] = owner;
			*slot = q;
			return 0;
		}
	}
	chk_result_set(r, CHK_R_LOCAL, EBUSY);
	snprintf(r->detail, sizeof(r->detail), "no free slot");
	return -1;
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
pktinfo(const struct chk_target *t, const struct chk_addr *src, int family,
	void *cbuf, size_t cap)
{
	unsigned ifindex = t->bind_if[0] ? if_nametoindex(t->bind_if) : 0;
	struct in_pktinfo pi = {.ipi_ifindex = (int)ifindex};
	struct in6_pktinfo pi6 = {.ipi6_ifindex = ifindex};

	if (!src || !chk_addr_isset(src))
		src = &t->bindto;
	if (!chk_addr_isset(src) && !ifindex)
		return 0;
	if (family == AF_INET) {
		if (chk_addr_isset(src))
			pi.ipi_spec_dst = src->u.sin.sin_addr;
		return put_cmsg(cbuf, cap, IPPROTO_IP, IP_PKTINFO, &pi,
				sizeof(pi));
	}
	if (chk_addr_isset(src))
		pi6.ipi6_addr = src->u.sin6.sin6_addr;
	return put_cmsg(cbuf, cap, IPPROTO_IPV6, IPV6_PKTINFO, &pi6,
			sizeof(pi6));
}

int
raw_sock_send(struct raw_sock *s, const struct chk_target *t,
	      const struct chk_addr *src, const struct chk_addr *dst,
	      const void *pkt, size_t len, struct chk_result *r)
{
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct chk_addr to = *dst;
	struct iovec iov = {.iov_base = (void *)pkt, .iov_len = len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};

	/* A raw socket's "port" is the protocol; the port is in the packet. */
	chk_addr_set_port(&to, 0);
	mh.msg_name = &to.u.sa;
	mh.msg_namelen = chk_addr_len(&to);
	mh.msg_controllen = pktinfo(t, src, s->family, cbuf, sizeof(cbuf));
	mh.msg_control = mh.msg_controllen ? cbuf : NULL;
	if (sendmsg(s->fd, &mh, 0) < 0) {
		chk_result_errno(r, errno, false);
		return -1;
	}
	return 0;
}

void
raw_sock_free_all(struct raw_sock **list, struct ev_loop *loop)
{
	while (*list) {
		struct raw_sock *s = *list;

		*list = s->next;
		ev_io_stop(loop, &s->io);
		if (s->type->teardown)
			s->type->teardown(s);
		close(s->fd);
		free(s->pending);
		free(s);
	}
}
