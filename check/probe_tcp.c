// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TCP_CHECK: the real server's port accepts connections.
 *
 * Half-open by default: one bare SYN from a raw socket shared by every
 * target (check/rawsock.h, check/tcpsyn.h); a SYN-ACK means the port is
 * open, a RST that it is closed. The local kernel has no socket for the
 * SYN-ACK and resets it itself, so the server frees its request at once
 * and its application never sees a connection. A run costs one sendmsg
 * and a share of a batched read: no descriptor, no epoll registration,
 * no connection set up and torn down on either side, which is what makes
 * it cheaper than any full open-and-close.
 *
 * A full non-blocking connect, closed with a reset, when the half-open
 * probe cannot serve: bind_port is set (the source port is the reserved
 * one), raw sockets are not allowed (no CAP_NET_RAW), or the target
 * already has a SYN out from another probe (a second SYN on the same
 * four-tuple would be taken for a retransmission).
 *
 * ICMP errors quoting a SYN (host or network unreachable) end its run at
 * once with that reason, as they end a connect().
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/net.h"
#include "check/probe.h"
#include "check/rawsock.h"
#include "check/tcpsyn.h"

/* How long a looked-up IPv4 source address is trusted; a failed run
 * looks it up again at once. */
#define SRC_TTL EV_SEC(30)

#define BUSY_BUCKETS 4096

struct tcp_probe;

struct tcp_shared {
	struct raw_sock *socks;
	bool no_raw; /* raw sockets refused: connect from now on */
	/* The probes with a SYN out, by target: a second probe of the same
	 * target connects instead while one is out. */
	struct tcp_probe *busy[BUSY_BUCKETS];
};

struct tcp_probe {
	struct probe *p;
	/* full connect */
	int fd;
	struct ev_io io;
	/* half-open */
	struct raw_sock *sock; /* set while a SYN is outstanding */
	uint16_t slot;
	uint32_t isn;
	struct chk_addr dst, src;
	ev_time_t src_at; /* when src was looked up; 0: look it up */
	struct tcp_probe *busy_next;
};

/* ---- full connect ---- */

static void
conn_close(struct tcp_probe *t)
{
	if (t->fd < 0)
		return;
	ev_io_stop(t->p->env->loop, &t->io);
	chk_net_close_reset(t->fd);
	t->fd = -1;
}

/* A reset after the handshake (SO_ERROR ECONNRESET; a reset of our SYN
 * is ECONNREFUSED) still means the server accepted, which is what
 * TCP_CHECK asks, however soon the application let go. */
static void
connect_result(int fd, struct chk_result *r)
{
	if (chk_net_connect_done(fd, r) < 0 && r->code == ECONNRESET)
		memset(r, 0, sizeof(*r));
}

static void
conn_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct tcp_probe *t = arg;
	struct chk_result r = {0};

	(void)loop;
	(void)io;
	(void)revents;
	connect_result(t->fd, &r);
	conn_close(t);
	t->p->report(t->p, &r);
}

static int
tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return -1;
	return ti.tcpi_state;
}

/* A server on this host completes the handshake inside connect() itself:
 * one TCP_INFO read then decides the run with no epoll registration. */
static void
conn_start(struct tcp_probe *t)
{
	struct probe *p = t->p;
	struct chk_result r = {0};
	int rc;

	t->fd = chk_net_socket(&p->conf->target, SOCK_STREAM, 0, &r);
	if (t->fd < 0)
		goto done;
	rc = chk_net_connect(t->fd, &p->conf->target, &r);
	if (rc < 0)
		goto done;
	switch (rc == 0 ? TCP_ESTABLISHED : tcp_state(t->fd)) {
	case TCP_ESTABLISHED:
		goto done;
	case TCP_CLOSE: /* refused, or accepted and reset already */
		connect_result(t->fd, &r);
		goto done;
	default:
		break;
	}
	if (ev_io_start(p->env->loop, &t->io, t->fd, EV_WRITE) == 0)
		return;
	chk_result_set(&r, CHK_R_LOCAL, errno);
done:
	conn_close(t);
	p->report(p, &r);
}

/* ---- half-open ---- */

static struct tcp_probe **
busy_head(struct tcp_shared *sh, const struct tcp_probe *t)
{
	uint64_t h = chk_addr_hash(&t->dst, CHK_HASH_INIT);

	h = chk_hash_bytes(h, &t->p->conf->target.fwmark,
			   sizeof(t->p->conf->target.fwmark));
	return &sh->busy[h % BUSY_BUCKETS];
}

/* Another probe's SYN to the same address, port and fwmark still out? */
static bool
target_busy(struct tcp_shared *sh, const struct tcp_probe *t)
{
	for (struct tcp_probe *o = *busy_head(sh, t); o; o = o->busy_next)
		if (o->p->conf->target.fwmark == t->p->conf->target.fwmark &&
		    chk_addr_equal(&o->dst, &t->dst, true))
			return true;
	return false;
}

