// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigil's sync channel, the wire format (chan.h).
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/runtime/wire.h"
#include "sync/chan.h"

static const char *const drop_names[SCH_DROP_MAX] = {
	[SCH_DROP_NONE] = "none",	[SCH_DROP_SHORT] = "short",
	[SCH_DROP_MAGIC] = "magic",	[SCH_DROP_VERSION] = "version",
	[SCH_DROP_LENGTH] = "length",	[SCH_DROP_MAC] = "mac",
	[SCH_DROP_TYPE] = "type",	[SCH_DROP_PAYLOAD] = "payload",
	[SCH_DROP_SYNCID] = "syncid",	[SCH_DROP_SELF] = "self",
	[SCH_DROP_STALE] = "stale",	[SCH_DROP_REPLAY] = "replay",
	[SCH_DROP_TOO_OLD] = "too_old",
};

const char *
sch_drop_name(enum sch_drop d)
{
	return d < SCH_DROP_MAX ? drop_names[d] : "?";
}

static void
put64(uint8_t *p, uint64_t v)
{
	wire_put32(p, (uint32_t)(v >> 32));
	wire_put32(p + 4, (uint32_t)v);
}

static uint64_t
get64(const uint8_t *p)
{
	return (uint64_t)wire_get32(p) << 32 | wire_get32(p + 4);
}

static int
mac(const struct sch_key *k, const uint8_t *p, size_t n, uint8_t *out)
{
	unsigned len = SCH_MAC_LEN;

	return HMAC(EVP_sha256(), k->b, (int)k->len, p, n, out, &len) ? 0 : -1;
}

size_t
sch_encode(uint8_t *buf, size_t cap, const struct sch_hdr *h,
	   const void *payload, size_t plen, const struct sch_key *k)
{
	size_t n = SCH_OVERHEAD + plen;

	if (n > cap || n > SCH_MAX_LEN)
		return 0;
	wire_put32(buf, SCH_MAGIC);
	buf[4] = SCH_VERSION;
	buf[5] = h->type;
	wire_put16(buf + 6, h->flags);
	wire_put16(buf + 8, (uint16_t)n);
	wire_put16(buf + 10, 0);
	wire_put32(buf + 12, h->syncid);
	wire_put32(buf + 16, h->sender);
	wire_put32(buf + 20, h->seq);
	put64(buf + 24, h->ts_ms);
	if (plen)
		memmove(buf + SCH_HDR_LEN, payload, plen);
	if (mac(k, buf, n - SCH_MAC_LEN, buf + n - SCH_MAC_LEN) < 0)
		return 0;
	return n;
}

static int
drop(enum sch_drop *why, size_t *at, enum sch_drop d, size_t off)
{
	*why = d;
	*at = off;
	return -1;
}

int
sch_decode(const uint8_t *buf, size_t n, const struct sch_key *k,
	   struct sch_hdr *h, const uint8_t **payload, size_t *plen,
	   enum sch_drop *why, size_t *at)
{
	uint8_t want[SCH_MAC_LEN];

	if (n < SCH_OVERHEAD)
		return drop(why, at, SCH_DROP_SHORT, n);
	if (wire_get32(buf) != SCH_MAGIC)
		return drop(why, at, SCH_DROP_MAGIC, 0);
	if (buf[4] != SCH_VERSION)
		return drop(why, at, SCH_DROP_VERSION, 4);
	if (wire_get16(buf + 8) != n)
		return drop(why, at, SCH_DROP_LENGTH, 8);
	if (wire_get16(buf + 10))
		return drop(why, at, SCH_DROP_LENGTH, 10);
	/* the MAC before anything else is believed */
	if (mac(k, buf, n - SCH_MAC_LEN, want) < 0 ||
	    CRYPTO_memcmp(want, buf + n - SCH_MAC_LEN, SCH_MAC_LEN))
		return drop(why, at, SCH_DROP_MAC, n - SCH_MAC_LEN);
	h->version = buf[4];
	h->type = buf[5];
	h->flags = wire_get16(buf + 6);
	h->len = (uint16_t)n;
	h->syncid = wire_get32(buf + 12);
	h->sender = wire_get32(buf + 16);
	h->seq = wire_get32(buf + 20);
	h->ts_ms = get64(buf + 24);
	if (!h->type || h->type > SCH_RESYNC_DONE)
		return drop(why, at, SCH_DROP_TYPE, 5);
	*payload = buf + SCH_HDR_LEN;
	*plen = n - SCH_OVERHEAD;
	*why = SCH_DROP_NONE;
	return 0;
}

/* ---- replay guard ------------------------------------------------ */

void
sch_guard_init(struct sch_guard *g, uint32_t syncid, uint32_t self,
	       uint64_t window_ms)
{
	memset(g, 0, sizeof(*g));
	g->syncid = syncid;
	g->self = self;
	g->window_ms = window_ms;
}

