// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tracker kinds driven directly through their ops, with a fake environment
 * and a recording report callback, the way the engine drives them: the
 * registry's contract, vrrp_script's rise/fall and runs, track_interface's
 * link events, vrrp_track_file's reads.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "vrrp/vrrp_track.h"

struct fake {
	struct ev_loop *loop;
	ev_time_t now;
	struct vrrp_track_env env;
	struct vrrp_tracker t;
	/* run() */
	int runs;
	char cmd[VRRP_CMD_MAX];
	uint32_t timeout_ms;
	vrrp_track_run_done_fn done;
	void *done_arg;
	bool refuse; /* the run cannot start */
	uint64_t cancelled;
	/* watch_links() */
	struct vrrp_link_watch *watch;
	/* watch_bfd() */
	struct vrrp_bfd_watch *bwatch;
	/* report() */
	int reports;
	bool up;
	int64_t value;
};

static ev_time_t
fake_now(void *arg)
{
	return ((struct fake *)arg)->now;
}

static uint64_t
fake_run(void *env_arg, const char *cmd, uint32_t timeout_ms,
	 vrrp_track_run_done_fn done, void *arg)
{
	struct fake *f = env_arg;

	f->runs++;
	snprintf(f->cmd, sizeof(f->cmd), "%s", cmd);
	f->timeout_ms = timeout_ms;
	if (f->refuse) {
		done(arg, VRRP_SCRIPT_FAILED, 0);
		return 0;
	}
	f->done = done;
	f->done_arg = arg;
	return 100 + (uint64_t)f->runs;
}

static void
fake_cancel(void *env_arg, uint64_t handle)
{
	((struct fake *)env_arg)->cancelled = handle;
}

static void
fake_watch(void *env_arg, struct vrrp_link_watch *w, bool on)
{
	((struct fake *)env_arg)->watch = on ? w : NULL;
}

/* A BFD session's state as the owner last heard it. */
static bool fake_bfd_up;

static void
fake_watch_bfd(void *env_arg, struct vrrp_bfd_watch *w, bool on,
	       const char *name, bool *up)
{
	struct fake *f = env_arg;

	(void)name;
	f->bwatch = on ? w : NULL;
	*up = fake_bfd_up;
}

static void
fake_report(struct vrrp_tracker *t, bool up, int64_t value)
{
	struct fake *f = t->owner;

	f->reports++;
	f->up = t->up = up;
	f->value = t->value = value;
}

static void
fake_init(struct fake *f, const struct vrrp_track_ops *ops, const void *conf,
	  bool fake_clock)
{
	memset(f, 0, sizeof(*f));
	f->loop = ev_loop_new();
	assert_non_null(f->loop);
	if (fake_clock)
		ev_loop_set_clock(f->loop, fake_now, f);
	f->env = (struct vrrp_track_env){.loop = f->loop,
					 .run = fake_run,
					 .cancel = fake_cancel,
					 .watch_links = fake_watch,
					 .watch_bfd = fake_watch_bfd,
					 .env_arg = f};
	f->t = (struct vrrp_tracker){.ops = ops,
				     .env = &f->env,
				     .report = fake_report,
				     .owner = f,
				     .conf = conf,
				     .up = true};
	/* every kind's config starts with the object's name */
	snprintf(f->t.name, sizeof(f->t.name), "%s", (const char *)conf);
	f->t.priv = calloc(1, ops->priv_size);
	assert_non_null(f->t.priv);
	assert_int_equal(ops->start(&f->t), 0);
}

static void
fake_fini(struct fake *f)
{
	f->t.ops->stop(&f->t);
	free(f->t.priv);
	ev_loop_free(f->loop);
}

/* Let the fake clock reach `ms` and fire what is due. */
static void
advance(struct fake *f, uint32_t ms)
{
	f->now += EV_MSEC(ms);
	ev_now_update(f->loop);
	ev_run_once(f->loop, 0);
}

static void
end_run(struct fake *f, int exit_code)
{
	vrrp_track_run_done_fn done = f->done;

	assert_non_null(done);
	f->done = NULL;
	done(f->done_arg, VRRP_SCRIPT_EXITED, exit_code << 8);
}

