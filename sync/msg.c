// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's IPVS sync messages: decoder and counters (msg.h). The
 * checks are the backup thread's (ip_vs_process_message and
 * ip_vs_proc_sync_conn in net/netfilter/ipvs/ip_vs_sync.c), so what is
 * reported malformed here is what the backup kernel drops.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <linux/ip_vs.h>

#include "core/runtime/wire.h"
#include "sync/msg.h"

#define V0_HDR 4
#define V1_HDR 8
#define V0_CONN 24
#define SEQ_OPTS 24 /* two struct ip_vs_seq: init_seq, delta, prev_delta */
#define V1_FIXED 24 /* before the addresses */
#define V1_CONN4 (V1_FIXED + 3 * 4)
#define V1_CONN6 (V1_FIXED + 3 * 16)
#define STYPE_F_INET6 0x1
#define SVER_SHIFT 12
#define SVER_MASK 0x0fff
#define OPT_SEQ_DATA 1
#define OPT_PE_DATA 2
#define OPT_PE_NAME 3
#define OPT_F_PARAM 0x40 /* 1 << (IPVS_OPT_PARAM - 1): optional */

struct dec {
	const uint8_t *buf;
	size_t len;
	const char *why;
	size_t at;
};

static int
bad(struct dec *d, const char *why, size_t at)
{
	d->why = why;
	/* an entry's padding can point past the end: say "at the end" then */
	d->at = at > d->len ? d->len : at;
	return -1;
}

/* ---- v0 ---- */

static int
decode_v0(struct dec *d, struct sync_msg *m, sync_conn_fn fn, void *arg)
{
	size_t p = V0_HDR;

	m->version = 0;
	m->nconns = d->buf[0];
	for (unsigned i = 0; i < m->nconns; i++) {
		struct sync_conn c = {.af = AF_INET};
		const uint8_t *s = d->buf + p;

		if (p + V0_CONN > d->len)
			return bad(d, "v0 entry beyond the message", p);
		c.protocol = s[1];
		c.cport = wire_get16(s + 2);
		c.vport = wire_get16(s + 4);
		c.dport = wire_get16(s + 6);
		memcpy(&c.caddr.v4, s + 8, 4);
		memcpy(&c.vaddr.v4, s + 12, 4);
		memcpy(&c.daddr.v4, s + 16, 4);
		c.flags = wire_get16(s + 20);
		c.state = wire_get16(s + 22);
		c.seq = (c.flags & IP_VS_CONN_F_SEQ_MASK) != 0;
		c.template = (c.flags & IP_VS_CONN_F_TEMPLATE) != 0;
		p += V0_CONN + (c.seq ? SEQ_OPTS : 0);
		if (p > d->len)
			return bad(d, "v0 sequence options beyond the message",
				   p - SEQ_OPTS);
		m->templates += c.template;
		if (fn)
			fn(arg, &c);
	}
	return 0;
}

/* ---- v1 ---- */

/* The options of an entry from p to end. */
static int
options(struct dec *d, struct sync_msg *m, struct sync_conn *c, size_t p,
	size_t end)
{
	unsigned seen = 0;

	while (p < end) {
		unsigned type, plen;

		if (p + 2 > end)
			return bad(d, "option header beyond the entry", p);
		type = d->buf[p] & ~OPT_F_PARAM;
		plen = d->buf[p + 1];
		if (!plen || p + 2 + plen > end)
			return bad(d, "option length 0 or beyond the entry", p);
		if (type == OPT_SEQ_DATA && plen != SEQ_OPTS)
			return bad(d, "sequence option of a wrong length", p);
		if (type == OPT_PE_NAME && plen > IP_VS_PENAME_MAXLEN)
			return bad(d, "persistence engine name too long", p);
		if (type >= OPT_SEQ_DATA && type <= OPT_PE_NAME) {
			if (seen & (1u << type))
				return bad(d, "option given twice", p);
			seen |= 1u << type;
		} else if (!(d->buf[p] & OPT_F_PARAM)) {
			m->unknown_opts++; /* the kernel skips the entry */
		}
		p += 2 + plen;
	}
	c->seq = (seen & (1u << OPT_SEQ_DATA)) != 0;
	return 0;
}

static void
fixed_v1(const uint8_t *s, struct sync_conn *c)
{
	size_t alen = c->af == AF_INET6 ? 16 : 4;

	c->protocol = s[1];
	c->flags = wire_get32(s + 4);
	c->state = wire_get16(s + 8);
	c->cport = wire_get16(s + 10);
	c->vport = wire_get16(s + 12);
	c->dport = wire_get16(s + 14);
	c->fwmark = wire_get32(s + 16);
	c->timeout = wire_get32(s + 20);
	memcpy(&c->caddr, s + V1_FIXED, alen);
	memcpy(&c->vaddr, s + V1_FIXED + alen, alen);
	memcpy(&c->daddr, s + V1_FIXED + 2 * alen, alen);
	c->template = (c->flags & IP_VS_CONN_F_TEMPLATE) != 0;
}

