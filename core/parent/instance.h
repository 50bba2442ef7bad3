/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One vigild among several on a host: the default paths of an instance
 * (keepalived's `instance NAME` and `net_namespace NAME`), and entering
 * its network namespace. See vigild(8), "SEVERAL VIGILD ON ONE HOST".
 *
 *   RUNTIME  /run/vigil, or /run/vigil/NS with net_namespace NS
 *            (--runtime-dir DIR replaces it)
 *   files    vigild.pid, vrrp.pid, check.pid, sync.pid, vigil.sock,
 *            each with _NAME before its extension with instance NAME
 *
 * vigild_paths_derive() is pure (strings in, strings out).
 */
#ifndef VIGIL_CORE_INSTANCE_H
#define VIGIL_CORE_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/parent/vigild.h"

#define VIGILD_PATH_MAX 256

struct vigild_paths {
	char runtime_dir[VIGILD_PATH_MAX];
	char pid_file[VIGILD_PATH_MAX];
	char child_pid_file[PROC_MAX][VIGILD_PATH_MAX];
	char socket[VIGILD_PATH_MAX];
	char ident[VIGILD_PATH_MAX]; /* syslog: vigild[_NS][_NAME] */
};

/*
 * Fill what the command line left unset in o (runtime directory, the
 * parent's and each row's pid file, the default control socket, the
 * syslog ident) from o->netns and o->instance; the strings live in p.
 * 0, or -1 with ENAMETOOLONG (or EINVAL: a name with '/' or "..").
 */
int vigild_paths_derive(struct vigild_opts *o, struct vigild_paths *p);

/* The SIGUSR1/SIGUSR2 dump file: /tmp/vigil.data (.stats), or with
 * data_use_instance /tmp/vigil.NS_NAME.data as keepalived names its
 * (either part alone when only one is set). 0, or -1 (ENAMETOOLONG). */
int vigild_dump_path(const struct vigild_opts *o, bool use_instance, bool stats,
		     char *buf, size_t n);

/* What a reloaded config's net_namespace and instance would change in
 * force since the start (keepalived: "cannot change ... at a reload -
 * please restart"): NULL if nothing, else which ("net_namespace",
 * "instance"). -s on the command line overrides the config's
 * net_namespace, so a change there changes nothing. */
const char *vigild_instance_changed(const struct vigild_opts *o,
				    const char *netns, const char *instance);

/* Enter /var/run/netns/NAME (the whole process: the children, their
 * sockets and the scripts run there). 0, or -1 with errno. */
int vigild_netns_enter(const char *name);

/* mkdir -p for the runtime directory (0755). 0, or -1 with errno. */
int vigild_mkdirs(const char *path);

#endif
