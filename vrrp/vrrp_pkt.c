// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP packet codec; see vrrp_pkt.h. */
#include "config.h"

#include <netinet/in.h>
#include <string.h>

#include "core/runtime/wire.h"
#include "vrrp/vrrp_csum.h"
#include "vrrp/vrrp_pkt.h"

#define IP4_HDR_LEN 20

static const char *const pkt_errors[VRRP_PKT_E_MAX] = {
	[VRRP_PKT_OK] = "ok",
	[VRRP_PKT_E_SHORT] = "truncated",
	[VRRP_PKT_E_IPHDR] = "bad-ip-header",
	[VRRP_PKT_E_PROTO] = "bad-protocol",
	[VRRP_PKT_E_AH] = "bad-ah-header",
	[VRRP_PKT_E_VERSION] = "bad-version",
	[VRRP_PKT_E_TYPE] = "bad-type",
	[VRRP_PKT_E_LENGTH] = "bad-length",
	[VRRP_PKT_E_CHECKSUM] = "bad-checksum",
	[VRRP_PKT_E_AUTHTYPE] = "bad-auth-type",
	[VRRP_PKT_E_SPACE] = "no-space",
	[VRRP_PKT_E_INVAL] = "invalid",
};

const char *
vrrp_pkt_strerror(enum vrrp_pkt_err e)
{
	return e < VRRP_PKT_E_MAX ? pkt_errors[e] : "?";
}

static size_t
msg_len_of(int family, uint8_t version, uint8_t naddr)
{
	return VRRP_HDR_LEN + (size_t)naddr * ipaddr_len(family) +
	       (version == 2 ? VRRP_AUTH_DATA_LEN : 0);
}

/* The VRRP header fields, before anything is validated but their presence. */
static void
read_header(const uint8_t *m, struct vrrp_pkt *p)
{
	p->version = m[0] >> 4;
	p->type = m[0] & 0x0f;
	p->vrid = m[1];
	p->priority = m[2];
	p->naddr = m[3];
	if (p->version == 2) {
		p->auth_type = m[4];
		p->adver_int_cs = (uint16_t)(m[5] * 100u);
	} else {
		p->auth_type = VRRP_AUTH_NONE;
		p->adver_int_cs = wire_get16(m + 4) & VRRP_V3_INT_MASK;
	}
	p->hdr_ok = true;
}

/* The sum the checksum must make zero, for the message (and trailer). */
static uint32_t
csum_base(const struct vrrp_pkt *p, size_t covered, unsigned flags,
	  const struct ipaddr *csum_dst)
{
	if (p->version == 2)
		return 0;
	if (p->family == AF_INET && (flags & VRRP_PKT_F_NO_PSEUDO4))
		return 0;
	return vrrp_csum_pseudo(&p->src, csum_dst ? csum_dst : &p->dst, covered,
				VRRP_PROTO);
}

