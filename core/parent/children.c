// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of vigild's children (children.h). Adding a child is a row
 * here, its entry's declaration in children.h, its enum vigil_proc value
 * and name (core/runtime/ipc.[ch]) and its folder; core/parent/README.md
 * has the steps.
 */
#include "config.h"

#include <string.h>

#include "core/conf/conf.h"
#include "core/parent/children.h"
#include "core/parent/vigild.h"

/*
 * The entries are weak references here: the parent's library and its unit
 * tests link this table without the subsystems (an entry is then NULL),
 * and vigild gets them from the objects each folder adds to vigild_SOURCES
 * (an object, not a library: a weak reference pulls no archive member).
 */
extern const struct child_ops check_child_ops __attribute__((weak));
extern const struct child_ops vrrp_child_ops __attribute__((weak));
extern const struct child_ops sync_child_ops __attribute__((weak));
extern const struct child_ops bfd_child_ops __attribute__((weak));

_Static_assert(IPC_TYPE_MAX <= 64, "may_send holds 64 message types");

/* clang-format off */
const struct vigild_child vigild_children[] = {
	{
		.name = "check",
		.proc = PROC_CHECK,
		.ops = &check_child_ops,
		.needed = conf_needs_check, /* virtual servers */
		.only_opt = 'C', .only_long = "check",
		.pid_opt = 'c', .pid_long = "checkers_pid",
		.pid_default = "check.pid",
		.may_send = CHILD_RUNTIME_MSGS,
	},
	{
		.name = "vrrp",
		.proc = PROC_VRRP,
		.ops = &vrrp_child_ops,
		.needed = conf_needs_vrrp, /* instances, static addresses */
		.only_opt = 'P', .only_long = "vrrp",
		.pid_opt = 'r', .pid_long = "vrrp_pid",
		.pid_default = "vrrp.pid",
		.may_send = CHILD_RUNTIME_MSGS | CHILD_MSG(IPC_VRRP_STATE) |
			    CHILD_MSG(IPC_OWNED),
		/* a peer's takeover */
		.hung_budget = conf_vrrp_takeover,
	},
	{
		.name = "sync",
		.proc = PROC_SYNC,
		.ops = &sync_child_ops,
		.needed = conf_needs_sync, /* lvs_sync_daemon, conntrack_sync */
		.only_opt = 0, .only_long = "sync",
		.pid_opt = 0, .pid_long = "sync_pid",
		.pid_default = "sync.pid",
		.may_send = CHILD_RUNTIME_MSGS,
	},
	{
		.name = "bfd",
		.proc = PROC_BFD,
		.ops = &bfd_child_ops,
		.needed = conf_needs_bfd, /* bfd_instance */
		.only_opt = 0, .only_long = "bfd",
		.pid_opt = 'b', .pid_long = "bfd_pid",
		.pid_default = "bfd.pid",
		.no_opt = 'B', .no_long = "no_bfd",
		.beside_only = true, /* keepalived -P and -C run BFD */
		.may_send = CHILD_RUNTIME_MSGS | CHILD_MSG(IPC_BFD_STATE),
	},
};
/* clang-format on */
const size_t vigild_nchildren =
	sizeof(vigild_children) / sizeof(vigild_children[0]);

const struct vigild_child *
children_by_name(const char *name)
{
	for (size_t i = 0; i < vigild_nchildren; i++)
		if (!strcmp(vigild_children[i].name, name))
			return &vigild_children[i];
	return NULL;
}

const struct vigild_child *
children_by_proc(enum vigil_proc p)
{
	for (size_t i = 0; i < vigild_nchildren; i++)
		if (vigild_children[i].proc == p)
			return &vigild_children[i];
	return NULL;
}

bool
children_may_send(const struct vigild_child *row, unsigned type)
{
	return type < IPC_TYPE_MAX && (row->may_send & CHILD_MSG(type));
}

bool
children_wanted(const struct vigild_child *row, const struct conf *c,
		const struct vigild_opts *o)
{
	if (o->skip & (1u << row->proc))
		return false;
	if (o->only != PROC_PARENT && o->only != row->proc && !row->beside_only)
		return false;
	return row->needed(c);
}

struct vchild *
vigild_child(struct vigild *d, size_t i)
{
	return &d->ch[vigild_children[i].proc];
}
