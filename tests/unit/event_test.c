// SPDX-License-Identifier: GPL-2.0-or-later
/* Event loop: timers on a fake clock, fds, signals, child watch. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/runtime/event.h"

struct fake_clock {
	ev_time_t now;
};

static ev_time_t
fake_now(void *arg)
{
	return ((struct fake_clock *)arg)->now;
}

struct rec {
	int order[64];
	int n;
};

struct tctx {
	struct rec *rec;
	int id;
	struct ev_timer t;
};

static void
record_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct tctx *c = arg;

	(void)loop;
	(void)t;
	c->rec->order[c->rec->n++] = c->id;
}

static struct ev_loop *
fake_loop(struct fake_clock *fc)
{
	struct ev_loop *loop = ev_loop_new();

	assert_non_null(loop);
	ev_loop_set_clock(loop, fake_now, fc);
	return loop;
}

static void
test_timers_fire_in_order(void **state)
{
	struct fake_clock fc = { .now = 1000 };
	struct ev_loop *loop = fake_loop(&fc);
	struct rec rec = { 0 };
	struct tctx c[5];
	ev_time_t delays[5] = { 500, 100, 300, 100, 200 };

	(void)state;
	for (int i = 0; i < 5; i++) {
		c[i].rec = &rec;
		c[i].id = i;
		ev_timer_init(&c[i].t, record_cb, &c[i]);
		ev_timer_start(loop, &c[i].t, delays[i]);
	}
	assert_int_equal(ev_timer_count(loop), 5);
	assert_int_equal(ev_next_timer(loop), 1100);

	fc.now = 1099;
	ev_run_once(loop, 0);
	assert_int_equal(rec.n, 0);

	fc.now = 1300;
	ev_run_once(loop, 0);
	/* Equal expiries fire in the order they were armed. */
	assert_int_equal(rec.n, 4);
	assert_int_equal(rec.order[0], 1);
	assert_int_equal(rec.order[1], 3);
	assert_int_equal(rec.order[2], 4);
	assert_int_equal(rec.order[3], 2);

	fc.now = 10000;
	ev_run_once(loop, 0);
	assert_int_equal(rec.n, 5);
	assert_int_equal(rec.order[4], 0);
	assert_int_equal(ev_timer_count(loop), 0);
	ev_loop_free(loop);
}

static void
test_timer_stop_is_idempotent(void **state)
{
	struct fake_clock fc = { .now = 0 };
	struct ev_loop *loop = fake_loop(&fc);
	struct rec rec = { 0 };
	struct tctx c = { .rec = &rec, .id = 7 };

	(void)state;
	ev_timer_init(&c.t, record_cb, &c);
	ev_timer_stop(loop, &c.t); /* never armed */
	ev_timer_start(loop, &c.t, 10);
	assert_true(ev_timer_active(&c.t));
	ev_timer_stop(loop, &c.t);
	ev_timer_stop(loop, &c.t);
	assert_false(ev_timer_active(&c.t));
	fc.now = 100;
	ev_run_once(loop, 0);
	assert_int_equal(rec.n, 0);

	/* Re-arming an armed timer moves it rather than adding a second. */
	ev_timer_start(loop, &c.t, 10);
	ev_timer_start(loop, &c.t, 50);
	assert_int_equal(ev_timer_count(loop), 1);
	fc.now = 120;
	ev_run_once(loop, 0);
	assert_int_equal(rec.n, 0);
	fc.now = 150;
	ev_run_once(loop, 0);
	assert_int_equal(rec.n, 1);
	ev_loop_free(loop);
}

