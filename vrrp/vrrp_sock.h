/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw VRRP sockets: IPPROTO_VRRP (and IPPROTO_AH for v2 AH) for IPv4 and
 * IPv6, one per interface and protocol, shared by the instances on it,
 * non-blocking, bound to the interface. IPv4 goes out with IP_HDRINCL (the
 * codec writes TTL 255, TOS, and the header AH covers); IPv6 with hop limit
 * 255 and the source chosen per packet (IPV6_PKTINFO). Received IPv6 packets
 * carry their hop limit and destination in ancillary data.
 */
#ifndef VIGIL_VRRP_SOCK_H
#define VIGIL_VRRP_SOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/runtime/event.h"
#include "core/runtime/ipaddr.h"

struct vrrp_sock {
	int fd;
	int family;
	int proto;
	int ifindex;
	unsigned refs;
	uint64_t rx_buf; /* kernel_rx_buf_size of its instances, summed */
	struct ev_io io;
	struct vrrp_sock *next;
	void *owner;
};

/* Open, bind to the interface, set options. -1 with errno. */
int vrrp_sock_open(struct vrrp_sock *s, int family, int proto, int ifindex,
		   const char *ifname);
void vrrp_sock_close(struct vrrp_sock *s);
/* SO_RCVBUF(FORCE) of bytes, vigil's default if 0. -1 with errno. */
int vrrp_sock_rcvbuf(struct vrrp_sock *s, uint64_t bytes);
/* The receive buffer the kernel gave the socket (SO_RCVBUF), -1 if none. */
int vrrp_sock_rcvbuf_get(const struct vrrp_sock *s);
/* Join (or leave) a multicast group on the socket's interface. */
int vrrp_sock_join(struct vrrp_sock *s, const struct ipaddr *group, bool join);

/* IPv4: a whole datagram; IPv6: a payload from src, with hop limit hops
 * (IPv4 carries its TTL in the header). */
int vrrp_sock_send(struct vrrp_sock *s, const uint8_t *buf, size_t len,
		   const struct ipaddr *src, const struct ipaddr *dst,
		   uint8_t hops);

struct vrrp_rx_meta {
	struct ipaddr src, dst; /* IPv6 only: IPv4 has its header */
	uint8_t hoplimit;
	bool truncated; /* did not fit the buffer: a length error */
	/* How long it waited between the kernel's receipt (SO_TIMESTAMPNS)
	 * and this read, in microseconds; 0: unknown (no stamp, or the real
	 * clock stepped back). */
	uint64_t age_us;
};

/* One datagram, or -1 (EAGAIN when drained). */
ssize_t vrrp_sock_recv(struct vrrp_sock *s, uint8_t *buf, size_t size,
		       struct vrrp_rx_meta *meta);

#endif