static void
test_registry(void **state)
{
	struct vrrp_script_conf scripts[2] = {{.name = "a"}, {.name = "b"}};
	struct vrrp_track_ref if1[] = {{.name = "eth1"}, {.name = "eth2"}};
	struct vrrp_track_ref if2[] = {{.name = "eth1"}};
	struct vrrp_instance_conf inst[2] = {{.track_if = if1, .ntrack_if = 2},
					     {.track_if = if2, .ntrack_if = 1}};
	struct vrrp_config c = {
		.scripts = scripts, .nscripts = 2, .inst = inst, .ninst = 2};
	struct vrrp_track_def d;
	size_t n, kinds = 0;

	(void)state;
	for (size_t k = 0; vrrp_track_registry[k]; k++, kinds++) {
		const struct vrrp_track_ops *ops = vrrp_track_registry[k];

		assert_non_null(ops->kind);
		assert_true(ops->conf_size > 0);
		assert_non_null(ops->def);
		assert_non_null(ops->refs);
		assert_non_null(ops->start);
		assert_non_null(ops->stop);
		for (size_t j = 0; j < k; j++)
			assert_string_not_equal(ops->kind,
						vrrp_track_registry[j]->kind);
	}
	assert_int_equal(kinds, 5);
	/* A kind finds its objects in the config, and an instance's
	 * references to them. */
	assert_true(vrrp_track_script_ops.def(&c, 1, &d));
	assert_string_equal(d.name, "b");
	assert_ptr_equal(d.conf, &scripts[1]);
	assert_false(vrrp_track_script_ops.def(&c, 2, &d));
	assert_false(vrrp_track_file_ops.def(&c, 0, &d));
	/* Interfaces: every instance's references, in order. */
	assert_true(vrrp_track_iface_ops.def(&c, 2, &d));
	assert_string_equal(d.name, "eth1");
	assert_int_equal(d.weight, 0);
	assert_false(vrrp_track_iface_ops.def(&c, 3, &d));
	assert_ptr_equal(vrrp_track_iface_ops.refs(&inst[0], &n), if1);
	assert_int_equal(n, 2);
}

static void
test_script(void **state)
{
	const struct vrrp_script_conf c = {.name = "chk",
					   .cmd = "/bin/chk -x",
					   .interval_ms = 200,
					   .timeout_ms = 700,
					   .rise = 2,
					   .fall = 2};
	struct fake f;

	(void)state;
	fake_init(&f, &vrrp_track_script_ops, &c, true);
	assert_true(f.t.up);
	advance(&f, 0); /* the first run at once */
	assert_int_equal(f.runs, 1);
	assert_string_equal(f.cmd, "/bin/chk -x");
	assert_int_equal(f.timeout_ms, 700);
	end_run(&f, 1); /* one failure of fall 2: still up */
	assert_int_equal(f.reports, 1);
	assert_true(f.up);
	advance(&f, 200);
	advance(&f, 200); /* still running: not doubled */
	assert_int_equal(f.runs, 2);
	end_run(&f, 1);
	assert_false(f.up);
	advance(&f, 200);
	end_run(&f, 0);
	assert_false(f.up); /* rise 2 */
	advance(&f, 200);
	end_run(&f, 0);
	assert_true(f.up);
	/* A run that cannot start is a failure, and the next one runs. */
	f.refuse = true;
	advance(&f, 200);
	advance(&f, 200);
	assert_int_equal(f.runs, 6);
	assert_false(f.up);
	/* Stopping cancels the run going on. */
	f.refuse = false;
	advance(&f, 200);
	assert_int_equal(f.runs, 7);
	fake_fini(&f);
	assert_int_equal(f.cancelled, 107);
}

static void
test_script_init_fail(void **state)
{
	const struct vrrp_script_conf c = {.cmd = "/bin/x", .init_fail = true};
	struct fake f;

	(void)state;
	fake_init(&f, &vrrp_track_script_ops, &c, true);
	assert_false(f.t.up);
	assert_int_equal(f.cancelled, 0);
	fake_fini(&f);
	assert_int_equal(f.cancelled, 0); /* no run yet: nothing to cancel */
}

