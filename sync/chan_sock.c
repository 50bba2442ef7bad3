// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigil's sync channel, the socket side (chan_sock.h).
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/runtime/log.h"
#include "sync/chan_sock.h"
#include "core/runtime/json_put.h"

#define SOCK_BATCH 64 /* datagrams read per wakeup, so the loop stays fair */
#define SOCK_BUF (4 << 20)
#define DROP_LOG_EVERY EV_SEC(10)
/* A train: the messages of a loop turn, each a datagram of its own on
 * the wire, handed to the kernel in one sendmsg with UDP_SEGMENT (UDP
 * GSO, Linux 4.18): one route lookup, one pass through netfilter and
 * the qdisc for up to TRAIN_SEGS datagrams; the device, or the kernel
 * just before it, cuts them. Segments are of one size, the last may be
 * shorter (udp(7)), so a message of another size starts a new train. */
#define TRAIN_SEGS 64 /* UDP_MAX_SEGMENTS of Linux 4.18 to 6.x */
#define TRAIN_MAX 61440

struct handler {
	sch_handler fn;
	void *arg;
};

struct sch_sock {
	struct ev_loop *loop;
	struct ev_io io;
	int fd;
	unsigned ifindex;
	size_t mtu;
	struct sch_sock_conf conf;
	struct sch_guard guard;
	uint32_t sender, seq;
	struct handler h[SCH_TYPE_MAX];
	struct sch_counts counts;
	uint64_t logged_us;
	/* the train being filled: tn messages of tseg bytes, the last
	 * maybe shorter; sent at the end of the loop turn (tflush) */
	struct ev_timer tflush;
	size_t tlen, tseg, tn;
	uint8_t ttype[TRAIN_SEGS];
	bool no_gso; /* the kernel or the device refused a train */
	uint8_t rbuf[SCH_MAX_LEN + 1], tbuf[TRAIN_MAX + SCH_MAX_LEN];
};

static void train_flush(struct sch_sock *s);
static void on_tflush(struct ev_loop *loop, struct ev_timer *t, void *arg);

uint64_t
sch_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
from_ss(const struct sockaddr_storage *ss, struct ipaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		a->family = AF_INET;
		a->u.v4 = ((const struct sockaddr_in *)ss)->sin_addr;
	} else if (ss->ss_family == AF_INET6) {
		a->family = AF_INET6;
		a->u.v6 = ((const struct sockaddr_in6 *)ss)->sin6_addr;
	}
}

static socklen_t
to_ss(const struct sch_sock *s, const struct ipaddr *a,
      struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(s->conf.port);
		s6->sin6_addr = a->u.v6;
		s6->sin6_scope_id = s->ifindex;
		return sizeof(*s6);
	}
	((struct sockaddr_in *)ss)->sin_family = AF_INET;
	((struct sockaddr_in *)ss)->sin_port = htons(s->conf.port);
	((struct sockaddr_in *)ss)->sin_addr = a->u.v4;
	return sizeof(struct sockaddr_in);
}

static void
dropped(struct sch_sock *s, enum sch_drop why, size_t at,
	const struct ipaddr *from)
{
	uint64_t now = ev_now(s->loop);
	char a[IPADDR_STRLEN] = "?";

	s->counts.drops[why]++;
	s->counts.last_drop = why;
	s->counts.last_drop_from = *from;
	s->counts.last_drop_us = now;
	/* our own multicast echo, or another pair's traffic, is no fault */
	if (why == SCH_DROP_SELF || why == SCH_DROP_SYNCID ||
	    (s->logged_us && now - s->logged_us < DROP_LOG_EVERY))
		return;
	s->logged_us = now;
	if (from->family)
		inet_ntop(from->family, &from->u, a, sizeof(a));
	log_warn("sync channel=drop from=%s reason=%s at=%zu drops=%llu", a,
		 sch_drop_name(why), at,
		 (unsigned long long)s->counts.drops[why]);
}

static void
one(struct sch_sock *s, size_t n, const struct ipaddr *from)
{
	struct sch_hdr h;
	const uint8_t *p;
	size_t plen, at = 0;
	enum sch_drop why;
	struct handler *hd;

	if (n > SCH_MAX_LEN) {
		dropped(s, SCH_DROP_LENGTH, SCH_MAX_LEN, from);
		return;
	}
	if (sch_decode(s->rbuf, n, &s->conf.key, &h, &p, &plen, &why, &at) <
		    0 ||
	    sch_guard_check(&s->guard, &h, sch_now_ms(), &why) < 0) {
		dropped(s, why, at, from);
		return;
	}
	s->counts.rx++;
	s->counts.rx_bytes += n;
	s->counts.rx_type[h.type]++;
	hd = &s->h[h.type];
	if (hd->fn && hd->fn(hd->arg, &h, p, plen, from) < 0)
		dropped(s, SCH_DROP_PAYLOAD, SCH_HDR_LEN, from);
}

