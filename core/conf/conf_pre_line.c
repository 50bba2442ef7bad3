// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The preprocessor's line rules (keepalived.conf(5) "ADVANCED
 * CONFIGURATION"), applied to each line in this order:
 *
 *   @ID / @^ID     the line counts only if ID is (is not) the config id
 *   $NAME=VALUE    defines NAME; a VALUE ending in '\' continues on the
 *                  following lines of the file (a multi-line definition)
 *   ~SEQ(v, [start, [step,]] end) / ~SEQx(...) / ~LST(v, a, b...)
 *                  repeat the rest of the line for each value of $v
 *   $NAME, ${NAME} replaced by the definition, again and again (a $NAME
 *                  must be followed by white space or the line's end);
 *                  a multi-line value becomes lines of their own, each
 *                  going through these rules in turn
 *
 * keepalived substitutes a whole ~SEQ line before repeating it, so a
 * variable defined earlier under the ~SEQ variable's name breaks the loop;
 * here only the ~SEQ arguments are substituted first and the loop variable
 * is restored afterwards.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_pre.h"

#define ST_FROM_FILE 0x1u /* the line was read from a file */
#define ST_NO_SUBST 0x2u  /* already substituted */
#define MAX_SUBST 10000u  /* replacements in one line */

static void stmt(struct pp *pp, const struct conf_loc *loc, int file,
		 const char *s, size_t len, int depth, unsigned flags);

static bool
is_ident(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' ||
	       (!first && isdigit((unsigned char)c));
}

static size_t
ident_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && is_ident(s[n], n == 0))
		n++;
	return n;
}

static void
trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* ---- variables ---------------------------------------------------- */

static struct pp_var *
find_var(struct pp *pp, const char *name, size_t n)
{
	for (size_t i = 0; i < pp->nvars; i++)
		if (strlen(pp->vars[i].name) == n &&
		    !memcmp(pp->vars[i].name, name, n))
			return &pp->vars[i];
	return NULL;
}

int
pp_set_var(struct pp *pp, const char *name, size_t nlen, const char *value,
	   size_t vlen, bool multiline)
{
	struct pp_var *v = find_var(pp, name, nlen);
	char *val = strndup(value, vlen);

	if (!val)
		goto oom;
	if (!v) {
		if (pp->nvars == pp->capvars) {
			size_t cap = pp->capvars ? pp->capvars * 2 : 16;
			struct pp_var *nv =
				realloc(pp->vars, cap * sizeof(*nv));

			if (!nv)
				goto oom;
			pp->vars = nv;
			pp->capvars = cap;
		}
		v = &pp->vars[pp->nvars];
		v->name = strndup(name, nlen);
		if (!v->name)
			goto oom;
		v->value = NULL;
		pp->nvars++;
	}
	free(v->value);
	v->value = val;
	v->multiline = multiline;
	return 0;
oom:
	free(val);
	pp->fatal = true;
	return -1;
}

static void
del_var(struct pp *pp, const char *name, size_t n)
{
	struct pp_var *v = find_var(pp, name, n);

	if (!v)
		return;
	free(v->name);
	free(v->value);
	*v = pp->vars[--pp->nvars];
}

void
pp_vars_free(struct pp *pp)
{
	for (size_t i = 0; i < pp->nvars; i++) {
		free(pp->vars[i].name);
		free(pp->vars[i].value);
	}
	free(pp->vars);
	pp->vars = NULL;
	pp->nvars = pp->capvars = 0;
	conf_buf_free(&pp->cval);
}

/* ---- multi-line definitions --------------------------------------- */

void
pp_finish_collect(struct pp *pp)
{
	struct pp_var *v = pp->collect;

	if (!v)
		return;
	free(v->value);
	v->value = strdup(pp->cval.s ? pp->cval.s : "");
	v->multiline = true;
	if (!v->value || pp->cval.oom)
		pp->fatal = true;
	pp->collect = NULL;
	conf_buf_free(&pp->cval);
}

/*
 * One line of a multi-line definition, as read from the file (comment
 * not stripped), as keepalived reads it: the '\\' that continues the
 * definition is the line's last character even inside a comment, so a
 * commented-out line ending in '\\' continues it; a line left empty by
 * its comment is skipped; only an empty line or a line without the
 * final '\\' ends it. Returns false when the definition ends here.
 */
