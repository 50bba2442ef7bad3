// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One paced replay of the IPVS connection table to the sync group
 * (resync_tx.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipvs/read.h"
#include "sync/conn_proc.h"
#include "sync/msg_enc.h"
#include "sync/resync.h"
#include "sync/resync_tx.h"

#define TICK EV_MSEC(10)
#define TICKS_PER_S 100
#define READ_TIMEOUT EV_SEC(5) /* the table's read through ipvs/ */
/* The kernel answers a read of the file with one page (about 50 lines)
 * and walks its hash table from the start to the file's position for
 * each: a read costs more the further it is. A tick reads for at most
 * READ_BUDGET (one read at least), so that the loop stays responsive
 * whatever the walk costs; the rate is then what the kernel can give. */
#define READ_BUDGET EV_MSEC(5)
#define SYNC_PORT 8848
#define SYNC_GROUP 0xe0000051u /* 224.0.0.81 */

/* The table's read, apart: it outlives a replay freed while it runs. */
struct rd {
	struct resync_tx *t; /* NULL: orphaned, free on completion */
	struct ipvs_table table;
};

struct resync_tx {
	struct ev_loop *loop;
	struct resync_tx_conf c;
	resync_tx_done_fn done;
	void *arg;
	int sock, fd;
	struct sockaddr_storage to;
	socklen_t tolen;
	size_t maxlen;
	unsigned per_tick;
	ev_time_t interval, t0;
	struct ev_timer tick, read_timeout;
	struct rd *rd;
	bool eof, skip_line, ended;
	struct sync_enc enc;
	bool held;	      /* a finished datagram waits to be sent */
	bool filling;	      /* the datagram in enc is not full yet */
	bool read_once;	      /* this tick read the file at least once */
	ev_time_t read_until; /* this tick's reads end then */
	size_t dlen;
	char buf[RESYNC_SLICE];
	size_t have, off;
	struct resync_tx_stats st;
	uint8_t dgram[65536];
};

static void
finish(struct resync_tx *t, int err)
{
	t->st.ms = (ev_now(t->loop) - t->t0) / 1000;
	t->ended = true;
	ev_timer_stop(t->loop, &t->tick);
	ev_timer_stop(t->loop, &t->read_timeout);
	t->done(t->arg, err, &t->st);
}

static int
fail(struct resync_tx *t, int err, const char *what)
{
	snprintf(t->st.last_error, sizeof(t->st.last_error), "%s: %s", what,
		 strerror(err));
	finish(t, err);
	return -1;
}

/* The next line of the file, or NULL when more must be read. */
static const char *
next_line(struct resync_tx *t, size_t *len)
{
	for (;;) {
		char *p = t->buf + t->off,
		     *nl = memchr(p, '\n', t->have - t->off);

		if (!nl)
			return NULL;
		t->off = (size_t)(nl + 1 - t->buf);
		if (!t->skip_line) {
			*len = (size_t)(nl - p);
			return p;
		}
		t->skip_line = false; /* the end of an overlong line */
	}
}

/* Refill the buffer with a slice: 1 read, 0 at the end, -1 on error. */
static int
refill(struct resync_tx *t)
{
	ssize_t n;

	memmove(t->buf, t->buf + t->off, t->have - t->off);
	t->have -= t->off;
	t->off = 0;
	if (t->have == sizeof(t->buf)) { /* no newline in a whole slice */
		t->st.malformed++;
		t->have = 0;
		t->skip_line = true;
	}
	n = read(t->fd, t->buf + t->have, sizeof(t->buf) - t->have);
	if (n < 0)
		return fail(t, errno, "read " SYNC_PROC_PATH);
	if (n == 0) {
		t->eof = true;
		return 0;
	}
	t->have += (size_t)n;
	return 1;
}

/* One line into the datagram: 1 added or skipped, 0 the datagram is
 * full (the line stays for the next one). */
static int
add_line(struct resync_tx *t, const char *line, size_t len)
{
	struct sync_proc_conn p;
	struct sync_conn c;
	const char *why;
	size_t at;
	int rc = sync_proc_parse(line, len, &p, &why, &at);

	if (rc < 0) {
		t->st.malformed++;
		snprintf(t->st.last_error, sizeof(t->st.last_error),
			 "line %.*s: %s at byte %zu", len > 40 ? 40 : (int)len,
			 line, why, at);
		return 1;
	}
	if (rc == 0)
		return 1;
	if (resync_conn(&t->rd->table, &p, &c) < 0) {
		t->st.skipped++;
		return 1;
	}
	return sync_enc_add(&t->enc, &c) < 0 ? 0 : 1;
}

/* Fill the next datagram: 1 ready, 0 nothing left, 2 this tick's reads
 * are spent (the datagram goes on filling next tick), -1 failed. */
static int
fill(struct resync_tx *t)
{
	if (!t->filling) {
		sync_enc_init(&t->enc, t->dgram, t->maxlen, t->c.syncid);
		t->filling = true;
	}
	for (;;) {
		size_t len, off;
		const char *line = next_line(t, &len);

		if (!line) {
			int r;

			if (!t->eof && t->read_once &&
			    ev_monotonic() >= t->read_until)
				return 2;
			r = t->eof ? 0 : refill(t);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
			t->read_once = true;
			continue;
		}
		off = (size_t)(line - t->buf);
		if (!add_line(t, line, len)) {
			t->off = off; /* the line goes into the next one */
			break;
		}
	}
	t->filling = false;
	if (!sync_enc_count(&t->enc))
		return 0;
	t->dlen = sync_enc_finish(&t->enc);
	t->held = true;
	return 1;
}

static void
on_tick(struct ev_loop *loop, struct ev_timer *tm, void *arg)
{
	struct resync_tx *t = arg;

	t->read_once = false;
	t->read_until = ev_monotonic() + READ_BUDGET;
	for (unsigned i = 0; i < t->per_tick; i++) {
		int r = t->held ? 1 : fill(t);

		if (r < 0)
			return;
		if (r == 0) {
			finish(t, 0);
			return;
		}
		if (r == 2)
			break;
		if (sendto(t->sock, t->dgram, t->dlen, MSG_DONTWAIT,
			   (struct sockaddr *)&t->to, t->tolen) < 0) {
			if (errno == EAGAIN || errno == ENOBUFS)
				break; /* the same datagram next tick */
			fail(t, errno, "send to the sync group");
			return;
		}
		t->held = false;
		t->st.datagrams++;
		t->st.entries += sync_enc_count(&t->enc);
	}
	ev_timer_start(loop, tm, t->interval);
}

static void
on_read(void *arg, int err)
{
	struct rd *rd = arg;
	struct resync_tx *t = rd->t;

	if (!t) {
		ipvs_table_free(&rd->table);
		free(rd);
		return;
	}
	ev_timer_stop(t->loop, &t->read_timeout);
	if (err) {
		fail(t, err, "read the IPVS table");
		return;
	}
	t->fd = open(t->c.path ? t->c.path : SYNC_PROC_PATH,
		     O_RDONLY | O_CLOEXEC);
	if (t->fd < 0) {
		fail(t, errno, "open " SYNC_PROC_PATH);
		return;
	}
	ev_timer_start(t->loop, &t->tick, 0);
}

static void
on_read_timeout(struct ev_loop *loop, struct ev_timer *tm, void *arg)
{
	struct resync_tx *t = arg;

	(void)loop;
	(void)tm;
	t->rd->t = NULL; /* its callback frees it, if it ever comes */
	t->rd = NULL;
	fail(t, ETIMEDOUT, "read the IPVS table");
}

/* The destination and the datagram size (maxlen, or the MTU less the
 * IP and UDP headers, as the kernel's default). */
static int
dest(struct resync_tx *t, unsigned ifindex)
{
	bool v6 = t->c.group.family == AF_INET6;
	uint16_t port = htons(t->c.port ? t->c.port : SYNC_PORT);
	struct ifreq ifr = {0};

	if (v6) {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&t->to;

		s->sin6_family = AF_INET6;
		s->sin6_port = port;
		s->sin6_addr = t->c.group.u.v6;
		s->sin6_scope_id = ifindex;
		t->tolen = sizeof(*s);
	} else {
		struct sockaddr_in *s = (struct sockaddr_in *)&t->to;

		s->sin_family = AF_INET;
		s->sin_port = port;
		s->sin_addr.s_addr = t->c.group.family ? t->c.group.u.v4.s_addr
						       : htonl(SYNC_GROUP);
		t->tolen = sizeof(*s);
	}
	t->maxlen = t->c.maxlen;
	if (!t->maxlen) {
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", t->c.ifname);
		if (ioctl(t->sock, SIOCGIFMTU, &ifr) < 0)
			return -1;
		t->maxlen = (size_t)ifr.ifr_mtu - (v6 ? 48 : 28);
	}
	if (t->maxlen > sizeof(t->dgram) - 1)
		t->maxlen = sizeof(t->dgram) - 1;
	return t->maxlen < SYNC_ENC_HDR + 72 ? (errno = EMSGSIZE, -1) : 0;
}

static int
open_socket(struct resync_tx *t)
{
	unsigned ifindex = if_nametoindex(t->c.ifname);
	bool v6 = t->c.group.family == AF_INET6;
	int ttl = t->c.ttl ? t->c.ttl : 1, zero = 0;

	if (!ifindex)
		return -1;
	t->sock = socket(v6 ? AF_INET6 : AF_INET,
			 SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (t->sock < 0 ||
	    setsockopt(t->sock, SOL_SOCKET, SO_BINDTODEVICE, t->c.ifname,
		       (socklen_t)strlen(t->c.ifname)) < 0)
		return -1;
	if (v6) {
		int idx = (int)ifindex;

		if (setsockopt(t->sock, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx,
			       sizeof(idx)) < 0 ||
		    setsockopt(t->sock, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl,
			       sizeof(ttl)) < 0 ||
		    setsockopt(t->sock, IPPROTO_IPV6, IPV6_MULTICAST_LOOP,
			       &zero, sizeof(zero)) < 0)
			return -1;
	} else {
		struct ip_mreqn mr = {.imr_ifindex = (int)ifindex};

		if (setsockopt(t->sock, IPPROTO_IP, IP_MULTICAST_IF, &mr,
			       sizeof(mr)) < 0 ||
		    setsockopt(t->sock, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
			       sizeof(ttl)) < 0 ||
		    setsockopt(t->sock, IPPROTO_IP, IP_MULTICAST_LOOP, &zero,
			       sizeof(zero)) < 0)
			return -1;
	}
	return dest(t, ifindex);
}

static void
pace(struct resync_tx *t)
{
	uint32_t rate = t->c.rate ? t->c.rate : RESYNC_RATE_DEF;

	if (rate >= TICKS_PER_S) {
		t->per_tick = rate / TICKS_PER_S;
		t->interval = TICK;
	} else {
		t->per_tick = 1;
		t->interval = EV_SEC(1) / rate;
	}
}

struct resync_tx *
resync_tx_start(struct ev_loop *loop, struct ipvs_nl *nl,
		const struct resync_tx_conf *c, resync_tx_done_fn done,
		void *arg, char *err, size_t errlen)
{
	struct resync_tx *t = calloc(1, sizeof(*t));

	if (!t || !(t->rd = calloc(1, sizeof(*t->rd)))) {
		free(t);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->loop = loop;
	t->c = *c;
	t->done = done;
	t->arg = arg;
	t->fd = -1;
	t->sock = -1;
	t->t0 = ev_now(loop);
	t->rd->t = t;
	ipvs_table_init(&t->rd->table);
	pace(t);
	ev_timer_init(&t->tick, on_tick, t);
	ev_timer_init(&t->read_timeout, on_read_timeout, t);
	if (open_socket(t) < 0 || !nl ||
	    ipvs_read_start(nl, &t->rd->table, on_read, t->rd) < 0) {
		snprintf(err, errlen, "%s",
			 !nl ? "IPVS unavailable" : strerror(errno));
		resync_tx_free(t);
		return NULL;
	}
	ev_timer_start(loop, &t->read_timeout, READ_TIMEOUT);
	return t;
}

void
resync_tx_free(struct resync_tx *t)
{
	if (!t)
		return;
	ev_timer_stop(t->loop, &t->tick);
	ev_timer_stop(t->loop, &t->read_timeout);
	if (t->rd && t->fd < 0 && !t->ended) {
		t->rd->t = NULL; /* the read runs on: its callback frees it */
	} else if (t->rd) {
		ipvs_table_free(&t->rd->table);
		free(t->rd);
	}
	if (t->sock >= 0)
		close(t->sock);
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

const struct resync_tx_stats *
resync_tx_stats(const struct resync_tx *t)
{
	return &t->st;
}
