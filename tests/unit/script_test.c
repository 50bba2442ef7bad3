// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parent's script runner: the allowlist and user rules (pure), then
 * real runs through scripts_request() answering SCRIPT_DONE over IPC:
 * status, kept output, refusal, timeout.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/parent/script.h"
#include "core/parent/vigild.h"
#include "tests/conf/conf_helpers.h"

static const char conf_text[] =
	"global_defs {\n script_user nobody\n}\n"
	"vrrp_script chk {\n script \"/bin/sh -c 'echo hello; exit 3'\"\n}\n"
	"vrrp_script slow {\n script \"/bin/sleep 5\"\n user root\n}\n"
	"vrrp_script tmp {\n script \"/tmp/vigil-script-test.sh\"\n}\n"
	"vrrp_instance VI_1 {\n interface lo\n virtual_router_id 1\n"
	" priority 100\n virtual_ipaddress {\n  192.0.2.9/32\n }\n"
	" notify \"/bin/logger -t vrrp\"\n}\n"
	"virtual_server 192.0.2.1 80 { protocol TCP\n real_server 10.0.0.1 80 {\n"
	"  MISC_CHECK {\n   misc_path \"/bin/true\"\n   user daemon\n  }\n"
	" }\n}\n";

static const char no_user_text[] =
	"vrrp_script chk {\n script \"/bin/true\"\n}\n";

static bool has_ks;

static bool
fake_exists(const char *name)
{
	return has_ks && !strcmp(name, "keepalived_script");
}

static struct conf *
load(const char *text)
{
	struct conf_opts o = {0};
	struct conf_diags d;
	struct conf *c = load_text(text, &o, &d);

	assert_false(conf_diags_failed(&d, false));
	conf_diags_free(&d);
	return c;
}

static enum script_verdict
policy(const struct conf *c, const char *cmd, const char *user, char *u,
       char *g)
{
	return script_policy(c, cmd, user, fake_exists, u, g, 64);
}

static void
test_policy(void **state)
{
	struct conf *c = load(conf_text);
	char u[64], g[64];

	(void)state;
	assert_int_equal(policy(c, "/bin/sh -c 'echo hello; exit 3'", "", u, g),
			 SCRIPT_ALLOW);
	assert_string_equal(u, "nobody");
	assert_string_equal(g, "");
	/* The script's own user wins over script_user. */
	assert_int_equal(policy(c, "/bin/sleep 5", "", u, g), SCRIPT_ALLOW);
	assert_string_equal(u, "root");
	assert_int_equal(policy(c, "/bin/true", "daemon", u, g), SCRIPT_ALLOW);
	assert_string_equal(u, "daemon");
	/* The global script_user is named by the config too. */
	assert_int_equal(policy(c, "/bin/true", "nobody", u, g), SCRIPT_ALLOW);
	assert_int_equal(policy(c, "/bin/true", "root", u, g),
			 SCRIPT_USER_REFUSED);
	assert_int_equal(policy(c, "/bin/true", "daemon wheel", u, g),
			 SCRIPT_USER_REFUSED);
	assert_int_equal(policy(c, "/bin/sh", "", u, g), SCRIPT_NOT_IN_CONFIG);
	assert_int_equal(policy(c, "/bin/true ", "", u, g),
			 SCRIPT_NOT_IN_CONFIG);
	assert_int_equal(policy(c, "", "", u, g), SCRIPT_NOT_IN_CONFIG);
	conf_free(c);
}

