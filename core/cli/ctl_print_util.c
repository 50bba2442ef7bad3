// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What vigilctl's printers (ctl_print.c, ctl_print_show.c) share: reads of
 * a reply that never trust its shape (json-c aborts on an array call made
 * on a non-array), ages, aligned tables and key: value blocks.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli/ctl_print_int.h"

/* ---- ages ---- */

static bool
parse_iso(const char *s, time_t *t)
{
	struct tm tm = {0};
	char z = 0;
	int n = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return false;
	s += n;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	z = *s;
	if (z != 'Z' || s[1] || tm.tm_mon < 1 || tm.tm_mon > 12)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm);
	return *t != (time_t)-1;
}

const char *
pj_age(const char *iso, time_t now, char *buf, size_t len)
{
	time_t t;
	long long d;

	if (!iso || !parse_iso(iso, &t)) {
		snprintf(buf, len, "-");
		return buf;
	}
	d = now > t ? (long long)(now - t) : 0;
	if (d < 60)
		snprintf(buf, len, "%llds", d);
	else if (d < 3600)
		snprintf(buf, len, "%lldm%02llds", d / 60, d % 60);
	else if (d < 86400)
		snprintf(buf, len, "%lldh%02lldm", d / 3600, d / 60 % 60);
	else
		snprintf(buf, len, "%lldd%02lldh", d / 86400, d / 3600 % 24);
	return buf;
}

/* ---- tables ---- */

void
pt_init(struct ptab *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols < PT_MAX_COLS ? ncols : PT_MAX_COLS;
}

void
pt_row(struct ptab *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(*c));

		if (!c)
			return;
		t->cells = c;
		t->cap = cap;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		char *s = strdup(cells[i] ? cells[i] : "-");
		size_t w = s ? strlen(s) : 0;

		t->cells[t->nrows * t->ncols + i] = s;
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->nrows++;
}

void
pt_print(struct ptab *t, FILE *out)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			const char *s = t->cells[r * t->ncols + i];

			if (i + 1 < t->ncols)
				fprintf(out, "%-*s  ", (int)t->width[i],
					s ? s : "");
			else
				fprintf(out, "%s\n", s ? s : "");
		}
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* ---- key: value ---- */

static bool
is_zero(struct json_object *v)
{
	return json_object_is_type(v, json_type_int) &&
	       !json_object_get_int64(v);
}

/* The widest key (of the counters that are not 0 when nonzero). */
static size_t
key_width(struct json_object *o, bool nonzero)
{
	size_t w = 0;

	json_object_object_foreach(o, k, v)
	{
		if (strlen(k) > w && !(nonzero && is_zero(v)))
			w = strlen(k);
	}
	return w + 1;
}

static bool
all_scalars(struct json_object *a)
{
	for (size_t i = 0; i < jlen(a); i++) {
		enum json_type t = json_object_get_type(jat(a, i));

		if (t == json_type_object || t == json_type_array)
			return false;
	}
	return true;
}

static void
scalar(FILE *out, struct json_object *v, time_t now)
{
	const char *s = v ? json_object_get_string(v) : NULL;
	char age[32];

	if (!s || !*s) {
		fputs("-", out);
		return;
	}
	fputs(s, out);
	if (json_object_is_type(v, json_type_string) &&
	    strcmp(pj_age(s, now, age, sizeof(age)), "-"))
		fprintf(out, " (%s ago)", age);
}

static void kv_value(FILE *out, const char *k, struct json_object *v,
		     int indent, time_t now);

static bool
nested(struct json_object *v)
{
	return json_object_is_type(v, json_type_object) ||
	       (json_object_is_type(v, json_type_array) && !all_scalars(v));
}

static void
kv_line(FILE *out, const char *k, struct json_object *v, int indent, size_t w,
	time_t now)
{
	fprintf(out, "%*s%s:%*s", indent, "", k, (int)(w - strlen(k)), "");
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < jlen(v); i++)
			fprintf(out, "%s%s", i ? " " : "",
				json_object_get_string(jat(v, i)));
		if (!jlen(v))
			fputs("-", out);
	} else {
		scalar(out, v, now);
	}
	fputs("\n", out);
}

/* The plain members first, aligned; then each nested one below its key. */
void
pj_kv(FILE *out, struct json_object *o, int indent, time_t now)
{
	size_t w;

	if (!json_object_is_type(o, json_type_object))
		return;
	w = key_width(o, false);
	json_object_object_foreach(o, k, v)
	{
		if (!nested(v))
			kv_line(out, k, v, indent, w, now);
	}
	json_object_object_foreach(o, k2, v2)
	{
		if (nested(v2)) {
			fprintf(out, "%*s%s:\n", indent, "", k2);
			kv_value(out, k2, v2, indent + 2, now);
		}
	}
}

/* Counters: only those that are not 0. */
static void
kv_stats(FILE *out, struct json_object *o, int indent)
{
	size_t w = key_width(o, true), zero = 0;

	json_object_object_foreach(o, k, v)
	{
		if (is_zero(v)) {
			zero++;
			continue;
		}
		fprintf(out, "%*s%s:%*s%s\n", indent, "", k,
			(int)(w - strlen(k)), "",
			v ? json_object_get_string(v) : "-");
	}
	if (zero)
		fprintf(out, "%*s(%zu more at 0)\n", indent, "", zero);
}

static void
kv_value(FILE *out, const char *k, struct json_object *v, int indent,
	 time_t now)
{
	if (json_object_is_type(v, json_type_object)) {
		if (!strcmp(k, "stats"))
			kv_stats(out, v, indent);
		else
			pj_kv(out, v, indent, now);
		return;
	}
	for (size_t i = 0; i < jlen(v); i++) {
		struct json_object *e = jat(v, i);

		fprintf(out, "%*s[%zu]\n", indent, "", i + 1);
		if (json_object_is_type(e, json_type_object))
			pj_kv(out, e, indent + 2, now);
		else
			fprintf(out, "%*s%s\n", indent + 2, "",
				e ? json_object_get_string(e) : "-");
	}
}
