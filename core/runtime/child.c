// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The child runtime (core/runtime/child.h): the loop, the IPC connection to the
 * parent, the snapshot, capabilities, and the messages every child answers
 * the same way. The child's own work is behind struct child_ops.
 */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/runtime/child.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "core/runtime/snapshot.h"

#define CHILD_STOP_GRACE EV_SEC(10)

struct pending_script {
	uint64_t id;
	child_script_cb cb;
	void *arg;
	struct pending_script *next;
};

struct child_ctx {
	const struct child_ops *ops;
	struct ev_loop *loop;
	struct ipc_conn *ipc;
	void *st;
	struct conf *conf;
	uint64_t gen;
	bool stopping, done;
	int status;
	struct ev_signal sterm, sint, shup;
	struct ev_timer grace, orphan;
	struct pending_script *scripts;
	uint64_t next_script;
	const char *runtime_dir;
	char dir[512]; /* the child's own, or "" */
	struct child_procset procset;
	struct sandbox_user user; /* who it becomes after start */
};

const char *
child_runtime_dir(const struct child_ctx *cx)
{
	return cx->dir[0] ? cx->dir : NULL;
}

struct ev_loop *
child_loop(struct child_ctx *cx)
{
	return cx->loop;
}

uint64_t
child_config_gen(const struct child_ctx *cx)
{
	return cx->gen;
}

int
child_send(struct child_ctx *cx, enum ipc_type type, const void *payload,
	   size_t len)
{
	if (!cx->ipc) {
		errno = EPIPE;
		return -1;
	}
	return ipc_send(cx->ipc, type, payload, len, -1);
}