/* A large random workload: the heap must always yield the minimum. */
static void
test_timer_heap_random(void **state)
{
	struct fake_clock fc = { .now = 0 };
	struct ev_loop *loop = fake_loop(&fc);
	enum { N = 2000 };
	static struct tctx c[N];
	struct rec rec = { 0 };
	unsigned seed = 12345;

	(void)state;
	for (int i = 0; i < N; i++) {
		c[i].rec = &rec;
		c[i].id = i;
		ev_timer_init(&c[i].t, record_cb, &c[i]);
		ev_timer_start(loop, &c[i].t, rand_r(&seed) % 100000);
	}
	for (int i = 0; i < N; i += 3)
		ev_timer_stop(loop, &c[i].t);
	ev_time_t last = 0;
	size_t left = ev_timer_count(loop);
	while (ev_timer_count(loop)) {
		ev_time_t next = ev_next_timer(loop);

		assert_true(next >= last);
		last = next;
		fc.now = next;
		rec.n = 0;
		ev_run_once(loop, 0);
		assert_true(rec.n >= 1);
		left -= (size_t)rec.n;
		assert_int_equal(left, ev_timer_count(loop));
	}
	ev_loop_free(loop);
}

struct rearm {
	struct ev_timer t;
	int fired;
};

static void
rearm_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct rearm *r = arg;

	r->fired++;
	ev_timer_start(loop, t, 0);
}

/* A timer that re-arms itself with no delay fires once per iteration. */
static void
test_zero_delay_rearm_does_not_spin(void **state)
{
	struct fake_clock fc = { .now = 5 };
	struct ev_loop *loop = fake_loop(&fc);
	struct rearm r = { 0 };

	(void)state;
	ev_timer_init(&r.t, rearm_cb, &r);
	ev_timer_start(loop, &r.t, 0);
	ev_run_once(loop, 0);
	assert_int_equal(r.fired, 1);
	ev_run_once(loop, 0);
	assert_int_equal(r.fired, 2);
	ev_timer_stop(loop, &r.t);
	ev_loop_free(loop);
}

struct pair_io {
	struct ev_io a, b;
	int fa, fb;
	int a_runs, b_runs;
};

static void
stop_other_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents,
	      void *arg)
{
	struct pair_io *p = arg;
	char c;

	(void)revents;
	if (io == &p->a) {
		p->a_runs++;
		if (read(p->fa, &c, 1) != 1)
			fail();
		ev_io_stop(loop, &p->b);
	} else {
		p->b_runs++;
		if (read(p->fb, &c, 1) != 1)
			fail();
		ev_io_stop(loop, &p->a);
	}
}

/* Two fds ready in one batch: the first callback stops the second watcher,
 * which must then not run. */
static void
test_io_stop_within_batch(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct pair_io p = { 0 };
	int pa[2], pb[2];

	(void)state;
	assert_int_equal(pipe(pa), 0);
	assert_int_equal(pipe(pb), 0);
	p.fa = pa[0];
	p.fb = pb[0];
	ev_io_init(&p.a, stop_other_cb, &p);
	ev_io_init(&p.b, stop_other_cb, &p);
	assert_int_equal(ev_io_start(loop, &p.a, pa[0], EV_READ), 0);
	assert_int_equal(ev_io_start(loop, &p.b, pb[0], EV_READ), 0);
	assert_int_equal(write(pa[1], "x", 1), 1);
	assert_int_equal(write(pb[1], "y", 1), 1);
	ev_run_once(loop, EV_MSEC(100));
	assert_int_equal(p.a_runs + p.b_runs, 1);
	ev_io_stop(loop, &p.a);
	ev_io_stop(loop, &p.b);
	close(pa[0]);
	close(pa[1]);
	close(pb[0]);
	close(pb[1]);
	ev_loop_free(loop);
}

static void
real_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)t;
	*(int *)arg = 1;
	ev_break(loop);
}

/* With the real clock, ev_run sleeps until the timer and no longer. */
static void
test_real_clock_timer(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer t;
	int fired = 0;
	ev_time_t start = ev_monotonic(), took;

	(void)state;
	ev_timer_init(&t, real_timer_cb, &fired);
	ev_timer_start(loop, &t, EV_MSEC(20));
	assert_int_equal(ev_run(loop), 0);
	took = ev_monotonic() - start;
	assert_int_equal(fired, 1);
	assert_true(took >= EV_MSEC(20));
	assert_true(took < EV_SEC(2));
	ev_loop_free(loop);
}

