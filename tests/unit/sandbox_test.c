// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a child gives up (core/runtime/sandbox.h): the seccomp allowlist
 * kills a call off the list and names it in one log line; the children's
 * process settings parse with keepalived's ranges and defaults; the user
 * a child becomes; state files that must be plain files.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "core/runtime/regfile.h"
#include "core/runtime/sandbox.h"

/* A child process that loads the allowlist (with `extra`), then makes
 * call `nr` (negative: ioctl(0, -nr)): its wait status, its stderr in
 * out. */
static int
run_filtered(const char *const *extra, long nr, char *out, size_t n)
{
	int p[2], status = 0;
	ssize_t got;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[128];

		dup2(p[1], 2);
		log_init("vigild", LOG_DAEMON, LOG_F_STDERR);
		log_set_proc("test");
		if (sandbox_seccomp("test", extra, err, sizeof(err)) < 0)
			_exit(3);
		if (nr < 0) /* ioctl(0, -nr, ...) */
			syscall(SYS_ioctl, 0, (unsigned long)-nr, "x");
		else
			syscall(nr, 0, 0, 0);
		_exit(0);
	}
	close(p[1]);
	got = read(p[0], out, n - 1);
	out[got > 0 ? got : 0] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void
test_denied_call_is_named(void **state)
{
	char out[512], want[128];
	int st = run_filtered(NULL, SYS_acct, out, sizeof(out));

	(void)state;
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	snprintf(want, sizeof(want),
		 "child=test seccomp=denied syscall=%d name=acct", SYS_acct);
	assert_non_null(strstr(out, want));
}

static void
test_listed_call_runs(void **state)
{
	static const char *const extra[] = {"acct", "no_such_call", NULL};
	char out[512];
	int st = run_filtered(extra, SYS_acct, out, sizeof(out));

	(void)state;
	/* acct(NULL) fails (EPERM or not built in) but is not killed; a
	 * name this architecture lacks is skipped */
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(out, "");
}

static void
test_signals_only_to_self(void **state)
{
	char out[512];
	int st;

	(void)state;
	/* kill(getppid()) is off the list: only the caller's own pid is */
	st = run_filtered(NULL, SYS_kill, out, sizeof(out));
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	assert_non_null(strstr(out, "name=kill"));
}

static void
test_no_typing_into_a_tty(void **state)
{
	static const char *const extra[] = {"ioctl", NULL};
	char out[512];
	int st;

	(void)state;
	/* ioctl is allowed (command 0 here), TIOCSTI is not */
	st = run_filtered(extra, SYS_ioctl, out, sizeof(out));
	assert_true(WIFEXITED(st));
	st = run_filtered(extra, -TIOCSTI, out, sizeof(out));
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	assert_non_null(strstr(out, "name=ioctl"));
}

/* A clean exit under the filter: in a sanitizer build LeakSanitizer runs
 * then, from a tracer that a missing call would kill silently (the
 * process would spin at exit until the parent's SIGKILL). */
