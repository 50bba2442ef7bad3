// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child of vigild (core/runtime/child.h): the health-check engine and the
 * IPVS converger on the child's loop, fed from the config model.
 *
 * - start: the engine's config and the desired table come from the model
 *   (check/xlate.h); MISC_CHECK and the notify_up/down, quorum_up/down
 *   scripts are run by the parent (child_run_script) as script_user.
 * - engine events: the desired table is rebuilt and converged; each event
 *   goes to the parent (child_event) for its logs, SNMP and alerts.
 * - VRRP_STATE: ha_suspend; a virtual server whose address a VRRP
 *   instance owns is checked only while that instance is MASTER.
 * - reload: the engine keeps the state of unchanged checkers and the
 *   converger changes only the entries that differ.
 * - stop: the entries vigil created are removed (keepalived's behaviour),
 *   and with lvs_flush_onstop the whole table.
 */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "check/child_int.h"
#include "core/parent/children.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "core/runtime/netns.h"

#define CC_NOTIFY_TIMEOUT_MS 30000u
/* Under the parent's wait for a child (child_wait_time, 5 s). */
#define CC_STOP_TIMEOUT EV_SEC(4)

/* A MISC_CHECK run in flight (the engine may cancel it). */
struct cc_script {
	struct cc_script *next;
	struct cc *s;
	uint64_t id;
	chk_script_done_fn done;
	void *done_arg;
};

/* The last state of each VRRP instance heard of (ha_suspend). */
struct cc_vrrp {
	struct cc_vrrp *next;
	char name[64];
	bool master;
};

/* ---- scripts ---- */

static void
unlink_script(struct cc *s, struct cc_script *r)
{
	for (struct cc_script **p = &s->scripts; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			return;
		}
}

static void
misc_done(const struct ipc_script_done *d, void *arg)
{
	struct cc_script *r = arg;
	chk_script_done_fn done = r->done;
	void *done_arg = r->done_arg;

	unlink_script(r->s, r);
	free(r);
	if (d->result == IPC_SCRIPT_TIMEOUT)
		done(done_arg, CHK_SCRIPT_TIMEOUT, 0);
	else if (d->result != IPC_SCRIPT_OK)
		done(done_arg, CHK_SCRIPT_NOSTART,
		     d->result == IPC_SCRIPT_REFUSED ? EPERM : ECHILD);
	else if (WIFSIGNALED(d->status))
		done(done_arg, CHK_SCRIPT_SIGNALED, WTERMSIG(d->status));
	else
		done(done_arg, CHK_SCRIPT_EXITED, WEXITSTATUS(d->status));
}

static uint64_t
misc_run(void *arg, const struct chk_script_req *req, chk_script_done_fn done,
	 void *done_arg)
{
	struct cc *s = arg;
	struct cc_script *r = calloc(1, sizeof(*r));
	uint64_t ms = req->timeout / 1000;

	if (!r)
		return 0;
	*r = (struct cc_script){s->scripts, s, 0, done, done_arg};
	r->id = child_run_script(s->cx, req->cmd, req->user ? req->user : "",
				 ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms, 0,
				 misc_done, r);
	if (!r->id) {
		free(r);
		return 0;
	}
	s->scripts = r;
	s->scripts_run++;
	return r->id;
}

static void
misc_cancel(void *arg, uint64_t id)
{
	struct cc *s = arg;

	for (struct cc_script *r = s->scripts; r; r = r->next)
		if (r->id == id) {
			child_cancel_script(s->cx, id);
			unlink_script(s, r);
			free(r);
			return;
		}
}

static const struct chk_script_ops misc_ops = {misc_run, misc_cancel};

static void
notify_done(const struct ipc_script_done *d, void *arg)
{
	struct cc *s = arg;

	if (d->result == IPC_SCRIPT_OK && WIFEXITED(d->status) &&
	    !WEXITSTATUS(d->status))
		return;
	s->scripts_failed++;
	log_warn("script id=%llu result=%s status=%d",
		 (unsigned long long)d->id,
		 d->result == IPC_SCRIPT_OK ? "failed" : "not-run", d->status);
}

/* A notify script of the config; NULL or no command: nothing. */
static void
notify(struct cc *s, const struct conf_script *sc, const char *what)
{
	char user[160] = "";

	if (!sc || !sc->cmd)
		return;
	if (sc->user)
		snprintf(user, sizeof(user), "%s%s%s", sc->user,
			 sc->group ? " " : "", sc->group ? sc->group : "");
	if (!child_run_script(s->cx, sc->cmd, user, CC_NOTIFY_TIMEOUT_MS, 0,
			      notify_done, s))
		log_warn("script=%s cmd=\"%s\" error=\"%s\"", what, sc->cmd,
			 strerror(errno));
	else
		s->scripts_run++;
}

/* ---- engine events ---- */

static const char *const event_names[] = {
	[CHK_EV_RS_UP] = "rs_up",
	[CHK_EV_RS_DOWN] = "rs_down",
	[CHK_EV_RS_WEIGHT] = "rs_weight",
	[CHK_EV_QUORUM_UP] = "quorum_up",
	[CHK_EV_QUORUM_DOWN] = "quorum_down",
	[CHK_EV_SORRY_IN] = "sorry_in",
	[CHK_EV_SORRY_OUT] = "sorry_out",
	[CHK_EV_CHECK_UP] = "check_up",
	[CHK_EV_CHECK_DOWN] = "check_down",
};

static struct json_object *
event_json(const struct chk_event *ev)
{
	struct json_object *o = json_object_new_object();
	char why[96];

	json_object_object_add(o, "event",
			       json_object_new_string(event_names[ev->type]));
	json_object_object_add(o, "vs", json_object_new_string(ev->vs));
	if (ev->rs)
		json_object_object_add(o, "rs", json_object_new_string(ev->rs));
	if (ev->type <= CHK_EV_RS_WEIGHT || ev->type == CHK_EV_CHECK_UP ||
	    ev->type == CHK_EV_CHECK_DOWN) {
		if (ev->type != CHK_EV_RS_WEIGHT)
			json_object_object_add(
				o, "reason",
				json_object_new_string(chk_reason_fmt(
					&ev->reason, why, sizeof(why))));
		if (ev->check)
			json_object_object_add(
				o, "check", json_object_new_string(ev->check));
		json_object_object_add(o, "weight",
				       json_object_new_int64(ev->weight));
		json_object_object_add(o, "in_pool",
				       json_object_new_boolean(ev->in_pool));
		json_object_object_add(
			o, "state",
			json_object_new_string(ev->rs_up ? "up" : "down"));
	} else {
		json_object_object_add(o, "weight_sum",
				       json_object_new_int64(ev->weight_sum));
		json_object_object_add(o, "threshold",
				       json_object_new_int64(ev->threshold));
	}
	return o;
}

static void
event_scripts(struct cc *s, const struct chk_event *ev)
{
	const struct conf_vs *vs =
		ev->vs_idx < s->ix.nvs ? s->ix.vs[ev->vs_idx] : NULL;
	const struct conf_rs *rs = vs && ev->rs_idx < vs->rs.n
					   ? s->ix.rs[ev->vs_idx][ev->rs_idx]
					   : NULL;

	switch (ev->type) {
	case CHK_EV_RS_UP:
		notify(s, rs ? &rs->notify_up : NULL, "notify_up");
		break;
	case CHK_EV_RS_DOWN:
		notify(s, rs ? &rs->notify_down : NULL, "notify_down");
		break;
	case CHK_EV_QUORUM_UP:
		notify(s, vs ? &vs->quorum_up : NULL, "quorum_up");
		break;
	case CHK_EV_QUORUM_DOWN:
		notify(s, vs ? &vs->quorum_down : NULL, "quorum_down");
		break;
	default:
		break;
	}
}

/* Does the event's object send mail (its smtp_alert, which the config's
 * validation settled from the global defaults)? The parent mails when the
 * event says so. */
static bool
event_alerts(const struct cc *s, const struct chk_event *ev)
{
	const struct conf_vs *vs =
		ev->vs_idx < s->ix.nvs ? s->ix.vs[ev->vs_idx] : NULL;

	if (!vs)
		return false;
	/* no_checker_emails: mail when a real server comes or goes only */
	if ((ev->type == CHK_EV_CHECK_UP || ev->type == CHK_EV_CHECK_DOWN) &&
	    s->conf->global.no_checker_emails)
		return false;
	if (ev->type == CHK_EV_RS_UP || ev->type == CHK_EV_RS_DOWN ||
	    ev->type == CHK_EV_CHECK_UP || ev->type == CHK_EV_CHECK_DOWN)
		return ev->rs_idx < vs->rs.n &&
		       s->ix.rs[ev->vs_idx][ev->rs_idx]->smtp_alert == 1;
	if (ev->type == CHK_EV_QUORUM_UP || ev->type == CHK_EV_QUORUM_DOWN)
		return vs->smtp_alert == 1;
	return false;
}

static void
on_event(const struct chk_event *ev, void *arg)
{
	struct cc *s = arg;
	struct json_object *o;

	s->events++;
	if (s->stopping)
		return;
	/* start-up: start_notifies() does what keepalived does then */
	if (!s->starting) {
		event_scripts(s, ev);
		cc_fifo_event(s, ev);
	}
	o = event_json(ev);
	json_object_object_add(o, "smtp_alert",
			       json_object_new_boolean(event_alerts(s, ev)));
	if (child_event(s->cx, o) < 0)
		log_warn("event=%s vs=\"%s\" error=\"%s\"",
			 event_names[ev->type], ev->vs, strerror(errno));
	cc_ipvs_changed(s);
}

/* ---- the model's objects by engine index ---- */

static void
index_free(struct cc_index *x)
{
	for (size_t v = 0; x->rs && v < x->nvs; v++)
		free(x->rs[v]);
	free(x->rs);
	free(x->vs);
	memset(x, 0, sizeof(*x));
}

/* Into *x (freed on failure): -1 on allocation failure. */
static int
index_build(struct cc_index *x, const struct conf *c)
{
	size_t v = 0;

	memset(x, 0, sizeof(*x));
	x->vs = calloc(c->vss.n + 1, sizeof(*x->vs));
	x->rs = calloc(c->vss.n + 1, sizeof(*x->rs));
	if (!x->vs || !x->rs)
		goto fail;
	for (const struct conf_vs *vs = c->vss.head; vs; vs = vs->next, v++) {
		size_t r = 0;

		x->vs[v] = vs;
		x->nvs = v + 1;
		if (!(x->rs[v] = calloc(vs->rs.n + 1, sizeof(**x->rs))))
			goto fail;
		for (const struct conf_rs *rs = vs->rs.head; rs;
		     rs = rs->next, r++)
			x->rs[v][r] = rs;
	}
	return 0;
fail:
	index_free(x);
	return -1;
}

/* ---- ha_suspend ---- */

static bool
addr_eq(const struct conf_addr *a, const struct conf_addr *b)
{
	return ipaddr_set(&a->ip) && ipaddr_eq(&a->ip, &b->ip);
}

static bool
vs_has_addr(const struct conf *c, const struct conf_vs *vs,
	    const struct conf_addr *a)
{
	if (vs->kind == CONF_VS_ADDR)
		return addr_eq(&vs->addr, a);
	if (vs->kind != CONF_VS_GROUP)
		return false;
	for (const struct conf_vsg *g = c->vsgs.head; g; g = g->next)
		if (g->name && vs->group && !strcmp(g->name, vs->group))
			for (const struct conf_vsg_entry *e = g->entries.head;
			     e; e = e->next)
				if (e->kind == CONF_VSGE_ADDR &&
				    addr_eq(&e->addr, a))
					return true;
	return false;
}

/* The VRRP instance whose virtual addresses hold the virtual server's. */
static const struct conf_vrrp *
vs_owner(const struct conf *c, const struct conf_vs *vs)
{
	for (const struct conf_vrrp *i = c->instances.head; i; i = i->next)
		for (const struct conf_ipaddr *a = i->vips.head; a; a = a->next)
			if (vs_has_addr(c, vs, &a->addr))
				return i;
	return NULL;
}

static bool
instance_master(struct cc *s, const char *name)
{
	for (struct cc_vrrp *v = s->vrrp; v; v = v->next)
		if (!strcmp(v->name, name))
			return v->master;
	return false;
}

/* keepalived checks an ha_suspend virtual server whose address no VRRP
 * instance holds all the time: there is nothing to wait for. */
static void
apply_ha(struct cc *s)
{
	const struct chk_conf *cc = chk_engine_conf(s->eng);

	for (size_t v = 0; v < s->ix.nvs; v++) {
		const struct conf_vrrp *i;

		if (!s->ix.vs[v]->ha_suspend)
			continue;
		i = vs_owner(s->conf, s->ix.vs[v]);
		chk_engine_set_master(
			s->eng, cc->vs[v].name,
			!i || (i->name && instance_master(s, i->name)));
	}
}

static void
on_msg(void *st, const struct ipc_msg *m)
{
	struct cc *s = st;
	const struct ipc_vrrp_state_msg *vm = m->payload;
	struct cc_vrrp *v;

	if (m->type != IPC_VRRP_STATE || !vm->instance[0])
		return;
	for (v = s->vrrp; v && strcmp(v->name, vm->instance); v = v->next)
		;
	if (!v) {
		if (!(v = calloc(1, sizeof(*v))))
			return;
		snprintf(v->name, sizeof(v->name), "%s", vm->instance);
		v->next = s->vrrp;
		s->vrrp = v;
	}
	v->master = vm->state == IPC_VRRP_MASTER;
	if (s->eng && !s->stopping)
		apply_ha(s);
}

/* ---- lifecycle ---- */

static void
cc_free(void *st)
{
	struct cc *s = st;

	if (!s)
		return;
	cc_ipvs_free(s);
	ev_timer_stop(s->loop, &s->stop_timeout);
	chk_engine_free(s->eng);
	while (s->scripts) {
		struct cc_script *r = s->scripts;

		s->scripts = r->next;
		child_cancel_script(s->cx, r->id);
		free(r);
	}
	while (s->vrrp) {
		struct cc_vrrp *v = s->vrrp;

		s->vrrp = v->next;
		free(v);
	}
	cc_drains_free(s);
	cc_fifo_free(s);
	index_free(&s->ix);
	free(s);
}

static void on_stop_timeout(struct ev_loop *loop, struct ev_timer *t,
			    void *arg);

static struct chk_engine *
engine_new(struct cc *s, const struct conf *c, char *err, size_t errlen)
{
	struct chk_engine_opts o = {
		.loop = s->loop,
		.on_event = on_event,
		.event_arg = s,
		.script = &misc_ops,
		.script_arg = s,
	};
	struct chk_conf *cc = chk_conf_from_model(c, err, errlen);

	return cc ? chk_engine_new(&o, cc, err, errlen) : NULL;
}

/*
 * keepalived's notifies at start, per virtual server in config order:
 * with rs_init_notifies each real server up from the start (notify_up, its
 * FIFO line), then the quorum: up runs quorum_up, down with a sorry server
 * runs quorum_down, down without one nothing.
 */
static void
start_notifies(struct cc *s)
{
	bool init = s->conf->global.rs_init_notifies;

	for (size_t v = 0; v < s->ix.nvs; v++) {
		const struct conf_vs *vs = s->ix.vs[v];

		for (size_t r = 0; init && r < vs->rs.n; r++) {
			if (!chk_engine_rs_up(s->eng, v, r))
				continue;
			notify(s, &s->ix.rs[v][r]->notify_up, "notify_up");
			cc_fifo_rs(s, v, r, true);
		}
		if (chk_engine_quorum_up(s->eng, v)) {
			notify(s, &vs->quorum_up, "quorum_up");
			cc_fifo_vs(s, v, true);
		} else if (vs->sorry_addr.ip.family) {
			notify(s, &vs->quorum_down, "quorum_down");
			cc_fifo_vs(s, v, false);
		}
	}
}

static void *
cc_start(struct child_ctx *cx, const struct conf *c, char *err, size_t errlen)
{
	struct cc *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->cx = cx;
	s->loop = child_loop(cx);
	s->conf = c;
	cc_ipvs_init(s);
	ev_timer_init(&s->stop_timeout, on_stop_timeout, s);
	s->ipvs.flush_all_on_stop =
		c->global.lvs_flush_on_stop == CONF_FLUSH_STOP_ALL;
	/* net_namespace_ipvs: the client's socket, made in that namespace
	 * while the child may still enter it (before the sandbox) */
	if (netns_ipvs_make(c, ipvs_nl_socket_in, &s->ipvs.ns_sock, err,
			    errlen) < 0) {
		cc_free(s);
		return NULL;
	}
	if (s->ipvs.ns_sock >= 0 && *c->global.net_namespace_ipvs)
		log_info("ipvs netns=%s", c->global.net_namespace_ipvs);
	else if (s->ipvs.ns_sock >= 0)
		log_info("ipvs netns=(default)");
	if (index_build(&s->ix, c) < 0) {
		snprintf(err, errlen, "out of memory");
		cc_free(s);
		return NULL;
	}
	if (!(s->eng = engine_new(s, c, err, errlen))) {
		cc_free(s);
		return NULL;
	}
	/* A notify FIFO whose reader left must not kill us (EPIPE instead);
	 * made before the capabilities are dropped: it may be chown'ed. */
	signal(SIGPIPE, SIG_IGN);
	cc_fifo_open(s, NULL, c);
	apply_ha(s);
	s->starting = true;
	chk_engine_start(s->eng);
	s->starting = false;
	start_notifies(s);
	cc_ipvs_start(s);
	log_info("check state=running virtual_servers=%zu ipvs=%s", s->ix.nvs,
		 cc_ipvs_state_name(s->ipvs.state));
	return s;
}

static int
cc_reload(void *st, const struct conf *c, uint32_t *changes, char *err,
	  size_t errlen)
{
	struct cc *s = st;
	struct chk_conf *cc = chk_conf_from_model(c, err, errlen);
	struct cc_index ix;

	if (!cc)
		return -1;
	if (index_build(&ix, c) < 0) {
		snprintf(err, errlen, "out of memory");
		chk_conf_free(cc);
		return -1;
	}
	if (chk_engine_reload(s->eng, cc, err, errlen) < 0) {
		index_free(&ix);
		return -1;
	}
	index_free(&s->ix);
	s->ix = ix;
	cc_fifo_open(s, s->conf, c);
	s->conf = c;
	s->ipvs.flush_all_on_stop =
		c->global.lvs_flush_on_stop == CONF_FLUSH_STOP_ALL;
	apply_ha(s);
	cc_ipvs_timeouts(s);
	*changes = cc_ipvs_rebuild(s);
	log_info("check state=reloaded changes=%u", *changes);
	return 0;
}

void
cc_stop_done(struct cc *s)
{
	if (s->stopped)
		return;
	s->stopped = true;
	ev_timer_stop(s->loop, &s->stop_timeout);
	log_info("check state=stopped ipvs=%s",
		 s->ipvs.last_error[0] ? s->ipvs.last_error : "clean");
	child_stopped(s->cx, 0);
}

static void
on_stop_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct cc *s = arg;

	(void)loop;
	(void)t;
	log_warn("check stop=timeout ipvs=%s",
		 cc_ipvs_state_name(s->ipvs.state));
	s->stopped = true;
	child_stopped(s->cx, 0);
}

