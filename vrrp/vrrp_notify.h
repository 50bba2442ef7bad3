/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notifications as keepalived delivers them:
 *   notify_master / notify_backup / notify_fault / notify_stop: the script as
 *     configured, for that target state;
 *   notify: the script with the arguments TYPE NAME STATE PRIORITY, TYPE
 *     being INSTANCE or GROUP (a group's priority is 0), STATE one of
 *     MASTER, BACKUP, FAULT, STOP;
 *   notify_fifo: one line per transition, INSTANCE "NAME" STATE PRIORITY,
 *     and MASTER_RX_LOWER_PRI when a MASTER meets a lower one.
 * Scripts for one instance run one at a time in the order the transitions
 * happened (struct vrrp_notify_queue); the parent runs them (phase 2).
 *
 * Commands are strings the runner splits like keepalived: whitespace
 * separates words, '...' is literal, "..." allows \" and \\
 * (core/runtime/cmd_split.h).
 */
#ifndef VIGIL_VRRP_NOTIFY_H
#define VIGIL_VRRP_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp_conf.h"
#include "vrrp/vrrp_instance.h"

/* The state's own script (notify_master...), or NULL if none is set. */
const char *vrrp_notify_script_for(const struct vrrp_notify_conf *n,
				   enum vrrp_state s);

/* "<notify> INSTANCE|GROUP "NAME" STATE PRIO"; -1 if it does not fit. */
int vrrp_notify_cmd(char *out, size_t len, const char *script, bool group,
		    const char *name, enum vrrp_state s, int prio);

/* INSTANCE "NAME" STATE PRIO\n; rx_lower: MASTER_RX_LOWER_PRI for STATE.
 * -1 if too long. */
int vrrp_notify_fifo_line(char *out, size_t len, bool group, const char *name,
			  enum vrrp_state s, int prio, bool rx_lower);

/* As vrrp_notify_cmd, the state named as given (DELETED). */
int vrrp_notify_cmd_as(char *out, size_t len, const char *script, bool group,
		       const char *name, const char *state, int prio);
/* INSTANCE|GROUP "NAME" EVENT PRIO\n; -1 if too long. */
int vrrp_notify_fifo_event(char *out, size_t len, bool group, const char *name,
			   const char *event, int prio);

/* INSTANCE "NAME" MASTER_PRIORITY PRIO\n (BACKUP_PRIORITY unless s is
 * MASTER): notify_priority_changes. -1 if too long. */
int vrrp_notify_fifo_priority(char *out, size_t len, const char *name,
			      enum vrrp_state s, int prio);

#define VRRP_NOTIFY_QUEUE_MAX 32

struct vrrp_notify_queue {
	char *cmd[VRRP_NOTIFY_QUEUE_MAX];
	unsigned head, count;
	bool running;
	uint64_t dropped;
	/* The engine's registry (vrrp_group.c): one queue per instance or
	 * sync group name, shared by whoever holds that name and kept past
	 * its last holder until its commands have run. */
	char *owner;
	bool group;
	unsigned refs;
	struct vrrp_notify_queue *next;
};

/* Append a command; -1 (and counted as dropped) when the queue is full. */
int vrrp_notify_push(struct vrrp_notify_queue *q, const char *cmd);
/* The command to start now, or NULL if one is running or none waits. The
 * string stays valid until vrrp_notify_done(). */
const char *vrrp_notify_next(struct vrrp_notify_queue *q);
/* The running command finished (however it ended). */
void vrrp_notify_done(struct vrrp_notify_queue *q);
void vrrp_notify_clear(struct vrrp_notify_queue *q);

#endif