/* `notify` gets INSTANCE|GROUP "NAME" STATE PRIORITY, and nothing else. */
static void
test_notify_arguments(void **state)
{
	struct conf *c = load(conf_text);
	char u[64], g[64];

	(void)state;
	assert_int_equal(policy(c, "/bin/logger -t vrrp", "", u, g),
			 SCRIPT_ALLOW);
	assert_int_equal(policy(c,
				"/bin/logger -t vrrp INSTANCE \"VI_1\" "
				"MASTER 100",
				"", u, g),
			 SCRIPT_ALLOW);
	assert_string_equal(u, "nobody");
	assert_int_equal(
		policy(c, "/bin/logger -t vrrp INSTANCE VI_1 STOP 0", "", u, g),
		SCRIPT_ALLOW);
	/* another instance, a bad state, a bad priority, a fifth word */
	assert_int_equal(policy(c,
				"/bin/logger -t vrrp INSTANCE VI_2 "
				"MASTER 100",
				"", u, g),
			 SCRIPT_NOT_IN_CONFIG);
	assert_int_equal(policy(c,
				"/bin/logger -t vrrp INSTANCE VI_1 "
				"RUNNING 100",
				"", u, g),
			 SCRIPT_NOT_IN_CONFIG);
	assert_int_equal(policy(c,
				"/bin/logger -t vrrp INSTANCE VI_1 "
				"MASTER 256",
				"", u, g),
			 SCRIPT_NOT_IN_CONFIG);
	assert_int_equal(policy(c,
				"/bin/logger -t vrrp INSTANCE VI_1 "
				"MASTER 100 /etc/shadow",
				"", u, g),
			 SCRIPT_NOT_IN_CONFIG);
	assert_int_equal(
		policy(c, "/bin/logger -t vrrp GROUP VI_1 MASTER 0", "", u, g),
		SCRIPT_NOT_IN_CONFIG);
	/* other scripts take no arguments */
	assert_int_equal(
		policy(c, "/bin/sleep 5 INSTANCE VI_1 MASTER 100", "", u, g),
		SCRIPT_NOT_IN_CONFIG);
	conf_free(c);
}

static void
test_default_user(void **state)
{
	struct conf *c = load(no_user_text);
	char u[64], g[64];

	(void)state;
	has_ks = true;
	assert_int_equal(policy(c, "/bin/true", "", u, g), SCRIPT_ALLOW);
	assert_string_equal(u, "keepalived_script");
	has_ks = false;
	assert_int_equal(policy(c, "/bin/true", "", u, g), SCRIPT_ALLOW);
	assert_string_equal(u, "nobody");
	assert_int_equal(policy(c, "/bin/true", "root", u, g),
			 SCRIPT_USER_REFUSED);
	conf_free(c);
}

/* ---- real runs ---- */

struct rig {
	struct vigild d;
	struct ipc_conn *peer; /* the child's end */
	struct ipc_script_done got;
	int answers;
};

static void
peer_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	struct rig *r = arg;

	(void)c;
	if (m->type == IPC_SCRIPT_DONE) {
		memcpy(&r->got, m->payload, sizeof(r->got));
		r->answers++;
	}
}

static void
peer_close(struct ipc_conn *c, int err, void *arg)
{
	(void)c;
	(void)err;
	(void)arg;
}

static void
parent_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	(void)c;
	(void)m;
	(void)arg;
}

static int
rig_setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct vchild *ch = &r->d.ch[PROC_VRRP];
	int sv[2];

	assert_non_null(r);
	r->d.loop = ev_loop_new();
	r->d.conf = load(conf_text);
	assert_int_equal(ipc_socketpair(sv), 0);
	ch->d = &r->d;
	ch->proc = PROC_VRRP;
	ch->pid = getpid();
	ch->incarnation = 1;
	ch->ipc = ipc_conn_new(r->d.loop, sv[0], parent_msg, peer_close, r);
	r->peer = ipc_conn_new(r->d.loop, sv[1], peer_msg, peer_close, r);
	r->d.scripts = scripts_new(&r->d);
	assert_non_null(r->d.scripts);
	*state = r;
	return 0;
}

static int
rig_teardown(void **state)
{
	struct rig *r = *state;

	scripts_free(r->d.scripts);
	ipc_conn_free(r->d.ch[PROC_VRRP].ipc);
	ipc_conn_free(r->peer);
	conf_free(r->d.conf);
	ev_loop_free(r->d.loop);
	free(r);
	return 0;
}

