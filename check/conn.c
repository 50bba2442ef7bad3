// SPDX-License-Identifier: GPL-2.0-or-later
/* A probe's stream connection, plain or TLS. See conn.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "check/conn.h"
#include "check/net.h"

static void
interest(struct chk_conn *c, unsigned events)
{
	if (c->io.active)
		ev_io_modify(c->loop, &c->io, events);
	else
		ev_io_start(c->loop, &c->io, c->fd, events);
}

static void
fail(struct chk_conn *c)
{
	ev_io_stop(c->loop, &c->io);
	c->cb(c, CONN_EV_ERROR);
}

/* Why an OpenSSL call failed, as a result. */
static void
tls_error(struct chk_conn *c, int ret, bool connected)
{
	int e = SSL_get_error(c->ssl, ret), err = errno;
	unsigned long code = ERR_peek_last_error();
	long vr = SSL_get_verify_result(c->ssl);

	if (c->verify && vr != X509_V_OK) {
		chk_result_set(&c->err, CHK_R_TLS_VERIFY, (int)vr);
		snprintf(c->err.detail, sizeof(c->err.detail), "%s",
			 X509_verify_cert_error_string(vr));
	} else if (e == SSL_ERROR_SYSCALL && !code) {
		if (err && err != EAGAIN)
			chk_result_errno(&c->err, err, connected);
		else
			chk_result_set(&c->err, CHK_R_CLOSED, 0);
	} else {
		const char *why = code ? ERR_reason_error_string(code) : NULL;

		chk_result_set(&c->err, CHK_R_TLS, 0);
		snprintf(c->err.detail, sizeof(c->err.detail), "%s",
			 why ? why : "handshake failed");
	}
	ERR_clear_error();
}

static void
opened(struct chk_conn *c)
{
	c->st = CONN_OPEN;
	interest(c, EV_READ | (c->outlen ? EV_WRITE : 0));
	c->cb(c, CONN_EV_OPEN);
}

static void
handshake(struct chk_conn *c)
{
	int r;

	ERR_clear_error();
	r = SSL_connect(c->ssl);
	if (r == 1) {
		opened(c);
		return;
	}
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		interest(c, EV_READ);
		return;
	case SSL_ERROR_WANT_WRITE:
		interest(c, EV_WRITE);
		return;
	default:
		tls_error(c, r, true);
		fail(c);
	}
}

/* Write what is queued. Returns 0 (done or waiting) or -1 (c->err). */
static int
flush(struct chk_conn *c)
{
	while (c->outlen) {
		ssize_t n;

		if (c->ssl) {
			ERR_clear_error();
			n = SSL_write(c->ssl, c->out, (int)c->outlen);
			if (n <= 0) {
				int e = SSL_get_error(c->ssl, (int)n);

				if (e == SSL_ERROR_WANT_WRITE ||
				    e == SSL_ERROR_WANT_READ)
					break;
				tls_error(c, (int)n, true);
				return -1;
			}
		} else {
			n = send(c->fd, c->out, c->outlen, MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					break;
				chk_result_errno(&c->err, errno, true);
				return -1;
			}
		}
		c->out += n;
		c->outlen -= (size_t)n;
	}
	interest(c, EV_READ | (c->outlen ? EV_WRITE : 0));
	return 0;
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct chk_conn *c = arg;

	(void)loop;
	(void)io;
	switch (c->st) {
	case CONN_CONNECTING:
		if (chk_net_connect_done(c->fd, &c->err) < 0) {
			fail(c);
		} else if (c->ssl) {
			c->st = CONN_HANDSHAKE;
			handshake(c);
		} else {
			opened(c);
		}
		return;
	case CONN_HANDSHAKE:
		handshake(c);
		return;
	case CONN_OPEN:
		if ((revents & EV_WRITE) && c->outlen && flush(c) < 0) {
			fail(c);
			return;
		}
		if ((revents & (EV_READ | EV_ERROR | EV_HANGUP)) ||
		    (c->ssl_read_wants_write && (revents & EV_WRITE))) {
			c->ssl_read_wants_write = false;
			c->cb(c, CONN_EV_READ);
		}
		return;
	default:
		return;
	}
}

void
chk_conn_init(struct chk_conn *c, chk_conn_fn cb, void *arg)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->cb = cb;
	c->arg = arg;
	ev_io_init(&c->io, on_io, c);
}

static int
setup_tls(struct chk_conn *c, const struct chk_tls_opts *tls)
{
	c->ssl = SSL_new(tls->ctx);
	if (!c->ssl || !SSL_set_fd(c->ssl, c->fd))
		return -1;
	SSL_set_connect_state(c->ssl);
	if (tls->sni && *tls->sni &&
	    !SSL_set_tlsext_host_name(c->ssl, tls->sni))
		return -1;
	c->verify = tls->verify;
	if (tls->verify) {
		SSL_set_verify(c->ssl, SSL_VERIFY_PEER, NULL);
		if (tls->host && *tls->host &&
		    !SSL_set1_host(c->ssl, tls->host))
			return -1;
	}
	if (tls->session && !SSL_set_session(c->ssl, tls->session))
		return -1;
	return 0;
}

