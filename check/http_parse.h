/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming HTTP/1.x response parser (RFC 9112) for HTTP_GET/SSL_GET:
 * status line, the headers that frame the body (Content-Length,
 * Transfer-Encoding: chunked), then the body handed out in pieces as it
 * arrives, never buffered. Memory is fixed: each header line keeps at most
 * HTTP_LINE_KEEP bytes (enough for every header it reads), the header block
 * is bounded by HTTP_HEAD_MAX. No I/O, no allocation; errors are strings.
 */
#ifndef VIGIL_CHECK_HTTP_PARSE_H
#define VIGIL_CHECK_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_LINE_KEEP 256
#define HTTP_HEAD_MAX (64u * 1024u)

enum http_state {
	HS_STATUS = 0,
	HS_HEADER,
	HS_BODY, /* Content-Length or until close */
	HS_CHUNK_SIZE,
	HS_CHUNK_DATA,
	HS_CHUNK_END, /* the CRLF after a chunk */
	HS_TRAILER,
	HS_DONE,
	HS_ERROR,
};

enum http_feed {
	HTTP_MORE = 0,	/* all input used, message not complete */
	HTTP_HEAD_DONE, /* the header block just ended */
	HTTP_MSG_DONE,	/* the whole response is in */
	HTTP_ERROR,	/* r->err says why */
};

/* Body bytes; return non-zero to stop (feed then returns HTTP_ERROR with
 * err "stopped"). */
typedef int (*http_body_fn)(void *arg, const uint8_t *p, size_t n);

struct http_resp {
	enum http_state st;
	int status; /* 100-999 once the status line is read */
	int minor;  /* HTTP/1.<minor> */
	bool chunked;
	bool has_length;
	bool until_close;
	uint64_t length; /* Content-Length */
	uint64_t left;	 /* bytes left in the body or chunk */
	uint64_t body;	 /* body bytes handed out */
	size_t head_bytes;
	size_t line_len;   /* bytes kept in line[] */
	size_t line_total; /* bytes of the current line, kept or not */
	bool cr;	   /* the last byte of the line so far was CR */
	char line[HTTP_LINE_KEEP];
	const char *err;
};

void http_resp_init(struct http_resp *r);
/*
 * Parse n bytes. *used gets the bytes consumed: less than n when it stops
 * at HTTP_HEAD_DONE (feed the rest again) or at the end of the message.
 */
enum http_feed http_resp_feed(struct http_resp *r, const uint8_t *p, size_t n,
			      size_t *used, http_body_fn fn, void *arg);
/* The peer closed: HTTP_MSG_DONE if that ends the body, else HTTP_ERROR. */
enum http_feed http_resp_eof(struct http_resp *r);

#endif