/* Run one request to its answer (bounded: 5 s). */
static void
run(struct rig *r, const char *cmd, const char *user, uint32_t tmo,
    uint32_t flags)
{
	struct ipc_script_run q = {.id = 42, .timeout_ms = tmo, .flags = flags};
	ev_time_t end = ev_monotonic() + EV_SEC(5);

	snprintf(q.cmd, sizeof(q.cmd), "%s", cmd);
	snprintf(q.user, sizeof(q.user), "%s", user);
	r->answers = 0;
	scripts_request(r->d.scripts, &r->d.ch[PROC_VRRP], &q);
	while (r->answers == 0 && ev_monotonic() < end)
		ev_run_once(r->d.loop, EV_MSEC(50));
	assert_int_equal(r->answers, 1);
	assert_int_equal(r->got.id, 42);
	assert_int_equal(scripts_running(r->d.scripts), 0);
}

static void
test_run_output(void **state)
{
	struct rig *r = *state;

	run(r, "/bin/sh -c 'echo hello; exit 3'", "", 2000,
	    IPC_SCRIPT_KEEP_OUTPUT);
	assert_int_equal(r->got.result, IPC_SCRIPT_OK);
	assert_true(WIFEXITED(r->got.status));
	assert_int_equal(WEXITSTATUS(r->got.status), 3);
	assert_int_equal(r->got.out_len, 6);
	assert_memory_equal(r->got.out, "hello\n", 6);
	/* Without KEEP_OUTPUT nothing comes back. */
	run(r, "/bin/sh -c 'echo hello; exit 3'", "", 2000, 0);
	assert_int_equal(r->got.out_len, 0);
}

static void
test_run_refused(void **state)
{
	struct rig *r = *state;

	run(r, "/bin/sh -c 'id'", "", 2000, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_REFUSED);
	run(r, "/bin/true", "root", 2000, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_REFUSED);
	run(r, "/bin/true", "daemon", 2000, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_OK);
	assert_int_equal(WEXITSTATUS(r->got.status), 0);
}

static void
test_run_timeout(void **state)
{
	struct rig *r = *state;
	ev_time_t t0 = ev_monotonic();

	run(r, "/bin/sleep 5", "", 200, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_TIMEOUT);
	assert_true(WIFSIGNALED(r->got.status));
	assert_true(ev_monotonic() - t0 < EV_SEC(2));
}

static void
test_secure_path(void **state)
{
	const char *tmp = "/tmp/vigil-script-test.sh";
	FILE *f = fopen(tmp, "w");

	(void)state;
	assert_non_null(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(tmp, 0755);
	assert_true(script_path_secure("/bin/true"));
	assert_true(script_path_secure("true")); /* found in PATH */
	assert_false(script_path_secure("/nonexistent/x"));
	assert_false(script_path_secure("no-such-program-anywhere"));
	/* /tmp can be written by everyone: whoever can replace the file
	 * there would choose what runs. */
	assert_false(script_path_secure(tmp));
	unlink(tmp);
}

static void
test_run_insecure(void **state)
{
	struct rig *r = *state;
	const char *tmp = "/tmp/vigil-script-test.sh";
	FILE *f = fopen(tmp, "w");

	assert_non_null(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(tmp, 0755);
	run(r, tmp, "", 2000, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_OK);
	r->d.conf->global.enable_script_security = true;
	run(r, tmp, "", 2000, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_REFUSED);
	run(r, "/bin/true", "daemon", 2000, 0);
	assert_int_equal(r->got.result, IPC_SCRIPT_OK);
	unlink(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify_arguments),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_default_user),
		cmocka_unit_test(test_secure_path),
		cmocka_unit_test_setup_teardown(test_run_output, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(test_run_refused, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(test_run_timeout, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(test_run_insecure, rig_setup,
						rig_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