static void
test_iface(void **state)
{
	char name[VRRP_NAME_MAX] = "vigil-nosuch0";
	struct fake f;

	(void)state;
	fake_init(&f, &vrrp_track_iface_ops, name, false);
	assert_false(f.t.up); /* no such interface: down */
	assert_non_null(f.watch);
	f.watch->fn(f.watch, "eth9", true); /* not ours */
	assert_int_equal(f.reports, 0);
	f.watch->fn(f.watch, "vigil-nosuch0", true);
	assert_int_equal(f.reports, 1);
	assert_true(f.up);
	f.watch->fn(f.watch, NULL, true); /* events lost: re-read */
	assert_int_equal(f.reports, 2);
	assert_false(f.up);
	fake_fini(&f);
	assert_null(f.watch);
}

/* track_bfd: down until the session is heard Up; only its own name. */
static void
test_bfd(void **state)
{
	struct vrrp_bfd_conf c = {.name = "B1"};
	struct vrrp_track_ref ref = {.name = "B1"};
	struct fake f = {0};
	bool fault = false;

	(void)state;
	fake_init(&f, &vrrp_track_bfd_ops, &c, false);
	assert_false(f.t.up); /* nothing heard yet: down, as keepalived */
	assert_int_equal(vrrp_track_contrib(&f.t, &ref, &fault), 0);
	assert_true(fault);
	assert_non_null(f.bwatch);
	f.bwatch->fn(f.bwatch, "B2", true); /* not ours */
	assert_int_equal(f.reports, 0);
	f.bwatch->fn(f.bwatch, "B1", true);
	assert_int_equal(f.reports, 1);
	assert_true(f.up);
	assert_int_equal(vrrp_track_contrib(&f.t, &ref, &fault), 0);
	assert_false(fault);
	/* a weight: -30 while down */
	ref.weight = -30;
	ref.has_weight = true;
	f.bwatch->fn(f.bwatch, "B1", false);
	assert_false(f.up);
	assert_int_equal(vrrp_track_contrib(&f.t, &ref, &fault), -30);
	assert_false(fault);
	fake_fini(&f);
	assert_null(f.bwatch);
	/* A session heard Up before the tracker starts (a reload) is up. */
	fake_bfd_up = true;
	fake_init(&f, &vrrp_track_bfd_ops, &c, false);
	assert_true(f.t.up);
	fake_fini(&f);
	fake_bfd_up = false;
}

/* Replace the file's content at once (rename), as a writer should. */
static void
put_file(const char *path, const char *text)
{
	char tmp[VRRP_PATH_MAX + 8];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	assert_non_null(fp = fopen(tmp, "w"));
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(rename(tmp, path), 0);
}

/* Run the loop until the value reported is v (inotify), at most 2 s; and
 * at least once more, so that a value kept is seen kept. */
static void
wait_value(struct fake *f, int64_t v)
{
	int before = f->reports;

	for (int i = 0; i < 40 && (f->reports == before || f->value != v); i++)
		ev_run_once(f->loop, EV_MSEC(50));
	assert_true(f->reports > before);
	assert_int_equal(f->value, v);
}

static void
test_file(void **state)
{
	char dir[] = "/tmp/vrrp_track_test.XXXXXX";
	struct vrrp_file_conf c = {.name = "tf", .init_value = -3};
	struct fake f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(c.path, sizeof(c.path), "%s/value", dir);
	fake_init(&f, &vrrp_track_file_ops, &c, false);
	assert_true(f.t.up);
	assert_int_equal(f.t.value, -3); /* missing: init_file's value */
	put_file(c.path, "7\n");
	wait_value(&f, 7);
	put_file(c.path, "5000000000\n"); /* out of range: kept */
	wait_value(&f, 7);
	put_file(c.path, "2 apples\n");
	wait_value(&f, 2);
	put_file(c.path, "garbage\n");
	wait_value(&f, 0);
	unlink(c.path);
	wait_value(&f, -3);
	fake_fini(&f);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_script_init_fail),
		cmocka_unit_test(test_iface),
		cmocka_unit_test(test_bfd),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
