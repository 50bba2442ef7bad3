// SPDX-License-Identifier: GPL-2.0-or-later
/* Plain files only (core/runtime/regfile.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/runtime/regfile.h"

int
regfile_open(const char *path, int flags, mode_t mode)
{
	int fd = open(path, flags | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, mode);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

FILE *
regfile_fopen(const char *path, const char *how)
{
	bool w = how[0] == 'w';
	int fd = regfile_open(path, w ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY,
			      0644);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, w ? "w" : "r");
	if (!f)
		close(fd);
	return f;
}