static void
on_read(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct sch_sock *s = arg;

	(void)loop;
	(void)io;
	(void)revents;
	for (int i = 0; i < SOCK_BATCH && s->fd >= 0; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		struct ipaddr from;
		ssize_t n = recvfrom(s->fd, s->rbuf, sizeof(s->rbuf),
				     MSG_DONTWAIT | MSG_TRUNC,
				     (struct sockaddr *)&ss, &sl);

		if (n < 0)
			return; /* EAGAIN; any other error is the next read's */
		from_ss(&ss, &from);
		one(s, (size_t)n, &from);
	}
}

static int
join(struct sch_sock *s)
{
	int zero = 0, ttl = s->conf.ttl ? s->conf.ttl : 1;

	if (s->conf.group.family == AF_INET6) {
		struct ipv6_mreq mr = {.ipv6mr_multiaddr = s->conf.group.u.v6,
				       .ipv6mr_interface = s->ifindex};

		return setsockopt(s->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr,
				  sizeof(mr)) ||
				       setsockopt(s->fd, IPPROTO_IPV6,
						  IPV6_MULTICAST_IF,
						  &s->ifindex,
						  sizeof(s->ifindex)) ||
				       setsockopt(s->fd, IPPROTO_IPV6,
						  IPV6_MULTICAST_LOOP, &zero,
						  sizeof(zero)) ||
				       setsockopt(s->fd, IPPROTO_IPV6,
						  IPV6_MULTICAST_HOPS, &ttl,
						  sizeof(ttl))
			       ? -1
			       : 0;
	}
	struct ip_mreqn mr = {.imr_multiaddr = s->conf.group.u.v4,
			      .imr_ifindex = (int)s->ifindex};

	return setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
			  sizeof(mr)) ||
			       setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_IF,
					  &mr, sizeof(mr)) ||
			       setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_LOOP,
					  &zero, sizeof(zero)) ||
			       setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_TTL,
					  &ttl, sizeof(ttl))
		       ? -1
		       : 0;
}

/* Big buffers: a burst of events or a resync is thousands of datagrams.
 * The FORCE variants pass net.core.*mem_max with CAP_NET_ADMIN. */
static void
buffers(int fd)
{
	int n = SOCK_BUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &n, sizeof(n)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n, sizeof(n));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &n, sizeof(n)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &n, sizeof(n));
}

static void
read_mtu(struct sch_sock *s)
{
	struct ifreq ifr = {0};

	s->mtu = 1500;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", s->conf.ifname);
	if (ioctl(s->fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu >= 576)
		s->mtu = (size_t)ifr.ifr_mtu;
}

static int
open_socket(struct sch_sock *s, char *err, size_t errlen)
{
	int one = 1, af = s->conf.group.family ? s->conf.group.family
			  : s->conf.npeers     ? s->conf.peers[0].family
					       : AF_INET;
	struct ipaddr any = {.family = (uint8_t)af};
	struct sockaddr_storage ss;
	socklen_t sl;

	if (!(s->ifindex = if_nametoindex(s->conf.ifname))) {
		snprintf(err, errlen, "no interface %s", s->conf.ifname);
		return -1;
	}
	s->fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		goto fail;
	read_mtu(s);
	buffers(s->fd);
	sl = to_ss(s, &any, &ss);
	if (setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s->fd, (struct sockaddr *)&ss, sl) < 0 ||
	    (s->conf.group.family && join(s) < 0))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "sync channel socket: %s", strerror(errno));
	return -1;
}

struct sch_sock *
sch_sock_new(struct ev_loop *loop, const struct sch_sock_conf *c, char *err,
	     size_t errlen)
{
	struct sch_sock *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->loop = loop;
	s->fd = -1;
	ev_timer_init(&s->tflush, on_tflush, s);
	s->conf = *c;
	if (!s->conf.port)
		s->conf.port = SCH_PORT_DEFAULT;
	if (!s->conf.window_ms)
		s->conf.window_ms = SCH_WINDOW_MS_DEFAULT;
	while (!s->sender)
		if (getrandom(&s->sender, sizeof(s->sender), 0) < 0)
			s->sender = (uint32_t)sch_now_ms() ^ (uint32_t)getpid();
	s->seq = 1;
	sch_guard_init(&s->guard, c->syncid, s->sender, s->conf.window_ms);
	if (open_socket(s, err, errlen) < 0) {
		sch_sock_free(s);
		return NULL;
	}
	ev_io_init(&s->io, on_read, s);
	if (ev_io_start(loop, &s->io, s->fd, EV_READ) < 0) {
		snprintf(err, errlen, "event loop: %s", strerror(errno));
		sch_sock_free(s);
		return NULL;
	}
	return s;
}

