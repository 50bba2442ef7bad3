// SPDX-License-Identifier: GPL-2.0-or-later
/* vigild's command line, the respawn backoff policy, and the paths of
 * one vigild among several (instance.c). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "core/parent/backoff.h"
#include "core/parent/instance.h"
#include "core/parent/vigild.h"
#include "core/runtime/netns.h"

static enum vigild_args_result
parse(struct vigild_opts *o, char *err, int argc, ...)
{
	char *argv[32];
	va_list ap;

	argv[0] = "vigild";
	va_start(ap, argc);
	for (int i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	return vigild_parse_args(argc, argv, o, err, 128);
}

static void
test_defaults(void **state)
{
	struct vigild_opts o;
	char err[128];

	(void)state;
	assert_int_equal(parse(&o, err, 1), ARGS_RUN);
	assert_null(o.conf_file);
	assert_false(o.dont_fork);
	assert_int_equal(o.log_flags, LOG_F_SYSLOG);
	assert_int_equal(o.log_facility, LOG_DAEMON);
	assert_string_equal(o.runtime_dir, "/run/vigil");
	assert_int_equal(o.child, PROC_PARENT);
	assert_int_equal(o.only, PROC_PARENT);
	for (int p = 0; p < PROC_MAX; p++)
		assert_null(o.child_pid_file[p]);
	assert_false(o.test);
}

static void
test_keepalived_flags(void **state)
{
	struct vigild_opts o;
	char err[128];

	(void)state;
	assert_int_equal(parse(&o, err, 14, "-f", "/x.conf", "-n", "-l", "-D",
			       "-S", "3", "-i", "high", "-P", "-p", "/p",
			       "--sync_pid=/s"),
			 ARGS_RUN);
	assert_string_equal(o.conf_file, "/x.conf");
	assert_true(o.dont_fork);
	assert_int_equal(o.log_flags,
			 LOG_F_SYSLOG | LOG_F_STDERR | LOG_F_DETAIL);
	assert_int_equal(o.log_facility, LOG_LOCAL3);
	assert_string_equal(o.config_id, "high");
	assert_int_equal(o.only, PROC_VRRP);
	assert_string_equal(o.pid_file, "/p");
	assert_int_equal(parse(&o, err, 7, "--use-file", "/y", "--check",
			       "--vrrp_pid=/v", "--checkers_pid", "/c"),
			 ARGS_RUN);
	assert_string_equal(o.conf_file, "/y");
	assert_int_equal(o.only, PROC_CHECK);
	assert_string_equal(o.child_pid_file[PROC_VRRP], "/v");
	assert_string_equal(o.child_pid_file[PROC_CHECK], "/c");
	assert_int_equal(parse(&o, err, 5, "-r", "/v2", "-c/c2", "-C"),
			 ARGS_RUN);
	assert_string_equal(o.child_pid_file[PROC_VRRP], "/v2");
	assert_string_equal(o.child_pid_file[PROC_CHECK], "/c2");
	assert_int_equal(o.only, PROC_CHECK);
}

static void
test_config_test(void **state)
{
	struct vigild_opts o;
	char err[128];

	(void)state;
	assert_int_equal(parse(&o, err, 2, "-t"), ARGS_RUN);
	assert_true(o.test);
	assert_null(o.conf_file);
	assert_int_equal(parse(&o, err, 2, "--config-test=/a.conf"), ARGS_RUN);
	assert_string_equal(o.conf_file, "/a.conf");
	assert_int_equal(parse(&o, err, 2, "-t/b.conf"), ARGS_RUN);
	assert_string_equal(o.conf_file, "/b.conf");
	assert_int_equal(parse(&o, err, 4, "-t", "-f", "/c.conf"), ARGS_RUN);
	assert_string_equal(o.conf_file, "/c.conf");
}

static void
test_vigil_options(void **state)
{
	struct vigild_opts o;
	char err[128];

	(void)state;
	assert_int_equal(parse(&o, err, 7, "--strict", "--runtime-dir", "/r",
			       "--control-socket=/s.sock", "--debug=core,ipc",
			       "--no-syslog"),
			 ARGS_RUN);
	assert_true(o.strict);
	assert_string_equal(o.runtime_dir, "/r");
	assert_string_equal(o.control_socket, "/s.sock");
	assert_string_equal(o.debug, "core,ipc");
	assert_int_equal(o.log_flags, 0);
	assert_int_equal(parse(&o, err, 3, "--child=vrrp", "--ipc-fd=5"),
			 ARGS_RUN);
	assert_int_equal(o.child, PROC_VRRP);
	assert_int_equal(o.ipc_fd, 5);
	assert_null(o.ident);
	/* a child of vigild -s NS -i NAME logs with the parent's ident */
	assert_int_equal(parse(&o, err, 4, "--child=vrrp", "--ipc-fd=5",
			       "--log-ident=vigild_ns1_web"),
			 ARGS_RUN);
	assert_string_equal(o.ident, "vigild_ns1_web");
	assert_int_equal(parse(&o, err, 2, "-v"), ARGS_VERSION);
	assert_int_equal(parse(&o, err, 2, "--help"), ARGS_HELP);
}

