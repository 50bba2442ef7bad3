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

#endif
