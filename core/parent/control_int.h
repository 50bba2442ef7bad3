/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to core/parent/control*.c: the clients (control.c), the
 * socket's file (control_sock.c), the requests (control_req.c).
 */
#ifndef VIGIL_CORE_CONTROL_INT_H
#define VIGIL_CORE_CONTROL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/parent/control.h"
#include "core/parent/vigild.h"

struct json_object;

struct control {
	struct vigild *d;
	int fd;
	struct ev_io io;
	struct control_client *clients;
	unsigned nclients;
	gid_t gid; /* may connect besides root; CONTROL_NO_GROUP: nobody */
	uint64_t bad, served;
	struct log_ratelimit rl;
	int failed_errno; /* the last bind's failure, said once; 0: none */
	char path[108];	  /* "" until bound */
};

struct control_client {
	struct control *ctl;
	int fd;
	uid_t uid; /* the peer's, from the kernel (SO_PEERCRED) */
	struct ev_io io;
	struct ev_timer timer;
	char *in;
	size_t inlen;
	char *out;
	size_t outlen, outoff;
	bool got_line; /* its request line was read: it is being run */
	bool busy, dead;
	struct control_client *next;
};

#define CONTROL_NO_GROUP ((gid_t)-1)

/* control_sock.c: a listening socket at path, mode 0600 (0660 with group
 * gid), owned by the caller, created race-free; replaces a socket already
 * there, nothing else (EEXIST), and, unless ours, only a stale one: a
 * socket someone still accepts on (another vigild) is EADDRINUSE. The fd,
 * or -1 with errno set (ENAMETOOLONG: path, or the temporary name beside
 * it, which is up to 12 bytes longer, does not fit a unix socket
 * address). */
int control_listen(const char *path, gid_t gid, bool ours);

/* control.c: send o (taken) as the reply line, then close. */
void control_reply(struct control_client *cl, struct json_object *o);
/* A refused request, counted and logged: {"error": why}, with "child"
 * when `by` (not PROC_PARENT) refused it. */
void control_refuse(struct control_client *cl, enum vigil_proc by,
		    const char *why);

/* control_req.c: run one request line (without its newline). */
void control_run(struct control_client *cl, const char *line, size_t len);

#endif
