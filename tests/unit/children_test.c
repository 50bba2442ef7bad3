// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of vigild's children (core/parent/children.c): every row is
 * complete and distinct, its options reach the command line, and which
 * children a config and -P/-C want.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "conf_helpers.h"
#include "core/parent/children.h"
#include "core/parent/vigild.h"

/* What only the parent sends; no child may. */
#define PARENT_MSGS                                                            \
	(CHILD_MSG(IPC_PING) | CHILD_MSG(IPC_RELOAD) |                         \
	 CHILD_MSG(IPC_SHUTDOWN) | CHILD_MSG(IPC_QUERY) |                      \
	 CHILD_MSG(IPC_SCRIPT_DONE))

static void
test_rows(void **state)
{
	(void)state;
	assert_true(vigild_nchildren > 0);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		const struct vigild_child *r = &vigild_children[i];

		assert_string_equal(r->name, proc_name(r->proc));
		assert_true(r->proc != PROC_PARENT && r->proc < PROC_MAX);
		assert_ptr_equal(children_by_name(r->name), r);
		assert_ptr_equal(children_by_proc(r->proc), r);
		assert_non_null(r->needed);
		assert_non_null(r->pid_default);
		assert_non_null(strstr(r->pid_default, ".pid"));
		/* the runtime's messages, nothing of the parent's */
		assert_int_equal(r->may_send & CHILD_RUNTIME_MSGS,
				 CHILD_RUNTIME_MSGS);
		assert_int_equal(r->may_send & PARENT_MSGS, 0);
		assert_false(children_may_send(r, IPC_NONE));
		assert_false(children_may_send(r, IPC_TYPE_MAX));
		for (size_t j = 0; j < i; j++) {
			const struct vigild_child *o = &vigild_children[j];

			assert_true(r->only_opt == 0 ||
				    (r->only_opt != o->only_opt &&
				     r->only_opt != o->pid_opt));
			assert_true(r->pid_opt == 0 ||
				    (r->pid_opt != o->only_opt &&
				     r->pid_opt != o->pid_opt));
			assert_string_not_equal(r->pid_default, o->pid_default);
		}
	}
	assert_null(children_by_name("parent"));
	assert_null(children_by_proc(PROC_PARENT));
	/* only the vrrp child reports VRRP states */
	assert_true(
		children_may_send(children_by_proc(PROC_VRRP), IPC_VRRP_STATE));
	assert_false(children_may_send(children_by_proc(PROC_CHECK),
				       IPC_VRRP_STATE));
}

static enum vigild_args_result
parse(struct vigild_opts *o, const char *a1, const char *a2)
{
	char err[128];
	char *argv[] = {"vigild", (char *)a1, (char *)a2, NULL};

	return vigild_parse_args(a2 ? 3 : 2, argv, o, err, sizeof(err));
}

/* Every row's "only" flag and pid file, by short and by long option; and
 * --child=NAME. */
static void
test_row_options(void **state)
{
	(void)state;
	for (size_t i = 0; i < vigild_nchildren; i++) {
		const struct vigild_child *r = &vigild_children[i];
		struct vigild_opts o;
		char s[4] = {'-', r->only_opt}, l[64];

		if (r->only_opt) {
			assert_int_equal(parse(&o, s, NULL), ARGS_RUN);
			assert_int_equal(o.only, r->proc);
		}
		snprintf(l, sizeof(l), "--%s", r->only_long);
		assert_int_equal(parse(&o, l, NULL), ARGS_RUN);
		assert_int_equal(o.only, r->proc);
		s[1] = r->pid_opt;
		if (r->pid_opt) {
			assert_int_equal(parse(&o, s, "/x.pid"), ARGS_RUN);
			assert_string_equal(o.child_pid_file[r->proc],
					    "/x.pid");
		}
		snprintf(l, sizeof(l), "--%s=/y.pid", r->pid_long);
		assert_int_equal(parse(&o, l, NULL), ARGS_RUN);
		assert_string_equal(o.child_pid_file[r->proc], "/y.pid");
		snprintf(l, sizeof(l), "--child=%s", r->name);
		assert_int_equal(parse(&o, l, "--ipc-fd=3"), ARGS_RUN);
		assert_int_equal(o.child, r->proc);
	}
}

