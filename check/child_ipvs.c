// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child's IPVS side: one pipelined client and one converger on
 * the child's loop. The desired table is chk_ipvs_want(config, health),
 * rebuilt when either changes (health changes coalesce into one rebuild
 * per loop turn) and handed to the converger, which applies the minimal
 * diff and retries failures with backoff.
 *
 * A kernel without IPVS is not fatal: the child logs it once, keeps its
 * checks running and tries to open the client again with backoff (1 s
 * doubling to 60 s); status says "unavailable" meanwhile.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/child_int.h"
#include "ipvs/codec.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"

#define CC_STATE_FILE "ipvs.owned" /* in vigild's runtime directory */
#define CC_OPEN_MIN EV_SEC(1)
#define CC_OPEN_MAX EV_SEC(60)
#define CC_REREAD EV_SEC(30)

static const char *const state_names[] = {
	[CC_IPVS_UNAVAILABLE] = "unavailable",
	[CC_IPVS_CONVERGING] = "converging",
	[CC_IPVS_CONVERGED] = "converged",
	[CC_IPVS_RETRYING] = "retrying",
};

/* ENOENT: the generic-netlink family "IPVS" is not registered. */
const char *
cc_ipvs_open_error(int err)
{
	return err == ENOENT ? "no IPVS in this kernel (ip_vs not loaded)"
			     : strerror(err);
}

const char *
cc_ipvs_state_name(enum cc_ipvs_state st)
{
	return state_names[st];
}

/* ---- health ---- */

static bool
health_rs(void *arg, size_t v, size_t r, int64_t *weight)
{
	struct cc *s = arg;

	if (!chk_engine_rs_dest(s->eng, v, r, weight))
		return false;
	if (cc_drained(s, v, r))
		*weight = 0;
	return true;
}

static bool
health_sorry(void *arg, size_t v)
{
	return chk_engine_sorry_in(((struct cc *)arg)->eng, v);
}

void
cc_health(struct cc *s, struct chk_health *h)
{
	h->rs_dest = health_rs;
	h->sorry_in = health_sorry;
	h->arg = s;
}

/* ---- the client on the loop ---- */

static void arm(struct cc *s);

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct cc *s = arg;
	int r = ipvs_nl_pump(s->ipvs.nl);

	(void)revents;
	if (r < 0)
		log_warn("ipvs error=\"%s\" what=netlink-socket",
			 strerror(errno));
	/* A new socket (replies were lost) may reuse the old number, whose
	 * epoll registration went with the old socket: watch it afresh. */
	if (r != 0)
		ev_io_stop(loop, io);
	if (ipvs_nl_fd(s->ipvs.nl) >= 0)
		arm(s);
}

static void
on_kick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct cc *s = arg;

	(void)t;
	ipvs_conv_kick(s->ipvs.conv, ev_now(loop));
	arm(s);
}

/* Watch the socket for what the client waits for; time the next kick. */
static void
arm(struct cc *s)
{
	struct cc_ipvs *x = &s->ipvs;
	unsigned want = ipvs_nl_events(x->nl), ev = EV_READ;
	uint64_t due;

	if (want & IPVS_NL_WRITE)
		ev |= EV_WRITE;
	if (x->io.active && x->io.fd != ipvs_nl_fd(x->nl))
		ev_io_stop(s->loop, &x->io);
	if (!x->io.active)
		ev_io_start(s->loop, &x->io, ipvs_nl_fd(x->nl), ev);
	else if (x->io.events != ev)
		ev_io_modify(s->loop, &x->io, ev);
	due = ipvs_conv_next_due(x->conv);
	ev_timer_stop(s->loop, &x->kick);
	if (due != UINT64_MAX && !ipvs_conv_busy(x->conv))
		ev_timer_start_at(s->loop, &x->kick, due);
}

/* ---- passes ---- */

/* Each failed operation: a log line; the first also names the entry in
 * `vigilctl show ipvs` (converger.error) until a pass has none. */
