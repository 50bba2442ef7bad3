// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPC framing and validation; see ipc.h. Nothing here logs: errors are
 * counted in ipc_stats and reported to the owner through callbacks.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/runtime/ipc.h"

#define IPC_TXQ_MAX (64u * 1024u * 1024u)
#define IPC_RX_BATCH 64

static const struct ipc_type_info type_table[IPC_TYPE_MAX] = {
#define X(n_, st, kind_, fd_)                                                  \
	[IPC_##n_] = { .name = #n_,                                            \
			 .kind = kind_,                                        \
			 .size = sizeof(st),                                   \
			 .fd = fd_ },
	IPC_MESSAGES(X)
#undef X
};

/* String fields of fixed payloads, NUL-terminated on receipt. */
static const struct {
	enum ipc_type type;
	size_t off, size;
} string_fields[] = {
	{ IPC_RELOAD_DONE, offsetof(struct ipc_reload_done, error),
	  sizeof(((struct ipc_reload_done *)0)->error) },
	{ IPC_QUERY, offsetof(struct ipc_query_req, arg),
	  sizeof(((struct ipc_query_req *)0)->arg) },
	{ IPC_SCRIPT_RUN, offsetof(struct ipc_script_run, cmd),
	  sizeof(((struct ipc_script_run *)0)->cmd) },
	{ IPC_SCRIPT_RUN, offsetof(struct ipc_script_run, user),
	  sizeof(((struct ipc_script_run *)0)->user) },
	{ IPC_SCRIPT_DONE, offsetof(struct ipc_script_done, out),
	  sizeof(((struct ipc_script_done *)0)->out) },
	{ IPC_VRRP_STATE, offsetof(struct ipc_vrrp_state_msg, instance),
	  sizeof(((struct ipc_vrrp_state_msg *)0)->instance) },
	{ IPC_VRRP_STATE, offsetof(struct ipc_vrrp_state_msg, group),
	  sizeof(((struct ipc_vrrp_state_msg *)0)->group) },
	{ IPC_ADMIN_RS, offsetof(struct ipc_admin_rs, vs.group),
	  sizeof(((struct ipc_admin_rs *)0)->vs.group) },
	{ IPC_ADMIN_VRRP, offsetof(struct ipc_admin_vrrp, instance),
	  sizeof(((struct ipc_admin_vrrp *)0)->instance) },
	{ IPC_BFD_STATE, offsetof(struct ipc_bfd_state_msg, name),
	  sizeof(((struct ipc_bfd_state_msg *)0)->name) },
};

const char *
proc_name(enum vigil_proc p)
{
	static const char *const names[PROC_MAX] = {
		[PROC_PARENT] = "parent", [PROC_CHECK] = "check",
		[PROC_VRRP] = "vrrp",	  [PROC_SYNC] = "sync",
		[PROC_BFD] = "bfd",
	};

	return (unsigned)p < PROC_MAX ? names[p] : "unknown";
}

const struct ipc_type_info *
ipc_type_info(unsigned type)
{
	if (type == IPC_NONE || type >= IPC_TYPE_MAX)
		return NULL;
	return &type_table[type];
}

int
ipc_validate(unsigned type, const void *payload, size_t len, bool has_fd)
{
	const struct ipc_type_info *ti = ipc_type_info(type);

	if (!ti)
		return -ENOMSG;
	if (ti->fd != has_fd)
		return -EBADF;
	switch (ti->kind) {
	case IPC_EMPTY:
		return len == 0 ? 0 : -EMSGSIZE;
	case IPC_FIXED:
		return len == ti->size ? 0 : -EMSGSIZE;
	case IPC_JSON:
		if (len < ti->size + 1)
			return -EMSGSIZE;
		if (((const char *)payload)[len - 1] != '\0')
			return -EPROTO;
		/* The text is one string: no NUL before the end. */
		if (memchr((const char *)payload + ti->size, '\0',
			   len - ti->size - 1))
			return -EPROTO;
		return 0;
	}
	return -ENOMSG;
}

void
ipc_terminate(unsigned type, void *payload)
{
	for (size_t i = 0; i < sizeof(string_fields) / sizeof(string_fields[0]);
	     i++) {
		if (string_fields[i].type == type)
			((char *)payload)[string_fields[i].off +
					  string_fields[i].size - 1] = '\0';
	}
	if (type == IPC_SCRIPT_DONE) {
		struct ipc_script_done *d = payload;

		if (d->out_len >= IPC_SCRIPT_OUT_MAX)
			d->out_len = IPC_SCRIPT_OUT_MAX - 1;
	}
}

/* ---- admin requests' objects as text ---- */

static const char *
proto_name(uint8_t p)
{
	return p == IPPROTO_TCP	   ? "tcp"
	       : p == IPPROTO_UDP  ? "udp"
	       : p == IPPROTO_SCTP ? "sctp"
				   : "?";
}

