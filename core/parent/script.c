// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parent's script runner (script.h): fork, drop to the script user in a
 * new session, exec without a shell; a timer kills the whole process group
 * at the timeout; at most 512 bytes of stdout are kept when asked.
 * Long-lived FIFO readers (notify_fifo_script, vrrp_notify_fifo_script,
 * lvs_notify_fifo_script)
 * are at the end of the file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/parent/backoff.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/parent/script.h"
#include "core/parent/vigild.h"
#include "core/runtime/cmd_split.h"

struct run {
	struct scripts *s;
	struct vchild *ch;
	uint32_t incarnation;
	struct ipc_script_done done;
	pid_t pid;
	int out_fd;
	bool keep, timed_out;
	ev_time_t started;
	struct ev_child watch;
	struct ev_timer timer;
	struct ev_io out;
	struct run *next;
};

enum { READER_NOTIFY, READER_VRRP, READER_LVS, READERS };

/* One notify FIFO reader: what the config says, and its process. */
struct reader {
	struct scripts *s;
	const char *kw;
	char cmd[1024], user[64], group[64], fifo[512];
	bool want;    /* configured and not shutting down */
	bool reconf;  /* killed to start the new command at once */
	bool waiting; /* for the FIFO to exist (logged once) */
	pid_t pid;
	ev_time_t started;
	unsigned restarts;
	struct backoff bo;
	struct ev_child watch;
	struct ev_timer timer; /* FIFO poll, respawn delay, SIGKILL delay */
};

struct scripts {
	struct vigild *d;
	struct run *runs;
	unsigned running;
	uint64_t refused, started;
	struct reader readers[READERS];
	void (*stopped)(void *arg); /* at shutdown, once no reader runs */
	void *stopped_arg;
};

struct identity {
	uid_t uid;
	gid_t gid;
	char name[64];
};

unsigned
scripts_running(const struct scripts *s)
{
	return s->running;
}

static bool
user_exists(const char *name)
{
	return getpwnam(name) != NULL;
}

static int
resolve(const char *user, const char *group, struct identity *id)
{
	struct passwd *pw = getpwnam(user);
	struct group *gr = *group ? getgrnam(group) : NULL;

	if (!pw || (*group && !gr)) {
		errno = ENOENT;
		return -1;
	}
	id->uid = pw->pw_uid;
	id->gid = gr ? gr->gr_gid : pw->pw_gid;
	snprintf(id->name, sizeof(id->name), "%s", user);
	return 0;
}

/* In the forked process: never returns. parent > 0: SIGTERM when that
 * parent dies (set after setuid(), which clears it), for long-lived
 * readers that would otherwise outlive a crashed vigild. */
static void
exec_script(char **argv, const struct identity *id, int out_fd, pid_t parent)
{
	sigset_t none;
	int null = open("/dev/null", O_RDWR);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Its own session, without our controlling terminal (a script as
	 * nobody must not hold root's tty: TIOCSTI). The parent does not
	 * setpgid() us: as a group leader we could not setsid(). */
	if (setsid() < 0)
		_exit(126);
	if (null < 0 || dup2(null, 0) < 0 ||
	    dup2(out_fd >= 0 ? out_fd : null, 1) < 0 || dup2(null, 2) < 0)
		_exit(126);
	close_range(3, ~0u, 0);
	if (getuid() == 0 && (initgroups(id->name, id->gid) < 0 ||
			      setgid(id->gid) < 0 || setuid(id->uid) < 0))
		_exit(126);
	if (parent > 0 &&
	    (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent))
		_exit(126);
	if (strchr(argv[0], '/'))
		execv(argv[0], argv);
	else
		execvp(argv[0], argv);
	_exit(127);
}

/* A script's session and group is its pid once it has called setsid();
 * before that (just forked), the process alone is the whole group. */
static void
kill_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) < 0 && errno == ESRCH)
		kill(pid, sig);
}

