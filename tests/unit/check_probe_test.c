// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Probes that need no network, driven directly through their ops:
 * MISC_CHECK against a fake command runner (keepalived's exit-code rules
 * and misc_dynamic), FILE_CHECK against files (weight 0, reverse, dynamic,
 * faults, files without a number, missing files), and vigil-agent's metrics.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "check/agent/metric.h"
#include "check/probe.h"

struct harness {
	struct ev_loop *loop;
	struct probe_env env;
	struct chk_probe_conf conf;
	struct probe p;
	struct chk_result got;
	int reports;
	/* the fake runner */
	chk_script_done_fn done;
	void *done_arg;
	uint64_t cancelled;
	int runs;
};

static void
on_report(struct probe *p, const struct chk_result *r)
{
	struct harness *h = p->owner;

	h->got = *r;
	h->reports++;
}

static uint64_t
fake_run(void *arg, const struct chk_script_req *req, chk_script_done_fn done,
	 void *done_arg)
{
	struct harness *h = arg;

	assert_string_equal(req->cmd, "/usr/local/bin/probe-it");
	assert_int_equal(req->timeout, EV_SEC(3));
	h->done = done;
	h->done_arg = done_arg;
	return (uint64_t)++h->runs;
}

static void
fake_cancel(void *arg, uint64_t handle)
{
	((struct harness *)arg)->cancelled = handle;
}

static const struct chk_script_ops fake_runner = {
	.run = fake_run,
	.cancel = fake_cancel,
};

static void
setup(struct harness *h, const struct probe_ops *ops)
{
	char err[128];

	h->loop = ev_loop_new();
	assert_non_null(h->loop);
	h->env.loop = h->loop;
	h->p.ops = ops;
	h->p.conf = &h->conf;
	h->p.env = &h->env;
	h->p.report = on_report;
	h->p.owner = h;
	h->p.priv = calloc(1, ops->priv_size);
	assert_non_null(h->p.priv);
	if (ops->init)
		assert_int_equal(ops->init(&h->p, err, sizeof(err)), 0);
}

static void
teardown(struct harness *h)
{
	if (h->p.ops->fini)
		h->p.ops->fini(&h->p);
	if (h->p.ops->shared_free)
		h->p.ops->shared_free(&h->env);
	free(h->p.priv);
	ev_loop_free(h->loop);
}

/* One MISC_CHECK run that ends with (st, code). */
static void
misc_run(struct harness *h, enum chk_script_status st, int code)
{
	h->reports = 0;
	h->p.ops->start(&h->p);
	assert_int_equal(h->reports, 0); /* the result comes later */
	h->done(h->done_arg, st, code);
	assert_int_equal(h->reports, 1);
}

static void
test_misc(void **state)
{
	struct harness h = {0};

	(void)state;
	h.conf.type = CHK_MISC;
	h.conf.u.misc.path = "/usr/local/bin/probe-it";
	h.conf.u.misc.timeout = EV_SEC(3);
	h.env.script = &fake_runner;
	h.env.script_arg = &h;
	setup(&h, &probe_misc_ops);

	misc_run(&h, CHK_SCRIPT_EXITED, 0);
	assert_int_equal(h.got.reason, CHK_R_OK);
	assert_int_equal(h.got.weight.kind, CHK_W_KEEP);
	misc_run(&h, CHK_SCRIPT_EXITED, 12); /* not dynamic: a failure */
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_EXIT);
	assert_int_equal(h.got.code, 12);
	misc_run(&h, CHK_SCRIPT_SIGNALED, 9);
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_SIGNAL);
	assert_int_equal(h.got.code, 9);
	misc_run(&h, CHK_SCRIPT_TIMEOUT, 0);
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_TIMEOUT);
	misc_run(&h, CHK_SCRIPT_NOSTART, ENOENT);
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_ERROR);

	h.conf.u.misc.dynamic = true;
	misc_run(&h, CHK_SCRIPT_EXITED, 12);
	assert_int_equal(h.got.reason, CHK_R_OK);
	assert_int_equal(h.got.weight.kind, CHK_W_ABS);
	assert_int_equal(h.got.weight.value, 10);
	misc_run(&h, CHK_SCRIPT_EXITED, 255);
	assert_int_equal(h.got.weight.value, 253);
	misc_run(&h, CHK_SCRIPT_EXITED, 1);
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_EXIT);
	misc_run(&h, CHK_SCRIPT_EXITED, 0);
	assert_int_equal(h.got.weight.kind, CHK_W_KEEP);

	/* The deadline cancels the command through the runner. */
	h.p.ops->start(&h.p);
	h.p.ops->cancel(&h.p, &h.got);
	assert_int_equal(h.cancelled, (uint64_t)h.runs);
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_TIMEOUT);
	/* No runner: a result at once. */
	h.env.script = NULL;
	h.reports = 0;
	h.p.ops->start(&h.p);
	assert_int_equal(h.reports, 1);
	assert_int_equal(h.got.reason, CHK_R_SCRIPT_ERROR);
	teardown(&h);
}

struct file_case {
	const char *content; /* NULL: no file */
	int32_t weight;
	bool reverse, dynamic;
	enum chk_reason reason;
	int64_t delta; /* CHK_W_DELTA value when dynamic */
};

