/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers for the config reader's cmocka tests (included after cmocka.h). */
#ifndef VIGIL_TESTS_CONF_HELPERS_H
#define VIGIL_TESTS_CONF_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"

/* preprocess (from memory) + parse + validate; the diagnostics in *d */
static inline struct conf *
load_text(const char *text, const struct conf_opts *o, struct conf_diags *d)
{
	char *snap = NULL;
	size_t len = 0;
	struct conf *c;

	conf_diags_init(d);
	conf_preprocess_buffer("t.conf", text, strlen(text), o, &snap, &len, d);
	assert_non_null(snap);
	c = conf_parse(snap, len, o, d);
	assert_non_null(c);
	conf_validate(c, o, d);
	free(snap);
	return c;
}

/* The number of diagnostics of `sev` whose message holds `part` (any
 * line if line < 0). */
static inline int
diag_count(const struct conf_diags *d, enum conf_severity sev, int line,
	   const char *part)
{
	int n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].severity == sev &&
		    (line < 0 || d->v[i].line == line) &&
		    strstr(d->v[i].msg, part))
			n++;
	return n;
}

static inline void
diags_dump(const struct conf_diags *d)
{
	conf_diags_print(d, stderr);
}

/* Exactly one error at `line` holding `part`, and no other error. */
#define assert_one_error(d, line, part)                                        \
	do {                                                                   \
		if (diag_count(d, CONF_ERROR, line, part) != 1 ||              \
		    (d)->errors != 1)                                          \
			diags_dump(d);                                         \
		assert_int_equal(diag_count(d, CONF_ERROR, line, part), 1);    \
		assert_int_equal((d)->errors, 1);                              \
	} while (0)

/* keepalived's fallback: no error, exactly one warning at `line` holding
 * `part` (saying what was ignored or set instead). */
#define assert_one_fallback(d, line, part)                                     \
	do {                                                                   \
		if (diag_count(d, CONF_WARNING, line, part) != 1 ||            \
		    (d)->errors != 0)                                          \
			diags_dump(d);                                         \
		assert_int_equal(diag_count(d, CONF_WARNING, line, part), 1);  \
		assert_int_equal((d)->errors, 0);                              \
	} while (0)

#define assert_no_errors(d)                                                    \
	do {                                                                   \
		if ((d)->errors)                                               \
			diags_dump(d);                                         \
		assert_int_equal((d)->errors, 0);                              \
	} while (0)

#endif
