// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctnetlink for the conntrack replication (ct_nl.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "sync/ct_conv.h"
#include "sync/ct_nl.h"
#include "sync/ct_parse.h"

#define NL_BUF (16 << 20) /* dumps, commits; events: ct_nl_event_buffer() */
#define READS_PER_WAKE 16
/* Events are read EV_BATCH at a time (one recvmmsg: the kernel queues
 * each in its own buffer, so one recv would be one event), up to
 * EV_BATCHES per wake: they come first, they are what overruns. */
#define EV_BATCH 64
#define EV_BATCHES 4
#define EV_SLOT 2048 /* an event is far smaller; larger is truncated */
/* After a wake that found events, the next read waits this long (the
 * socket's watcher off): in a stream of events each wake then takes
 * many, so fewer wakes and fuller datagrams (a wake per few events cost
 * a fifth of the master's CPU in scheduling and half-empty datagrams,
 * perf). The first event after a quiet spell is read at once. */
#define EV_COALESCE EV_MSEC(1)
#define BATCH 65536

struct sock {
	struct mnl_socket *nl;
	struct ev_io io;
	unsigned portid;
};

struct ct_nl {
	struct ev_loop *loop;
	struct ct_nl_cb cb;
	void *arg;
	struct sock ev, dump, commit;
	struct ev_timer evwait; /* the pause between reads in a stream */
	bool dumping, in_dump;	/* a dump runs; its reply is being read */
	uint32_t dump_seq;
	uint32_t drops; /* the events socket's, as last read */
	int ev_buf;	/* the events socket's receive buffer */
	struct ct_nl_counts c;
	uint8_t *batch;
	size_t blen;
	uint8_t rbuf[32768];
	struct mmsghdr evm[EV_BATCH];
	struct iovec eviov[EV_BATCH];
	uint8_t (*evbuf)[EV_SLOT];
};

static int
sock_open(struct ct_nl *n, struct sock *s, unsigned groups, int buf,
	  bool cap_ack, ev_io_cb cb)
{
	int one = 1;

	s->nl = mnl_socket_open2(NETLINK_NETFILTER,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!s->nl || mnl_socket_bind(s->nl, groups, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	s->portid = mnl_socket_get_portid(s->nl);
	if (setsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &buf, sizeof(buf)) < 0)
		setsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_RCVBUF,
			   &buf, sizeof(buf));
	/* errors without the request copied back (the commit socket wants
	 * it: a create refused with EEXIST is sent again as an update) */
	if (cap_ack)
		mnl_socket_setsockopt(s->nl, NETLINK_CAP_ACK, &one,
				      sizeof(one));
	ev_io_init(&s->io, cb, n);
	return ev_io_start(n->loop, &s->io, mnl_socket_get_fd(s->nl), EV_READ);
}

static void
sock_close(struct ct_nl *n, struct sock *s)
{
	if (s->io.active)
		ev_io_stop(n->loop, &s->io);
	if (s->nl)
		mnl_socket_close(s->nl);
	s->nl = NULL;
}

static int
on_ct_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct ct_nl *n = arg;
	uint8_t type = NFNL_MSG_TYPE(nlh->nlmsg_type), op;
	bool dump = n->in_dump;
	struct sch_ct e;

	if (type == IPCTNL_MSG_CT_DELETE)
		op = SCH_CT_DESTROY;
	else if (nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL) && !dump)
		op = SCH_CT_NEW;
	else
		op = dump ? SCH_CT_NEW : SCH_CT_UPDATE;
	/* read straight from the message: no object per event */
	if (ct_parse_msg(nlh, op, &e) == 0) {
		if (dump)
			n->c.dumped++;
		else
			n->c.events++;
		n->cb.entry(n->arg, &e, dump);
	}
	return MNL_CB_OK;
}

/* Events the kernel could not queue on the socket. ENOBUFS says so only
 * once until the queue has been emptied; the socket's drop counter says
 * it every time. */
static uint32_t
ev_drops(const struct ct_nl *n)
{
	uint32_t mem[SK_MEMINFO_VARS] = {0};
	socklen_t len = sizeof(mem);

	if (getsockopt(mnl_socket_get_fd(n->ev.nl), SOL_SOCKET, SO_MEMINFO, mem,
		       &len) < 0)
		return n->drops;
	return mem[SK_MEMINFO_DROPS];
}

/* Up to EV_BATCH events: their count, or -1 with errno. */
static int
recv_events(struct ct_nl *n)
{
	for (int i = 0; i < EV_BATCH; i++) {
		n->eviov[i] = (struct iovec){n->evbuf[i], EV_SLOT};
		/* no source address: the socket is connected to the
		 * kernel, which refuses other senders' unicasts to it */
		n->evm[i].msg_hdr = (struct msghdr){
			.msg_iov = &n->eviov[i],
			.msg_iovlen = 1,
		};
	}
	return recvmmsg(mnl_socket_get_fd(n->ev.nl), n->evm, EV_BATCH,
			MSG_DONTWAIT, NULL);
}

/* The events read: each whole, else lost (true: a resync repairs it as
 * it repairs an overrun). */