static void
answer(struct run *r, uint32_t result)
{
	struct vchild *ch = r->ch;

	r->done.result = result;
	if (ch->pid && ch->incarnation == r->incarnation)
		super_send(ch, IPC_SCRIPT_DONE, &r->done, sizeof(r->done), -1);
}

static void
read_out(struct run *r)
{
	char sink[512];

	for (;;) {
		size_t room = sizeof(r->done.out) - 1 - r->done.out_len;
		char *dst = room ? r->done.out + r->done.out_len : sink;
		ssize_t n = read(r->out_fd, dst, room ? room : sizeof(sink));

		if (n <= 0)
			return;
		if (room)
			r->done.out_len += (uint32_t)n;
	}
}

static void
on_out(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct run *r = arg;

	(void)revents;
	read_out(r);
	if (revents & (EV_HANGUP | EV_ERROR))
		ev_io_stop(loop, io);
}

static void
run_free(struct run *r)
{
	struct scripts *s = r->s;

	for (struct run **pp = &s->runs; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	ev_timer_stop(s->d->loop, &r->timer);
	ev_io_stop(s->d->loop, &r->out);
	if (r->out_fd >= 0)
		close(r->out_fd);
	s->running--;
	free(r);
}

static void
on_exit_cb(struct ev_loop *loop, struct ev_child *w, int status, void *arg)
{
	struct run *r = arg;

	(void)w;
	if (r->out_fd >= 0)
		read_out(r);
	r->done.status = status;
	r->done.duration_ms =
		(uint32_t)((ev_now_update(loop) - r->started) / 1000);
	log_debug(LOG_SUB_CORE, "script pid=%d status=%d timeout=%d ms=%u",
		  (int)r->pid, status, r->timed_out, r->done.duration_ms);
	answer(r, r->timed_out ? IPC_SCRIPT_TIMEOUT : IPC_SCRIPT_OK);
	run_free(r);
}

static void
on_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct run *r = arg;

	(void)loop;
	(void)t;
	r->timed_out = true;
	log_warn("script pid=%d state=timeout action=kill-group", (int)r->pid);
	kill_group(r->pid, SIGKILL);
}

