/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigil's own sync channel, the wire format: pure (no sockets, no clock,
 * no globals), so cmocka and libFuzzer drive it directly.
 *
 * One UDP datagram is one message:
 *
 *   0  magic "VGSY"        4  version (1)   5  type   6  flags (0)
 *   8  length (whole datagram, MAC included)           10 spare (0)
 *   12 sync id             16 sender id     20 sequence number
 *   24 timestamp (ms since the epoch, 64 bits)
 *   32 payload (length - 64 bytes)
 *   .. HMAC-SHA256 over bytes 0 .. length - 32, with the config's key
 *
 * All big-endian. The sender id is random per process start, so a
 * restarted sender starts a new sequence (and an old one's messages,
 * replayed later, fall outside the timestamp window). Every message a
 * sender sends takes the next sequence number; a resent message keeps
 * its number and is signed again with a new timestamp.
 *
 * Payloads (sch_*_encode/decode below): conntrack entries, alive, NACK
 * (ranges of sequence numbers), resync request and resync done (each
 * naming what to resync: the conntrack table or the IPVS connections).
 *
 * Receiving: sch_decode() checks the form and the MAC; sch_guard_check()
 * then checks sync id, self, the timestamp window and the per-sender
 * sequence window (RFC 4303 §3.4.3's sliding window, 1024 wide): a
 * message already seen, or older than the window, is a replay.
 */
#ifndef VIGIL_SYNC_CHAN_H
#define VIGIL_SYNC_CHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipaddr.h"

#define SCH_MAGIC 0x56475359u /* "VGSY" */
#define SCH_VERSION 1
#define SCH_HDR_LEN 32
#define SCH_MAC_LEN 32
#define SCH_OVERHEAD (SCH_HDR_LEN + SCH_MAC_LEN)
#define SCH_MAX_LEN 65507 /* a UDP/IPv4 datagram */
#define SCH_KEY_MAX 64

enum sch_type {
	SCH_CT = 1,	     /* conntrack entries (sch_ct_*) */
	SCH_ALIVE = 2,	     /* sch_alive */
	SCH_NACK = 3,	     /* sch_nack */
	SCH_RESYNC_REQ = 4,  /* sch_resync: what, request id, target */
	SCH_RESYNC_DONE = 5, /* sch_resync: ... and the count sent */
	SCH_TYPE_MAX = 16,   /* types up to here may get a handler */
};

/* What a resync request or done is about. */
enum sch_what {
	SCH_WHAT_CT = 1,   /* the conntrack table (sync/ct_*) */
	SCH_WHAT_IPVS = 2, /* the IPVS connections (bulk resync) */
};

/* Why a datagram was dropped; each is counted. */
enum sch_drop {
	SCH_DROP_NONE = 0,
	SCH_DROP_SHORT,	  /* shorter than header and MAC */
	SCH_DROP_MAGIC,	  /* not "VGSY" */
	SCH_DROP_VERSION, /* a version this build does not speak */
	SCH_DROP_LENGTH,  /* length field != datagram size, or spare != 0 */
	SCH_DROP_MAC,	  /* forged or another key */
	SCH_DROP_TYPE,	  /* unknown type */
	SCH_DROP_PAYLOAD, /* payload malformed for its type */
	SCH_DROP_SYNCID,  /* another sync id: another pair */
	SCH_DROP_SELF,	  /* our own message (multicast loop) */
	SCH_DROP_STALE,	  /* timestamp outside the window */
	SCH_DROP_REPLAY,  /* sequence number already seen */
	SCH_DROP_TOO_OLD, /* sequence number behind the window */
	SCH_DROP_MAX,
};

const char *sch_drop_name(enum sch_drop d);

struct sch_key {
	uint8_t b[SCH_KEY_MAX];
	size_t len; /* 1..SCH_KEY_MAX */
};

struct sch_hdr {
	uint8_t version, type;
	uint16_t flags;
	uint16_t len; /* the whole datagram */
	uint32_t syncid, sender, seq;
	uint64_t ts_ms;
};

/* Build a message in buf (cap bytes): header from h (version and len are
 * filled in), payload, MAC. Returns its length, or 0 when it does not fit. */
size_t sch_encode(uint8_t *buf, size_t cap, const struct sch_hdr *h,
		  const void *payload, size_t plen, const struct sch_key *k);

/* Check a datagram's form and MAC. On success fills h and the payload's
 * place and returns 0; else returns -1 with *why set (and *at the byte
 * offset of the fault). The payload is not parsed (sch_*_decode). */
int sch_decode(const uint8_t *buf, size_t n, const struct sch_key *k,
	       struct sch_hdr *h, const uint8_t **payload, size_t *plen,
	       enum sch_drop *why, size_t *at);

/* ---- replay guard ------------------------------------------------ */

#define SCH_WINDOW 1024 /* sequence numbers remembered per sender */
#define SCH_SENDERS 16	/* senders remembered; the oldest heard is reused */

struct sch_sender {
	uint32_t id;
	bool used;
	uint32_t top;			/* highest sequence number accepted */
	uint64_t bits[SCH_WINDOW / 64]; /* bit i: top - i seen */
	uint64_t heard_ms;
};

struct sch_guard {
	uint32_t syncid, self;
	uint64_t window_ms; /* accepted clock difference either way */
	struct sch_sender s[SCH_SENDERS];
};

void sch_guard_init(struct sch_guard *g, uint32_t syncid, uint32_t self,
		    uint64_t window_ms);
/* Accept (0) or drop (-1, *why) a decoded message received at now_ms
 * (wall clock). Accepting records its sequence number. */
int sch_guard_check(struct sch_guard *g, const struct sch_hdr *h,
		    uint64_t now_ms, enum sch_drop *why);
/* The sender's record, or NULL if never heard. */
const struct sch_sender *sch_guard_sender(const struct sch_guard *g,
					  uint32_t id);

/* ---- payloads ----------------------------------------------------- */

/* SCH_ALIVE: the sender's last sequence number of data (so a receiver
 * sees a loss at the tail), and how many entries it holds. */
struct sch_alive {
	uint32_t last_seq;
	uint32_t entries;
};
#define SCH_ALIVE_LEN 8
size_t sch_alive_encode(uint8_t *p, size_t cap, const struct sch_alive *a);
int sch_alive_decode(const uint8_t *p, size_t n, struct sch_alive *a);

/* SCH_NACK: to `target`, resend these inclusive ranges. */
#define SCH_NACK_MAX 64
struct sch_nack {
	uint32_t target;
	uint16_t n;
	struct {
		uint32_t from, to;
	} r[SCH_NACK_MAX];
};
size_t sch_nack_encode(uint8_t *p, size_t cap, const struct sch_nack *k);
int sch_nack_decode(const uint8_t *p, size_t n, struct sch_nack *k);

/* SCH_RESYNC_REQ and SCH_RESYNC_DONE. A request names its target (a
 * sender id, 0 for whoever is master) and an id the done repeats; a
 * done carries the count of entries sent and the time it took. */
struct sch_resync {
	uint8_t what; /* enum sch_what */
	uint32_t target, req_id;
	uint32_t count, ms; /* done only; 0 in a request */
};
#define SCH_RESYNC_LEN 20
size_t sch_resync_encode(uint8_t *p, size_t cap, const struct sch_resync *r);
int sch_resync_decode(const uint8_t *p, size_t n, struct sch_resync *r);

/* SCH_CT: a batch of conntrack entries. Each entry: op, family, protocol,
 * TCP state; status; timeout (s); mark; zone; ports of the original and
 * reply tuples (for ICMP: id, type, code); TCP window scales and flags;
 * then the 4 addresses (orig src, dst, reply src, dst) of 4 or 16 bytes. */
enum sch_ct_op {
	SCH_CT_NEW = 1,
	SCH_CT_UPDATE = 2,
	SCH_CT_DESTROY = 3,
	SCH_CT_DUMP = 4, /* an entry of a full table replay (a resync) */
};

struct sch_ct {
	uint8_t op, family, proto, tcp_state;
	uint32_t status, timeout, mark;
	uint16_t zone;
	uint16_t orig_sport, orig_dport, repl_sport, repl_dport;
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id;
	uint8_t wscale_orig, wscale_repl, flags_orig, flags_repl;
	union ipaddr_u orig_src, orig_dst, repl_src, repl_dst;
};
#define SCH_CT_FIXED 36
/* An entry's size on the wire. */
size_t sch_ct_len(const struct sch_ct *e);
/* Append an entry at p (cap bytes left): its length, or 0 if no room. */
size_t sch_ct_encode(uint8_t *p, size_t cap, const struct sch_ct *e);
/* Walk a batch: each entry to cb. -1 with *at on a malformed entry
 * (entries before it were handed out). */
int sch_ct_decode(const uint8_t *p, size_t n,
		  void (*cb)(void *arg, const struct sch_ct *e), void *arg,
		  size_t *at);

#endif
