// SPDX-License-Identifier: GPL-2.0-or-later
/* track_file's init_file, written by the parent (initfile.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/conf/conf_model.h"
#include "core/parent/initfile.h"
#include "core/runtime/log.h"
#include "core/runtime/regfile.h"

static int
fill(int fd, int32_t value, bool created)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)value);

	if ((created && fchmod(fd, 0644) < 0) || ftruncate(fd, 0) < 0 ||
	    pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	return 0;
}

int
initfile_write(const char *path, int32_t value, bool overwrite)
{
	struct stat st;
	bool created = false;
	int fd, e;

	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			errno = EINVAL;
			return -1;
		}
		if (!overwrite)
			return 0;
		fd = regfile_open(path, O_WRONLY, 0);
	} else if (errno == ENOENT) {
		fd = regfile_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		created = true;
		if (fd < 0 && errno == EEXIST) /* created meanwhile: theirs */
			return overwrite ? initfile_write(path, value, true)
					 : 0;
	} else {
		return -1;
	}
	if (fd < 0)
		return -1;
	if (fill(fd, value, created) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd) < 0 ? -1 : 1;
}

void
initfile_apply(const struct conf *c)
{
	for (const struct conf_track_file *t = c->track_files.head; t;
	     t = t->next) {
		if (!t->init_file || !t->file || !*t->file)
			continue;
		if (initfile_write(t->file, t->init_value, t->init_overwrite) <
		    0)
			log_warn("config %s:%d: warning: track_file %s: "
				 "init_file: cannot write %s: %s",
				 t->loc.file && *t->loc.file ? t->loc.file
							     : "-",
				 t->loc.line, t->name, t->file,
				 errno == EINVAL ? "not a regular file"
						 : strerror(errno));
	}
}
