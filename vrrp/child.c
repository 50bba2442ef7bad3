// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigild's vrrp child (core/runtime/child.h): the VRRP engine driven by the config
 * model the parent hands over. Scripts (notify*, vrrp_script) go to the
 * parent through child_run_script(); every transition goes out as a
 * VRRP_STATE message and a "vrrp_state" event; queries answer from the
 * engine's status.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <json-c/json.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/runtime/child.h"
#include "core/parent/children.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "vrrp/child_msg.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_conf_model.h"
#include "core/runtime/notify_fifo.h"
#include "vrrp/vrrp_notify.h"

/* After a stop, how long notify_stop scripts may take before we exit. */
#define STOP_GRACE_MS 3000
#define STOP_POLL_MS 20

struct vrrp_child;

/* One script run asked of the parent for the engine. */
struct vc_run {
	struct vrrp_child *vc;
	uint64_t engine_id, req_id;
	struct vc_run *next;
};

struct vrrp_child {
	struct child_ctx *cx;
	struct ev_loop *loop;
	struct vrrp_engine *eng;
	struct vrrp_config *cfg;  /* what the engine runs (lookups) */
	const struct conf *model; /* valid until the next reload returns */
	struct vc_run *runs;
	bool stopping;
	struct ev_timer stop_timer;
	ev_time_t stop_deadline;
	char state_file[VRRP_PATH_MAX];
	struct nfifo_set fifos; /* notify_fifo and vrrp_notify_fifo */
	struct vrrp_autoprio autoprio;
};

static void
on_script_done(const struct ipc_script_done *d, void *arg)
{
	struct vc_run *r = arg, **pp;
	struct vrrp_child *vc = r->vc;
	enum vrrp_script_result res =
		d->result == IPC_SCRIPT_OK	  ? VRRP_SCRIPT_EXITED
		: d->result == IPC_SCRIPT_TIMEOUT ? VRRP_SCRIPT_TIMEOUT
						  : VRRP_SCRIPT_FAILED;

	for (pp = &vc->runs; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	if (d->result == IPC_SCRIPT_REFUSED)
		log_warn("vrrp script=refused-by-parent id=%llu",
			 (unsigned long long)r->engine_id);
	vrrp_engine_script_done(vc->eng, r->engine_id, res, d->status);
	free(r);
}

/* The engine's script runner: the parent runs it as the script's user. */
static int
run_script(void *arg, uint64_t id, const char *cmd, uint32_t timeout_ms)
{
	struct vrrp_child *vc = arg;
	struct vc_run *r = calloc(1, sizeof(*r));
	char user[64];

	if (!r)
		return -1;
	r->vc = vc;
	r->engine_id = id;
	vrrp_child_script_user(vc->model, cmd, user, sizeof(user));
	r->req_id = child_run_script(vc->cx, cmd, user, timeout_ms, 0,
				     on_script_done, r);
	if (!r->req_id) {
		free(r);
		return -1;
	}
	r->next = vc->runs;
	vc->runs = r;
	return 0;
}

/* notify_fifo / vrrp_notify_fifo: INSTANCE|GROUP "NAME" STATE PRIO; a
 * MASTER re-announcing itself to a lower master says MASTER_RX_LOWER_PRI
 * instead of MASTER again, as keepalived does. */
static void
fifo_line(struct vrrp_child *vc, const struct vrrp_transition *ev)
{
	char line[VRRP_NAME_MAX + 64];

	if (!nfifo_set_any(&vc->fifos))
		return;
	if ((ev->deleted
		     ? vrrp_notify_fifo_event(line, sizeof(line), ev->group,
					      ev->name, "DELETED", ev->priority)
		     : vrrp_notify_fifo_line(
			       line, sizeof(line), ev->group, ev->name,
			       ev->state, ev->group ? 0 : ev->priority,
			       ev->why == VRRP_WHY_LOWER_MASTER)) < 0)
		return;
	nfifo_set_write(&vc->fifos, line);
}

/* notify_priority_changes: the FIFO hears of every new priority */
static void
on_priority(void *arg, const char *name, enum vrrp_state st, int prio)
{
	struct vrrp_child *vc = arg;
	char line[VRRP_NAME_MAX + 64];

	if (!nfifo_set_any(&vc->fifos) ||
	    vrrp_notify_fifo_priority(line, sizeof(line), name, st, prio) < 0)
		return;
	nfifo_set_write(&vc->fifos, line);
}

static enum vrrp_state
state_named(const char *name)
{
	enum vrrp_state s;

	return vrrp_state_parse(name, VRRP_INIT_AS_INIT, &s) == 0
		       ? s
		       : VRRP_STATE_INIT;
}

/* fifo_write_vrrp_states_on_reload: every instance's and sync group's
 * state as it is now, after the reload, so a reader can resynchronise. */
static void
fifo_states(struct vrrp_child *vc)
{
	static const char *const lists[2] = {"instances", "sync_groups"};
	json_object *st = vrrp_engine_status(vc->eng), *a, *o, *v;

	for (size_t k = 0; st && k < 2; k++) {
		if (!json_object_object_get_ex(st, lists[k], &a))
			continue;
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			struct vrrp_transition ev = {.group = k == 1};

			o = json_object_array_get_idx(a, i);
			if (json_object_object_get_ex(o, "name", &v))
				ev.name = json_object_get_string(v);
			if (json_object_object_get_ex(o, "state", &v))
				ev.state =
					state_named(json_object_get_string(v));
			if (json_object_object_get_ex(o, "priority", &v))
				ev.priority = json_object_get_int(v);
			if (ev.name)
				fifo_line(vc, &ev);
		}
	}
	json_object_put(st);
}