static void
test_exit_under_filter(void **state)
{
	int status = 0, i;
	pid_t pid = fork();

	(void)state;
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[128];

		if (sandbox_seccomp("test", NULL, err, sizeof(err)) < 0)
			_exit(3);
		exit(0); /* atexit handlers, the leak check */
	}
	for (i = 0; i < 200 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(50000);
	if (i == 200) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fail_msg("the process did not exit within 10 s");
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static struct conf *
parse(const char *text, struct conf_diags *d)
{
	struct conf_opts o = {0};
	struct conf *c;

	conf_diags_init(d);
	c = conf_parse(text, strlen(text), &o, d);
	if (c && conf_validate(c, &o, d) < 0) {
		conf_free(c);
		c = NULL;
	}
	return c;
}

static void
test_procset_keywords(void **state)
{
	struct conf_diags d;
	struct conf *c = parse("global_defs {\n"
			       " checker_priority -5\n"
			       " checker_rt_priority 20\n"
			       " checker_rlimit_rttime 50000\n"
			       " checker_no_swap\n"
			       " vrrp_priority 3\n"
			       " vrrp_rlimit_rtime 7000\n"
			       " vigil_child_user daemon\n"
			       " vigil_child_seccomp off\n"
			       "}\n",
			       &d);

	(void)state;
	assert_non_null(c);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.unsupported, 0);
	assert_int_equal(c->global.checker_priority, -5);
	assert_int_equal(c->global.checker_rt_priority, 20);
	assert_int_equal(c->global.checker_rlimit_rttime, 50000);
	assert_true(c->global.checker_no_swap);
	assert_int_equal(c->global.vrrp_priority, 3);
	assert_int_equal(c->global.vrrp_rlimit_rttime, 7000); /* old name */
	/* vigil's default: SCHED_RR 1 (the RLIMIT_RTTIME given stays) */
	assert_int_equal(c->global.vrrp_rt_priority, 1);
	assert_true(c->global.vrrp_rt_implied);
	assert_false(c->global.vrrp_no_swap);
	assert_string_equal(c->global.vigil_child_user, "daemon");
	assert_int_equal(c->global.vigil_child_seccomp, 0);
	conf_free(c);
	conf_diags_free(&d);

	c = parse("global_defs {\n checker_priority 1\n}\n", &d);
	assert_non_null(c);
	assert_int_equal(c->global.checker_rlimit_rttime, 10000);
	assert_int_equal(c->global.vigil_child_seccomp, 1);
	assert_null(c->global.vigil_child_user);
	assert_int_equal(c->global.vrrp_rt_priority, 1);
	assert_int_equal(c->global.vrrp_rlimit_rttime, 200000);
	conf_free(c);
	conf_diags_free(&d);
}

/* The VRRP child's real-time default gives way to a config that
 * chose: vrrp_rt_priority 0 (none), N, or max_auto_priority (none until
 * found late), each with keepalived's RLIMIT_RTTIME default. */
static void
test_vrrp_rt_default(void **state)
{
	static const struct {
		const char *conf;
		uint32_t prio, rttime;
	} t[] = {
		{"global_defs {\n vrrp_rt_priority 0\n}\n", 0, 10000},
		{"global_defs {\n vrrp_rt_priority 40\n}\n", 40, 10000},
		{"global_defs {\n max_auto_priority 5\n}\n", 0, 10000},
		{"global_defs {\n max_auto_priority\n}\n", 0, 10000},
		{"global_defs {\n max_auto_priority 0\n}\n", 1, 200000},
	};
	struct conf_diags d;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct conf *c = parse(t[i].conf, &d);

		assert_non_null(c);
		assert_int_equal(d.errors, 0);
		assert_int_equal(c->global.vrrp_rt_priority, t[i].prio);
		assert_int_equal(c->global.vrrp_rlimit_rttime, t[i].rttime);
		assert_int_equal(c->global.vrrp_rt_implied, t[i].prio == 1);
		conf_free(c);
		conf_diags_free(&d);
	}
}

/* A child goes to SCHED_RR and back (around a reload) and reads what
 * it runs at; a priority out of range is refused and changes nothing. */
static void
test_rt_set_get(void **state)
{
	(void)state;
	assert_int_equal(sandbox_rt_get(0), 0);
	assert_int_equal(sandbox_rt_set(0, 100), -1); /* 1..99 */
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sched_getscheduler(0), SCHED_OTHER);
	if (geteuid() != 0)
		return;
	assert_int_equal(sandbox_rt_set(0, 1), 0);
	assert_int_equal(sandbox_rt_get(0), 1);
	assert_int_equal(sched_getscheduler(0),
			 SCHED_RR | SCHED_RESET_ON_FORK);
	assert_int_equal(sandbox_rt_set(0, 0), 0);
	assert_int_equal(sandbox_rt_get(0), 0);
	assert_int_equal(sched_getscheduler(0),
			 SCHED_OTHER | SCHED_RESET_ON_FORK);
}

