/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw sockets shared by every probe of a type (PING_CHECK's ICMP, TCP_CHECK's
 * half-open SYN): one per address family and fwmark, opened on first use,
 * with a table of outstanding requests indexed by a 16-bit slot that the
 * type encodes in its packets (ICMP sequence, TCP initial sequence), so
 * thousands of targets cost one descriptor and one watcher per family.
 * Packets go out with their source address and interface (IP_PKTINFO),
 * replies are read in batches and handed to the type's rx().
 */
#ifndef VIGIL_CHECK_RAWSOCK_H
#define VIGIL_CHECK_RAWSOCK_H

#include <stdint.h>

#include "check/addr.h"
#include "check/conf.h"
#include "check/probe.h"

#define RAW_SLOTS 65536

struct raw_sock;

struct raw_sock_type {
	int proto_v4, proto_v6;
	/* After the socket is open: filters, options. 0 or -1 (errno). */
	int (*setup)(struct raw_sock *s);
	void (*teardown)(struct raw_sock *s); /* may be NULL */
	/* One datagram read (IPv4: with its IP header). */
	void (*rx)(struct raw_sock *s, const uint8_t *buf, size_t len,
		   const struct chk_addr *from);
	/* Optional: an ICMP error for one of our packets (IP_RECVERR):
	 * `quoted` is the start of its transport header as the error quoted
	 * it, `dst` the address it was sent to, err the errno it means. */
	void (*err)(struct raw_sock *s, const uint8_t *quoted, size_t len,
		    const struct chk_addr *dst, int err);
};

struct raw_sock {
	const struct raw_sock_type *type;
	struct probe_env *env;
	int family;
	uint32_t fwmark;
	int fd;
	struct ev_io io;
	uint16_t next_slot;
	void **pending;	   /* by slot: the owner of an outstanding request */
	uint64_t rx_other; /* datagrams not ours or not matching */
	uint16_t id;	   /* the type's: ICMP identifier, TCP source port */
	int aux_fd;	   /* the type's: TCP's port reservation, or -1 */
	struct raw_sock *next;
};

/* The socket for (type, family, fwmark) in *list, opened if need be; NULL
 * with *r set (local-error) if it cannot be. */
struct raw_sock *raw_sock_get(struct raw_sock **list, struct probe_env *env,
			      const struct raw_sock_type *type, int family,
			      uint32_t fwmark, struct chk_result *r);
/* A free slot for owner: 0, or -1 with *r set when all are taken. */
int raw_sock_take(struct raw_sock *s, void *owner, uint16_t *slot,
		  struct chk_result *r);
static inline void *
raw_sock_owner(const struct raw_sock *s, uint16_t slot)
{
	return s->pending[slot];
}
static inline void
raw_sock_put(struct raw_sock *s, uint16_t slot)
{
	s->pending[slot] = NULL;
}
/*
 * Send pkt to dst for target t: from `src` if set (else t's bindto if
 * set, else the kernel's choice) and through t's bind_if. 0, or -1 with
 * *r set from errno (unreachable, local-error).
 */
int raw_sock_send(struct raw_sock *s, const struct chk_target *t,
		  const struct chk_addr *src, const struct chk_addr *dst,
		  const void *pkt, size_t len, struct chk_result *r);
void raw_sock_free_all(struct raw_sock **list, struct ev_loop *loop);

#endif
