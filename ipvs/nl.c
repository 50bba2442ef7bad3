// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pipelined IPVS netlink client; see nl.h.
 *
 * Requests live in one array in submission order; request i has sequence
 * number base_seq + i, so a reply finds its request in O(1). Their encoded
 * bytes are appended to one buffer, so a batch of consecutive requests is
 * one contiguous sendmsg(). Indices [head, next) are in flight or done,
 * [next, nreq) wait to be sent; the array is compacted when its front is
 * done.
 *
 * Flow control: the kernel handles a request inside our sendmsg() and
 * queues its answer on our socket at once, dropping it (ENOBUFS) if the
 * receive buffer is full. The window of requests in flight is sized from
 * the receive buffer so that never happens; if it does anyway, which
 * requests lost their answer cannot be known, so those in flight fail with
 * ENOBUFS and a fresh socket takes over.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/netlink.h>

#include "ipvs/nl.h"

#define RX_BUFS 32
/* The kernel builds dump datagrams of at most 32 KiB; a buffer that size
 * never truncates one. */
#define RX_SIZE 32768
/* sendmsg() rounds: at most this many per ipvs_nl_pump(), so a large
 * change does not hold the caller's event loop for its whole length. */
#define PUMP_ROUNDS 4

enum req_state { REQ_QUEUED, REQ_SENT, REQ_DONE };

struct req {
	size_t off; /* bytes in out[], while queued */
	uint32_t len;
	uint8_t state;
	bool dump;
	int err; /* sticky: a malformed or interrupted part of the reply */
	ipvs_reply_cb reply;
	ipvs_done_cb done;
	void *arg;
};

struct ipvs_nl {
	const struct ipvs_nl_io *io;
	void *ctx;
	uint16_t family;
	size_t window;	  /* requests in flight at most */
	size_t batch_max; /* bytes per sendmsg() */

	struct req *reqs;
	size_t nreq, cap, head, next;
	uint32_t base_seq;
	size_t inflight;
	bool dump_busy;

	uint8_t *out;
	size_t out_len, out_cap;

	struct mmsghdr mm[RX_BUFS];
	struct iovec iov[RX_BUFS];
	struct sockaddr_nl from[RX_BUFS];
	uint8_t *rx;

	struct ipvs_nl_stats st;
};

struct ipvs_nl *
ipvs_nl_open_io(const struct ipvs_nl_io *io, void *ctx, uint16_t family,
		size_t window)
{
	struct ipvs_nl *nl = calloc(1, sizeof(*nl));

	if (!nl || !(nl->rx = malloc((size_t)RX_BUFS * RX_SIZE))) {
		free(nl);
		if (io->free)
			io->free(ctx);
		errno = ENOMEM;
		return NULL;
	}
	nl->io = io;
	nl->ctx = ctx;
	nl->family = family;
	nl->window = window ? window : 1;
	nl->batch_max = 64 * 1024;
	nl->base_seq = 1;
	for (unsigned i = 0; i < RX_BUFS; i++) {
		nl->iov[i].iov_base = nl->rx + (size_t)i * RX_SIZE;
		nl->iov[i].iov_len = RX_SIZE;
	}
	return nl;
}

void
ipvs_nl_close(struct ipvs_nl *nl)
{
	if (!nl)
		return;
	if (nl->io->free)
		nl->io->free(nl->ctx);
	free(nl->reqs);
	free(nl->out);
	free(nl->rx);
	free(nl);
}

int
ipvs_nl_fd(const struct ipvs_nl *nl)
{
	return nl->io->fd(nl->ctx);
}

uint16_t
ipvs_nl_family(const struct ipvs_nl *nl)
{
	return nl->family;
}

size_t
ipvs_nl_pending(const struct ipvs_nl *nl)
{
	return nl->nreq - nl->head;
}

void
ipvs_nl_get_stats(const struct ipvs_nl *nl, struct ipvs_nl_stats *st)
{
	*st = nl->st;
}

static bool
can_send(const struct ipvs_nl *nl)
{
	return nl->next < nl->nreq && nl->inflight < nl->window &&
	       !(nl->reqs[nl->next].dump && nl->dump_busy);
}

unsigned
ipvs_nl_events(const struct ipvs_nl *nl)
{
	return (nl->inflight ? IPVS_NL_READ : 0) |
	       (can_send(nl) ? IPVS_NL_WRITE : 0);
}

