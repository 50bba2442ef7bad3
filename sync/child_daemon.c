// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sync child's kernel side: a pass reads the kernel's sync daemons
 * (IPVS_CMD_GET_DAEMON), asks syncd.h what should run for the config and
 * the VRRP state, and sends the stops and starts, all queued on ipvs/'s
 * non-blocking client. Passes run on a VRRP state change, a reload that
 * changes lvs_sync_daemon, and every few seconds, so a thread stopped by
 * hand (ipvsadm --stop-daemon) comes back.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/runtime/ipc.h"
#include "core/runtime/log.h"
#include "sync/child_int.h"

#define SC_VERIFY EV_SEC(5)
#define SC_OPEN_RETRY EV_SEC(5)
/* After a start with threads already running (a restart of the child),
 * how long to wait for the VRRP state before deciding without it. */
#define SC_ADOPT_WAIT EV_SEC(3)
/* A pass whose kernel answers do not come is given up after this. */
#define SC_PASS_TIMEOUT EV_SEC(10)

static struct sc_vrrp *
heard(const struct sc *s)
{
	for (struct sc_vrrp *v = s->vrrp; v; v = v->next)
		if (!strcmp(v->name, s->conf.instance))
			return v;
	return NULL;
}

enum syncd_vrrp
sc_vrrp_state(const struct sc *s)
{
	const struct sc_vrrp *v = heard(s);

	if (!v)
		return SYNCD_VRRP_UNKNOWN;
	return v->state == IPC_VRRP_MASTER ? SYNCD_VRRP_MASTER
					   : SYNCD_VRRP_OTHER;
}

const char *
sc_vrrp_name(const struct sc *s)
{
	const struct sc_vrrp *v = heard(s);

	if (!s->conf.instance[0])
		return "none";
	if (!v)
		return "unknown";
	return ipc_vrrp_state_name(v->state);
}

/* ---- the socket on the loop ---- */

static void arm(struct sc *s);

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct sc *s = arg;
	int r = ipvs_nl_pump(s->nl);

	(void)revents;
	if (r < 0)
		log_warn("sync error=\"%s\" what=netlink-socket",
			 strerror(errno));
	/* a new socket may reuse the old number: watch it afresh */
	if (r != 0)
		ev_io_stop(loop, io);
	if (ipvs_nl_fd(s->nl) >= 0)
		arm(s);
}

static void
arm(struct sc *s)
{
	unsigned want = ipvs_nl_events(s->nl), ev = EV_READ;

	if (want & IPVS_NL_WRITE)
		ev |= EV_WRITE;
	if (s->io.active && s->io.fd != ipvs_nl_fd(s->nl))
		ev_io_stop(s->loop, &s->io);
	if (!s->io.active)
		ev_io_start(s->loop, &s->io, ipvs_nl_fd(s->nl), ev);
	else if (s->io.events != ev)
		ev_io_modify(s->loop, &s->io, ev);
}

void
sc_arm(struct sc *s)
{
	if (s->nl)
		arm(s);
}

/* ---- a pass ---- */

static void pass_end(struct sc *s);

static void
fail(struct sc *s, const char *what, int err)
{
	s->failures++;
	snprintf(s->last_error, sizeof(s->last_error), "%s: %s", what,
		 ipvs_daemon_strerror(err));
}

static void
on_step(void *arg, int err)
{
	struct sc_step *p = arg;
	struct sc *s = p->s;
	const struct ipvs_daemon *d = &p->st.d;
	bool start = p->st.cmd == IPVS_CMD_NEW_DAEMON;
	char what[64];

	if (err) {
		snprintf(what, sizeof(what), "%s %s thread",
			 start ? "start" : "stop", syncd_state_name(d->state));
		fail(s, what, err);
		log_err("sync thread=%s op=%s state=failed iface=%s syncid=%u "
			"error=\"%s\"",
			syncd_state_name(d->state), start ? "start" : "stop",
			d->ifname, d->syncid, ipvs_daemon_strerror(err));
	} else {
		s->starts += start;
		s->stops += !start;
		/* a periodic pass that finds work: stopped behind our back */
		log_notice("sync thread=%s state=%s iface=%s syncid=%u "
			   "vrrp_instance=%s vrrp=%s%s",
			   syncd_state_name(d->state),
			   start ? "started" : "stopped", d->ifname, d->syncid,
			   s->conf.instance[0] ? s->conf.instance : "-",
			   sc_vrrp_name(s),
			   s->verifying ? " reason=restore" : "");
	}
	if (--s->pending == 0)
		pass_end(s);
}

/* What should run now; none while stopping. */
static size_t
wanted(struct sc *s, struct ipvs_daemon want[2])
{
	if (s->stopping)
		return 0;
	return syncd_wanted(&s->conf, sc_vrrp_state(s), want);
}

static void
send_steps(struct sc *s)
{
	struct ipvs_daemon want[2];
	struct syncd_step st[SYNCD_MAX_STEPS];
	size_t nw = wanted(s, want), n;

	/* A restarted child finds the threads its predecessor left: they
	 * stay as they are until the instance's state is known. */
	if (s->adopt && !s->stopping &&
	    sc_vrrp_state(s) == SYNCD_VRRP_UNKNOWN && s->conf.instance[0] &&
	    s->nrunning) {
		pass_end(s);
		return;
	}
	n = syncd_plan(want, nw, s->running, s->nrunning, st);
	/* a periodic pass finds work only when a thread was stopped (or
	 * started) behind our back, or when the wait for a state is over */
	s->verifying = s->verifying && n &&
		       (!s->conf.instance[0] ||
			sc_vrrp_state(s) != SYNCD_VRRP_UNKNOWN);
	s->restores += s->verifying;
	for (size_t i = 0; i < n; i++) {
		s->steps[i] = (struct sc_step){s, st[i]};
		if (ipvs_nl_queue_daemon(s->nl, st[i].cmd, &st[i].d, on_step,
					 &s->steps[i]) < 0) {
			fail(s, "queue", errno);
			break;
		}
		s->pending++;
	}
	if (!s->pending)
		pass_end(s);
	else
		arm(s);
}

