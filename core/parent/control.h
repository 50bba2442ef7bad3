/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket: a unix stream socket (0600, root; 0660 with
 * vigil_control_group) where `vigilctl` sends one JSON request line and
 * reads one JSON reply line. Requests:
 *
 *   {"cmd":"status"}
 *   {"cmd":"reload"}
 *   {"cmd":"show","topic":"vrrp"|"checks"|"ipvs"}
 *   {"cmd":"admin","topic":"vrrp"|"checks"|"ipvs","arg":"..."}
 *
 * Replies are a JSON object; a refused request gets {"error":"..."}.
 * Adding a command is one line in the table of control.c.
 */
#ifndef VIGIL_CORE_CONTROL_H
#define VIGIL_CORE_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipc.h"

#define CONTROL_MAX_REQUEST (64u * 1024u)
#define CONTROL_MAX_CLIENTS 32
#define CONTROL_TOPIC_MAX 32
#define CONTROL_ARG_MAX 64 /* = ipc_query_req.arg */

struct control_client;
struct control_req;

struct control_cmd {
	const char *name;
	bool topic; /* needs "topic" */
	bool arg;   /* needs "arg" */
	void (*run)(struct control_client *cl, const struct control_req *r);
};

struct control_req {
	const struct control_cmd *cmd;
	char topic[CONTROL_TOPIC_MAX];
	char arg[CONTROL_ARG_MAX];
};

/*
 * Parse one request line (without its newline) against a table of commands.
 * Returns 0, or -1 with *err set to a static reason. Pure: no I/O.
 */
int control_parse(const char *buf, size_t len, const struct control_cmd *tab,
		  size_t ntab, struct control_req *r, const char **err);
/* The child that answers a topic, or PROC_PARENT if none does. */
enum vigil_proc control_topic_proc(const char *topic);

struct vigild;
struct control;

struct control *control_new(struct vigild *d);
void control_free(struct control *ctl);
uint64_t control_bad_requests(const struct control *ctl);

#endif
