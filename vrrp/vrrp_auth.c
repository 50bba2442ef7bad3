// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP authentication: see vrrp_auth.h for the wire formats. */
#include "config.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#include "vrrp/vrrp_auth.h"
#include "core/runtime/wire.h"

#define HMAC_PSEUDO_LEN 20
#define VRRP_CSUM_OFF 6
/* Largest VRRP message: 8 + 255 IPv6 addresses. */
#define MSG_MAX (8 + 255 * 16 + VRRP_AUTH_DATA_LEN)
/* Largest IPv4 datagram with AH we authenticate: header with options, AH,
 * a v2 message of 255 IPv4 addresses. */
#define AH_DGRAM_MAX (60 + VRRP_AH_LEN + 8 + 255 * 4 + VRRP_AUTH_DATA_LEN)

static const char *const hmac_result_names[VRRP_HMAC_MAX] = {
	[VRRP_HMAC_OK] = "ok",
	[VRRP_HMAC_MISSING] = "missing-trailer",
	[VRRP_HMAC_MALFORMED] = "malformed-trailer",
	[VRRP_HMAC_UNKNOWN_KEY] = "unknown-key",
	[VRRP_HMAC_BAD_MAC] = "bad-mac",
	[VRRP_HMAC_STALE] = "stale",
	[VRRP_HMAC_REPLAY] = "replay",
};

const char *
vrrp_hmac_result_str(enum vrrp_hmac_result r)
{
	return r < VRRP_HMAC_MAX ? hmac_result_names[r] : "?";
}

void
vrrp_hmac_trailer_get(const uint8_t *wire, struct vrrp_hmac_trailer *t)
{
	t->ext_type = wire[0];
	t->key_id = wire[1];
	t->reserved = wire_get16(wire + 2);
	t->seq = (uint64_t)wire_get32(wire + 4) << 32 |
		 (uint64_t)wire_get16(wire + 8) << 16 | wire_get16(wire + 10);
	memcpy(t->mac, wire + VRRP_HMAC_SIGNED_LEN, VRRP_HMAC_MAC_LEN);
}

const struct vrrp_hmac_key *
vrrp_hmac_find_key(const struct vrrp_hmac_conf *c, uint8_t id)
{
	for (unsigned i = 0; i < c->nkeys && i < VRRP_HMAC_MAX_KEYS; i++)
		if (c->keys[i].id == id)
			return &c->keys[i];
	return NULL;
}

uint64_t
vrrp_hmac_clock_seq(uint64_t sec, uint32_t nsec)
{
	uint64_t frac = ((uint64_t)nsec << 16) / 1000000000u;

	return (uint64_t)(uint32_t)sec << 32 | (frac & 0xffff) << 16;
}

/* RFC 1982 serial number order on 64 bits. */
static bool
seq_after(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) > 0;
}

uint64_t
vrrp_hmac_next_seq(uint64_t last, uint64_t clock_seq,
		   const struct vrrp_hmac_conf *c)
{
	int32_t ahead;

	if (seq_after(clock_seq, last))
		return clock_seq;
	ahead = (int32_t)((uint32_t)(last >> 32) - (uint32_t)(clock_seq >> 32));
	if (c->anti_replay_time && ahead > (int32_t)c->time_window)
		return clock_seq;
	return last + 1;
}

/* HMAC input: pseudo header, message and signed trailer prefix with the
 * checksum read as zero, then the zeroed MAC field. */
static int
compute_mac(const struct vrrp_hmac_key *key, const uint8_t *msg, size_t msg_len,
	    int family, uint8_t version, uint8_t vrid, const struct ipaddr *src,
	    uint8_t out[VRRP_HMAC_MAC_LEN])
{
	uint8_t in[HMAC_PSEUDO_LEN + MSG_MAX + VRRP_HMAC_TRAILER_LEN];
	uint8_t md[EVP_MAX_MD_SIZE];
	size_t signed_len = msg_len + VRRP_HMAC_SIGNED_LEN;
	size_t n = HMAC_PSEUDO_LEN;
	unsigned mdlen = 0;

	if (msg_len < 8 || msg_len > MSG_MAX || src->family != family)
		return -1;
	memset(in, 0, HMAC_PSEUDO_LEN);
	in[0] = family == AF_INET6 ? 6 : 4;
	in[1] = version;
	in[2] = vrid;
	memcpy(in + 4, src->u.b, ipaddr_len(family));
	memcpy(in + n, msg, signed_len);
	in[n + VRRP_CSUM_OFF] = 0;
	in[n + VRRP_CSUM_OFF + 1] = 0;
	n += signed_len;
	memset(in + n, 0, VRRP_HMAC_MAC_LEN);
	n += VRRP_HMAC_MAC_LEN;
	if (!HMAC(EVP_sha256(), key->data, key->len, in, n, md, &mdlen))
		return -1;
	memcpy(out, md, VRRP_HMAC_MAC_LEN);
	OPENSSL_cleanse(md, sizeof(md));
	return 0;
}