static void
test_errors(void **state)
{
	struct vigild_opts o;
	char err[128];

	(void)state;
	assert_int_equal(parse(&o, err, 2, "--bogus"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 3, "-S", "8"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 3, "-S", "x"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 2, "-f"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 3, "-P", "-C"), ARGS_ERROR);
	assert_string_equal(err, "only vrrp and only check exclude each other");
	assert_int_equal(parse(&o, err, 3, "-P", "--vrrp"), ARGS_RUN);
	assert_int_equal(parse(&o, err, 2, "-r"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 2, "--child=sync"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 2, "--child=check"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 2, "--debug=nope"), ARGS_ERROR);
	assert_int_equal(parse(&o, err, 2, "stray"), ARGS_ERROR);
	assert_non_null(strstr(err, "stray"));
}

static int exists_vigil, exists_keepalived;

static int
fake_exists(const char *path)
{
	if (!strcmp(path, VIGIL_DEFAULT_CONF))
		return exists_vigil;
	return !strcmp(path, VIGIL_KEEPALIVED_CONF) && exists_keepalived;
}

static void
test_default_conf(void **state)
{
	(void)state;
	exists_vigil = 1;
	exists_keepalived = 1;
	assert_string_equal(vigild_default_conf(fake_exists),
			    VIGIL_DEFAULT_CONF);
	exists_vigil = 0;
	assert_string_equal(vigild_default_conf(fake_exists),
			    VIGIL_KEEPALIVED_CONF);
	exists_keepalived = 0;
	assert_string_equal(vigild_default_conf(fake_exists),
			    VIGIL_DEFAULT_CONF);
}

static void
test_backoff(void **state)
{
	struct backoff b = {0};
	ev_time_t t = EV_SEC(1000);
	static const ev_time_t want[] = {0,	     EV_MSEC(500), EV_SEC(1),
					 EV_SEC(2),  EV_SEC(4),	   EV_SEC(8),
					 EV_SEC(16), EV_SEC(30),   EV_SEC(30)};

	(void)state;
	/* A child that dies 1 s after each start. */
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(backoff_next(&b, t, t + EV_SEC(1)), want[i]);
		t += EV_SEC(40);
	}
	/* 60 s of stable running: at once again, then 500 ms. */
	assert_int_equal(backoff_next(&b, t, t + EV_SEC(60)), 0);
	assert_int_equal(backoff_next(&b, t, t + EV_SEC(59)), EV_MSEC(500));
}

/* ---- one vigild among several (core/parent/instance.c) ---- */

static struct vigild_opts
defaults_opts(void)
{
	struct vigild_opts o;
	char err[128];

	assert_int_equal(parse(&o, err, 1), ARGS_RUN);
	return o;
}

static void
test_plain(void **state)
{
	struct vigild_opts o = defaults_opts();
	struct vigild_paths p;

	(void)state;
	assert_int_equal(vigild_paths_derive(&o, &p), 0);
	assert_string_equal(o.runtime_dir, "/run/vigil");
	assert_string_equal(o.pid_file, "/run/vigil/vigild.pid");
	assert_string_equal(o.child_pid_file[PROC_VRRP], "/run/vigil/vrrp.pid");
	assert_string_equal(o.child_pid_file[PROC_CHECK],
			    "/run/vigil/check.pid");
	assert_string_equal(o.default_socket, "/run/vigil/vigil.sock");
	assert_string_equal(o.ident, "vigild");
}

static void
test_netns_instance(void **state)
{
	struct vigild_opts o = defaults_opts();
	struct vigild_paths p;

	(void)state;
	o.netns = "blue";
	o.instance = "lb1";
	assert_int_equal(vigild_paths_derive(&o, &p), 0);
	assert_string_equal(o.runtime_dir, "/run/vigil/blue");
	assert_string_equal(o.pid_file, "/run/vigil/blue/vigild_lb1.pid");
	assert_string_equal(o.child_pid_file[PROC_VRRP],
			    "/run/vigil/blue/vrrp_lb1.pid");
	assert_string_equal(o.child_pid_file[PROC_SYNC],
			    "/run/vigil/blue/sync_lb1.pid");
	assert_string_equal(o.default_socket, "/run/vigil/blue/vigil_lb1.sock");
	assert_string_equal(o.ident, "vigild_blue_lb1");

	o = defaults_opts();
	o.instance = "lb2";
	assert_int_equal(vigild_paths_derive(&o, &p), 0);
	assert_string_equal(o.pid_file, "/run/vigil/vigild_lb2.pid");
	assert_string_equal(o.default_socket, "/run/vigil/vigil_lb2.sock");
	assert_string_equal(o.ident, "vigild_lb2");
}

/* What the command line names stays; --runtime-dir replaces
 * /run/vigil[/NS], the instance's suffix stays. */
