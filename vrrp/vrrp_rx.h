/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Receive-side checks of RFC 5798 §7.1 (and RFC 3768 §7.1) for a packet the
 * codec parsed and that carries this instance's VRID: TTL, version,
 * authentication, interval (v2), address list, unicast source. Each drop
 * bumps the counter the MIBs name; nothing here changes protocol state.
 */
#ifndef VIGIL_VRRP_RX_H
#define VIGIL_VRRP_RX_H

#include "core/runtime/event.h"
#include "vrrp/vrrp_instance.h"
#include "vrrp/vrrp_pkt.h"

/*
 * NULL if the advertisement is acceptable (counted as received), else a
 * short reason for the log (the counter is already bumped). now is the
 * monotonic clock, now_sec the realtime seconds (HMAC freshness).
 */
const char *vrrp_rx_check(struct vrrp_instance *vi, const struct vrrp_pkt *p,
			  ev_time_t now, uint64_t now_sec);

/* Count a packet the codec refused, for an instance or for the router. */
void vrrp_rx_count_error(struct vrrp_stats *s, enum vrrp_pkt_err e);

#endif
