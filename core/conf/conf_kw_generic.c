// SPDX-License-Identifier: GPL-2.0-or-later
/* Generic keyword handlers: typed setters that write the field at the
 * entry's offset, with range checks from the table, so most keywords need
 * no code of their own. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/conf/conf_int.h"
#include "core/conf/conf_kw.h"

void *
pc_alloc(struct conf_pctx *p, size_t n)
{
	void *v = conf_arena_alloc(p->ar, n);

	if (!v)
		p->oom = true;
	return v;
}

const char *
pc_strdup(struct conf_pctx *p, const char *s)
{
	char *v = conf_arena_strdup(p->ar, s);

	if (!v)
		p->oom = true;
	return v;
}

const char *
pc_join(struct conf_pctx *p, const struct conf_args *a, int from)
{
	struct conf_buf b;
	const char *r;

	conf_buf_init(&b);
	for (int i = from; i < a->n; i++) {
		if (i > from)
			conf_buf_addc(&b, ' ');
		conf_lex_quote(&b, a->v[i], false);
	}
	r = pc_strdup(p, b.s ? b.s : "");
	if (b.oom)
		p->oom = true;
	conf_buf_free(&b);
	return r;
}

void
pc_err(struct conf_pctx *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(p->d, CONF_ERROR, &p->loc, fmt, ap);
	va_end(ap);
}

void
pc_warn(struct conf_pctx *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(p->d, CONF_WARNING, &p->loc, fmt, ap);
	va_end(ap);
}

int
pc_nargs(struct conf_pctx *p, const struct conf_args *a, int min, int max)
{
	int n = a->n - 1;

	if (n < min) {
		if (min == 1)
			pc_err(p, "'%s' needs a value", a->v[0]);
		else
			pc_err(p, "'%s' needs %d values, it has %d", a->v[0],
			       min, n);
		return -1;
	}
	if (max >= 0 && n > max)
		pc_warn(p, "'%s': extra '%s' ignored", a->v[0], a->v[max + 1]);
	return 0;
}

int
conf_enum_find(const struct conf_enum *e, const char *s, int *v)
{
	for (const struct conf_enum *x = e; x->name; x++) {
		if (!strcasecmp(s, x->name)) {
			*v = x->value;
			return 0;
		}
	}
	return -1;
}

int
pc_enum(struct conf_pctx *p, const char *what, const char *s,
	const struct conf_enum *e, int *v)
{
	struct conf_buf b;

	if (conf_enum_find(e, s, v) == 0)
		return 0;
	conf_buf_init(&b);
	for (const struct conf_enum *x = e; x->name; x++)
		conf_buf_printf(&b, "%s%s", x == e ? "" : ", ", x->name);
	pc_err(p, "%s '%s' is not one of %s", what, s, b.s ? b.s : "");
	conf_buf_free(&b);
	return -1;
}

static bool
no_range(int64_t min, int64_t max)
{
	return min == 0 && max == 0;
}

int
pc_u32(struct conf_pctx *p, const char *what, const char *s, int64_t min,
       int64_t max, uint32_t *v)
{
	uint32_t x;

	if (conf_parse_u32(s, &x) < 0) {
		if (*s == '-' && !no_range(min, max))
			pc_err(p, "%s %s out of range %" PRId64 "-%" PRId64,
			       what, s, min, max);
		else
			pc_err(p, "%s '%s' is not a number", what, s);
		return -1;
	}
	if (!no_range(min, max) && (x < min || x > max)) {
		pc_err(p, "%s %s out of range %" PRId64 "-%" PRId64, what, s,
		       min, max);
		return -1;
	}
	*v = x;
	return 0;
}

int
pc_i32(struct conf_pctx *p, const char *what, const char *s, int64_t min,
       int64_t max, int32_t *v)
{
	int32_t x;

	if (conf_parse_i32(s, &x) < 0) {
		pc_err(p, "%s '%s' is not a number", what, s);
		return -1;
	}
	if (!no_range(min, max) && (x < min || x > max)) {
		pc_err(p, "%s %s out of range %" PRId64 "-%" PRId64, what, s,
		       min, max);
		return -1;
	}
	*v = x;
	return 0;
}

static const char *
secs(int64_t us, char *buf, size_t n)
{
	if (us % 1000000 == 0)
		snprintf(buf, n, "%" PRId64, us / 1000000);
	else
		snprintf(buf, n, "%g", (double)us / 1e6);
	return buf;
}

int
pc_time(struct conf_pctx *p, const char *what, const char *s, int64_t min,
	int64_t max, uint64_t *v)
{
	char lo[32], hi[32];
	uint64_t x;

	if (conf_parse_time(s, &x) < 0) {
		pc_err(p, "%s '%s' is not a time in seconds", what, s);
		return -1;
	}
	if (!no_range(min, max) && (x < (uint64_t)min || x > (uint64_t)max)) {
		pc_err(p, "%s %s out of range %s-%s seconds", what, s,
		       secs(min, lo, sizeof(lo)), secs(max, hi, sizeof(hi)));
		return -1;
	}
	*v = x;
	return 0;
}

int
pc_addr(struct conf_pctx *p, const char *what, const char *s, bool allow_prefix,
	struct conf_addr *v)
{
	if (conf_parse_addr(s, allow_prefix, v) < 0) {
		pc_err(p, "%s '%s' is not a valid IP address%s", what, s,
		       allow_prefix ? " (or ADDRESS/PREFIX)" : "");
		return -1;
	}
	return 0;
}

int
pc_host_addr(struct conf_pctx *p, const char *what, const char *s,
	     struct conf_addr *v)
{
	char b[64];

	if (pc_addr(p, what, s, true, v) < 0)
		return -1;
	if (v->has_prefix) {
		v->has_prefix = false;
		v->prefix = (uint8_t)(ipaddr_len(v->ip.family) * 8);
		pc_warn(p,
			"%s %s: an address, not a network: the prefix is "
			"ignored, %s used",
			what, s, conf_addr_str(v, b, sizeof(b)));
	}
	return 0;
}

static int
port_from(struct conf_pctx *p, const char *what, const char *s, int64_t min,
	  uint16_t *v)
{
	uint32_t x;

	if (pc_u32(p, what, s, min, 65535, &x) < 0)
		return -1;
	*v = (uint16_t)x;
	return 0;
}

int
pc_port(struct conf_pctx *p, const char *what, const char *s, uint16_t *v)
{
	return port_from(p, what, s, 1, v);
}

int
pc_port0(struct conf_pctx *p, const char *what, const char *s, uint16_t *v)
{
	return port_from(p, what, s, 0, v);
}

void
pc_script_set(struct conf_pctx *p, struct conf_script *s,
	      const struct conf_args *a, int from)
{
	s->cmd = pc_strdup(p, a->v[from]);
	s->user = a->n > from + 1 ? pc_strdup(p, a->v[from + 1]) : NULL;
	s->group = a->n > from + 2 ? pc_strdup(p, a->v[from + 2]) : NULL;
	s->loc = p->loc;
	if (a->n > from + 3)
		pc_warn(p,
			"'%s': extra '%s' ignored (quote a command that "
			"has arguments)",
			a->v[0], a->v[from + 3]);
}

void
pc_kept(struct conf_pctx *p, struct conf_list *kept, const struct conf_args *a)
{
	struct conf_kept *k = pc_alloc(p, sizeof(*k));

	if (!k)
		return;
	k->loc = p->loc;
	k->keyword = pc_strdup(p, a->v[0]);
	k->args = pc_join(p, a, 1);
	conf_list_append(kept, k);
}

void
pc_str_append(struct conf_pctx *p, struct conf_list *l, const char *s)
{
	struct conf_str *e = pc_alloc(p, sizeof(*e));

	if (!e)
		return;
	e->loc = p->loc;
	e->s = pc_strdup(p, s);
	conf_list_append(l, e);
}

int
pc_track(struct conf_pctx *p, struct conf_list *l, const struct conf_args *a,
	 int64_t wmin, int64_t wmax)
{
	struct conf_track *t = pc_alloc(p, sizeof(*t));

	if (!t)
		return -1;
	t->loc = p->loc;
	t->name = pc_strdup(p, a->v[0]);
	t->weight = CONF_UNSET_I32;
	for (int i = 1; i < a->n; i++) {
		const char *w = a->v[i];

		if (!strcmp(w, "weight") && i + 1 < a->n) {
			if (pc_i32(p, "weight", a->v[++i], wmin, wmax,
				   &t->weight) < 0)
				return -1;
		} else if (!strcmp(w, "reverse")) {
			t->reverse = true;
		} else if (!strcmp(w, "noreverse") ||
			   !strcmp(w, "no_reverse")) {
			t->reverse = false;
		} else {
			pc_err(p,
			       "'%s': unexpected '%s' (expected NAME [weight "
			       "N] [reverse|noreverse])",
			       a->v[0], w);
			return -1;
		}
	}
	conf_list_append(l, t);
	return 0;
}

/* ---- the generic handlers ----------------------------------------- */

