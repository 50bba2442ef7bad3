/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The children vigild can start: one row each in vigild_children[]
 * (children.c). The command line (--child=NAME, "only this child" flags,
 * pid files), start, reload, supervision, the watchdog, the status and the
 * filter on what a child may send all read this table; none names a child.
 *
 * A row's entry (its child_ops, core/runtime/child.h) is defined in the
 * child's own folder (check/child.c, vrrp/child.c), which that folder's
 * Makemodule.am compiles into vigild. core/parent/README.md says how to add
 * a child.
 */
#ifndef VIGIL_CORE_CHILDREN_H
#define VIGIL_CORE_CHILDREN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/child.h"
#include "core/runtime/ipc.h"

struct conf;
struct vigild_opts;

/* The entries, one per folder. */
extern const struct child_ops check_child_ops;
extern const struct child_ops vrrp_child_ops;
extern const struct child_ops sync_child_ops;
extern const struct child_ops bfd_child_ops;

/* A set of IPC message types: CHILD_MSG(IPC_EVENT) | ... */
#define CHILD_MSG(t) (UINT64_C(1) << (t))
/* What core/runtime/child.c sends for every child: PONG to the watchdog,
 * READY, RELOAD_DONE, QUERY_REPLY, EVENT (child_event) and SCRIPT_RUN
 * (child_run_script). */
#define CHILD_RUNTIME_MSGS                                                     \
	(CHILD_MSG(IPC_PONG) | CHILD_MSG(IPC_READY) |                          \
	 CHILD_MSG(IPC_RELOAD_DONE) | CHILD_MSG(IPC_QUERY_REPLY) |             \
	 CHILD_MSG(IPC_EVENT) | CHILD_MSG(IPC_SCRIPT_RUN))

struct vigild_child {
	const char *name; /* --child=NAME, child=NAME in logs, status key */
	enum vigil_proc proc;
	/* The entry; NULL when its folder is not linked into this program
	 * (the parent's unit tests): vigild refuses to start then. */
	const struct child_ops *ops;
	/* Does this validated config need the child? The "only" flags are
	 * applied on top (children_wanted). */
	bool (*needed)(const struct conf *c);
	/* "Run only this child": short option (0: none) and long option. */
	char only_opt;
	const char *only_long;
	/* Its pid file: short option (0: none), long option, and the file's
	 * name in the runtime directory when the option is not given. */
	char pid_opt;
	const char *pid_long;
	const char *pid_default;
	/* "Do not run this child": short option (0: none) and long option
	 * (NULL: none), as keepalived's -B, --no_bfd. */
	char no_opt;
	const char *no_long;
	/* Also wanted when an "only" option names another child (keepalived
	 * runs its BFD process with -P and -C). */
	bool beside_only;
	/* The message types it may send; the parent drops any other. */
	uint64_t may_send;
	/* How long, in microseconds, the child may hang unnoticed for this
	 * config (0 or NULL: the vigil_watchdog_* settings decide); the
	 * watchdog (watchdog.c) fits in it. */
	uint64_t (*hung_budget)(const struct conf *c);
};

extern const struct vigild_child vigild_children[];
extern const size_t vigild_nchildren;

/* The row of a name or of a process; NULL if none. */
const struct vigild_child *children_by_name(const char *name);
const struct vigild_child *children_by_proc(enum vigil_proc p);
/* Whether the row's child may send a message of this type. */
bool children_may_send(const struct vigild_child *row, unsigned type);
/* Whether vigild runs the row's child for this validated config and
 * command line. */
bool children_wanted(const struct vigild_child *row, const struct conf *c,
		     const struct vigild_opts *o);

#endif