static bool
collect_add(struct pp *pp, const char *raw, size_t rawlen)
{
	size_t len;
	bool more;

	while (rawlen && raw[rawlen - 1] == '\r')
		rawlen--;
	if (!rawlen)
		return false;
	len = conf_lex_strip_comment(raw, rawlen);
	more = raw[rawlen - 1] == '\\';
	if (more && len == rawlen)
		len--;
	while (len && isspace((unsigned char)raw[len - 1]))
		len--;
	if (!len)
		return true;
	if (pp->cval.len)
		conf_buf_addc(&pp->cval, '\n');
	conf_buf_add(&pp->cval, raw, len);
	return more;
}

/* $NAME=VALUE; returns true if the line was a definition. */
static bool
definition(struct pp *pp, const char *s, size_t len, unsigned flags)
{
	size_t n = ident_len(s + 1, len - 1);
	const char *val;
	size_t vlen;

	if (n == 0 || 1 + n >= len || s[1 + n] != '=')
		return false;
	val = s + 2 + n;
	vlen = len - 2 - n;
	trim(&val, &vlen);
	if (vlen && val[vlen - 1] == '\\' && (flags & ST_FROM_FILE)) {
		if (pp_set_var(pp, s + 1, n, "", 0, true) < 0)
			return true;
		pp->collect = find_var(pp, s + 1, n);
		conf_buf_init(&pp->cval);
		conf_buf_add(&pp->cval, "", 0);
		if (vlen > 1)
			collect_add(pp, val, vlen);
		return true;
	}
	if (vlen && val[vlen - 1] == '\\')
		vlen--;
	pp_set_var(pp, s + 1, n, val, vlen, false);
	return true;
}

/* ---- substitution ------------------------------------------------- */

static int
predefined(struct pp *pp, const char *name, size_t n, const char *args,
	   size_t alen, struct conf_buf *val)
{
	const struct pp_frame *f =
		&pp->stack[pp->depth > 0 ? pp->depth - 1 : 0];

	if (n == 4 && !memcmp(name, "_PWD", 4)) {
		conf_buf_adds(val, f->pwd ? f->pwd : ".");
	} else if (n == 9 && !memcmp(name, "_INSTANCE", 9)) {
		conf_buf_adds(val, pp->o && pp->o->config_id ? pp->o->config_id
							     : "");
	} else if (n == 5 && !memcmp(name, "_HASH", 5)) {
		conf_buf_addc(val, '#');
	} else if (n == 5 && !memcmp(name, "_BANG", 5)) {
		conf_buf_addc(val, '!');
	} else if (n == 7 && !memcmp(name, "_RANDOM", 7)) {
		unsigned long lo = 0, hi = 32767;
		char tmp[64];

		snprintf(tmp, sizeof(tmp), "%.*s", (int)alen, args);
		if (sscanf(tmp, "%lu %lu", &lo, &hi) < 1)
			lo = 0;
		if (hi < lo)
			hi = lo;
		/* xorshift64: deterministic for one seed, no state shared */
		pp->rnd ^= pp->rnd << 13;
		pp->rnd ^= pp->rnd >> 7;
		pp->rnd ^= pp->rnd << 17;
		conf_buf_printf(val, "%lu",
				lo + (unsigned long)(pp->rnd % (hi - lo + 1)));
	} else {
		return -1;
	}
	return 0;
}

/* The value of NAME (with ARGS for ${_RANDOM a b}); 1 if multi-line,
 * 0 if single-line, -1 if not defined. */
static int
lookup(struct pp *pp, const char *name, size_t n, const char *args, size_t alen,
       struct conf_buf *val)
{
	struct pp_var *v;

	val->len = 0;
	if (n && name[0] == '_' &&
	    predefined(pp, name, n, args, alen, val) == 0)
		return 0;
	v = find_var(pp, name, n);
	if (!v)
		return -1;
	conf_buf_adds(val, v->value);
	if (!val->s)
		conf_buf_add(val, "", 0);
	return v->multiline ? 1 : 0;
}

/* One reference at s[i] ('$'); sets *ref to its length, 0 if none. */
static int
reference(struct pp *pp, const char *s, size_t len, size_t i, size_t *ref,
	  struct conf_buf *val)
{
	size_t n;

