// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/net.h"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static void
scope(const struct chk_target *t, struct chk_addr *a)
{
	if (chk_addr_family(a) == AF_INET6 && t->bind_if[0] &&
	    IN6_IS_ADDR_LINKLOCAL(&a->u.sin6.sin6_addr) &&
	    !a->u.sin6.sin6_scope_id)
		a->u.sin6.sin6_scope_id = if_nametoindex(t->bind_if);
}

void
chk_net_dest(const struct chk_target *t, struct chk_addr *out)
{
	*out = t->connect_ip;
	scope(t, out);
}

static int
bind_source(int fd, const struct chk_target *t)
{
	struct chk_addr src;
	int one = 1;

	if (chk_addr_isset(&t->bindto)) {
		src = t->bindto;
	} else if (t->bind_port) {
		memset(&src, 0, sizeof(src));
		src.u.sa.sa_family =
			(sa_family_t)chk_addr_family(&t->connect_ip);
	} else {
		return 0;
	}
	chk_addr_set_port(&src, t->bind_port);
	scope(t, &src);
	/* Without a fixed port, let connect() pick it: bind() alone would
	 * reserve a port per socket and exhaust them at scale. */
	if (!t->bind_port)
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
			   sizeof(one));
	else
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return bind(fd, &src.u.sa, chk_addr_len(&src));
}

int
chk_net_socket(const struct chk_target *t, int type, int proto,
	       struct chk_result *res)
{
	int fam = chk_addr_family(&t->connect_ip), fd, e;

	fd = socket(fam, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		goto fail;
	if (t->bind_if[0] &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, t->bind_if,
		       (socklen_t)strlen(t->bind_if)) < 0)
		goto fail;
	if (t->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &t->fwmark,
				    sizeof(t->fwmark)) < 0)
		goto fail;
	if (bind_source(fd, t) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	chk_result_set(res, CHK_R_LOCAL, e);
	snprintf(res->detail, sizeof(res->detail), "%s", strerror(e));
	return -1;
}

int
chk_net_connect(int fd, const struct chk_target *t, struct chk_result *res)
{
	struct chk_addr dst;

	chk_net_dest(t, &dst);
	if (connect(fd, &dst.u.sa, chk_addr_len(&dst)) == 0)
		return 0;
	if (errno == EINPROGRESS)
		return 1;
	chk_result_errno(res, errno, false);
	return -1;
}

int
chk_net_connect_done(int fd, struct chk_result *res)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (!err)
		return 0;
	chk_result_errno(res, err, false);
	return -1;
}

void
chk_net_close_reset(int fd)
{
	struct linger lg = {.l_onoff = 1, .l_linger = 0};

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

void
chk_dgram_init(struct chk_dgram *d, struct ev_loop *loop, ev_io_cb cb,
	       void *arg)
{
	d->loop = loop;
	d->fd = -1;
	ev_io_init(&d->io, cb, arg);
}

int
chk_dgram_send(struct chk_dgram *d, const struct chk_target *t, const void *buf,
	       size_t len, struct chk_result *r)
{
	d->fd = chk_net_socket(t, SOCK_DGRAM, 0, r);
	if (d->fd < 0 || chk_net_connect(d->fd, t, r) < 0)
		goto fail;
	if (send(d->fd, buf, len, 0) < 0) {
		chk_result_errno(r, errno, false);
		goto fail;
	}
	if (ev_io_start(d->loop, &d->io, d->fd, EV_READ) == 0)
		return 0;
	chk_result_set(r, CHK_R_LOCAL, errno);
fail:
	chk_dgram_close(d);
	return -1;
}

ssize_t
chk_dgram_recv(struct chk_dgram *d, void *buf, size_t len, int flags,
	       struct chk_result *r)
{
	ssize_t n = recv(d->fd, buf, len, flags);

	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EINTR) {
		errno = EAGAIN;
		return -1;
	}
	chk_result_errno(r, errno, false);
	errno = EIO;
	return -1;
}

void
chk_dgram_close(struct chk_dgram *d)
{
	ev_io_stop(d->loop, &d->io);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}
