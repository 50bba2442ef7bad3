// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parent's children, the rows of the table in children.c: spawn (fork
 * + exec of our own executable), the watchdog, respawn with backoff, and
 * the messages children send (only the types a child's row allows). The
 * parent's loop and its signals are here too; reload.c owns the config.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/runtime/sandbox.h"

#include "core/conf/conf_model.h"
#include "core/parent/children.h"
#include "core/parent/control.h"
#include "core/parent/pidfile.h"
#include "core/parent/script.h"
#include "core/parent/services.h"
#include "core/parent/vigild.h"

/* child_wait_time: how long a stopping child may take (5 s default). */
static ev_time_t
shutdown_wait(const struct vigild *d)
{
	return d->conf && d->conf->global.child_wait_time
		       ? (ev_time_t)d->conf->global.child_wait_time
		       : EV_SEC(5);
}

static void child_died(struct ev_loop *loop, struct ev_child *w, int status,
		       void *arg);
static void ipc_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg);
static void ipc_closed(struct ipc_conn *c, int err, void *arg);

ev_time_t
super_uptime(struct vigild *d)
{
	return ev_now(d->loop) - d->started;
}

int
super_send(struct vchild *ch, enum ipc_type t, const void *p, size_t len,
	   int fd)
{
	if (!ch->ipc) {
		errno = EPIPE;
		return -1;
	}
	return ipc_send(ch->ipc, t, p, len, fd);
}

/* ---- spawn ---- */

static void
exec_child(struct vchild *ch, int fd)
{
	const struct vigild_opts *o = ch->d->o;
	char fdarg[32], child[32], fac[16];
	const char *argv[16];
	int n = 0;
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	snprintf(fdarg, sizeof(fdarg), "--ipc-fd=%d", fd);
	snprintf(child, sizeof(child), "--child=%s", ch->row->name);
	snprintf(fac, sizeof(fac), "-S%d", (o->log_facility - LOG_LOCAL0) >> 3);
	argv[n++] = "vigild";
	argv[n++] = child;
	argv[n++] = fdarg;
	if (o->log_flags & LOG_F_STDERR)
		argv[n++] = "-l";
	if (o->log_flags & LOG_F_DETAIL)
		argv[n++] = "-D";
	if (!(o->log_flags & LOG_F_SYSLOG))
		argv[n++] = "--no-syslog";
	if (o->log_facility != LOG_DAEMON)
		argv[n++] = fac;
	if (o->debug) {
		argv[n++] = "--debug";
		argv[n++] = o->debug;
	}
	argv[n++] = "--runtime-dir";
	argv[n++] = o->runtime_dir;
	if (o->ident) { /* vigild_NS_NAME: the children log as the parent */
		argv[n++] = "--log-ident";
		argv[n++] = o->ident;
	}
	argv[n] = NULL;
	execv("/proc/self/exe", (char *const *)argv);
	_exit(127);
}

/* A reload's work in a child (the snapshot read and validated, then
 * applied) may not sleep for longer than RLIMIT_RTTIME lets a SCHED_RR
 * child run with many instances (the kernel would kill it): it runs
 * SCHED_OTHER, and gets the priority it had (vrrp_rt_priority, or one
 * max_auto_priority raised) back with its last RELOAD_DONE. The child
 * could lower itself, not raise itself again: without CAP_SYS_NICE that
 * takes RLIMIT_RTPRIO, which takes CAP_SYS_RESOURCE to lift. */
static void
rt_pause(struct vchild *ch)
{
	int prio;

	/* a child not ready yet gets its first config: no RELOAD_DONE */
	if (!ch->ready || ch->reloads_out++ ||
	    (prio = sandbox_rt_get(ch->pid)) <= 0)
		return;
	if (sandbox_rt_set(ch->pid, 0) < 0) {
		log_warn("child=%s scheduler=SCHED_OTHER reload=1 error=\"%s\"",
			 ch->row->name, strerror(errno));
		return;
	}
	ch->rt_paused = prio;
}

static void
rt_resume(struct vchild *ch)
{
	if (!ch->reloads_out || --ch->reloads_out || ch->rt_paused <= 0)
		return;
	if (sandbox_rt_set(ch->pid, ch->rt_paused) < 0)
		log_warn("child=%s scheduler=SCHED_RR rt_priority=%d "
			 "error=\"%s\"",
			 ch->row->name, ch->rt_paused, strerror(errno));
	ch->rt_paused = 0;
}

