// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parser: snapshot text -> model.
 *
 * Statements are lines; '{' and '}' may stand anywhere (a block may open
 * on the keyword's line or the next one, close on its own line or after
 * its last statement). A keyword is looked up in its block's table; an
 * unknown one is ignored with a warning, as keepalived ignores it
 * ("Unknown keyword"), and a block it opens is skipped as a whole; the
 * unknown keywords after it in that block are counted into the same
 * warning, so one mistake gives one line. A keyword whose value its
 * handler refuses is ignored too (keepalived keeps the default): the
 * handler's errors become warnings. Keywords vigil does not act on yet are
 * reported once each (with a count), as are deprecated spellings.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_int.h"
#include "core/conf/conf_kw.h"

#define MAX_NEST 64

/* Per-keyword diagnostic already given (deprecated, not supported). */
struct kw_seen {
	const void *key;
	size_t diag; /* index in d->v */
	unsigned count;
};

struct frame {
	const struct conf_block *blk; /* NULL: skipping an unknown block */
	void *obj;
	struct conf_loc loc;
	const char *what; /* the keyword that opened it */
	/* the first unknown keyword's warning in this block, and how many
	 * more followed it (one warning per cause, not one per line) */
	size_t unknown_diag;
	unsigned unknown_more;
	int unknown_last;
};

struct parser {
	struct conf_pctx p;
	struct frame st[MAX_NEST];
	int depth;
	struct frame pending; /* a block keyword waiting for its '{' */
	bool has_pending;
	/* snapshot origins */
	const char **files;
	size_t nfiles;
	bool snapshot;
	int cur_file, cur_line, next_file, next_line;
	struct conf_toks toks;
};

/* ---- diagnostics once per keyword --------------------------------- */

static struct kw_seen *
seen_find(struct conf_pctx *p, const void *key)
{
	for (size_t i = 0; i < p->nseen; i++)
		if (p->seen[i].key == key)
			return &p->seen[i];
	return NULL;
}

/* True the first time; later times only count. */
static bool
seen_first(struct conf_pctx *p, const void *key)
{
	struct kw_seen *s = seen_find(p, key);

	if (s) {
		s->count++;
		return false;
	}
	if (p->nseen == p->capseen) {
		size_t cap = p->capseen ? p->capseen * 2 : 64;
		struct kw_seen *v = realloc(p->seen, cap * sizeof(*v));

		if (!v) {
			p->oom = true;
			return true;
		}
		p->seen = v;
		p->capseen = cap;
	}
	p->seen[p->nseen++] = (struct kw_seen){key, p->d->n, 1};
	return true;
}

/* Append "(N times in all)" to the first diagnostic of each key. */
static void
seen_finish(struct conf_pctx *p)
{
	for (size_t i = 0; i < p->nseen; i++) {
		struct kw_seen *s = &p->seen[i];
		char *msg = NULL;

		if (s->count < 2 || s->diag >= p->d->n)
			continue;
		if (asprintf(&msg, "%s (%u times in all)", p->d->v[s->diag].msg,
			     s->count) < 0)
			continue;
		free(p->d->v[s->diag].msg);
		p->d->v[s->diag].msg = msg;
	}
	free(p->seen);
	p->seen = NULL;
	p->nseen = p->capseen = 0;
}

void
pc_unsupported_once(struct conf_pctx *p, const void *key, const char *fmt, ...)
{
	va_list ap;

	if (!seen_first(p, key))
		return;
	va_start(ap, fmt);
	conf_diag_vadd(p->d, CONF_UNSUPPORTED, &p->loc, fmt, ap);
	va_end(ap);
}

void
pc_warn_once(struct conf_pctx *p, const void *key, const char *fmt, ...)
{
	va_list ap;

	if (!seen_first(p, key))
		return;
	va_start(ap, fmt);
	conf_diag_vadd(p->d, CONF_WARNING, &p->loc, fmt, ap);
	va_end(ap);
}

