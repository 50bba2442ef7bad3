// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrp_track_file: the integer in a file, re-read whenever the file changes
 * (inotify on its directory, so it may be replaced by rename or created
 * later), read by core/runtime/numfile.c as keepalived reads it. A missing
 * or unreadable file counts as init_value (init_file's, else 0); a number
 * out of range leaves the value as it was.
 */
#include "config.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "core/runtime/numfile.h"
#include "vrrp/vrrp_track.h"

struct file_priv {
	int fd;
	struct ev_io io;
};

static int64_t
read_value(const struct vrrp_tracker *t)
{
	const struct vrrp_file_conf *c = t->conf;

	return numfile_value(c->path, t->value, c->init_value, NULL);
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