/* A SIGKILL nobody here sent, to a child that may run real-time: most
 * likely the kernel's, at RLIMIT_RTTIME (*_rlimit_rttime). */
static bool
rttime_kill(const struct vchild *ch, int status)
{
	struct child_procset p = {0};

	/* soft and hard RLIMIT_RTTIME are equal (sandbox.c): SIGKILL, no
	 * SIGXCPU first */
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL || ch->hung || !ch->d->conf || !ch->row->ops ||
	    !ch->row->ops->procset)
		return false;
	ch->row->ops->procset(ch->d->conf, &p);
	return p.rt_priority > 0 || p.keep_sys_nice;
}

/* The config in force, to a child that starts or must reload. */
void
super_send_snapshot(struct vchild *ch)
{
	struct vigild *d = ch->d;
	struct ipc_reload r = {.config_gen = d->gen};

	memcpy(r.hash, d->hash, sizeof(r.hash));
	rt_pause(ch);
	super_send(ch, IPC_RELOAD, &r, sizeof(r), d->snap_fd);
}

static int
spawn(struct vchild *ch)
{
	struct vigild *d = ch->d;
	int sv[2];
	pid_t pid;

	if (ipc_socketpair(sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* sv[1] must survive exec; everything else is close-on-exec. */
		fcntl(sv[1], F_SETFD, 0);
		exec_child(ch, sv[1]);
	}
	close(sv[1]);
	ch->ipc = ipc_conn_new(d->loop, sv[0], ipc_msg, ipc_closed, ch);
	ev_child_init(&ch->watch, child_died, ch);
	if (!ch->ipc || ev_child_start(d->loop, &ch->watch, pid) < 0) {
		int e = errno;

		if (ch->ipc)
			ipc_conn_free(ch->ipc);
		else
			close(sv[0]);
		ch->ipc = NULL;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0); /* killed: returns at once */
		errno = e;
		return -1;
	}
	ch->pid = pid;
	ch->ready = ch->stopping = ch->hung = ch->owned_building = false;
	ch->reloads_out = 0;
	ch->rt_paused = 0;
	ch->incarnation++;
	ch->spawned = ch->last_pong = ch->last_ping = ev_now(d->loop);
	ch->ping_out = 0;
	ch->gen = 0;
	super_send_snapshot(ch);
	pidfile_write_plain(ch->pid_file, pid);
	log_info("child=%s pid=%d state=started gen=%llu", ch->row->name,
		 (int)pid, (unsigned long long)d->gen);
	return 0;
}

static void
respawn_now(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vchild *ch = arg;
	ev_time_t delay;

	(void)t;
	if (!ch->wanted || ch->pid || ch->d->shutting_down)
		return;
	if (spawn(ch) == 0)
		return;
	delay = backoff_next(&ch->bo, ev_now(loop), ev_now(loop));
	log_err("child=%s state=spawn-failed error=\"%s\" retry_ms=%llu",
		ch->row->name, strerror(errno),
		(unsigned long long)(delay / 1000));
	ev_timer_start(loop, &ch->respawn, delay ? delay : BACKOFF_FIRST);
}

/* Start the children the config wants, stop those it no longer wants;
 * the same for the notify FIFO readers. */
void
super_sync_children(struct vigild *d)
{
	if (d->scripts)
		scripts_readers_sync(d->scripts);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);

		if (ch->wanted && !ch->pid && !ev_timer_active(&ch->respawn) &&
		    !d->holding) {
			ch->bo.fails = 0;
			ev_timer_start(d->loop, &ch->respawn, 0);
		} else if (!ch->wanted && ch->pid && !ch->stopping) {
			struct ipc_shutdown s = {0};

			ch->stopping = true;
			super_send(ch, IPC_SHUTDOWN, &s, sizeof(s), -1);
			ev_timer_start(d->loop, &ch->kill, shutdown_wait(d));
		}
	}
}

/* ---- death ---- */