static bool
run_events(struct ct_nl *n, int got)
{
	bool lost = false;

	for (int i = 0; i < got; i++) {
		if (n->evm[i].msg_hdr.msg_flags & MSG_TRUNC) {
			lost = true;
			continue;
		}
		mnl_cb_run(n->evbuf[i], n->evm[i].msg_len, 0, 0, on_ct_msg, n);
	}
	return lost;
}

/* Read the events queued, a bounded number: whether the socket was
 * found empty after some (a stream: pause), else false (nothing there:
 * wait for the next; or more queued: read again at once). */
static bool
read_events(struct ct_nl *n)
{
	bool lost = false, drained = false;
	int total = 0;
	uint32_t d;

	for (int i = 0; i < EV_BATCHES && n->ev.nl; i++) {
		int got = recv_events(n);

		if (got < 0 && errno == ENOBUFS)
			continue; /* counted below, from the drops */
		if (got <= 0) {
			drained = true;
			break;
		}
		total += got;
		lost |= run_events(n, got);
		if (got < EV_BATCH) {
			drained = true;
			break;
		}
	}
	if (n->ev.nl && ((d = ev_drops(n)) != n->drops || lost)) {
		n->drops = d;
		n->c.overruns++;
		n->cb.overrun(n->arg);
	}
	return drained && total > 0 && n->ev.nl;
}

static void
on_events(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct ct_nl *n = arg;

	(void)io, (void)revents;
	if (read_events(n)) {
		ev_io_stop(loop, &n->ev.io);
		ev_timer_start(loop, &n->evwait, EV_COALESCE);
	}
}

static void
on_evwait(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ct_nl *n = arg;

	if (read_events(n))
		ev_timer_start(loop, t, EV_COALESCE);
	else if (n->ev.nl)
		ev_io_start(loop, &n->ev.io, mnl_socket_get_fd(n->ev.nl),
			    EV_READ);
}

static void
dump_end(struct ct_nl *n, int err)
{
	n->dumping = false;
	n->cb.dump_done(n->arg, err);
}

static void
on_dump(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct ct_nl *n = arg;

	(void)loop, (void)io, (void)revents;
	for (int i = 0; i < READS_PER_WAKE && n->dumping; i++) {
		ssize_t r = mnl_socket_recvfrom(n->dump.nl, n->rbuf,
						sizeof(n->rbuf));
		int rc;

		if (r < 0 && errno == EAGAIN)
			return;
		if (r <= 0) {
			dump_end(n, -1);
			return;
		}
		n->in_dump = true;
		rc = mnl_cb_run(n->rbuf, (size_t)r, n->dump_seq, n->dump.portid,
				on_ct_msg, n);
		n->in_dump = false;
		if (rc <= MNL_CB_STOP) {
			dump_end(n, rc < 0 ? -1 : 0);
			return;
		}
	}
}

/* One answer of the kernel to a commit (successes are silent): a create
 * that found its entry (EEXIST) goes again as an update, into the batch;
 * other refusals are counted. */
static void
on_commit_reply(struct ct_nl *n, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t len;

	if (nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(e->error) || !e->error)
		return;
	if (e->error == -EEXIST) {
		len = ct_parse_exist_update(nlh, n->batch + n->blen,
					    BATCH - n->blen);
		if (len) {
			n->blen += len;
			n->c.commit_updates++;
			return;
		}
	}
	n->c.commit_errors++;
	n->c.last_commit_errno = -e->error;
}

/* Reads what the commit socket holds; false when nothing was left. */
static bool
commit_read(struct ct_nl *n)
{
	ssize_t r = mnl_socket_recvfrom(n->commit.nl, n->rbuf, sizeof(n->rbuf));

	if (r < 0 && errno == ENOBUFS) {
		/* answers lost: refusals not counted, updates not sent */
		n->c.commit_errors++;
		n->c.last_commit_errno = ENOBUFS;
		return true;
	}
	if (r <= 0)
		return false;
	for (const struct nlmsghdr *h = (void *)n->rbuf;
	     mnl_nlmsg_ok(h, (int)r); h = mnl_nlmsg_next(h, (int *)&r))
		on_commit_reply(n, h);
	return true;
}

static void
on_commit(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct ct_nl *n = arg;

	(void)loop, (void)io, (void)revents;
	for (int i = 0; i < READS_PER_WAKE && commit_read(n); i++)
		;
	ct_nl_commit_flush(n);
}

