// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigild's sync child (core/runtime/child.h), a row of the table of
 * children (core/parent/children.c), started when the config has
 * lvs_sync_daemon:
 *
 * - the kernel's IPVS sync threads follow the VRRP state of the instance
 *   lvs_sync_daemon names, as the parent relays it (VRRP_STATE): master
 *   while MASTER, backup otherwise (child_daemon.c, syncd.h);
 * - a restarted child finds the threads its predecessor left and keeps
 *   them until it hears the state (the parent replays the last states to
 *   a child that becomes ready); a reload that leaves lvs_sync_daemon as
 *   it was changes nothing;
 * - it listens on the sync group and decodes what crosses it (rx.c),
 *   for `vigilctl show sync`;
 * - at stop (SIGTERM of vigild, or a config without lvs_sync_daemon) it
 *   stops the threads, as keepalived does;
 * - with conntrack_sync, it replicates the conntrack table (ct.h),
 *   following that block's instance.
 */
#include "config.h"

#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"
#include "core/runtime/netns.h"
#include "sync/child_int.h"
#include "sync/ct.h"
#include "sync/rx.h"

/* Under the parent's wait for a child (5 s). */
#define SC_STOP_TIMEOUT EV_SEC(4)

static void
note_state(struct sc *s, const struct ipc_vrrp_state_msg *vm)
{
	struct sc_vrrp *v;
	uint32_t old;

	for (v = s->vrrp; v && strcmp(v->name, vm->instance); v = v->next)
		;
	if (!v) {
		if (!(v = calloc(1, sizeof(*v))))
			return;
		snprintf(v->name, sizeof(v->name), "%s", vm->instance);
		v->state = UINT32_MAX;
		v->next = s->vrrp;
		s->vrrp = v;
	}
	if (v->state == vm->state)
		return;
	old = v->state;
	v->state = vm->state;
	if (s->ct && !s->stopping && !strcmp(v->name, ct_sync_instance(s->ct)))
		ct_sync_set_master(s->ct, v->state == IPC_VRRP_MASTER);
	if (!s->stopping && !strcmp(v->name, s->conf.instance)) {
		sc_pass(s);
		sc_resync_state(s, old, v->state);
	}
}

static void
on_msg(void *st, const struct ipc_msg *m)
{
	struct sc *s = st;
	const struct ipc_vrrp_state_msg *vm = m->payload;

	if (m->type == IPC_VRRP_STATE && vm->instance[0])
		note_state(s, vm);
}

static void
rx_restart(struct sc *s)
{
	char err[160];

	sync_rx_free(s->rx);
	s->rx = NULL;
	if (s->ns_sock >= 0)
		return; /* the kernel's threads talk in net_namespace_ipvs's */
	s->rx = sync_rx_new(s->loop, &s->conf, err, sizeof(err));
	if (!s->rx)
		log_warn("sync receiver=off iface=%s error=\"%s\"",
			 s->conf.ifname, err);
}

/* (Re)start the conntrack replication for config c, at the instance's
 * state if already heard. */
static void
ct_restart(struct sc *s, const struct conf *c)
{
	char err[160];

	ct_sync_free(s->ct);
	s->ct = NULL;
	if (!c->ct_sync.set)
		return;
	if (!(s->ct = ct_sync_new(s->loop, c, err, sizeof(err)))) {
		log_warn("sync conntrack=off error=\"%s\"", err);
		return;
	}
	for (const struct sc_vrrp *v = s->vrrp; v; v = v->next)
		if (!strcmp(v->name, ct_sync_instance(s->ct)) &&
		    v->state != UINT32_MAX)
			ct_sync_set_master(s->ct, v->state == IPC_VRRP_MASTER);
}

static void
sc_free(void *st)
{
	struct sc *s = st;

	if (!s)
		return;
	ev_timer_stop(s->loop, &s->stop_timeout);
	sc_resync_free(s);
	sc_daemon_free(s);
	sync_rx_free(s->rx);
	ct_sync_free(s->ct);
	while (s->vrrp) {
		struct sc_vrrp *v = s->vrrp;

		s->vrrp = v->next;
		free(v);
	}
	free(s);
}

static void on_stop_timeout(struct ev_loop *loop, struct ev_timer *t,
			    void *arg);

