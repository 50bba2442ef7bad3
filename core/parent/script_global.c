// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * startup_script and shutdown_script (vigil.conf(5)), as keepalived runs
 * them: the startup script before any child starts (the children start
 * when it ends, or at its timeout, when its process group is killed), the
 * shutdown script once every child has stopped (vigild exits when it
 * ends, or at its timeout). Neither runs at a reload. Each is one line
 * in the log: script=KEYWORD cmd=... state=done exit=N ms=N, or
 * state=timeout, or state=failed error=...
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/conf/conf_model.h"
#include "core/parent/script.h"
#include "core/parent/vigild.h"

struct global_script {
	struct vigild *d;
	const char *kw;
	char cmd[512];
	pid_t pid;
	ev_time_t started;
	struct ev_child watch;
	struct ev_timer timer;
	void (*done)(struct vigild *d);
};

static void
finish(struct global_script *g)
{
	void (*done)(struct vigild * d) = g->done;
	struct vigild *d = g->d;

	ev_timer_stop(d->loop, &g->timer);
	ev_child_stop(d->loop, &g->watch);
	d->global_script = NULL;
	free(g);
	done(d);
}

static unsigned long long
elapsed_ms(const struct global_script *g)
{
	return (unsigned long long)(ev_now_update(g->d->loop) - g->started) /
	       1000;
}

static void
on_exit_cb(struct ev_loop *loop, struct ev_child *w, int status, void *arg)
{
	struct global_script *g = arg;

	(void)loop;
	(void)w;
	if (WIFEXITED(status))
		log_notice("script=%s cmd=\"%s\" state=done exit=%d ms=%llu",
			   g->kw, g->cmd, WEXITSTATUS(status), elapsed_ms(g));
	else
		log_warn("script=%s cmd=\"%s\" state=done signal=%d ms=%llu",
			 g->kw, g->cmd, WTERMSIG(status), elapsed_ms(g));
	finish(g);
}

/* keepalived kills it and goes on: the children start (or vigild exits)
 * without waiting longer. */
static void
on_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct global_script *g = arg;

	(void)loop;
	(void)t;
	log_warn("script=%s cmd=\"%s\" state=timeout ms=%llu", g->kw, g->cmd,
		 elapsed_ms(g));
	scripts_kill(g->pid);
	waitpid(g->pid, NULL, 0);
	finish(g);
}

static int
start(struct global_script *g, const struct conf_script *s, uint64_t tmo)
{
	char who[160];

	snprintf(who, sizeof(who), "%s%s%s", s->user ? s->user : "",
		 s->group ? " " : "", s->group ? s->group : "");
	g->pid = scripts_spawn(g->d->scripts, s->cmd, who);
	if (g->pid < 0)
		return -1;
	g->started = ev_now_update(g->d->loop);
	ev_child_init(&g->watch, on_exit_cb, g);
	ev_timer_init(&g->timer, on_timeout, g);
	ev_timer_start(g->d->loop, &g->timer, (ev_time_t)tmo);
	if (ev_child_start(g->d->loop, &g->watch, g->pid) < 0) {
		scripts_kill(g->pid);
		waitpid(g->pid, NULL, 0);
		ev_timer_stop(g->d->loop, &g->timer);
		return -1;
	}
	return 0;
}

/* Run the config's startup (or shutdown) script, then done(d); done(d)
 * at once when there is none or it cannot start (logged). */
void
global_script_run(struct vigild *d, bool startup,
		  void (*done)(struct vigild *d))
{
	const struct conf_global *cg = &d->conf->global;
	const struct conf_script *s =
		startup ? &cg->startup_script : &cg->shutdown_script;
	struct global_script *g;

	if (!s->cmd || !d->scripts || !(g = calloc(1, sizeof(*g)))) {
		done(d);
		return;
	}
	g->d = d;
	g->kw = startup ? "startup_script" : "shutdown_script";
	g->done = done;
	snprintf(g->cmd, sizeof(g->cmd), "%s", s->cmd);
	if (start(g, s,
		  startup ? cg->startup_script_timeout
			  : cg->shutdown_script_timeout) < 0) {
		log_err("script=%s cmd=\"%s\" state=failed error=\"%s\"", g->kw,
			g->cmd, strerror(errno));
		free(g);
		done(d);
		return;
	}
	d->global_script = g;
}

/* At exit: a script still running is killed, not waited for. */
void
global_script_free(struct vigild *d)
{
	struct global_script *g = d->global_script;

	if (!g)
		return;
	ev_timer_stop(d->loop, &g->timer);
	ev_child_stop(d->loop, &g->watch);
	scripts_kill(g->pid);
	waitpid(g->pid, NULL, 0);
	free(g);
	d->global_script = NULL;
}