/* Open the FIFOs of c (kept as they are when unchanged since old). */
static void
fifos_open(struct vrrp_child *vc, const struct conf *old, const struct conf *c)
{
	const struct conf_fifo *now[NFIFO_SET] = {&c->global.notify_fifo,
						  &c->global.vrrp_notify_fifo};
	const struct conf_fifo *was[NFIFO_SET] = {
		old ? &old->global.notify_fifo : NULL,
		old ? &old->global.vrrp_notify_fifo : NULL};

	nfifo_set_open(&vc->fifos, vc->loop, child_uid(vc->cx), "vrrp", now,
		       was);
}

static void
on_transition(void *arg, const struct vrrp_transition *ev)
{
	struct vrrp_child *vc = arg;
	struct ipc_vrrp_state_msg m;
	json_object *o;

	fifo_line(vc, ev);

	vrrp_child_state_msg(vc->cfg, ev, vc->stopping, ev_now(vc->loop), &m);
	if (child_send(vc->cx, IPC_VRRP_STATE, &m, sizeof(m)) < 0)
		log_err("vrrp %s=%s ipc=VRRP_STATE error=%s",
			ev->group ? "group" : "instance", ev->name,
			strerror(errno));
	o = vrrp_child_state_event(vc->cfg, ev, vc->stopping);
	if (o && child_event(vc->cx, o) < 0)
		log_err("vrrp %s=%s ipc=EVENT error=%s",
			ev->group ? "group" : "instance", ev->name,
			strerror(errno));
}

/* What the instances hold, to the parent (core/parent/owned.c). */
static void
on_owned(void *arg, const struct vrrp_held_addr *a, size_t n)
{
	struct vrrp_child *vc = arg;
	struct ipc_owned m;
	size_t chunks = 1;

	for (size_t c = 0; c < chunks; c++) {
		chunks = vrrp_child_owned_msg(a, n, c, &m);
		if (child_send(vc->cx, IPC_OWNED, &m, sizeof(m)) < 0) {
			log_err("vrrp ipc=OWNED addresses=%zu error=%s", n,
				strerror(errno));
			return;
		}
	}
}

/*
 * The ledger of owned addresses (and the state record beside it,
 * vrrp_adopt.c): one per network namespace (addresses live there), in
 * vigild's runtime directory, where a child's state outlives it (else
 * beside the control socket when that directory exists), so two vigild
 * in two namespaces of one host keep theirs apart.
 */