/* The entry at p: its end (unaligned) through *end. */
static int
entry_v1(struct dec *d, struct sync_msg *m, size_t p, size_t *end,
	 sync_conn_fn fn, void *arg)
{
	struct sync_conn c = {0};
	const uint8_t *s = d->buf + p;
	unsigned vs, size, fixed;

	if (p + V1_CONN4 > d->len)
		return bad(d, "entry beyond the message", p);
	vs = wire_get16(s + 2);
	size = vs & SVER_MASK;
	*end = p + size;
	if (*end > d->len)
		return bad(d, "entry size beyond the message", p + 2);
	if (vs >> SVER_SHIFT)
		return bad(d, "unknown entry version", p + 2);
	if (s[0] & STYPE_F_INET6)
		c.af = AF_INET6;
	else if (!s[0])
		c.af = AF_INET;
	else
		return bad(d, "unknown entry type", p);
	fixed = c.af == AF_INET6 ? V1_CONN6 : V1_CONN4;
	if (size < fixed)
		return bad(d, "entry shorter than its addresses", p + 2);
	fixed_v1(s, &c);
	if (options(d, m, &c, p + fixed, *end) < 0)
		return -1;
	m->templates += c.template;
	m->v6 += c.af == AF_INET6;
	if (fn)
		fn(arg, &c);
	return 0;
}

static int
decode_v1(struct dec *d, struct sync_msg *m, sync_conn_fn fn, void *arg)
{
	size_t p = V1_HDR;

	m->version = 1;
	m->nconns = d->buf[4];
	for (unsigned i = 0; i < m->nconns; i++) {
		size_t end;

		if (entry_v1(d, m, p, &end, fn, arg) < 0)
			return -1;
		p += ((end - p) + 3) & ~(size_t)3; /* 32-bit alignment */
	}
	return 0;
}

int
sync_msg_decode(const uint8_t *buf, size_t len, struct sync_msg *m,
		sync_conn_fn fn, void *arg, const char **why, size_t *at)
{
	struct dec d = {buf, len, NULL, 0};
	int rc;

	memset(m, 0, sizeof(*m));
	if (len < V0_HDR)
		rc = bad(&d, "shorter than a header", 0);
	else if (wire_get16(buf + 2) != len)
		rc = bad(&d, "size field is not the datagram's length", 2);
	else if (len >= V1_HDR && !buf[0] && buf[5] == 1 &&
		 !wire_get16(buf + 6))
		rc = decode_v1(&d, m, fn, arg);
	else
		rc = decode_v0(&d, m, fn, arg);
	m->syncid = buf && len >= 2 ? buf[1] : 0;
	m->size = (uint16_t)len;
	*why = d.why;
	*at = d.at;
	return rc;
}

/* ---- counters ---- */

/* The bucket of second `sec`, emptied when it last held an older one. */
static unsigned
bucket(struct sync_counts *c, uint64_t sec)
{
	unsigned b = (unsigned)(sec % SYNC_RATE_WINDOW);

	if (c->sec[b] != sec) {
		c->sec[b] = sec;
		c->sec_msgs[b] = c->sec_conns[b] = 0;
	}
	return b;
}

void
sync_counts_add(struct sync_counts *c, uint64_t now_us,
		const struct ipaddr *from, const uint8_t *buf, size_t len)
{
	struct sync_msg m;
	const char *why;
	size_t at;
	unsigned b;

	c->bytes += len;
	if (sync_msg_decode(buf, len, &m, NULL, NULL, &why, &at) < 0) {
		c->malformed++;
		c->last_error_us = now_us;
		snprintf(c->last_error, sizeof(c->last_error),
			 "%s at byte %zu of %zu", why, at, len);
		return;
	}
	b = bucket(c, now_us / 1000000 + 1);
	c->msgs++;
	c->conns += m.nconns;
	c->templates += m.templates;
	c->v6_conns += m.v6;
	c->v0_msgs += m.version == 0;
	c->v1_msgs += m.version == 1;
	c->last_us = now_us;
	c->last_syncid = m.syncid;
	c->last_version = m.version;
	if (from)
		c->last_from = *from;
	c->sec_msgs[b]++;
	c->sec_conns[b] += m.nconns;
}

void
sync_counts_rates(const struct sync_counts *c, uint64_t now_us,
		  double *msgs_per_s, double *conns_per_s)
{
	uint64_t now = now_us / 1000000 + 1, msgs = 0, conns = 0;

	/* the whole seconds before the current one */
	for (unsigned i = 0; i < SYNC_RATE_WINDOW; i++)
		if (c->sec[i] && c->sec[i] < now &&
		    c->sec[i] + SYNC_RATE_WINDOW >= now) {
			msgs += c->sec_msgs[i];
			conns += c->sec_conns[i];
		}
	*msgs_per_s = (double)msgs / SYNC_RATE_WINDOW;
	*conns_per_s = (double)conns / SYNC_RATE_WINDOW;
}
