// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TCP_CHECK: the real server accepts a connection. The cheapest probe
 * there is: a non-blocking connect, then close with a reset as soon as the
 * handshake completes, so neither side keeps a TIME_WAIT entry and the
 * server's accept queue sees a connection that is gone at once. No
 * allocation per run; one fd and one watcher while it runs.
 *
 * A server on this host (a namespace, a container) completes the
 * handshake inside connect() itself: one TCP_INFO read then decides the
 * run with no epoll registration at all.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "check/net.h"
#include "check/probe.h"

struct tcp_probe {
	int fd;
	struct ev_io io;
};

static void
tcp_close(struct probe *p)
{
	struct tcp_probe *t = p->priv;

	ev_io_stop(p->env->loop, &t->io);
	chk_net_close_reset(t->fd);
	t->fd = -1;
}

/* A reset after the handshake (SO_ERROR ECONNRESET; a reset of our SYN
 * is ECONNREFUSED) still means the server accepted, which is what
 * TCP_CHECK asks, however soon the application let go. */
static void
connect_result(int fd, struct chk_result *r)
{
	if (chk_net_connect_done(fd, r) < 0 && r->code == ECONNRESET)
		memset(r, 0, sizeof(*r));
}

static void
tcp_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct probe *p = arg;
	struct tcp_probe *t = p->priv;
	struct chk_result r = {0};

	(void)loop;
	(void)io;
	(void)revents;
	connect_result(t->fd, &r);
	tcp_close(p);
	p->report(p, &r);
}

static int
tcp_init(struct probe *p, char *err, size_t errlen)
{
	struct tcp_probe *t = p->priv;

	(void)err;
	(void)errlen;
	t->fd = -1;
	ev_io_init(&t->io, tcp_ready, p);
	return 0;
}

static int
tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return -1;
	return ti.tcpi_state;
}

static void
tcp_start(struct probe *p)
{
	struct tcp_probe *t = p->priv;
	struct chk_result r = {0};

	int rc;

	t->fd = chk_net_socket(&p->conf->target, SOCK_STREAM, 0, &r);
	if (t->fd < 0)
		goto done;
	rc = chk_net_connect(t->fd, &p->conf->target, &r);
	if (rc < 0)
		goto done;
	switch (rc == 0 ? TCP_ESTABLISHED : tcp_state(t->fd)) {
	case TCP_ESTABLISHED:
		goto done;
	case TCP_CLOSE: /* refused, or accepted and reset already */
		connect_result(t->fd, &r);
		goto done;
	default:
		break;
	}
	if (ev_io_start(p->env->loop, &t->io, t->fd, EV_WRITE) == 0)
		return;
	chk_result_set(&r, CHK_R_LOCAL, errno);
done:
	tcp_close(p);
	p->report(p, &r);
}

static void
tcp_cancel(struct probe *p, struct chk_result *why)
{
	if (why)
		chk_result_set(why, CHK_R_CONNECT_TIMEOUT, 0);
	tcp_close(p);
}

static void
tcp_fini(struct probe *p)
{
	tcp_close(p);
}

const struct probe_ops probe_tcp_ops = {
	.type = CHK_TCP,
	.name = "TCP_CHECK",
	.priv_size = sizeof(struct tcp_probe),
	.init = tcp_init,
	.fini = tcp_fini,
	.start = tcp_start,
	.cancel = tcp_cancel,
	.default_retry = -1,
	.default_retry_delay = CHK_UNSET,
	.needs_port = true,
};