static const char vs_conf[] = "virtual_server 192.0.2.1 80 { protocol TCP\n"
			      "  real_server 10.0.0.1 80 {\n"
			      "  }\n"
			      "}\n";
static const char vrrp_conf[] = "vrrp_instance VI_1 {\n"
				"  interface eth0\n"
				"  virtual_router_id 51\n"
				"  priority 100\n"
				"  virtual_ipaddress {\n"
				"    192.0.2.10\n"
				"  }\n"
				"}\n";

/* Of the check and vrrp children, those wanted for a config text and an
 * "only" choice, as a set of procs (a row added later has its own test). */
static unsigned
wanted(const char *text, enum vigil_proc only)
{
	struct vigild_opts o = {.only = only};
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);
	unsigned set = 0;

	assert_int_equal(d.errors, 0);
	for (size_t i = 0; i < vigild_nchildren; i++)
		if (children_wanted(&vigild_children[i], c, &o))
			set |= 1u << vigild_children[i].proc;
	conf_free(c);
	conf_diags_free(&d);
	return set & (1u << PROC_CHECK | 1u << PROC_VRRP);
}

static void
test_wanted(void **state)
{
	char both[sizeof(vs_conf) + sizeof(vrrp_conf)];
	const unsigned ck = 1u << PROC_CHECK, vr = 1u << PROC_VRRP;

	(void)state;
	snprintf(both, sizeof(both), "%s%s", vs_conf, vrrp_conf);
	assert_int_equal(wanted(vs_conf, PROC_PARENT), ck);
	assert_int_equal(wanted(vrrp_conf, PROC_PARENT), vr);
	assert_int_equal(wanted(both, PROC_PARENT), ck | vr);
	assert_int_equal(wanted(both, PROC_CHECK), ck); /* -C */
	assert_int_equal(wanted(both, PROC_VRRP), vr);	/* -P */
	assert_int_equal(wanted(vs_conf, PROC_VRRP), 0);
	assert_int_equal(wanted("global_defs {\n}\n", PROC_PARENT), 0);
}

static const char bfd_conf[] = "bfd_instance B1 {\n"
			       "  neighbor_ip 192.0.2.2\n"
			       "}\n";

/* Whether the row of proc is wanted for text with the option a1. */
static bool
wanted_with(enum vigil_proc proc, const char *text, const char *a1)
{
	struct vigild_opts o;
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);
	bool w;

	assert_int_equal(d.errors, 0);
	assert_int_equal(parse(&o, a1, NULL), ARGS_RUN);
	w = children_wanted(children_by_proc(proc), c, &o);
	conf_free(c);
	conf_diags_free(&d);
	return w;
}

/* The bfd child: wanted for a bfd_instance, also beside -P and -C (as
 * keepalived runs BFD), not with -B (--no_bfd), which leaves the others
 * alone. */
static void
test_bfd_wanted(void **state)
{
	(void)state;
	assert_true(wanted_with(PROC_BFD, bfd_conf, "-n"));
	assert_true(wanted_with(PROC_BFD, bfd_conf, "-P"));
	assert_true(wanted_with(PROC_BFD, bfd_conf, "-C"));
	assert_true(wanted_with(PROC_BFD, bfd_conf, "--bfd"));
	assert_false(wanted_with(PROC_BFD, bfd_conf, "-B"));
	assert_false(wanted_with(PROC_BFD, bfd_conf, "--no_bfd"));
	assert_false(wanted_with(PROC_BFD, vrrp_conf, "-n"));
	assert_true(wanted_with(PROC_VRRP, vrrp_conf, "-B"));
	assert_false(wanted_with(PROC_VRRP, vrrp_conf, "--bfd"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_row_options),
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_bfd_wanted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
