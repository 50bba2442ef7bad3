/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The network namespaces keepalived's keywords name: `net_namespace NAME`
 * and `net_namespace_ipvs [NAME]` mean the file /var/run/netns/NAME that
 * `ip netns add` makes; `net_namespace_ipvs` without a name means the
 * default namespace, that of pid 1. The parent (the namespace vigild
 * runs in) and the children (the one of the IPVS table) open them here.
 */
#ifndef VIGIL_CORE_NETNS_H
#define VIGIL_CORE_NETNS_H

#include <stddef.h>

#define NETNS_RUN_DIR "/var/run/netns/"
#define NETNS_DEFAULT "/proc/1/ns/net"

/* The file of namespace name (NULL or "": the default namespace) into
 * buf. -1 with EINVAL when name is not one path component ("a/b", ".."),
 * ENAMETOOLONG when buf is too small. */
int netns_path(const char *name, char *buf, size_t n);
/* That file opened (O_RDONLY | O_CLOEXEC), for setns(2): an fd, or -1
 * with errno (ENOENT: no such namespace). */
int netns_open(const char *name);
/* What make(netns_fd) returns (a socket it made inside the namespace,
 * e.g. ipvs_nl_socket_in()) for namespace name, the file closed again;
 * -1 with err set to "KW NAME: PATH: why" (the default namespace is
 * named "(default)"). */
int netns_make(const char *kw, const char *name, int (*make)(int netns_fd),
	       char *err, size_t n);

/* netns_make() that makes nothing: 0 when the namespace's file opens,
 * else -1 with err as netns_make() words it. */
int netns_exists(const char *kw, const char *name, char *err, size_t n);

struct conf;
/* net_namespace_ipvs of c: *fd gets what make() made in that namespace
 * (netns_make()), or stays as it is without the keyword. 0, or -1 with
 * err. */
int netns_ipvs_make(const struct conf *c, int (*make)(int netns_fd), int *fd,
		    char *err, size_t n);

#endif
