// SPDX-License-Identifier: GPL-2.0-or-later
/* Raw VRRP sockets; see vrrp_sock.h. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vrrp/vrrp_sock.h"

#define RCVBUF (256 * 1024)

static int
setopt(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val));
}

static int
opts4(int fd, int ifindex)
{
	struct ip_mreqn mr = {.imr_ifindex = ifindex};

	return setopt(fd, IPPROTO_IP, IP_HDRINCL, 1) < 0 ||
			       setopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0) <
				       0 ||
			       setopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0) <
				       0 ||
			       setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr,
					  sizeof(mr)) < 0
		       ? -1
		       : 0;
}

static int
opts6(int fd, int ifindex)
{
	return setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255) < 0 ||
			       setopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS,
				      255) < 0 ||
			       setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP,
				      0) < 0 ||
			       setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF,
				      ifindex) < 0 ||
			       setopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) <
				       0 ||
			       setopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0
		       ? -1
		       : 0;
}

int
vrrp_sock_open(struct vrrp_sock *s, int family, int proto, int ifindex,
	       const char *ifname)
{
	int fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname) + 1) < 0 ||
	    setopt(fd, SOL_SOCKET, SO_RCVBUF, RCVBUF) < 0 ||
	    (family == AF_INET ? opts4(fd, ifindex) : opts6(fd, ifindex)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	/* Receive times: a Master_Down timer runs from an advert's arrival,
	 * not from when a busy loop got round to it. Without them it runs
	 * from the read, as before: precision lost, nothing broken. */
	setopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1);
	s->fd = fd;
	s->family = family;
	s->proto = proto;
	s->ifindex = ifindex;
	return 0;
}

int
vrrp_sock_rcvbuf(struct vrrp_sock *s, uint64_t bytes)
{
	int v = bytes > INT_MAX / 2 ? INT_MAX / 2 : (int)bytes;

	if (!bytes)
		return setopt(s->fd, SOL_SOCKET, SO_RCVBUF, RCVBUF);
	/* FORCE passes net.core.rmem_max (the child has CAP_NET_ADMIN) */
	if (setopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, v) == 0)
		return 0;
	return setopt(s->fd, SOL_SOCKET, SO_RCVBUF, v);
}

int
vrrp_sock_rcvbuf_get(const struct vrrp_sock *s)
{
	int v;
	socklen_t len = sizeof(v);

	if (!s || getsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &v, &len) < 0)
		return -1;
	return v;
}

void
vrrp_sock_close(struct vrrp_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

int
vrrp_sock_join(struct vrrp_sock *s, const struct ipaddr *group, bool join)
{
	if (s->family == AF_INET) {
		struct ip_mreqn mr = {.imr_multiaddr = group->u.v4,
				      .imr_ifindex = s->ifindex};

		return setsockopt(s->fd, IPPROTO_IP,
				  join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
				  &mr, sizeof(mr));
	} else {
		struct ipv6_mreq mr = {.ipv6mr_multiaddr = group->u.v6,
				       .ipv6mr_interface =
					       (unsigned)s->ifindex};

		return setsockopt(s->fd, IPPROTO_IPV6,
				  join ? IPV6_ADD_MEMBERSHIP
				       : IPV6_DROP_MEMBERSHIP,
				  &mr, sizeof(mr));
	}
}

static int
send6(struct vrrp_sock *s, const uint8_t *buf, size_t len,
      const struct ipaddr *src, const struct ipaddr *dst, int hops)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			 CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cb;
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
				  .sin6_addr = dst->u.v6};
	struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
	struct msghdr msg = {.msg_name = &sa,
			     .msg_namelen = sizeof(sa),
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cb.buf,
			     .msg_controllen = sizeof(cb.buf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct in6_pktinfo pi = {.ipi6_addr = src->u.v6,
				 .ipi6_ifindex = (unsigned)s->ifindex};

	memset(cb.buf, 0, sizeof(cb.buf));
	if (IN6_IS_ADDR_LINKLOCAL(&dst->u.v6) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(&dst->u.v6))
		sa.sin6_scope_id = (uint32_t)s->ifindex;
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	/* per packet: the socket is shared by instances with other limits */
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_HOPLIMIT;
	c->cmsg_len = CMSG_LEN(sizeof(hops));
	memcpy(CMSG_DATA(c), &hops, sizeof(hops));
	return sendmsg(s->fd, &msg, 0) < 0 ? -1 : 0;
}

int
vrrp_sock_send(struct vrrp_sock *s, const uint8_t *buf, size_t len,
	       const struct ipaddr *src, const struct ipaddr *dst, uint8_t hops)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr = dst->u.v4};

	if (s->family == AF_INET6)
		return send6(s, buf, len, src, dst, hops);
	return sendto(s->fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) <
			       0
		       ? -1
		       : 0;
}

/* The wait since the kernel's stamp, or 0 if the real clock went back. */
static uint64_t
age_us(const struct timespec *stamp)
{
	struct timespec now;
	int64_t us;

	clock_gettime(CLOCK_REALTIME, &now);
	us = ((int64_t)now.tv_sec - stamp->tv_sec) * 1000000 +
	     (now.tv_nsec - stamp->tv_nsec) / 1000;
	return us > 0 ? (uint64_t)us : 0;
}

static void
read_cmsgs(struct msghdr *msg, struct vrrp_rx_meta *meta)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
	     c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMPNS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct timespec))) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			meta->age_us = age_us(&ts);
		}
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_HOPLIMIT &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int hl;

			memcpy(&hl, CMSG_DATA(c), sizeof(hl));
			meta->hoplimit = (uint8_t)hl;
		} else if (c->cmsg_type == IPV6_PKTINFO &&
			   c->cmsg_len >=
				   CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			ipaddr_from_bytes(&meta->dst, AF_INET6, &pi.ipi6_addr);
		}
	}
}

ssize_t
vrrp_sock_recv(struct vrrp_sock *s, uint8_t *buf, size_t size,
	       struct vrrp_rx_meta *meta)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			 CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} cb;
	struct sockaddr_in6 sa;
	struct iovec iov = {.iov_base = buf, .iov_len = size};
	struct msghdr msg = {.msg_name = &sa,
			     .msg_namelen = sizeof(sa),
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cb.buf,
			     .msg_controllen = sizeof(cb.buf)};
	ssize_t n;

	memset(meta, 0, sizeof(*meta));
	n = recvmsg(s->fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	/* Longer than any VRRP packet: n is what was copied, never more. */
	meta->truncated = (msg.msg_flags & MSG_TRUNC) != 0;
	if (s->family == AF_INET6)
		ipaddr_from_bytes(&meta->src, AF_INET6, &sa.sin6_addr);
	read_cmsgs(&msg, meta);
	return n;
}
