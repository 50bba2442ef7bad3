// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Walking the model by its field descriptors (core/conf/conf_desc_tab.c):
 * conf_equal() (reload diffs) and conf_dump() (tests, debugging), so a
 * field added to the model and to its table is compared and printed
 * without more code.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/conf/conf_desc.h"

/* ---- walking ------------------------------------------------------ */

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool
script_eq(const struct conf_script *a, const struct conf_script *b)
{
	return str_eq(a->cmd, b->cmd) && str_eq(a->user, b->user) &&
	       str_eq(a->group, b->group);
}

static bool
loc_eq(const struct conf_loc *a, const struct conf_loc *b)
{
	return a->line == b->line &&
	       str_eq(a->file ? a->file : "", b->file ? b->file : "");
}

static bool
field_eq(const struct conf_fdesc *f, const void *a, const void *b,
	 bool with_loc)
{
	const void *x = (const char *)a + f->off, *y = (const char *)b + f->off;

	switch (f->kind) {
	case FK_LOC:
		return !with_loc || loc_eq(x, y);
	case FK_STR:
		return str_eq(*(const char *const *)x, *(const char *const *)y);
	case FK_ADDR:
		return conf_addr_eq(x, y) &&
		       ((const struct conf_addr *)x)->has_prefix ==
			       ((const struct conf_addr *)y)->has_prefix;
	case FK_SCRIPT:
		return script_eq(x, y) &&
		       (!with_loc ||
			loc_eq(&((const struct conf_script *)x)->loc,
			       &((const struct conf_script *)y)->loc));
	case FK_STRUCT:
		return conf_desc_eq(f->sub, x, y, with_loc);
	case FK_PTR:
		x = *(const void *const *)x;
		y = *(const void *const *)y;
		return (!x || !y) ? x == y
				  : conf_desc_eq(f->sub, x, y, with_loc);
	case FK_LIST:
		return conf_desc_list_eq(f->sub, x, y, with_loc);
	default:
		return !memcmp(x, y, f->size);
	}
}

bool
conf_desc_eq(const struct conf_tdesc *t, const void *a, const void *b,
	     bool with_loc)
{
	for (const struct conf_fdesc *f = t->f; f->name; f++)
		if (!field_eq(f, a, b, with_loc))
			return false;
	return true;
}

bool
conf_desc_list_eq(const struct conf_tdesc *t, const struct conf_list *a,
		  const struct conf_list *b, bool with_loc)
{
	const void *x = a->head, *y = b->head;

	if (a->n != b->n)
		return false;
	for (; x && y; x = *(const void *const *)x, y = *(const void *const *)y)
		if (!conf_desc_eq(t, x, y, with_loc))
			return false;
	return !x && !y;
}

bool
conf_equal(const struct conf *a, const struct conf *b)
{
	return conf_desc_eq(&conf_td_conf, a, b, false);
}

/* ---- dump --------------------------------------------------------- */

static void dump(FILE *out, const struct conf_tdesc *t, const void *obj,
		 int depth);

static void
dump_str(FILE *out, const char *s)
{
	struct conf_buf b;

	if (!s) {
		fputs("(null)", out);
		return;
	}
	conf_buf_init(&b);
	conf_lex_quote(&b, s, false);
	fputs(b.s ? b.s : "\"\"", out);
	conf_buf_free(&b);
}

static void
dump_scalar(FILE *out, const struct conf_fdesc *f, const void *x)
{
	char buf[64];

	switch (f->kind) {
	case FK_BOOL:
		fputs(*(const bool *)x ? "yes" : "no", out);
		break;
	case FK_I8:
		fprintf(out, "%d", *(const int8_t *)x);
		break;
	case FK_U8:
		fprintf(out, "%u", *(const uint8_t *)x);
		break;
	case FK_U16:
		fprintf(out, "%u", *(const uint16_t *)x);
		break;
	case FK_I32:
		fprintf(out, "%" PRId32, *(const int32_t *)x);
		break;
	case FK_U32:
		fprintf(out, "%" PRIu32, *(const uint32_t *)x);
		break;
	case FK_U64:
	case FK_TIME:
		fprintf(out, "%" PRIu64, *(const uint64_t *)x);
		break;
	case FK_ADDR:
		fputs(conf_addr_str(x, buf, sizeof(buf)), out);
		break;
	case FK_BYTES:
		for (size_t i = 0; i < f->size; i++)
			fprintf(out, "%02x", ((const uint8_t *)x)[i]);
		break;
	default: /* composite kinds are printed by dump_field() */
		break;
	}
}

static void
dump_field(FILE *out, const struct conf_fdesc *f, const void *obj, int depth)
{
	const void *x = (const char *)obj + f->off;
	const struct conf_script *s = x;
	const struct conf_loc *l = x;

	fprintf(out, "%*s%s ", depth * 2, "", f->name);
	switch (f->kind) {
	case FK_LOC:
		fprintf(out, "%s:%d\n", l->file ? l->file : "", l->line);
		return;
	case FK_STR:
		dump_str(out, *(const char *const *)x);
		break;
	case FK_SCRIPT:
		dump_str(out, s->cmd);
		fputc(' ', out);
		dump_str(out, s->user);
		fputc(' ', out);
		dump_str(out, s->group);
		fprintf(out, " @%s:%d", s->loc.file ? s->loc.file : "",
			s->loc.line);
		break;
	case FK_STRUCT:
		fputs("{\n", out);
		dump(out, f->sub, x, depth + 1);
		fprintf(out, "%*s}", depth * 2, "");
		break;
	case FK_PTR:
		if (!*(const void *const *)x) {
			fputs("(null)", out);
			break;
		}
		fputs("{\n", out);
		dump(out, f->sub, *(const void *const *)x, depth + 1);
		fprintf(out, "%*s}", depth * 2, "");
		break;
	case FK_LIST:
		fprintf(out, "[%u] {\n", ((const struct conf_list *)x)->n);
		for (const void *e = ((const struct conf_list *)x)->head; e;
		     e = *(const void *const *)e) {
			fprintf(out, "%*s%s {\n", (depth + 1) * 2, "",
				f->sub->name);
			dump(out, f->sub, e, depth + 2);
			fprintf(out, "%*s}\n", (depth + 1) * 2, "");
		}
		fprintf(out, "%*s}", depth * 2, "");
		break;
	default:
		dump_scalar(out, f, x);
	}
	fputc('\n', out);
}

static void
dump(FILE *out, const struct conf_tdesc *t, const void *obj, int depth)
{
	for (const struct conf_fdesc *f = t->f; f->name; f++)
		dump_field(out, f, obj, depth);
}

void
conf_dump(const struct conf *c, FILE *out)
{
	dump(out, &conf_td_conf, c, 0);
}
