/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control commands, in one table shared by vigilctl (core/cli/vigilctl.c),
 * vigild's control socket (core/parent/control_req.c) and the control
 * fuzzer: each command's name, its arguments and their parser, the process
 * that answers and the typed message it becomes (core/runtime/ipc.h). Pure:
 * no I/O, no globals but the table; vigilctl links this and nothing else of
 * vigil (core/cli/libvigilctl.a).
 *
 * A request on the control socket is one JSON line,
 *
 *   {"cmd":"drain","args":["tcp","[2001:db8::1]:443","[2001:db8::2]:443"]}
 *
 * whose "args" are the words an operator typed after the command (an
 * argument may hold several words: "tcp 192.0.2.10:80"). vigilctl parses
 * them before it sends them, to refuse a bad one without asking vigild;
 * vigild parses them again and sends the child a fixed struct.
 *
 * Adding a command: one row in ctl_cmds[] (ctl_cmd.c) with its parser, and
 * the handler in the child that answers its message type (child_ops.admin
 * or .query), or in core/parent/control_req.c for the parent's own.
 */
#ifndef VIGIL_CLI_CTL_CMD_H
#define VIGIL_CLI_CTL_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/runtime/ipc.h"

#define CTL_MAX_REQUEST (64u * 1024u) /* one request line */
#define CTL_MAX_WORDS 8		      /* after the command's name */
#define CTL_WORD_MAX 128	      /* one word, with its NUL */
#define CTL_NAME_MAX 32		      /* a command's name, with its NUL */

enum ctl_id {
	CTL_STATUS,
	CTL_RELOAD,
	CTL_SHOW,
	CTL_DRAIN,
	CTL_RESTORE,
	CTL_FORCE,
	CTL_METRICS,
	CTL_SYNC
};

struct ctl_req;

struct ctl_cmd {
	enum ctl_id id;
	const char *name;
	const char *args;  /* for usage lines: "VS RS" */
	unsigned min, max; /* words after the name */
	/* PROC_PARENT: vigild answers itself (type IPC_NONE); PROC_MAX: the
	 * arguments choose (show's topic). */
	enum vigil_proc proc;
	enum ipc_type type;
	/* Fill r->msg (and r->proc, r->type where the row leaves them open)
	 * from the words; 0, or -1 with r->error set. NULL: no arguments. */
	int (*parse)(struct ctl_req *r, unsigned n, char *const *w);
};

extern const struct ctl_cmd ctl_cmds[];
extern const size_t ctl_ncmds;

/* A parsed request: what goes to which process. */
struct ctl_req {
	const struct ctl_cmd *cmd;
	enum vigil_proc proc;
	enum ipc_type type; /* IPC_NONE: the parent's own command */
	union {
		struct ipc_query_req query; /* IPC_QUERY */
		struct ipc_admin_rs rs;	    /* IPC_ADMIN_RS */
		struct ipc_admin_vrrp vrrp; /* IPC_ADMIN_VRRP */
	} msg;
	size_t len;	  /* bytes of msg for type */
	bool allow_empty; /* reload --allow-empty */
	char error[160];
};

/* NULL if there is no such command. */
const struct ctl_cmd *ctl_cmd_find(const char *name);

/*
 * A command and its arguments as typed; an argument is split into words at
 * blanks. Returns 0, or -1 with r->error set ("usage: drain VS RS", "bad
 * address \"...\""...).
 */
int ctl_parse(struct ctl_req *r, const char *name, unsigned argc,
	      const char *const *argv);

/* One request line (without its newline) as the control socket reads it:
 * 0, or -1 with r->error set. */
int ctl_parse_line(struct ctl_req *r, const char *buf, size_t len);

/* The request line for a command, with its newline; malloc'd, NULL on
 * allocation failure. */
char *ctl_request_line(const char *name, unsigned argc,
		       const char *const *argv);

#endif
