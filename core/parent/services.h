/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent's services: parts of vigild that consume what every child
 * reports (status, events) and serve it outside (metrics, status page,
 * SNMP: mgmt/). One row each in vigild_services[] (services.c), defined in
 * its own folder and linked into vigild as an object; the parent calls
 * them at start, when a config is in force, for each message a child
 * sends, for the parent commands they answer and at stop. None of them
 * names a child: they read the table of children.
 */
#ifndef VIGIL_CORE_SERVICES_H
#define VIGIL_CORE_SERVICES_H

#include <stddef.h>

#include "core/runtime/ipc.h"

struct vigild;
struct vchild;
struct ctl_req;
struct json_object;

/* The answer to a command: o is taken. Called exactly once. */
typedef void (*service_reply_fn)(void *arg, struct json_object *o);

struct parent_service {
	const char *name;
	/* The parent runs, its first config is in force: the service's
	 * state, or NULL and errno (vigild does not start then). */
	void *(*start)(struct vigild *d);
	/* A new config is in force (d->conf). */
	void (*configure)(void *st);
	/* A message a child sent and the parent accepted (its row allows
	 * it), after the parent acted on it. */
	void (*child_msg)(void *st, const struct vchild *ch,
			  const struct ipc_msg *m);
	/* A parent command (a row of ctl_cmds[] answered by PROC_PARENT)
	 * that the parent does not run itself: 0 if the service runs it and
	 * calls reply() once (now or later), -1 if it is not its. */
	int (*command)(void *st, const struct ctl_req *r,
		       service_reply_fn reply, void *arg);
	void (*stop)(void *st);
};

#define VIGILD_MAX_SERVICES 4

extern const struct parent_service *const vigild_services[];
extern const size_t vigild_nservices;

/* Over the rows whose folder is linked in. */
int services_start(struct vigild *d);
void services_configure(struct vigild *d);
void services_child_msg(struct vigild *d, const struct vchild *ch,
			const struct ipc_msg *m);
int services_command(struct vigild *d, const struct ctl_req *r,
		     service_reply_fn reply, void *arg);
void services_stop(struct vigild *d);

#endif
