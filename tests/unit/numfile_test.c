// SPDX-License-Identifier: GPL-2.0-or-later
/* A number in a file, keepalived's track_file rules (core/runtime/numfile). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/runtime/numfile.h"

struct parse_case {
	const char *text;
	enum numfile_how how;
	int64_t v; /* when not RANGE */
};

static void
test_parse(void **state)
{
	static const struct parse_case cases[] = {
		{"", NUMFILE_NONE, 0},
		{"   \n", NUMFILE_NONE, 0},
		{"garbage", NUMFILE_NONE, 0},
		{"-", NUMFILE_NONE, 0},
		{"x12", NUMFILE_NONE, 0},
		{"42", NUMFILE_NUMBER, 42},
		{"  42\n", NUMFILE_NUMBER, 42},
		{"5 apples", NUMFILE_NUMBER, 5},
		{"7abc", NUMFILE_NUMBER, 7},
		{"-7\n", NUMFILE_NUMBER, -7},
		{"+3", NUMFILE_NUMBER, 3},
		{"0x10", NUMFILE_NUMBER, 16},
		{"010", NUMFILE_NUMBER, 8},
		{"2147483647", NUMFILE_NUMBER, 2147483647},
		{"-2147483648", NUMFILE_NUMBER, -2147483647 - 1},
		{"2147483648", NUMFILE_RANGE, 0},
		{"-2147483649", NUMFILE_RANGE, 0},
		{"99999999999999999999", NUMFILE_RANGE, 0},
		{"-99999999999999999999", NUMFILE_RANGE, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v = 12345;
		enum numfile_how how = numfile_parse(cases[i].text, &v);

		if (how != cases[i].how)
			fail_msg("'%s': how %d, expected %d", cases[i].text,
				 how, cases[i].how);
		if (how == NUMFILE_RANGE)
			assert_int_equal(v, 12345); /* untouched */
		else if (v != cases[i].v)
			fail_msg("'%s': %lld, expected %lld", cases[i].text,
				 (long long)v, (long long)cases[i].v);
	}
}

struct file_case {
	const char *content; /* NULL: no file */
	enum numfile_how how;
	int64_t v; /* with last 9, missing -5 */
};

static void
test_files(void **state)
{
	static const struct file_case cases[] = {
		{NULL, NUMFILE_UNREADABLE, -5},
		{"", NUMFILE_NONE, 0},
		{"garbage\n", NUMFILE_NONE, 0},
		{"12 and more\n", NUMFILE_NUMBER, 12},
		{"-40\n", NUMFILE_NUMBER, -40},
		{"99999999999999999999\n", NUMFILE_RANGE, 9},
		{"4294967296", NUMFILE_RANGE, 9},
	};
	char dir[] = "/tmp/numfile_test.XXXXXX", path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/value", dir);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum numfile_how how = NUMFILE_NUMBER;
		int64_t v;
		FILE *f;

		unlink(path);
		if (cases[i].content) {
			assert_non_null(f = fopen(path, "w"));
			fputs(cases[i].content, f);
			fclose(f);
		}
		errno = 0;
		v = numfile_value(path, 9, -5, &how);
		if (how != cases[i].how || v != cases[i].v)
			fail_msg("case %zu: how %d value %lld", i, how,
				 (long long)v);
		if (!cases[i].content)
			assert_int_equal(errno, ENOENT);
	}
	unlink(path);
	rmdir(dir);
}

/* A directory opens but does not read: unreadable. The NULL how. */
static void
test_directory(void **state)
{
	enum numfile_how how = NUMFILE_NUMBER;

	(void)state;
	assert_int_equal(numfile_value("/", 9, 3, &how), 3);
	assert_int_equal(how, NUMFILE_UNREADABLE);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(numfile_value("/nonexistent/x", 9, 3, NULL), 3);
}

/* Only the first NUMFILE_READ_MAX bytes count. */
static void
test_bound(void **state)
{
	char path[] = "/tmp/numfile_test.XXXXXX";
	int fd = mkstemp(path);
	char text[NUMFILE_READ_MAX + 8];
	size_t pad = NUMFILE_READ_MAX - 2;

	(void)state;
	assert_true(fd >= 0);
	memset(text, ' ', pad);
	snprintf(text + pad, sizeof(text) - pad, "1234");
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(numfile_value(path, 0, 0, NULL), 12);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