int
child_event(struct child_ctx *cx, struct json_object *ev)
{
	int r = -1;

	if (cx->ipc)
		r = ipc_send_json(
			cx->ipc, IPC_EVENT, 0, 0,
			json_object_to_json_string_ext(
				ev, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		errno = EPIPE;
	json_object_put(ev);
	return r;
}

void
child_stopped(struct child_ctx *cx, int status)
{
	if (cx->done) /* the first status stands */
		return;
	cx->status = status;
	cx->done = true;
	ev_break(cx->loop);
}

static void
begin_stop(struct child_ctx *cx)
{
	if (cx->stopping || cx->done)
		return;
	cx->stopping = true;
	ev_timer_start(cx->loop, &cx->grace, CHILD_STOP_GRACE);
	if (cx->st)
		cx->ops->stop(cx->st);
	else
		child_stopped(cx, 0);
}

/* ---- what a child gives up (core/runtime/sandbox.h) ---- */

/* At spawn, as root: what the real-time priority needs later too. */
static void
apply_procset(struct child_ctx *cx, const struct conf *c)
{
	struct child_procset *p = &cx->procset;

	if (!cx->ops->procset)
		return;
	cx->ops->procset(c, p);
	if (sandbox_procset_limits(p) < 0)
		log_warn("child=%s procset=fail nice=%d rt_priority=%u "
			 "rlimit_rttime=%u no_swap=%d error=\"%s\"",
			 proc_name(cx->ops->proc), p->nice, p->rt_priority,
			 p->rlimit_rttime, p->no_swap, strerror(errno));
}

/* SCHED_RR once the child's start is done: a start of many instances
 * may not sleep for longer than RLIMIT_RTTIME allows (a reload is the
 * parent's part: super_send_snapshot). A default the kernel refuses (no
 * CAP_SYS_NICE in a container) is a notice. */
static void
enter_realtime(struct child_ctx *cx)
{
	const struct child_procset *p = &cx->procset;

	if (!p->rt_priority || sandbox_rt_set(0, (int)p->rt_priority) == 0)
		return;
	if (p->rt_optional)
		log_notice("child=%s scheduler=SCHED_OTHER rt_priority=%u "
			   "error=\"%s\"",
			   proc_name(cx->ops->proc), p->rt_priority,
			   strerror(errno));
	else
		log_warn("child=%s scheduler=SCHED_RR rt_priority=%u "
			 "error=\"%s\"",
			 proc_name(cx->ops->proc), p->rt_priority,
			 strerror(errno));
}

/* The settings apply at spawn: a reload that changes them says so. */
static void
procset_changed(struct child_ctx *cx, const struct conf *c)
{
	struct child_procset p = {0};

	if (!cx->ops->procset)
		return;
	cx->ops->procset(c, &p);
	if (!sandbox_procset_equal(&p, &cx->procset))
		log_warn("child=%s procset=changed applies=next-start",
			 proc_name(cx->ops->proc));
}

static void
make_dir(struct child_ctx *cx)
{
	const char *name = proc_name(cx->ops->proc);

	if (!cx->runtime_dir || !cx->runtime_dir[0])
		return;
	if (sandbox_dir(cx->runtime_dir, name, cx->dir, sizeof(cx->dir)) < 0) {
		log_warn("child=%s dir=%s/%s error=\"%s\"", name,
			 cx->runtime_dir, name, strerror(errno));
		cx->dir[0] = '\0';
	}
}

static int
find_user(struct child_ctx *cx, const struct conf *c, char *err, size_t n)
{
	const char *user = c->global.vigil_child_user;

	if (sandbox_user(user, &cx->user) == 0)
		return 0;
	snprintf(err, n, "vigil_child_user %s: %s", user ? user : "(default)",
		 errno == ENOENT ? "no such user" : strerror(errno));
	return -1;
}

uid_t
child_uid(const struct child_ctx *cx)
{
	return cx->user.uid;
}

static int
give_up(struct child_ctx *cx, const struct conf *c, char *err, size_t n)
{
	const char *name = proc_name(cx->ops->proc);
	bool seccomp = c->global.vigil_child_seccomp > 0;
	const struct sandbox_user u = cx->user;
	int caps[CAP_LAST_CAP + 1];
	unsigned ncaps = 0;

	for (unsigned i = 0; i < cx->ops->ncaps && ncaps < CAP_LAST_CAP; i++)
		caps[ncaps++] = cx->ops->caps[i];
	/* *_no_swap: every later mapping is locked, which past
	 * RLIMIT_MEMLOCK takes CAP_IPC_LOCK (sandbox_procset) */
	if (cx->procset.no_swap)
		caps[ncaps++] = CAP_IPC_LOCK;
	/* max_auto_priority: SCHED_RR raised while it runs (vrrp_rt.c) */
	if (cx->procset.keep_sys_nice)
		caps[ncaps++] = CAP_SYS_NICE;

	if (cx->dir[0] && sandbox_own_dir(cx->dir, &u) < 0)
		log_warn("child=%s dir=%s owner=%s error=\"%s\"", name, cx->dir,
			 u.name, strerror(errno));
	if (sandbox_drop(&u, caps, ncaps, SIGTERM) < 0) {
		snprintf(err, n, "user %s: %s", u.name, strerror(errno));
		return -1;
	}
	/* Its parents must let the user through (/run/vigil is 0755). */
	if (cx->dir[0] && access(cx->dir, W_OK | X_OK) < 0)
		log_warn("child=%s dir=%s user=%s error=\"%s\" state=unsaved",
			 name, cx->dir, u.name, strerror(errno));
	/* Every log line's timestamp needs the time zone; read now, or the
	 * first line after the filter opens /etc/localtime, which a child
	 * that opens no file of its own does not list. */
	tzset();
	if (seccomp && sandbox_seccomp(name, cx->ops->syscalls, err, n) < 0)
		return -1;
	log_info("child=%s user=%s uid=%u gid=%u ncaps=%u seccomp=%s", name,
		 u.name, (unsigned)u.uid, (unsigned)u.gid, ncaps,
		 seccomp ? "on" : "off");
	return 0;
}

/* ---- scripts ---- */

uint64_t
child_run_script(struct child_ctx *cx, const char *cmd, const char *user,
		 uint32_t timeout_ms, uint32_t flags, child_script_cb cb,
		 void *arg)
{
	struct ipc_script_run r;
	struct pending_script *p;

	memset(&r, 0, sizeof(r));
	if (strlen(cmd) >= sizeof(r.cmd) ||
	    (user && strlen(user) >= sizeof(r.user)) || !cx->ipc) {
		errno = cx->ipc ? ENAMETOOLONG : EPIPE;
		return 0;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return 0;
	r.id = ++cx->next_script;
	r.timeout_ms = timeout_ms;
	r.flags = flags;
	strcpy(r.cmd, cmd);
	if (user)
		strcpy(r.user, user);
	if (ipc_send(cx->ipc, IPC_SCRIPT_RUN, &r, sizeof(r), -1) < 0) {
		free(p);
		return 0;
	}
	*p = (struct pending_script){r.id, cb, arg, cx->scripts};
	cx->scripts = p;
	return r.id;
}

static struct pending_script *
take_script(struct child_ctx *cx, uint64_t id)
{
	for (struct pending_script **pp = &cx->scripts; *pp;
	     pp = &(*pp)->next) {
		struct pending_script *p = *pp;

		if (p->id == id) {
			*pp = p->next;
			return p;
		}
	}
	return NULL;
}

void
child_cancel_script(struct child_ctx *cx, uint64_t id)
{
	free(take_script(cx, id));
}

static void
script_done(struct child_ctx *cx, const struct ipc_script_done *d)
{
	struct pending_script *p = take_script(cx, d->id);

	if (!p)
		return;
	p->cb(d, p->arg);
	free(p);
}

/* The parent went away: every script still waiting gets NOSTART, from a
 * timer so that no callback runs inside the IPC close path. */
static void
orphan_scripts(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct child_ctx *cx = arg;
	struct ipc_script_done d;

	(void)loop;
	(void)t;
	while (cx->scripts) {
		memset(&d, 0, sizeof(d));
		d.id = cx->scripts->id;
		d.result = IPC_SCRIPT_NOSTART;
		script_done(cx, &d);
	}
}

/* ---- config ---- */

static struct conf *
read_snapshot(int fd, const struct ipc_reload *r, char *err, size_t n)
{
	struct conf_opts o = {0};
	struct conf_diags d;
	struct conf *c;
	size_t len;
	char *text = snapshot_read(fd, r->hash, &len);

	if (!text) {
		snprintf(err, n, "snapshot: %s", strerror(errno));
		return NULL;
	}
	conf_diags_init(&d);
	c = conf_parse(text, len, &o, &d);
	if (c && conf_validate(c, &o, &d) < 0) {
		conf_free(c);
		c = NULL;
	}
	free(text);
	if (!c)
		snprintf(err, n, "snapshot does not validate (%zu errors)",
			 d.errors);
	conf_diags_free(&d);
	return c;
}

static void
send_ready(struct child_ctx *cx)
{
	struct ipc_ready r = {IPC_VERSION, (int32_t)getpid(), cx->gen};

	ipc_send(cx->ipc, IPC_READY, &r, sizeof(r), -1);
}

static int
first_config(struct child_ctx *cx, struct conf *c, char *err, size_t n)
{
	/* As root still: the settings, the directory, the sockets. */
	if (find_user(cx, c, err, n) < 0) {
		conf_free(c);
		return -1;
	}
	apply_procset(cx, c);
	make_dir(cx);
	cx->st = cx->ops->start(cx, c, err, n);
	if (!cx->st) {
		conf_free(c);
		return -1;
	}
	cx->conf = c;
	enter_realtime(cx);
	if (give_up(cx, c, err, n) < 0)
		return -1;
	send_ready(cx);
	return 0;
}

static void
on_reload(struct child_ctx *cx, const struct ipc_msg *m)
{
	const struct ipc_reload *r = m->payload;
	struct ipc_reload_done d = {.config_gen = r->config_gen};
	struct conf *c = read_snapshot(m->fd, r, d.error, sizeof(d.error));

	close(m->fd);
	if (!cx->st) {
		cx->gen = r->config_gen;
		if (!c || first_config(cx, c, d.error, sizeof(d.error)) < 0) {
			log_err("child=%s state=failed error=\"%s\"",
				proc_name(cx->ops->proc), d.error);
			child_stopped(cx, 1);
		}
		return;
	}
	if (c)
		procset_changed(cx, c);
	if (c && cx->ops->reload(cx->st, c, &d.changes, d.error,
				 sizeof(d.error)) == 0) {
		conf_free(cx->conf);
		cx->conf = c;
		cx->gen = r->config_gen;
		d.ok = 1;
	} else {
		conf_free(c);
	}
	ipc_send(cx->ipc, IPC_RELOAD_DONE, &d, sizeof(d), -1);
}

/* ---- messages ---- */

static struct json_object *
not_supported(void)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "error",
			       json_object_new_string("not supported"));
	return o;
}

/* QUERY_REPLY with o (taken). */
static void
answer(struct child_ctx *cx, uint32_t req_id, uint32_t query,
       struct json_object *o)
{
	ipc_send_json(cx->ipc, IPC_QUERY_REPLY, req_id, query,
		      json_object_to_json_string_ext(
			      o, JSON_C_TO_STRING_PLAIN |
					 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static void
on_query(struct child_ctx *cx, const struct ipc_query_req *q)
{
	struct json_object *o = NULL;

	if (cx->st)
		o = cx->ops->query(cx->st, (enum ipc_query)q->query, q->arg);
	if (!o)
		o = not_supported();
	if (q->query == IPC_Q_STATUS &&
	    json_object_is_type(o, json_type_object)) {
		json_object_object_add(o, "pid", json_object_new_int(getpid()));
		json_object_object_add(o, "config_gen",
				       json_object_new_uint64(cx->gen));
	}
	answer(cx, q->req_id, q->query, o);
}

static void
on_admin(struct child_ctx *cx, const struct ipc_msg *m)
{
	const struct ipc_admin_hdr *h = m->payload;
	struct json_object *o = NULL;

	if (cx->st && cx->ops->admin)
		o = cx->ops->admin(cx->st, m);
	answer(cx, h->req_id, IPC_Q_ADMIN, o ? o : not_supported());
}

static void
on_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	struct child_ctx *cx = arg;

	switch (m->type) {
	case IPC_PING:
		ipc_send(c, IPC_PONG, m->payload, m->len, -1);
		break;
	case IPC_RELOAD:
		on_reload(cx, m);
		break;
	case IPC_QUERY:
		on_query(cx, m->payload);
		break;
	case IPC_ADMIN_RS:
	case IPC_ADMIN_VRRP:
		on_admin(cx, m);
		break;
	case IPC_SHUTDOWN:
		begin_stop(cx);
		break;
	case IPC_SCRIPT_DONE:
		script_done(cx, m->payload);
		break;
	default:
		if (cx->st && cx->ops->on_msg)
			cx->ops->on_msg(cx->st, m);
		else if (m->fd >= 0)
			close(m->fd);
	}
}

static void
on_close(struct ipc_conn *c, int err, void *arg)
{
	struct child_ctx *cx = arg;

	(void)err;
	ipc_conn_free(c);
	cx->ipc = NULL;
	ev_timer_start(cx->loop, &cx->orphan, 0);
	begin_stop(cx);
}

/* ---- signals and the loop ---- */

static void
on_signal(struct ev_loop *loop, struct ev_signal *s, void *arg)
{
	(void)loop;
	if (s->signo != SIGHUP)
		begin_stop(arg);
}

static void
on_grace(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct child_ctx *cx = arg;

	(void)loop;
	(void)t;
	log_warn("child=%s stop=timeout", proc_name(cx->ops->proc));
	child_stopped(cx, 1);
}

static int
setup(struct child_ctx *cx, const struct child_args *a)
{
	cx->runtime_dir = a->runtime_dir;
	cx->loop = ev_loop_new();
	if (!cx->loop)
		return -1;
	ev_signal_init(&cx->sterm, on_signal, cx);
	ev_signal_init(&cx->sint, on_signal, cx);
	ev_signal_init(&cx->shup, on_signal, cx);
	ev_timer_init(&cx->grace, on_grace, cx);
	ev_timer_init(&cx->orphan, orphan_scripts, cx);
	if (ev_signal_start(cx->loop, &cx->sterm, SIGTERM) < 0 ||
	    ev_signal_start(cx->loop, &cx->sint, SIGINT) < 0 ||
	    ev_signal_start(cx->loop, &cx->shup, SIGHUP) < 0)
		return -1;
	cx->ipc = ipc_conn_new(cx->loop, a->ipc_fd, on_msg, on_close, cx);
	return cx->ipc ? 0 : -1;
}

static void
teardown(struct child_ctx *cx)
{
	if (cx->ipc) {
		ipc_flush(cx->ipc, EV_SEC(1));
		ipc_conn_free(cx->ipc);
		cx->ipc = NULL; /* ops->free may still try to send */
	}
	if (cx->st)
		cx->ops->free(cx->st);
	conf_free(cx->conf);
	while (cx->scripts)
		child_cancel_script(cx, cx->scripts->id);
	ev_loop_free(cx->loop);
}

int
child_main(const struct child_ops *ops, const struct child_args *a)
{
	struct child_ctx cx = {.ops = ops, .status = 0};

	log_init(a->ident ? a->ident : "vigild", a->log_facility, a->log_flags);
	log_set_proc(proc_name(ops->proc));
	if (a->debug)
		log_set_debug(a->debug);
	/* The parent's death stops us (and so does its end of the IPC
	 * socket closing, see on_close). */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		return 1;
	if (setup(&cx, a) < 0) {
		log_err("child=%s state=failed error=\"%s\"",
			proc_name(ops->proc), strerror(errno));
		return 1;
	}
	while (!cx.done)
		if (ev_run(cx.loop) < 0)
			break;
	teardown(&cx);
	return cx.status;
}