static void
log_failed(struct cc_ipvs *x, const struct ipvs_pass *p)
{
	char what[IPVS_OP_STRLEN];
	bool first = true;

	for (size_t i = 0; i < p->plan->n; i++) {
		const struct ipvs_op *op = &p->plan->ops[i];

		if (!p->errs[i])
			continue;
		if (p->errs[i] == IPVS_ERR_SKIPPED) {
			log_warn("ipvs op=\"%s\" result=skipped "
				 "reason=\"its service failed\"",
				 ipvs_op_str(op, what, sizeof(what)));
			continue;
		}
		ipvs_op_str(op, what, sizeof(what));
		if (first)
			snprintf(x->last_error, sizeof(x->last_error),
				 "%s: %s%s", what,
				 ipvs_op_strerror(op, p->errs[i]),
				 p->failed > 1 ? " (and more, see the log)"
					       : "");
		first = false;
		log_warn("ipvs op=\"%s\" result=failed errno=%s reason=\"%s\"",
			 what,
			 strerrorname_np(p->errs[i])
				 ? strerrorname_np(p->errs[i])
				 : "?",
			 ipvs_op_strerror(op, p->errs[i]));
	}
}

static void
on_pass(void *arg, const struct ipvs_pass *p)
{
	struct cc *s = arg;
	struct cc_ipvs *x = &s->ipvs;

	x->passes++;
	x->retry_at = p->retry_at;
	if (p->error) {
		snprintf(x->last_error, sizeof(x->last_error),
			 "reading the kernel table: %s", strerror(p->error));
		log_warn("ipvs pass=failed error=\"%s\"", x->last_error);
	} else {
		x->applied += p->applied;
		x->failed += p->failed;
		x->skipped += p->skipped;
		log_failed(x, p);
		if (p->plan->n || p->failed)
			log_info("ipvs pass=done applied=%zu failed=%zu "
				 "skipped=%zu adopted=%zu",
				 p->applied, p->failed, p->skipped,
				 p->plan->adopted);
		if (!p->failed)
			x->last_error[0] = 0;
	}
	if (p->state_err)
		log_warn("ipvs state_file=%s error=\"%s\"", s->ipvs.state_file,
			 strerror(p->state_err));
	x->state = p->retry_at ? CC_IPVS_RETRYING : CC_IPVS_CONVERGED;
	/* The pass ends after this callback; see then whether another one
	 * (a table that came meanwhile) has started. */
	if (s->stopping)
		ev_timer_start(s->loop, &x->stop_check, 0);
}

static void
on_stop_check(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct cc *s = arg;

	(void)loop;
	(void)t;
	if (!ipvs_conv_busy(s->ipvs.conv))
		cc_stop_done(s);
}

/* ---- the desired table ---- */

/* Entries of a that b lacks or holds otherwise (both sorted). */
static uint32_t
diff_count(const struct ipvs_table *a, const struct ipvs_table *b)
{
	uint32_t n = 0;

	for (size_t i = 0; i < a->n; i++) {
		const struct ipvs_service *sa = &a->svcs[i],
					  *sb = ipvs_table_find(b, &sa->key);

		if (!sb) {
			n += 1 + (uint32_t)sa->ndests;
			continue;
		}
		n += !ipvs_service_same(sa, sb);
		for (size_t j = 0; j < sa->ndests; j++) {
			const struct ipvs_dest *db =
				ipvs_service_find_dest(sb, &sa->dests[j].key);

			n += !db || !ipvs_dest_same(&sa->dests[j], db);
		}
	}
	return n;
}

static uint32_t
changes(const struct ipvs_table *old, const struct ipvs_table *new)
{
	uint32_t n = diff_count(new, old);

	/* plus what is gone */
	for (size_t i = 0; i < old->n; i++) {
		const struct ipvs_service *so = &old->svcs[i],
					  *sn = ipvs_table_find(new, &so->key);

		if (!sn) {
			n += 1 + (uint32_t)so->ndests;
			continue;
		}
		for (size_t j = 0; j < so->ndests; j++)
			n += !ipvs_service_find_dest(sn, &so->dests[j].key);
	}
	return n;
}

