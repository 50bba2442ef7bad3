/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to core/parent/control*.c: the socket and its clients
 * (control.c), the requests (control_req.c).
 */
#ifndef VIGIL_CORE_CONTROL_INT_H
#define VIGIL_CORE_CONTROL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/parent/control.h"
#include "core/parent/vigild.h"

struct json_object;

struct control {
	struct vigild *d;
	int fd;
	struct ev_io io;
	struct control_client *clients;
	unsigned nclients;
	uint64_t bad, served;
	struct log_ratelimit rl;
	char path[108];
};

struct control_client {
	struct control *ctl;
	int fd;
	struct ev_io io;
	struct ev_timer timer;
	char *in;
	size_t inlen;
	char *out;
	size_t outlen, outoff;
	bool busy, dead;
	struct control_client *next;
};

/* control.c: send o (taken) as the reply line, then close. */
void control_reply(struct control_client *cl, struct json_object *o);
/* A refused request, counted and logged: {"error": why}, with "child"
 * when `by` (not PROC_PARENT) refused it. */
void control_refuse(struct control_client *cl, enum vigil_proc by,
		    const char *why);

/* control_req.c: run one request line (without its newline). */
void control_run(struct control_client *cl, const char *line, size_t len);

#endif