const char *
ipc_inet_fmt(const struct ipc_inet *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	bool v6 = a->family == AF_INET6;

	if (a->family != AF_INET && !v6) {
		snprintf(buf, len, "-");
		return buf;
	}
	inet_ntop(a->family, a->addr, ip, sizeof(ip));
	if (a->port)
		snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", ip, a->port);
	else
		snprintf(buf, len, "%s", ip);
	return buf;
}

const char *
ipc_vs_fmt(const struct ipc_vs *vs, char *buf, size_t len)
{
	char a[IPC_INET_STRLEN];
	struct ipc_inet ap = vs->addr;

	switch (vs->kind) {
	case IPC_VS_ADDR:
		/* The port is part of the name even when it is 0. */
		ap.port = 0;
		ipc_inet_fmt(&ap, a, sizeof(a));
		snprintf(buf, len,
			 vs->addr.family == AF_INET6 ? "%s [%s]:%u"
						     : "%s %s:%u",
			 proto_name(vs->protocol), a, vs->addr.port);
		break;
	case IPC_VS_FWMARK:
		snprintf(buf, len, "fwmark %u%s", vs->fwmark,
			 vs->addr.family == AF_INET6 ? " inet6" : "");
		break;
	case IPC_VS_GROUP:
		snprintf(buf, len, "group %.*s %s", IPC_NAME_MAX - 1, vs->group,
			 proto_name(vs->protocol));
		break;
	default:
		snprintf(buf, len, "?");
	}
	return buf;
}

/* ---- connection ---- */

struct txbuf {
	struct txbuf *next;
	int fd;
	size_t len;
	unsigned char data[]; /* header + payload chunk */
};

struct ipc_conn {
	struct ev_loop *loop;
	int fd;
	struct ev_io io;
	ipc_msg_cb on_msg;
	ipc_close_cb on_close;
	void *arg;

	struct txbuf *txq, **txtail;
	size_t txbytes;

	/* reassembly of a multi-datagram JSON payload */
	unsigned char *rx;
	size_t rxlen, rxcap;
	uint16_t rxtype;

	/* one datagram, 8-byte aligned so fixed structs are read in place */
	uint64_t rbuf[(IPC_CHUNK + sizeof(struct ipc_hdr)) / 8 + 1];

	struct ipc_stats stats;
	int depth; /* callbacks running; free is deferred until 0 */
	bool dead, closed;
};

static void conn_ready(struct ev_loop *loop, struct ev_io *io,
		       unsigned revents, void *arg);