static void
unsupported_once(struct conf_pctx *p, const struct conf_block *b,
		 const struct conf_kw *kw)
{
	/* keyed apart from the keyword's deprecation warning (keyed by kw) */
	if (!seen_first(p, &kw->status))
		return;
	if (kw->status == CONF_KW_KEPT)
		conf_diag_add(p->d, CONF_UNSUPPORTED, p->loc.file, p->loc.line,
			      "%s%s'%s' is not supported by vigil (kept as "
			      "written, not acted on)",
			      b->name, b->name[0] ? ": " : "", kw->name);
	else
		conf_diag_add(p->d, CONF_UNSUPPORTED, p->loc.file, p->loc.line,
			      "%s%s'%s' is not supported yet", b->name,
			      b->name[0] ? ": " : "", kw->name);
}

/* ---- keyword lookup ----------------------------------------------- */

static const struct conf_kw *
kw_find1(const struct conf_block *b, const char *name)
{
	size_t lo = 0, hi = b->nkw;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(name, b->kw[mid].name);

		if (r == 0)
			return &b->kw[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* A subsystem's part of an assembled block: the top level, global_defs. */
static const struct conf_block *
subsys_part(const struct conf_subsys *s, const struct conf_block *b)
{
	return b == &conf_blk_top      ? s->top
	       : b == &conf_blk_global ? s->global
				       : NULL;
}

const struct conf_kw *
conf_kw_lookup(const struct conf_block *b, const char *name)
{
	const struct conf_kw *kw = kw_find1(b, name);

	if (!kw && b->more)
		kw = kw_find1(b->more, name);
	for (size_t i = 0; !kw && i < conf_nsubsystems; i++) {
		const struct conf_block *part =
			subsys_part(conf_subsystems[i], b);

		if (part)
			kw = kw_find1(part, name);
	}
	return kw;
}

/* ---- statements --------------------------------------------------- */

static void
expect_block(struct parser *ps, const struct conf_block *sub, void *obj,
	     const char *what)
{
	ps->pending = (struct frame){
		.blk = sub, .obj = obj, .loc = ps->p.loc, .what = what};
	ps->has_pending = true;
}

static void
keyword(struct parser *ps, const struct conf_block *b, void *obj,
	const struct conf_kw *kw, const struct conf_args *a)
{
	struct conf_pctx *p = &ps->p;
	size_t from;

	if (kw->alias) {
		const struct conf_kw *to = conf_kw_lookup(b, kw->alias);

		pc_warn_once(p, kw, "'%s' is deprecated, use '%s'", kw->name,
			     kw->alias);
		if (!to)
			return;
		kw = to;
	}
	p->child = NULL;
	from = p->d->n;
	if (kw->fn(p, kw, obj, a) == 0) {
		if (kw->status != CONF_KW_ACTIVE)
			unsupported_once(p, b, kw);
	} else {
		/* keepalived reports a bad value and goes on without it */
		conf_diags_demote(p->d, from,
				  kw->sub ? ": the block is ignored"
					  : ": ignored");
	}
	if (kw->sub)
		expect_block(ps, p->child ? kw->sub : NULL, p->child, kw->name);
}

/* An unknown keyword: keepalived ignores it (and a block it opens), so
 * vigil does, with a warning; the unknown keywords that follow in the
 * same block are counted into that warning, not repeated: they usually
 * have one cause (a block closed too early, a definition gone wrong). */
/* Top-level keywords that say where vigild runs and which files are its
 * own. keepalived ignores one written inside a block (global_defs, most
 * often) with a warning and then runs in the host's namespace, on the
 * host's interfaces: vigil refuses the config instead. */
static bool
misplaced_top(const struct frame *f, const char *name)
{
	static const char *const where[] = {"net_namespace",
					    "net_namespace_ipvs", "instance",
					    "use_pid_dir"};

	if (!f->blk->name[0])
		return false;
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (!strcmp(name, where[i]))
			return true;
	return false;
}

static void
unknown(struct parser *ps, struct frame *f, const struct conf_args *a)
{
	size_t before = ps->p.d->n;

	if (misplaced_top(f, a->v[0])) {
		pc_err(&ps->p,
		       "'%s' belongs at the top level, outside '%s' "
		       "(ignored there, as keepalived does, it would leave "
		       "vigild in the wrong namespace or with the wrong files)",
		       a->v[0], f->blk->name);
		expect_block(ps, NULL, NULL, a->v[0]);
		ps->pending.what = NULL;
		return;
	}
	if (f->unknown_diag) {
		f->unknown_more++;
		f->unknown_last = ps->p.loc.line;
	} else {
		pc_warn(&ps->p, "unknown keyword '%s'%s%s: ignored", a->v[0],
			f->blk->name[0] ? " in " : "", f->blk->name);
		/* index + 1; none when the diagnostics are full */
		if (ps->p.d->n > before)
			f->unknown_diag = ps->p.d->n;
	}
	/* a block it opens is skipped silently */
	expect_block(ps, NULL, NULL, a->v[0]);
	ps->pending.what = NULL;
}

/* Say how many unknown keywords the block's first warning stands for. */
static void
unknown_finish(struct parser *ps, struct frame *f)
{
	struct conf_diag *g;
	char *msg = NULL;

	if (!f->unknown_more || !f->unknown_diag ||
	    f->unknown_diag > ps->p.d->n)
		return;
	g = &ps->p.d->v[f->unknown_diag - 1];
	if (asprintf(&msg,
		     "%s (and %u more unknown keywords after it, up to "
		     "line %d)",
		     g->msg, f->unknown_more, f->unknown_last) < 0)
		return;
	free(g->msg);
	g->msg = msg;
}

static void
statement(struct parser *ps, struct conf_args *a)
{
	struct frame *f = &ps->st[ps->depth - 1];
	const struct conf_kw *kw;

	if (!f->blk) /* inside a block that is being skipped */
		return;
	kw = conf_kw_lookup(f->blk, a->v[0]);
	if (kw) {
		keyword(ps, f->blk, f->obj, kw, a);
	} else if (f->blk->line) {
		size_t from = ps->p.d->n;

		if (f->blk->line(&ps->p, f->obj, a) < 0)
			conf_diags_demote(ps->p.d, from,
					  ": the line is ignored");
	} else {
		unknown(ps, f, a);
	}
}

static void
push(struct parser *ps, const struct frame *f)
{
	if (ps->depth >= MAX_NEST) {
		pc_err(&ps->p, "blocks nested more than %d deep", MAX_NEST);
		ps->st[ps->depth - 1].blk = NULL;
		return;
	}
	ps->st[ps->depth++] = *f;
}

static void
open_brace(struct parser *ps)
{
	if (ps->has_pending) {
		push(ps, &ps->pending);
		ps->has_pending = false;
		return;
	}
	/* keepalived runs past it (CONFIG_UNEXPECTED_BOB): balanced, the
	 * block is skipped whole; an unbalanced one is an error at the end */
	if (ps->st[ps->depth - 1].blk)
		pc_warn(&ps->p, "unexpected '{' (no keyword here opens a "
				"block): its block is ignored");
	push(ps, &(struct frame){.loc = ps->p.loc});
}

static void
close_brace(struct parser *ps)
{
	struct frame *f;

	if (ps->depth <= 1) {
		pc_err(&ps->p, "unexpected '}' (no block is open)");
		return;
	}
	f = &ps->st[--ps->depth];
	unknown_finish(ps, f);
	if (f->blk && f->blk->end)
		f->blk->end(&ps->p, f->obj);
}

static void
missing_open(struct parser *ps)
{
	if (!ps->has_pending)
		return;
	ps->has_pending = false;
	if (ps->pending.what)
		conf_err(ps->p.d, &ps->pending.loc,
			 "'%s' must be followed by a block in braces: "
			 "missing '{'",
			 ps->pending.what);
}

static void
tokens(struct parser *ps, struct conf_toks *t)
{
	size_t i = 0;
	char *argv[256];

	while (i < t->n) {
		struct conf_args a = {0, argv};

		if (conf_tok_is(&t->v[i], '{')) {
			open_brace(ps);
			i++;
			continue;
		}
		missing_open(ps);
		if (conf_tok_is(&t->v[i], '}')) {
			close_brace(ps);
			i++;
			continue;
		}
		while (i < t->n && !conf_tok_is(&t->v[i], '{') &&
		       !conf_tok_is(&t->v[i], '}')) {
			if (a.n < (int)(sizeof(argv) / sizeof(argv[0])))
				argv[a.n] = t->v[i].s;
			a.n++;
			i++;
		}
		if (a.n > (int)(sizeof(argv) / sizeof(argv[0]))) {
			pc_err(&ps->p, "'%s' has %d words, more than %zu",
			       argv[0], a.n, sizeof(argv) / sizeof(argv[0]));
			continue;
		}
		statement(ps, &a);
	}
}

/* ---- snapshot lines ----------------------------------------------- */

static void
marker_file(struct parser *ps, struct conf_toks *t)
{
	unsigned long id;
	char *end;
	const char **v;

	if (t->n != 3)
		return;
	id = strtoul(t->v[1].s, &end, 10);
	if (*end || id > 100000)
		return;
	if (id >= ps->nfiles) {
		v = realloc(ps->files, (id + 1) * sizeof(*v));
		if (!v) {
			ps->p.oom = true;
			return;
		}
		for (size_t k = ps->nfiles; k <= id; k++)
			v[k] = "";
		ps->files = v;
		ps->nfiles = id + 1;
	}
	ps->files[id] = pc_strdup(&ps->p, t->v[2].s);
	if (!ps->files[id])
		ps->files[id] = "";
}

static bool
marker(struct parser *ps, const char *s, size_t len)
{
	const char *err;
	struct conf_toks *t = &ps->toks;
	long f, l;

	if (!ps->snapshot || len < 3 || s[0] != '#' || s[1] != '@')
		return false;
	if (conf_lex_line(s + 2, len - 2, false, t, &err) < 0 || t->n == 0)
		return true;
	if (!strcmp(t->v[0].s, "F")) {
		marker_file(ps, t);
	} else if (!strcmp(t->v[0].s, "L") && t->n == 3) {
		f = strtol(t->v[1].s, NULL, 10);
		l = strtol(t->v[2].s, NULL, 10);
		if (f >= 0 && (size_t)f < ps->nfiles && l > 0 &&
		    l < 1000000000) {
			ps->next_file = (int)f;
			ps->next_line = (int)l;
		}
	}
	return true;
}

static void
line(struct parser *ps, const char *s, size_t len)
{
	const char *err;

	if (marker(ps, s, len))
		return;
	if (ps->next_line) {
		ps->cur_file = ps->next_file;
		ps->cur_line = ps->next_line;
		ps->next_line = 0;
	} else {
		ps->cur_line++;
	}
	ps->p.loc.file = ps->cur_file >= 0 && (size_t)ps->cur_file < ps->nfiles
				 ? ps->files[ps->cur_file]
				 : "";
	ps->p.loc.line = ps->cur_line;
	if (conf_lex_line(s, len, true, &ps->toks, &err) < 0) {
		pc_err(&ps->p, "%s", err);
		return;
	}
	tokens(ps, &ps->toks);
}

static void
unclosed(struct parser *ps)
{
	missing_open(ps);
	unknown_finish(ps, &ps->st[0]);
	while (ps->depth > 1) {
		struct frame *f = &ps->st[--ps->depth];

		unknown_finish(ps, f);

		if (f->what)
			conf_err(ps->p.d, &f->loc,
				 "block '%s' is not closed: "
				 "missing '}'",
				 f->what);
		else if (f->blk || ps->depth == 1)
			conf_err(ps->p.d, &f->loc,
				 "block is not closed: "
				 "missing '}'");
	}
}

struct conf *
conf_parse(const char *text, size_t len, const struct conf_opts *o,
	   struct conf_diags *d)
{
	struct parser ps = {.cur_file = -1};
	struct conf *c = calloc(1, sizeof(*c));
	const char *p = text, *end = text + len;

	if (!c || !(c->arena = conf_arena_new())) {
		free(c);
		return NULL;
	}
	conf_init_global(&c->global);
	for (size_t i = 0; i < conf_nsubsystems; i++)
		if (conf_subsystems[i]->init)
			conf_subsystems[i]->init(&c->global);
	ps.p = (struct conf_pctx){.c = c, .ar = c->arena, .d = d, .o = o};
	ps.p.loc.file = "";
	ps.st[0] =
		(struct frame){.blk = &conf_blk_top, .obj = c, .loc = {"", 0}};
	ps.depth = 1;
	ps.snapshot = len >= strlen(CONF_SNAP_MAGIC) &&
		      !memcmp(text, CONF_SNAP_MAGIC, strlen(CONF_SNAP_MAGIC));
	conf_toks_init(&ps.toks);
	while (p < end && !ps.p.oom) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line(&ps, p, l);
		p = nl ? nl + 1 : end;
	}
	unclosed(&ps);
	seen_finish(&ps.p);
	conf_toks_free(&ps.toks);
	free(ps.files);
	if (ps.p.oom) {
		conf_free(c);
		errno = ENOMEM;
		return NULL;
	}
	return c;
}

void
conf_free(struct conf *c)
{
	if (!c)
		return;
	conf_arena_free(c->arena);
	free(c);
}

struct kw_cb {
	conf_kw_fn fn;
	void *arg;
};

static void
emit(const struct kw_cb *cb, const char *block, const struct conf_kw *kw)
{
	cb->fn(block, kw->name, (enum conf_kw_status)kw->status,
	       kw->alias != NULL, kw->alias, cb->arg);
}

static void
block_keywords(const struct conf_block *blk, void *arg)
{
	for (size_t k = 0; k < blk->nkw; k++)
		emit(arg, blk->name, &blk->kw[k]);
}

static int
kw_ptr_cmp(const void *a, const void *b)
{
	const struct conf_kw *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* An assembled block (the top level, global_defs) as one sorted table. */
static void
assembled_keywords(const struct conf_block *whole, const struct kw_cb *cb)
{
	const struct conf_kw **v;
	size_t n = whole->nkw;

	for (size_t i = 0; i < conf_nsubsystems; i++)
		n += subsys_part(conf_subsystems[i], whole)->nkw;
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) { /* no memory: the same keywords, unsorted */
		block_keywords(whole, (void *)cb);
		for (size_t i = 0; i < conf_nsubsystems; i++)
			block_keywords(subsys_part(conf_subsystems[i], whole),
				       (void *)cb);
		return;
	}
	n = 0;
	for (size_t k = 0; k < whole->nkw; k++)
		v[n++] = &whole->kw[k];
	for (size_t i = 0; i < conf_nsubsystems; i++) {
		const struct conf_block *part =
			subsys_part(conf_subsystems[i], whole);

		for (size_t k = 0; k < part->nkw; k++)
			v[n++] = &part->kw[k];
	}
	qsort(v, n, sizeof(*v), kw_ptr_cmp);
	for (size_t k = 0; k < n; k++)
		emit(cb, whole->name, v[k]);
	free(v);
}

void
conf_for_each_keyword(conf_kw_fn fn, void *arg)
{
	struct kw_cb cb = {fn, arg};

	assembled_keywords(&conf_blk_top, &cb);
	assembled_keywords(&conf_blk_global, &cb);
	for (size_t i = 0; i < conf_nsubsystems; i++)
		for (const struct conf_block *const *b =
			     conf_subsystems[i]->blocks;
		     *b; b++)
			block_keywords(*b, &cb);
}
