/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the config reader shared by core/conf*.c; nothing outside
 * core/conf*.c includes this.
 */
#ifndef VIGIL_CORE_CONF_INT_H
#define VIGIL_CORE_CONF_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"

/* ---- arena: all of a model's memory, freed at once ---------------- */

struct conf_arena *conf_arena_new(void);
void conf_arena_free(struct conf_arena *a);
/* Zeroed memory; NULL on allocation failure. */
void *conf_arena_alloc(struct conf_arena *a, size_t n);
char *conf_arena_strdup(struct conf_arena *a, const char *s);
char *conf_arena_strndup(struct conf_arena *a, const char *s, size_t n);
/* Total bytes held (for tests of memory growth). */
size_t conf_arena_size(const struct conf_arena *a);

/* Append an object whose first member is `next`. */
void conf_list_append(struct conf_list *l, void *obj);

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

/* ---- value parsers (no diagnostics; return -1 on bad input) ------- */

int conf_parse_u32(const char *s, uint32_t *v);
/* A hexadecimal digit's value, or -1. */
int conf_hex_digit(char c);
/* Two hex digits an octet, the whole of s, at most max octets: returns
 * the number of octets, or -1 (odd length, too long, not hex). */
int conf_parse_hex(const char *s, uint8_t *out, size_t max);
int conf_parse_i32(const char *s, int32_t *v);
int conf_parse_u64(const char *s, uint64_t *v);
/* Decimal seconds with up to microsecond resolution -> microseconds. */
int conf_parse_time(const char *s, uint64_t *us);
/* on|off|true|false|yes|no */
int conf_parse_bool(const char *s, bool *v);
/* ADDR or, if allow_prefix, ADDR/LEN. */
int conf_parse_addr(const char *s, bool allow_prefix, struct conf_addr *a);
/* A port 1..65535 (0 if allow_zero). */
int conf_parse_port(const char *s, bool allow_zero, uint16_t *p);
/* Format an address (with /prefix when it has one). */
const char *conf_addr_str(const struct conf_addr *a, char *buf, size_t n);
bool conf_addr_eq(const struct conf_addr *a, const struct conf_addr *b);
int conf_addr_cmp(const struct conf_addr *a, const struct conf_addr *b);
bool conf_addr_is_multicast(const struct conf_addr *a);
bool conf_addr_is_linklocal(const struct conf_addr *a);
/* Host bits beyond the prefix are zero. */
bool conf_addr_is_network(const struct conf_addr *a);

/* Every script slot of the model (set or not), for validation. */
typedef void (*conf_script_obj_fn)(const struct conf_script *s, void *arg);
void conf_for_each_script_obj(const struct conf *c, conf_script_obj_fn fn,
			      void *arg);

/* ---- diagnostics helpers ------------------------------------------ */

void conf_diag_vadd(struct conf_diags *d, enum conf_severity sev,
		    const struct conf_loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
void conf_err(struct conf_diags *d, const struct conf_loc *loc, const char *fmt,
	      ...) __attribute__((format(printf, 3, 4)));
void conf_warn(struct conf_diags *d, const struct conf_loc *loc,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
