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

#include "core/conf_int.h"
#include "core/conf_model.h"
#include "core/script.h"

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