static void
test_file(void **state)
{
	static const struct file_case cases[] = {
		{"0\n", 0, false, false, CHK_R_OK, 0},
		{"5\n", 0, false, false, CHK_R_FILE_FAULT, 0},
		{"0", 0, true, false, CHK_R_FILE_FAULT, 0},
		{"1", 0, true, false, CHK_R_OK, 0},
		{"", 0, false, false, CHK_R_OK, 0},
		{" 3 \n", 10, false, true, CHK_R_OK, 30},
		{"3", 10, true, true, CHK_R_OK, -30},
		{"-7", 1, false, false, CHK_R_OK, 0},
		{"2", -2147483647, false, true, CHK_R_FILE_FAULT, 0},
		/* keepalived's reading (core/runtime/numfile.h): no number
		 * is 0, text after one is ignored, out of range keeps the
		 * last value (0 at first), a missing file is 0. */
		{"abc", 0, false, false, CHK_R_OK, 0},
		{"abc", 0, true, false, CHK_R_FILE_FAULT, 0},
		{"4 apples", 10, false, true, CHK_R_OK, 40},
		{"0x10", 1, false, true, CHK_R_OK, 16},
		{"99999999999999999999", 1, false, true, CHK_R_OK, 0},
		{NULL, 0, false, false, CHK_R_OK, 0},
		{NULL, 0, true, false, CHK_R_FILE_FAULT, 0},
	};
	char dir[] = "/tmp/check_probe_test.XXXXXX", path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/value", dir);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct file_case *fc = &cases[i];
		struct harness h = {0};
		FILE *f;

		unlink(path);
		if (fc->content) {
			assert_non_null(f = fopen(path, "w"));
			fputs(fc->content, f);
			fclose(f);
		}
		h.conf.type = CHK_FILE;
		h.conf.u.file.path = path;
		h.conf.u.file.weight = fc->weight;
		h.conf.u.file.reverse = fc->reverse;
		h.conf.u.file.dynamic = fc->dynamic;
		setup(&h, &probe_file_ops);
		h.p.ops->start(&h.p);
		assert_int_equal(h.reports, 1);
		if (h.got.reason != fc->reason)
			fail_msg("case %zu: reason %d, expected %d", i,
				 h.got.reason, fc->reason);
		if (fc->reason == CHK_R_OK && fc->dynamic) {
			assert_int_equal(h.got.weight.kind, CHK_W_DELTA);
			assert_int_equal(h.got.weight.value, fc->delta);
		}
		teardown(&h);
	}
	unlink(path);
	rmdir(dir);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Out of range keeps the last value read, and the detail says so; a file
 * that goes missing counts as 0, and the detail says why. */
static void
test_file_kept(void **state)
{
	char dir[] = "/tmp/check_probe_test.XXXXXX", path[64];
	struct harness h = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/value", dir);
	h.conf.type = CHK_FILE;
	h.conf.u.file.name = "tf";
	h.conf.u.file.path = path;
	h.conf.u.file.weight = 2;
	h.conf.u.file.dynamic = true;
	setup(&h, &probe_file_ops);
	write_file(path, "7\n");
	h.p.ops->start(&h.p);
	assert_int_equal(h.got.weight.value, 14);
	assert_string_equal(h.got.detail, "");
	write_file(path, "3000000000\n");
	h.p.ops->start(&h.p);
	assert_int_equal(h.got.reason, CHK_R_OK);
	assert_int_equal(h.got.weight.value, 14);
	assert_string_equal(h.got.detail, "tf: out of range, 7 kept");
	unlink(path);
	h.p.ops->start(&h.p);
	assert_int_equal(h.got.weight.value, 0);
	assert_string_equal(h.got.detail,
			    "tf: No such file or directory, counts as 0");
	teardown(&h);
	rmdir(dir);
}

static void
test_agent_metrics(void **state)
{
	struct cpu_sample a, b;
	char buf[64];

	(void)state;
	assert_int_equal(metric_load_pct("0.00 0.01 0.05 1/99 1234\n", 4), 100);
	assert_int_equal(metric_load_pct("1.00 0.5 0.5 1/99 1\n", 4), 75);
	assert_int_equal(metric_load_pct("9.50 1 1 1/9 1\n", 2), 0);
	assert_int_equal(metric_load_pct("garbage", 2), -1);
	assert_int_equal(metric_cpu_sample("cpu  100 0 100 700 100 0 0 0 0 0\n"
					   "cpu0 1 2 3 4\n",
					   &a),
			 0);
	assert_int_equal(a.total, 1000);
	assert_int_equal(a.idle, 800);
	assert_int_equal(
		metric_cpu_sample("cpu  150 0 150 800 100 0 0 0\n", &b), 0);
	assert_int_equal(metric_idle_pct(&a, &b), 50);
	assert_int_equal(metric_idle_pct(&b, &b), 100);
	assert_int_equal(metric_cpu_sample("intr 1 2 3", &a), -1);
	metric_reply(buf, sizeof(buf), 75, 1, false, false);
	assert_string_equal(buf, "up ready 75%");
	metric_reply(buf, sizeof(buf), 0, 5, false, false);
	assert_string_equal(buf, "up ready 5%");
	metric_reply(buf, sizeof(buf), 50, 1, true, false);
	assert_string_equal(buf, "drain #drain file present");
	metric_reply(buf, sizeof(buf), 50, 1, true, true);
	assert_string_equal(buf, "maint #maintenance file present");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_file_kept),
		cmocka_unit_test(test_agent_metrics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
