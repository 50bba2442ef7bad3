// SPDX-License-Identifier: GPL-2.0-or-later
/* The regex of an HTTP_GET/SSL_GET url: compile, window, match. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check/http_regex.h"
#include "check/conf_regex.h"

/* Bytes before regex_min_offset a match may look at: the pattern's
 * longest lookbehind, and one more for \b and a multiline ^. */
static size_t
lookback(const pcre2_code *c, uint32_t min_offset)
{
	uint32_t lb = 0, opts = 0;
	size_t n;

	pcre2_pattern_info(c, PCRE2_INFO_MAXLOOKBEHIND, &lb);
	pcre2_pattern_info(c, PCRE2_INFO_ALLOPTIONS, &opts);
	n = (size_t)lb * (opts & PCRE2_UTF ? 4 : 1) + 1;
	if (n > HTTP_REGEX_TAIL)
		n = HTTP_REGEX_TAIL;
	return n < min_offset ? n : min_offset;
}

static void
window(struct http_regex *r, const struct chk_url *u)
{
	size_t span = HTTP_REGEX_WINDOW;

	r->start = lookback(r->code, u->regex_min_offset);
	r->first = u->regex_min_offset - r->start;
	if (u->regex_max_offset)
		span = (size_t)(u->regex_max_offset - u->regex_min_offset) +
		       HTTP_REGEX_TAIL;
	r->max = r->start + span;
	if (r->max > HTTP_REGEX_WINDOW_MAX)
		r->max = HTTP_REGEX_WINDOW_MAX;
}

static int
limits(struct http_regex *r, const struct chk_url *u, bool jit)
{
	if (!(r->mctx = pcre2_match_context_create(NULL)) ||
	    !(r->md = pcre2_match_data_create(1, NULL)))
		return -1;
	pcre2_set_match_limit(r->mctx, HTTP_REGEX_MATCH_LIMIT);
	pcre2_set_heap_limit(r->mctx, HTTP_REGEX_HEAP_KIB);
	if (u->regex_max_offset)
		pcre2_set_offset_limit(r->mctx, u->regex_max_offset - r->first);
	if (!jit || !u->regex_stack_max)
		return 0; /* JIT: PCRE2's 32 KiB on the machine stack */
	r->jit = pcre2_jit_stack_create(u->regex_stack_start,
					u->regex_stack_max, NULL);
	if (!r->jit)
		return -1;
	pcre2_jit_stack_assign(r->mctx, NULL, r->jit);
	return 0;
}

int
http_regex_init(struct http_regex *r, const struct chk_url *u, char *err,
		size_t errlen)
{
	bool jit;

	memset(r, 0, sizeof(*r));
	r->no_match = u->regex_no_match;
	r->code = conf_regex_compile(u->regex, u->regex_flags,
				     u->regex_max_offset != 0, err, errlen);
	if (!r->code)
		return -1;
	/* Without JIT (an architecture PCRE2 has none for), the
	 * interpreter runs the same pattern under the same limits and
	 * regex_stack has nothing to size. */
	jit = !pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	window(r, u);
	if (limits(r, u, jit) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
http_regex_fini(struct http_regex *r)
{
	pcre2_jit_stack_free(r->jit);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mctx);
	pcre2_code_free(r->code);
	memset(r, 0, sizeof(*r));
}

void
http_win_reset(struct http_win *w, const struct http_regex *r)
{
	w->len = 0;
	w->max = r->max;
	w->first = r->first;
	w->cut = false;
}

void
http_win_feed(struct http_win *w, uint64_t at, const uint8_t *p, size_t n)
{
	uint64_t end = at + n, next = w->first + w->len;
	uint64_t last = w->first + w->max;

	if (end > last)
		w->cut = true;
	/* The body streams in order: append what is new and inside. */
	if (at > next || end <= next || next >= last)
		return;
	if (end > last)
		end = last;
	memcpy(w->buf + w->len, p + (next - at), end - next);
	w->len = end - w->first;
}

static enum http_regex_verdict
run_error(int rc, char *why, size_t whylen)
{
	PCRE2_UCHAR msg[96];

	pcre2_get_error_message(rc, msg, sizeof(msg));
	snprintf(why, whylen, "%s%s", (char *)msg,
		 rc == PCRE2_ERROR_JIT_STACKLIMIT ? " (raise regex_stack)"
						  : "");
	return HTTP_REGEX_ERROR;
}

enum http_regex_verdict
http_regex_run(const struct http_regex *r, const struct http_win *w, char *why,
	       size_t whylen)
{
	static const uint8_t empty[1];
	uint32_t opts = 0;
	int rc = PCRE2_ERROR_NOMATCH;

	/* A body shorter than regex_min_offset has nothing to match. */
	if (w->len >= r->start) {
		if (w->first)
			opts |= PCRE2_NOTBOL; /* buf[0] is not the body's */
		if (w->cut)
			opts |= PCRE2_NOTEOL; /* nor is its end */
		rc = pcre2_match(r->code, w->buf ? w->buf : empty, w->len,
				 r->start, opts, r->md, r->mctx);
	}
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return run_error(rc, why, whylen);
	snprintf(why, whylen, "%s", rc >= 0 ? "matched" : "no match");
	return (rc >= 0) == r->no_match ? HTTP_REGEX_FAIL : HTTP_REGEX_PASS;
}
