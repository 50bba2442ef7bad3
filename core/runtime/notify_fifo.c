// SPDX-License-Identifier: GPL-2.0-or-later
/* The notify FIFO writer (notify_fifo.h): a bounded queue in front of a
 * non-blocking FIFO, and a child's set of them. */
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

#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "core/runtime/notify_fifo.h"

struct nfifo {
	struct ev_loop *loop;
	char *path;
	int fd;
	bool created;
	char *q[NFIFO_QUEUE_MAX];
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
make_fifo(struct nfifo *f, const char *user, const char *group, char *err,
	  size_t errlen)
{
	struct stat st;
	gid_t gid;

	if (owner_gid(user, group, &gid) < 0) {
		snprintf(err, errlen, "notify fifo %s: unknown user or group",
			 f->path);
		return -1;
	}
	if (stat(f->path, &st) < 0) {
		if (errno != ENOENT)
			goto fail;
		if (mkfifo(f->path, 0640) == 0)
			f->created = true;
		else if (errno != EEXIST) /* EEXIST: the other child's */
			goto fail;
		if (stat(f->path, &st) < 0)
			goto fail;
	}
	if (!S_ISFIFO(st.st_mode)) {
		snprintf(err, errlen,
			 "notify fifo %s: exists and is not a FIFO", f->path);
		return -1;
	}
	if (f->created && chmod(f->path, 0640) < 0) { /* whatever the umask */
		snprintf(err, errlen, "notify fifo %s: chmod: %s", f->path,
			 strerror(errno));
		return -1;
	}
	/* The owner stays who we are (nfifo_set_open() then gives it to
	 * the child's user): a child runs without
	 * CAP_DAC_OVERRIDE, so it could not open a FIFO it gave away. The
	 * reader gets in through the group (USER's own unless GROUP). */
	if ((user || group) && chown(f->path, (uid_t)-1, gid) < 0) {
		snprintf(err, errlen, "notify fifo %s: chown: %s", f->path,
			 strerror(errno));
		return -1;
	}
	return 0;
fail:
	snprintf(err, errlen, "notify fifo %s: %s", f->path, strerror(errno));
	return -1;
}

static void
pop(struct nfifo *f)
{
	free(f->q[f->head]);
	f->q[f->head] = NULL;
	f->head = (f->head + 1) % NFIFO_QUEUE_MAX;
	f->count--;
}

/* Send queued lines until the queue is empty or the FIFO says wait. */
static void
flush(struct nfifo *f)
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
		ev_timer_start(f->loop, &f->retry, EV_MSEC(NFIFO_RETRY_MS));
}

static void
on_retry(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	flush(arg);
}

bool
nfifo_created(const struct nfifo *f)
{
	return f->created;
}

struct nfifo *
nfifo_new(struct ev_loop *loop, const char *path, const char *user,
	  const char *group, char *err, size_t errlen)
{
	struct nfifo *f = calloc(1, sizeof(*f));

	if (!f || !(f->path = strdup(path))) {
		snprintf(err, errlen, "out of memory");
		free(f);
		return NULL;
	}
	f->loop = loop;
	f->fd = -1;
	ev_timer_init(&f->retry, on_retry, f);
	if (make_fifo(f, user, group, err, errlen) < 0) {
		nfifo_free(f);
		return NULL;
	}
	return f;
}

void
nfifo_write(struct nfifo *f, const char *line)
{
	char *copy = strdup(line);

	if (!copy)
		return;
	if (f->count == NFIFO_QUEUE_MAX) {
		f->dropped++;
		if (!f->dropping)
			log_warn("notify_fifo=%s queue=full dropped=%llu "
				 "reason=no-reader",
				 f->path, (unsigned long long)f->dropped);
		f->dropping = true;
		pop(f);
	}
	f->q[(f->head + f->count) % NFIFO_QUEUE_MAX] = copy;
	f->count++;
	flush(f);
}

const char *
nfifo_path(const struct nfifo *f)
{
	return f->path;
}

uint64_t
nfifo_dropped(const struct nfifo *f)
{
	return f->dropped;
}

void
nfifo_free(struct nfifo *f)
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

/* ---- a child's set ---- */

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool
fifo_same(const struct conf_fifo *a, const struct conf_fifo *b)
{
	return same_str(a->path, b->path) && same_str(a->user, b->user) &&
	       same_str(a->group, b->group);
}

void
nfifo_set_open(struct nfifo_set *s, struct ev_loop *loop, uid_t owner,
	       const char *who, const struct conf_fifo *const now[NFIFO_SET],
	       const struct conf_fifo *const was[NFIFO_SET])
{
	char err[600];

	for (size_t i = 0; i < NFIFO_SET; i++) {
		const struct conf_fifo *f = now[i];

		if (s->f[i] && was && was[i] && fifo_same(was[i], f))
			continue;
		nfifo_free(s->f[i]);
		s->f[i] = NULL;
		/* One FIFO named twice gets each line once. */
		if (!f->path ||
		    (i > 0 && now[0]->path && !strcmp(now[0]->path, f->path)))
			continue;
		s->f[i] = nfifo_new(loop, f->path, f->user, f->group, err,
				    sizeof(err));
		if (!s->f[i])
			log_err("%s %s", who, err);
		/* Made as root at start: the child's user writes to it once
		 * it has dropped root (the reader's way in is the group). */
		else if (nfifo_created(s->f[i]) && owner != geteuid() &&
			 lchown(f->path, owner, (gid_t)-1) < 0)
			log_err("%s notify fifo %s: chown: %s", who, f->path,
				strerror(errno));
	}
}

bool
nfifo_set_any(const struct nfifo_set *s)
{
	for (size_t i = 0; i < NFIFO_SET; i++)
		if (s->f[i])
			return true;
	return false;
}

void
nfifo_set_write(struct nfifo_set *s, const char *line)
{
	for (size_t i = 0; i < NFIFO_SET; i++)
		if (s->f[i])
			nfifo_write(s->f[i], line);
}

void
nfifo_set_free(struct nfifo_set *s)
{
	for (size_t i = 0; i < NFIFO_SET; i++) {
		nfifo_free(s->f[i]);
		s->f[i] = NULL;
	}
}