static void
slow_io_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct fake_clock *fc = arg;
	char c;

	(void)loop;
	(void)revents;
	if (read(io->fd, &c, 1) != 1)
		fail();
	fc->now += EV_MSEC(1990); /* a slow turn */
}

/* The wait for a timer runs from when the loop goes to sleep, not from
 * when the turn began: a timer 2 s away, a callback that takes 1.99 s (on
 * the fake clock, which has no timerfd twin), and the next wait is 10 ms,
 * not 2 s. */
static void
test_wait_counts_time_spent_in_callbacks(void **state)
{
	struct fake_clock fc = {.now = EV_SEC(1)};
	struct ev_loop *loop = fake_loop(&fc);
	struct ev_timer t;
	struct ev_io io;
	int fired = 0, p[2];
	ev_time_t start;

	(void)state;
	assert_int_equal(pipe(p), 0);
	ev_io_init(&io, slow_io_cb, &fc);
	assert_int_equal(ev_io_start(loop, &io, p[0], EV_READ), 0);
	ev_timer_init(&t, real_timer_cb, &fired);
	ev_timer_start(loop, &t, EV_SEC(2));
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(ev_run_once(loop, EV_WAIT_FOREVER), 1);
	assert_int_equal(fired, 0);
	start = ev_monotonic();
	assert_int_equal(ev_run_once(loop, EV_WAIT_FOREVER), 0);
	assert_true(ev_monotonic() - start < EV_SEC(1));
	fc.now += EV_MSEC(10);
	assert_int_equal(ev_run_once(loop, EV_WAIT_FOREVER), 1);
	assert_int_equal(fired, 1);
	ev_io_stop(loop, &io);
	close(p[0]);
	close(p[1]);
	ev_loop_free(loop);
}

static void
sig_cb(struct ev_loop *loop, struct ev_signal *s, void *arg)
{
	(*(int *)arg)++;
	(void)s;
	ev_break(loop);
}

static void
test_signal(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_signal s1, s2;
	int n1 = 0, n2 = 0;

	(void)state;
	ev_signal_init(&s1, sig_cb, &n1);
	ev_signal_init(&s2, sig_cb, &n2);
	assert_int_equal(ev_signal_start(loop, &s1, SIGUSR1), 0);
	assert_int_equal(ev_signal_start(loop, &s2, SIGUSR2), 0);
	assert_int_equal(ev_signal_start(loop, &s2, SIGUSR2), -1);
	raise(SIGUSR2);
	ev_run_once(loop, EV_MSEC(500));
	assert_int_equal(n1, 0);
	assert_int_equal(n2, 1);
	raise(SIGUSR1);
	ev_run_once(loop, EV_MSEC(500));
	assert_int_equal(n1, 1);
	ev_signal_stop(loop, &s1);
	ev_signal_stop(loop, &s1);
	ev_signal_stop(loop, &s2);
	ev_loop_free(loop);
}

static void
child_cb(struct ev_loop *loop, struct ev_child *c, int status, void *arg)
{
	(void)c;
	*(int *)arg = status;
	ev_break(loop);
}

static void
test_child(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_child c;
	int status = -1;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(42);
	ev_child_init(&c, child_cb, &status);
	assert_int_equal(ev_child_start(loop, &c, pid), 0);
	for (int i = 0; i < 50 && status == -1; i++)
		ev_run_once(loop, EV_MSEC(100));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
	assert_int_equal(c.pidfd, -1);

	status = -1;
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(ev_child_start(loop, &c, pid), 0);
	kill(pid, SIGKILL);
	for (int i = 0; i < 50 && status == -1; i++)
		ev_run_once(loop, EV_MSEC(100));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	ev_loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers_fire_in_order),
		cmocka_unit_test(test_timer_stop_is_idempotent),
		cmocka_unit_test(test_timer_heap_random),
		cmocka_unit_test(test_zero_delay_rearm_does_not_spin),
		cmocka_unit_test(test_io_stop_within_batch),
		cmocka_unit_test(test_real_clock_timer),
		cmocka_unit_test(test_wait_counts_time_spent_in_callbacks),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
