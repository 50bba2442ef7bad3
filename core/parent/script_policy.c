// SPDX-License-Identifier: GPL-2.0-or-later
/* Which scripts may run, and as whom (script.h). Pure: the config and a
 * user lookup come from the caller. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/parent/script.h"
#include "core/runtime/cmd_split.h"
#include "core/runtime/ipc.h"

struct policy {
	const char *cmd;
	const char *user, *group; /* requested; user NULL = default */
	bool found, allowed;
	const char *own_user, *own_group; /* the first match's `user` */
};

static bool
same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool
group_ok(const char *want, const char *have)
{
	return !*want || same(want, have);
}

static void
match(const struct conf_script *s, void *arg)
{
	struct policy *p = arg;

	if (!s->cmd || strcmp(s->cmd, p->cmd))
		return;
	if (!p->found && s->user) {
		p->own_user = s->user;
		p->own_group = s->group;
	}
	p->found = true;
	if (p->user && same(p->user, s->user) && group_ok(p->group, s->group))
		p->allowed = true;
}

/*
 * keepalived's `notify` script (of an instance or a sync group) is run with
 * four arguments after the configured command: INSTANCE|GROUP "NAME" STATE
 * PRIORITY (keepalived.conf(5)). The vrrp child appends them; the parent
 * accepts exactly that shape, for a name the config has, and runs the
 * configured command with them (argv, no shell).
 */
/* A state as keepalived writes it for notify: a relayed state but INIT,
 * upper case, or DELETED. */
static bool
notify_state(const char *s)
{
	uint32_t st;

	return !strcmp(s, "DELETED") ||
	       (!ipc_vrrp_state_parse(s, &st) && st != IPC_VRRP_INIT &&
		!strcmp(s, ipc_vrrp_state_name(st)));
}

/* TAIL is exactly KIND "NAME" STATE PRIORITY for this object. */
static bool
notify_tail_ok(const char *tail, const char *kind, const char *name)
{
	int argc = 0;
	char **av = cmd_split(tail, &argc), *end;
	bool ok = av && argc == 4 && !strcmp(av[0], kind) && same(av[1], name);
	long prio;

	if (ok) {
		prio = strtol(av[3], &end, 10);
		ok = notify_state(av[2]) && !*end && end != av[3] &&
		     prio >= 0 && prio <= 255;
	}
	free(av);
	return ok;
}

/* cmd is this object's notify script followed by its notify arguments. */
static bool
notify_match(const struct conf_notify *n, const char *kind, const char *name,
	     const char *cmd)
{
	const char *base = n->notify.cmd;
	size_t len = base ? strlen(base) : 0;

	return len && !strncmp(cmd, base, len) && cmd[len] == ' ' &&
	       notify_tail_ok(cmd + len + 1, kind, name);
}

/* The configured `notify` command that cmd runs with valid notify
 * arguments for its own instance or sync group; NULL if none. */
static const char *
notify_base(const struct conf *c, const char *cmd)
{
	for (const struct conf_vrrp_sync_group *g = c->sync_groups.head; g;
	     g = g->next)
		if (notify_match(&g->notify, "GROUP", g->name, cmd))
			return g->notify.notify.cmd;
	for (const struct conf_vrrp *v = c->instances.head; v; v = v->next)
		if (notify_match(&v->notify, "INSTANCE", v->name, cmd))
			return v->notify.notify.cmd;
	return NULL;
}

static void
copy(char *dst, const char *src, size_t n)
{
	snprintf(dst, n, "%s", src ? src : "");
}

enum script_verdict
script_policy(const struct conf *c, const char *cmd, const char *user,
	      bool (*user_exists)(const char *name), char *run_user,
	      char *run_group, size_t n)
{
	const struct conf_global *g = &c->global;
	struct policy p = {.cmd = cmd};
	char ubuf[64], *sp;

	if (user && *user) {
		copy(ubuf, user, sizeof(ubuf));
		sp = strchr(ubuf, ' ');
		if (sp)
			*sp++ = '\0';
		p.user = ubuf;
		p.group = sp ? sp : "";
	}
	conf_for_each_script_obj(c, match, &p);
	if (!p.found && (p.cmd = notify_base(c, cmd)))
		conf_for_each_script_obj(c, match, &p);
	if (!p.found)
		return SCRIPT_NOT_IN_CONFIG;
	if (p.user) {
		if (!p.allowed && !(same(p.user, g->script_user) &&
				    group_ok(p.group, g->script_group)))
			return SCRIPT_USER_REFUSED;
		copy(run_user, p.user, n);
		copy(run_group, p.group, n);
	} else if (p.own_user) {
		copy(run_user, p.own_user, n);
		copy(run_group, p.own_group, n);
	} else if (g->script_user) {
		copy(run_user, g->script_user, n);
		copy(run_group, g->script_group, n);
	} else {
		copy(run_user,
		     user_exists("keepalived_script") ? "keepalived_script"
						      : "nobody",
		     n);
		copy(run_group, NULL, n);
	}
	return SCRIPT_ALLOW;
}

static bool
root_only(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_uid == 0 &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/* argv[0] as execvp() would find it; NULL if it is nowhere. */
static char *
find(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(prog, '/'))
		return realpath(prog, NULL);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		if (snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog) <
			    (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return realpath(buf, NULL);
		path += n + (path[n] == ':');
	}
	return NULL;
}

bool
script_path_secure(const char *prog)
{
	char *real = find(prog), *slash;
	bool ok = real && root_only(real);

	/* Every directory up to and including "/". */
	while (ok && (slash = strrchr(real, '/'))) {
		slash[slash == real] = '\0';
		ok = root_only(real);
		if (slash == real)
			break;
	}
	free(real);
	return ok;
}