static void
state_file(struct vrrp_child *vc, const struct conf *c)
{
	const char *sock = c->global.vigil_control_socket;
	const char *slash = sock ? strrchr(sock, '/') : NULL;
	const char *run = child_runtime_dir(vc->cx);
	char dir[VRRP_PATH_MAX / 2] = "/run";
	struct stat ns = {0};

	if (run && run[0] && strlen(run) < sizeof(dir) &&
	    access(run, W_OK) == 0) {
		snprintf(dir, sizeof(dir), "%s", run);
	} else if (slash && slash > sock &&
		   (size_t)(slash - sock) < sizeof(dir)) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - sock), sock);
		if (access(dir, W_OK) < 0)
			snprintf(dir, sizeof(dir), "/run");
	}
	stat("/proc/self/ns/net", &ns);
	snprintf(vc->state_file, sizeof(vc->state_file), "%s/vrrp-owned.%llu",
		 dir, (unsigned long long)ns.st_ino);
}

static void stop_poll(struct ev_loop *loop, struct ev_timer *t, void *arg);

static void
vc_free(void *st)
{
	struct vrrp_child *vc = st;

	if (!vc)
		return;
	ev_timer_stop(vc->loop, &vc->stop_timer);
	vrrp_autoprio_stop(&vc->autoprio);
	vrrp_engine_free(vc->eng);
	nfifo_set_free(&vc->fifos);
	while (vc->runs) {
		struct vc_run *r = vc->runs;

		vc->runs = r->next;
		child_cancel_script(vc->cx, r->req_id);
		free(r);
	}
	vrrp_config_free(vc->cfg);
	free(vc);
}

/* vrrp_rt_priority and vrrp_no_swap were applied by the runtime
 * (vc_procset: the limits at spawn, SCHED_RR once started);
 * max_auto_priority raises the scheduling later, when the child finds
 * itself running late. */
static void
autoprio(struct vrrp_child *vc)
{
	const struct vrrp_global_conf *g = &vc->cfg->global;

	if (vrrp_autoprio_start(&vc->autoprio, vc->loop, g->max_auto_priority,
				g->min_auto_priority_delay, g->rlimit_rttime,
				g->rt_priority) < 0)
		log_warn("vrrp max_auto_priority=%d error=%s",
			 g->max_auto_priority, strerror(errno));
}

static void *
vc_start(struct child_ctx *cx, const struct conf *c, char *err, size_t errlen)
{
	struct vrrp_child *vc = calloc(1, sizeof(*vc));
	struct vrrp_engine_hooks hooks = {.transition = on_transition,
					  .run_script = run_script,
					  .owned = on_owned,
					  .priority = on_priority};

	if (!vc) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vc->cx = cx;
	vc->loop = child_loop(cx);
	vc->model = c;
	hooks.arg = vc;
	ev_timer_init(&vc->stop_timer, stop_poll, vc);
	state_file(vc, c);
	/* A notify FIFO whose reader left must not kill us: write() says
	 * EPIPE instead. This child execs nothing (the parent runs scripts). */
	signal(SIGPIPE, SIG_IGN);
	/* Before the capabilities are dropped: the FIFO may be chown'ed. */
	fifos_open(vc, NULL, c);
	vc->cfg = vrrp_config_from_model(c, vc->state_file, err, errlen);
	if (vc->cfg)
		vc->eng =
			vrrp_engine_new(vc->loop, vc->cfg, &hooks, err, errlen);
	if (!vc->eng) {
		vc_free(vc);
		return NULL;
	}
	autoprio(vc);
	if (vrrp_engine_start(vc->eng) < 0) {
		snprintf(err, errlen, "vrrp engine did not start: %s",
			 strerror(errno));
		vc_free(vc);
		return NULL;
	}
	log_notice("vrrp child=started instances=%zu groups=%zu",
		   vc->cfg->ninst, vc->cfg->ngroups);
	return vc;
}

