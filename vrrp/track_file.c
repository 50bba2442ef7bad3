// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrp_track_file: the integer in a file, re-read whenever the file changes
 * (inotify on its directory, so it may be replaced by rename or created
 * later). A missing or unreadable file counts as init_value; a file that is
 * not a number counts as 0, as keepalived does.
 */
#include "config.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "vrrp/vrrp_track.h"

struct file_priv {
	int fd;
	struct ev_io io;
};

static int64_t
read_value(const struct vrrp_tracker *t)
{
	const struct vrrp_file_conf *c = t->conf;
	char buf[64];
	ssize_t n;
	int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return c->init_value;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return c->init_value;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static void
file_changed(struct ev_loop *loop, struct ev_io *io, unsigned revents,
	     void *arg)
{
	struct vrrp_tracker *t = arg;
	struct file_priv *p = t->priv;
	char buf[4096];

	(void)loop;
	(void)io;
	(void)revents;
	/* Drain the events (bounded by the buffer); whatever they say, the
	 * file's content is what counts. */
	while (read(p->fd, buf, sizeof(buf)) > 0)
		;
	t->report(t, true, read_value(t));
}

static int
file_start(struct vrrp_tracker *t)
{
	const struct vrrp_file_conf *c = t->conf;
	struct file_priv *p = t->priv;
	char dir[VRRP_PATH_MAX];

	t->up = true;
	t->value = read_value(t);
	snprintf(dir, sizeof(dir), "%s", c->path);
	p->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (p->fd < 0 ||
	    inotify_add_watch(p->fd, dirname(dir),
			      IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
				      IN_CREATE | IN_DELETE | IN_MODIFY) < 0)
		return -1;
	ev_io_init(&p->io, file_changed, t);
	return ev_io_start(t->env->loop, &p->io, p->fd, EV_READ);
}

static void
file_stop(struct vrrp_tracker *t)
{
	struct file_priv *p = t->priv;

	ev_io_stop(t->env->loop, &p->io);
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

static bool
file_def(const struct vrrp_config *c, size_t i, struct vrrp_track_def *d)
{
	if (i >= c->nfiles)
		return false;
	*d = (struct vrrp_track_def){c->files[i].name, &c->files[i],
				     c->files[i].weight,
				     c->files[i].weight_reverse};
	return true;
}

static const struct vrrp_track_ref *
file_refs(const struct vrrp_instance_conf *c, size_t *n)
{
	*n = c->ntrack_file;
	return c->track_file;
}

const struct vrrp_track_ops vrrp_track_file_ops = {
	.kind = "file",
	.is_value = true,
	.conf_size = sizeof(struct vrrp_file_conf),
	.priv_size = sizeof(struct file_priv),
	.def = file_def,
	.refs = file_refs,
	.start = file_start,
	.stop = file_stop,
};