static void
describe_status(int status, char *buf, size_t n)
{
	if (WIFEXITED(status))
		snprintf(buf, n, "exit=%d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "signal=%s",
			 sigabbrev_np(WTERMSIG(status))
				 ? sigabbrev_np(WTERMSIG(status))
				 : "?");
	else
		snprintf(buf, n, "status=%d", status);
}

static void
break_loop(void *arg)
{
	struct vigild *d = arg;

	ev_break(d->loop);
}

/* A notify FIFO the vrrp or check child made (as root at its start, then gave to
 * its user) may sit in a directory that user cannot write: the parent
 * removes it once the child has stopped, as keepalived removes its own. */
static void
remove_child_fifos(struct vigild *d)
{
	const struct conf_fifo *f[3];
	struct sandbox_user u;
	struct stat st;

	if (!d->conf ||
	    sandbox_user(d->conf->global.vigil_child_user, &u) < 0 ||
	    !u.change || u.uid == 0)
		return;
	f[0] = &d->conf->global.notify_fifo;
	f[1] = &d->conf->global.vrrp_notify_fifo;
	f[2] = &d->conf->global.lvs_notify_fifo;
	for (int i = 0; i < 3; i++)
		if (f[i]->path && lstat(f[i]->path, &st) == 0 &&
		    S_ISFIFO(st.st_mode) && st.st_uid == u.uid)
			unlink(f[i]->path);
}

/* After the shutdown script: the FIFO readers go last (they have read
 * the children's last lines), then the loop ends. */
static void
shutdown_script_done(struct vigild *d)
{
	remove_child_fifos(d);
	if (d->scripts)
		scripts_readers_stop(d->scripts, break_loop, d);
	else
		ev_break(d->loop);
}

/* The children are gone: the shutdown script runs (keepalived's order). */
static void
children_gone(struct vigild *d)
{
	if (d->global_script)
		return; /* the startup script still runs: it goes at exit */
	global_script_run(d, false, shutdown_script_done);
}

static bool
any_running(struct vigild *d)
{
	for (size_t i = 0; i < vigild_nchildren; i++)
		if (vigild_child(d, i)->pid)
			return true;
	return false;
}

static void
child_died(struct ev_loop *loop, struct ev_child *w, int status, void *arg)
{
	struct vchild *ch = arg;
	struct vigild *d = ch->d;
	char how[48];
	ev_time_t delay;

	(void)w;
	describe_status(status, how, sizeof(how));
	ipc_conn_free(ch->ipc);
	ch->ipc = NULL;
	ev_timer_stop(loop, &ch->kill);
	query_child_gone(d, ch->proc);
	pidfile_remove(ch->pid_file);
	ch->ready = false;
	if (ch->stopping || d->shutting_down) {
		log_info("child=%s pid=%d state=stopped %s", ch->row->name,
			 (int)ch->pid, how);
		ch->pid = 0;
		if (WIFEXITED(status))
			ch->owned.n = 0; /* it gave its addresses up */
		if (d->shutting_down) {
			if (!any_running(d))
				children_gone(d);
		} else {
			super_sync_children(d);
		}
		return;
	}
	ch->pid = 0;
	ch->restarts++;
	delay = backoff_next(&ch->bo, ch->spawned, ev_now(loop));
	log_warn("child=%s state=died %s%s restarts=%u respawn_ms=%llu",
		 ch->row->name, how,
		 rttime_kill(ch, status) ? " hint=rlimit_rttime" : "",
		 ch->restarts, (unsigned long long)(delay / 1000));
	ev_timer_start(loop, &ch->respawn, delay);
}

static void
kill_late(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vchild *ch = arg;

	(void)loop;
	(void)t;
	if (!ch->pid)
		return;
	log_warn("child=%s pid=%d state=killed reason=shutdown-timeout",
		 ch->row->name, (int)ch->pid);
	kill(ch->pid, SIGKILL);
	owned_release(ch); /* it did not give them up: hung as it stopped */
}

/* ---- messages from children ---- */

/* A child's text in a key=value line: quoted when it has a space, '"'
 * or '=' in it, with '"' turned into '\'' so that no value can forge a
 * field. */
