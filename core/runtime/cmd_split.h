/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A script command as vigil runs it (no shell), split the way keepalived
 * splits it: at white space; '...' and "..." keep spaces inside one
 * argument (keepalived.conf(5) "Quoted strings"); a backslash outside single
 * quotes takes the next character as it is -- so a notify script's "NAME"
 * argument, which the vrrp child writes with \ before " and \, comes back
 * as it was. The parent splits every script it runs with it, and so do the
 * test drivers' local runners.
 */
#ifndef VIGIL_CORE_CMD_SPLIT_H
#define VIGIL_CORE_CMD_SPLIT_H

/* A NULL-terminated vector in one allocation (free() it) with *argc set,
 * or NULL on an unmatched quote, an empty command or no memory. */
char **cmd_split(const char *cmd, int *argc);

#endif
