// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel transport of the IPVS client: a generic-netlink socket made
 * with libnl-genl, with buffers large enough to pipeline, and the family id
 * resolved once. Or a socket the caller made in another network namespace
 * (net_namespace_ipvs), which the client keeps for good.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "ipvs/nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Answers to requests in flight wait in the receive buffer; a small ack
 * costs about 1 KiB of it (skb overhead included), a dump datagram up to
 * 32 KiB. */
#define RCVBUF (8 << 20)
#define SNDBUF (1 << 20)
#define ACK_COST 2048
#define WINDOW_MIN 8
#define WINDOW_MAX 1024

/* Datagrams a reset of a kept socket reads away at most: an 8 MiB buffer
 * of the smallest answers (the rest are stray answers, dropped as such). */
#define DRAIN_MAX 65536

struct sock_ctx {
	struct nl_sock *sk;
	uint16_t family;
	size_t window;
	/* the caller's socket (ipvs_nl_open_sock), bound to its namespace:
	 * a reset drains it instead of making a new one */
	bool kept;
};

static int
nlerr_to_errno(int e)
{
	switch (-e) {
	case NLE_OBJ_NOTFOUND:
		return ENOENT;
	case NLE_PERM:
		return EPERM;
	case NLE_NOMEM:
		return ENOMEM;
	default:
		return EIO;
	}
}

/* As root, buffers beyond the sysctl limits (rmem_max) are allowed. */
static void
set_buf(int fd, int force_opt, int opt, int size)
{
	if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, opt, &size, sizeof(size));
}

static size_t
window_for(int fd)
{
	int rcv = 0;
	socklen_t len = sizeof(rcv);
	size_t w;

	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, &len) < 0 || rcv <= 0)
		return WINDOW_MIN;
	/* Half the buffer, leaving room for a dump datagram in flight. */
	w = (size_t)rcv / 2 / ACK_COST;
	return w < WINDOW_MIN ? WINDOW_MIN : w > WINDOW_MAX ? WINDOW_MAX : w;
}

/* A client socket: a new one (sock < 0), or a duplicate of sock. */
static int
sock_connect(struct sock_ctx *c, int sock)
{
	int one = 1, rc, fd;

	c->sk = nl_socket_alloc();
	if (!c->sk)
		return -ENOMEM;
	if (sock < 0)
		rc = genl_connect(c->sk);
	else if ((fd = fcntl(sock, F_DUPFD_CLOEXEC, 0)) < 0)
		rc = -NLE_BAD_SOCK;
	else if ((rc = nl_socket_set_fd(c->sk, NETLINK_GENERIC, fd)) < 0)
		close(fd);
	if (rc == 0)
		rc = genl_ctrl_resolve(c->sk, IPVS_GENL_NAME);
	if (rc < 0) {
		nl_socket_free(c->sk);
		c->sk = NULL;
		return -nlerr_to_errno(rc);
	}
	c->family = (uint16_t)rc;
	fd = nl_socket_get_fd(c->sk);
	set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF, RCVBUF);
	set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF, SNDBUF);
	/* Errors need not echo the request back: the sequence number
	 * names it. */
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_set_nonblocking(c->sk);
	c->window = window_for(fd);
	return 0;
}

static ssize_t
sock_send(void *ctx, const void *buf, size_t len)
{
	struct sock_ctx *c = ctx;
	struct sockaddr_nl to = {.nl_family = AF_NETLINK};

	return sendto(nl_socket_get_fd(c->sk), buf, len, MSG_DONTWAIT,
		      (struct sockaddr *)&to, sizeof(to));
}

static int
sock_recv(void *ctx, struct mmsghdr *msgs, unsigned n)
{
	struct sock_ctx *c = ctx;
	int r = recvmmsg(nl_socket_get_fd(c->sk), msgs, n, MSG_DONTWAIT, NULL);

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return r;
}

/* A kept socket cannot be made again here (this process may no longer
 * enter its namespace): what is queued in it is read away, and late
 * answers that still come carry sequence numbers no request waits for
 * (nl.c drops them as stray). recv(2) never waits here. */
static int
sock_drain(struct sock_ctx *c)
{
	int fd = nl_socket_get_fd(c->sk);
	char buf[64];

	for (unsigned i = 0; i < DRAIN_MAX; i++)
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC) < 0 &&
		    errno != ENOBUFS && errno != EINTR)
			break;
	return fd;
}

static int
sock_reset(void *ctx)
{
	struct sock_ctx *c = ctx;
	int rc;

	if (c->kept)
		return sock_drain(c);
	nl_socket_free(c->sk);
	c->sk = NULL;
	rc = sock_connect(c, -1);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return nl_socket_get_fd(c->sk);
}

static int
sock_fd(void *ctx)
{
	struct sock_ctx *c = ctx;

	return c->sk ? nl_socket_get_fd(c->sk) : -1;
}

static void
sock_free(void *ctx)
{
	struct sock_ctx *c = ctx;

	if (c->sk)
		nl_socket_free(c->sk);
	free(c);
}

static const struct ipvs_nl_io sock_io = {
	.send = sock_send,
	.recv = sock_recv,
	.reset = sock_reset,
	.fd = sock_fd,
	.free = sock_free,
};

static struct ipvs_nl *
open_with(int sock)
{
	struct sock_ctx *c = calloc(1, sizeof(*c));
	int rc;

	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	c->kept = sock >= 0;
	rc = sock_connect(c, sock);
	if (rc < 0) {
		free(c);
		errno = -rc;
		return NULL;
	}
	return ipvs_nl_open_io(&sock_io, c, c->family, c->window);
}

struct ipvs_nl *
ipvs_nl_open(void)
{
	return open_with(-1);
}

struct ipvs_nl *
ipvs_nl_open_sock(int sock)
{
	if (sock < 0) {
		errno = EBADF;
		return NULL;
	}
	return open_with(sock);
}

struct in_ns {
	int netns_fd, fd, err;
};

/* A thread of its own enters the namespace (setns(2) moves the calling
 * thread only) and ends there: the caller's thread never leaves its own,
 * so nothing can strand it in the other. */
static void *
socket_thread(void *arg)
{
	struct in_ns *a = arg;
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};

	if (setns(a->netns_fd, CLONE_NEWNET) < 0 ||
	    (a->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			    NETLINK_GENERIC)) < 0) {
		a->err = errno;
		return NULL;
	}
	/* bound to a port of its own, which nl_socket_set_fd() reads */
	if (bind(a->fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		a->err = errno;
		close(a->fd);
		a->fd = -1;
	}
	return NULL;
}

int
ipvs_nl_socket_in(int netns_fd)
{
	struct in_ns a = {.netns_fd = netns_fd, .fd = -1};
	pthread_t t;
	int rc = pthread_create(&t, NULL, socket_thread, &a);

	if (rc == 0)
		rc = pthread_join(t, NULL);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	errno = a.err;
	return a.fd;
}