	*ref = 0;
	if (i + 1 < len && s[i + 1] == '{') {
		const char *end = memchr(s + i + 2, '}', len - i - 2);
		const char *in = s + i + 2;

		if (!end)
			return -1;
		n = ident_len(in, (size_t)(end - in));
		if (n == 0)
			return -1;
		*ref = (size_t)(end - s) + 1 - i;
		return lookup(pp, in, n, in + n, (size_t)(end - in) - n, val);
	}
	/* keepalived ends an unbraced name at white space, ',' or ')' (so
	 * that ~SEQ(v, $START, $END) works) or the line's end */
	n = ident_len(s + i + 1, len - i - 1);
	if (n == 0 ||
	    (i + 1 + n < len && !isspace((unsigned char)s[i + 1 + n]) &&
	     !strchr(",)", s[i + 1 + n])))
		return -1;
	*ref = 1 + n;
	return lookup(pp, s + i + 1, n, NULL, 0, val);
}

/* Work allowed for one line's substitution. */
struct subst {
	const struct conf_loc *loc;
	unsigned count; /* replacements */
	size_t scanned; /* bytes looked at */
	bool failed;
};

#define MAX_SCAN (16u << 20)

static void
subst_fail(struct pp *pp, struct subst *st)
{
	if (!st->failed)
		conf_err(pp->d, st->loc,
			 "definitions expand without end (a "
			 "definition that refers to itself?)");
	st->failed = true;
}

/*
 * Append s to out with its references replaced. A single-line value is
 * expanded in turn (values may refer to other definitions, keepalived.conf
 * (5) "Parameter substitution"); a multi-line value is appended as it is,
 * for its lines to be processed one by one, in order, so definitions
 * inside it take effect between them. The work is bounded: nesting,
 * replacements, bytes scanned and the line's length.
 */
static void
expand(struct pp *pp, const char *s, size_t len, struct conf_buf *out,
       int depth, struct subst *st)
{
	struct conf_buf val;
	size_t i = 0;

	st->scanned += len;
	if (depth > PP_MAX_DEPTH || st->scanned > MAX_SCAN) {
		subst_fail(pp, st);
		return;
	}
	conf_buf_init(&val);
	while (i < len && !st->failed) {
		const char *dollar = memchr(s + i, '$', len - i);
		size_t ref;
		int kind;

		if (!dollar) {
			conf_buf_add(out, s + i, len - i);
			break;
		}
		conf_buf_add(out, s + i, (size_t)(dollar - s) - i);
		i = (size_t)(dollar - s);
		kind = reference(pp, s, len, i, &ref, &val);
		if (kind < 0) {
			ref = ref ? ref : 1;
			conf_buf_add(out, s + i, ref);
		} else if (++st->count > MAX_SUBST ||
			   out->len + val.len > PP_MAX_LINE) {
			subst_fail(pp, st);
		} else if (kind == 1) {
			conf_buf_add(out, val.s, val.len);
		} else {
			char *v = strndup(val.s, val.len);

			if (!v) {
				pp->fatal = true;
				break;
			}
			expand(pp, v, strlen(v), out, depth + 1, st);
			free(v);
		}
		i += ref;
	}
	if (val.oom)
		pp->fatal = true;
	conf_buf_free(&val);
}

static int
substitute(struct pp *pp, const struct conf_loc *loc, const char *s, size_t len,
	   struct conf_buf *out)
{
	struct subst st = {.loc = loc};

	conf_buf_init(out);
	expand(pp, s, len, out, 0, &st);
	if (!out->s)
		conf_buf_add(out, "", 0);
	if (out->oom)
		pp->fatal = true;
	return st.failed || pp->fatal ? -1 : 0;
}

/* ---- ~SEQ and ~LST ------------------------------------------------ */

struct seq {
	char var[64];
	long long start, step, end;
	bool hex;
};

