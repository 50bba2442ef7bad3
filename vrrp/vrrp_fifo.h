/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * notify_fifo / vrrp_notify_fifo: one line per transition written to a
 * FIFO, in the order the transitions happened, without ever blocking.
 *
 *   f = vrrp_fifo_new(loop, path, user, group, err, errlen);
 *   vrrp_fifo_write(f, "INSTANCE \"VI_1\" MASTER 150\n");
 *   vrrp_fifo_free(f);
 *
 * The FIFO is created (mode 0640; its group GROUP, or USER's primary group,
 * if named; its owner stays us) when it does not exist, and removed again
 * on free if we created it. It is opened
 * O_WRONLY|O_NONBLOCK: while no one reads it (ENXIO), or its buffer is full
 * (EAGAIN), or the reader went away (EPIPE; the caller ignores SIGPIPE),
 * lines wait in a bounded queue and a timer retries; when the queue is
 * full the oldest line is dropped, logged once per run of drops.
 */
#ifndef VIGIL_VRRP_FIFO_H
#define VIGIL_VRRP_FIFO_H

#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"

#define VRRP_FIFO_QUEUE_MAX 256
#define VRRP_FIFO_RETRY_MS 100

struct vrrp_fifo;

/* NULL with a message in err if the path exists and is not a FIFO, or it
 * cannot be created or given to user/group. */
/* Did vrrp_fifo_new() make the FIFO (rather than find it)? */
bool vrrp_fifo_created(const struct vrrp_fifo *f);
struct vrrp_fifo *vrrp_fifo_new(struct ev_loop *loop, const char *path,
				const char *user, const char *group, char *err,
				size_t errlen);
/* Queue the line (NUL-terminated, shorter than PIPE_BUF) and send what the
 * FIFO takes now. */
void vrrp_fifo_write(struct vrrp_fifo *f, const char *line);
const char *vrrp_fifo_path(const struct vrrp_fifo *f);
uint64_t vrrp_fifo_dropped(const struct vrrp_fifo *f);
void vrrp_fifo_free(struct vrrp_fifo *f);

#endif