static struct sch_sender *
sender_find(struct sch_guard *g, uint32_t id, bool make)
{
	struct sch_sender *old = &g->s[0];

	for (size_t i = 0; i < SCH_SENDERS; i++) {
		struct sch_sender *s = &g->s[i];

		if (s->used && s->id == id)
			return s;
		if (!s->used || (old->used && s->heard_ms < old->heard_ms))
			old = s;
	}
	if (!make)
		return NULL;
	memset(old, 0, sizeof(*old));
	old->used = true;
	old->id = id;
	return old;
}

const struct sch_sender *
sch_guard_sender(const struct sch_guard *g, uint32_t id)
{
	return sender_find((struct sch_guard *)g, id, false);
}

static bool
bit_get(const struct sch_sender *s, uint32_t i)
{
	return s->bits[i / 64] >> (i % 64) & 1;
}

static void
bit_set(struct sch_sender *s, uint32_t i)
{
	s->bits[i / 64] |= 1ull << (i % 64);
}

/* Move the window up by d: bit i becomes bit i + d. */
static void
shift(struct sch_sender *s, uint32_t d)
{
	uint64_t nb[SCH_WINDOW / 64] = {0};

	if (d < SCH_WINDOW)
		for (uint32_t i = 0; i + d < SCH_WINDOW; i++)
			if (bit_get(s, i))
				nb[(i + d) / 64] |= 1ull << ((i + d) % 64);
	memcpy(s->bits, nb, sizeof(nb));
}

int
sch_guard_check(struct sch_guard *g, const struct sch_hdr *h, uint64_t now_ms,
		enum sch_drop *why)
{
	struct sch_sender *s;
	uint64_t skew;

	*why = SCH_DROP_NONE;
	if (h->syncid != g->syncid)
		*why = SCH_DROP_SYNCID;
	else if (h->sender == g->self)
		*why = SCH_DROP_SELF;
	skew = h->ts_ms > now_ms ? h->ts_ms - now_ms : now_ms - h->ts_ms;
	if (!*why && skew > g->window_ms)
		*why = SCH_DROP_STALE;
	if (*why)
		return -1;
	s = sender_find(g, h->sender, true);
	s->heard_ms = now_ms;
	if (!s->top && !s->bits[0]) { /* first message of this sender */
		s->top = h->seq;
		bit_set(s, 0);
		return 0;
	}
	/* serial-number arithmetic (RFC 1982): ahead if within 2^31 */
	if ((int32_t)(h->seq - s->top) > 0) {
		shift(s, h->seq - s->top);
		s->top = h->seq;
		bit_set(s, 0);
		return 0;
	}
	if (s->top - h->seq >= SCH_WINDOW) {
		*why = SCH_DROP_TOO_OLD;
		return -1;
	}
	if (bit_get(s, s->top - h->seq)) {
		*why = SCH_DROP_REPLAY;
		return -1;
	}
	bit_set(s, s->top - h->seq);
	return 0;
}

/* ---- payloads ----------------------------------------------------- */

size_t
sch_alive_encode(uint8_t *p, size_t cap, const struct sch_alive *a)
{
	if (cap < SCH_ALIVE_LEN)
		return 0;
	wire_put32(p, a->last_seq);
	wire_put32(p + 4, a->entries);
	return SCH_ALIVE_LEN;
}

int
sch_alive_decode(const uint8_t *p, size_t n, struct sch_alive *a)
{
	if (n != SCH_ALIVE_LEN)
		return -1;
	a->last_seq = wire_get32(p);
	a->entries = wire_get32(p + 4);
	return 0;
}

size_t
sch_nack_encode(uint8_t *p, size_t cap, const struct sch_nack *k)
{
	size_t n = 8 + (size_t)k->n * 8;

	if (k->n > SCH_NACK_MAX || cap < n)
		return 0;
	wire_put32(p, k->target);
	wire_put16(p + 4, k->n);
	wire_put16(p + 6, 0);
	for (size_t i = 0; i < k->n; i++) {
		wire_put32(p + 8 + i * 8, k->r[i].from);
		wire_put32(p + 12 + i * 8, k->r[i].to);
	}
	return n;
}

int
sch_nack_decode(const uint8_t *p, size_t n, struct sch_nack *k)
{
	if (n < 8)
		return -1;
	k->target = wire_get32(p);
	k->n = wire_get16(p + 4);
	if (k->n == 0 || k->n > SCH_NACK_MAX || wire_get16(p + 6) ||
	    n != 8 + (size_t)k->n * 8)
		return -1;
	for (size_t i = 0; i < k->n; i++) {
		k->r[i].from = wire_get32(p + 8 + i * 8);
		k->r[i].to = wire_get32(p + 12 + i * 8);
		/* a range is at most a window long (serial arithmetic) */
		if (k->r[i].to - k->r[i].from >= SCH_WINDOW)
			return -1;
	}
	return 0;
}