static int
parse_seq_args(char *args, struct seq *q)
{
	char *f[5], *save = NULL;
	long long v[3];
	int n = 0;
	size_t vl;

	for (char *t = strtok_r(args, ",", &save); t && n < 5;
	     t = strtok_r(NULL, ",", &save))
		f[n++] = t;
	if (n < 2 || n > 4)
		return -1;
	for (int k = 0; k < n; k++) {
		size_t l = strlen(f[k]);
		const char *p = f[k];

		trim(&p, &l);
		memmove(f[k], p, l);
		f[k][l] = '\0';
	}
	vl = strlen(f[0]);
	if (vl == 0 || vl >= sizeof(q->var) || ident_len(f[0], vl) != vl)
		return -1;
	memcpy(q->var, f[0], vl + 1);
	for (int k = 1; k < n; k++) {
		char *end;

		errno = 0;
		v[k - 1] = strtoll(f[k], &end, 0);
		if (errno || end == f[k] || *end)
			return -1;
	}
	q->end = v[n - 2];
	q->start = n >= 3 ? v[0] : (q->end >= 0 ? 1 : -1);
	q->step = n == 4 ? v[1] : (q->end >= q->start ? 1 : -1);
	return q->step == 0 ? -1 : 0;
}

static void
set_loop_var(struct pp *pp, const char *var, const char *val, size_t vlen)
{
	pp_set_var(pp, var, strlen(var), val, vlen, false);
}

/* Run `body` for each value; restores the variable afterwards. */
struct loop {
	const char *var;
	char *saved;
	bool had;
};

static void
loop_begin(struct pp *pp, struct loop *l, const char *var)
{
	struct pp_var *v = find_var(pp, var, strlen(var));

	l->var = var;
	l->had = v != NULL;
	l->saved = v ? strdup(v->value) : NULL;
}

static void
loop_end(struct pp *pp, struct loop *l)
{
	if (l->had && l->saved)
		set_loop_var(pp, l->var, l->saved, strlen(l->saved));
	else
		del_var(pp, l->var, strlen(l->var));
	free(l->saved);
}

/* Nested repetitions multiply: bound them all together, so a config
 * cannot keep the reader busy for hours. */
static bool
budget(struct pp *pp, const struct conf_loc *loc)
{
	if (++pp->iterations <= PP_MAX_ITER_ALL)
		return true;
	conf_err(pp->d, loc, "~SEQ/~LST repeat more than %u times in all",
		 PP_MAX_ITER_ALL);
	pp->fatal = true;
	return false;
}

static void
run_seq(struct pp *pp, const struct conf_loc *loc, int file, struct seq *q,
	const char *body, size_t blen, int depth)
{
	struct loop l;
	unsigned long iters = 0;

	loop_begin(pp, &l, q->var);
	for (long long x = q->start; q->step > 0 ? x <= q->end : x >= q->end;
	     x += q->step) {
		char num[32];
		int nl;

		if (pp->fatal || !budget(pp, loc))
			break;
		if (++iters > PP_MAX_ITER) {
			conf_err(pp->d, loc, "~SEQ repeats more than %u times",
				 PP_MAX_ITER);
			break;
		}
		if (q->hex)
			nl = snprintf(num, sizeof(num), "%s%llx",
				      x < 0 ? "-" : "",
				      x < 0 ? -(unsigned long long)x
					    : (unsigned long long)x);
		else
			nl = snprintf(num, sizeof(num), "%lld", x);
		set_loop_var(pp, q->var, num, (size_t)nl);
		stmt(pp, loc, file, body, blen, depth + 1, 0);
		if ((q->step > 0 && x > LLONG_MAX - q->step) ||
		    (q->step < 0 && x < LLONG_MIN - q->step))
			break;
	}
	loop_end(pp, &l);
}

/* Split "a, {b, c}, d" at top-level commas into trimmed fields. */
static int
split_fields(char *s, char **f, int max)
{
	int n = 0, depth = 0;
	char *start = s;

	for (char *p = s;; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}')
			depth--;
		if ((*p == ',' && depth == 0) || *p == '\0') {
			bool last = *p == '\0';
			size_t l;
			const char *t = start;

			if (n == max)
				return -1;
			*p = '\0';
			l = strlen(start);
			trim(&t, &l);
			memmove(start, t, l);
			start[l] = '\0';
			f[n++] = start;
			start = p + 1;
			if (last)
				break;
		}
	}
	return depth == 0 ? n : -1;
}

/* "{a, b}" or "a" -> fields */
static int
unbrace(char *s, char **f, int max)
{
	size_t l = strlen(s);

	if (l >= 2 && s[0] == '{' && s[l - 1] == '}') {
		s[l - 1] = '\0';
		return split_fields(s + 1, f, max);
	}
	f[0] = s;
	return 1;
}