static void *
sc_start(struct child_ctx *cx, const struct conf *c, char *err, size_t errlen)
{
	struct sc *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->cx = cx;
	s->loop = child_loop(cx);
	s->started = ev_now(s->loop);
	syncd_conf_from_model(&s->conf, &c->global.lvs_sync_daemon);
	sc_resync_conf(&s->resync, c);
	ev_timer_init(&s->stop_timeout, on_stop_timeout, s);
	sc_daemon_init(s);
	/* net_namespace_ipvs: the daemon commands' socket, made in that
	 * namespace now, as root (a reload may ask for the threads later) */
	if (netns_ipvs_make(c, ipvs_nl_socket_in, &s->ns_sock, err, errlen) <
	    0) {
		sc_free(s);
		return NULL;
	}
	ct_restart(s, c);
	if (!s->conf.set)
		return s; /* conntrack_sync alone */
	rx_restart(s);
	sc_resync_reload(s);
	sc_daemon_start(s);
	log_info("sync state=running iface=%s vrrp_instance=%s syncid=%u",
		 s->conf.ifname, s->conf.instance[0] ? s->conf.instance : "-",
		 s->conf.syncid);
	if (s->ns_sock >= 0)
		log_info("sync netns=%s receiver=off resync=off "
			 "reason=net_namespace_ipvs",
			 *c->global.net_namespace_ipvs
				 ? c->global.net_namespace_ipvs
				 : "(default)");
	return s;
}

static int
sc_reload(void *st, const struct conf *c, uint32_t *changes, char *err,
	  size_t errlen)
{
	struct sc *s = st;
	struct syncd_conf n;
	struct sc_resync_conf rn;

	(void)err;
	(void)errlen;
	syncd_conf_from_model(&n, &c->global.lvs_sync_daemon);
	*changes = 0;
	if (c->ct_sync.set != (s->ct != NULL) ||
	    (s->ct && !ct_sync_same(s->ct, c))) {
		*changes = 1;
		ct_restart(s, c);
	}
	sc_resync_conf(&rn, c);
	if (memcmp(&rn, &s->resync, sizeof(rn))) {
		s->resync = rn;
		*changes = 1;
		if (syncd_conf_equal(&n, &s->conf))
			sc_resync_reload(s);
	}
	if (syncd_conf_equal(&n, &s->conf))
		return 0;
	*changes = 1;
	s->conf = n;
	if (!n.set) {
		sync_rx_free(s->rx);
		s->rx = NULL;
	} else {
		rx_restart(s);
	}
	sc_resync_reload(s);
	sc_pass(s);
	log_info("sync state=reloaded iface=%s vrrp_instance=%s syncid=%u",
		 s->conf.ifname, s->conf.instance[0] ? s->conf.instance : "-",
		 s->conf.syncid);
	return 0;
}

void
sc_stop_done(struct sc *s)
{
	if (s->stopped)
		return;
	s->stopped = true;
	ev_timer_stop(s->loop, &s->stop_timeout);
	log_info("sync state=stopped");
	child_stopped(s->cx, 0);
}

static void
on_stop_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sc *s = arg;

	(void)loop;
	(void)t;
	log_warn("sync stop=timeout");
	sc_stop_done(s);
}

static void
sc_stop(void *st)
{
	struct sc *s = st;

	if (s->stopping)
		return;
	s->stopping = true;
	ct_sync_free(s->ct);
	s->ct = NULL;
	if (!s->conf.set && !s->busy) {
		sc_stop_done(s); /* no kernel thread to stop */
		return;
	}
	ev_timer_start(s->loop, &s->stop_timeout, SC_STOP_TIMEOUT);
	sc_pass(s); /* wants nothing now: stops the threads */
}

static const int caps[] = {CAP_NET_ADMIN};

/* What the sync child calls besides the runtime (sandbox_seccomp.c): the
 * IPVS daemon commands over generic netlink (ipvs/nl.c batches with
 * sendmmsg/recvmmsg), the sync group's socket. */
/* clang-format off */
static const char *const sync_syscalls[] = {
	"bind", "getsockname", "getsockopt", "setsockopt", "sendmmsg",
	"recvmmsg", "ioctl", "openat",
	"access", "faccessat", "faccessat2", NULL};
/* clang-format on */

const struct child_ops sync_child_ops = {
	.proc = PROC_SYNC,
	.caps = caps,
	.ncaps = 1,
	.syscalls = sync_syscalls,
	.start = sc_start,
	.reload = sc_reload,
	.stop = sc_stop,
	.query = sc_query,
	.on_msg = on_msg,
	.free = sc_free,
};