/* What a reload adds, changes or removes, for RELOAD_DONE. */
static uint32_t
count_changes(const struct vrrp_config *a, const struct vrrp_config *b)
{
	uint32_t n = 0;

	for (size_t i = 0; i < b->ninst; i++) {
		const struct vrrp_instance_conf *o =
			vrrp_config_find_instance(a, b->inst[i].name);

		n += !o || vrrp_instance_conf_diff(o, &b->inst[i]) != 0;
	}
	for (size_t i = 0; i < a->ninst; i++)
		n += !vrrp_config_find_instance(b, a->inst[i].name);
	n += memcmp(&a->global, &b->global, sizeof(a->global)) != 0;
	n += a->ngroups != b->ngroups || a->nscripts != b->nscripts ||
	     a->nfiles != b->nfiles || a->nprocs != b->nprocs ||
	     a->nbfds != b->nbfds;
	return n;
}

static int
vc_reload(void *st, const struct conf *c, uint32_t *changes, char *err,
	  size_t errlen)
{
	struct vrrp_child *vc = st;
	struct vrrp_config *ocfg = vc->cfg;
	const struct conf *omodel = vc->model;
	struct vrrp_config *ncfg =
		vrrp_config_from_model(c, vc->state_file, err, errlen);

	if (!ncfg)
		return -1;
	/* Transitions and scripts during the reload already belong to the
	 * new config (new sync groups, new script users). */
	vc->cfg = ncfg;
	vc->model = c;
	if (vrrp_engine_reload(vc->eng, ncfg, err, errlen) < 0) {
		vc->cfg = ocfg;
		vc->model = omodel;
		vrrp_config_free(ncfg);
		return -1;
	}
	*changes = count_changes(ocfg, ncfg);
	fifos_open(vc, omodel, c);
	if (c->global.fifo_write_vrrp_states_on_reload)
		fifo_states(vc);
	vrrp_config_free(ocfg);
	return 0;
}

/* After the stop: notify_stop scripts finish (bounded), then exit. */
static void
stop_poll(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_child *vc = arg;

	if (!vrrp_engine_idle(vc->eng) && ev_now(loop) < vc->stop_deadline) {
		ev_timer_start(loop, t, EV_MSEC(STOP_POLL_MS));
		return;
	}
	if (!vrrp_engine_idle(vc->eng))
		log_warn("vrrp child=stopped scripts=unfinished");
	child_stopped(vc->cx, 0);
}

static void
vc_stop(void *st)
{
	struct vrrp_child *vc = st;

	if (vc->stopping)
		return;
	vc->stopping = true;
	/* Priority 0 adverts, addresses removed, STOP notifications queued. */
	vrrp_engine_stop(vc->eng);
	vc->stop_deadline = ev_now(vc->loop) + EV_MSEC(STOP_GRACE_MS);
	ev_timer_start(vc->loop, &vc->stop_timer, 0);
}

/* {"error": "no vrrp_instance 'NAME'"}: the control socket's refusal. */
static json_object *
refuse(const char *why, const char *name)
{
	json_object *o = json_object_new_object();
	char buf[160];

	snprintf(buf, sizeof(buf), "%s '%s'", why, name);
	json_object_object_add(o, "error", json_object_new_string(buf));
	return o;
}

static json_object *
force(struct vrrp_child *vc, const struct ipc_admin_vrrp *a)
{
	const char *name;
	json_object *o;
	enum vrrp_state st;

	if (vrrp_child_force_state(a->state, &st) < 0)
		return refuse("bad state for vrrp_instance", a->instance);
	if (vrrp_engine_force(vc->eng, a->instance, st) < 0)
		return refuse("no vrrp_instance", a->instance);
	name = vrrp_state_name(st, VRRP_INIT_AS_NONE);
	log_notice("vrrp instance=%s admin=force state=%s", a->instance, name);
	o = json_object_new_object();
	json_object_object_add(o, "result", json_object_new_string("forced"));
	json_object_object_add(o, "instance",
			       json_object_new_string(a->instance));
	json_object_object_add(o, "forced", json_object_new_string(name));
	return o;
}

static json_object *
show_instance(struct vrrp_child *vc, const char *name)
{
	json_object *status = vrrp_engine_status(vc->eng);
	json_object *i = vrrp_child_instance(status, name), *o;

	json_object_put(status);
	if (!i)
		return refuse("no vrrp_instance", name);
	o = json_object_new_object();
	json_object_object_add(o, "instance", i);
	return o;
}

