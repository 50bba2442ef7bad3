/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's IPVS sync messages (net/netfilter/ipvs/ip_vs_sync.c), as
 * the master thread sends them to the sync group: decoded, checked as the
 * backup thread checks them, and counted. Pure: no sockets, no clock (the
 * counters take the time from the caller). Fuzzed: tests/fuzz/fuzz_sync_msg.c.
 *
 * Wire format (all big-endian):
 *   v1 header (8 bytes): reserved=0, syncid, size (of the whole datagram),
 *      nr_conns, version=1, spare=0 (2 bytes); then nr_conns entries, each
 *      starting on a 4-byte boundary from the entry before:
 *      type (bit 0: IPv6), protocol, ver_size (version in the top 4 bits,
 *      must be 0; entry size in the low 12), flags (4), state (2), cport,
 *      vport, dport (2 each), fwmark (4), timeout in s (4), caddr, vaddr,
 *      daddr (4 or 16 each): 36 bytes for IPv4, 72 for IPv6; then options
 *      up to the entry's size: type, length (not 0), data (sequence
 *      numbers: 24 bytes; persistence-engine data and name).
 *   v0 header (4 bytes): nr_conns, syncid, size; then nr_conns IPv4
 *      entries of 24 bytes (reserved, protocol, cport, vport, dport,
 *      caddr, vaddr, daddr, flags (2), state (2)), each followed by 24
 *      bytes of sequence numbers when its flags say so.
 * A v1 message is told from a v0 one by its first byte 0, version 1 and
 * spare 0, as the kernel does.
 */
#ifndef VIGIL_SYNC_MSG_H
#define VIGIL_SYNC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipaddr.h"

/* One connection (or persistence template) of a message. */
struct sync_conn {
	uint8_t af; /* AF_INET, AF_INET6 */
	uint8_t protocol;
	uint32_t flags; /* IP_VS_CONN_F_* */
	uint16_t state;
	uint16_t cport, vport, dport; /* host order */
	uint32_t fwmark, timeout;     /* v1 only; timeout in seconds */
	union ipaddr_u caddr, vaddr, daddr;
	bool template;
	bool seq; /* carries TCP sequence adjustments */
};

struct sync_msg {
	uint8_t version; /* 0 or 1 */
	uint8_t syncid;
	uint16_t size;
	unsigned nconns;
	unsigned templates, v6, unknown_opts;
};

typedef void (*sync_conn_fn)(void *arg, const struct sync_conn *c);

/*
 * Decode one datagram; fn (may be NULL) gets each entry in order. Returns
 * 0, or -1 when the kernel would drop the datagram: *why says what is
 * wrong and *at the byte offset where (entries before it were already
 * given to fn, as the kernel applies them).
 */
int sync_msg_decode(const uint8_t *buf, size_t len, struct sync_msg *m,
		    sync_conn_fn fn, void *arg, const char **why, size_t *at);

/* ---- counters for `vigilctl show sync` ---- */

#define SYNC_RATE_WINDOW 10 /* seconds the rates average over */

struct sync_counts {
	uint64_t msgs, conns, bytes, malformed;
	uint64_t v0_msgs, v1_msgs, templates, v6_conns;
	uint64_t last_us; /* when the last good message came; 0: never */
	uint8_t last_syncid;
	uint8_t last_version;
	struct ipaddr last_from;
	char last_error[128]; /* the last malformed message: why, where */
	uint64_t last_error_us;
	/* per-second buckets of the last SYNC_RATE_WINDOW seconds */
	uint64_t sec[SYNC_RATE_WINDOW];
	uint32_t sec_msgs[SYNC_RATE_WINDOW], sec_conns[SYNC_RATE_WINDOW];
};

/* Count one datagram received at now_us (any monotonic clock) from
 * `from`: decoded, or malformed with the decoder's why and at. */
void sync_counts_add(struct sync_counts *c, uint64_t now_us,
		     const struct ipaddr *from, const uint8_t *buf, size_t len);
/* Messages and connections per second over the last SYNC_RATE_WINDOW
 * whole seconds before now_us. */
void sync_counts_rates(const struct sync_counts *c, uint64_t now_us,
		       double *msgs_per_s, double *conns_per_s);

#endif