static void
busy_del(struct tcp_shared *sh, struct tcp_probe *t)
{
	for (struct tcp_probe **pp = busy_head(sh, t); *pp;
	     pp = &(*pp)->busy_next)
		if (*pp == t) {
			*pp = t->busy_next;
			t->busy_next = NULL;
			return;
		}
}

static void
syn_release(struct tcp_probe *t)
{
	if (!t->sock)
		return;
	busy_del(t->p->env->shared[CHK_TCP], t);
	raw_sock_put(t->sock, t->slot);
	t->sock = NULL;
}

static void
syn_rx(struct raw_sock *s, const uint8_t *buf, size_t len,
       const struct chk_addr *from)
{
	struct tcpsyn_reply m;
	struct tcp_probe *t;
	struct chk_result r = {0};

	if (tcpsyn_decode(s->family, buf, len, from, &m) < 0 ||
	    m.dport != s->id)
		return;
	t = raw_sock_owner(s, (uint16_t)((m.ack - 1) >> 16));
	if (!t || m.ack != t->isn + 1 || !chk_addr_equal(&m.from, &t->dst, true)) {
		s->rx_other++;
		return;
	}
	if (m.flags & TCPSYN_F_RST)
		chk_result_set(&r, CHK_R_REFUSED, ECONNREFUSED);
	syn_release(t);
	t->p->report(t->p, &r);
}

/* An ICMP error (host unreachable...) quoting one of our SYNs. */
static void
syn_err(struct raw_sock *s, const uint8_t *quoted, size_t len,
	const struct chk_addr *dst, int err)
{
	struct tcpsyn_reply q;
	struct tcp_probe *t;
	struct chk_result r = {0};
	uint16_t sport;

	if (tcpsyn_decode_quoted(quoted, len, &sport, &q) < 0 ||
	    sport != s->id)
		return;
	t = raw_sock_owner(s, (uint16_t)(q.seq >> 16));
	if (!t || q.seq != t->isn || q.dport != chk_addr_port(&t->dst) ||
	    !chk_addr_equal(dst, &t->dst, false)) {
		s->rx_other++;
		return;
	}
	chk_result_errno(&r, err, false);
	syn_release(t);
	t->p->report(t->p, &r);
}

/* Replies to our port only, SYN-ACK or RST, so the socket is not handed
 * every TCP segment the host receives. IPv4 raw sockets read from the IP
 * header, IPv6 ones from the TCP header. */
static int
syn_filter(int fd, int family, uint16_t port)
{
	struct sock_filter v4[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 6),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x3fff, 6, 0),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 13),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, TCPSYN_F_RST | TCPSYN_F_SYN,
			 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_filter v6[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, TCPSYN_F_RST | TCPSYN_F_SYN,
			 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {
		.len = family == AF_INET ? sizeof(v4) / sizeof(v4[0])
					 : sizeof(v6) / sizeof(v6[0]),
		.filter = family == AF_INET ? v4 : v6,
	};

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}

/* Our source port: reserved by a bound, never connected TCP socket, so
 * no connect() on this host is given it and a segment to it finds no
 * socket (the kernel answers a SYN-ACK with a RST). */
static int
reserve_port(struct raw_sock *s)
{
	struct chk_addr a;
	socklen_t alen = sizeof(a.u);
	int one = 1;

	memset(&a, 0, sizeof(a));
	a.u.sa.sa_family = (sa_family_t)s->family;
	s->aux_fd = socket(s->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->aux_fd < 0)
		return -1;
	if ((s->family == AF_INET6 &&
	     setsockopt(s->aux_fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
			sizeof(one)) < 0) ||
	    bind(s->aux_fd, &a.u.sa, chk_addr_len(&a)) < 0 ||
	    getsockname(s->aux_fd, &a.u.sa, &alen) < 0)
		return -1;
	s->id = chk_addr_port(&a);
	return 0;
}

static int
syn_setup(struct raw_sock *s)
{
	int off = 16; /* the TCP checksum, which IPv6's kernel computes */

	if (reserve_port(s) < 0 || syn_filter(s->fd, s->family, s->id) < 0)
		return -1;
	if (s->family == AF_INET6 &&
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof(off)) < 0)
		return -1;
	return 0;
}

static void
syn_teardown(struct raw_sock *s)
{
	if (s->aux_fd >= 0)
		close(s->aux_fd);
	s->aux_fd = -1;
}

static const struct raw_sock_type syn_sock_type = {
	.proto_v4 = IPPROTO_TCP,
	.proto_v6 = IPPROTO_TCP,
	.setup = syn_setup,
	.teardown = syn_teardown,
	.rx = syn_rx,
	.err = syn_err,
};

