// SPDX-License-Identifier: GPL-2.0-or-later
/* The files of named network namespaces; see netns.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/conf/conf_model.h"
#include "core/runtime/netns.h"

int
netns_path(const char *name, char *buf, size_t n)
{
	int k;

	if (!name || !*name)
		k = snprintf(buf, n, "%s", NETNS_DEFAULT);
	else if (strchr(name, '/') || !strcmp(name, ".") ||
		 !strcmp(name, "..")) {
		errno = EINVAL;
		return -1;
	} else
		k = snprintf(buf, n, "%s%s", NETNS_RUN_DIR, name);
	if (k < 0 || (size_t)k >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
netns_open(const char *name)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];

	if (netns_path(name, path, sizeof(path)) < 0)
		return -1;
	return open(path, O_RDONLY | O_CLOEXEC);
}

int
netns_make(const char *kw, const char *name, int (*make)(int netns_fd),
	   char *err, size_t n)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];
	const char *what = "open";
	int ns = -1, fd = -1, e;

	if (netns_path(name, path, sizeof(path)) < 0)
		snprintf(path, sizeof(path), "%s", name);
	else if ((ns = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		what = "socket";
		fd = make(ns);
	}
	e = errno;
	if (ns >= 0)
		close(ns);
	if (fd < 0)
		snprintf(err, n, "%s %s: %s: %s%s%s", kw,
			 name && *name ? name : "(default)", path,
			 fd < 0 && ns >= 0 ? what : "", ns >= 0 ? ": " : "",
			 strerror(e));
	errno = e;
	return fd;
}

int
netns_ipvs_make(const struct conf *c, int (*make)(int netns_fd), int *fd,
		char *err, size_t n)
{
	const char *ns = c->global.net_namespace_ipvs;

	if (!ns)
		return 0;
	*fd = netns_make("net_namespace_ipvs", ns, make, err, n);
	return *fd < 0 ? -1 : 0;
}

static int
opened(int netns_fd)
{
	(void)netns_fd;
	return 0;
}

int
netns_exists(const char *kw, const char *name, char *err, size_t n)
{
	return netns_make(kw, name, opened, err, n) < 0 ? -1 : 0;
}
