/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the config library, private to core/conf/: the arena, a
 * growable string, the lexer and the snapshot format. Subsystems that own
 * keywords use the plugin API instead (conf_kw.h, conf_val.h,
 * conf_value.h; core/conf/README.md).
 */
#ifndef VIGIL_CORE_CONF_INT_H
#define VIGIL_CORE_CONF_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/conf/conf_value.h"

/* ---- arena: all of a model's memory, freed at once ---------------- */

struct conf_arena *conf_arena_new(void);
void conf_arena_free(struct conf_arena *a);
/* Zeroed memory; NULL on allocation failure. */
void *conf_arena_alloc(struct conf_arena *a, size_t n);
char *conf_arena_strdup(struct conf_arena *a, const char *s);
char *conf_arena_strndup(struct conf_arena *a, const char *s, size_t n);
/* Total bytes held (for tests of memory growth). */
size_t conf_arena_size(const struct conf_arena *a);

/* ---- growable string ---------------------------------------------- */

struct conf_buf {
	char *s;
	size_t len, cap;
	bool oom;
};

void conf_buf_init(struct conf_buf *b);
void conf_buf_free(struct conf_buf *b);
void conf_buf_add(struct conf_buf *b, const char *s, size_t n);
void conf_buf_addc(struct conf_buf *b, char c);
void conf_buf_adds(struct conf_buf *b, const char *s);
void conf_buf_printf(struct conf_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- lexer -------------------------------------------------------- */

struct conf_tok {
	char *s;     /* NUL-terminated, quotes removed, escapes applied */
	bool quoted; /* any part was quoted: never a brace */
};

struct conf_toks {
	struct conf_tok *v;
	size_t n, cap;
	struct conf_buf text; /* storage for the token strings */
};

void conf_toks_init(struct conf_toks *t);
void conf_toks_free(struct conf_toks *t);
/* True for an unquoted "{" or "}". */
bool conf_tok_is(const struct conf_tok *t, char brace);

/*
 * Split one line into tokens: whitespace separates, '#' and '!' outside
 * quotes start a comment (if `comments`), '{' and '}' outside quotes are
 * tokens of their own, "..." and '...' quote (with \n \t \xHH \NNN \cC
 * escapes inside). Returns 0, or -1 with *err set (unmatched quote, NUL
 * byte, memory).
 */
int conf_lex_line(const char *s, size_t len, bool comments,
		  struct conf_toks *out, const char **err);
/* The length of `s` before a comment ('#' or '!' outside quotes). */
size_t conf_lex_strip_comment(const char *s, size_t len);
/* Append `s` as one token that conf_lex_line() reads back unchanged. */
void conf_lex_quote(struct conf_buf *b, const char *s, bool brace_ok);

/* ---- snapshot markers --------------------------------------------- */

/*
 * The snapshot is keepalived syntax with every include, conditional,
 * definition and ~SEQ resolved, one statement per line, every token
 * re-quoted, and comment lines that carry each line's origin:
 *
 *   #@vigil-snapshot 1            first line
 *   #@F <id> "<file name>"        file <id> (decimal) is named so
 *   #@L <id> <line>               the next line comes from <id>:<line>
 *
 * A line without a #@L marker comes from the line after the previous
 * one in the same file.
 */
#define CONF_SNAP_MAGIC "#@vigil-snapshot 1"

/* core's part of global_defs: its UNSET markers (conf_obj.c); each
 * subsystem's row sets its own after it. */
void conf_init_global(struct conf_global *g);

/* ---- diagnostics helpers ------------------------------------------ */

void conf_diag_vadd(struct conf_diags *d, enum conf_severity sev,
		    const struct conf_loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

#endif
