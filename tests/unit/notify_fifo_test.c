// SPDX-License-Identifier: GPL-2.0-or-later
/* The notify FIFO writer: created when missing, lines in order to a late
 * reader, a reader that leaves, a full queue dropping the oldest. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/runtime/notify_fifo.h"

struct fx {
	char dir[64], path[96];
	struct ev_loop *loop;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	snprintf(x->dir, sizeof(x->dir), "/tmp/notify_fifo_test.XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/fifo", x->dir);
	x->loop = ev_loop_new();
	assert_non_null(x->loop);
	signal(SIGPIPE, SIG_IGN); /* as the vrrp child does */
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	unlink(x->path);
	rmdir(x->dir);
	ev_loop_free(x->loop);
	free(x);
	return 0;
}

/* Run the loop until the reader has `want` bytes (at most 2 s). */
static size_t
drain(struct fx *x, int rd, char *buf, size_t len, size_t want)
{
	size_t got = 0;

	for (int i = 0; i < 200 && got < want; i++) {
		ssize_t n = read(rd, buf + got, len - 1 - got);

		if (n > 0)
			got += (size_t)n;
		else
			ev_run_once(x->loop, EV_MSEC(10));
	}
	buf[got] = 0;
	return got;
}

static void
line(char *out, size_t len, int i)
{
	snprintf(out, len, "INSTANCE \"VI_%d\" MASTER 100\n", i);
}

static void
test_late_reader(void **state)
{
	struct fx *x = *state;
	char err[256], buf[4096], want[256] = "", l[64];
	struct stat st;
	struct nfifo *f =
		nfifo_new(x->loop, x->path, NULL, NULL, err, sizeof(err));
	int rd;

	assert_non_null(f);
	assert_int_equal(stat(x->path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	/* no reader yet: the lines wait */
	for (int i = 1; i <= 3; i++) {
		line(l, sizeof(l), i);
		nfifo_write(f, l);
		strcat(want, l);
	}
	rd = open(x->path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	drain(x, rd, buf, sizeof(buf), strlen(want));
	assert_string_equal(buf, want);
	/* with the reader there, a line goes out at once */
	line(l, sizeof(l), 4);
	nfifo_write(f, l);
	assert_int_equal(read(rd, buf, sizeof(buf) - 1), (ssize_t)strlen(l));
	close(rd);
	assert_int_equal(nfifo_dropped(f), 0);
	nfifo_free(f);
	/* we made it, we remove it */
	assert_int_equal(stat(x->path, &st), -1);
}

static void
test_reader_leaves_and_queue_full(void **state)
{
	struct fx *x = *state;
	char err[256], l[64], first[64], last[64];
	static char buf[65536];
	const int n = NFIFO_QUEUE_MAX + 5;
	struct nfifo *f =
		nfifo_new(x->loop, x->path, NULL, NULL, err, sizeof(err));
	int rd = open(x->path, O_RDONLY | O_NONBLOCK);

	assert_non_null(f);
	line(l, sizeof(l), 0);
	nfifo_write(f, l);
	close(rd); /* gone: the next write meets EPIPE, not a signal */
	for (int i = 1; i <= n; i++) {
		line(l, sizeof(l), i);
		nfifo_write(f, l);
	}
	assert_int_equal(nfifo_dropped(f), 5);
	rd = open(x->path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	line(first, sizeof(first), 6);
	line(last, sizeof(last), n);
	drain(x, rd, buf, sizeof(buf), (size_t)NFIFO_QUEUE_MAX * strlen(first));
	/* the oldest five went, the rest arrive in order */
	assert_memory_equal(buf, first, strlen(first));
	assert_string_equal(buf + strlen(buf) - strlen(last), last);
	close(rd);
	nfifo_free(f);
}

static void
test_not_a_fifo(void **state)
{
	struct fx *x = *state;
	char err[256] = "";
	int fd = open(x->path, O_CREAT | O_WRONLY, 0600);

	assert_true(fd >= 0);
	close(fd);
	assert_null(nfifo_new(x->loop, x->path, NULL, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "not a FIFO"));
	assert_null(nfifo_new(x->loop, x->path, "no-such-user-vigil", NULL, err,
			      sizeof(err)));
	assert_non_null(strstr(err, "unknown user"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_late_reader, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_reader_leaves_and_queue_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_fifo, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
