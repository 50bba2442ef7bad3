// SPDX-License-Identifier: GPL-2.0-or-later
/* Config reader plumbing: the model's arena, a growable string and the
 * diagnostics list. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_int.h"

/* ---- arena -------------------------------------------------------- */

#define ARENA_CHUNK (64u * 1024u)

struct arena_chunk {
	struct arena_chunk *prev;
	size_t used, cap;
	max_align_t data[];
};

struct conf_arena {
	struct arena_chunk *top;
	size_t total;
};

struct conf_arena *
conf_arena_new(void)
{
	return calloc(1, sizeof(struct conf_arena));
}

void
conf_arena_free(struct conf_arena *a)
{
	if (!a)
		return;
	for (struct arena_chunk *c = a->top, *p; c; c = p) {
		p = c->prev;
		free(c);
	}
	free(a);
}

static struct arena_chunk *
arena_grow(struct conf_arena *a, size_t n)
{
	size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
	struct arena_chunk *c = malloc(sizeof(*c) + cap);

	if (!c)
		return NULL;
	c->prev = a->top;
	c->used = 0;
	c->cap = cap;
	a->top = c;
	a->total += sizeof(*c) + cap;
	return c;
}

void *
conf_arena_alloc(struct conf_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct arena_chunk *c = a->top;
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (!c || c->cap - c->used < n) {
		c = arena_grow(a, n);
		if (!c)
			return NULL;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
conf_arena_strndup(struct conf_arena *a, const char *s, size_t n)
{
	char *p = conf_arena_alloc(a, n + 1);

	if (p)
		memcpy(p, s, n);
	return p;
}

char *
conf_arena_strdup(struct conf_arena *a, const char *s)
{
	return conf_arena_strndup(a, s, strlen(s));
}

size_t
conf_arena_size(const struct conf_arena *a)
{
	return a->total;
}

void
conf_list_append(struct conf_list *l, void *obj)
{
	/* Every listed object starts with its `next` pointer. */
	void **next = obj;

	*next = NULL;
	if (l->tail)
		*(void **)l->tail = obj;
	else
		l->head = obj;
	l->tail = obj;
	l->n++;
}

void
conf_list_remove(struct conf_list *l, void *obj)
{
	void *prev = NULL;

	for (void *o = l->head; o; prev = o, o = *(void **)o) {
		if (o != obj)
			continue;
		if (prev)
			*(void **)prev = *(void **)o;
		else
			l->head = *(void **)o;
		if (l->tail == o)
			l->tail = prev;
		l->n--;
		return;
	}
}

void
conf_list_drop_tail(struct conf_list *l, void *before)
{
	if (!l->tail || l->tail == before)
		return;
	if (before)
		*(void **)before = NULL;
	else
		l->head = NULL;
	l->tail = before;
	l->n--;
}

/* ---- growable string ---------------------------------------------- */

void
conf_buf_init(struct conf_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
conf_buf_free(struct conf_buf *b)
{
	free(b->s);
	conf_buf_init(b);
}

static bool
buf_reserve(struct conf_buf *b, size_t more)
{
	size_t cap;
	char *s;

	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void
conf_buf_add(struct conf_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
conf_buf_addc(struct conf_buf *b, char c)
{
	conf_buf_add(b, &c, 1);
}

void
conf_buf_adds(struct conf_buf *b, const char *s)
{
	conf_buf_add(b, s, strlen(s));
}

void
conf_buf_printf(struct conf_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* ---- diagnostics -------------------------------------------------- */

void
conf_diags_init(struct conf_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void
conf_diags_free(struct conf_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	conf_diags_init(d);
}

#define CONF_DIAG_MAX 10000
#define STR2(x) #x
#define STR(x) STR2(x)

static void
count(struct conf_diags *d, enum conf_severity sev)
{
	if (sev == CONF_ERROR)
		d->errors++;
	else if (sev == CONF_UNSUPPORTED)
		d->unsupported++;
	else
		d->warnings++;
}

static int
diag_push(struct conf_diags *d, enum conf_severity sev, const char *file,
	  int line, char *msg)
{
	struct conf_diag *v;
	char *f = strdup(file ? file : "");

	if (!f || !msg)
		goto fail;
	if (d->n >= CONF_DIAG_MAX) {
		/* counted (a refused config stays refused), not kept */
		free(f);
		free(msg);
		count(d, sev);
		return 0;
	}
	if (d->n == CONF_DIAG_MAX - 1) {
		free(msg);
		sev = CONF_ERROR;
		msg = strdup("more than " STR(
			CONF_DIAG_MAX) " diagnostics: "
				       "the rest are counted, not shown");
		if (!msg)
			goto fail;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;

		v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			goto fail;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = (struct conf_diag){sev, f, line, msg};
	count(d, sev);
	return 0;
fail:
	free(f);
	free(msg);
	/* A lost diagnostic must still fail the config. */
	d->errors++;
	errno = ENOMEM;
	return -1;
}

static int diag_vadd(struct conf_diags *d, enum conf_severity sev,
		     const char *file, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static int
diag_vadd(struct conf_diags *d, enum conf_severity sev, const char *file,
	  int line, const char *fmt, va_list ap)
{
	char *msg = NULL;

	if (d->n >= CONF_DIAG_MAX) { /* counted only: do not format */
		count(d, sev);
		return 0;
	}
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	return diag_push(d, sev, file, line, msg);
}

int
conf_diag_add(struct conf_diags *d, enum conf_severity sev, const char *file,
	      int line, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = diag_vadd(d, sev, file, line, fmt, ap);
	va_end(ap);
	return r;
}

void
conf_diag_vadd(struct conf_diags *d, enum conf_severity sev,
	       const struct conf_loc *loc, const char *fmt, va_list ap)
{
	diag_vadd(d, sev, loc ? loc->file : NULL, loc ? loc->line : 0, fmt, ap);
}

void
conf_err(struct conf_diags *d, const struct conf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(d, CONF_ERROR, loc, fmt, ap);
	va_end(ap);
}

void
conf_warn(struct conf_diags *d, const struct conf_loc *loc, const char *fmt,
	  ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(d, CONF_WARNING, loc, fmt, ap);
	va_end(ap);
}

/* clang-format off */
static const char *const sev_names[] = {
	[CONF_ERROR] = "error",
	[CONF_UNSUPPORTED] = "unsupported",
	[CONF_WARNING] = "warning",
};
/* clang-format on */

void
conf_diags_print(const struct conf_diags *d, FILE *out)
{
	conf_diags_print_max(d, out, SIZE_MAX);
}

void
conf_diags_print_max(const struct conf_diags *d, FILE *out, size_t max)
{
	size_t all = d->errors + d->unsupported + d->warnings;

	for (size_t i = 0; i < d->n && i < max; i++) {
		const struct conf_diag *g = &d->v[i];

		if (g->file[0] && g->line > 0)
			fprintf(out, "%s:%d: ", g->file, g->line);
		else if (g->file[0])
			fprintf(out, "%s: ", g->file);
		fprintf(out, "%s: %s\n", sev_names[g->severity], g->msg);
	}
	if (all > max)
		fprintf(out, "... %zu more diagnostics not shown\n", all - max);
}

void
conf_diags_demote(struct conf_diags *d, size_t from, const char *suffix)
{
	for (size_t i = from; i < d->n; i++) {
		struct conf_diag *g = &d->v[i];
		char *msg = NULL;

		if (g->severity != CONF_ERROR)
			continue;
		if (asprintf(&msg, "%s%s", g->msg, suffix) < 0)
			continue; /* stays an error */
		free(g->msg);
		g->msg = msg;
		g->severity = CONF_WARNING;
		d->errors--;
		d->warnings++;
	}
}

bool
conf_diags_failed(const struct conf_diags *d, bool strict)
{
	return d->errors > 0 || (strict && (d->unsupported || d->warnings));
}
