// SPDX-License-Identifier: GPL-2.0-or-later
/* Script commands into argv, keepalived's quoting (core/runtime/cmd_split). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/runtime/cmd_split.h"

/* cmd splits into exactly want[] (NULL-terminated). */
static void
expect_split(const char *cmd, const char *const *want)
{
	int n = -1, k = 0;
	char **v = cmd_split(cmd, &n);

	assert_non_null(v);
	for (; want[k]; k++) {
		assert_non_null(v[k]);
		assert_string_equal(v[k], want[k]);
	}
	assert_null(v[k]);
	assert_int_equal(n, k);
	free(v);
}

static void
test_words(void **state)
{
	(void)state;
	expect_split("/bin/x  a 'b c' \"d e\"f g\\ h",
		     (const char *const[]){"/bin/x", "a", "b c", "d ef", "g h",
					   NULL});
	expect_split(
		"  /bin/x 'a b'  \"c\\\"d\" e\\ f ",
		(const char *const[]){"/bin/x", "a b", "c\"d", "e f", NULL});
	expect_split("\t/bin/true\t", (const char *const[]){"/bin/true", NULL});
	/* Single quotes keep everything, backslashes too. */
	expect_split("bash -c '</dev/tcp/127.0.0.1/80'",
		     (const char *const[]){"bash", "-c",
					   "</dev/tcp/127.0.0.1/80", NULL});
	expect_split("echo 'a\\b'",
		     (const char *const[]){"echo", "a\\b", NULL});
	expect_split("x ''", (const char *const[]){"x", "", NULL});
}

/* What the vrrp child writes for a notify script (vrrp_notify_cmd: the
 * name in "..." with \ before " and \) comes back as it was. */
static void
test_notify_arguments(void **state)
{
	(void)state;
	expect_split("/bin/n.sh INSTANCE \"VI_1\" MASTER 150",
		     (const char *const[]){"/bin/n.sh", "INSTANCE", "VI_1",
					   "MASTER", "150", NULL});
	expect_split("/n GROUP \"G 1\" FAULT 0",
		     (const char *const[]){"/n", "GROUP", "G 1", "FAULT", "0",
					   NULL});
	expect_split("/n INSTANCE \"we\\\"ird\\\\\" STOP 0",
		     (const char *const[]){"/n", "INSTANCE", "we\"ird\\",
					   "STOP", "0", NULL});
}

static void
test_refused(void **state)
{
	int n = 7;

	(void)state;
	assert_null(cmd_split("a 'b", &n));
	assert_null(cmd_split("/x \"open", &n));
	assert_null(cmd_split("   ", &n));
	assert_null(cmd_split("", &n));
	assert_int_equal(n, 7); /* untouched */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_notify_arguments),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
