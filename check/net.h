/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Probe sockets: created non-blocking and close-on-exec with the common
 * knobs applied (bindto, bind_port, bind_if, fwmark), connected without
 * blocking, and closed with a reset so a check leaves no TIME_WAIT behind
 * and costs the real server no FIN exchange.
 */
#ifndef VIGIL_CHECK_NET_H
#define VIGIL_CHECK_NET_H

#include <stdbool.h>

#include "check/conf.h"
#include "check/probe.h"

/* A socket for the target's family. Returns the fd, or -1 with *res set
 * (local-error). */
int chk_net_socket(const struct chk_target *t, int type, int proto,
		   struct chk_result *res);
/* connect() to the target. Returns 0 connected, 1 in progress, -1 with
 * *res set. */
int chk_net_connect(int fd, const struct chk_target *t, struct chk_result *res);
/* After EV_WRITE on a connecting socket: 0 connected, -1 with *res. */
int chk_net_connect_done(int fd, struct chk_result *res);
/* close() with SO_LINGER 0: RST instead of FIN, no TIME_WAIT. */
void chk_net_close_reset(int fd);
/* The target's address with bind_if's scope for an IPv6 link-local. */
void chk_net_dest(const struct chk_target *t, struct chk_addr *out);

/* The connected datagram socket of a probe (UDP_CHECK, DNS_CHECK). */
struct chk_dgram {
	struct ev_loop *loop;
	int fd;
	struct ev_io io;
};

void chk_dgram_init(struct chk_dgram *d, struct ev_loop *loop, ev_io_cb cb,
		    void *arg);
/* Open, connect, send buf, watch for the answer. 0, or -1 with *r (and
 * nothing left open). */
int chk_dgram_send(struct chk_dgram *d, const struct chk_target *t,
		   const void *buf, size_t len, struct chk_result *r);
/* recv(): the length (MSG_TRUNC: the real one), or -1: errno EAGAIN to
 * wait, else *r says why (an ICMP error: refused, unreachable). */
ssize_t chk_dgram_recv(struct chk_dgram *d, void *buf, size_t len, int flags,
		       struct chk_result *r);
void chk_dgram_close(struct chk_dgram *d);

#endif
