// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The alert message as it goes after DATA: RFC 5322 headers, a blank line,
 * a text/plain UTF-8 body; CRLF lines, dot-stuffed (RFC 5321 §4.5.2),
 * ended by "\r\n.\r\n". See smtp_client.h.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parent/smtp_client.h"

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A header value from config or events: no line breaks or controls can
 * reach the header block (no header injection). */
static void
put_value(struct buf *b, const char *s)
{
	for (; *s; s++) {
		char ch = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;

		put(b, &ch, 1);
	}
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
put_base64(struct buf *b, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		v |= i + 1 < n ? (unsigned)s[i + 1] << 8 : 0;
		v |= i + 2 < n ? s[i + 2] : 0;
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		put(b, q, 4);
	}
}

static bool
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/*
 * RFC 2047 §2, §5: a non-ASCII Subject goes as "B" encoded-words of at most
 * 75 characters, each holding whole UTF-8 characters, folded onto
 * continuation lines.
 */
static void
put_subject(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	puts_(b, "Subject: ");
	if (ascii(s)) {
		put_value(b, s);
		return;
	}
	while (n) {
		size_t take = n < 45 ? n : 45; /* 60 base64 chars */

		/* do not cut a character: back up over continuation bytes */
		while (take < n && take > 1 &&
		       ((unsigned char)s[take] & 0xc0) == 0x80)
			take--;
		puts_(b, "=?UTF-8?B?");
		put_base64(b, (const unsigned char *)s, take);
		puts_(b, "?=");
		s += take;
		n -= take;
		if (n)
			puts_(b, "\r\n ");
	}
}

static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
				   "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void
smtp_date(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, n, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	/* by hand: strftime's %a and %b follow the locale */
	snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
put_headers(struct buf *b, const struct smtp_message *m)
{
	char date[64];

	smtp_date(m->when, date, sizeof(date));
	puts_(b, "From: ");
	put_value(b, m->from);
	puts_(b, "\r\nTo: ");
	for (size_t i = 0; i < m->nto; i++) {
		if (i)
			puts_(b, ",\r\n ");
		put_value(b, m->to[i]);
	}
	puts_(b, "\r\n");
	put_subject(b, m->subject);
	puts_(b, "\r\nDate: ");
	puts_(b, date);
	puts_(b, "\r\nMessage-ID: <");
	put_value(b, m->msgid);
	puts_(b, ">\r\nMIME-Version: 1.0\r\n"
		 "Content-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: 8bit\r\n\r\n");
}

/* Body lines end in CRLF whatever they ended in; a line starting with
 * '.' gets another one (RFC 5321 §4.5.2); a bare CR is dropped. */
static void
put_body(struct buf *b, const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (*s == '\r')
			continue;
		if (bol && *s == '.')
			put(b, ".", 1);
		bol = *s == '\n';
		if (bol)
			put(b, "\r\n", 2);
		else
			put(b, s, 1);
	}
	if (!bol)
		put(b, "\r\n", 2);
	put(b, ".\r\n", 3);
}

char *
smtp_message_build(const struct smtp_message *m)
{
	struct buf b = {0};

	put_headers(&b, m);
	put_body(&b, m->body);
	if (b.oom) {
		free(b.p);
		errno = ENOMEM;
		return NULL;
	}
	return b.p;
}
