// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Invalid configs in tests/conf/bad/: each NAME.conf must give exactly the
 * `file:line: error|warning: message` lines of NAME.expected, in order
 * (those in an included file name that file and its line): errors where
 * the config cannot run, warnings where keepalived falls back.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/conf/conf.h"

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int ch;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* The error lines the reader gives for `name` (in the current dir). */
static char *
errors_of(const char *name)
{
	struct conf_diags d;
	struct conf *c;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	conf_diags_init(&d);
	c = conf_load(name, NULL, &d, NULL, NULL);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].severity != CONF_UNSUPPORTED)
			fprintf(m, "%s:%d: %s: %s\n", d.v[i].file, d.v[i].line,
				d.v[i].severity == CONF_ERROR ? "error"
							      : "warning",
				d.v[i].msg);
	fclose(m);
	conf_free(c);
	conf_diags_free(&d);
	return buf;
}

static void
test_bad_configs(void **state)
{
	const char *top = getenv("top_srcdir");
	char dir[4096];
	struct dirent *e;
	DIR *dp;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/conf/bad", top ? top : "..");
	assert_int_equal(chdir(dir), 0);
	dp = opendir(".");
	assert_non_null(dp);
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		char want_path[512];
		char *want, *got;

		if (l < 6 || strcmp(e->d_name + l - 5, ".conf"))
			continue;
		snprintf(want_path, sizeof(want_path), "%.*s.expected",
			 (int)(l - 5), e->d_name);
		want = read_file(want_path);
		if (!want)
			fail_msg("%s has no %s", e->d_name, want_path);
		got = errors_of(e->d_name);
		if (strcmp(got, want))
			fail_msg("%s:\n--- got\n%s--- want\n%s", e->d_name, got,
				 want);
		assert_true(strlen(want) > 0);
		free(got);
		free(want);
		n++;
	}
	closedir(dp);
	assert_true(n >= 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