static size_t
put_field(char *out, size_t room, const char *k, const char *v)
{
	char val[256];
	size_t n = 0;
	bool quote = !*v;

	for (const char *p = v; *p && n < sizeof(val) - 1; p++) {
		quote |= *p == ' ' || *p == '"' || *p == '=';
		val[n++] = *p == '"' ? '\'' : *p;
	}
	val[n] = '\0';
	n = (size_t)snprintf(out, room, quote ? " %s=\"%s\"" : " %s=%s", k,
			     val);
	return n < room ? n : room;
}

static void
log_event(struct vchild *ch, struct json_object *o)
{
	char line[900];
	size_t n = 0;

	line[0] = '\0';
	json_object_object_foreach(o, k, v)
	{
		char key[32];
		size_t i;

		for (i = 0; k[i] && i < sizeof(key) - 1; i++)
			key[i] = isalnum((unsigned char)k[i]) || k[i] == '_' ||
						 k[i] == '-'
					 ? k[i]
					 : '_';
		key[i] = '\0';
		n += put_field(line + n, sizeof(line) - n, key,
			       json_object_get_string(v) ?: "");
	}
	log_notice("child=%s%s", ch->row->name, line);
}

/* An event: one log line, and a mail if its object alerts. */
static void
event_msg(struct vchild *ch, const char *json)
{
	struct json_object *o = json_tokener_parse(json);

	if (!o || !json_object_is_type(o, json_type_object)) {
		log_warn("child=%s event=bad-json", ch->row->name);
		json_object_put(o);
		return;
	}
	log_event(ch, o);
	alerts_event(ch->d->alerts, ch->d->conf, o);
	json_object_put(o);
}

/* Keep the last state of each instance (or group) for later children. */
static void
vrrp_keep(struct vigild *d, const struct ipc_vrrp_state_msg *v)
{
	size_t i;

	for (i = 0; i < d->nvrrp_last; i++)
		if (!strcmp(d->vrrp_last[i].instance, v->instance) &&
		    !strcmp(d->vrrp_last[i].group, v->group))
			break;
	if (i == VIGILD_VRRP_KEEP)
		return;
	d->vrrp_last[i] = *v;
	if (i == d->nvrrp_last)
		d->nvrrp_last++;
}

/* A child that just became ready hears the states it missed; a child
 * that sends VRRP states itself does not. */
static void
vrrp_replay(struct vchild *ch)
{
	struct vigild *d = ch->d;

	if (children_may_send(ch->row, IPC_VRRP_STATE))
		return;
	for (size_t i = 0; i < d->nvrrp_last; i++)
		super_send(ch, IPC_VRRP_STATE, &d->vrrp_last[i],
			   sizeof(d->vrrp_last[i]), -1);
}

static void
vrrp_state(struct vchild *ch, const struct ipc_msg *m)
{
	const struct ipc_vrrp_state_msg *v = m->payload;
	struct vigild *d = ch->d;

	vrrp_keep(d, v);
	log_notice("vrrp_instance=%s group=%s state=%s prev=%s priority=%u",
		   v->instance[0] ? v->instance : "-",
		   v->group[0] ? v->group : "-", ipc_vrrp_state_name(v->state),
		   ipc_vrrp_state_name(v->prev), v->priority);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *to = vigild_child(d, i);

		if (to != ch && to->ready)
			super_send(to, IPC_VRRP_STATE, v, sizeof(*v), -1);
	}
}

/* A BFD session's state: kept by name, relayed to the other ready
 * children as VRRP_STATE is. */
static void
bfd_state(struct vchild *ch, const struct ipc_msg *m)
{
	const struct ipc_bfd_state_msg *b = m->payload;
	struct vigild *d = ch->d;
	size_t i;

	for (i = 0; i < d->nbfd_last; i++)
		if (!strcmp(d->bfd_last[i].name, b->name))
			break;
	if (i < VIGILD_BFD_KEEP) {
		d->bfd_last[i] = *b;
		if (i == d->nbfd_last)
			d->nbfd_last++;
	}
	for (size_t k = 0; k < vigild_nchildren; k++) {
		struct vchild *to = vigild_child(d, k);

		if (to != ch && to->ready)
			super_send(to, IPC_BFD_STATE, b, sizeof(*b), -1);
	}
}