#define LST_MAX_VARS 16
#define LST_MAX_VALS 4096

struct lst {
	char *vars[LST_MAX_VARS];
	int nvars;
	char **vals;
	int nvals;
};

static void
lst_iter(struct pp *pp, const struct conf_loc *loc, int file, struct lst *t,
	 const char *body, size_t blen, int depth)
{
	struct loop l[LST_MAX_VARS];

	for (int k = 0; k < t->nvars; k++)
		loop_begin(pp, &l[k], t->vars[k]);
	for (int i = 1; i < t->nvals && !pp->fatal; i++) {
		char *f[LST_MAX_VARS];
		int n = unbrace(t->vals[i], f, LST_MAX_VARS);

		if (!budget(pp, loc))
			break;
		if (n != t->nvars) {
			conf_err(pp->d, loc,
				 "~LST: value %d has %d fields "
				 "for %d variables",
				 i, n, t->nvars);
			break;
		}
		for (int k = 0; k < n; k++)
			set_loop_var(pp, t->vars[k], f[k], strlen(f[k]));
		stmt(pp, loc, file, body, blen, depth + 1, 0);
	}
	for (int k = t->nvars - 1; k >= 0; k--)
		loop_end(pp, &l[k]);
}

static void
run_lst(struct pp *pp, const struct conf_loc *loc, int file, char *args,
	const char *body, size_t blen, int depth)
{
	struct lst t = {.vals = calloc(LST_MAX_VALS, sizeof(char *))};

	if (!t.vals) {
		pp->fatal = true;
		return;
	}
	t.nvals = split_fields(args, t.vals, LST_MAX_VALS);
	if (t.nvals < 2)
		goto bad;
	t.nvars = unbrace(t.vals[0], t.vars, LST_MAX_VARS);
	if (t.nvars < 1)
		goto bad;
	for (int k = 0; k < t.nvars; k++) {
		size_t vl = strlen(t.vars[k]);

		if (vl == 0 || ident_len(t.vars[k], vl) != vl)
			goto bad;
	}
	lst_iter(pp, loc, file, &t, body, blen, depth);
	free(t.vals);
	return;
bad:
	conf_err(pp->d, loc,
		 "bad ~LST: expected ~LST(VAR, VALUE, ...) or "
		 "~LST({VAR, ...}, {VALUE, ...}, ...)");
	free(t.vals);
}

/* The argument text up to the ')' that closes the '(' at s[0]. */
static size_t
close_paren(const char *s, size_t len)
{
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '(' || s[i] == '{')
			depth++;
		else if (s[i] == ')' || s[i] == '}')
			if (--depth == 0)
				return s[i] == ')' ? i : 0;
	}
	return 0;
}

/* ~SEQ( / ~SEQx( / ~LST( at s; returns true if it was one. */
static bool
sequence(struct pp *pp, const struct conf_loc *loc, int file, const char *s,
	 size_t len, int depth)
{
	size_t kw =
		len >= 6 && !memcmp(s, "~SEQx(", 6) ? 5
		: len >= 5 && (!memcmp(s, "~SEQ(", 5) || !memcmp(s, "~LST(", 5))
			? 4
			: 0;
	struct conf_buf args;
	size_t close;
	struct seq q = {.hex = kw == 5};

	if (!kw)
		return false;
	close = close_paren(s + kw, len - kw);
	if (!close) {
		conf_err(pp->d, loc, "%.*s: missing ')'", (int)kw, s);
		return true;
	}
	if (substitute(pp, loc, s + kw + 1, close - 1, &args) < 0) {
		conf_buf_free(&args);
		return true;
	}
	if (!args.s)
		conf_buf_add(&args, "", 0);
	if (s[1] == 'L') {
		run_lst(pp, loc, file, args.s, s + kw + close + 1,
			len - kw - close - 1, depth);
	} else if (!args.s || parse_seq_args(args.s, &q) < 0) {
		conf_err(pp->d, loc,
			 "bad %.*s: expected %.*s(VAR, [START, "
			 "[STEP,]] END) with integers and STEP not 0",
			 (int)kw, s, (int)kw, s);
	} else {
		run_seq(pp, loc, file, &q, s + kw + close + 1,
			len - kw - close - 1, depth);
	}
	conf_buf_free(&args);
	return true;
}