static int
start(struct run *r, char **argv, const struct identity *id, uint32_t tmo)
{
	struct ev_loop *loop = r->s->d->loop;
	int p[2] = {-1, -1};

	if (r->keep && pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	r->pid = fork();
	if (r->pid < 0) {
		if (p[0] >= 0) {
			close(p[0]);
			close(p[1]);
		}
		return -1;
	}
	if (r->pid == 0)
		exec_script(argv, id, p[1], 0);
	if (p[1] >= 0)
		close(p[1]);
	r->out_fd = p[0];
	r->started = ev_now_update(loop);
	ev_child_init(&r->watch, on_exit_cb, r);
	ev_timer_init(&r->timer, on_timeout, r);
	ev_io_init(&r->out, on_out, r);
	if (r->out_fd >= 0)
		ev_io_start(loop, &r->out, r->out_fd, EV_READ);
	ev_timer_start(loop, &r->timer, EV_MSEC(tmo));
	return ev_child_start(loop, &r->watch, r->pid);
}

static enum ipc_script_result
launch(struct scripts *s, struct run *r, const struct ipc_script_run *q)
{
	char user[64], group[64];
	struct identity id;
	enum script_verdict v;
	char **argv;
	int argc, rc;
	uint32_t tmo =
		q->timeout_ms ? q->timeout_ms : SCRIPT_DEFAULT_TIMEOUT_MS;

	if (!s->d->conf)
		return IPC_SCRIPT_REFUSED;
	v = script_policy(s->d->conf, q->cmd, q->user, user_exists, user, group,
			  sizeof(user));
	if (v == SCRIPT_NOT_IN_CONFIG && s->d->prev_conf)
		v = script_policy(s->d->prev_conf, q->cmd, q->user, user_exists,
				  user, group, sizeof(user));
	if (v != SCRIPT_ALLOW) {
		log_warn("script child=%s cmd=\"%s\" user=\"%s\" state=refused "
			 "reason=%s",
			 proc_name(r->ch->proc), q->cmd, q->user,
			 v == SCRIPT_NOT_IN_CONFIG ? "not-in-config"
						   : "user-not-in-config");
		return IPC_SCRIPT_REFUSED;
	}
	if (s->running >= SCRIPTS_MAX_RUNNING || resolve(user, group, &id) < 0)
		return IPC_SCRIPT_NOSTART;
	argv = cmd_split(q->cmd, &argc);
	if (!argv)
		return IPC_SCRIPT_NOSTART;
	if (s->d->conf->global.enable_script_security &&
	    !script_path_secure(argv[0])) {
		log_warn("script child=%s cmd=\"%s\" state=refused "
			 "reason=insecure-path",
			 proc_name(r->ch->proc), q->cmd);
		free(argv);
		return IPC_SCRIPT_REFUSED;
	}
	r->keep = q->flags & IPC_SCRIPT_KEEP_OUTPUT;
	rc = start(r, argv, &id,
		   tmo < SCRIPT_MAX_TIMEOUT_MS ? tmo : SCRIPT_MAX_TIMEOUT_MS);
	free(argv);
	if (rc < 0 && r->pid > 0) { /* started but cannot be watched */
		kill_group(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	return rc < 0 ? IPC_SCRIPT_NOSTART : IPC_SCRIPT_OK;
}

void
scripts_request(struct scripts *s, struct vchild *ch,
		const struct ipc_script_run *q)
{
	struct run *r = calloc(1, sizeof(*r));
	enum ipc_script_result res;

	if (!r) {
		struct ipc_script_done d = {.id = q->id,
					    .result = IPC_SCRIPT_NOSTART};

		super_send(ch, IPC_SCRIPT_DONE, &d, sizeof(d), -1);
		return;
	}
	r->s = s;
	r->ch = ch;
	r->incarnation = ch->incarnation;
	r->done.id = q->id;
	r->out_fd = -1;
	r->next = s->runs;
	s->runs = r;
	s->running++;
	res = launch(s, r, q);
	if (res == IPC_SCRIPT_OK) {
		s->started++;
		return;
	}
	s->refused += res == IPC_SCRIPT_REFUSED;
	answer(r, res);
	run_free(r);
}

/* A script of the parent's own (startup_script, shutdown_script): the
 * same policy, identity and script security as any. */
pid_t
scripts_spawn(struct scripts *s, const char *cmd, const char *who)
{
	char user[64], group[64];
	struct identity id;
	char **argv;
	int argc;
	pid_t pid = -1;

	if (!s->d->conf ||
	    script_policy(s->d->conf, cmd, who, user_exists, user, group,
			  sizeof(user)) != SCRIPT_ALLOW) {
		errno = EPERM;
		return -1;
	}
	if (resolve(user, group, &id) < 0 || !(argv = cmd_split(cmd, &argc)))
		return -1;
	if (s->d->conf->global.enable_script_security &&
	    !script_path_secure(argv[0]))
		errno = EACCES;
	else
		pid = fork();
	if (pid == 0)
		exec_script(argv, &id, -1, 0);
	free(argv);
	return pid;
}

void
scripts_kill(pid_t pid)
{
	kill_group(pid, SIGKILL);
}

/* ---- long-lived FIFO readers -------------------------------------- */

#define READER_POLL EV_MSEC(100)
#define READER_TERM_WAIT EV_SEC(2)

static void reader_timer(struct ev_loop *loop, struct ev_timer *t, void *arg);
static void reader_exit(struct ev_loop *loop, struct ev_child *w, int status,
			void *arg);

/* The reader's argv: its command split like any script (words, to free),
 * plus the FIFO's path as the last argument (keepalived.conf(5)). */
static char **
reader_argv(const struct reader *r, char ***words)
{
	int argc = 0;
	char **argv;

	*words = cmd_split(r->cmd, &argc);
	if (!*words)
		return NULL;
	argv = calloc((size_t)argc + 2, sizeof(*argv));
	if (!argv) {
		free(*words);
		return NULL;
	}
	memcpy(argv, *words, (size_t)argc * sizeof(*argv));
	argv[argc] = (char *)r->fifo;
	return argv;
}

/* Whom the reader runs as: the policy of any script of the config. */
static int
reader_identity(const struct reader *r, struct identity *id)
{
	char who[130], user[64], group[64];

	snprintf(who, sizeof(who), "%s%s%s", r->user, *r->group ? " " : "",
		 r->group);
	if (script_policy(r->s->d->conf, r->cmd, who, user_exists, user, group,
			  sizeof(user)) != SCRIPT_ALLOW ||
	    resolve(user, group, id) < 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

static int
reader_fork(struct reader *r)
{
	struct identity id;
	char **words, **argv;
	pid_t parent = getpid();

	if (reader_identity(r, &id) < 0)
		return -1;
	argv = reader_argv(r, &words);
	if (!argv)
		return -1;
	r->pid = -1;
	if (r->s->d->conf->global.enable_script_security &&
	    !script_path_secure(argv[0]))
		errno = EACCES;
	else
		r->pid = fork();
	if (r->pid == 0)
		exec_script(argv, &id, -1, parent);
	free(words);
	free(argv);
	if (r->pid < 0)
		return -1;
	return 0;
}

/* Start the reader once its FIFO exists (the vrrp or check child creates
 * it). */
static void
reader_start(struct reader *r)
{
	struct ev_loop *loop = r->s->d->loop;
	struct stat st;

	if (stat(r->fifo, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		if (!r->waiting)
			log_info("script %s fifo=%s state=waiting-for-fifo",
				 r->kw, r->fifo);
		r->waiting = true;
		ev_timer_start(loop, &r->timer, READER_POLL);
		return;
	}
	r->waiting = false;
	r->started = ev_now_update(loop);
	if (reader_fork(r) < 0) {
		ev_time_t delay = backoff_next(&r->bo, r->started, r->started);

		log_err("script %s cmd=\"%s\" state=start-failed error=\"%s\" "
			"retry_ms=%llu",
			r->kw, r->cmd, strerror(errno),
			(unsigned long long)(delay ? delay : BACKOFF_FIRST) /
				1000);
		r->pid = 0;
		ev_timer_start(loop, &r->timer, delay ? delay : BACKOFF_FIRST);
		return;
	}
	ev_child_init(&r->watch, reader_exit, r);
	if (ev_child_start(loop, &r->watch, r->pid) < 0) {
		kill_group(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
		r->pid = 0;
		ev_timer_start(loop, &r->timer, BACKOFF_FIRST);
		return;
	}
	log_notice("script %s pid=%d cmd=\"%s\" fifo=%s state=started", r->kw,
		   (int)r->pid, r->cmd, r->fifo);
}

static void
reader_term(struct reader *r)
{
	kill_group(r->pid, SIGTERM);
	ev_timer_start(r->s->d->loop, &r->timer, READER_TERM_WAIT);
}

static void
readers_check_stopped(struct scripts *s)
{
	void (*cb)(void *) = s->stopped;

	for (int i = 0; i < READERS; i++)
		if (s->readers[i].pid)
			return;
	s->stopped = NULL;
	if (cb)
		cb(s->stopped_arg);
}

static void
reader_exit(struct ev_loop *loop, struct ev_child *w, int status, void *arg)
{
	struct reader *r = arg;
	ev_time_t delay;

	(void)w;
	ev_timer_stop(loop, &r->timer);
	log_info("script %s pid=%d state=exited status=%d", r->kw, (int)r->pid,
		 status);
	r->pid = 0;
	if (!r->want) {
		readers_check_stopped(r->s);
		return;
	}
	if (r->reconf) {
		r->reconf = false;
		reader_start(r);
		return;
	}
	r->restarts++;
	delay = backoff_next(&r->bo, r->started, ev_now_update(loop));
	log_warn("script %s state=died restarts=%u respawn_ms=%llu", r->kw,
		 r->restarts, (unsigned long long)(delay / 1000));
	ev_timer_start(loop, &r->timer, delay);
}

/* Poll for the FIFO, respawn after a delay, or SIGKILL one that ignored
 * SIGTERM. */
static void
reader_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct reader *r = arg;

	(void)loop;
	(void)t;
	if (r->pid) {
		log_warn("script %s pid=%d state=killed reason=term-timeout",
			 r->kw, (int)r->pid);
		kill_group(r->pid, SIGKILL);
	} else if (r->want) {
		reader_start(r);
	}
}

static void
copy_str(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* One reader against its config entry: same -> kept, else restarted. */
static void
reader_sync(struct reader *r, const struct conf_fifo *f)
{
	struct reader n = {0};
	bool want = f->script.cmd && f->path;

	copy_str(n.cmd, sizeof(n.cmd), want ? f->script.cmd : NULL);
	copy_str(n.user, sizeof(n.user), f->script.user);
	copy_str(n.group, sizeof(n.group), f->script.group);
	copy_str(n.fifo, sizeof(n.fifo), want ? f->path : NULL);
	if (f->script.cmd && !f->path)
		log_warn("script %s cmd=\"%s\" state=not-started "
			 "reason=\"no FIFO configured for it\"",
			 r->kw, f->script.cmd);
	if (r->want == want && !strcmp(n.cmd, r->cmd) &&
	    !strcmp(n.user, r->user) && !strcmp(n.group, r->group) &&
	    !strcmp(n.fifo, r->fifo))
		return;
	memcpy(r->cmd, n.cmd, sizeof(r->cmd));
	memcpy(r->user, n.user, sizeof(r->user));
	memcpy(r->group, n.group, sizeof(r->group));
	memcpy(r->fifo, n.fifo, sizeof(r->fifo));
	r->want = want;
	r->bo.fails = 0;
	if (r->pid) {
		r->reconf = want;
		reader_term(r);
		return;
	}
	ev_timer_stop(r->s->d->loop, &r->timer);
	if (want)
		reader_start(r);
}

void
scripts_readers_sync(struct scripts *s)
{
	const struct conf *c = s->d->conf;

	if (!c || s->d->shutting_down)
		return;
	reader_sync(&s->readers[READER_NOTIFY], &c->global.notify_fifo);
	reader_sync(&s->readers[READER_VRRP], &c->global.vrrp_notify_fifo);
	reader_sync(&s->readers[READER_LVS], &c->global.lvs_notify_fifo);
}

void
scripts_readers_stop(struct scripts *s, void (*done)(void *arg), void *arg)
{
	s->stopped = done;
	s->stopped_arg = arg;
	for (int i = 0; i < READERS; i++) {
		struct reader *r = &s->readers[i];

		r->want = false;
		r->reconf = false;
		ev_timer_stop(s->d->loop, &r->timer);
		if (r->pid)
			reader_term(r);
	}
	readers_check_stopped(s);
}

struct scripts *
scripts_new(struct vigild *d)
{
	static const char *const kw[READERS] = {"notify_fifo_script",
						"vrrp_notify_fifo_script",
						"lvs_notify_fifo_script"};
	struct scripts *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->d = d;
	for (int i = 0; i < READERS; i++) {
		s->readers[i].s = s;
		s->readers[i].kw = kw[i];
		ev_timer_init(&s->readers[i].timer, reader_timer,
			      &s->readers[i]);
	}
	return s;
}

/* At exit: scripts still running are killed, not waited for; a reader
 * still there (scripts_readers_stop() was not waited for) is killed and
 * reaped. */
void
scripts_free(struct scripts *s)
{
	if (!s)
		return;
	for (int i = 0; i < READERS; i++) {
		struct reader *r = &s->readers[i];

		ev_timer_stop(s->d->loop, &r->timer);
		if (!r->pid)
			continue;
		ev_child_stop(s->d->loop, &r->watch);
		kill_group(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	while (s->runs) {
		struct run *r = s->runs;

		if (r->pid > 0)
			kill_group(r->pid, SIGKILL);
		ev_child_stop(s->d->loop, &r->watch);
		run_free(r);
	}
	free(s);
}
