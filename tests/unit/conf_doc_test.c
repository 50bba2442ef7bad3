// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * doc/vigil.conf.5 documents every keyword of the keyword tables, in the
 * section of its block, with the status the table gives it ("vigil acts on
 * it", "Not supported yet", "Kept, not acted on", "Deprecated"). A
 * subsystem that flips a keyword to CONF_KW_ACTIVE updates the page too.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/conf/conf.h"

static char *page;

static const char *
section_of(const char *block)
{
	static const struct {
		const char *block, *title;
	} map[] = {
		{"", "Top level"},
		{"checker", "Options of every checker"},
		{"SSL_GET", "HTTP_GET"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].block, block))
			return map[i].title;
	return block;
}

/* The text of the .SS section whose title starts with `title`. */
static char *
section(const char *title)
{
	char head[128];
	const char *s, *e;

	snprintf(head, sizeof(head), ".SS \"%s", title);
	s = strstr(page, head);
	while (s && s[strlen(head)] != ' ' && s[strlen(head)] != '"')
		s = strstr(s + 1, head);
	if (!s)
		return NULL;
	e = strstr(s + 1, "\n.S");
	return strndup(s, e ? (size_t)(e - s) : strlen(s));
}

struct check {
	int keywords, missing;
};

static void
check_kw(const char *block, const char *kw, enum conf_kw_status st,
	 bool deprecated, const char *to, void *arg)
{
	static const char *const tags[] = {"vigil acts on it.",
					   "Not supported yet.",
					   "Kept, not acted on."};
	struct check *c = arg;
	char name[128], *sec = section(section_of(block));
	const char *entry, *next,
		*tag = deprecated ? "Deprecated: read as" : tags[st];
	size_t k = 0;

	/* the page writes '-' as "\-" */
	for (const char *p = kw; *p && k < sizeof(name) - 3; p++) {
		if (*p == '-')
			name[k++] = '\\';
		name[k++] = *p;
	}
	name[k] = '\0';
	c->keywords++;
	entry = NULL;
	for (const char *p = sec ? strstr(sec, name) : NULL; p;
	     p = strstr(p + 1, name)) {
		/* an entry: "\fBkw" or ".B kw" at the start of a line */
		if ((!strncmp(p - 3, "\\fB", 3) || !strncmp(p - 3, ".B ", 3)) &&
		    p[-4] == '\n' && strchr(" \\\n", p[k])) {
			entry = p;
			break;
		}
	}
	next = entry ? strstr(entry, "\n.TP") : NULL;
	if (!entry || !strstr(entry, tag) ||
	    (next && strstr(entry, tag) > next)) {
		fprintf(stderr, "doc/vigil.conf.5: %s '%s' is %s\n",
			block[0] ? block : "top level", kw,
			entry ? "documented with another status"
			      : "not documented in its section");
		c->missing++;
	}
	free(sec);
}

static void
test_every_keyword_documented(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct check c = {0};
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/doc/vigil.conf.5", top ? top : "..");
	f = fopen(path, "r");
	assert_non_null(f);
	page = calloc(1, 1 << 20);
	n = fread(page, 1, (1 << 20) - 1, f);
	fclose(f);
	assert_true(n > 0);
	conf_for_each_keyword(check_kw, &c);
	free(page);
	assert_true(c.keywords > 300);
	assert_int_equal(c.missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_keyword_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
