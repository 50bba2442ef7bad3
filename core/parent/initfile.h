/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * track_file's init_file [VALUE] [overwrite]: the parent writes VALUE to
 * the tracked file at each load of the config, before the children (which
 * run unprivileged and only read it) start or reload. Used by VRRP
 * instances and FILE_CHECK alike, hence here and not in a child's folder.
 */
#ifndef VIGIL_CORE_PARENT_INITFILE_H
#define VIGIL_CORE_PARENT_INITFILE_H

#include <stdbool.h>
#include <stdint.h>

struct conf;

/* Write "VALUE\n" to path: only when it does not exist, or (overwrite)
 * also over an existing regular file, whose owner and mode stay. A file
 * created is 0644 whatever the umask, so an unprivileged child reads it.
 * Anything but a regular file (FIFO, device, directory, symlink) is
 * refused with EINVAL and not opened. 1 written, 0 left as it was, -1
 * with errno. */
int initfile_write(const char *path, int32_t value, bool overwrite);

/* Every track_file with init_file in c; one warning per failure. */
void initfile_apply(const struct conf *c);

#endif
