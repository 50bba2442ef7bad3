// SPDX-License-Identifier: GPL-2.0-or-later
/* A number in a file, with keepalived's track_file rules (numfile.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/runtime/numfile.h"

enum numfile_how
numfile_parse(const char *text, int64_t *v)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(text, &end, 0);
	if (end == text) {
		*v = 0;
		return NUMFILE_NONE;
	}
	if (errno == ERANGE || n < INT32_MIN || n > INT32_MAX)
		return NUMFILE_RANGE;
	*v = n;
	return NUMFILE_NUMBER;
}

int64_t
numfile_value(const char *path, int64_t last, int64_t missing,
	      enum numfile_how *how)
{
	char buf[NUMFILE_READ_MAX + 1];
	enum numfile_how h = NUMFILE_UNREADABLE;
	int64_t v = missing;
	ssize_t n = -1;
	int fd, err;

	/* Non-blocking: a FIFO put in its place must not stall the loop. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		err = errno;
		close(fd);
		errno = err;
	}
	if (n >= 0) {
		buf[n] = '\0';
		h = numfile_parse(buf, &v);
		if (h == NUMFILE_RANGE)
			v = last;
	}
	if (how)
		*how = h;
	return v;
}
