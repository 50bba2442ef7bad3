// SPDX-License-Identifier: GPL-2.0-or-later
/* Streaming HTTP/1.x response parser. See http_parse.h. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "check/http_parse.h"

void
http_resp_init(struct http_resp *r)
{
	memset(r, 0, sizeof(*r));
}

static enum http_feed
error(struct http_resp *r, const char *why)
{
	r->st = HS_ERROR;
	r->err = why;
	return HTTP_ERROR;
}

/* "HTTP/1.1 200 OK" (RFC 9112 §4). */
static enum http_feed
status_line(struct http_resp *r)
{
	const char *l = r->line;
	int code = 0;

	if (r->line_len < 12 || memcmp(l, "HTTP/1.", 7) || l[7] < '0' ||
	    l[7] > '9' || l[8] != ' ')
		return error(r, "not an HTTP/1.x status line");
	for (int i = 9; i < 12; i++) {
		if (l[i] < '0' || l[i] > '9')
			return error(r, "bad status code");
		code = code * 10 + (l[i] - '0');
	}
	if (code < 100 || (r->line_len > 12 && l[12] != ' '))
		return error(r, "bad status code");
	r->minor = l[7] - '0';
	r->status = code;
	r->st = HS_HEADER;
	return HTTP_MORE;
}

static const char *
header_value(const struct http_resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *v;

	if (r->line_len <= n || strncasecmp(r->line, name, n) ||
	    r->line[n] != ':')
		return NULL;
	v = r->line + n + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	return v;
}

static enum http_feed
content_length(struct http_resp *r, const char *v)
{
	uint64_t len = 0;
	const char *p = v;

	if (r->line_total > r->line_len)
		return error(r, "Content-Length line too long");
	for (; *p >= '0' && *p <= '9'; p++) {
		if (len > (UINT64_MAX - 9) / 10)
			return error(r, "Content-Length too large");
		len = len * 10 + (uint64_t)(*p - '0');
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (p == v || *p)
		return error(r, "bad Content-Length");
	if (r->has_length && r->length != len)
		return error(r, "conflicting Content-Length");
	r->has_length = true;
	r->length = len;
	return HTTP_MORE;
}

/* Transfer-Encoding: chunked must be the last coding (RFC 9112 §6.1);
 * any other coding ends the body at close. */
static void
transfer_encoding(struct http_resp *r, const char *v)
{
	size_t n = strlen(v);

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= 7 && !strncasecmp(v + n - 7, "chunked", 7) &&
	    (n == 7 || v[n - 8] == ' ' || v[n - 8] == ','))
		r->chunked = true;
	else
		r->until_close = true;
}

/* RFC 9112 §6.3: which body follows the header block. */
static enum http_feed
head_done(struct http_resp *r)
{
	if (r->status < 200 && r->status != 101) {
		/* Interim response: the real one follows. */
		size_t keep = r->head_bytes;

		http_resp_init(r);
		r->head_bytes = keep;
		return HTTP_MORE;
	}
	if (r->status == 204 || r->status == 304 || r->status < 200) {
		r->st = HS_DONE;
	} else if (r->chunked) {
		r->st = HS_CHUNK_SIZE;
	} else if (r->has_length && !r->until_close) {
		r->left = r->length;
		r->st = r->length ? HS_BODY : HS_DONE;
	} else {
		r->until_close = true;
		r->st = HS_BODY;
	}
	return HTTP_HEAD_DONE;
}

static enum http_feed
header_line(struct http_resp *r)
{
	const char *v;

	if (r->line_total == 0)
		return head_done(r);
	if (r->line[0] == ' ' || r->line[0] == '\t')
		return HTTP_MORE; /* obsolete folding: not a header we read */
	if ((v = header_value(r, "content-length")))
		return content_length(r, v);
	if ((v = header_value(r, "transfer-encoding")))
		transfer_encoding(r, v);
	return HTTP_MORE;
}

static int
hexdigit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "1a2b[;ext]" (RFC 9112 §7.1). */
static enum http_feed
chunk_size(struct http_resp *r)
{
	uint64_t size = 0;
	size_t i = 0;
	int d;

	for (; i < r->line_len && (d = hexdigit(r->line[i])) >= 0; i++) {
		if (size >> 59)
			return error(r, "chunk too large");
		size = size * 16 + (uint64_t)d;
	}
	if (i == 0 || (i < r->line_len && r->line[i] != ';' &&
		       r->line[i] != ' ' && r->line[i] != '\t'))
		return error(r, "bad chunk size");
	r->left = size;
	r->st = size ? HS_CHUNK_DATA : HS_TRAILER;
	return HTTP_MORE;
}