int
vrrp_hmac_sign(const struct vrrp_hmac_conf *c, uint8_t *msg, size_t msg_len,
	       int family, uint8_t version, uint8_t vrid,
	       const struct ipaddr *src, uint64_t seq)
{
	const struct vrrp_hmac_key *key = vrrp_hmac_find_key(c, c->active_key);
	uint8_t *t = msg + msg_len;

	t[0] = VRRP_HMAC_TYPE_SHA256;
	t[1] = c->active_key;
	wire_put16(t + 2, 0);
	wire_put32(t + 4, (uint32_t)(seq >> 32));
	wire_put16(t + 8, (uint16_t)(seq >> 16));
	wire_put16(t + 10, (uint16_t)seq);
	/* A zero MAC, which every receiver rejects, if signing fails. */
	memset(t + VRRP_HMAC_SIGNED_LEN, 0, VRRP_HMAC_MAC_LEN);
	if (!key)
		return -1;
	return compute_mac(key, msg, msg_len, family, version, vrid, src,
			   t + VRRP_HMAC_SIGNED_LEN);
}

static uint64_t *
replay_slot(struct vrrp_hmac_replay *st, const struct ipaddr *src, bool *fresh)
{
	unsigned victim = 0;

	*fresh = false;
	if (++st->clock == 0)
		st->clock = 1;
	for (unsigned i = 0; i < VRRP_HMAC_SENDERS; i++) {
		if (st->slot[i].last_used &&
		    ipaddr_eq(&st->slot[i].addr, src)) {
			st->slot[i].last_used = st->clock;
			return &st->slot[i].seq;
		}
		if (st->slot[i].last_used < st->slot[victim].last_used)
			victim = i;
	}
	/* Evict the least recently used sender. Reached only after the MAC
	 * verified, so forged sources cannot churn the table. */
	st->slot[victim].addr = *src;
	st->slot[victim].last_used = st->clock;
	*fresh = true;
	return &st->slot[victim].seq;
}

static bool
outside_window(const struct vrrp_hmac_conf *c, uint64_t seq, uint64_t now_sec)
{
	int32_t delta = (int32_t)((uint32_t)now_sec - (uint32_t)(seq >> 32));

	return c->anti_replay_time && (delta > (int32_t)c->time_window ||
				       delta < -(int32_t)c->time_window);
}

enum vrrp_hmac_result
vrrp_hmac_verify(const struct vrrp_hmac_conf *c, struct vrrp_hmac_replay *st,
		 const uint8_t *msg, size_t msg_len, int family,
		 uint8_t version, uint8_t vrid, const struct ipaddr *src,
		 uint64_t now_sec)
{
	struct vrrp_hmac_trailer t;
	const struct vrrp_hmac_key *key;
	uint8_t mac[VRRP_HMAC_MAC_LEN];
	uint64_t *last;
	bool fresh;

	vrrp_hmac_trailer_get(msg + msg_len, &t);
	if (t.ext_type != VRRP_HMAC_TYPE_SHA256 || t.reserved != 0)
		return VRRP_HMAC_MALFORMED;
	/* Cheap checks first: a flood of stale captures costs no digest. */
	if (outside_window(c, t.seq, now_sec))
		return VRRP_HMAC_STALE;
	key = vrrp_hmac_find_key(c, t.key_id);
	if (!key)
		return VRRP_HMAC_UNKNOWN_KEY;
	if (compute_mac(key, msg, msg_len, family, version, vrid, src, mac) <
		    0 ||
	    CRYPTO_memcmp(mac, t.mac, VRRP_HMAC_MAC_LEN) != 0)
		return VRRP_HMAC_BAD_MAC;
	last = replay_slot(st, src, &fresh);
	/* A mark outside the window only orders packets the window already
	 * rejects; forgetting it lets a sender whose clock was reset back in. */
	if (!fresh && outside_window(c, *last, now_sec))
		fresh = true;
	if (!fresh && !seq_after(t.seq, *last))
		return VRRP_HMAC_REPLAY;
	*last = t.seq;
	return VRRP_HMAC_OK;
}

bool
vrrp_pass_ok(const uint8_t got[VRRP_AUTH_DATA_LEN],
	     const uint8_t want[VRRP_AUTH_DATA_LEN])
{
	return CRYPTO_memcmp(got, want, VRRP_AUTH_DATA_LEN) == 0;
}

int
vrrp_ah_icv(const uint8_t key[VRRP_AUTH_DATA_LEN], const uint8_t *dgram,
	    size_t len, bool zero_ttl, uint8_t icv[VRRP_AH_ICV_LEN])
{
	uint8_t buf[AH_DGRAM_MAX];
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	size_t ihl;

	if (len < 20 || len > sizeof(buf))
		return -1;
	ihl = (size_t)(dgram[0] & 0x0f) * 4;
	if (ihl < 20 || len < ihl + VRRP_AH_LEN)
		return -1;
	memcpy(buf, dgram, len);
	/* RFC 2402 §3.3.3.1.1.1: mutable fields are zero for the ICV. */
	buf[1] = 0;	       /* TOS */
	buf[6] = buf[7] = 0;   /* flags and fragment offset */
	buf[10] = buf[11] = 0; /* header checksum */
	if (zero_ttl)
		buf[8] = 0;
	memset(buf + ihl + 12, 0, VRRP_AH_ICV_LEN);
	if (!HMAC(EVP_md5(), key, VRRP_AUTH_DATA_LEN, buf, len, md, &mdlen))
		return -1;
	memcpy(icv, md, VRRP_AH_ICV_LEN);
	return 0;
}