static void
on_dump_msg(void *arg, const struct ipvs_msg *m)
{
	struct sc *s = arg;

	if (m->kind == IPVS_MSG_DAEMON && s->ndumped < 2)
		s->dumped[s->ndumped++] = m->daemon;
}

static void
on_dump(void *arg, int err)
{
	struct sc *s = arg;

	if (err) {
		fail(s, "read daemons", err);
		log_warn("sync op=read state=failed error=\"%s\"",
			 strerror(err));
		s->read_ok = false;
		pass_end(s);
		return;
	}
	memcpy(s->running, s->dumped, sizeof(s->running));
	s->nrunning = s->ndumped;
	s->read_ok = true;
	send_steps(s);
}

void
sc_pass(struct sc *s)
{
	if (!s->nl) {
		if (s->stopping)
			sc_stop_done(s);
		return;
	}
	if (s->busy) {
		s->again = true;
		return;
	}
	s->busy = true;
	s->passes++;
	ev_timer_start(s->loop, &s->pass_timeout, SC_PASS_TIMEOUT);
	s->ndumped = 0;
	if (ipvs_nl_queue_cmd(s->nl, IPVS_CMD_GET_DAEMON, true, on_dump_msg,
			      on_dump, s) < 0) {
		fail(s, "queue", errno);
		s->busy = false;
		return;
	}
	arm(s);
}

static void
pass_end(struct sc *s)
{
	s->busy = false;
	ev_timer_stop(s->loop, &s->pass_timeout);
	s->verifying = false;
	if (s->again) {
		s->again = false;
		sc_pass(s);
		return;
	}
	if (s->stopping)
		sc_stop_done(s);
}

/* ---- timers ---- */

/* The kernel never answered: fail what is in flight (the callbacks end
 * the pass) on a fresh socket, and let the next pass try again. */
static void
on_pass_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sc *s = arg;

	(void)loop;
	(void)t;
	log_warn("sync op=pass state=timeout after_s=%llu",
		 (unsigned long long)(SC_PASS_TIMEOUT / EV_SEC(1)));
	ipvs_nl_abort(s->nl, ETIMEDOUT);
	if (s->io.active)
		ev_io_stop(s->loop, &s->io);
	if (ipvs_nl_fd(s->nl) >= 0)
		arm(s);
}

static void
on_verify(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sc *s = arg;

	if (s->stopping)
		return;
	/* the wait for a state after a restart is over */
	if (s->adopt && loop && ev_now(loop) - s->started >= SC_ADOPT_WAIT)
		s->adopt = false;
	if (!s->busy)
		s->verifying = true;
	sc_pass(s);
	ev_timer_start(loop, t, s->adopt ? SC_ADOPT_WAIT : SC_VERIFY);
}

static const char *
open_strerror(int e)
{
	return e == ENOENT ? "the kernel has no IPVS (ip_vs not loaded)"
			   : strerror(e);
}

static void
on_open(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sc *s = arg;

	if (s->stopping)
		return;
	s->nl = s->ns_sock >= 0 ? ipvs_nl_open_sock(s->ns_sock)
				: ipvs_nl_open();
	if (!s->nl) {
		int e = errno;

		/* said and counted once per cause, retried quietly */
		if (s->open_err != e) {
			log_warn("sync state=unavailable error=\"%s\" "
				 "retry_s=%llu",
				 open_strerror(e),
				 (unsigned long long)(SC_OPEN_RETRY /
						      EV_SEC(1)));
			s->failures++;
			snprintf(s->last_error, sizeof(s->last_error),
				 "open: %s", open_strerror(e));
		}
		s->open_err = e;
		ev_timer_start(loop, t, SC_OPEN_RETRY);
		return;
	}
	if (s->open_err)
		log_notice("sync state=available");
	s->open_err = 0;
	s->adopt = true;
	sc_pass(s);
	ev_timer_start(loop, &s->verify, SC_ADOPT_WAIT);
}

void
sc_daemon_init(struct sc *s)
{
	ev_io_init(&s->io, on_io, s);
	ev_timer_init(&s->open, on_open, s);
	ev_timer_init(&s->verify, on_verify, s);
	ev_timer_init(&s->pass_timeout, on_pass_timeout, s);
	s->ns_sock = -1;
}

void
sc_daemon_start(struct sc *s)
{
	on_open(s->loop, &s->open, s);
}

void
sc_daemon_free(struct sc *s)
{
	ev_timer_stop(s->loop, &s->open);
	ev_timer_stop(s->loop, &s->verify);
	ev_timer_stop(s->loop, &s->pass_timeout);
	if (s->io.active)
		ev_io_stop(s->loop, &s->io);
	if (s->nl)
		ipvs_nl_close(s->nl);
	s->nl = NULL;
	if (s->ns_sock >= 0)
		close(s->ns_sock);
	s->ns_sock = -1;
}