struct ct_nl *
ct_nl_new(struct ev_loop *loop, const struct ct_nl_cb *cb, void *arg, char *err,
	  size_t errlen)
{
	struct ct_nl *n = calloc(1, sizeof(*n));

	if (!n || !(n->batch = malloc(BATCH)) ||
	    !(n->evbuf = malloc(EV_BATCH * sizeof(*n->evbuf)))) {
		if (n)
			free(n->batch);
		free(n);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n->loop = loop;
	ev_timer_init(&n->evwait, on_evwait, n);
	n->cb = *cb;
	n->arg = arg;
	n->ev_buf = NL_BUF;
	if (sock_open(n, &n->dump, 0, NL_BUF, true, on_dump) < 0 ||
	    sock_open(n, &n->commit, 0, NL_BUF, false, on_commit) < 0) {
		snprintf(err, errlen, "ctnetlink: %s", strerror(errno));
		ct_nl_free(n);
		return NULL;
	}
	return n;
}

void
ct_nl_event_buffer(struct ct_nl *n, uint32_t bytes)
{
	n->ev_buf = bytes > INT_MAX ? INT_MAX : (int)bytes;
}

void
ct_nl_free(struct ct_nl *n)
{
	if (!n)
		return;
	ev_timer_stop(n->loop, &n->evwait);
	sock_close(n, &n->ev);
	sock_close(n, &n->dump);
	sock_close(n, &n->commit);
	free(n->batch);
	free(n->evbuf);
	free(n);
}

/* Only the kernel (port 0) may send to a connected netlink socket
 * (netlink_getsockbyportid() refuses others' unicasts with
 * ECONNREFUSED); the groups need CAP_NET_ADMIN to send to. So an
 * event's source need not be read, nor checked. */
static int
connect_kernel(struct sock *s)
{
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};

	return connect(mnl_socket_get_fd(s->nl), (struct sockaddr *)&k,
		       sizeof(k));
}

int
ct_nl_events(struct ct_nl *n, bool on)
{
	if (on == (n->ev.nl != NULL))
		return 0;
	n->drops = 0; /* a new socket counts from 0 */
	if (!on) {
		ev_timer_stop(n->loop, &n->evwait);
		sock_close(n, &n->ev);
		return 0;
	}
	if (sock_open(n, &n->ev,
		      NF_NETLINK_CONNTRACK_NEW | NF_NETLINK_CONNTRACK_UPDATE |
			      NF_NETLINK_CONNTRACK_DESTROY,
		      n->ev_buf, true, on_events) < 0 ||
	    connect_kernel(&n->ev) < 0) {
		int e = errno;

		sock_close(n, &n->ev);
		errno = e;
		return -1;
	}
	return 0;
}

static struct nlmsghdr *
put_hdr(void *buf, uint16_t type, uint16_t flags, uint8_t family, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;

	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	return nlh;
}

int
ct_nl_dump(struct ct_nl *n)
{
	uint8_t buf[64];
	struct nlmsghdr *nlh;

	if (n->dumping) {
		errno = EBUSY;
		return -1;
	}
	n->dump_seq = (uint32_t)time(NULL) ^ (uint32_t)++n->c.dumps;
	nlh = put_hdr(buf, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_UNSPEC,
		      n->dump_seq);
	if (mnl_socket_sendto(n->dump.nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	n->dumping = true;
	return 0;
}

bool
ct_nl_dumping(const struct ct_nl *n)
{
	return n->dumping;
}

/* The kernel handles a batch inside sendto(), so its answers are queued
 * when it returns: they are read at once (a batch's answers stay far
 * below the socket's buffer), and the updates the EEXISTs asked for go
 * in a second batch (an update is never refused with EEXIST). */
int
ct_nl_commit_flush(struct ct_nl *n)
{
	for (int round = 0; round < 2 && n->blen; round++) {
		if (mnl_socket_sendto(n->commit.nl, n->batch, n->blen) < 0)
			return -1;
		n->blen = 0;
		while (commit_read(n))
			;
	}
	return 0;
}

static void
put_ct(struct ct_nl *n, uint16_t type, uint16_t flags, const struct sch_ct *e,
       const struct nf_conntrack *ct)
{
	struct nlmsghdr *nlh = put_hdr(n->batch + n->blen, type, flags,
				       e->family == 6 ? AF_INET6 : AF_INET, 0);

	nfct_nlmsg_build(nlh, ct);
	n->blen += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* An entry is committed as a create with its NAT; when the kernel has
 * it already (EEXIST), the request comes back and goes again as an
 * update without the NAT (ct_parse_exist_update). One message an entry
 * in the usual case, a takeover onto an empty table: a create and an
 * update each would double the kernel's work and the events they
 * raise on the new master's own events socket. */
int
ct_nl_commit(struct ct_nl *n, const struct sch_ct *e)
{
	struct nf_conntrack *ct;

	/* room for one more message (far below 1 KiB) */
	if (BATCH - n->blen < 1024 && ct_nl_commit_flush(n) < 0)
		return -1;
	if (!(ct = nfct_new())) {
		errno = ENOMEM;
		return -1;
	}
	ct_to_nfct(e, ct);
	/* a destroy deletes by the original tuple */
	if (e->op == SCH_CT_DESTROY) {
		put_ct(n, IPCTNL_MSG_CT_DELETE, 0, e, ct);
	} else {
		put_ct(n, IPCTNL_MSG_CT_NEW, NLM_F_CREATE | NLM_F_EXCL, e, ct);
	}
	nfct_destroy(ct);
	n->c.commits++;
	return 0;
}

const struct ct_nl_counts *
ct_nl_counts(const struct ct_nl *n)
{
	return &n->c;
}
