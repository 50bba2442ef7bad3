// SPDX-License-Identifier: GPL-2.0-or-later
/* The paths of one vigild among several, and its network namespace; see
 * instance.h. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/parent/children.h"
#include "core/parent/instance.h"
#include "core/runtime/netns.h"

/* A name becomes part of a path: one component, no way out of it. */
static int
name_ok(const char *s)
{
	return !s ||
	       (*s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, ".."));
}

static int
fmt(char *buf, const char *f1, const char *f2, const char *f3, const char *f4)
{
	int n = snprintf(buf, VIGILD_PATH_MAX, "%s%s%s%s", f1, f2, f3, f4);

	if (n < 0 || n >= VIGILD_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* DIR/BASE[_NAME].EXT from a default name "BASE.EXT". */
static int
file(char *buf, const char *dir, const char *dflt, const char *suffix)
{
	const char *dot = strrchr(dflt, '.');
	char base[64];

	snprintf(base, sizeof(base), "/%.*s",
		 (int)(dot ? (size_t)(dot - dflt) : strlen(dflt)), dflt);
	return fmt(buf, dir, base, suffix, dot ? dot : "");
}

int
vigild_paths_derive(struct vigild_opts *o, struct vigild_paths *p)
{
	char suffix[VIGILD_PATH_MAX] = "";

	if (!name_ok(o->netns) || !name_ok(o->instance)) {
		errno = EINVAL;
		return -1;
	}
	if (o->instance && fmt(suffix, "_", o->instance, "", "") < 0)
		return -1;
	if (!o->runtime_dir_given) {
		if (fmt(p->runtime_dir, VIGIL_RUNTIME_DIR, o->netns ? "/" : "",
			o->netns ? o->netns : "", "") < 0)
			return -1;
		o->runtime_dir = p->runtime_dir;
	}
	if (!o->pid_file) {
		if (file(p->pid_file, o->runtime_dir, "vigild.pid", suffix) < 0)
			return -1;
		o->pid_file = p->pid_file;
	}
	for (size_t i = 0; i < vigild_nchildren; i++) {
		enum vigil_proc pr = vigild_children[i].proc;

		if (o->child_pid_file[pr])
			continue;
		if (file(p->child_pid_file[pr], o->runtime_dir,
			 vigild_children[i].pid_default, suffix) < 0)
			return -1;
		o->child_pid_file[pr] = p->child_pid_file[pr];
	}
	if (file(p->socket, o->runtime_dir, "vigil.sock", suffix) < 0 ||
	    fmt(p->ident, "vigild", o->netns ? "_" : "",
		o->netns ? o->netns : "", suffix) < 0)
		return -1;
	o->default_socket = p->socket;
	o->ident = p->ident;
	return 0;
}

int
vigild_dump_path(const struct vigild_opts *o, bool use_instance, bool stats,
		 char *buf, size_t n)
{
	const char *ns = o->netns, *name = o->instance;
	int k;

	if (!use_instance || (!ns && !name))
		k = snprintf(buf, n, "/tmp/vigil.%s", stats ? "stats" : "data");
	else
		k = snprintf(buf, n, "/tmp/vigil.%s%s%s.%s", ns ? ns : "",
			     ns && name ? "_" : "", name ? name : "",
			     stats ? "stats" : "data");
	if (k < 0 || (size_t)k >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static bool
differ(const char *a, const char *b)
{
	return !a != !b || (a && strcmp(a, b));
}

const char *
vigild_instance_changed(const struct vigild_opts *o, const char *netns,
			const char *instance)
{
	if (!o->netns_given && differ(o->netns, netns))
		return "net_namespace";
	if (differ(o->instance, instance))
		return "instance";
	return NULL;
}

int
vigild_netns_enter(const char *name)
{
	int fd, r, e;

	if (!name || !*name) { /* "" would be the default namespace */
		errno = EINVAL;
		return -1;
	}
	fd = netns_open(name);
	if (fd < 0)
		return -1;
	r = setns(fd, CLONE_NEWNET);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

int
vigild_mkdirs(const char *path)
{
	char buf[VIGILD_PATH_MAX];

	if (fmt(buf, path, "", "", "") < 0)
		return -1;
	for (char *s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}