/* ---- a statement -------------------------------------------------- */

/* @ID / @^ID: false if the line does not count for this config id. */
static bool
conditional(struct pp *pp, const char **s, size_t *len)
{
	const char *id = pp->o ? pp->o->config_id : NULL;
	bool neg = *len > 1 && (*s)[1] == '^';
	size_t start = neg ? 2 : 1, n = start;
	bool match;

	while (n < *len && !isspace((unsigned char)(*s)[n]))
		n++;
	match = id && strlen(id) == n - start &&
		!memcmp(*s + start, id, n - start);
	*s += n;
	*len -= n;
	trim(s, len);
	return neg ? !match : match;
}

static void
expanded(struct pp *pp, const struct conf_loc *loc, int file,
	 const struct conf_buf *b, int depth)
{
	const char *p = b->s, *end = b->s + b->len;

	/* A value may bring a comment ($X=${_HASH} comments lines out):
	 * keepalived strips comments again after substituting. */
	if (!memchr(p, '\n', b->len)) {
		stmt(pp, loc, file, p, conf_lex_strip_comment(p, b->len),
		     depth + 1, ST_NO_SUBST);
		return;
	}
	while (p <= end && !pp->fatal) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		stmt(pp, loc, file, p, conf_lex_strip_comment(p, l), depth + 1,
		     0);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* random_seed N (global_defs) seeds ${_RANDOM} for the lines after it,
 * as keepalived's handler calls srandom() while it reads: the same seed,
 * the same values, so a reload of the same files is no change. */
static void
random_seed(struct pp *pp, const char *s, size_t len)
{
	static const char kw[] = "random_seed";
	char num[24];
	unsigned long long v;
	char *end;
	size_t k = sizeof(kw) - 1;

	if (len <= k || memcmp(s, kw, k) || !isspace((unsigned char)s[k]))
		return;
	s += k;
	len -= k;
	trim(&s, &len);
	if (!len || len >= sizeof(num) || !isdigit((unsigned char)s[0]))
		return;
	memcpy(num, s, len);
	num[len] = '\0';
	v = strtoull(num, &end, 10);
	if (*end || v > UINT32_MAX)
		return;				   /* the parser says why */
	pp->rnd = (v + 1) * 0x9e3779b97f4a7c15ull; /* xorshift: never 0 */
}

static void
stmt(struct pp *pp, const struct conf_loc *loc, int file, const char *s,
     size_t len, int depth, unsigned flags)
{
	struct conf_buf b;

	if (pp->fatal)
		return;
	/* Runaway expansion stops the preprocessor: a definition that
	 * refers to itself, or lines that multiply at each level. */
	if (depth > PP_MAX_DEPTH) {
		conf_err(pp->d, loc,
			 "definitions nested more than %d deep (a "
			 "definition that refers to itself?)",
			 PP_MAX_DEPTH);
		pp->fatal = true;
		return;
	}
	if (++pp->stmts > PP_MAX_STMTS) {
		conf_err(pp->d, loc,
			 "the configuration expands to more than %u lines",
			 PP_MAX_STMTS);
		pp->fatal = true;
		return;
	}
	trim(&s, &len);
	if (len && s[0] == '@' && !conditional(pp, &s, &len))
		return;
	if (!len || (s[0] == '$' && definition(pp, s, len, flags)))
		return;
	if (s[0] == '~' && sequence(pp, loc, file, s, len, depth))
		return;
	if (!(flags & ST_NO_SUBST) && memchr(s, '$', len)) {
		if (substitute(pp, loc, s, len, &b) == 0 && b.s &&
		    (b.len != len || memcmp(b.s, s, len))) {
			expanded(pp, loc, file, &b, depth);
			conf_buf_free(&b);
			return;
		}
		conf_buf_free(&b);
	}
	if (pp_include(pp, loc, s, len))
		return;
	random_seed(pp, s, len);
	pp_emit(pp, loc, file, s, len);
}

void
pp_raw_line(struct pp *pp, const struct conf_loc *loc, int file, const char *s,
	    size_t len)
{
	if (pp->collect) {
		if (!collect_add(pp, s, len))
			pp_finish_collect(pp);
		return;
	}
	len = conf_lex_strip_comment(s, len);
	stmt(pp, loc, file, s, len, 0, ST_FROM_FILE);
}
