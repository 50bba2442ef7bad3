/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The management HTTP listener: GET (and HEAD) of a path, one request per
 * connection, answered and closed. Non-blocking; bounded: at most
 * HTTP_MAX_CLIENTS at once (more are closed at once and counted), a
 * request head of at most HTTP_REQ_MAX bytes, HTTP_READ_TIMEOUT to send
 * it and HTTP_WRITE_TIMEOUT to read the answer.
 */
#ifndef VIGIL_MGMT_HTTP_H
#define VIGIL_MGMT_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/runtime/event.h"
#include "mgmt/http_req.h"

#define HTTP_MAX_CLIENTS 16
#define HTTP_READ_TIMEOUT EV_SEC(5)
#define HTTP_WRITE_TIMEOUT EV_SEC(10)

struct http_server;
struct http_client;

struct http_ops {
	/* A valid request: answer it with http_respond(), now or later. */
	void (*request)(void *arg, struct http_client *cl,
			const struct http_req *r);
	/* A client whose answer was due is gone (timeout, hang-up). */
	void (*gone)(void *arg, struct http_client *cl);
};

struct http_stats {
	uint64_t requests, refused, bad, timeouts;
};

struct http_server *http_server_new(struct ev_loop *loop,
				    const struct sockaddr *sa, socklen_t len,
				    const struct http_ops *ops, void *arg);
void http_server_free(struct http_server *s);
const struct http_stats *http_server_stats(const struct http_server *s);

/* The answer (body copied; none sent for HEAD), then close. */
void http_respond(struct http_client *cl, int status, const char *ctype,
		  const char *body, size_t len);

#endif
