// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP reply parser. See smtp_parse.h. */
#include "config.h"

#include <string.h>

#include "core/runtime/smtp_parse.h"

void
smtp_reply_init(struct smtp_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->first_line = true;
}

static enum smtp_feed
error(struct smtp_reply *r, const char *why)
{
	r->err = why;
	return SMTP_ERROR;
}

/* A line is complete: "DDD-..." continues, "DDD ..." or "DDD" ends. */
static enum smtp_feed
line_done(struct smtp_reply *r)
{
	const char *h = r->head;
	int code;

	if (r->line_len < 3 || h[0] < '2' || h[0] > '5' || h[1] < '0' ||
	    h[1] > '5' || h[2] < '0' || h[2] > '9')
		return error(r, "bad reply code");
	code = (h[0] - '0') * 100 + (h[1] - '0') * 10 + (h[2] - '0');
	if (!r->first_line && code != r->code)
		return error(r, "reply code changes between lines");
	r->code = code;
	r->first_line = false;
	if (r->line_len > 3 && h[3] == '-') {
		r->line_len = 0;
		return SMTP_MORE;
	}
	if (r->line_len > 3 && h[3] != ' ')
		return error(r, "bad reply separator");
	return SMTP_DONE;
}

static void
keep(struct smtp_reply *r, char ch)
{
	if (r->line_len < 4)
		r->head[r->line_len] = ch;
	else if (r->first_line && r->text_len < sizeof(r->text) - 1 &&
		 ch >= 0x20 && ch < 0x7f)
		r->text[r->text_len++] = ch;
	r->line_len++;
}

enum smtp_feed
smtp_reply_feed(struct smtp_reply *r, const uint8_t *p, size_t n, size_t *used)
{
	for (size_t i = 0; i < n; i++) {
		enum smtp_feed f;

		*used = i + 1;
		if (++r->total > SMTP_REPLY_MAX)
			return error(r, "reply too long");
		if (p[i] == '\r')
			continue;
		if (p[i] != '\n') {
			if (p[i] == '\0')
				return error(r, "NUL in reply");
			keep(r, (char)p[i]);
			if (r->line_len > SMTP_LINE_MAX)
				return error(r, "line too long");
			continue;
		}
		r->text[r->text_len] = '\0';
		f = line_done(r);
		if (f != SMTP_MORE)
			return f;
	}
	*used = n;
	return SMTP_MORE;
}
