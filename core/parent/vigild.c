// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigild: the parent (supervisor.c), a child (`--child=NAME`, child.c) or
 * a config test (-t), as the command line says. See vigild(8).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/parent/children.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/parent/instance.h"
#include "core/parent/pidfile.h"
#include "core/runtime/child.h"
#include "core/runtime/netns.h"
#include "core/parent/vigild.h"

static int
path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool
iface_exists(const char *name, void *arg)
{
	(void)arg;
	return if_nametoindex(name) != 0;
}

static bool
user_exists(const char *name)
{
	return getpwnam(name) != NULL;
}

/* The program of a script command (its first word, quotes aside) is a
 * file, found by its path or in PATH, as keepalived looks for it. */
static bool
script_exists(const char *cmd)
{
	char prog[1024], path[2048];
	const char *dirs = getenv("PATH");
	size_t n;

	cmd += strspn(cmd, " \t\"'");
	n = strcspn(cmd, " \t\"'");
	if (!n || n >= sizeof(prog))
		return false;
	memcpy(prog, cmd, n);
	prog[n] = '\0';
	if (strchr(prog, '/'))
		return access(prog, F_OK) == 0;
	for (dirs = dirs ? dirs : "/usr/sbin:/usr/bin:/sbin:/bin"; *dirs;) {
		size_t k = strcspn(dirs, ":");

		snprintf(path, sizeof(path), "%.*s/%s", (int)k, dirs, prog);
		if (k && access(path, F_OK) == 0)
			return true;
		dirs += k + (dirs[k] == ':');
	}
	return false;
}

static void preload(struct vigild_opts *o);

/* -t with net_namespace: the interfaces are checked inside the namespace,
 * as keepalived -t does; one that does not exist (yet) is said, and the
 * config runs with a warning (vigild will not start without it). */
static bool
test_netns(struct vigild_opts *o)
{
	preload(o);
	if (!o->netns || vigild_netns_enter(o->netns) == 0)
		return true;
	fprintf(stderr,
		"vigild: warning: net_namespace %s: /var/run/netns/%s: %s: "
		"interfaces checked in the current namespace; vigild will "
		"not start without it\n",
		o->netns, o->netns, strerror(errno));
	return false;
}

/* -t with net_namespace_ipvs: a namespace that does not exist (yet) is
 * said, as net_namespace's; vigild will not start without it. */
static bool
test_ipvs_netns(const struct vigild_opts *o)
{
	char why[400];

	if (!o->netns_ipvs || netns_exists("net_namespace_ipvs", o->netns_ipvs,
					   why, sizeof(why)) == 0)
		return true;
	fprintf(stderr,
		"vigild: warning: %s: vigild will not start without it\n", why);
	return false;
}

static int
config_test(struct vigild_opts *o)
{
	char id[256];
	struct conf_opts co = {.config_id = o->config_id,
			       .iface_exists = iface_exists,
			       .user_exists = user_exists,
			       .script_exists = script_exists,
			       .show_max =
				       o->all_errors ? 0 : VIGILD_DIAGS_SHOWN};
	bool in_ns = test_netns(o);
	bool ipvs_ns = test_ipvs_netns(o);
	enum conf_test_result r;

	if (!co.config_id) {
		conf_default_config_id(id, sizeof(id));
		co.config_id = id;
	}
	r = conf_test_file(o->conf_file, &co, o->strict, stderr);
	if ((!in_ns || !ipvs_ns) && o->strict)
		r = CONF_TEST_CANNOT_RUN;
	else if ((!in_ns || !ipvs_ns) && r == CONF_TEST_OK)
		r = CONF_TEST_WARNINGS;
	return (int)r;
}

static int
run_child(const struct vigild_opts *o)
{
	const struct vigild_child *row = children_by_proc(o->child);
	struct child_args a = {
		.ipc_fd = o->ipc_fd,
		.log_flags = (int)o->log_flags,
		.log_facility = o->log_facility,
		.debug = o->debug,
		.runtime_dir = o->runtime_dir,
		.ident = o->ident,
	};

	return child_main(row->ops, &a);
}

/* A row whose folder was not linked in has no entry (children.c). */
static int
entries_linked(void)
{
	for (size_t i = 0; i < vigild_nchildren; i++)
		if (!vigild_children[i].ops) {
			fprintf(stderr, "vigild: child %s is not built in\n",
				vigild_children[i].name);
			return 0;
		}
	return 1;
}

/* Detach: the caller's parent returns at once, as keepalived does. */
static int
daemonize(void)
{
	pid_t pid = fork();
	int null;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0 || chdir("/") < 0)
		return -1;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return -1;
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
	return 0;
}

/* The daemon runs in /: a relative path given on the command line is made
 * absolute first, so that reloads read the same file. */
static void
absolute(const char **path, char *buf, size_t n)
{
	char cwd[4096];

	if (!*path || **path == '/' || !getcwd(cwd, sizeof(cwd)))
		return;
	if (snprintf(buf, n, "%s/%s", cwd, *path) < (int)n)
		*path = buf;
}

/* What the paths depend on, read before the pid file is locked (as
 * keepalived reads net_namespace and instance): the config's
 * net_namespace (unless -s gave one) and instance. A config that does
 * not load leaves them unset; vigild_run() reports its errors. */