static int
hand_over(struct cc *s, struct ipvs_table *t)
{
	struct cc_ipvs *x = &s->ipvs;
	char dup[IPVS_OP_STRLEN];

	if (!x->conv)
		return 0;
	if (ipvs_conv_set(x->conv, t, dup) < 0) {
		log_err("ipvs table=refused error=\"%s: %s\"", dup,
			strerror(errno));
		return -1;
	}
	x->state = CC_IPVS_CONVERGING;
	ipvs_conv_kick(x->conv, ev_now(s->loop));
	arm(s);
	return 0;
}

uint32_t
cc_ipvs_rebuild(struct cc *s)
{
	struct cc_ipvs *x = &s->ipvs;
	struct chk_health h;
	struct ipvs_table t, copy;
	uint32_t n;

	ev_timer_stop(s->loop, &x->build);
	cc_health(s, &h);
	ipvs_table_init(&t);
	ipvs_table_init(&copy);
	x->builds++;
	if (chk_ipvs_want(s->conf, &h, &t, x->want_err, sizeof(x->want_err)) <
		    0 ||
	    ipvs_table_copy(&copy, &t) < 0) {
		log_err("ipvs table=not-built error=\"%s\"", x->want_err);
		ipvs_table_free(&t);
		return 0;
	}
	x->want_err[0] = 0;
	n = changes(&x->want, &copy);
	ipvs_table_free(&x->want);
	x->want = copy;
	x->have_want = true;
	if (hand_over(s, &t) < 0)
		n = 0;
	ipvs_table_free(&t);
	return n;
}

static void
on_build(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	cc_ipvs_rebuild(arg);
}

void
cc_ipvs_changed(struct cc *s)
{
	if (!s->stopping && !ev_timer_active(&s->ipvs.build))
		ev_timer_start(s->loop, &s->ipvs.build, 0);
}

/* ---- global_defs lvs_timeouts ---- */

static void
timeouts_done(void *arg, int err)
{
	(void)arg;
	if (err)
		log_warn("ipvs lvs_timeouts=failed error=\"%s\"",
			 strerror(err));
}

static uint32_t
timeout_of(uint32_t v)
{
	return v == CONF_UNSET_U32 ? 0 : v; /* 0: left as it is */
}

void
cc_ipvs_timeouts(struct cc *s)
{
	const struct conf_lvs_timeouts *ct = &s->conf->global.lvs_timeouts;
	struct ipvs_timeouts t = {timeout_of(ct->tcp), timeout_of(ct->tcpfin),
				  timeout_of(ct->udp)};
	struct ipvs_req r;

	if (!s->ipvs.conv || (!t.tcp && !t.tcp_fin && !t.udp))
		return;
	if (ipvs_enc_timeouts(&r, ipvs_nl_family(s->ipvs.nl), &t) < 0 ||
	    ipvs_nl_submit(s->ipvs.nl, &r, false, NULL, timeouts_done, s) < 0) {
		timeouts_done(s, errno);
		return;
	}
	arm(s);
}

/* ---- opening, with backoff while the kernel has no IPVS ---- */

static void
on_reread(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct cc *s = arg;

	ev_timer_start(loop, t, CC_REREAD);
	cc_ipvs_reread(s);
}

/* A pass re-reads the kernel and puts back what was removed; the
 * management side asks for it too (IPC_Q_DATA), for fresh counters. */
void
cc_ipvs_reread(struct cc *s)
{
	ev_time_t now = ev_now(s->loop);

	if (!s->ipvs.conv || s->stopping ||
	    (s->ipvs.last_reread && now - s->ipvs.last_reread < EV_SEC(1)))
		return;
	s->ipvs.last_reread = now;
	ipvs_conv_invalidate(s->ipvs.conv);
	cc_ipvs_rebuild(s);
}

/* Which entries vigil created, kept where a restarted child finds them. */
static const char *
state_path(struct cc *s)
{
	const char *dir = child_runtime_dir(s->cx);

	if (!dir || (mkdir(dir, 0755) < 0 && errno != EEXIST))
		return NULL; /* ownership kept in memory only */
	snprintf(s->ipvs.state_file, sizeof(s->ipvs.state_file), "%s/%s", dir,
		 CC_STATE_FILE);
	return s->ipvs.state_file;
}