static void
bfd_replay(struct vchild *ch)
{
	struct vigild *d = ch->d;

	if (children_may_send(ch->row, IPC_BFD_STATE))
		return;
	for (size_t i = 0; i < ch->d->nbfd_last; i++)
		super_send(ch, IPC_BFD_STATE, &d->bfd_last[i],
			   sizeof(d->bfd_last[i]), -1);
}

static void
reload_done(struct vchild *ch, const struct ipc_reload_done *r)
{
	rt_resume(ch);
	if (r->ok) {
		ch->gen = r->config_gen;
		log_info("child=%s reload=ok gen=%llu changes=%u",
			 ch->row->name, (unsigned long long)r->config_gen,
			 r->changes);
		notify_systemd_update(ch->d);
	} else {
		log_err("child=%s reload=refused gen=%llu error=\"%s\"",
			ch->row->name, (unsigned long long)r->config_gen,
			r->error);
		notify_systemd_refused(ch->d, ch);
	}
}

/* A type the child's row does not allow (children.c): counted for
 * `vigilctl status`, said once per type, never acted on. */
static void
reject(struct vchild *ch, const struct ipc_msg *m)
{
	unsigned t = m->type < IPC_TYPE_MAX ? m->type : IPC_NONE;

	ch->rejected[t]++;
	if (ch->rejected_logged & CHILD_MSG(t))
		return;
	ch->rejected_logged |= CHILD_MSG(t);
	log_warn("child=%s type=%s state=rejected reason=not-allowed",
		 ch->row->name, t ? ipc_type_info(t)->name : "unknown");
}

void
super_child_msg(struct vchild *ch, const struct ipc_msg *m)
{
	struct vigild *d = ch->d;

	ch->last_pong = ev_now(d->loop); /* any message proves it lives */
	ch->ping_out = 0;
	if (!children_may_send(ch->row, m->type)) {
		reject(ch, m);
		if (m->fd >= 0)
			close(m->fd);
		return;
	}
	switch (m->type) {
	case IPC_PONG:
		break;
	case IPC_READY: {
		const struct ipc_ready *r = m->payload;

		ch->ready = true;
		ch->gen = r->config_gen;
		log_info("child=%s pid=%d state=ready gen=%llu", ch->row->name,
			 (int)ch->pid, (unsigned long long)r->config_gen);
		vrrp_replay(ch);
		bfd_replay(ch);
		notify_systemd_update(d);
		break;
	}
	case IPC_RELOAD_DONE:
		reload_done(ch, m->payload);
		break;
	case IPC_QUERY_REPLY:
		query_reply(d, ch->proc, m);
		break;
	case IPC_EVENT:
		event_msg(ch, m->json);
		break;
	case IPC_VRRP_STATE:
		vrrp_state(ch, m);
		break;
	case IPC_SCRIPT_RUN:
		scripts_request(d->scripts, ch, m->payload);
		break;
	case IPC_OWNED:
		owned_msg(ch, m->payload);
		break;
	case IPC_BFD_STATE:
		bfd_state(ch, m);
		break;
	default:
		log_warn("child=%s msg=%s state=unexpected", ch->row->name,
			 ipc_type_info(m->type)->name);
	}
	if (m->type == IPC_EVENT || m->type == IPC_VRRP_STATE ||
	    m->type == IPC_READY)
		services_child_msg(d, ch, m);
	if (m->fd >= 0)
		close(m->fd);
}

static void
ipc_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	(void)c;
	super_child_msg(arg, m);
}

/* The child's end closed: it is dying; child_died() cleans up. */
static void
ipc_closed(struct ipc_conn *c, int err, void *arg)
{
	struct vchild *ch = arg;

	(void)err;
	ipc_conn_free(c);
	ch->ipc = NULL;
	ch->ready = false;
}

/* ---- signals ---- */

static void
begin_shutdown(struct vigild *d)
{
	if (d->shutting_down)
		return;
	d->shutting_down = true;
	log_notice("vigild state=stopping");
	notify_systemd_stopping(d);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		vigild_child(d, i)->wanted = false;
		ev_timer_stop(d->loop, &vigild_child(d, i)->respawn);
	}
	super_sync_children(d);
	if (!any_running(d))
		children_gone(d);
}