/* omega: at shutdown, the notify_down of every real server that is up and
 * the quorum_down of a quorum that is up run, as if all went down; the
 * FIFOs get a DOWN line for each of those real servers and the virtual
 * server (keepalived writes it whatever the quorum was). */
static void
omega(struct cc *s)
{
	for (size_t v = 0; v < s->ix.nvs; v++) {
		if (!s->ix.vs[v]->omega)
			continue;
		for (size_t r = 0; r < s->ix.vs[v]->rs.n; r++)
			if (chk_engine_rs_up(s->eng, v, r)) {
				notify(s, &s->ix.rs[v][r]->notify_down,
				       "notify_down");
				cc_fifo_rs(s, v, r, false);
			}
		if (chk_engine_quorum_up(s->eng, v))
			notify(s, &s->ix.vs[v]->quorum_down, "quorum_down");
		cc_fifo_vs(s, v, false);
	}
}

static void
cc_stop(void *st)
{
	struct cc *s = st;

	if (s->stopping)
		return;
	omega(s);
	s->stopping = true;
	chk_engine_free(s->eng);
	s->eng = NULL;
	ev_timer_start(s->loop, &s->stop_timeout, CC_STOP_TIMEOUT);
	cc_ipvs_stop(s);
}

static const int caps[] = {CAP_NET_ADMIN, CAP_NET_RAW};