static int
open_client(struct cc *s)
{
	struct cc_ipvs *x = &s->ipvs;
	struct ipvs_conv_opts o = {
		.state_path = state_path(s),
		.flush = s->conf->global.lvs_flush,
		.retry_min_us = EV_SEC(1),
		.retry_max_us = EV_SEC(60),
	};

	x->nl = x->ns_sock >= 0 ? ipvs_nl_open_sock(x->ns_sock)
				: ipvs_nl_open();
	if (!x->nl)
		return -1;
	if (!(x->conv = ipvs_conv_new(x->nl, &o, on_pass, s))) {
		int e = errno;

		ipvs_nl_close(x->nl);
		x->nl = NULL;
		errno = e;
		return -1;
	}
	return 0;
}

static void
on_open(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct cc *s = arg;
	struct cc_ipvs *x = &s->ipvs;

	(void)t;
	if (s->stopping)
		return;
	if (open_client(s) < 0) {
		x->open_err = errno;
		if (!x->told_missing)
			log_warn("ipvs state=unavailable error=\"%s\" "
				 "retry=backoff checks=running",
				 cc_ipvs_open_error(x->open_err));
		x->told_missing = true;
		ev_timer_start(loop, &x->open, x->open_backoff);
		x->open_backoff = x->open_backoff * 2 > CC_OPEN_MAX
					  ? CC_OPEN_MAX
					  : x->open_backoff * 2;
		return;
	}
	if (x->told_missing)
		log_notice("ipvs state=available");
	x->open_err = 0;
	cc_ipvs_timeouts(s);
	ev_timer_start(loop, &x->reread, CC_REREAD);
	cc_ipvs_rebuild(s);
}

void
cc_ipvs_init(struct cc *s)
{
	struct cc_ipvs *x = &s->ipvs;

	ev_io_init(&x->io, on_io, s);
	ev_timer_init(&x->kick, on_kick, s);
	ev_timer_init(&x->open, on_open, s);
	ev_timer_init(&x->reread, on_reread, s);
	ev_timer_init(&x->build, on_build, s);
	ev_timer_init(&x->stop_check, on_stop_check, s);
	ipvs_table_init(&x->want);
	x->open_backoff = CC_OPEN_MIN;
	x->ns_sock = -1;
}

void
cc_ipvs_start(struct cc *s)
{
	on_open(s->loop, &s->ipvs.open, s);
	if (!s->ipvs.conv)
		cc_ipvs_rebuild(s); /* the desired table, for status */
}

void
cc_ipvs_stop(struct cc *s)
{
	struct cc_ipvs *x = &s->ipvs;
	struct ipvs_table empty;

	ev_timer_stop(s->loop, &x->build);
	ev_timer_stop(s->loop, &x->open);
	ev_timer_stop(s->loop, &x->reread);
	if (!x->conv) {
		cc_stop_done(s);
		return;
	}
	/* keepalived removes the services it made at stop; the converger
	 * removes only what vigil owns (lvs_flush_onstop: everything). */
	ipvs_table_init(&empty);
	if (hand_over(s, &empty) < 0)
		cc_stop_done(s);
}

/* lvs_flush_onstop without VS: the whole table, vigil's or not. */
static void
flush_on_stop(struct cc *s)
{
	if (s->ipvs.nl && s->ipvs.flush_all_on_stop &&
	    ipvs_flush(s->ipvs.nl) < 0)
		log_warn("ipvs flush=failed error=\"%s\"", strerror(errno));
}

void
cc_ipvs_free(struct cc *s)
{
	struct cc_ipvs *x = &s->ipvs;

	flush_on_stop(s);
	ev_timer_stop(s->loop, &x->kick);
	ev_timer_stop(s->loop, &x->open);
	ev_timer_stop(s->loop, &x->reread);
	ev_timer_stop(s->loop, &x->build);
	ev_timer_stop(s->loop, &x->stop_check);
	if (x->io.active)
		ev_io_stop(s->loop, &x->io);
	ipvs_conv_free(x->conv);
	ipvs_nl_close(x->nl);
	x->conv = NULL;
	x->nl = NULL;
	if (x->ns_sock >= 0)
		close(x->ns_sock);
	x->ns_sock = -1;
	ipvs_table_free(&x->want);
}
