/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigil's sync channel, the socket side: one UDP socket on the sync
 * interface, sending to a multicast group (loop off: a director does not
 * hear itself) or to unicast peers, receiving on the same port. Every
 * datagram read is decoded and checked (chan.h: form, HMAC, sync id,
 * timestamp window, per-sender sequence window); what passes goes to the
 * handler registered for its type, what does not is dropped and counted
 * by reason (and logged, at most every 10 s).
 *
 * Users (the conntrack replication, sync/ct_*.c, and the IPVS bulk
 * resync) share one socket: each registers handlers for its types (a
 * resync request or done names what it is about, enum sch_what). Sends
 * never block: a full socket buffer fails the send (-1, EAGAIN), counted;
 * the caller's reliability (NACK and resend, or a repeated request)
 * recovers.
 */
#ifndef VIGIL_SYNC_CHAN_SOCK_H
#define VIGIL_SYNC_CHAN_SOCK_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "core/runtime/ipaddr.h"
#include "sync/chan.h"

#define SCH_PEERS_MAX 8
#define SCH_PORT_DEFAULT 3780
#define SCH_WINDOW_MS_DEFAULT 30000

struct json_object;
struct sch_sock;

struct sch_sock_conf {
	char ifname[IF_NAMESIZE];
	struct ipaddr group; /* a multicast group, or unset for peers */
	struct ipaddr peers[SCH_PEERS_MAX];
	size_t npeers;
	uint16_t port;
	uint8_t ttl;
	uint32_t syncid;
	struct sch_key key;
	uint32_t window_ms; /* timestamp window, either way */
};

struct sch_counts {
	uint64_t rx, rx_bytes, tx, tx_bytes, tx_errors, resent;
	uint64_t rx_type[SCH_TYPE_MAX], tx_type[SCH_TYPE_MAX];
	uint64_t drops[SCH_DROP_MAX];
	enum sch_drop last_drop;
	struct ipaddr last_drop_from;
	uint64_t last_drop_us;
};

/* Returns 0 if the payload was good, -1 if malformed (counted as a
 * "payload" drop). from is the datagram's source address. */
typedef int (*sch_handler)(void *arg, const struct sch_hdr *h,
			   const uint8_t *payload, size_t plen,
			   const struct ipaddr *from);

/* NULL with err set when the socket cannot be made. */
struct sch_sock *sch_sock_new(struct ev_loop *loop,
			      const struct sch_sock_conf *c, char *err,
			      size_t errlen);
void sch_sock_free(struct sch_sock *s);
/* Register (or with NULL, remove) the handler of a type. */
void sch_sock_on(struct sch_sock *s, uint8_t type, sch_handler fn, void *arg);

/* Send a message with the next sequence number (stored in *seq when not
 * NULL): it joins the train that leaves at the end of the loop turn (or
 * sooner, when full). 0, or -1 with errno EMSGSIZE; a send that fails
 * later (a full socket buffer) is counted in the counters' tx_errors. */
int sch_send(struct sch_sock *s, uint8_t type, const void *payload, size_t plen,
	     uint32_t *seq);
/* Send again a message sent with sequence number seq (a NACK's answer),
 * signed with the current time. */
int sch_resend(struct sch_sock *s, uint8_t type, uint32_t seq,
	       const void *payload, size_t plen);
/* This process's sender id (random at creation), and the next sequence
 * number sch_send() will use. */
uint32_t sch_sock_sender(const struct sch_sock *s);
uint32_t sch_sock_next_seq(const struct sch_sock *s);
/* The largest payload a datagram carries on this interface (MTU less
 * IP, UDP and the channel's header and MAC). */
size_t sch_sock_max_payload(const struct sch_sock *s);
const struct sch_counts *sch_sock_counts(const struct sch_sock *s);
/* What `vigilctl show sync` says of it. */
struct json_object *sch_sock_json(const struct sch_sock *s, uint64_t now_us);

/* Wall clock in milliseconds, the channel's timestamps. */
uint64_t sch_now_ms(void);

#endif