/* An optional BOOL after a flag keyword (no value: true). */
static int
opt_bool(struct conf_pctx *p, const struct conf_args *a, bool *v)
{
	*v = true;
	if (a->n > 1 && conf_parse_bool(a->v[1], v) < 0) {
		/* keepalived sets most flags whatever follows them */
		*v = true;
		pc_warn(p,
			"'%s' takes no value or one of on|off|true|false|"
			"yes|no, not '%s': '%s' ignored, '%s' set",
			a->v[0], a->v[1], a->v[1], a->v[0]);
		return 0;
	}
	pc_nargs(p, a, 0, 1);
	return 0;
}

/* weight N [reverse]: the int32 at off, its bool `reverse` right after. */
int
kw_weight(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	  const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 2) < 0 ||
	    pc_i32(p, a->v[0], a->v[1], kw->min, kw->max,
		   FIELD(obj, kw->off, int32_t)) < 0)
		return -1;
	if (a->n > 2 && strcmp(a->v[2], "reverse")) {
		pc_err(p, "weight: unexpected '%s' (expected reverse)",
		       a->v[2]);
		return -1;
	}
	*FIELD(obj, kw->off + sizeof(int32_t), bool) = a->n > 2;
	return 0;
}

int
kw_flag(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	bool v;

	if (opt_bool(p, a, &v) < 0)
		return -1;
	*FIELD(obj, kw->off, bool) = v;
	return 0;
}

