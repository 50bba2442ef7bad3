// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The listener on the IPVS sync group (rx.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/runtime/log.h"
#include "sync/rx.h"
#include "core/runtime/json_put.h"

#define SYNC_PORT 8848
#define SYNC_GROUP 0xe0000051u /* 224.0.0.81 */
#define RX_BUF 65536
#define RX_BATCH 64
#define RX_LOG_EVERY                                                           \
	EV_SEC(10) /* datagrams read per wakeup, so the loop stays fair */

struct sync_rx {
	struct ev_loop *loop;
	struct ev_io io;
	int fd;
	uint16_t port;
	struct ipaddr group;
	char ifname[IF_NAMESIZE];
	struct sync_counts counts;
	uint64_t logged_us; /* when a malformed message was last logged */
	uint8_t buf[RX_BUF];
};

/* Count a datagram; a malformed one is logged, at most every
 * RX_LOG_EVERY (the count says how many there were). */
static void
counted(struct sync_rx *rx, struct ev_loop *loop, const struct ipaddr *from,
	size_t n)
{
	uint64_t bad = rx->counts.malformed, now = ev_now(loop);
	char a[INET6_ADDRSTRLEN] = "?";

	sync_counts_add(&rx->counts, now, from, rx->buf, n);
	if (rx->counts.malformed == bad ||
	    (rx->logged_us && now - rx->logged_us < RX_LOG_EVERY))
		return;
	rx->logged_us = now;
	if (from->family)
		inet_ntop(from->family, &from->u, a, sizeof(a));
	log_warn("sync msg=malformed from=%s error=\"%s\" malformed=%llu", a,
		 rx->counts.last_error,
		 (unsigned long long)rx->counts.malformed);
}

static void
on_read(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct sync_rx *rx = arg;

	(void)io;
	(void)revents;
	for (int i = 0; i < RX_BATCH; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		struct ipaddr from = {0};
		ssize_t n = recvfrom(rx->fd, rx->buf, sizeof(rx->buf),
				     MSG_DONTWAIT | MSG_TRUNC,
				     (struct sockaddr *)&ss, &sl);

		if (n < 0)
			return; /* EAGAIN; any other error is the next read's */
		if (ss.ss_family == AF_INET) {
			from.family = AF_INET;
			from.u.v4 = ((struct sockaddr_in *)&ss)->sin_addr;
		} else if (ss.ss_family == AF_INET6) {
			from.family = AF_INET6;
			from.u.v6 = ((struct sockaddr_in6 *)&ss)->sin6_addr;
		}
		/* a datagram larger than the buffer: its size field cannot
		 * match what we hold, so it counts as malformed */
		if ((size_t)n > sizeof(rx->buf))
			n = sizeof(rx->buf);
		counted(rx, loop, &from, (size_t)n);
	}
}

static int
join4(struct sync_rx *rx, unsigned ifindex)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons(rx->port),
				 .sin_addr = rx->group.u.v4};
	struct ip_mreqn mr = {.imr_multiaddr = rx->group.u.v4,
			      .imr_ifindex = (int)ifindex};

	if (bind(rx->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return setsockopt(rx->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
			  sizeof(mr));
}

static int
join6(struct sync_rx *rx, unsigned ifindex)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
				  .sin6_port = htons(rx->port),
				  .sin6_addr = rx->group.u.v6,
				  .sin6_scope_id = ifindex};
	struct ipv6_mreq mr = {.ipv6mr_multiaddr = rx->group.u.v6,
			       .ipv6mr_interface = ifindex};

	if (bind(rx->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return setsockopt(rx->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr,
			  sizeof(mr));
}

static int
open_socket(struct sync_rx *rx, char *err, size_t errlen)
{
	unsigned ifindex = if_nametoindex(rx->ifname);
	int one = 1;

	if (!ifindex) {
		snprintf(err, errlen, "no interface %s", rx->ifname);
		return -1;
	}
	rx->fd = socket(rx->group.family,
			SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (rx->fd < 0 ||
	    setsockopt(rx->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) <
		    0 ||
	    (rx->group.family == AF_INET ? join4(rx, ifindex)
					 : join6(rx, ifindex)) < 0) {
		snprintf(err, errlen, "sync group socket: %s", strerror(errno));
		return -1;
	}
	return 0;
}

struct sync_rx *
sync_rx_new(struct ev_loop *loop, const struct syncd_conf *c, char *err,
	    size_t errlen)
{
	struct sync_rx *rx = calloc(1, sizeof(*rx));

	if (!rx) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	rx->loop = loop;
	rx->fd = -1;
	rx->port = c->port ? c->port : SYNC_PORT;
	rx->group.family = c->group_af ? (uint8_t)c->group_af : AF_INET;
	if (c->group_af)
		rx->group.u = c->group;
	else
		rx->group.u.v4.s_addr = htonl(SYNC_GROUP);
	snprintf(rx->ifname, sizeof(rx->ifname), "%s", c->ifname);
	if (open_socket(rx, err, errlen) < 0) {
		sync_rx_free(rx);
		return NULL;
	}
	ev_io_init(&rx->io, on_read, rx);
	if (ev_io_start(loop, &rx->io, rx->fd, EV_READ) < 0) {
		snprintf(err, errlen, "event loop: %s", strerror(errno));
		sync_rx_free(rx);
		return NULL;
	}
	return rx;
}

void
sync_rx_free(struct sync_rx *rx)
{
	if (!rx)
		return;
	if (rx->io.active)
		ev_io_stop(rx->loop, &rx->io);
	if (rx->fd >= 0)
		close(rx->fd);
	free(rx);
}

const struct sync_counts *
sync_rx_counts(const struct sync_rx *rx)
{
	return &rx->counts;
}

/* Two decimals are enough for a rate or an age, and read better. */
static void
add_double(struct json_object *o, const char *k, double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.2f", v);
	json_object_object_add(o, k, json_object_new_double_s(v, buf));
}

struct json_object *
sync_rx_json(const struct sync_rx *rx, uint64_t now_us)
{
	const struct sync_counts *c = &rx->counts;
	struct json_object *o = json_object_new_object();
	char a[INET6_ADDRSTRLEN] = "";
	double mps, cps;

	inet_ntop(rx->group.family, &rx->group.u, a, sizeof(a));
	json_object_object_add(o, "group", json_object_new_string(a));
	jput_u64(o, "port", rx->port);
	json_object_object_add(o, "interface",
			       json_object_new_string(rx->ifname));
	jput_u64(o, "messages", c->msgs);
	jput_u64(o, "connections", c->conns);
	jput_u64(o, "templates", c->templates);
	jput_u64(o, "v6_connections", c->v6_conns);
	jput_u64(o, "v0_messages", c->v0_msgs);
	jput_u64(o, "v1_messages", c->v1_msgs);
	jput_u64(o, "bytes", c->bytes);
	jput_u64(o, "malformed", c->malformed);
	sync_counts_rates(c, now_us, &mps, &cps);
	add_double(o, "messages_per_s", mps);
	add_double(o, "connections_per_s", cps);
	if (c->last_us) {
		inet_ntop(c->last_from.family, &c->last_from.u, a, sizeof(a));
		add_double(o, "last_message_age_s",
			   (double)(now_us - c->last_us) / 1e6);
		json_object_object_add(o, "last_from",
				       json_object_new_string(a));
		jput_u64(o, "last_syncid", c->last_syncid);
		jput_u64(o, "last_version", c->last_version);
	}
	if (c->malformed)
		json_object_object_add(o, "last_malformed",
				       json_object_new_string(c->last_error));
	return o;
}
