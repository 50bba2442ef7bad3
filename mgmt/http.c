// SPDX-License-Identifier: GPL-2.0-or-later
/* The management HTTP listener (http.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/runtime/stream.h"
#include "mgmt/http.h"

struct http_client {
	struct http_server *s;
	int fd;
	struct ev_io io;
	struct ev_timer timer;
	char in[HTTP_REQ_MAX];
	size_t inlen;
	bool head;    /* a HEAD request: no body */
	bool waiting; /* handed to ops->request, no answer yet */
	char *out;
	size_t outlen, outoff;
	struct http_client *next;
};

struct http_server {
	struct ev_loop *loop;
	int fd;
	struct ev_io io;
	const struct http_ops *ops;
	void *arg;
	struct http_client *clients;
	unsigned nclients;
	struct http_stats st;
};

static void
client_free(struct http_client *cl)
{
	struct http_server *s = cl->s;

	if (cl->waiting)
		s->ops->gone(s->arg, cl);
	for (struct http_client **pp = &s->clients; *pp; pp = &(*pp)->next)
		if (*pp == cl) {
			*pp = cl->next;
			break;
		}
	s->nclients--;
	ev_io_stop(s->loop, &cl->io);
	ev_timer_stop(s->loop, &cl->timer);
	close(cl->fd);
	free(cl->out);
	free(cl);
}

static const char *
reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 414:
		return "URI Too Long";
	case 431:
		return "Request Header Fields Too Large";
	default:
		return "Service Unavailable";
	}
}

static void
client_write(struct http_client *cl)
{
	if (stream_send_rest(cl->fd, cl->out, cl->outlen, &cl->outoff) !=
	    STREAM_AGAIN)
		client_free(cl);
}

void
http_respond(struct http_client *cl, int status, const char *ctype,
	     const char *body, size_t len)
{
	struct http_server *s = cl->s;
	char head[256];
	int h = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\nCache-Control: no-store\r\n"
			 "Connection: close\r\n\r\n",
			 status, reason(status), ctype, len);
	size_t blen = cl->head ? 0 : len;

	cl->waiting = false;
	cl->out = malloc((size_t)h + blen);
	if (!cl->out) {
		client_free(cl);
		return;
	}
	memcpy(cl->out, head, (size_t)h);
	if (blen)
		memcpy(cl->out + h, body, blen);
	cl->outlen = (size_t)h + blen;
	ev_io_modify(s->loop, &cl->io, EV_WRITE);
	ev_timer_stop(s->loop, &cl->timer);
	ev_timer_start(s->loop, &cl->timer, HTTP_WRITE_TIMEOUT);
	client_write(cl);
}

static void
error_reply(struct http_client *cl, int status)
{
	char body[64];
	int n = snprintf(body, sizeof(body), "%d %s\n", status, reason(status));

	cl->s->st.bad++;
	http_respond(cl, status, "text/plain; charset=utf-8", body, (size_t)n);
}

static void
client_read(struct http_client *cl)
{
	struct http_server *s = cl->s;
	struct http_req r;
	int status, rc;
	ssize_t n = recv(cl->fd, cl->in + cl->inlen, sizeof(cl->in) - cl->inlen,
			 MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_free(cl);
		return;
	}
	cl->inlen += (size_t)n;
	rc = http_req_parse(cl->in, cl->inlen, &r, &status);
	if (rc == 0)
		return;
	ev_io_modify(s->loop, &cl->io, 0);
	if (rc < 0) {
		error_reply(cl, status);
		return;
	}
	cl->head = r.method == HTTP_HEAD;
	if (r.method == HTTP_OTHER) {
		error_reply(cl, 405);
		return;
	}
	s->st.requests++;
	cl->waiting = true;
	s->ops->request(s->arg, cl, &r);
}

static void
client_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct http_client *cl = arg;

	(void)loop;
	(void)io;
	if (cl->out)
		client_write(cl);
	else if (revents & (EV_HANGUP | EV_ERROR))
		client_free(cl);
	else if (!cl->waiting)
		client_read(cl);
}

static void
client_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct http_client *cl = arg;

	(void)loop;
	(void)t;
	cl->s->st.timeouts++;
	client_free(cl);
}

static void
accept_one(struct http_server *s, int fd)
{
	struct http_client *cl;

	if (s->nclients >= HTTP_MAX_CLIENTS || !(cl = calloc(1, sizeof(*cl)))) {
		s->st.refused++;
		close(fd);
		return;
	}
	cl->s = s;
	cl->fd = fd;
	ev_io_init(&cl->io, client_io, cl);
	ev_timer_init(&cl->timer, client_timeout, cl);
	if (ev_io_start(s->loop, &cl->io, fd, EV_READ) < 0) {
		close(fd);
		free(cl);
		return;
	}
	ev_timer_start(s->loop, &cl->timer, HTTP_READ_TIMEOUT);
	cl->next = s->clients;
	s->clients = cl;
	s->nclients++;
}

static void
server_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct http_server *s = arg;

	(void)loop;
	(void)io;
	(void)revents;
	/* A bounded batch per wake-up: a flood does not hold the loop. */
	for (int i = 0; i < HTTP_MAX_CLIENTS; i++) {
		int fd = accept4(s->fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		accept_one(s, fd);
	}
}

struct http_server *
http_server_new(struct ev_loop *loop, const struct sockaddr *sa, socklen_t len,
		const struct http_ops *ops, void *arg)
{
	struct http_server *s = calloc(1, sizeof(*s));
	int one = 1, e;

	if (!s)
		return NULL;
	*s = (struct http_server){.loop = loop, .ops = ops, .arg = arg};
	s->fd = socket(sa->sa_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		goto fail;
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ev_io_init(&s->io, server_io, s);
	if (bind(s->fd, sa, len) < 0 || listen(s->fd, HTTP_MAX_CLIENTS) < 0 ||
	    ev_io_start(loop, &s->io, s->fd, EV_READ) < 0)
		goto fail;
	return s;
fail:
	e = errno;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
	errno = e;
	return NULL;
}

void
http_server_free(struct http_server *s)
{
	if (!s)
		return;
	while (s->clients)
		client_free(s->clients);
	ev_io_stop(s->loop, &s->io);
	close(s->fd);
	free(s);
}

const struct http_stats *
http_server_stats(const struct http_server *s)
{
	return &s->st;
}
