/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pid files: the parent's is locked (flock) for as long as it runs, so a
 * second vigild on the same file refuses to start. */
#ifndef VIGIL_CORE_PIDFILE_H
#define VIGIL_CORE_PIDFILE_H

#include <sys/types.h>

/* Create, lock and empty `path`, then write pid if > 0 (0: later, with
 * pidfile_lock_update, e.g. once the daemon has its final pid). Returns the
 * locked fd (keep it open), or -1 with errno (EWOULDBLOCK: another process
 * holds it). */
int pidfile_lock(const char *path, pid_t pid);
/* Rewrite a locked pid file (after daemonizing). */
int pidfile_lock_update(int fd, pid_t pid);
/* Write a child's pid (not locked: the parent owns the file). 0 or -1. */
int pidfile_write_plain(const char *path, pid_t pid);
void pidfile_remove(const char *path);

#endif
