// SPDX-License-Identifier: GPL-2.0-or-later
/* pid files; see pidfile.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/parent/pidfile.h"
#include "core/runtime/regfile.h"

static int
fill(int fd, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)pid);

	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	return 0;
}

int
pidfile_lock(const char *path, pid_t pid)
{
	int fd = regfile_open(path, O_RDWR | O_CREAT, 0644);

	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 || ftruncate(fd, 0) < 0 ||
	    (pid > 0 && fill(fd, pid) < 0)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
pidfile_lock_update(int fd, pid_t pid)
{
	return fill(fd, pid);
}

int
pidfile_write_plain(const char *path, pid_t pid)
{
	/* at every spawn: a FIFO at the path must not block the parent */
	int fd = regfile_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int r;

	if (fd < 0)
		return -1;
	r = fill(fd, pid);
	close(fd);
	return r;
}

void
pidfile_remove(const char *path)
{
	if (path && *path)
		unlink(path);
}
