// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FILE_CHECK (keepalived 2.2.7): the real server follows a number written
 * in a file (a track_file). With weight 0, a non-zero value is a fault (a
 * zero value with `reverse`). Otherwise value * weight (negated with
 * `reverse`) is the checker's weight offset, applied to the IPVS weight
 * when `dynamic` is set; an offset at or below -2^31 is a fault.
 *
 * The file is read on every delay_loop and at once when it changes: one
 * inotify descriptor watches the directories of all tracked files. It is
 * read as keepalived reads a track_file (core/runtime/numfile.h), as
 * vrrp_track_file is: a missing file, an empty one or one that does not
 * start with a number counts as 0, text after the number is ignored, and a
 * number out of range leaves the value as it was (the result's detail
 * says so, and why a file could not be read).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "check/probe.h"
#include "core/runtime/numfile.h"

struct file_probe {
	struct probe *p;
	int wd;		  /* watch on the file's directory; -1 none */
	const char *base; /* the file's name in that directory */
	int64_t value;	  /* the last value read */
	struct file_probe *next;
};

struct file_shared {
	int fd;
	struct ev_io io;
	struct file_probe *probes;
};

static void
on_inotify(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct file_shared *sh = arg;
	char buf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	(void)loop;
	(void)io;
	(void)revents;
	while ((n = read(sh->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			const struct inotify_event *ev =
				(const void *)(buf + off);

			for (struct file_probe *f = sh->probes; f; f = f->next)
				if (f->wd == ev->wd && ev->len &&
				    !strcmp(ev->name, f->base))
					f->p->kick(f->p);
			off += (ssize_t)sizeof(*ev) + ev->len;
		}
	}
}

static struct file_shared *
shared(struct probe_env *env)
{
	struct file_shared *sh = env->shared[CHK_FILE];

	if (sh)
		return sh;
	if (!(sh = calloc(1, sizeof(*sh))))
		return NULL;
	sh->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	ev_io_init(&sh->io, on_inotify, sh);
	if (sh->fd >= 0 &&
	    ev_io_start(env->loop, &sh->io, sh->fd, EV_READ) < 0) {
		close(sh->fd);
		sh->fd = -1;
	}
	env->shared[CHK_FILE] = sh;
	return sh;
}

/* Watch the directory: a file replaced by rename gets a new inode, so
 * watching the file itself would lose it. Without inotify the check
 * still reads the file every delay_loop. */
static void
watch(struct file_probe *f)
{
	struct file_shared *sh = shared(f->p->env);
	const char *path = f->p->conf->u.file.path;
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	f->base = slash ? slash + 1 : path;
	if (!sh || sh->fd < 0)
		return;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
			 slash == path ? 1 : (int)(slash - path), path);
	/* Not IN_MODIFY: a writer's truncation would be read as an empty
	 * file. A write counts once it is closed, or renamed into place. */
	f->wd = inotify_add_watch(sh->fd, dir,
				  IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE |
					  IN_MOVED_FROM);
	f->next = sh->probes;
	sh->probes = f;
}

static int
file_init(struct probe *p, char *err, size_t errlen)
{
	struct file_probe *f = p->priv;

	(void)err;
	(void)errlen;
	f->p = p;
	f->wd = -1;
	watch(f);
	return 0;
}

static void
file_fini(struct probe *p)
{
	struct file_probe *f = p->priv;
	struct file_shared *sh = p->env->shared[CHK_FILE];
	bool wd_used = false;

	if (!sh)
		return;
	for (struct file_probe **pp = &sh->probes; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	for (struct file_probe *o = sh->probes; o; o = o->next)
		wd_used |= o->wd == f->wd;
	if (f->wd >= 0 && !wd_used)
		inotify_rm_watch(sh->fd, f->wd);
}

static void
evaluate(const struct chk_file *c, long long v, struct chk_result *r)
{
	__int128 s;

	if (c->weight == 0) {
		if ((v != 0) != c->reverse)
			chk_result_set(r, CHK_R_FILE_FAULT,
				       (int)(v > INT_MAX   ? INT_MAX
					     : v < INT_MIN ? INT_MIN
							   : v));
		return;
	}
	s = (__int128)v * c->weight * (c->reverse ? -1 : 1);
	if (s <= INT_MIN) {
		chk_result_set(r, CHK_R_FILE_FAULT, INT_MIN);
		return;
	}
	if (s > INT_MAX)
		s = INT_MAX;
	r->weight.kind = c->dynamic ? CHK_W_DELTA : CHK_W_RESET;
	r->weight.value = c->dynamic ? (int64_t)s : 0;
}

static void
file_start(struct probe *p)
{
	const struct chk_file *c = &p->conf->u.file;
	struct file_probe *f = p->priv;
	const char *name = c->name ? c->name : c->path;
	struct chk_result r = {0};
	enum numfile_how how;
	int err;

	f->value = numfile_value(c->path, f->value, 0, &how);
	err = errno;
	evaluate(c, f->value, &r);
	/* The value decides; the detail says where it did not come from the
	 * file's number. */
	if (how == NUMFILE_RANGE)
		chk_result_detail(&r, "%s: out of range, %lld kept", name,
				  (long long)f->value);
	else if (how == NUMFILE_UNREADABLE)
		chk_result_detail(&r, "%s: %s, counts as 0", name,
				  strerror(err));
	p->report(p, &r);
}

static void
file_cancel(struct probe *p, struct chk_result *why)
{
	(void)p;
	if (why)
		chk_result_set(why, CHK_R_FILE_ERROR, ETIMEDOUT);
}

static void
file_shared_free(struct probe_env *env)
{
	struct file_shared *sh = env->shared[CHK_FILE];

	if (!sh)
		return;
	ev_io_stop(env->loop, &sh->io);
	if (sh->fd >= 0)
		close(sh->fd);
	free(sh);
	env->shared[CHK_FILE] = NULL;
}

static int
file_conf_copy(struct chk_probe_conf *d, const struct chk_probe_conf *s)
{
	d->u.file = s->u.file;
	d->u.file.name = d->u.file.path = NULL;
	return chk_strset(&d->u.file.name, s->u.file.name) |
	       chk_strset(&d->u.file.path, s->u.file.path);
}

static void
file_conf_free(struct chk_probe_conf *c)
{
	free(c->u.file.name);
	free(c->u.file.path);
	c->u.file.name = c->u.file.path = NULL;
}

static bool
file_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	const struct chk_file *x = &a->u.file, *y = &b->u.file;

	return !strcmp(x->path, y->path) && x->weight == y->weight &&
	       x->reverse == y->reverse && x->dynamic == y->dynamic;
}

static uint64_t
file_conf_hash(const struct chk_probe_conf *c, uint64_t h)
{
	return chk_hash_str(h, c->u.file.path);
}

static int
file_validate(const struct chk_probe_conf *c, char *err, size_t errlen)
{
	if (!c->u.file.path || !*c->u.file.path) {
		snprintf(err, errlen, "FILE_CHECK without a file");
		return -1;
	}
	return 0;
}

const struct probe_ops probe_file_ops = {
	.type = CHK_FILE,
	.name = "FILE_CHECK",
	.priv_size = sizeof(struct file_probe),
	.validate = file_validate,
	.init = file_init,
	.fini = file_fini,
	.start = file_start,
	.cancel = file_cancel,
	.conf_copy = file_conf_copy,
	.conf_free = file_conf_free,
	.conf_equal = file_conf_equal,
	.conf_hash = file_conf_hash,
	.immediate = true,
	.shared_free = file_shared_free,
};
