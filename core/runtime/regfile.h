/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A state or record file that must be a plain file: opened with
 * O_NONBLOCK (a FIFO planted at the path cannot block the opener) and
 * O_NOFOLLOW (nor a symlink send the write elsewhere), then refused with
 * EINVAL unless it is a regular file. The ledgers and records of the
 * children (vrrp-owned, vrrp_rec) go through here.
 */
#ifndef VIGIL_CORE_REGFILE_H
#define VIGIL_CORE_REGFILE_H

#include <stdio.h>
#include <sys/types.h>

/* open(2)'s flags and mode; the fd is blocking again. -1 with errno. */
int regfile_open(const char *path, int flags, mode_t mode);
/* "r" (read) or "w" (write, created 0644, truncated): a stdio stream. */
FILE *regfile_fopen(const char *path, const char *how);

#endif
