// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket's file (control_int.h): created with its final owner
 * and mode before anyone can connect to it, and replaced the same way.
 *
 * Why a private directory: bind() creates the file with the socket
 * inode's mode less the umask (so an fchmod() of the fd before bind() does
 * reach it, on Linux), but with the caller's own group: an fchown() of the
 * fd never reaches the file, and neither call does after bind(). chown()
 * and chmod() by path after bind() leave a window in which the file
 * exists with the wrong group or mode, and in which someone who can write
 * the directory could swap the path. So the socket is bound inside a fresh
 * directory that only root can enter (mkdtemp, 0700), under umask 0177
 * (0600 from the start), given its group and mode there by path (nobody
 * else can reach or replace that path), and then renamed onto its final
 * name. rename() is atomic: the final name always names either the old
 * socket or the new one, each with its final owner and mode, and a reload
 * that replaces the socket leaves no moment without one.
 *
 * Library-like: returns -1 with errno set; the caller logs.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/parent/control_int.h"

/* DIR/.ctlXXXXXX beside path (absolute, or relative to the cwd). */
static int
private_dir(const char *path, char *dir, size_t n)
{
	const char *slash = strrchr(path, '/');
	int len = slash ? (int)(slash - path) : 1;

	if (snprintf(dir, n, "%.*s/.ctlXXXXXX", len, slash ? path : ".") >=
	    (int)n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return mkdtemp(dir) ? 0 : -1;
}

static int
bind_private(int fd, const char *tmp, gid_t gid)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	mode_t old;
	int r;

	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", tmp) >=
	    (int)sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	old = umask(0177);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0)
		return -1;
	if (gid != CONTROL_NO_GROUP &&
	    (chown(tmp, (uid_t)-1, gid) < 0 || chmod(tmp, 0660) < 0))
		return -1;
	return listen(fd, 64);
}

/* Someone accepts on the socket at path: a unix connect() does not wait
 * (refused when nobody listens, EAGAIN when the backlog is full). */
static bool
answers(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int r;

	if (fd < 0)
		return false;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	r = r == 0 || errno == EAGAIN || errno == EINPROGRESS;
	close(fd);
	return r;
}

/* A file that is not a socket is not ours to replace, nor another
 * daemon's live socket. */
static int
may_replace(const char *path, bool ours)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	if (!ours && answers(path)) {
		errno = EADDRINUSE;
		return -1;
	}
	return 0;
}

int
control_listen(const char *path, gid_t gid, bool ours)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path) + 16];
	char tmp[sizeof(dir) + 2];
	int fd, err;

	/* rename() would take a longer name that no client can connect to. */
	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (may_replace(path, ours) < 0 ||
	    private_dir(path, dir, sizeof(dir)) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/s", dir);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0 && bind_private(fd, tmp, gid) == 0 &&
	    rename(tmp, path) == 0) {
		rmdir(dir);
		return fd;
	}
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	rmdir(dir);
	errno = err;
	return -1;
}
