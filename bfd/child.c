// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigild's bfd child (core/runtime/child.h), a row of the table of
 * children (core/parent/children.c), started when the config has a
 * bfd_instance. It runs one BFD session (session.h) per bfd_instance,
 * single hop (RFC 5881), over the sockets of sock.h, and tells the
 * parent each session's state (BFD_STATE), which the parent relays to
 * the vrrp child (track_bfd) and replays to a child that becomes ready.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "bfd/child_int.h"
#include "bfd/sock.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"

/* xorshift64*: the transmit jitter needs no more. */
static uint32_t
bc_rand(void *arg)
{
	struct bfd_child *bc = arg;

	bc->rng ^= bc->rng >> 12;
	bc->rng ^= bc->rng << 25;
	bc->rng ^= bc->rng >> 27;
	return (uint32_t)((bc->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static void
sess_conf(struct bfd_sess_conf *sc, const struct conf_bfd *b)
{
	sc->min_tx = (uint32_t)b->min_tx;
	sc->min_rx = (uint32_t)b->min_rx;
	sc->idle_tx = (uint32_t)b->idle_tx;
	sc->mult = (uint8_t)b->multiplier;
	sc->passive = b->passive;
}

static void
notify(struct bfd_inst *in, int prev)
{
	struct ipc_bfd_state_msg m = {0};
	char nb[INET6_ADDRSTRLEN];

	snprintf(m.name, sizeof(m.name), "%s", in->name);
	m.state = in->s.state;
	m.prev = prev < 0 ? in->s.state : (uint32_t)prev;
	m.to = in->to;
	m.when_us = in->s.since;
	if (prev >= 0)
		log_notice("bfd_instance=%s neighbor=%s state=%s prev=%s "
			   "diag=%s remote_diag=%s remote_discr=%u",
			   in->name, ipaddr_str(&in->neighbor, nb, sizeof(nb)),
			   bfd_state_name(in->s.state),
			   bfd_state_name((unsigned)prev),
			   bfd_diag_name(in->s.diag),
			   bfd_diag_name(in->s.remote_diag),
			   in->s.remote_discr);
	if (child_send(in->bc->cx, IPC_BFD_STATE, &m, sizeof(m)) < 0)
		log_warn("bfd_instance=%s ipc=BFD_STATE error=\"%s\"", in->name,
			 strerror(errno));
}

static void
arm(struct bfd_inst *in)
{
	uint64_t t = bfd_sess_next(&in->s);

	if (t)
		ev_timer_start_at(in->bc->loop, &in->timer, t);
	else
		ev_timer_stop(in->bc->loop, &in->timer);
}

static void
transmit(struct bfd_inst *in, uint64_t now)
{
	struct bfd_pkt p;
	uint8_t buf[BFD_PKT_LEN];

	bfd_sess_build(&in->s, &p);
	bfd_pkt_encode(&p, buf);
	if (bfd_sock_send(in->fd, buf, sizeof(buf), &in->neighbor,
			  BFD_PORT_SINGLE) < 0 &&
	    in->tx_err++ == 0)
		log_warn("bfd_instance=%s send=failed error=\"%s\"", in->name,
			 strerror(errno));
	bfd_sess_sent(&in->s, now);
}

/* Expire, send what is due, re-arm. */
static void
run(struct bfd_inst *in)
{
	uint64_t now = ev_now(in->bc->loop);
	int prev = bfd_sess_tick(&in->s, now);

	if (prev >= 0)
		notify(in, prev);
	if (bfd_sess_tx_due(&in->s, now))
		transmit(in, now);
	arm(in);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	run(arg);
}

/* RFC 5880 §6.8.6: by Your Discriminator, or while it is 0 by the
 * addresses the packet came from and to. */
static struct bfd_inst *
find(struct bfd_child *bc, const struct bfd_pkt *p, const struct bfd_rx_meta *m)
{
	for (struct bfd_inst *in = bc->inst; in; in = in->next) {
		if (p->your_discr) {
			if (in->s.local_discr == p->your_discr)
				return in;
			continue;
		}
		if (ipaddr_eq(&in->neighbor, &m->src) &&
		    (!in->source.family || !m->dst.family ||
		     ipaddr_eq(&in->source, &m->dst)))
			return in;
	}
	return NULL;
}

static void
receive(struct bfd_child *bc, const uint8_t *buf, size_t n,
	const struct bfd_rx_meta *m)
{
	struct bfd_pkt p;
	enum bfd_pkt_err e = bfd_pkt_decode(buf, n, &p);
	struct bfd_inst *in;
	int prev;

	if (e != BFD_OK) {
		bc->dropped[e]++;
		return;
	}
	if (!(in = find(bc, &p, m)) || !ipaddr_eq(&in->neighbor, &m->src)) {
		bc->unknown++;
		return;
	}
	if (!bfd_ttl_ok(m->ttl, in->ttl, in->max_hops)) {
		in->rx_ttl++;
		in->s.st.rx_dropped++;
		return;
	}
	prev = bfd_sess_rx(&in->s, &p, ev_now(bc->loop));
	if (prev >= 0)
		notify(in, prev);
	run(in);
}

static void
on_rx(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct bfd_rx *rx = arg;
	uint8_t buf[512];
	struct bfd_rx_meta m;
	ssize_t n;

	(void)loop;
	(void)io;
	(void)revents;
	/* A bounded batch per wake-up: the loop stays responsive. */
	for (int i = 0; i < 64; i++) {
		if ((n = bfd_sock_recv(rx->fd, buf, sizeof(buf), &m)) < 0)
			break;
		receive(rx->bc, buf, (size_t)n, &m);
	}
}

static int
rx_open(struct bfd_child *bc, struct bfd_rx *rx, int family, char *err,
	size_t errlen)
{
	if (rx->fd >= 0)
		return 0;
	rx->bc = bc;
	if ((rx->fd = bfd_sock_rx_open(family, BFD_PORT_SINGLE)) < 0) {
		snprintf(err, errlen, "udp port %u (%s): %s", BFD_PORT_SINGLE,
			 family == AF_INET6 ? "ipv6" : "ipv4", strerror(errno));
		return -1;
	}
	ev_io_init(&rx->io, on_rx, rx);
	return ev_io_start(bc->loop, &rx->io, rx->fd, EV_READ);
}

static uint32_t
new_discr(struct bfd_child *bc)
{
	for (;;) {
		uint32_t d = bc_rand(bc);
		struct bfd_inst *in;

		for (in = bc->inst; in && in->s.local_discr != d; in = in->next)
			;
		if (d && !in)
			return d;
	}
}

static void
inst_free(struct bfd_child *bc, struct bfd_inst *in)
{
	ev_timer_stop(bc->loop, &in->timer);
	if (in->fd >= 0)
		close(in->fd);
	free(in);
}

/* Whether b needs a session other than in's (new socket or peer). */
static bool
same_socket(const struct bfd_inst *in, const struct conf_bfd *b)
{
	uint32_t ttl = b->neighbor.ip.family == AF_INET6 ? b->hoplimit : b->ttl;

	return ipaddr_eq(&in->neighbor, &b->neighbor.ip) &&
	       ipaddr_eq(&in->source, &b->source.ip) && in->ttl == ttl;
}

static uint32_t
targets(const struct conf_bfd *b)
{
	if (b->vrrp_only == b->checker_only)
		return IPC_BFD_TO_VRRP | IPC_BFD_TO_CHECK;
	return b->vrrp_only ? IPC_BFD_TO_VRRP : IPC_BFD_TO_CHECK;
}

static struct bfd_inst *
inst_new(struct bfd_child *bc, const struct conf_bfd *b, char *err,
	 size_t errlen)
{
	struct bfd_inst *in = calloc(1, sizeof(*in));
	struct bfd_sess_conf sc;
	int fam = b->neighbor.ip.family;
	char nb[INET6_ADDRSTRLEN];

	if (!in) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	in->bc = bc;
	snprintf(in->name, sizeof(in->name), "%s", b->name);
	in->neighbor = b->neighbor.ip;
	in->source = b->source.ip;
	in->ttl = fam == AF_INET6 ? b->hoplimit : b->ttl;
	in->max_hops = b->max_hops;
	in->to = targets(b);
	in->fd = bfd_sock_tx_open(fam, &in->source, (int)in->ttl,
				  (uint16_t)bc_rand(bc), &in->sport);
	if (in->fd < 0 || rx_open(bc, fam == AF_INET6 ? &bc->rx6 : &bc->rx4,
				  fam, err, errlen) < 0) {
		if (in->fd < 0)
			snprintf(err, errlen, "bfd_instance %s: source %s: %s",
				 b->name,
				 in->source.family ? ipaddr_str(&in->source, nb,
								sizeof(nb))
						   : "any",
				 strerror(errno));
		inst_free(bc, in);
		return NULL;
	}
	sess_conf(&sc, b);
	bfd_sess_init(&in->s, &sc, new_discr(bc), bc_rand, bc,
		      ev_now(bc->loop));
	ev_timer_init(&in->timer, on_timer, in);
	log_info("bfd_instance=%s neighbor=%s sport=%u discr=%u state=Down",
		 in->name, ipaddr_str(&in->neighbor, nb, sizeof(nb)), in->sport,
		 in->s.local_discr);
	return in;
}

static struct bfd_inst *
inst_find(struct bfd_child *bc, const char *name)
{
	struct bfd_inst *in;

	for (in = bc->inst; in && strcmp(in->name, name); in = in->next)
		;
	return in;
}

/* Apply config c: keep sessions whose socket is unchanged (new timers by
 * a poll sequence), make the others. Counts what changed. */
static int
apply(struct bfd_child *bc, const struct conf *c, uint32_t *changes, char *err,
      size_t errlen)
{
	struct bfd_inst **pp;

	for (struct bfd_inst *in = bc->inst; in; in = in->next)
		in->seen = false;
	for (const struct conf_bfd *b = c->bfds.head; b; b = b->next) {
		struct bfd_inst *in = inst_find(bc, b->name);
		struct bfd_sess_conf sc;

		sess_conf(&sc, b);
		if (in && same_socket(in, b)) {
			in->seen = true;
			in->max_hops = b->max_hops;
			in->to = targets(b);
			if (memcmp(&sc, &in->s.conf, sizeof(sc))) {
				bfd_sess_set_conf(&in->s, &sc,
						  ev_now(bc->loop));
				run(in);
				++*changes;
			}
			continue;
		}
		if (in) /* a new peer or socket: a new session */
			in->name[0] = '\0';
		if (!(in = inst_new(bc, b, err, errlen)))
			return -1;
		in->seen = true;
		in->next = bc->inst;
		bc->inst = in;
		++*changes;
		notify(in, -1);
		run(in);
	}
	for (pp = &bc->inst; *pp;) {
		struct bfd_inst *in = *pp;

		if (in->seen) {
			pp = &in->next;
			continue;
		}
		*pp = in->next;
		++*changes;
		inst_free(bc, in);
	}
	return 0;
}

static void
bc_free(void *st)
{
	struct bfd_child *bc = st;

	if (!bc)
		return;
	while (bc->inst) {
		struct bfd_inst *in = bc->inst;

		bc->inst = in->next;
		inst_free(bc, in);
	}
	for (struct bfd_rx *rx = &bc->rx4; rx;
	     rx = rx == &bc->rx4 ? &bc->rx6 : NULL)
		if (rx->fd >= 0) {
			ev_io_stop(bc->loop, &rx->io);
			close(rx->fd);
		}
	free(bc);
}

static void *
bc_start(struct child_ctx *cx, const struct conf *c, char *err, size_t errlen)
{
	struct bfd_child *bc = calloc(1, sizeof(*bc));
	uint32_t changes = 0;

	if (!bc) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	bc->cx = cx;
	bc->loop = child_loop(cx);
	bc->rx4.fd = bc->rx6.fd = -1;
	if (getrandom(&bc->rng, sizeof(bc->rng), 0) != sizeof(bc->rng))
		bc->rng = (uint64_t)getpid() ^ ev_now(bc->loop);
	bc->rng |= 1;
	if (apply(bc, c, &changes, err, errlen) < 0) {
		bc_free(bc);
		return NULL;
	}
	log_info("bfd state=running sessions=%u", changes);
	return bc;
}

static int
bc_reload(void *st, const struct conf *c, uint32_t *changes, char *err,
	  size_t errlen)
{
	*changes = 0;
	return apply(st, c, changes, err, errlen);
}

static void
bc_stop(void *st)
{
	struct bfd_child *bc = st;
	uint64_t now = ev_now(bc->loop);

	if (bc->stopping)
		return;
	bc->stopping = true;
	/* RFC 5880 §6.8.16: AdminDown tells the peer that the session goes
	 * down by choice, not by a failure of the path. */
	for (struct bfd_inst *in = bc->inst; in; in = in->next) {
		in->s.state = BFD_ADMIN_DOWN;
		in->s.diag = BFD_DIAG_ADMIN_DOWN;
		in->s.final_due = false;
		transmit(in, now);
	}
	log_info("bfd state=stopped");
	child_stopped(bc->cx, 0);
}

/* keepalived's bfd_priority, bfd_rt_priority, bfd_rlimit_rttime and
 * bfd_no_swap, applied by the runtime at spawn. */
static void
bc_procset(const struct conf *c, struct child_procset *p)
{
	const struct conf_global *g = &c->global;

	/* conf_validate gave each its default: 0, 0, 10000 us, off */
	p->nice = g->bfd_priority;
	p->rt_priority = g->bfd_rt_priority;
	p->rlimit_rttime = g->bfd_rlimit_rttime;
	p->no_swap = g->bfd_no_swap;
}

/* The sockets are made at start and at a reload, by the child itself:
 * port 3784 and the ports above 49152 need no capability. */
/* clang-format off */
static const char *const bfd_syscalls[] = {
	"bind", "getsockname", "getsockopt", "setsockopt", NULL};
/* clang-format on */

const struct child_ops bfd_child_ops = {
	.proc = PROC_BFD,
	.caps = NULL,
	.ncaps = 0,
	.syscalls = bfd_syscalls,
	.procset = bc_procset,
	.start = bc_start,
	.reload = bc_reload,
	.stop = bc_stop,
	.query = bfd_child_query,
	.free = bc_free,
};
