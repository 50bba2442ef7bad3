// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lexer of keepalived's language: one line into tokens.
 *
 * keepalived.conf(5): '#' and '!' start a comment anywhere on a line;
 * "..." and '...' quote, the quote characters are removed and quoted parts
 * join the text around them into one token; inside quotes \a \b \E \f \n
 * \r \t \v \NNN \xHH and \cC are escapes and \C is C. Braces are tokens of
 * their own unless quoted. keepalived itself lets '!' end a single-quoted
 * string early; here both quote styles protect '#' and '!'.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "core/conf/conf_int.h"

void
conf_toks_init(struct conf_toks *t)
{
	memset(t, 0, sizeof(*t));
	conf_buf_init(&t->text);
}

void
conf_toks_free(struct conf_toks *t)
{
	free(t->v);
	conf_buf_free(&t->text);
	memset(t, 0, sizeof(*t));
}

bool
conf_tok_is(const struct conf_tok *t, char brace)
{
	return !t->quoted && t->s[0] == brace && t->s[1] == '\0';
}

/* Character classes, one table lookup per character on the hot path. */
#define CL_SPACE 0x1u
#define CL_BRACE 0x2u
#define CL_COMMENT 0x4u
#define CL_QUOTE 0x8u
#define CL_NUL 0x10u

/* clang-format off */
static const uint8_t cls[256] = {
	['\0'] = CL_NUL,     [' '] = CL_SPACE,	    ['\t'] = CL_SPACE,
	['\n'] = CL_SPACE,   ['\v'] = CL_SPACE,    ['\f'] = CL_SPACE,
	['\r'] = CL_SPACE,   ['{'] = CL_BRACE,	    ['}'] = CL_BRACE,
	['#'] = CL_COMMENT,  ['!'] = CL_COMMENT,    ['"'] = CL_QUOTE,
	['\''] = CL_QUOTE,
};
/* clang-format on */

static unsigned
cl(char c)
{
	return cls[(unsigned char)c];
}

static bool
is_comment(char c)
{
	return cl(c) & CL_COMMENT;
}

size_t
conf_lex_strip_comment(const char *s, size_t len)
{
	char q = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (q) {
			if (c == '\\' && i + 1 < len)
				i++;
			else if (c == q)
				q = 0;
		} else if (c == '"' || c == '\'') {
			q = c;
		} else if (is_comment(c)) {
			return i;
		}
	}
	return len;
}

/* One escape after a backslash inside quotes; returns chars consumed. */
static size_t
lex_escape(const char *s, size_t len, int *out)
{
	static const char simple[] = "a\ab\bE\033f\fn\nr\rt\tv\v";
	const char *p;
	size_t i = 0;
	int v = 0;

	if (s[0] >= '0' && s[0] <= '7') {
		while (i < len && i < 3 && s[i] >= '0' && s[i] <= '7')
			v = v * 8 + (s[i++] - '0');
		*out = v & 0xff;
		return i;
	}
	if (s[0] == 'x' && len > 1 && conf_hex_digit(s[1]) >= 0) {
		for (i = 1; i < len && i < 3 && conf_hex_digit(s[i]) >= 0; i++)
			v = v * 16 + conf_hex_digit(s[i]);
		*out = v;
		return i;
	}
	if (s[0] == 'c' && len > 1) {
		*out = toupper((unsigned char)s[1]) & 0x1f;
		return 2;
	}
	for (p = simple; *p; p += 2) {
		if (*p == s[0]) {
			*out = (unsigned char)p[1];
			return 1;
		}
	}
	*out = (unsigned char)s[0];
	return 1;
}

struct lexer {
	const char *s;
	size_t len, i;
	bool comments;
	struct conf_toks *out;
	size_t *starts; /* offsets into out->text, one per token */
	size_t nstarts_cap;
	const char *err;
};

static int
tok_begin(struct lexer *lx, bool quoted)
{
	struct conf_toks *t = lx->out;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct conf_tok *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	if (t->n == lx->nstarts_cap) {
		size_t cap = lx->nstarts_cap ? lx->nstarts_cap * 2 : 16;
		size_t *st = realloc(lx->starts, cap * sizeof(*st));

		if (!st)
			return -1;
		lx->starts = st;
		lx->nstarts_cap = cap;
	}
	lx->starts[t->n] = t->text.len;
	t->v[t->n].quoted = quoted;
	t->v[t->n].s = NULL;
	t->n++;
	return 0;
}