static void
compact(struct ipvs_nl *nl)
{
	size_t drop = nl->head, cut;

	if (nl->next == nl->nreq)
		nl->out_len = 0;
	if (drop == nl->nreq) {
		nl->base_seq += (uint32_t)drop;
		nl->nreq = nl->head = nl->next = 0;
		return;
	}
	if (drop < 1024 || drop < nl->nreq / 2)
		return;
	memmove(nl->reqs, nl->reqs + drop,
		(nl->nreq - drop) * sizeof(*nl->reqs));
	nl->nreq -= drop;
	nl->next -= drop;
	nl->head = 0;
	nl->base_seq += (uint32_t)drop;
	if (nl->next == nl->nreq)
		return;
	cut = nl->reqs[nl->next].off;
	memmove(nl->out, nl->out + cut, nl->out_len - cut);
	nl->out_len -= cut;
	for (size_t i = nl->next; i < nl->nreq; i++)
		nl->reqs[i].off -= cut;
}

int
ipvs_nl_submit(struct ipvs_nl *nl, const struct ipvs_req *req, bool dump,
	       ipvs_reply_cb reply, ipvs_done_cb done, void *arg)
{
	size_t len = NLMSG_ALIGN(req->h.nlmsg_len);
	struct nlmsghdr *h;

	if (nl->head == nl->nreq)
		compact(nl);
	if (ipvs_grow((void **)&nl->reqs, &nl->cap, nl->nreq + 1,
		      sizeof(*nl->reqs)) ||
	    ipvs_grow((void **)&nl->out, &nl->out_cap, nl->out_len + len, 1)) {
		errno = ENOMEM;
		return -1;
	}
	h = (struct nlmsghdr *)(nl->out + nl->out_len);
	memcpy(h, req->b, len);
	h->nlmsg_seq = nl->base_seq + (uint32_t)nl->nreq;
	h->nlmsg_pid = 0;
	h->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK);
	nl->reqs[nl->nreq++] = (struct req){
		.off = nl->out_len,
		.len = (uint32_t)len,
		.state = REQ_QUEUED,
		.dump = dump,
		.reply = reply,
		.done = done,
		.arg = arg,
	};
	nl->out_len += len;
	nl->st.requests++;
	return 0;
}

/* Ends request idx; its callback may queue more (the array may move). */
static void
complete(struct ipvs_nl *nl, size_t idx, int err)
{
	struct req *r = &nl->reqs[idx];
	ipvs_done_cb done = r->done;
	void *arg = r->arg;

	if (r->state == REQ_SENT) {
		nl->inflight--;
		if (r->dump)
			nl->dump_busy = false;
	}
	r->state = REQ_DONE;
	while (nl->head < nl->nreq && nl->reqs[nl->head].state == REQ_DONE)
		nl->head++;
	if (done)
		done(arg, err);
}

/* Fail requests [from, end) that are in flight (and, with queued, those
 * waiting too). */
static void
fail_range(struct ipvs_nl *nl, size_t from, size_t end, bool queued, int err)
{
	for (size_t i = from; i < end; i++) {
		uint8_t s = nl->reqs[i].state;

		if (s == REQ_SENT || (queued && s == REQ_QUEUED))
			complete(nl, i, err);
	}
}

/* Answers were lost or the socket failed: fail what is in flight and
 * carry on with a new socket. Returns 1, or -1 if no socket could be
 * had (everything failed then). */
static int
reset(struct ipvs_nl *nl, int err)
{
	size_t end = nl->next;

	nl->st.resets++;
	fail_range(nl, nl->head, end, false, err);
	nl->inflight = 0;
	nl->dump_busy = false;
	if (nl->io->reset(nl->ctx) < 0) {
		int e = errno;

		fail_range(nl, nl->head, nl->nreq, true, e);
		nl->next = nl->nreq;
		compact(nl);
		errno = e;
		return -1;
	}
	return 1;
}

void
ipvs_nl_abort(struct ipvs_nl *nl, int err)
{
	size_t end = nl->nreq;

	fail_range(nl, nl->head, end, true, err);
	if (nl->next < end)
		nl->next = end;
	nl->inflight = 0;
	nl->dump_busy = false;
	nl->io->reset(nl->ctx);
	compact(nl);
}

/* One sendmsg() of the requests that may go now. 1 sent, 0 nothing to
 * send (or EAGAIN), -1 the socket failed. */