static void
on_signal(struct ev_loop *loop, struct ev_signal *s, void *arg)
{
	struct vigild *d = arg;

	(void)loop;
	switch (s->signo) {
	case SIGHUP:
		if (!d->shutting_down)
			vigild_load(d, false, false);
		break;
	case SIGUSR1:
	case SIGUSR2:
		dump_start(d, s->signo == SIGUSR2);
		break;
	case SIGPIPE: /* a peer went away; the write reports it */
		break;
	default:
		begin_shutdown(d);
	}
}

/* ---- the parent's life ---- */

#define VIGILD_ALERT_DRAIN EV_SEC(5)

/* A row's child: its timers and its pid file (the row's option, else the
 * row's default name in the runtime directory). */
static void
child_setup(struct vigild *d, const struct vigild_child *row)
{
	struct vchild *ch = &d->ch[row->proc];
	const char *file = d->o->child_pid_file[row->proc];

	ch->d = d;
	ch->row = row;
	ch->proc = row->proc;
	ev_timer_init(&ch->respawn, respawn_now, ch);
	ev_timer_init(&ch->kill, kill_late, ch);
	if (file)
		snprintf(ch->pid_file, sizeof(ch->pid_file), "%s", file);
	else
		snprintf(ch->pid_file, sizeof(ch->pid_file), "%s/%s",
			 d->o->runtime_dir, row->pid_default);
}

static int
setup(struct vigild *d, const struct vigild_opts *o)
{
	static const int sigs[] = {SIGHUP,  SIGTERM, SIGINT,
				   SIGUSR1, SIGUSR2, SIGPIPE};
	d->o = o;
	d->snap_fd = -1;
	d->loop = ev_loop_new();
	if (!d->loop)
		return -1;
	d->alerts = alerts_new(d->loop);
	if (!d->alerts)
		return -1;
	d->started = ev_now_update(d->loop);
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		ev_signal_init(&d->sig[i], on_signal, d);
		if (ev_signal_start(d->loop, &d->sig[i], sigs[i]) < 0)
			return -1;
	}
	/* SIGPIPE is watched only to keep it blocked. */
	for (size_t i = 0; i < vigild_nchildren; i++)
		child_setup(d, &vigild_children[i]);
	ev_timer_init(&d->watchdog, watchdog_tick, d);
	return 0;
}

static void
teardown(struct vigild *d)
{
	global_script_free(d);
	query_free_all(d);
	services_stop(d);
	control_free(d->ctl);
	scripts_free(d->scripts);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		ipc_conn_free(vigild_child(d, i)->ipc);
		owned_free(vigild_child(d, i));
	}
	if (d->snap_fd >= 0)
		close(d->snap_fd);
	free(d->last.errors);
	vigild_conf_free(d);
	alerts_free(d->alerts);
	ev_loop_free(d->loop);
}

/* The children start once the startup script has run (keepalived). */
static void
startup_script_done(struct vigild *d)
{
	d->holding = false;
	if (d->shutting_down)
		children_gone(d); /* stopped while it ran: none started */
	else
		super_sync_children(d);
}

int
vigild_run(const struct vigild_opts *o)
{
	struct vigild d = {0};

	if (setup(&d, o) < 0) {
		log_err("vigild state=failed error=\"%s\"", strerror(errno));
		return 1;
	}
	mkdir(o->runtime_dir, 0755);
	d.holding = true; /* until the startup script has run */
	if (vigild_load(&d, true, true) < 0) {
		teardown(&d);
		return VIGILD_EXIT_CONFIG;
	}
	d.scripts = scripts_new(&d);
	d.ctl = control_new(&d);
	if (!d.scripts || !d.ctl || services_start(&d) < 0) {
		teardown(&d);
		return 1;
	}
	scripts_readers_sync(d.scripts);
	global_script_run(&d, true, startup_script_done);
	watchdog_start(&d);
	log_notice("vigild state=running pid=%d config=%s", (int)getpid(),
		   o->conf_file);
	notify_systemd_update(&d); /* at once if no child is wanted */
	ev_run(d.loop);
	/* The children's last transitions (STOP) are mailed before the
	 * parent ends, for a bounded time. */
	alerts_drain(d.alerts, d.loop, VIGILD_ALERT_DRAIN);
	log_notice("vigild state=stopped");
	teardown(&d);
	return d.exit_status;
}