static void
tok_end(struct lexer *lx)
{
	conf_buf_addc(&lx->out->text, '\0');
}

/* A quoted part starting at lx->i (the quote character). */
static int
lex_quoted(struct lexer *lx)
{
	char q = lx->s[lx->i++];
	struct conf_buf *b = &lx->out->text;

	while (lx->i < lx->len && lx->s[lx->i] != q) {
		int c = (unsigned char)lx->s[lx->i++];

		if (c == '\\' && lx->i < lx->len)
			lx->i += lex_escape(lx->s + lx->i, lx->len - lx->i, &c);
		if (c == 0) {
			lx->err = "NUL character in a quoted string";
			return -1;
		}
		conf_buf_addc(b, (char)c);
	}
	if (lx->i >= lx->len) {
		lx->err = "unmatched quote";
		return -1;
	}
	lx->i++;
	lx->out->v[lx->out->n - 1].quoted = true;
	return 0;
}

static unsigned
word_end_mask(const struct lexer *lx)
{
	return CL_SPACE | CL_BRACE | (lx->comments ? CL_COMMENT : 0);
}

/* A word: plain text and quoted parts up to whitespace, brace or comment. */
static int
lex_word(struct lexer *lx)
{
	if (tok_begin(lx, false) < 0)
		return -1;
	unsigned end = word_end_mask(lx);

	while (lx->i < lx->len) {
		size_t run = lx->i;

		/* copy plain text a run at a time */
		while (run < lx->len &&
		       !(cl(lx->s[run]) & (end | CL_QUOTE | CL_NUL)))
			run++;
		conf_buf_add(&lx->out->text, lx->s + lx->i, run - lx->i);
		lx->i = run;
		if (lx->i >= lx->len || (cl(lx->s[lx->i]) & end))
			break;
		if (lx->s[lx->i] == '\0') {
			lx->err = "NUL character";
			return -1;
		}
		if (lex_quoted(lx) < 0)
			return -1;
	}
	tok_end(lx);
	return 0;
}

static int
lex_run(struct lexer *lx)
{
	while (lx->i < lx->len) {
		char c = lx->s[lx->i];

		if (cl(c) & CL_SPACE) {
			lx->i++;
		} else if (lx->comments && is_comment(c)) {
			break;
		} else if (c == '{' || c == '}') {
			if (tok_begin(lx, false) < 0)
				return -1;
			conf_buf_addc(&lx->out->text, c);
			tok_end(lx);
			lx->i++;
		} else if (lex_word(lx) < 0) {
			return -1;
		}
	}
	return 0;
}

int
conf_lex_line(const char *s, size_t len, bool comments, struct conf_toks *out,
	      const char **err)
{
	struct lexer lx = {
		.s = s, .len = len, .comments = comments, .out = out};
	int r;

	out->n = 0;
	out->text.len = 0;
	out->text.oom = false;
	r = lex_run(&lx);
	if (r == 0 && out->text.oom)
		r = -1;
	if (r < 0) {
		*err = lx.err ? lx.err : "out of memory";
		out->n = 0;
	} else {
		for (size_t k = 0; k < out->n; k++)
			out->v[k].s = out->text.s + lx.starts[k];
	}
	free(lx.starts);
	return r;
}

static bool
needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == 0x7f || c == '"' || c == '\'' ||
		    c == '\\' || c == '{' || c == '}' || is_comment((char)c))
			return true;
	}
	return false;
}

void
conf_lex_quote(struct conf_buf *b, const char *s, bool brace_ok)
{
	if (brace_ok || !needs_quotes(s)) {
		conf_buf_adds(b, s);
		return;
	}
	conf_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			conf_buf_addc(b, '\\');
			conf_buf_addc(b, (char)c);
		} else if (c < ' ' || c == 0x7f) {
			conf_buf_printf(b, "\\x%02x", c);
		} else {
			conf_buf_addc(b, (char)c);
		}
	}
	conf_buf_addc(b, '"');
}
