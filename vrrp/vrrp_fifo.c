// SPDX-License-Identifier: GPL-2.0-or-later
/* The notify FIFO writer (vrrp_fifo.h): a bounded queue in front of a
 * non-blocking FIFO. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/runtime/log.h"
#include "vrrp/vrrp_fifo.h"

struct vrrp_fifo {
	struct ev_loop *loop;
	char *path;
	int fd;
	bool created;
	char *q[VRRP_FIFO_QUEUE_MAX];
	unsigned head, count;
	uint64_t dropped;
	bool dropping; /* logged the current run of drops */
	struct ev_timer retry;
};

/* The group the FIFO goes to: GROUP, else USER's primary group. */
static int
owner_gid(const char *user, const char *group, gid_t *gid)
{
	struct passwd *pw = user ? getpwnam(user) : NULL;
	struct group *gr = group ? getgrnam(group) : NULL;

	if ((user && !pw) || (group && !gr))
		return -1;
	*gid = gr ? gr->gr_gid : pw ? pw->pw_gid : (gid_t)-1;
	return 0;
}

/* The FIFO exists afterwards (made by us if it did not), owned as asked. */
static int
make_fifo(struct vrrp_fifo *f, const char *user, const char *group, char *err,
	  size_t errlen)
{
	struct stat st;
	gid_t gid;

	if (owner_gid(user, group, &gid) < 0) {
		snprintf(err, errlen, "notify fifo %s: unknown user or group",
			 f->path);
		return -1;
	}
	if (stat(f->path, &st) == 0) {
		if (!S_ISFIFO(st.st_mode)) {
			snprintf(err, errlen,
				 "notify fifo %s: exists and is not a FIFO",
				 f->path);
			return -1;
		}
	} else if (errno != ENOENT || mkfifo(f->path, 0640) < 0) {
		snprintf(err, errlen, "notify fifo %s: %s", f->path,
			 strerror(errno));
		return -1;
	} else {
		f->created = true;
	}
	if (f->created && chmod(f->path, 0640) < 0) { /* whatever the umask */
		snprintf(err, errlen, "notify fifo %s: chmod: %s", f->path,
			 strerror(errno));
		return -1;
	}
	/* The owner stays who we are (the vrrp child then gives it to its
	 * user, vrrp/child.c): the vrrp child runs without
	 * CAP_DAC_OVERRIDE, so it could not open a FIFO it gave away. The
	 * reader gets in through the group (USER's own unless GROUP). */
	if ((user || group) && chown(f->path, (uid_t)-1, gid) < 0) {
		snprintf(err, errlen, "notify fifo %s: chown: %s", f->path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static void
pop(struct vrrp_fifo *f)
{
	free(f->q[f->head]);
	f->q[f->head] = NULL;
	f->head = (f->head + 1) % VRRP_FIFO_QUEUE_MAX;
	f->count--;
}

/* Send queued lines until the queue is empty or the FIFO says wait. */
static void
flush(struct vrrp_fifo *f)
{
	if (f->fd < 0)
		f->fd = open(f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	while (f->fd >= 0 && f->count) {
		const char *line = f->q[f->head];

		/* A line shorter than PIPE_BUF is written whole or not. */
		if (write(f->fd, line, strlen(line)) < 0) {
			if (errno != EAGAIN && errno != EINTR) {
				close(f->fd); /* EPIPE: the reader left */
				f->fd = -1;
			}
			break;
		}
		pop(f);
		f->dropping = false;
	}
	if (f->count && !ev_timer_active(&f->retry))
		ev_timer_start(f->loop, &f->retry, EV_MSEC(VRRP_FIFO_RETRY_MS));
}

static void
on_retry(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	flush(arg);
}

bool
vrrp_fifo_created(const struct vrrp_fifo *f)
{
	return f->created;
}

struct vrrp_fifo *
vrrp_fifo_new(struct ev_loop *loop, const char *path, const char *user,
	      const char *group, char *err, size_t errlen)
{
	struct vrrp_fifo *f = calloc(1, sizeof(*f));

	if (!f || !(f->path = strdup(path))) {
		snprintf(err, errlen, "out of memory");
		free(f);
		return NULL;
	}
	f->loop = loop;
	f->fd = -1;
	ev_timer_init(&f->retry, on_retry, f);
	if (make_fifo(f, user, group, err, errlen) < 0) {
		vrrp_fifo_free(f);
		return NULL;
	}
	return f;
}

void
vrrp_fifo_write(struct vrrp_fifo *f, const char *line)
{
	char *copy = strdup(line);

	if (!copy)
		return;
	if (f->count == VRRP_FIFO_QUEUE_MAX) {
		f->dropped++;
		if (!f->dropping)
			log_warn("vrrp notify_fifo=%s queue=full dropped=%llu "
				 "reason=no-reader",
				 f->path, (unsigned long long)f->dropped);
		f->dropping = true;
		pop(f);
	}
	f->q[(f->head + f->count) % VRRP_FIFO_QUEUE_MAX] = copy;
	f->count++;
	flush(f);
}

const char *
vrrp_fifo_path(const struct vrrp_fifo *f)
{
	return f->path;
}

uint64_t
vrrp_fifo_dropped(const struct vrrp_fifo *f)
{
	return f->dropped;
}

void
vrrp_fifo_free(struct vrrp_fifo *f)
{
	if (!f)
		return;
	ev_timer_stop(f->loop, &f->retry);
	while (f->count)
		pop(f);
	if (f->fd >= 0)
		close(f->fd);
	if (f->created)
		unlink(f->path);
	free(f->path);
	free(f);
}
