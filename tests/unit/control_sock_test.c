// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket's file (core/parent/control_sock.c): created 0600
 * (0660 with a group) with no window and no leftover, a socket already
 * there replaced in place (a client of the old one keeps it), anything
 * else at the path left alone, a name too long refused.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/parent/control_int.h"

struct dir {
	char path[64];
	char sock[96];
};

static int
setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	snprintf(d->path, sizeof(d->path), "/tmp/ctlsock.XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->sock, sizeof(d->sock), "%s/vigil.sock", d->path);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct dir *d = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", d->path);
	assert_int_equal(system(cmd), 0);
	free(d);
	return 0;
}

/* The directory holds exactly the socket: no temporary directory left. */
static void
assert_only_socket(const struct dir *d)
{
	DIR *dir = opendir(d->path);
	struct dirent *e;
	int n = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			assert_string_equal(e->d_name, "vigil.sock");
			n++;
		}
	closedir(dir);
	assert_int_equal(n, 1);
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
test_create_replace(void **state)
{
	struct dir *d = *state;
	struct stat st;
	int a, b, c1, c2, s;

	a = control_listen(d->sock, CONTROL_NO_GROUP, false);
	assert_true(a >= 0);
	assert_int_equal(lstat(d->sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_only_socket(d);
	c1 = connect_to(d->sock);
	assert_true(c1 >= 0);

	/* Replaced (a reload): the name leads to the new socket; the old
	 * one's client is still queued on the old one. The group is ours. */
	b = control_listen(d->sock, getegid(), true);
	assert_true(b >= 0);
	assert_int_equal(lstat(d->sock, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
	assert_int_equal(st.st_gid, getegid());
	assert_only_socket(d);
	c2 = connect_to(d->sock);
	assert_true(c2 >= 0);
	assert_true((s = accept(a, NULL, NULL)) >= 0);
	close(s);
	assert_true((s = accept(b, NULL, NULL)) >= 0);
	close(s);
	close(c1);
	close(c2);
	close(a);
	close(b);
}

static void
test_refused(void **state)
{
	struct dir *d = *state;
	char longp[200];
	int fd;

	/* A regular file is not ours to replace. */
	fd = open(d->sock, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	errno = 0;
	assert_int_equal(control_listen(d->sock, CONTROL_NO_GROUP, false), -1);
	assert_int_equal(errno, EEXIST);
	assert_only_socket(d); /* the file, and nothing else */
	unlink(d->sock);

	/* The socket's name, or its temporary one, too long for sun_path. */
	memset(longp, 'x', sizeof(longp));
	snprintf(longp, sizeof(longp), "%s/%0100d", d->path, 0);
	errno = 0;
	assert_int_equal(control_listen(longp, CONTROL_NO_GROUP, false), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(access(d->sock, F_OK), -1);
}

/* Two vigild, one path: the second does not take a socket that another
 * process still accepts on (EADDRINUSE); a stale one (nobody listens, the
 * daemon died) is replaced. */
static void
test_live_kept_stale_replaced(void **state)
{
	struct dir *d = *state;
	struct stat st1, st2;
	int a, b;

	a = control_listen(d->sock, CONTROL_NO_GROUP, false);
	assert_true(a >= 0);
	assert_int_equal(lstat(d->sock, &st1), 0);
	errno = 0;
	assert_int_equal(control_listen(d->sock, CONTROL_NO_GROUP, false), -1);
	assert_int_equal(errno, EADDRINUSE);
	assert_int_equal(lstat(d->sock, &st2), 0);
	assert_true(st1.st_ino == st2.st_ino);
	assert_only_socket(d);
	close(a); /* stale now: its file stays, nobody accepts */
	b = control_listen(d->sock, CONTROL_NO_GROUP, false);
	assert_true(b >= 0);
	assert_int_equal(lstat(d->sock, &st2), 0);
	assert_true(st1.st_ino != st2.st_ino);
	close(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_replace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_kept_stale_replaced,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
