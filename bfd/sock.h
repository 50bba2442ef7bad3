/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BFD's sockets (RFC 5881): one receiving socket per family on UDP 3784,
 * with each datagram's TTL or hop limit and addresses; one sending
 * socket per session, bound to its source address and a port of
 * 49152-65535, sending with the session's TTL. Library-like: -1 and
 * errno, no log.
 */
#ifndef VIGIL_BFD_SOCK_H
#define VIGIL_BFD_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bfd/pkt.h"
#include "core/runtime/ipaddr.h"

struct bfd_rx_meta {
	struct ipaddr src, dst;
	uint16_t sport;
	int ttl; /* -1: the kernel did not say */
};

/* UDP port `port` of every address of family, non-blocking. */
int bfd_sock_rx_open(int family, uint16_t port);
/* A socket bound to src (unset: any address of family) and a free port
 * of 49152-65535 from a start point of the caller's, sending with ttl. */
int bfd_sock_tx_open(int family, const struct ipaddr *src, int ttl,
		     uint16_t start, uint16_t *port);
/* One datagram; -1 with errno (EAGAIN when none is waiting). */
ssize_t bfd_sock_recv(int fd, void *buf, size_t len, struct bfd_rx_meta *m);
ssize_t bfd_sock_send(int fd, const void *buf, size_t len,
		      const struct ipaddr *dst, uint16_t port);

#endif
