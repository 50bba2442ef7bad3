/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VRRP authentication, pure functions (no I/O, no clock of their own):
 *
 * - VRRPv2 simple password (RFC 2338 §5.3.6.1, auth type 1): 8 bytes after
 *   the address list.
 * - VRRPv2 IPsec AH as keepalived puts it on the wire (auth type 2): an AH
 *   header (RFC 2402) between the IPv4 header and the VRRP message, SPI = the
 *   sender's IPv4 address, a sequence number, and HMAC-MD5-96 keyed with the
 *   8-byte password over the IPv4 header (TOS, fragment offset and header
 *   checksum zeroed, and TTL too for unicast), the AH header with a zero ICV,
 *   and the VRRP message.
 * - An HMAC-SHA256 trailer with anti-replay for v2 and v3, the wire format of
 *   keepalived's auth_hmac (28 bytes after the VRRP message):
 *     ext_type(1)=1 key_id(1) reserved(2)=0 sec(4) subsec(2) ctr(2) mac(16)
 *   mac = HMAC-SHA256(key, pseudo || message' || 16 zero bytes)[0..16),
 *   pseudo = { 4|6, version, vrid, 0, sender address zero-padded to 16 },
 *   message' = the VRRP message and the first 12 trailer bytes with the VRRP
 *   checksum field read as zero. The 64-bit sequence sec:subsec:ctr is a
 *   realtime timestamp (seconds, 1/65536 s) plus a counter, strictly growing
 *   per sender; receivers keep a high-water mark per sender and may also
 *   require the timestamp to be within a window of their own clock.
 */
#ifndef VIGIL_VRRP_AUTH_H
#define VIGIL_VRRP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipaddr.h"

#define VRRP_AUTH_NONE 0
#define VRRP_AUTH_PASS 1
#define VRRP_AUTH_AH 2
#define VRRP_AUTH_DATA_LEN 8 /* v2 authentication data field */

#define VRRP_AH_LEN 24	   /* next hdr, len, rsvd, SPI, seq, ICV(12) */
#define VRRP_AH_ICV_LEN 12 /* HMAC-MD5-96 */
#define VRRP_AH_PLEN 4	   /* AH payload length: 32-bit words minus 2 */

#define VRRP_HMAC_TRAILER_LEN 28
#define VRRP_HMAC_SIGNED_LEN 12 /* trailer bytes before the MAC */
#define VRRP_HMAC_TYPE_SHA256 1
#define VRRP_HMAC_MAC_LEN 16
#define VRRP_HMAC_KEY_MIN 32
#define VRRP_HMAC_KEY_MAX 64
#define VRRP_HMAC_MAX_KEYS 8
#define VRRP_HMAC_SENDERS 4 /* multicast senders remembered per instance */
#define VRRP_HMAC_WINDOW_MIN 5

struct vrrp_hmac_key {
	uint8_t id;
	uint8_t len;
	uint8_t data[VRRP_HMAC_KEY_MAX];
};

enum vrrp_hmac_mode {
	VRRP_HMAC_ENFORCE = 0, /* send the trailer, require it */
	VRRP_HMAC_PERMISSIVE,  /* send it, accept adverts without one */
	VRRP_HMAC_RECEIVE_ONLY /* send none, verify any that arrive */
};

struct vrrp_hmac_conf {
	bool enabled;
	uint8_t mode; /* enum vrrp_hmac_mode */
	uint8_t active_key;
	bool anti_replay_time; /* require the timestamp within time_window */
	uint32_t time_window;  /* seconds */
	uint8_t nkeys;
	struct vrrp_hmac_key keys[VRRP_HMAC_MAX_KEYS];
};

enum vrrp_hmac_result {
	VRRP_HMAC_OK = 0,
	VRRP_HMAC_MISSING,   /* no trailer and the mode requires one */
	VRRP_HMAC_MALFORMED, /* unknown ext type or reserved bits set */
	VRRP_HMAC_UNKNOWN_KEY,
	VRRP_HMAC_BAD_MAC,
	VRRP_HMAC_STALE,  /* timestamp outside the window */
	VRRP_HMAC_REPLAY, /* sequence not above the sender's last one */
	VRRP_HMAC_MAX
};

const char *vrrp_hmac_result_str(enum vrrp_hmac_result r);

/* The trailer in host order. */
struct vrrp_hmac_trailer {
	uint8_t ext_type;
	uint8_t key_id;
	uint16_t reserved;
	uint64_t seq; /* sec << 32 | subsec << 16 | ctr */
	uint8_t mac[VRRP_HMAC_MAC_LEN];
};

void vrrp_hmac_trailer_get(const uint8_t *wire, struct vrrp_hmac_trailer *t);

/* Receiver state: the highest sequence accepted per sender. */
struct vrrp_hmac_replay {
	struct {
		struct ipaddr addr;
		uint64_t seq;
		unsigned last_used; /* 0 = empty slot */
	} slot[VRRP_HMAC_SENDERS];
	unsigned clock;
};

const struct vrrp_hmac_key *vrrp_hmac_find_key(const struct vrrp_hmac_conf *c,
					       uint8_t id);

/* The sequence of a realtime clock reading, counter bits zero. */
uint64_t vrrp_hmac_clock_seq(uint64_t sec, uint32_t nsec);
/*
 * The next sequence to send: the clock if it is ahead of the last one, else
 * the last one plus one (so it grows even when the clock stands still or
 * steps back); in time mode a sender stranded more than the window ahead of
 * the clock restarts from the clock, or every receiver would drop it.
 */
uint64_t vrrp_hmac_next_seq(uint64_t last, uint64_t clock_seq,
			    const struct vrrp_hmac_conf *c);

/*
 * Sign in place: msg is the VRRP message followed by room for the trailer
 * (msg_len counts the message only). Returns -1 if the active key is missing.
 */
int vrrp_hmac_sign(const struct vrrp_hmac_conf *c, uint8_t *msg, size_t msg_len,
		   int family, uint8_t version, uint8_t vrid,
		   const struct ipaddr *src, uint64_t seq);

/*
 * Verify the trailer that follows a received message and move the sender's
 * high-water mark on success. now_sec is the receiver's realtime clock.
 */
enum vrrp_hmac_result vrrp_hmac_verify(const struct vrrp_hmac_conf *c,
				       struct vrrp_hmac_replay *st,
				       const uint8_t *msg, size_t msg_len,
				       int family, uint8_t version,
				       uint8_t vrid, const struct ipaddr *src,
				       uint64_t now_sec);

/* Constant-time comparison of the v2 password field. */
bool vrrp_pass_ok(const uint8_t got[VRRP_AUTH_DATA_LEN],
		  const uint8_t want[VRRP_AUTH_DATA_LEN]);

/*
 * HMAC-MD5-96 ICV of an IPv4 datagram carrying AH after its header (the ICV
 * field is read as zero, so the datagram may already hold one). zero_ttl
 * matches keepalived for unicast peers. Returns -1 if len is not plausible.
 */
int vrrp_ah_icv(const uint8_t key[VRRP_AUTH_DATA_LEN], const uint8_t *dgram,
		size_t len, bool zero_ttl, uint8_t icv[VRRP_AH_ICV_LEN]);

#endif
