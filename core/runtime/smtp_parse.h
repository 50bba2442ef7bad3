/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMTP reply parser (RFC 5321 §4.2): one reply, single- or multi-line
 * ("250-first", "250 last"), every line with the same three-digit code.
 * Fixed memory; lines and the whole reply are bounded. Pure.
 */
#ifndef VIGIL_CORE_SMTP_PARSE_H
#define VIGIL_CORE_SMTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMTP_LINE_MAX 2048 /* RFC 5321 §4.5.3.1.5 says 512 */
#define SMTP_REPLY_MAX 16384
#define SMTP_TEXT_KEEP 48

enum smtp_feed {
	SMTP_MORE = 0,
	SMTP_DONE,  /* r->code holds the reply code */
	SMTP_ERROR, /* r->err */
};

struct smtp_reply {
	int code;
	size_t total;		   /* bytes of this reply so far */
	size_t line_len;	   /* bytes of the current line */
	char head[4];		   /* first four bytes of the current line */
	char text[SMTP_TEXT_KEEP]; /* text of the first line */
	size_t text_len;
	bool first_line;
	const char *err;
};

void smtp_reply_init(struct smtp_reply *r);
/* *used: bytes consumed (stops right after the reply's last line). */
enum smtp_feed smtp_reply_feed(struct smtp_reply *r, const uint8_t *p, size_t n,
			       size_t *used);

#endif
