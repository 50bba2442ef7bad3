// SPDX-License-Identifier: GPL-2.0-or-later
/* The control socket's request parser. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/parent/control.h"
#include "tests/fuzz/control_tab.h"

static int
parse(const char *s, struct control_req *r, const char **err)
{
	return control_parse(s, strlen(s), test_cmds, TEST_NCMDS, r, err);
}

static void
test_good(void **state)
{
	struct control_req r;
	const char *err = NULL;

	(void)state;
	assert_int_equal(parse("{\"cmd\":\"status\"}", &r, &err), 0);
	assert_ptr_equal(r.cmd, &test_cmds[0]);
	assert_int_equal(
		parse(" { \"cmd\" : \"show\", \"topic\": \"ipvs\" }", &r, &err),
		0);
	assert_ptr_equal(r.cmd, &test_cmds[2]);
	assert_string_equal(r.topic, "ipvs");
	assert_int_equal(parse("{\"cmd\":\"admin\",\"topic\":\"vrrp\","
			       "\"arg\":\"force VI_1 BACKUP\"}",
			       &r, &err),
			 0);
	assert_string_equal(r.arg, "force VI_1 BACKUP");
	/* Unknown members are ignored, for newer clients. */
	assert_int_equal(parse("{\"cmd\":\"status\",\"x\":[1,2]}", &r, &err),
			 0);
}

static void
expect_bad(const char *s, const char *why)
{
	struct control_req r;
	const char *err = NULL;

	assert_int_equal(parse(s, &r, &err), -1);
	assert_null(r.cmd);
	assert_non_null(err);
	assert_string_equal(err, why);
}

static void
test_bad(void **state)
{
	char big[200];

	(void)state;
	expect_bad("", "not a JSON object");
	expect_bad("garbage", "not a JSON object");
	expect_bad("[1,2]", "not a JSON object");
	expect_bad("{\"cmd\":\"status\"} trailing", "not a JSON object");
	expect_bad("{\"cmd\":\"status\"", "not a JSON object");
	expect_bad("{}", "missing or bad \"cmd\"");
	expect_bad("{\"cmd\":7}", "missing or bad \"cmd\"");
	expect_bad("{\"cmd\":\"reboot\"}", "unknown command");
	expect_bad("{\"cmd\":\"show\"}", "missing \"topic\" or \"arg\"");
	expect_bad("{\"cmd\":\"show\",\"topic\":\"disks\"}", "unknown topic");
	expect_bad("{\"cmd\":\"show\",\"topic\":1}",
		   "bad \"topic\" or \"arg\"");
	expect_bad("{\"cmd\":\"admin\",\"topic\":\"vrrp\"}",
		   "missing \"topic\" or \"arg\"");
	memset(big, 'a', sizeof(big));
	memcpy(big, "{\"cmd\":\"show\",\"topic\":\"", 23);
	strcpy(big + sizeof(big) - 3, "\"}");
	expect_bad(big, "bad \"topic\" or \"arg\"");
}

static void
test_limits(void **state)
{
	struct control_req r;
	const char *err = NULL;
	size_t n = CONTROL_MAX_REQUEST + 1;
	char *buf = malloc(n);

	(void)state;
	memset(buf, ' ', n);
	assert_int_equal(control_parse(buf, n, test_cmds, TEST_NCMDS, &r, &err),
			 -1);
	assert_string_equal(err, "request too large");
	assert_int_equal(control_parse("{\"cmd\":\"status\"}\0x", 19, test_cmds,
				       TEST_NCMDS, &r, &err),
			 -1);
	assert_string_equal(err, "NUL in request");
	free(buf);
}

static void
test_topics(void **state)
{
	(void)state;
	assert_int_equal(control_topic_proc("vrrp"), PROC_VRRP);
	assert_int_equal(control_topic_proc("checks"), PROC_CHECK);
	assert_int_equal(control_topic_proc("ipvs"), PROC_CHECK);
	assert_int_equal(control_topic_proc("sync"), PROC_SYNC);
	assert_int_equal(control_topic_proc("VRRP"), PROC_PARENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_topics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