int
ipc_socketpair(int sv[2])
{
	return socketpair(AF_UNIX,
			  SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
}

struct ipc_conn *
ipc_conn_new(struct ev_loop *loop, int fd, ipc_msg_cb on_msg,
	     ipc_close_cb on_close, void *arg)
{
	struct ipc_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->loop = loop;
	c->fd = fd;
	c->on_msg = on_msg;
	c->on_close = on_close;
	c->arg = arg;
	c->txtail = &c->txq;
	ev_io_init(&c->io, conn_ready, c);
	if (ev_io_start(loop, &c->io, fd, EV_READ) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

static void
conn_destroy(struct ipc_conn *c)
{
	struct txbuf *t, *n;

	ev_io_stop(c->loop, &c->io);
	close(c->fd);
	for (t = c->txq; t; t = n) {
		n = t->next;
		if (t->fd >= 0)
			close(t->fd);
		free(t);
	}
	free(c->rx);
	free(c);
}

void
ipc_conn_free(struct ipc_conn *c)
{
	if (!c)
		return;
	if (c->depth > 0) {
		c->dead = true;
		ev_io_stop(c->loop, &c->io);
		return;
	}
	conn_destroy(c);
}

const struct ipc_stats *
ipc_conn_stats(const struct ipc_conn *c)
{
	return &c->stats;
}

int
ipc_conn_fd(const struct ipc_conn *c)
{
	return c->fd;
}

size_t
ipc_pending(const struct ipc_conn *c)
{
	return c->txbytes;
}

static void
conn_close(struct ipc_conn *c, int err)
{
	if (c->closed)
		return;
	c->closed = true;
	ev_io_stop(c->loop, &c->io);
	c->depth++;
	c->on_close(c, err, c->arg);
	c->depth--;
	/* Freed by on_close outside a read (a send that found the peer
	 * gone): nothing will unwind to free it later, so free it now. The
	 * callers do not touch c after this. */
	if (c->dead && c->depth == 0)
		conn_destroy(c);
}

/* ---- sending ---- */

static int
send_one(struct ipc_conn *c, struct txbuf *t)
{
	struct iovec iov = { .iov_base = t->data, .iov_len = t->len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (t->fd >= 0) {
		struct cmsghdr *cm;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &t->fd, sizeof(int));
	}
	do {
		n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	return 0;
}

/* Write what the socket takes. Returns 0, or -1 on a hard error. */
static int
drain(struct ipc_conn *c)
{
	while (c->txq) {
		struct txbuf *t = c->txq;

		if (send_one(c, t) < 0) {
			if (errno == EAGAIN || errno == ENOBUFS)
				break;
			return -1;
		}
		c->txq = t->next;
		if (!c->txq)
			c->txtail = &c->txq;
		c->txbytes -= t->len;
		if (t->fd >= 0)
			close(t->fd);
		free(t);
		c->stats.tx_msgs++;
	}
	if (!c->closed && !c->dead)
		ev_io_modify(c->loop, &c->io,
			     c->txq ? EV_READ | EV_WRITE : EV_READ);
	return 0;
}

static struct txbuf *
make_buf(uint16_t type, uint16_t flags, const void *p, size_t len)
{
	struct txbuf *t = malloc(sizeof(*t) + sizeof(struct ipc_hdr) + len);
	struct ipc_hdr h = { .type = type, .flags = flags, .len = (uint32_t)len };

	if (!t)
		return NULL;
	t->next = NULL;
	t->fd = -1;
	t->len = sizeof(h) + len;
	memcpy(t->data, &h, sizeof(h));
	if (len)
		memcpy(t->data + sizeof(h), p, len);
	return t;
}

static void
enqueue(struct ipc_conn *c, struct txbuf *t)
{
	*c->txtail = t;
	c->txtail = &t->next;
	c->txbytes += t->len;
	if (c->txbytes > c->stats.tx_queued_max)
		c->stats.tx_queued_max = c->txbytes;
}

/* Split a validated payload into datagrams; the first one carries fd. */
static int
queue_payload(struct ipc_conn *c, enum ipc_type type, const void *payload,
	      size_t total, int fd)
{
	struct txbuf *first = NULL, **tail = &first, *t;
	const unsigned char *p = payload;
	size_t off = 0;

	/* NULL: the peer's end was closed and freed (a child whose parent
	 * died while it started still answers READY). */
	if (!c || c->closed || c->dead) {
		errno = EPIPE;
		return -1;
	}
	if (c->txbytes + total > IPC_TXQ_MAX) {
		errno = ENOBUFS;
		return -1;
	}
	do {
		size_t take = total - off < IPC_CHUNK ? total - off : IPC_CHUNK;

		t = make_buf(type, off + take < total ? IPC_F_MORE : 0, p + off,
			     take);
		if (!t)
			goto fail;
		*tail = t;
		tail = &t->next;
		off += take;
	} while (off < total);
	if (fd >= 0) {
		first->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (first->fd < 0)
			goto fail;
		((struct ipc_hdr *)first->data)->flags |= IPC_F_FD;
	}
	while ((t = first)) {
		first = t->next;
		t->next = NULL;
		enqueue(c, t);
	}
	if (drain(c) < 0) {
		int e = errno;

		conn_close(c, e);
		errno = e;
		return -1;
	}
	return 0;
fail:
	while ((t = first)) {
		first = t->next;
		if (t->fd >= 0)
			close(t->fd);
		free(t);
	}
	errno = ENOMEM;
	return -1;
}

int
ipc_send(struct ipc_conn *c, enum ipc_type type, const void *payload,
	 size_t len, int fd)
{
	const struct ipc_type_info *ti = ipc_type_info(type);

	if (!ti || ti->kind == IPC_JSON ||
	    ipc_validate(type, payload, len, fd >= 0) < 0) {
		errno = EINVAL;
		return -1;
	}
	return queue_payload(c, type, payload, len, fd);
}

int
ipc_send_json(struct ipc_conn *c, enum ipc_type type, uint32_t req_id,
	      uint32_t query, const char *json)
{
	const struct ipc_type_info *ti = ipc_type_info(type);
	struct ipc_json pre = { .req_id = req_id, .query = query };
	size_t tlen = strlen(json) + 1, total = sizeof(pre) + tlen;
	unsigned char *buf;
	int r;

	if (!ti || ti->kind != IPC_JSON || ti->fd || total > IPC_MAX_PAYLOAD) {
		errno = EINVAL;
		return -1;
	}
	buf = malloc(total);
	if (!buf)
		return -1;
	memcpy(buf, &pre, sizeof(pre));
	memcpy(buf + sizeof(pre), json, tlen);
	r = queue_payload(c, type, buf, total, -1);
	free(buf);
	return r;
}

int
ipc_flush(struct ipc_conn *c, ev_time_t timeout)
{
	ev_time_t end = ev_monotonic() + timeout;

	while (c->txq && !c->closed) {
		struct pollfd p = { .fd = c->fd, .events = POLLOUT };
		ev_time_t now = ev_monotonic();

		if (now >= end) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&p, 1, (int)((end - now) / 1000) + 1) < 0 &&
		    errno != EINTR)
			return -1;
		if (drain(c) < 0)
			return -1;
	}
	return c->txq ? -1 : 0;
}

/* ---- receiving ---- */

static void
dispatch(struct ipc_conn *c, unsigned type, void *payload, size_t len, int fd)
{
	const struct ipc_type_info *ti;
	struct ipc_msg m;

	if (ipc_validate(type, payload, len, fd >= 0) < 0) {
		c->stats.rx_bad++;
		if (fd >= 0)
			close(fd);
		return;
	}
	ti = ipc_type_info(type);
	ipc_terminate(type, payload);
	m.type = (enum ipc_type)type;
	m.payload = payload;
	m.len = len;
	m.json = ti->kind == IPC_JSON ? (const char *)payload + ti->size : NULL;
	m.fd = fd;
	c->stats.rx_msgs++;
	c->on_msg(c, &m, c->arg);
}

static int
rx_append(struct ipc_conn *c, const void *p, size_t n)
{
	if (n == 0)
		return 0; /* an empty chunk: c->rx may still be NULL */
	if (c->rxlen + n > IPC_MAX_PAYLOAD)
		return -1;
	if (c->rxlen + n > c->rxcap) {
		size_t cap = c->rxcap ? c->rxcap : 4096;
		unsigned char *r;

		while (cap < c->rxlen + n)
			cap *= 2;
		r = realloc(c->rx, cap);
		if (!r)
			return -1;
		c->rx = r;
		c->rxcap = cap;
	}
	memcpy(c->rx + c->rxlen, p, n);
	c->rxlen += n;
	return 0;
}

static void
rx_reset(struct ipc_conn *c)
{
	c->rxlen = 0;
	c->rxtype = 0;
	/* Do not keep a huge buffer around after one big payload. */
	if (c->rxcap > 1024u * 1024u) {
		free(c->rx);
		c->rx = NULL;
		c->rxcap = 0;
	}
}

static int
take_fd(struct msghdr *mh)
{
	int fd = -1;

	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm;
	     cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			size_t n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			int fds[8];

			if (n > 8)
				n = 8;
			memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
			for (size_t i = 0; i < n; i++) {
				if (fd < 0)
					fd = fds[i];
				else
					close(fds[i]); /* only one is allowed */
			}
		}
	}
	return fd;
}