static enum http_feed
line_done(struct http_resp *r)
{
	switch (r->st) {
	case HS_STATUS:
		return status_line(r);
	case HS_HEADER:
		return header_line(r);
	case HS_CHUNK_SIZE:
		return chunk_size(r);
	case HS_CHUNK_END:
		if (r->line_total)
			return error(r, "missing CRLF after chunk");
		r->st = HS_CHUNK_SIZE;
		return HTTP_MORE;
	case HS_TRAILER:
		if (r->line_total == 0) {
			r->st = HS_DONE;
			return HTTP_MSG_DONE;
		}
		return HTTP_MORE;
	default:
		return error(r, "internal state");
	}
}

static bool
in_head(const struct http_resp *r)
{
	return r->st == HS_STATUS || r->st == HS_HEADER;
}

/* Take bytes of a line up to its LF; returns bytes used, sets *eol. */
static size_t
take_line(struct http_resp *r, const uint8_t *p, size_t n, bool *eol)
{
	const uint8_t *lf = memchr(p, '\n', n);
	size_t len = lf ? (size_t)(lf - p) : n;

	for (size_t i = 0; i < len; i++) {
		if (r->line_len < sizeof(r->line) - 1)
			r->line[r->line_len++] = (char)p[i];
		r->line_total++;
		r->cr = p[i] == '\r';
	}
	*eol = lf != NULL;
	if (*eol) {
		/* Drop the CR of CRLF (a bare LF is accepted too). */
		if (r->cr) {
			if (r->line_len == r->line_total)
				r->line_len--;
			r->line_total--;
		}
		r->line[r->line_len] = '\0';
		r->cr = false;
	}
	return lf ? len + 1 : len;
}

static enum http_feed
feed_line(struct http_resp *r, const uint8_t *p, size_t n, size_t *used)
{
	bool eol;
	enum http_feed f;

	*used = take_line(r, p, n, &eol);
	if (in_head(r)) {
		r->head_bytes += *used;
		if (r->head_bytes > HTTP_HEAD_MAX)
			return error(r, "header block too large");
	} else if (r->line_total > HTTP_LINE_KEEP) {
		return error(r, "chunk line too long");
	}
	if (!eol)
		return HTTP_MORE;
	f = line_done(r);
	r->line_len = 0;
	r->line_total = 0;
	return f;
}

static enum http_feed
feed_body(struct http_resp *r, const uint8_t *p, size_t n, size_t *used,
	  http_body_fn fn, void *arg)
{
	size_t take = n;

	if (!r->until_close && take > r->left)
		take = (size_t)r->left;
	*used = take;
	if (take && fn && fn(arg, p, take))
		return error(r, "stopped");
	r->body += take;
	if (r->until_close)
		return HTTP_MORE;
	r->left -= take;
	if (r->left)
		return HTTP_MORE;
	if (r->st == HS_CHUNK_DATA) {
		r->st = HS_CHUNK_END;
		return HTTP_MORE;
	}
	r->st = HS_DONE;
	return HTTP_MSG_DONE;
}

enum http_feed
http_resp_feed(struct http_resp *r, const uint8_t *p, size_t n, size_t *used,
	       http_body_fn fn, void *arg)
{
	size_t off = 0;

	*used = 0;
	while (off < n) {
		enum http_feed f;
		size_t u = 0;

		if (r->st == HS_DONE)
			break;
		if (r->st == HS_ERROR)
			return HTTP_ERROR;
		if (r->st == HS_BODY || r->st == HS_CHUNK_DATA)
			f = feed_body(r, p + off, n - off, &u, fn, arg);
		else
			f = feed_line(r, p + off, n - off, &u);
		off += u;
		*used = off;
		if (f != HTTP_MORE)
			return f;
	}
	return r->st == HS_DONE ? HTTP_MSG_DONE : HTTP_MORE;
}

enum http_feed
http_resp_eof(struct http_resp *r)
{
	if (r->st == HS_DONE || (r->st == HS_BODY && r->until_close)) {
		r->st = HS_DONE;
		return HTTP_MSG_DONE;
	}
	if (r->st == HS_ERROR)
		return HTTP_ERROR;
	return error(r, in_head(r) ? "closed before the header block ended"
				   : "closed before the body ended");
}
