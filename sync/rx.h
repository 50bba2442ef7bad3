/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sync child's listener on the IPVS sync group: a UDP socket bound to
 * the group and port of lvs_sync_daemon (224.0.0.81:8848 by default),
 * member of the group on its interface, beside the kernel's backup thread
 * (both set SO_REUSEADDR, so both get every datagram). What it reads is
 * decoded and counted (msg.h) for `vigilctl show sync`; it never answers.
 *
 * On the MASTER it hears nothing of its own kernel (the master thread
 * sends with multicast loop off): a MASTER that hears messages has a
 * second master on its segment.
 */
#ifndef VIGIL_SYNC_RX_H
#define VIGIL_SYNC_RX_H

#include <stddef.h>

#include "core/runtime/event.h"
#include "sync/msg.h"
#include "sync/syncd.h"

struct sync_rx;
struct json_object;

/* NULL with err set when the socket cannot be made (no such interface,
 * the port taken without SO_REUSEADDR...). */
struct sync_rx *sync_rx_new(struct ev_loop *loop, const struct syncd_conf *c,
			    char *err, size_t errlen);
void sync_rx_free(struct sync_rx *rx);
const struct sync_counts *sync_rx_counts(const struct sync_rx *rx);
/* What `vigilctl show sync` says of it: group, port, counters, rates,
 * the age of the last message, the last malformed one. */
struct json_object *sync_rx_json(const struct sync_rx *rx, uint64_t now_us);

#endif