static void
preload(struct vigild_opts *o)
{
	static char netns[VIGILD_PATH_MAX], inst[VIGILD_PATH_MAX],
		ipvs_ns[VIGILD_PATH_MAX];
	struct conf_opts co = {.config_id = o->config_id};
	struct conf_diags dg;
	struct conf *c;
	char id[256];

	if (!co.config_id) {
		conf_default_config_id(id, sizeof(id));
		co.config_id = id;
	}
	conf_diags_init(&dg);
	c = conf_load(o->conf_file, &co, &dg, NULL, NULL);
	if (c && !o->netns && c->global.net_namespace &&
	    strlen(c->global.net_namespace) < sizeof(netns))
		o->netns = strcpy(netns, c->global.net_namespace);
	if (c && c->global.instance &&
	    strlen(c->global.instance) < sizeof(inst))
		o->instance = strcpy(inst, c->global.instance);
	if (c && c->global.net_namespace_ipvs &&
	    strlen(c->global.net_namespace_ipvs) < sizeof(ipvs_ns))
		o->netns_ipvs = strcpy(ipvs_ns, c->global.net_namespace_ipvs);
	conf_free(c);
	conf_diags_free(&dg);
}

static int
run_parent(struct vigild_opts *o)
{
	char abs[4 + PROC_MAX][4200];
	struct vigild_paths paths;
	int pidfd, rc;

	absolute(&o->conf_file, abs[0], sizeof(abs[0]));
	absolute(&o->runtime_dir, abs[1], sizeof(abs[1]));
	absolute(&o->pid_file, abs[2], sizeof(abs[2]));
	absolute(&o->control_socket, abs[3], sizeof(abs[3]));
	for (int p = 0; p < PROC_MAX; p++)
		absolute(&o->child_pid_file[p], abs[4 + p], sizeof(abs[4 + p]));
	if (access(o->conf_file, R_OK) < 0) {
		fprintf(stderr, "vigild: %s: %s\n", o->conf_file,
			strerror(errno));
		return VIGILD_EXIT_NO_CONFIG;
	}
	preload(o);
	if (vigild_paths_derive(o, &paths) < 0) {
		fprintf(stderr, "vigild: paths of instance %s%s%s: %s\n",
			o->netns ? o->netns : "", o->netns ? "/" : "",
			o->instance ? o->instance : "-", strerror(errno));
		return 1;
	}
	vigild_mkdirs(o->runtime_dir);
	/* Locked before detaching, so that a second vigild says why it
	 * cannot run; the pid is written once it is the daemon's. */
	pidfd = pidfile_lock(o->pid_file, o->dont_fork ? getpid() : 0);
	if (pidfd < 0) {
		fprintf(stderr, "vigild: %s: %s\n", o->pid_file,
			errno == EWOULDBLOCK ? "another vigild runs"
					     : strerror(errno));
		return errno == EACCES || errno == EPERM
			       ? VIGILD_EXIT_MISSING_PERMISSION
			       : VIGILD_EXIT_FATAL;
	}
	if (!o->dont_fork) {
		/* The lock belongs to the open file, which the daemon keeps. */
		if (daemonize() < 0 || pidfile_lock_update(pidfd, getpid()) < 0)
			return 1;
		o->log_flags &= ~LOG_F_STDERR;
	}
	log_init(o->ident, o->log_facility, o->log_flags);
	log_set_proc("parent");
	if (o->netns && vigild_netns_enter(o->netns) < 0) {
		/* keepalived: "Unable to set network namespace" - exiting.
		 * EPERM is the shipped unit (no CAP_SYS_ADMIN, no setns):
		 * say what to relax. */
		log_err("vigild netns=%s state=failed error=\"%s\"%s", o->netns,
			strerror(errno),
			errno != EPERM
				? ""
				: " hint=\"net_namespace needs CAP_SYS_ADMIN "
				  "and setns(); under systemd a drop-in with "
				  "CapabilityBoundingSet=CAP_SYS_ADMIN and "
				  "RestrictNamespaces=net (vigild(8) "
				  "SYSTEMD)\"");
		rc = 1;
	} else {
		rc = vigild_run(o);
	}
	pidfile_remove(o->pid_file);
	close(pidfd);
	return rc;
}

int
main(int argc, char **argv)
{
	struct vigild_opts o;
	char err[128];

	switch (vigild_parse_args(argc, argv, &o, err, sizeof(err))) {
	case ARGS_VERSION:
		printf("vigild %s\n", PACKAGE_VERSION);
		return 0;
	case ARGS_HELP:
		vigild_usage(stdout);
		return 0;
	case ARGS_ERROR:
		fprintf(stderr, "vigild: %s\n", err);
		vigild_usage(stderr);
		return 2;
	case ARGS_RUN:
		break;
	}
	if (o.child != PROC_PARENT)
		return entries_linked() ? run_child(&o) : 1;
	if (!o.conf_file)
		o.conf_file = vigild_default_conf(path_exists);
	if (o.test)
		return config_test(&o);
	return entries_linked() ? run_parent(&o) : 1;
}
