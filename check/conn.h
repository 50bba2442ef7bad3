/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One non-blocking stream connection of a probe, optionally TLS: connect,
 * handshake (SNI, optional verification), write a request, read answers.
 * It holds one fd and one fd watcher; the run's deadline is the
 * scheduler's. Embedded in the probe's private state, so a run allocates
 * nothing here but OpenSSL's SSL object for SSL_GET.
 */
#ifndef VIGIL_CHECK_CONN_H
#define VIGIL_CHECK_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <openssl/ssl.h>

#include "check/probe.h"
#include "core/runtime/event.h"

enum chk_conn_state {
	CONN_CLOSED = 0,
	CONN_CONNECTING,
	CONN_HANDSHAKE,
	CONN_OPEN,
};

enum chk_conn_event {
	CONN_EV_OPEN,  /* connected (and TLS established) */
	CONN_EV_READ,  /* data (or EOF) may be read */
	CONN_EV_ERROR, /* failed: c->err says why; close it */
};

struct chk_conn;
typedef void (*chk_conn_fn)(struct chk_conn *c, enum chk_conn_event ev);

struct chk_conn {
	struct ev_loop *loop;
	struct ev_io io;
	int fd;
	SSL *ssl;
	bool verify;
	enum chk_conn_state st;
	const char *out; /* pending output (the caller's buffer) */
	size_t outlen;
	bool ssl_read_wants_write;
	chk_conn_fn cb;
	void *arg;
	struct chk_result err;
};

void chk_conn_init(struct chk_conn *c, chk_conn_fn cb, void *arg);

/* TLS for a connection (SSL_GET). */
struct chk_tls_opts {
	SSL_CTX *ctx;
	const char *sni;      /* server name to send, or NULL */
	bool verify;	      /* fail on a certificate that does not verify */
	const char *host;     /* ... or does not name this host (NULL: any) */
	SSL_SESSION *session; /* resume this session, or NULL */
};

/*
 * Start connecting; TLS when tls is not NULL. Returns 0 (the callback
 * follows), or -1 with c->err (no callback).
 */
int chk_conn_open(struct chk_conn *c, struct ev_loop *loop,
		  const struct chk_target *t, const struct chk_tls_opts *tls);
/* The TLS session of an open connection, for resuming the next one (a
 * reference the caller frees), or NULL. */
SSL_SESSION *chk_conn_session(const struct chk_conn *c);
/* Queue `buf` (kept by the caller until written) and write what fits. */
int chk_conn_send(struct chk_conn *c, const char *buf, size_t len);
/* > 0 bytes read, 0 at end of stream, -1 with errno EAGAIN (wait for the
 * next CONN_EV_READ) or -1 with c->err set. */
ssize_t chk_conn_read(struct chk_conn *c, void *buf, size_t len);
/*
 * Read what has arrived, handing each piece to data(), which returns false
 * once it has decided the run. Returns 1 at the end of the stream, 0 when
 * stopped or waiting for more, -1 on an error (c->err says why).
 */
typedef bool (*chk_conn_data_fn)(void *arg, const uint8_t *p, size_t n);
int chk_conn_pump(struct chk_conn *c, void *buf, size_t len,
		  chk_conn_data_fn data, void *arg);
/* Close, with a reset (no FIN, no TIME_WAIT); idempotent. */
void chk_conn_close(struct chk_conn *c);
bool chk_conn_active(const struct chk_conn *c);
/* Why a run cut short at this point failed: connect-timeout while
 * connecting, tls-failure in the handshake, else timeout. */
void chk_conn_timeout_reason(const struct chk_conn *c, struct chk_result *why);

#endif