int
chk_conn_open(struct chk_conn *c, struct ev_loop *loop,
	      const struct chk_target *t, const struct chk_tls_opts *tls)
{
	c->loop = loop;
	memset(&c->err, 0, sizeof(c->err));
	c->out = NULL;
	c->outlen = 0;
	c->ssl_read_wants_write = false;
	c->fd = chk_net_socket(t, SOCK_STREAM, 0, &c->err);
	if (c->fd < 0)
		return -1;
	if (tls && setup_tls(c, tls) < 0) {
		chk_result_set(&c->err, CHK_R_LOCAL, ENOMEM);
		snprintf(c->err.detail, sizeof(c->err.detail), "TLS setup");
		ERR_clear_error();
		goto fail;
	}
	if (chk_net_connect(c->fd, t, &c->err) < 0)
		goto fail;
	c->st = CONN_CONNECTING;
	/* Even a connect that completed at once reports through the loop,
	 * so the callback never runs inside the caller. */
	if (ev_io_start(loop, &c->io, c->fd, EV_WRITE) < 0) {
		chk_result_set(&c->err, CHK_R_LOCAL, errno);
		goto fail;
	}
	return 0;
fail:
	chk_conn_close(c);
	return -1;
}

SSL_SESSION *
chk_conn_session(const struct chk_conn *c)
{
	SSL_SESSION *s;

	if (!c->ssl || !(s = SSL_get1_session(c->ssl)))
		return NULL;
	if (SSL_SESSION_is_resumable(s))
		return s;
	SSL_SESSION_free(s);
	return NULL;
}

int
chk_conn_send(struct chk_conn *c, const char *buf, size_t len)
{
	c->out = buf;
	c->outlen = len;
	if (c->st != CONN_OPEN)
		return 0;
	return flush(c);
}

static ssize_t
tls_read(struct chk_conn *c, void *buf, size_t len)
{
	int n, e;

	ERR_clear_error();
	n = SSL_read(c->ssl, buf, (int)len);
	if (n > 0)
		return n;
	e = SSL_get_error(c->ssl, n);
	switch (e) {
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_WANT_WRITE:
		c->ssl_read_wants_write = true;
		interest(c, EV_READ | EV_WRITE);
		/* fall through */
	case SSL_ERROR_WANT_READ:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_SYSCALL:
		/* A close without close_notify ends many HTTPS answers. */
		if (!ERR_peek_error() && (errno == 0 || n == 0))
			return 0;
		/* fall through */
	default:
		tls_error(c, n, true);
		errno = EIO;
		return -1;
	}
}

ssize_t
chk_conn_read(struct chk_conn *c, void *buf, size_t len)
{
	ssize_t n;

	if (c->ssl)
		return tls_read(c, buf, len);
	n = recv(c->fd, buf, len, 0);
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EINTR) {
		errno = EAGAIN;
		return -1;
	}
	chk_result_errno(&c->err, errno, true);
	errno = EIO;
	return -1;
}

int
chk_conn_pump(struct chk_conn *c, void *buf, size_t len, chk_conn_data_fn data,
	      void *arg)
{
	for (;;) {
		ssize_t n = chk_conn_read(c, buf, len);

		if (n > 0) {
			if (!data(arg, buf, (size_t)n))
				return 0;
			continue;
		}
		if (n == 0)
			return 1;
		return errno == EAGAIN ? 0 : -1;
	}
}

void
chk_conn_close(struct chk_conn *c)
{
	if (c->loop)
		ev_io_stop(c->loop, &c->io);
	if (c->ssl) {
		/* No close_notify (the reset ends it), but not a "bad"
		 * shutdown either, which would make OpenSSL mark the
		 * session a probe keeps for resuming as not resumable. */
		SSL_set_shutdown(c->ssl, SSL_SENT_SHUTDOWN);
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	chk_net_close_reset(c->fd);
	c->fd = -1;
	c->st = CONN_CLOSED;
	c->out = NULL;
	c->outlen = 0;
}

bool
chk_conn_active(const struct chk_conn *c)
{
	return c->st != CONN_CLOSED;
}

void
chk_conn_timeout_reason(const struct chk_conn *c, struct chk_result *why)
{
	switch (c->st) {
	case CONN_CONNECTING:
		chk_result_set(why, CHK_R_CONNECT_TIMEOUT, 0);
		break;
	case CONN_HANDSHAKE:
		chk_result_set(why, CHK_R_TLS, 0);
		snprintf(why->detail, sizeof(why->detail), "handshake timeout");
		break;
	default:
		chk_result_set(why, CHK_R_TIMEOUT, 0);
		break;
	}
}
