// SPDX-License-Identifier: GPL-2.0-or-later
/* The test driver's command runner. See runner.h. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/runtime/cmd_split.h"
#include "tests/check/runner.h"

struct run {
	struct runner *r;
	uint64_t id;
	pid_t pid;
	struct ev_child child;
	struct ev_timer timer;
	bool timed_out;
	chk_script_done_fn done; /* NULL once cancelled */
	void *arg;
	struct run *next;
};

struct runner {
	struct ev_loop *loop;
	uint64_t next_id;
	struct run *runs;
};

struct runner *
runner_new(struct ev_loop *loop)
{
	struct runner *r = calloc(1, sizeof(*r));

	if (r)
		r->loop = loop;
	return r;
}

static void
unlink_run(struct run *x)
{
	for (struct run **pp = &x->r->runs; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	}
}

static void
on_exit_status(struct ev_loop *loop, struct ev_child *c, int status, void *arg)
{
	struct run *x = arg;
	enum chk_script_status st = CHK_SCRIPT_EXITED;
	int code = 0;

	(void)c;
	ev_timer_stop(loop, &x->timer);
	unlink_run(x);
	if (x->timed_out) {
		st = CHK_SCRIPT_TIMEOUT;
	} else if (WIFSIGNALED(status)) {
		st = CHK_SCRIPT_SIGNALED;
		code = WTERMSIG(status);
	} else {
		code = WEXITSTATUS(status);
	}
	if (x->done)
		x->done(x->arg, st, code);
	free(x);
}

static void
on_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct run *x = arg;

	(void)loop;
	(void)t;
	x->timed_out = true;
	kill(-x->pid, SIGKILL);
}

static void
child_exec(const char *cmd)
{
	char **argv;
	sigset_t none;
	int argc;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setpgid(0, 0);
	/* As vigild's parent splits it. */
	argv = cmd_split(cmd, &argc);
	if (argv)
		execvp(argv[0], argv);
	_exit(127);
}

static uint64_t
runner_run(void *arg, const struct chk_script_req *req, chk_script_done_fn done,
	   void *done_arg)
{
	struct runner *r = arg;
	struct run *x = calloc(1, sizeof(*x));

	if (!x)
		return 0;
	x->pid = fork();
	if (x->pid < 0) {
		free(x);
		return 0;
	}
	if (x->pid == 0)
		child_exec(req->cmd);
	setpgid(x->pid, x->pid);
	x->r = r;
	x->id = ++r->next_id;
	x->done = done;
	x->arg = done_arg;
	ev_child_init(&x->child, on_exit_status, x);
	ev_timer_init(&x->timer, on_timeout, x);
	if (ev_child_start(r->loop, &x->child, x->pid) < 0) {
		kill(-x->pid, SIGKILL);
		waitpid(x->pid, NULL, 0);
		free(x);
		return 0;
	}
	ev_timer_start(r->loop, &x->timer, req->timeout);
	x->next = r->runs;
	r->runs = x;
	return x->id;
}

static void
runner_cancel(void *arg, uint64_t handle)
{
	struct runner *r = arg;

	for (struct run *x = r->runs; x; x = x->next) {
		if (x->id == handle) {
			x->done = NULL; /* reaped later, quietly */
			kill(-x->pid, SIGKILL);
			return;
		}
	}
}

void
runner_free(struct runner *r)
{
	if (!r)
		return;
	while (r->runs) {
		struct run *x = r->runs;

		r->runs = x->next;
		kill(-x->pid, SIGKILL);
		ev_child_stop(r->loop, &x->child);
		ev_timer_stop(r->loop, &x->timer);
		waitpid(x->pid, NULL, 0);
		free(x);
	}
	free(r);
}

const struct chk_script_ops runner_ops = {
	.run = runner_run,
	.cancel = runner_cancel,
};