static void
test_procset_ranges(void **state)
{
	static const char *const bad[] = {
		"global_defs {\n checker_priority 20\n}\n",
		"global_defs {\n vrrp_priority -21\n}\n",
		"global_defs {\n checker_rt_priority 100\n}\n",
		"global_defs {\n vrrp_rt_priority 100\n}\n",
		"global_defs {\n checker_rlimit_rttime 0\n}\n",
	};
	struct conf_diags d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct conf *c = parse(bad[i], &d);

		/* refused or replaced by its default, with a word at line 2 */
		assert_true(d.errors + d.warnings > 0);
		assert_int_equal(d.v[0].line, 2);
		conf_free(c);
		conf_diags_free(&d);
	}
}

static void
test_bfd_kept_with_a_warning(void **state)
{
	struct conf_diags d;
	struct conf *c =
		parse("global_defs {\n bfd_cpu_affinity 1\n}\n", &d);

	(void)state;
	assert_non_null(c);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.unsupported, 1);
	assert_non_null(strstr(d.v[0].msg, "bfd_cpu_affinity"));
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_procset_equal(void **state)
{
	struct child_procset a = {.nice = 1, .rlimit_rttime = 5};
	struct child_procset b = a;

	(void)state;
	b.rlimit_rttime = 6; /* without SCHED_RR the limit is not set */
	assert_true(sandbox_procset_equal(&a, &b));
	a.rt_priority = b.rt_priority = 10;
	assert_false(sandbox_procset_equal(&a, &b));
	b.rlimit_rttime = 5;
	assert_true(sandbox_procset_equal(&a, &b));
	b.no_swap = true;
	assert_false(sandbox_procset_equal(&a, &b));
}

static void
test_user(void **state)
{
	struct sandbox_user u;

	(void)state;
	assert_int_equal(sandbox_user(NULL, &u), 0);
	if (geteuid() != 0) { /* not root: the user stays ours */
		assert_false(u.change);
		assert_int_equal(u.uid, geteuid());
		return;
	}
	assert_true(u.change);
	assert_int_not_equal(u.uid, 0);
	assert_int_equal(sandbox_user("no-such-user-vigil", &u), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(sandbox_user("root", &u), 0);
	assert_int_equal(u.uid, 0);
}

/* A FIFO or a symlink at a state file's path neither blocks nor
 * redirects: refused at once with EINVAL / ELOOP. */
static void
test_regfile(void **state)
{
	char dir[] = "/tmp/vigil-regfile.XXXXXX", p[64], q[64];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/fifo", dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	/* without O_NONBLOCK these would wait for a peer: ENXIO at once */
	assert_null(regfile_fopen(p, "w"));
	assert_null(regfile_fopen(p, "r"));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(regfile_open(p, O_RDWR, 0), -1);
	unlink(p);
	snprintf(q, sizeof(q), "%s/file", dir);
	assert_int_equal(symlink(q, p), 0);
	assert_null(regfile_fopen(p, "w"));
	assert_int_equal(errno, ELOOP);
	f = regfile_fopen(q, "w");
	assert_non_null(f);
	assert_int_equal(fputs("x\n", f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	f = regfile_fopen(q, "r");
	assert_non_null(f);
	assert_int_equal(fgetc(f), 'x');
	fclose(f);
	unlink(p);
	unlink(q);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_denied_call_is_named),
		cmocka_unit_test(test_listed_call_runs),
		cmocka_unit_test(test_signals_only_to_self),
		cmocka_unit_test(test_no_typing_into_a_tty),
		cmocka_unit_test(test_exit_under_filter),
		cmocka_unit_test(test_procset_keywords),
		cmocka_unit_test(test_procset_ranges),
		cmocka_unit_test(test_vrrp_rt_default),
		cmocka_unit_test(test_rt_set_get),
		cmocka_unit_test(test_bfd_kept_with_a_warning),
		cmocka_unit_test(test_procset_equal),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_regfile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
