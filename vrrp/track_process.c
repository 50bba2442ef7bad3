// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrp_track_process: how many processes match, by /proc scan every
 * interval (1 s by default). A process matches on its name (comm), or with
 * full_command on argv[0], and then, if param_match is set, on the rest of
 * its arguments joined by spaces. Up while quorum <= count <= quorum_max;
 * a lost quorum is reported only after delay, so a restart does not flap.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vrrp/vrrp_track.h"

#define PROC_SCAN_MAX 65536 /* entries looked at per scan, at most */

struct proc_priv {
	struct ev_timer scan;
	ev_time_t lost_since; /* 0 while the quorum holds */
};

static ssize_t
read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* argv[0] and the rest joined by spaces, from /proc/PID/cmdline. */
static bool
cmdline_match(const char *pid, const struct vrrp_process_conf *c)
{
	char path[300], buf[4096];
	ssize_t n;
	size_t first;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	n = read_small(path, buf, sizeof(buf));
	if (n <= 0)
		return false;
	first = strlen(buf);
	if (strcmp(buf, c->process))
		return false;
	if (!c->param_match[0])
		return true;
	for (ssize_t i = (ssize_t)first + 1; i < n - 1; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return (ssize_t)first + 1 < n &&
	       !strcmp(buf + first + 1, c->param_match);
}

static bool
comm_match(const char *pid, const struct vrrp_process_conf *c)
{
	char path[300], buf[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	n = read_small(path, buf, sizeof(buf));
	if (n <= 0)
		return false;
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	/* comm is cut at 15 characters. */
	return !strncmp(buf, c->process, 15) &&
	       (c->param_match[0] ? cmdline_match(pid, c) : true);
}

static unsigned
count_matches(const struct vrrp_process_conf *c)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	unsigned n = 0, seen = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) && seen++ < PROC_SCAN_MAX) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (c->full_command ? cmdline_match(de->d_name, c)
				    : comm_match(de->d_name, c))
			n++;
	}
	closedir(d);
	return n;
}

static bool
quorum_ok(const struct vrrp_process_conf *c, unsigned n)
{
	return n >= c->quorum && (!c->quorum_max || n <= c->quorum_max);
}

static ev_time_t
interval(const struct vrrp_process_conf *c)
{
	return EV_MSEC(c->interval_ms ? c->interval_ms : 1000);
}

static void
scan_cb(struct ev_loop *loop, struct ev_timer *tm, void *arg)
{
	struct vrrp_tracker *t = arg;
	const struct vrrp_process_conf *c = t->conf;
	struct proc_priv *p = t->priv;
	unsigned n = count_matches(c);
	bool ok = quorum_ok(c, n);
	ev_time_t now = ev_now(loop);

	if (ok) {
		p->lost_since = 0;
	} else if (t->up && c->delay_ms) {
		if (!p->lost_since)
			p->lost_since = now;
		if (now - p->lost_since < EV_MSEC(c->delay_ms))
			ok = true; /* not yet */
	}
	ev_timer_start(loop, tm, interval(c));
	t->report(t, ok, n);
}

static int
proc_start(struct vrrp_tracker *t)
{
	const struct vrrp_process_conf *c = t->conf;
	struct proc_priv *p = t->priv;
	unsigned n = count_matches(c);

	t->up = quorum_ok(c, n);
	t->value = n;
	ev_timer_init(&p->scan, scan_cb, t);
	return ev_timer_start(t->env->loop, &p->scan, interval(c));
}

static void
proc_stop(struct vrrp_tracker *t)
{
	struct proc_priv *p = t->priv;

	ev_timer_stop(t->env->loop, &p->scan);
}

static bool
proc_def(const struct vrrp_config *c, size_t i, struct vrrp_track_def *d)
{
	if (i >= c->nprocs)
		return false;
	*d = (struct vrrp_track_def){c->procs[i].name, &c->procs[i],
				     c->procs[i].weight,
				     c->procs[i].weight_reverse};
	return true;
}

static const struct vrrp_track_ref *
proc_refs(const struct vrrp_instance_conf *c, size_t *n)
{
	*n = c->ntrack_process;
	return c->track_process;
}

const struct vrrp_track_ops vrrp_track_process_ops = {
	.kind = "process",
	.conf_size = sizeof(struct vrrp_process_conf),
	.priv_size = sizeof(struct proc_priv),
	.def = proc_def,
	.refs = proc_refs,
	.start = proc_start,
	.stop = proc_stop,
};