/* Handle one datagram. Returns 1 if one was read, 0 on EAGAIN, -1 on
 * close/error (errno set; 0 for EOF). */
static int
read_one(struct ipc_conn *c, unsigned char *buf, size_t cap)
{
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	union {
		char b[CMSG_SPACE(8 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.b,
			     .msg_controllen = sizeof(u.b) };
	struct ipc_hdr h;
	ssize_t n;
	int fd;

	n = recvmsg(c->fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	if (n == 0) {
		errno = 0;
		return -1;
	}
	fd = take_fd(&mh);
	if ((size_t)n < sizeof(h) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		goto bad;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.len != (size_t)n - sizeof(h) || !!(h.flags & IPC_F_FD) != (fd >= 0))
		goto bad;
	if (c->rxlen && h.type != c->rxtype) {
		rx_reset(c); /* an interleaved message breaks a sequence */
		c->stats.rx_bad++;
	}
	if ((h.flags & IPC_F_MORE) || c->rxlen) {
		const struct ipc_type_info *ti = ipc_type_info(h.type);

		if (!ti || ti->kind != IPC_JSON || fd >= 0 ||
		    rx_append(c, buf + sizeof(h), h.len) < 0) {
			rx_reset(c);
			goto bad;
		}
		c->rxtype = h.type;
		if (h.flags & IPC_F_MORE)
			return 1;
		dispatch(c, h.type, c->rx, c->rxlen, -1);
		if (!c->dead)
			rx_reset(c);
		return 1;
	}
	dispatch(c, h.type, buf + sizeof(h), h.len, fd);
	return 1;
bad:
	c->stats.rx_bad++;
	if (fd >= 0)
		close(fd);
	return 1;
}

static void
conn_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents,
	   void *arg)
{
	struct ipc_conn *c = arg;

	(void)loop;
	(void)io;
	c->depth++;
	if (revents & EV_WRITE) {
		if (drain(c) < 0)
			conn_close(c, errno);
	}
	for (int i = 0; i < IPC_RX_BATCH && !c->closed && !c->dead; i++) {
		int r = read_one(c, (unsigned char *)c->rbuf, sizeof(c->rbuf));

		if (r == 0)
			break;
		if (r < 0) {
			conn_close(c, errno);
			break;
		}
	}
	c->depth--;
	if (c->dead && c->depth == 0)
		conn_destroy(c);
}
