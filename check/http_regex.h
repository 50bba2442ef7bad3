/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `regex` of an HTTP_GET/SSL_GET url: PCRE2, compiled once per url
 * (JIT when the platform has it, on regex_stack's JIT stack), matched
 * against a bounded window of the body so that a body of any size costs
 * fixed memory, under a match limit and a heap limit so that a hostile
 * body cannot burn the CPU or the memory. Pure: no sockets, no clock.
 *
 * The window holds the body bytes [first, first + max): from
 * regex_min_offset (less the bytes a lookbehind, \b or a multiline ^ may
 * look at before it) for (regex_max_offset - regex_min_offset) + 4 KiB
 * (the longest a match started at regex_max_offset may run), or 64 KiB
 * without regex_max_offset; never more than HTTP_REGEX_WINDOW_MAX.
 */
#ifndef VIGIL_CHECK_HTTP_REGEX_H
#define VIGIL_CHECK_HTTP_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "check/conf.h"

#define HTTP_REGEX_WINDOW (64u * 1024u)	      /* without regex_max_offset */
#define HTTP_REGEX_WINDOW_MAX (1024u * 1024u) /* any window */
#define HTTP_REGEX_TAIL 4096u		      /* past regex_max_offset */
#define HTTP_REGEX_MATCH_LIMIT 1000000u	      /* pcre2_set_match_limit */
#define HTTP_REGEX_HEAP_KIB 4096u	      /* pcre2_set_heap_limit */

struct http_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit; /* regex_stack, else NULL */
	pcre2_match_data *md; /* reused by every run */
	uint64_t first;	      /* body offset of the window's first byte */
	size_t start;	      /* regex_min_offset in the window */
	size_t max;	      /* window bytes */
	bool no_match;	      /* regex_no_match */
};

/* The body bytes a url's regex sees, filled as the body streams. */
struct http_win {
	uint8_t *buf;
	size_t len, max; /* bytes kept, bytes wanted (<= the allocation) */
	uint64_t first;	 /* body offset of buf[0] */
	bool cut;	 /* body bytes after the window were dropped */
};

enum http_regex_verdict {
	HTTP_REGEX_PASS,  /* matched (or did not, with regex_no_match) */
	HTTP_REGEX_FAIL,  /* the other way round */
	HTTP_REGEX_ERROR, /* no answer: match or heap limit, JIT stack */
};

/* Compiles u's regex. 0, or -1 with "MESSAGE at offset N" (or "out of
 * memory") in err; http_regex_fini() in both cases. */
int http_regex_init(struct http_regex *r, const struct chk_url *u, char *err,
		    size_t errlen);
void http_regex_fini(struct http_regex *r);

/* Empties w for a run of r (w->buf holds at least r->max bytes). */
void http_win_reset(struct http_win *w, const struct http_regex *r);
/* Body bytes [at, at + n) arrived: keeps those inside the window. */
void http_win_feed(struct http_win *w, uint64_t at, const uint8_t *p, size_t n);
/* The body is complete: matches the window. "matched", "no match" or the
 * PCRE2 error in why. */
enum http_regex_verdict http_regex_run(const struct http_regex *r,
				       const struct http_win *w, char *why,
				       size_t whylen);

#endif
