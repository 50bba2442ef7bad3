// SPDX-License-Identifier: GPL-2.0-or-later
/* The management listener's request head (http_req.h). */
#include "config.h"

#include <string.h>

#include "mgmt/http_req.h"

/* The end of the head: an empty line (CRLF CRLF, or LF LF from a lenient
 * client). Returns the length of the head or 0. */
static size_t
head_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

static int
fail(int *status, int code)
{
	*status = code;
	return -1;
}

/* "METHOD SP TARGET SP HTTP/1.d" (RFC 9112 §3). */
static int
request_line(const char *s, size_t n, struct http_req *r, int *status)
{
	const char *sp1 = memchr(s, ' ', n), *sp2, *q;
	size_t tlen;

	if (!sp1 || sp1 == s)
		return fail(status, 400);
	sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - s));
	if (!sp2 || sp2 == sp1 + 1)
		return fail(status, 400);
	if ((size_t)(s + n - (sp2 + 1)) != 8 || memcmp(sp2 + 1, "HTTP/1.", 7) ||
	    sp2[8] < '0' || sp2[8] > '9')
		return fail(status, 400);
	r->minor = (unsigned)(sp2[8] - '0');
	if (sp1 - s == 3 && !memcmp(s, "GET", 3))
		r->method = HTTP_GET;
	else if (sp1 - s == 4 && !memcmp(s, "HEAD", 4))
		r->method = HTTP_HEAD;
	else
		r->method = HTTP_OTHER;
	tlen = (size_t)(sp2 - (sp1 + 1));
	q = memchr(sp1 + 1, '?', tlen);
	if (q)
		tlen = (size_t)(q - (sp1 + 1));
	if (sp1[1] != '/')
		return fail(status, 400);
	if (tlen >= sizeof(r->path))
		return fail(status, 414);
	memcpy(r->path, sp1 + 1, tlen);
	r->path[tlen] = '\0';
	for (size_t i = 0; i < tlen; i++)
		if ((unsigned char)r->path[i] <= ' ' ||
		    (unsigned char)r->path[i] >= 0x7f)
			return fail(status, 400);
	return 1;
}

int
http_req_parse(const char *buf, size_t len, struct http_req *r, int *status)
{
	size_t end = head_end(buf, len > HTTP_REQ_MAX ? HTTP_REQ_MAX : len);
	const char *nl;
	size_t n;

	memset(r, 0, sizeof(*r));
	*status = 0;
	if (!end)
		return len >= HTTP_REQ_MAX ? fail(status, 431) : 0;
	nl = memchr(buf, '\n', end);
	n = (size_t)(nl - buf);
	if (n && buf[n - 1] == '\r')
		n--;
	return request_line(buf, n, r, status);
}