static void
test_command_line_wins(void **state)
{
	struct vigild_opts o;
	struct vigild_paths p;
	char err[128];

	(void)state;
	assert_int_equal(parse(&o, err, 8, "--runtime-dir", "/tmp/r", "-p",
			       "/tmp/p.pid", "-r", "/tmp/v.pid",
			       "--namespace=red"),
			 ARGS_RUN);
	o.instance = "x";
	assert_true(o.netns_given);
	assert_string_equal(o.netns, "red");
	assert_int_equal(vigild_paths_derive(&o, &p), 0);
	assert_string_equal(o.runtime_dir, "/tmp/r");
	assert_string_equal(o.pid_file, "/tmp/p.pid");
	assert_string_equal(o.child_pid_file[PROC_VRRP], "/tmp/v.pid");
	assert_string_equal(o.child_pid_file[PROC_CHECK], "/tmp/r/check_x.pid");
	assert_string_equal(o.default_socket, "/tmp/r/vigil_x.sock");
}

static void
test_refused(void **state)
{
	struct vigild_opts o = defaults_opts();
	struct vigild_paths p;
	char longname[300];

	(void)state;
	o.netns = "../etc";
	errno = 0;
	assert_int_equal(vigild_paths_derive(&o, &p), -1);
	assert_int_equal(errno, EINVAL);
	o = defaults_opts();
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	o.instance = longname;
	errno = 0;
	assert_int_equal(vigild_paths_derive(&o, &p), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	errno = 0;
	assert_int_equal(vigild_netns_enter("a/b"), -1);
	assert_int_equal(errno, EINVAL);
}

/* The namespace files of net_namespace and net_namespace_ipvs: NAME under
 * /var/run/netns, none the default (pid 1's); what netns_make() says when
 * one is missing names the keyword, the namespace and the file. */
static int
never_made(int netns_fd)
{
	(void)netns_fd;
	fail_msg("made in a namespace that does not exist");
	return -1;
}

static void
test_netns_files(void **state)
{
	char path[64], err[256];

	(void)state;
	assert_int_equal(netns_path("blue", path, sizeof(path)), 0);
	assert_string_equal(path, "/var/run/netns/blue");
	assert_int_equal(netns_path("", path, sizeof(path)), 0);
	assert_string_equal(path, "/proc/1/ns/net");
	assert_int_equal(netns_path(NULL, path, sizeof(path)), 0);
	assert_string_equal(path, "/proc/1/ns/net");
	errno = 0;
	assert_int_equal(netns_path("a/b", path, sizeof(path)), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(netns_path("..", path, sizeof(path)), -1);
	assert_int_equal(netns_path("blue", path, 10), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(netns_make("net_namespace_ipvs", "vigil-no-such-ns",
				    never_made, err, sizeof(err)),
			 -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(err, "net_namespace_ipvs vigil-no-such-ns: "
				 "/var/run/netns/vigil-no-such-ns: No such "
				 "file or directory");
	assert_int_equal(netns_make("net_namespace_ipvs", "a/b", never_made,
				    err, sizeof(err)),
			 -1);
	assert_int_equal(errno, EINVAL);
}

/* keepalived: "Cannot change network namespace / instance name at a
 * reload"; -s overrides the config's net_namespace for good. */
static void
test_changed(void **state)
{
	struct vigild_opts o = defaults_opts();

	(void)state;
	o.netns = "blue";
	o.instance = "lb1";
	assert_null(vigild_instance_changed(&o, "blue", "lb1"));
	assert_string_equal(vigild_instance_changed(&o, NULL, "lb1"),
			    "net_namespace");
	assert_string_equal(vigild_instance_changed(&o, "red", "lb1"),
			    "net_namespace");
	assert_string_equal(vigild_instance_changed(&o, "blue", NULL),
			    "instance");
	o.netns_given = true;
	assert_null(vigild_instance_changed(&o, "red", "lb1"));
	o = defaults_opts();
	assert_null(vigild_instance_changed(&o, NULL, NULL));
	assert_string_equal(vigild_instance_changed(&o, NULL, "a"), "instance");
}

/* data_use_instance: keepalived's /tmp/keepalived.NS_NAME.data, ours. */
static void
test_dump_path(void **state)
{
	struct vigild_opts o = defaults_opts();
	char buf[64];

	(void)state;
	assert_int_equal(vigild_dump_path(&o, true, false, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/tmp/vigil.data");
	o.netns = "blue";
	o.instance = "lb1";
	assert_int_equal(vigild_dump_path(&o, false, true, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/tmp/vigil.stats");
	assert_int_equal(vigild_dump_path(&o, true, false, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/tmp/vigil.blue_lb1.data");
	o.netns = NULL;
	assert_int_equal(vigild_dump_path(&o, true, true, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/tmp/vigil.lb1.stats");
	assert_int_equal(vigild_dump_path(&o, true, true, buf, 8), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_keepalived_flags),
		cmocka_unit_test(test_config_test),
		cmocka_unit_test(test_vigil_options),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_default_conf),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_netns_instance),
		cmocka_unit_test(test_netns_files),
		cmocka_unit_test(test_command_line_wins),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_changed),
		cmocka_unit_test(test_dump_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