/* The IPv4 source the kernel would use towards dst (the checksum covers
 * it): what a UDP socket connected there is given. */
static int
lookup_src(struct tcp_probe *t, struct chk_result *r)
{
	const struct chk_target *tg = &t->p->conf->target;
	socklen_t len = sizeof(t->src.u);
	int fd, rc;

	if (chk_addr_isset(&tg->bindto)) {
		t->src = tg->bindto;
		return 0;
	}
	fd = chk_net_socket(tg, SOCK_DGRAM, 0, r);
	if (fd < 0)
		return -1;
	rc = chk_net_connect(fd, tg, r);
	if (rc == 0 && getsockname(fd, &t->src.u.sa, &len) < 0) {
		chk_result_set(r, CHK_R_LOCAL, errno);
		rc = -1;
	}
	close(fd);
	if (rc == 0)
		t->src_at = ev_now(t->p->env->loop);
	return rc == 0 ? 0 : -1;
}

static bool
src_fresh(const struct tcp_probe *t)
{
	return t->src_at && ev_now(t->p->env->loop) - t->src_at < SRC_TTL;
}

static int
syn_send(struct tcp_probe *t, struct tcp_shared *sh, struct raw_sock *s,
	 struct chk_result *r)
{
	uint8_t pkt[TCPSYN_LEN];
	bool v4 = s->family == AF_INET;

	if (v4 && !src_fresh(t) && lookup_src(t, r) < 0)
		return -1;
	if (!v4)
		t->src = t->dst; /* family only: the kernel fills it in */
	if (raw_sock_take(s, t, &t->slot, r) < 0)
		return -1;
	t->isn = (uint32_t)t->slot << 16 | (uint16_t)probe_rand(t->p->env);
	tcpsyn_build(pkt, sizeof(pkt), &t->src, s->id, &t->dst, t->isn);
	if (raw_sock_send(s, &t->p->conf->target, v4 ? &t->src : NULL,
			  &t->dst, pkt, sizeof(pkt), r) < 0) {
		raw_sock_put(s, t->slot);
		t->src_at = 0;
		return -1;
	}
	t->sock = s;
	t->busy_next = *busy_head(sh, t);
	*busy_head(sh, t) = t;
	return 0;
}

static struct raw_sock *
syn_sock(struct tcp_probe *t)
{
	struct probe_env *env = t->p->env;
	struct tcp_shared *sh = env->shared[CHK_TCP];
	struct chk_result r = {0};
	struct raw_sock *s;

	if (!sh && !(sh = env->shared[CHK_TCP] = calloc(1, sizeof(*sh))))
		return NULL;
	if (sh->no_raw || t->p->conf->target.bind_port)
		return NULL;
	s = raw_sock_get(&sh->socks, env, &syn_sock_type,
			 chk_addr_family(&t->dst), t->p->conf->target.fwmark,
			 &r);
	if (!s && (r.code == EPERM || r.code == EACCES))
		sh->no_raw = true;
	return s;
}

static void
tcp_start(struct probe *p)
{
	struct tcp_probe *t = p->priv;
	struct chk_result r = {0};
	struct raw_sock *s;

	t->p = p;
	chk_net_dest(&p->conf->target, &t->dst);
	s = syn_sock(t);
	if (!s || target_busy(p->env->shared[CHK_TCP], t)) {
		conn_start(t);
		return;
	}
	if (syn_send(t, p->env->shared[CHK_TCP], s, &r) < 0)
		p->report(p, &r);
}

static int
tcp_init(struct probe *p, char *err, size_t errlen)
{
	struct tcp_probe *t = p->priv;

	(void)err;
	(void)errlen;
	t->p = p;
	t->fd = -1;
	ev_io_init(&t->io, conn_ready, t);
	return 0;
}

static void
tcp_cancel(struct probe *p, struct chk_result *why)
{
	struct tcp_probe *t = p->priv;

	if (why)
		chk_result_set(why, CHK_R_CONNECT_TIMEOUT, 0);
	if (t->sock)
		t->src_at = 0; /* the route may have moved */
	syn_release(t);
	conn_close(t);
}

static void
tcp_fini(struct probe *p)
{
	tcp_cancel(p, NULL);
}

static void
tcp_shared_free(struct probe_env *env)
{
	struct tcp_shared *sh = env->shared[CHK_TCP];

	if (!sh)
		return;
	raw_sock_free_all(&sh->socks, env->loop);
	free(sh);
	env->shared[CHK_TCP] = NULL;
}

const struct probe_ops probe_tcp_ops = {
	.type = CHK_TCP,
	.name = "TCP_CHECK",
	.priv_size = sizeof(struct tcp_probe),
	.init = tcp_init,
	.fini = tcp_fini,
	.start = tcp_start,
	.cancel = tcp_cancel,
	.shared_free = tcp_shared_free,
};