/* What the checker calls besides the runtime (sandbox_seccomp.c): its
 * probes' sockets (TCP, UDP, raw ICMP and SYN, TLS), IPVS over generic
 * netlink, FILE_CHECK's and the TLS files it reads, its IPVS state file
 * (ipvs/statefile.c), the host name of SMTP_CHECK, a notify FIFO a reload
 * names (made, given its group). */
/* clang-format off */
static const char *const check_syscalls[] = {
	"bind", "getsockname", "getpeername", "getsockopt", "setsockopt",
	"shutdown", "sendmmsg", "recvmmsg", "poll", "ppoll", "ioctl",
	"openat", "access", "faccessat", "faccessat2", "statx", "getdents64",
	"mkdir", "mkdirat", "rename", "renameat", "renameat2", "unlink",
	"unlinkat", "fsync", "fdatasync", "uname", "mknodat", "fchmod",
	"chmod", "fchownat", "chown", NULL};
/* clang-format on */

/* checker_priority, checker_rt_priority, checker_rlimit_rttime,
 * checker_no_swap (keepalived's meaning: vigil.conf(5)). */
static void
cc_procset(const struct conf *c, struct child_procset *p)
{
	const struct conf_global *g = &c->global;

	/* conf_validate gave each its default: 0, 0, 10000 us, off */
	p->nice = g->checker_priority;
	p->rt_priority = g->checker_rt_priority;
	p->rlimit_rttime = g->checker_rlimit_rttime;
	p->no_swap = g->checker_no_swap;
}

const struct child_ops check_child_ops = {
	.proc = PROC_CHECK,
	.caps = caps,
	.ncaps = 2,
	.syscalls = check_syscalls,
	.procset = cc_procset,
	.start = cc_start,
	.reload = cc_reload,
	.stop = cc_stop,
	.query = cc_query,
	.admin = cc_admin,
	.on_msg = on_msg,
	.free = cc_free,
};