static int
send_batch(struct ipvs_nl *nl)
{
	size_t first = nl->next, i = first, bytes = 0;
	bool dump = nl->dump_busy;
	ssize_t n;

	while (i < nl->nreq && nl->inflight + (i - first) < nl->window) {
		const struct req *r = &nl->reqs[i];

		if ((r->dump && dump) ||
		    (i > first && bytes + r->len > nl->batch_max))
			break;
		dump |= r->dump;
		bytes += r->len;
		i++;
	}
	if (i == first)
		return 0;
	n = nl->io->send(nl->ctx, nl->out + nl->reqs[first].off, bytes);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	for (size_t j = first; j < i; j++)
		nl->reqs[j].state = REQ_SENT;
	nl->inflight += i - first;
	nl->dump_busy = dump;
	nl->next = i;
	nl->st.datagrams_out++;
	return 1;
}

static void
dispatch(struct ipvs_nl *nl, const struct ipvs_msg *m)
{
	size_t idx = (uint32_t)(m->seq - nl->base_seq);
	struct req *r;

	if (idx >= nl->nreq || nl->reqs[idx].state != REQ_SENT) {
		nl->st.stray_replies++;
		return;
	}
	r = &nl->reqs[idx];
	nl->st.replies++;
	if (m->kind == IPVS_MSG_INVALID) {
		nl->st.bad_replies++;
		if (!r->err)
			r->err = EBADMSG;
		if (m->last)
			complete(nl, idx, r->err);
		return;
	}
	if (m->kind == IPVS_MSG_ACK)
		complete(nl, idx, m->error ? m->error : r->err);
	else if (m->kind == IPVS_MSG_DONE)
		complete(nl, idx, r->err ? r->err : m->error);
	else if (m->kind != IPVS_MSG_NOOP) {
		if ((m->nlflags & NLM_F_DUMP_INTR) && !r->err)
			r->err = EINTR; /* the table changed under the dump */
		if (r->reply)
			r->reply(r->arg, m);
	}
}

static void
read_datagram(struct ipvs_nl *nl, const uint8_t *buf, size_t len)
{
	struct ipvs_msg m;
	size_t off = 0;

	nl->st.datagrams_in++;
	while (off < len) {
		ssize_t span =
			ipvs_msg_decode(buf + off, len - off, nl->family, &m);

		if (span <= 0) {
			nl->st.bad_replies++;
			return;
		}
		dispatch(nl, &m);
		off += (size_t)span;
	}
}

/* One recvmmsg(). 1 read something, 0 nothing there, -1 failed (ENOBUFS:
 * answers were lost). */
static int
recv_batch(struct ipvs_nl *nl)
{
	int n;

	for (unsigned i = 0; i < RX_BUFS; i++) {
		nl->mm[i].msg_hdr = (struct msghdr){
			.msg_name = &nl->from[i],
			.msg_namelen = sizeof(nl->from[i]),
			.msg_iov = &nl->iov[i],
			.msg_iovlen = 1,
		};
		nl->mm[i].msg_len = 0;
	}
	n = nl->io->recv(nl->ctx, nl->mm, RX_BUFS);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct msghdr *mh = &nl->mm[i].msg_hdr;

		if (mh->msg_flags & MSG_TRUNC) {
			errno = ENOBUFS;
			return -1;
		}
		/* Only the kernel (port 0) answers; ignore anything else. */
		if (mh->msg_namelen >= sizeof(struct sockaddr_nl) &&
		    nl->from[i].nl_pid != 0)
			continue;
		read_datagram(nl, nl->rx + (size_t)i * RX_SIZE,
			      nl->mm[i].msg_len);
	}
	return n > 0;
}

int
ipvs_nl_pump(struct ipvs_nl *nl)
{
	int ret = 0;

	for (int round = 0; round < PUMP_ROUNDS; round++) {
		int s = send_batch(nl), r = 0, got;

		/* Drain what has arrived, so the next send fills the window:
		 * each read takes at least one datagram, so this ends. */
		while (s >= 0 && nl->inflight && (got = recv_batch(nl)) != 0) {
			r = got;
			if (got < 0)
				break;
		}
		if (s < 0 || r < 0) {
			if (reset(nl, errno) < 0)
				return -1;
			ret = 1;
			continue;
		}
		if (!s && !r)
			break;
	}
	compact(nl);
	return ret;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ipvs_nl_wait(struct ipvs_nl *nl, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p = {.fd = ipvs_nl_fd(nl), .events = POLLIN};
		int wait_ms = -1;

		if (ipvs_nl_pump(nl) < 0)
			return -1;
		if (!ipvs_nl_pending(nl))
			return 0;
		if (ipvs_nl_events(nl) & IPVS_NL_WRITE)
			continue;
		if (deadline >= 0) {
			int64_t left = deadline - now_ms();

			if (left <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			wait_ms = (int)left;
		}
		if (poll(&p, 1, wait_ms) < 0 && errno != EINTR)
			return -1;
	}
}