int
kw_flag_only(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	if (a->n > 1)
		pc_warn(p, "'%s' takes no value: '%s' ignored, '%s' set",
			a->v[0], a->v[1], a->v[0]);
	*FIELD(obj, kw->off, bool) = true;
	return 0;
}

int
kw_tri(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	bool v;

	if (opt_bool(p, a, &v) < 0)
		return -1;
	*FIELD(obj, kw->off, int8_t) = v ? 1 : 0;
	return 0;
}

int
kw_u32(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	return pc_u32(p, a->v[0], a->v[1], kw->min, kw->max,
		      FIELD(obj, kw->off, uint32_t));
}

int
kw_i32(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	return pc_i32(p, a->v[0], a->v[1], kw->min, kw->max,
		      FIELD(obj, kw->off, int32_t));
}

int
kw_port(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	return pc_port(p, a->v[0], a->v[1], FIELD(obj, kw->off, uint16_t));
}

int
kw_time(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	return pc_time(p, a->v[0], a->v[1], kw->min, kw->max,
		       FIELD(obj, kw->off, uint64_t));
}

int
kw_str(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	*FIELD(obj, kw->off, const char *) = pc_strdup(p, a->v[1]);
	return 0;
}

int
kw_addr(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	return pc_addr(p, a->v[0], a->v[1], kw->aux != NULL,
		       FIELD(obj, kw->off, struct conf_addr));
}

int
kw_enum8(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	 const struct conf_args *a)
{
	int v = 0;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], kw->aux, &v) < 0)
		return -1;
	*FIELD(obj, kw->off, uint8_t) = (uint8_t)v;
	return 0;
}

int
kw_script(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	  const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	pc_script_set(p, FIELD(obj, kw->off, struct conf_script), a, 1);
	return 0;
}

int
kw_user(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	struct conf_script *s = FIELD(obj, kw->off, struct conf_script);

	if (pc_nargs(p, a, 1, 2) < 0)
		return -1;
	s->user = pc_strdup(p, a->v[1]);
	s->group = a->n > 2 ? pc_strdup(p, a->v[2]) : NULL;
	return 0;
}

int
kw_strlist(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	   const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	for (int i = 1; i < a->n; i++)
		pc_str_append(p, FIELD(obj, kw->off, struct conf_list),
			      a->v[i]);
	return 0;
}

int
kw_kept(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	pc_kept(p, FIELD(obj, kw->off, struct conf_list), a);
	return 0;
}

int
kw_sub_same(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	pc_nargs(p, a, 0, 0);
	p->child = obj;
	return 0;
}

int
kw_sub_list(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	pc_nargs(p, a, 0, 0);
	p->child = FIELD(obj, kw->off, struct conf_list);
	return 0;
}

int
line_str(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	pc_nargs(p, a, 0, 0);
	pc_str_append(p, obj, a->v[0]);
	return 0;
}

int
line_track253(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	return pc_track(p, obj, a, -253, 253);
}

int
line_track254(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	return pc_track(p, obj, a, -254, 254);
}

/* ---- handlers shared by subsystems ------------------------------- */

int
kw_opt_name(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	pc_nargs(p, a, 0, 1);
	*FIELD(obj, kw->off, const char *) =
		pc_strdup(p, a->n > 1 ? a->v[1] : (const char *)kw->aux);
	return 0;
}

int
kw_fifo(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	struct conf_fifo *f = FIELD(obj, kw->off, struct conf_fifo);

	if (pc_nargs(p, a, 1, 3) < 0)
		return -1;
	f->path = pc_strdup(p, a->v[1]);
	f->user = a->n > 2 ? pc_strdup(p, a->v[2]) : NULL;
	f->group = a->n > 3 ? pc_strdup(p, a->v[3]) : NULL;
	return 0;
}

int
kw_fifo_script(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_fifo *f = FIELD(obj, kw->off, struct conf_fifo);

	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	pc_script_set(p, &f->script, a, 1);
	return 0;
}