void
sch_sock_free(struct sch_sock *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		train_flush(s);
	ev_timer_stop(s->loop, &s->tflush);
	if (s->io.active)
		ev_io_stop(s->loop, &s->io);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

void
sch_sock_on(struct sch_sock *s, uint8_t type, sch_handler fn, void *arg)
{
	if (type < SCH_TYPE_MAX)
		s->h[type] = (struct handler){fn, arg};
}

static int
send_one(struct sch_sock *s, const struct ipaddr *a, uint8_t *p, size_t n,
	 uint16_t seg)
{
	struct sockaddr_storage ss;
	union {
		struct cmsghdr h;
		uint8_t b[CMSG_SPACE(sizeof(uint16_t))];
	} cm = {0};
	struct iovec iov = {p, n};
	struct msghdr mh = {.msg_name = &ss,
			    .msg_namelen = to_ss(s, a, &ss),
			    .msg_iov = &iov,
			    .msg_iovlen = 1};

	if (seg) { /* n / seg datagrams and the rest */
		mh.msg_control = cm.b;
		mh.msg_controllen = sizeof(cm.b);
		cm.h.cmsg_level = SOL_UDP;
		cm.h.cmsg_type = UDP_SEGMENT;
		cm.h.cmsg_len = CMSG_LEN(sizeof(seg));
		memcpy(CMSG_DATA(&cm.h), &seg, sizeof(seg));
	}
	return sendmsg(s->fd, &mh, MSG_DONTWAIT) < 0 ? -1 : 0;
}

/* Without UDP GSO (a device without checksum offload: EIO; an old
 * kernel: EINVAL, ENOPROTOOPT), the train's messages one by one. */
static int
send_each(struct sch_sock *s, const struct ipaddr *a)
{
	int rc = 0;

	for (size_t off = 0; off < s->tlen; off += s->tseg) {
		size_t n = s->tlen - off < s->tseg ? s->tlen - off : s->tseg;

		if (send_one(s, a, s->tbuf + off, n, 0) < 0)
			rc = -1;
	}
	return rc;
}

static int
send_to(struct sch_sock *s, const struct ipaddr *a)
{
	if (!s->no_gso && s->tn > 1) {
		if (send_one(s, a, s->tbuf, s->tlen, (uint16_t)s->tseg) == 0)
			return 0;
		if (errno != EIO && errno != EINVAL && errno != ENOPROTOOPT &&
		    errno != EOPNOTSUPP)
			return -1;
		s->no_gso = true;
		log_info("sync channel=gso-off error=\"%s\" (one datagram a "
			 "sendmsg from now)",
			 strerror(errno));
	}
	return send_each(s, a);
}

/* Send the train (the end of the loop turn, or a message that does not
 * join it). A failure counts each of its messages as a send error: the
 * mode's own reliability recovers them. */
static void
train_flush(struct sch_sock *s)
{
	int rc = 0;

	if (!s->tn)
		return;
	ev_timer_stop(s->loop, &s->tflush);
	if (s->conf.group.family)
		rc = send_to(s, &s->conf.group);
	for (size_t i = 0; i < s->conf.npeers; i++)
		if (send_to(s, &s->conf.peers[i]) < 0)
			rc = -1;
	if (rc < 0) {
		s->counts.tx_errors += s->tn;
	} else {
		s->counts.tx += s->tn;
		s->counts.tx_bytes += s->tlen;
		for (size_t i = 0; i < s->tn; i++)
			if (s->ttype[i] < SCH_TYPE_MAX)
				s->counts.tx_type[s->ttype[i]]++;
	}
	s->tlen = s->tn = 0;
}

static void
on_tflush(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop, (void)t;
	train_flush(arg);
}

/* Whether a message of n bytes can join the train: as long as the last
 * segment, unless that one was shorter (it must stay the last). */
static bool
joins(const struct sch_sock *s, size_t n)
{
	return s->tn && s->tn < TRAIN_SEGS && n <= s->tseg &&
	       s->tlen == s->tn * s->tseg && s->tlen + n <= TRAIN_MAX &&
	       !s->no_gso;
}

static int
emit(struct sch_sock *s, uint8_t type, uint32_t seq, const void *payload,
     size_t plen)
{
	struct sch_hdr h = {.type = type,
			    .syncid = s->conf.syncid,
			    .sender = s->sender,
			    .seq = seq,
			    .ts_ms = sch_now_ms()};
	size_t n = SCH_OVERHEAD + plen;

	if (n > SCH_MAX_LEN) {
		errno = EMSGSIZE;
		return -1;
	}
	if (!joins(s, n)) {
		train_flush(s);
		s->tseg = n;
	}
	n = sch_encode(s->tbuf + s->tlen, SCH_MAX_LEN, &h, payload, plen,
		       &s->conf.key);
	s->ttype[s->tn++] = type;
	s->tlen += n;
	/* one larger than the path's MTU goes alone (a GSO segment must
	 * fit the MTU), as does every one without GSO */
	if (s->no_gso || n > sch_sock_max_payload(s) + SCH_OVERHEAD)
		train_flush(s);
	else if (!ev_timer_active(&s->tflush))
		ev_timer_start(s->loop, &s->tflush, 0);
	return 0;
}

int
sch_send(struct sch_sock *s, uint8_t type, const void *payload, size_t plen,
	 uint32_t *seq)
{
	uint32_t n = s->seq++;

	if (seq)
		*seq = n;
	return emit(s, type, n, payload, plen);
}

int
sch_resend(struct sch_sock *s, uint8_t type, uint32_t seq, const void *payload,
	   size_t plen)
{
	if (emit(s, type, seq, payload, plen) < 0)
		return -1;
	s->counts.resent++;
	return 0;
}

uint32_t
sch_sock_sender(const struct sch_sock *s)
{
	return s->sender;
}

uint32_t
sch_sock_next_seq(const struct sch_sock *s)
{
	return s->seq;
}

size_t
sch_sock_max_payload(const struct sch_sock *s)
{
	size_t ip = s->conf.group.family == AF_INET6 ||
				    (s->conf.npeers &&
				     s->conf.peers[0].family == AF_INET6)
			    ? 40
			    : 20;

	return s->mtu - ip - 8 - SCH_OVERHEAD;
}

const struct sch_counts *
sch_sock_counts(const struct sch_sock *s)
{
	return &s->counts;
}

static void
add_addr(struct json_object *o, const char *k, const struct ipaddr *a)
{
	char buf[IPADDR_STRLEN] = "";

	inet_ntop(a->family, &a->u, buf, sizeof(buf));
	json_object_object_add(o, k, json_object_new_string(buf));
}

struct json_object *
sch_sock_json(const struct sch_sock *s, uint64_t now_us)
{
	const struct sch_counts *c = &s->counts;
	struct json_object *o = json_object_new_object();
	struct json_object *d = json_object_new_object();

	json_object_object_add(o, "interface",
			       json_object_new_string(s->conf.ifname));
	if (s->conf.group.family)
		add_addr(o, "group", &s->conf.group);
	if (s->conf.npeers) {
		struct json_object *p = json_object_new_array();

		for (size_t i = 0; i < s->conf.npeers; i++) {
			char buf[IPADDR_STRLEN] = "";

			inet_ntop(s->conf.peers[i].family, &s->conf.peers[i].u,
				  buf, sizeof(buf));
			json_object_array_add(p, json_object_new_string(buf));
		}
		json_object_object_add(o, "peers", p);
	}
	jput_u64(o, "port", s->conf.port);
	jput_u64(o, "syncid", s->conf.syncid);
	jput_u64(o, "sender", s->sender);
	jput_u64(o, "received", c->rx);
	jput_u64(o, "received_bytes", c->rx_bytes);
	jput_u64(o, "sent", c->tx);
	jput_u64(o, "sent_bytes", c->tx_bytes);
	jput_u64(o, "send_errors", c->tx_errors);
	jput_u64(o, "resent", c->resent);
	for (int i = SCH_DROP_SHORT; i < SCH_DROP_MAX; i++)
		jput_u64(d, sch_drop_name((enum sch_drop)i), c->drops[i]);
	json_object_object_add(o, "drops", d);
	if (c->last_drop_us) {
		json_object_object_add(
			o, "last_drop",
			json_object_new_string(sch_drop_name(c->last_drop)));
		add_addr(o, "last_drop_from", &c->last_drop_from);
		jput_u64(o, "last_drop_age_s",
			 (now_us - c->last_drop_us) / 1000000);
	}
	return o;
}