/* Checks common to both families once the message is located. */
static enum vrrp_pkt_err
parse_msg(const uint8_t *m, size_t avail, unsigned flags,
	  const struct ipaddr *csum_dst, struct vrrp_pkt *p)
{
	size_t need, covered;

	if (avail < VRRP_HDR_LEN)
		return VRRP_PKT_E_SHORT;
	read_header(m, p);
	if ((p->version != 2 && p->version != 3) ||
	    (p->version == 2 && p->family != AF_INET))
		return VRRP_PKT_E_VERSION;
	if (p->type != VRRP_TYPE_ADVERT)
		return VRRP_PKT_E_TYPE;
	need = msg_len_of(p->family, p->version, p->naddr);
	if (avail == need + VRRP_HMAC_TRAILER_LEN)
		p->has_hmac = true;
	else if (avail != need)
		return avail < need ? VRRP_PKT_E_SHORT : VRRP_PKT_E_LENGTH;
	p->msg = m;
	p->msg_len = need;
	p->addrs = m + VRRP_HDR_LEN;
	if (p->version == 2) {
		p->auth_data = m + need - VRRP_AUTH_DATA_LEN;
		if (p->auth_type > VRRP_AUTH_AH ||
		    (p->auth_type == VRRP_AUTH_AH) != p->has_ah)
			return VRRP_PKT_E_AUTHTYPE;
	} else if (p->has_ah) {
		return VRRP_PKT_E_AUTHTYPE;
	}
	covered = (p->family == AF_INET6) ? avail : need;
	if (wire_csum_fold(wire_csum_add(csum_base(p, covered, flags, csum_dst),
					 m, covered)) != 0)
		return VRRP_PKT_E_CHECKSUM;
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_err
parse_ah(const uint8_t *a, size_t avail, struct vrrp_pkt *p)
{
	if (avail < VRRP_AH_LEN)
		return VRRP_PKT_E_SHORT;
	if (a[0] != VRRP_PROTO || a[1] != VRRP_AH_PLEN)
		return VRRP_PKT_E_AH;
	p->has_ah = true;
	p->ah_spi = wire_get32(a + 4);
	p->ah_seq = wire_get32(a + 8);
	p->ah_icv = a + 12;
	return VRRP_PKT_OK;
}

enum vrrp_pkt_err
vrrp_pkt_parse4(const uint8_t *buf, size_t len, unsigned flags,
		struct vrrp_pkt *p)
{
	return vrrp_pkt_parse4_csum(buf, len, flags, NULL, p);
}

enum vrrp_pkt_err
vrrp_pkt_parse4_csum(const uint8_t *buf, size_t len, unsigned flags,
		     const struct ipaddr *csum_dst, struct vrrp_pkt *p)
{
	size_t ihl, tot, off;
	enum vrrp_pkt_err e;

	memset(p, 0, sizeof(*p));
	p->family = AF_INET;
	if (len < IP4_HDR_LEN)
		return VRRP_PKT_E_SHORT;
	ihl = (size_t)(buf[0] & 0x0f) * 4;
	tot = wire_get16(buf + 2);
	if ((buf[0] >> 4) != 4 || ihl < IP4_HDR_LEN || ihl > len)
		return VRRP_PKT_E_IPHDR;
	if (tot != len)
		return tot > len ? VRRP_PKT_E_SHORT : VRRP_PKT_E_LENGTH;
	/* VRRP is never fragmented: MF set or an offset means trouble. */
	if (wire_get16(buf + 6) & 0x3fff)
		return VRRP_PKT_E_IPHDR;
	p->ttl = buf[8];
	ipaddr_from_bytes(&p->src, AF_INET, buf + 12);
	ipaddr_from_bytes(&p->dst, AF_INET, buf + 16);
	p->dgram = buf;
	p->dgram_len = len;
	off = ihl;
	if (buf[9] == IPPROTO_AH) {
		e = parse_ah(buf + off, len - off, p);
		if (e)
			return e;
		off += VRRP_AH_LEN;
	} else if (buf[9] != VRRP_PROTO) {
		return VRRP_PKT_E_PROTO;
	}
	return parse_msg(buf + off, len - off, flags, csum_dst, p);
}

enum vrrp_pkt_err
vrrp_pkt_parse6(const uint8_t *buf, size_t len, const struct ipaddr *src,
		const struct ipaddr *dst, uint8_t hoplimit, unsigned flags,
		struct vrrp_pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET6;
	p->ttl = hoplimit;
	p->src = *src;
	p->dst = *dst;
	if (src->family != AF_INET6 || dst->family != AF_INET6)
		return VRRP_PKT_E_IPHDR;
	return parse_msg(buf, len, flags, NULL, p);
}

void
vrrp_pkt_addr(const struct vrrp_pkt *p, unsigned i, struct ipaddr *out)
{
	ipaddr_from_bytes(out, p->family,
			  p->addrs + (size_t)i * ipaddr_len(p->family));
}

/* ---- building ---- */

static bool
interval_ok(const struct vrrp_pkt_tx *tx)
{
	if (tx->version == 3)
		return tx->adver_int_cs &&
		       !(tx->adver_int_cs & ~VRRP_V3_INT_MASK);
	return tx->adver_int_cs && tx->adver_int_cs % 100 == 0 &&
	       tx->adver_int_cs / 100 <= 255;
}

static enum vrrp_pkt_err
check_tx(const struct vrrp_pkt_tx *tx)
{
	int fam = tx->src.family;

	if ((fam != AF_INET && fam != AF_INET6) || tx->dst.family != fam ||
	    tx->naddr > VRRP_MAX_ADDRS || !interval_ok(tx))
		return VRRP_PKT_E_INVAL;
	if (tx->version == 3 ? tx->auth_type != VRRP_AUTH_NONE
			     : tx->version != 2 || fam != AF_INET ||
				       tx->auth_type > VRRP_AUTH_AH)
		return VRRP_PKT_E_INVAL;
	for (size_t i = 0; i < tx->naddr; i++)
		if (tx->addrs[i].family != fam)
			return VRRP_PKT_E_INVAL;
	return VRRP_PKT_OK;
}

static void
build_ip4(const struct vrrp_pkt_tx *tx, uint8_t *b, size_t total)
{
	memset(b, 0, IP4_HDR_LEN);
	b[0] = 0x45;
	b[1] = VRRP_TOS;
	wire_put16(b + 2, (uint16_t)total);
	wire_put16(b + 4, tx->ip_id);
	b[8] = tx->unicast_ttl_set ? tx->unicast_ttl : VRRP_TTL;
	b[9] = tx->auth_type == VRRP_AUTH_AH ? IPPROTO_AH : VRRP_PROTO;
	memcpy(b + 12, tx->src.u.b, 4);
	memcpy(b + 16, tx->dst.u.b, 4);
	wire_put16(b + 10, wire_csum_fold(wire_csum_add(0, b, IP4_HDR_LEN)));
}

static void
build_msg(const struct vrrp_pkt_tx *tx, uint8_t *m, size_t mlen)
{
	size_t alen = ipaddr_len(tx->src.family);

	memset(m, 0, mlen);
	m[0] = (uint8_t)(tx->version << 4 | VRRP_TYPE_ADVERT);
	m[1] = tx->vrid;
	m[2] = tx->priority;
	m[3] = (uint8_t)tx->naddr;
	if (tx->version == 2) {
		m[4] = tx->auth_type;
		m[5] = (uint8_t)(tx->adver_int_cs / 100);
		if (tx->auth_type == VRRP_AUTH_PASS)
			memcpy(m + mlen - VRRP_AUTH_DATA_LEN, tx->auth_data,
			       VRRP_AUTH_DATA_LEN);
	} else {
		wire_put16(m + 4, tx->adver_int_cs);
	}
	for (size_t i = 0; i < tx->naddr; i++)
		memcpy(m + VRRP_HDR_LEN + i * alen, tx->addrs[i].u.b, alen);
}

static void
fill_csum(const struct vrrp_pkt_tx *tx, uint8_t *m, size_t covered)
{
	uint32_t sum = 0;

	if (tx->version == 3 &&
	    !(tx->src.family == AF_INET && (tx->flags & VRRP_PKT_F_NO_PSEUDO4)))
		sum = vrrp_csum_pseudo(&tx->src,
				       tx->csum_dst ? tx->csum_dst : &tx->dst,
				       covered, VRRP_PROTO);
	wire_put16(m + 6, 0);
	wire_put16(m + 6, wire_csum_fold(wire_csum_add(sum, m, covered)));
}

static void
build_ah(const struct vrrp_pkt_tx *tx, uint8_t *a)
{
	memset(a, 0, VRRP_AH_LEN);
	a[0] = VRRP_PROTO;
	a[1] = VRRP_AH_PLEN;
	memcpy(a + 4, tx->src.u.b, 4); /* SPI: the sender, as keepalived */
	wire_put32(a + 8, tx->ah_seq);
}

enum vrrp_pkt_err
vrrp_pkt_build(const struct vrrp_pkt_tx *tx, uint8_t *buf, size_t size,
	       size_t *len)
{
	bool v4 = tx->src.family == AF_INET;
	bool ah = tx->auth_type == VRRP_AUTH_AH;
	size_t mlen, off, total;
	enum vrrp_pkt_err e = check_tx(tx);

	if (e)
		return e;
	mlen = msg_len_of(tx->src.family, tx->version, (uint8_t)tx->naddr);
	off = (v4 ? IP4_HDR_LEN : 0) + (ah ? VRRP_AH_LEN : 0);
	total = off + mlen + (tx->hmac ? VRRP_HMAC_TRAILER_LEN : 0);
	if (total > size)
		return VRRP_PKT_E_SPACE;
	if (v4)
		build_ip4(tx, buf, total);
	if (ah)
		build_ah(tx, buf + IP4_HDR_LEN);
	build_msg(tx, buf + off, mlen);
	if (tx->hmac &&
	    vrrp_hmac_sign(tx->hmac, buf + off, mlen, tx->src.family,
			   tx->version, tx->vrid, &tx->src, tx->hmac_seq) < 0)
		return VRRP_PKT_E_INVAL;
	fill_csum(tx, buf + off, v4 ? mlen : total);
	if (ah && vrrp_ah_icv(tx->auth_data, buf, total, tx->ah_zero_ttl,
			      buf + IP4_HDR_LEN + 12) < 0)
		return VRRP_PKT_E_INVAL;
	*len = total;
	return VRRP_PKT_OK;
}
