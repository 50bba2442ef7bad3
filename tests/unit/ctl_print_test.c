// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigilctl's replies for people (core/cli/ctl_print.h), on replies recorded
 * from vigild (tests/fuzz/corpus/ctl_print/: a director with three VRRP
 * instances in a sync group and trackers, a peer that is master of one,
 * three virtual servers with real servers up and down; show_ipvs_kernel
 * from the VM, where the kernel has IPVS). Each output is compared with
 * tests/unit/ctl_print/NAME.txt; the clock is fixed.
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
#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/cli/ctl_print.h"

#define NOW 1796647200 /* 2026-12-07T12:40:00Z */

static char *
slurp(const char *dir, const char *name, const char *ext)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	char *buf = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c;

	snprintf(path, sizeof(path), "%s/%s/%s%s", top ? top : "..", dir, name,
		 ext);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: cannot open", path);
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* The text ctl_print() gives for the reply NAME to the command line. */
static char *
printed(const char *name, const char *cmd, const char *a0, const char *a1)
{
	const char *argv[] = {a0, a1};
	char *reply = slurp("tests/fuzz/corpus/ctl_print", name, ".json");
	struct json_object *o = json_tokener_parse(reply);
	struct ctl_req r;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(o);
	assert_int_equal(ctl_parse(&r, cmd, a1 ? 2 : a0 ? 1 : 0, argv), 0);
	ctl_print(f, &r, o, NOW);
	fclose(f);
	json_object_put(o);
	free(reply);
	return out;
}

static void
same(const char *name, const char *cmd, const char *a0, const char *a1)
{
	char *got = printed(name, cmd, a0, a1);
	char *want = slurp("tests/unit/ctl_print", name, ".txt");

	if (strcmp(got, want))
		fail_msg("%s: printed\n%s\nexpected\n%s", name, got, want);
	free(got);
	free(want);
}

static void
test_vrrp(void **state)
{
	(void)state;
	/* one line per instance: state, priority (effective/configured),
	 * since, why, who is master; the sync group; the trackers */
	same("show_vrrp", "show", "vrrp", NULL);
	/* one instance: key: value, counters at 0 left out */
	same("show_vrrp_one", "show", "vrrp", "VI_1");
	same("force", "force", "VI_6", "BACKUP");
}

static void
test_checks(void **state)
{
	(void)state;
	same("show_checks", "show", "checks", NULL);
	same("show_checks_vs", "show", "checks", "10.99.0.100:80");
	same("show_checks_rs", "show", "checks",
	     "10.99.0.100:80 10.99.0.6:8080");
	same("drain", "drain", "10.99.0.100:80", "10.99.0.5:8080");
	same("restore", "restore", "10.99.0.100:80", "10.99.0.5:8080");
}

static void
test_ipvs(void **state)
{
	(void)state;
	/* no IPVS: the desired table, said so */
	same("show_ipvs", "show", "ipvs", NULL);
	/* the kernel's, as ipvsadm -Ln prints it (tests/vm/vigilctl_ipvs.sh
	 * compares the two on a live kernel) */
	same("show_ipvs_kernel", "show", "ipvs", NULL);
}

/* The sync child's view: key: value, the receiver's below its key. */
static void
test_sync(void **state)
{
	(void)state;
	same("show_sync_receiver", "show", "sync", NULL);
}

static void
test_parent(void **state)
{
	(void)state;
	same("status", "status", NULL, NULL);
	same("status_bad", "status", NULL, NULL);
	same("reload", "reload", NULL, NULL);
	same("reload_bad", "reload", NULL, NULL);
}

/* Whatever the reply, no crash and no JSON: wrong types everywhere. */
static void
test_odd_shapes(void **state)
{
	static const char *const replies[] = {
		"{}",
		"{\"data\":[]}",
		"{\"data\":{\"instances\":{},\"sync_groups\":7}}",
		"{\"data\":{\"instances\":[1,null,{\"name\":3}]}}",
		"{\"data\":{\"virtual_servers\":[{\"real_servers\":\"x\"},5]}}",
		"{\"data\":{\"kernel\":[{\"service\":\"\",\"destinations\":{}}]"
		"}}",
		"{\"data\":{\"instance\":{\"stats\":[1,2],\"x\":{\"y\":[{}]}}}"
		"}",
		"{\"children\":[],\"last_reload\":{\"errors\":{}}}",
	};
	static const char *const cmds[][3] = {
		{"show", "vrrp", NULL},
		{"show", "vrrp", "VI_1"},
		{"show", "checks", NULL},
		{"show", "checks", "10.0.0.1:80"},
		{"show", "ipvs", NULL},
		{"status", NULL, NULL},
		{"reload", NULL, NULL},
		{"drain", "10.0.0.1:80", "10.0.0.2:80"},
		{"show", "sync", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++)
		for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			struct json_object *o = json_tokener_parse(replies[i]);
			const char *argv[] = {cmds[c][1], cmds[c][2]};
			struct ctl_req r;
			char *out = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&out, &len);

			assert_int_equal(ctl_parse(&r, cmds[c][0],
						   cmds[c][2]	? 2
						   : cmds[c][1] ? 1
								: 0,
						   argv),
					 0);
			ctl_print(f, &r, o, NOW);
			fclose(f);
			assert_null(strchr(out, '{'));
			free(out);
			json_object_put(o);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vrrp), cmocka_unit_test(test_checks),
		cmocka_unit_test(test_ipvs), cmocka_unit_test(test_parent),
		cmocka_unit_test(test_sync), cmocka_unit_test(test_odd_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
