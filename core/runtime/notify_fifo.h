/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The notify FIFOs (notify_fifo, vrrp_notify_fifo, lvs_notify_fifo): one
 * line per event written to a FIFO, in the order the events happened,
 * without ever blocking. The vrrp and the check child write theirs
 * through this one writer; both write to notify_fifo.
 *
 *   f = nfifo_new(loop, path, user, group, err, errlen);
 *   nfifo_write(f, "INSTANCE \"VI_1\" MASTER 150\n");
 *   nfifo_free(f);
 *
 * The FIFO is created (mode 0640; its group GROUP, or USER's primary group,
 * if named; its owner stays us) when it does not exist, and removed again
 * on free if we created it. It is opened
 * O_WRONLY|O_NONBLOCK: while no one reads it (ENXIO), or its buffer is full
 * (EAGAIN), or the reader went away (EPIPE; the caller ignores SIGPIPE),
 * lines wait in a bounded queue and a timer retries; when the queue is
 * full the oldest line is dropped, logged once per run of drops.
 */
#ifndef VIGIL_NFIFO_H
#define VIGIL_NFIFO_H

#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"

#include <sys/types.h>

struct conf_fifo;

#define NFIFO_QUEUE_MAX 256
#define NFIFO_RETRY_MS 100

struct nfifo;

/* NULL with a message in err if the path exists and is not a FIFO, or it
 * cannot be created or given to user/group. */
/* Did nfifo_new() make the FIFO (rather than find it)? */
bool nfifo_created(const struct nfifo *f);
struct nfifo *nfifo_new(struct ev_loop *loop, const char *path,
			const char *user, const char *group, char *err,
			size_t errlen);
/* Queue the line (NUL-terminated, shorter than PIPE_BUF) and send what the
 * FIFO takes now. */
void nfifo_write(struct nfifo *f, const char *line);
const char *nfifo_path(const struct nfifo *f);
uint64_t nfifo_dropped(const struct nfifo *f);
void nfifo_free(struct nfifo *f);

/*
 * A child's FIFOs: notify_fifo and its own (vrrp_notify_fifo,
 * lvs_notify_fifo), as the config says.
 *
 * nfifo_set_open(): open the FIFOs of `now` (kept as they are when
 * unchanged since `was`, NULL at start); a path named twice is one FIFO
 * that gets each line once. Called at start before the child drops root:
 * a FIFO it creates is given to `owner`, the user the child becomes
 * (child_uid()), so that it can still open it (the reader gets in through
 * the group). A FIFO that cannot be made is logged as
 * "WHO notify fifo PATH: why" and left out.
 */
#define NFIFO_SET 2
struct nfifo_set {
	struct nfifo *f[NFIFO_SET];
};
void nfifo_set_open(struct nfifo_set *s, struct ev_loop *loop, uid_t owner,
		    const char *who,
		    const struct conf_fifo *const now[NFIFO_SET],
		    const struct conf_fifo *const was[NFIFO_SET]);
bool nfifo_set_any(const struct nfifo_set *s);
void nfifo_set_write(struct nfifo_set *s, const char *line);
void nfifo_set_free(struct nfifo_set *s);

#endif