/* IPC_ADMIN_VRRP: force an instance's state, or show it. */
static json_object *
vc_admin(void *st, const struct ipc_msg *m)
{
	const struct ipc_admin_vrrp *a = m->payload;

	if (m->type != IPC_ADMIN_VRRP)
		return NULL;
	if (a->h.op == IPC_VI_FORCE)
		return force(st, a);
	if (a->h.op == IPC_VI_SHOW)
		return show_instance(st, a->instance);
	return refuse("unknown operation on vrrp_instance", a->instance);
}

static json_object *
vc_query(void *st, enum ipc_query q, const char *arg)
{
	struct vrrp_child *vc = st;
	json_object *status, *o = NULL;

	if (q == IPC_Q_SHOW && arg && arg[0] && strcmp(arg, "vrrp"))
		return NULL;
	status = vrrp_engine_status(vc->eng);
	switch (q) {
	case IPC_Q_STATUS:
		o = vrrp_child_summary(status);
		break;
	case IPC_Q_SHOW:
		return status;
	case IPC_Q_DATA:
	case IPC_Q_STATS:
		o = vrrp_child_dump(status, q == IPC_Q_STATS);
		break;
	default:
		break;
	}
	json_object_put(status);
	return o;
}

/* With max_auto_priority the child keeps CAP_SYS_NICE too (vc_procset):
 * it raises its own scheduling while it runs (vrrp_rt.c). */
static const int vrrp_caps[] = {CAP_NET_ADMIN, CAP_NET_RAW};

/* What the VRRP child calls besides the runtime (sandbox_seccomp.c). */
/* clang-format off */
static const char *const vrrp_syscalls[] = {
	"bind", "getsockname", "getsockopt", "setsockopt", "sendmmsg",
	"recvmmsg", "ioctl", "openat", "access", "faccessat", "faccessat2",
	"statx", "getdents64", "readlinkat", "mkdir", "mkdirat", "rename",
	"renameat", "renameat2", "unlink", "unlinkat", "ftruncate", "fsync",
	"mknodat", "fchmod", "chmod", "fchownat", "chown", "uname",
	"sched_setscheduler", "sched_getscheduler", "sched_getparam",
	"sched_get_priority_min", "sched_get_priority_max", "setrlimit",
	"prlimit64", NULL};
/* clang-format on */

/* vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap
 * (keepalived's meaning: vigil.conf(5)). */
static void
vc_procset(const struct conf *c, struct child_procset *p)
{
	const struct conf_global *g = &c->global;

	/* conf_validate gave each its default: 0; SCHED_RR 1 with 200000 us
	 * unless max_auto_priority (then 0 with 10000 us); off */
	p->nice = g->vrrp_priority;
	p->rt_priority = g->vrrp_rt_priority;
	p->rlimit_rttime = g->vrrp_rlimit_rttime;
	p->no_swap = g->vrrp_no_swap;
	p->keep_sys_nice = g->max_auto_priority > 0;
	p->rt_optional = g->vrrp_rt_implied;
}

/* A BFD session's state, relayed by the parent from the bfd child, for
 * track_bfd; one that bfd_instance keeps for the checker is not ours. */
static void
vc_msg(void *st, const struct ipc_msg *m)
{
	struct vrrp_child *vc = st;
	const struct ipc_bfd_state_msg *b = m->payload;

	if (m->type != IPC_BFD_STATE || !(b->to & IPC_BFD_TO_VRRP) || !vc->eng)
		return;
	vrrp_engine_bfd_state(vc->eng, b->name, b->state == 3 /* Up */);
}

const struct child_ops vrrp_child_ops = {
	.proc = PROC_VRRP,
	.caps = vrrp_caps,
	.ncaps = sizeof(vrrp_caps) / sizeof(vrrp_caps[0]),
	.syscalls = vrrp_syscalls,
	.procset = vc_procset,
	.start = vc_start,
	.reload = vc_reload,
	.stop = vc_stop,
	.query = vc_query,
	.admin = vc_admin,
	.on_msg = vc_msg,
	.free = vc_free,
};