size_t
sch_resync_encode(uint8_t *p, size_t cap, const struct sch_resync *r)
{
	if (cap < SCH_RESYNC_LEN)
		return 0;
	p[0] = r->what;
	p[1] = p[2] = p[3] = 0;
	wire_put32(p + 4, r->target);
	wire_put32(p + 8, r->req_id);
	wire_put32(p + 12, r->count);
	wire_put32(p + 16, r->ms);
	return SCH_RESYNC_LEN;
}

int
sch_resync_decode(const uint8_t *p, size_t n, struct sch_resync *r)
{
	if (n != SCH_RESYNC_LEN ||
	    (p[0] != SCH_WHAT_CT && p[0] != SCH_WHAT_IPVS) || p[1] || p[2] ||
	    p[3])
		return -1;
	r->what = p[0];
	r->target = wire_get32(p + 4);
	r->req_id = wire_get32(p + 8);
	r->count = wire_get32(p + 12);
	r->ms = wire_get32(p + 16);
	return 0;
}

/* ---- conntrack entries ------------------------------------------- */

static size_t
alen(uint8_t family)
{
	return family == 6 ? 16 : 4;
}

size_t
sch_ct_len(const struct sch_ct *e)
{
	return SCH_CT_FIXED + 4 * alen(e->family);
}

size_t
sch_ct_encode(uint8_t *p, size_t cap, const struct sch_ct *e)
{
	size_t n = sch_ct_len(e), a = alen(e->family);

	if (cap < n)
		return 0;
	p[0] = e->op;
	p[1] = e->family;
	p[2] = e->proto;
	p[3] = e->tcp_state;
	wire_put32(p + 4, e->status);
	wire_put32(p + 8, e->timeout);
	wire_put32(p + 12, e->mark);
	wire_put16(p + 16, e->zone);
	wire_put16(p + 18, e->icmp_id);
	wire_put16(p + 20, e->orig_sport);
	wire_put16(p + 22, e->orig_dport);
	wire_put16(p + 24, e->repl_sport);
	wire_put16(p + 26, e->repl_dport);
	p[28] = e->icmp_type;
	p[29] = e->icmp_code;
	p[30] = e->wscale_orig;
	p[31] = e->wscale_repl;
	p[32] = e->flags_orig;
	p[33] = e->flags_repl;
	wire_put16(p + 34, 0);
	memcpy(p + 36, e->orig_src.b, a);
	memcpy(p + 36 + a, e->orig_dst.b, a);
	memcpy(p + 36 + 2 * a, e->repl_src.b, a);
	memcpy(p + 36 + 3 * a, e->repl_dst.b, a);
	return n;
}

static int
ct_one(const uint8_t *p, size_t n, struct sch_ct *e)
{
	size_t a;

	memset(e, 0, sizeof(*e));
	if (n < SCH_CT_FIXED)
		return -1;
	e->op = p[0];
	e->family = p[1];
	if (e->op < SCH_CT_NEW || e->op > SCH_CT_DUMP ||
	    (e->family != 4 && e->family != 6) || wire_get16(p + 34))
		return -1;
	a = alen(e->family);
	if (n < SCH_CT_FIXED + 4 * a)
		return -1;
	e->proto = p[2];
	e->tcp_state = p[3];
	e->status = wire_get32(p + 4);
	e->timeout = wire_get32(p + 8);
	e->mark = wire_get32(p + 12);
	e->zone = wire_get16(p + 16);
	e->icmp_id = wire_get16(p + 18);
	e->orig_sport = wire_get16(p + 20);
	e->orig_dport = wire_get16(p + 22);
	e->repl_sport = wire_get16(p + 24);
	e->repl_dport = wire_get16(p + 26);
	e->icmp_type = p[28];
	e->icmp_code = p[29];
	e->wscale_orig = p[30];
	e->wscale_repl = p[31];
	e->flags_orig = p[32];
	e->flags_repl = p[33];
	memcpy(e->orig_src.b, p + 36, a);
	memcpy(e->orig_dst.b, p + 36 + a, a);
	memcpy(e->repl_src.b, p + 36 + 2 * a, a);
	memcpy(e->repl_dst.b, p + 36 + 3 * a, a);
	return 0;
}

int
sch_ct_decode(const uint8_t *p, size_t n,
	      void (*cb)(void *arg, const struct sch_ct *e), void *arg,
	      size_t *at)
{
	size_t off = 0;

	while (off < n) {
		struct sch_ct e;

		if (ct_one(p + off, n - off, &e) < 0) {
			*at = off;
			return -1;
		}
		cb(arg, &e);
		off += sch_ct_len(&e);
	}
	return 0;
}
