// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD's sockets (sock.h). */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bfd/sock.h"

static socklen_t
sa_fill(struct sockaddr_storage *ss, int family, const struct ipaddr *ip,
	uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (ip && ip->family == AF_INET6)
			s6->sin6_addr = ip->u.v6;
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	if (ip && ip->family == AF_INET)
		s4->sin_addr = ip->u.v4;
	return sizeof(*s4);
}

static int
fail_close(int fd)
{
	int e = errno;

	close(fd);
	errno = e;
	return -1;
}

int
bfd_sock_rx_open(int family, uint16_t port)
{
	struct sockaddr_storage ss;
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0)
		return -1;
	if (family == AF_INET6) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
			       sizeof(one)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one,
			       sizeof(one)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
			       sizeof(one)) < 0)
			return fail_close(fd);
	} else if (setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one)) <
			   0 ||
		   setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) <
			   0) {
		return fail_close(fd);
	}
	if (bind(fd, (struct sockaddr *)&ss, sa_fill(&ss, family, NULL, port)) <
	    0)
		return fail_close(fd);
	return fd;
}

int
bfd_sock_tx_open(int family, const struct ipaddr *src, int ttl, uint16_t start,
		 uint16_t *port)
{
	const unsigned span = 65536 - BFD_SRC_PORT_MIN;
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if ((family == AF_INET6
		     ? setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
				  sizeof(ttl))
		     : setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl))) <
	    0)
		return fail_close(fd);
	/* RFC 5881 §4: a source port of 49152-65535, one per session. */
	for (unsigned i = 0; i < span; i++) {
		struct sockaddr_storage ss;
		uint16_t p = (uint16_t)(BFD_SRC_PORT_MIN + (start + i) % span);

		if (bind(fd, (struct sockaddr *)&ss,
			 sa_fill(&ss, family, src, p)) == 0) {
			*port = p;
			return fd;
		}
		if (errno != EADDRINUSE)
			break;
	}
	return fail_close(fd);
}

ssize_t
bfd_sock_recv(int fd, void *buf, size_t len, struct bfd_rx_meta *m)
{
	struct sockaddr_storage ss;
	union {
		char b[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
		       CMSG_SPACE(sizeof(int)) * 2];
		struct cmsghdr align;
	} cb;
	struct iovec iov = {buf, len};
	struct msghdr mh = {&ss, sizeof(ss), &iov, 1, cb.b, sizeof(cb.b), 0};
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return -1;
	memset(m, 0, sizeof(*m));
	m->ttl = -1;
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (void *)&ss;

		ipaddr_from_bytes(&m->src, AF_INET6, &s6->sin6_addr);
		m->sport = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (void *)&ss;

		ipaddr_from_bytes(&m->src, AF_INET, &s4->sin_addr);
		m->sport = ntohs(s4->sin_port);
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c;
	     c = CMSG_NXTHDR(&mh, c)) {
		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		     c->cmsg_type == IPV6_HOPLIMIT))
			memcpy(&m->ttl, CMSG_DATA(c), sizeof(int));
		else if (c->cmsg_level == IPPROTO_IP &&
			 c->cmsg_type == IP_PKTINFO)
			ipaddr_from_bytes(
				&m->dst, AF_INET,
				&((struct in_pktinfo *)(void *)CMSG_DATA(c))
					 ->ipi_addr);
		else if (c->cmsg_level == IPPROTO_IPV6 &&
			 c->cmsg_type == IPV6_PKTINFO)
			ipaddr_from_bytes(
				&m->dst, AF_INET6,
				&((struct in6_pktinfo *)(void *)CMSG_DATA(c))
					 ->ipi6_addr);
	}
	return n;
}

ssize_t
bfd_sock_send(int fd, const void *buf, size_t len, const struct ipaddr *dst,
	      uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sa_fill(&ss, dst->family, dst, port);

	return sendto(fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&ss, sl);
}
