// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VRRP codec: round trips for every version, family and authentication,
 * wire images captured from keepalived 2.2.7, the auth_hmac test vectors,
 * and every parse error.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp/vrrp_pkt.h"

static size_t
unhex(const char *hex, uint8_t *out, size_t size)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < size; hex += 2) {
		unsigned v;

		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static struct ipaddr
ip(const char *s)
{
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(s, &a), 0);
	return a;
}

/* ---- keepalived 2.2.7 wire images (vrid 51, prio 100, VIP 10.9.0.100) -- */

static void
test_keepalived_v2_pass(void **state)
{
	uint8_t b[128];
	size_t n = unhex("45c0002800010000ff70d0880a090001e0000012213364010101"
			 "01df0a0900647365637265743132",
			 b, sizeof(b));
	struct vrrp_pkt p;
	struct ipaddr a;

	(void)state;
	assert_int_equal(vrrp_pkt_parse4(b, n, 0, &p), VRRP_PKT_OK);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.vrid, 51);
	assert_int_equal(p.priority, 100);
	assert_int_equal(p.naddr, 1);
	assert_int_equal(p.auth_type, VRRP_AUTH_PASS);
	assert_int_equal(p.adver_int_cs, 100);
	assert_int_equal(p.ttl, 255);
	assert_memory_equal(p.auth_data, "secret12", 8);
	vrrp_pkt_addr(&p, 0, &a);
	assert_true(ipaddr_eq(&a, &(struct ipaddr){.family = AF_INET,
						   .u.b = {10, 9, 0, 100}}));
}

static void
test_keepalived_v2_ah(void **state)
{
	uint8_t b[128], icv[VRRP_AH_ICV_LEN], key[8] = "secret12";
	size_t n = unhex("45c0004000010000ff33d0ad0a090001e0000012700400000a09"
			 "0001000000013cce0338b823f9e46755e9d92133640102016e5d"
			 "0a0900640000000000000000",
			 b, sizeof(b));
	struct vrrp_pkt p;

	(void)state;
	assert_int_equal(vrrp_pkt_parse4(b, n, 0, &p), VRRP_PKT_OK);
	assert_true(p.has_ah);
	assert_int_equal(p.auth_type, VRRP_AUTH_AH);
	assert_int_equal(p.ah_seq, 1);
	assert_int_equal(p.ah_spi, 0x0a090001);
	assert_int_equal(vrrp_ah_icv(key, p.dgram, p.dgram_len, false, icv), 0);
	assert_memory_equal(icv, p.ah_icv, VRRP_AH_ICV_LEN);
	key[0] = 'S';
	assert_int_equal(vrrp_ah_icv(key, p.dgram, p.dgram_len, false, icv), 0);
	assert_memory_not_equal(icv, p.ah_icv, VRRP_AH_ICV_LEN);
}

static void
test_keepalived_v3(void **state)
{
	static const char *const v4[] = {
		/* multicast, then unicast to 10.9.0.2 */
		"45c0002000010000ff70d0900a090001e000001231336401006475610a0900"
		"64",
		"45c0002000010000ff70a6980a0900010a0900023133640100644b690a0900"
		"64",
	};
	uint8_t b[128];
	struct vrrp_pkt p;

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		size_t n = unhex(v4[i], b, sizeof(b));

		assert_int_equal(vrrp_pkt_parse4(b, n, 0, &p), VRRP_PKT_OK);
		assert_int_equal(p.version, 3);
		assert_int_equal(p.adver_int_cs, 100);
		/* Without the pseudo header the sum does not hold. */
		assert_int_equal(
			vrrp_pkt_parse4(b, n, VRRP_PKT_F_NO_PSEUDO4, &p),
			VRRP_PKT_E_CHECKSUM);
	}
}

static void
test_keepalived_v3_ipv6(void **state)
{
	uint8_t b[128];
	size_t n = unhex("3133640100645e51fd000000000000000000000000000100", b,
			 sizeof(b));
	struct ipaddr src = ip("fe80::64b9:b9ff:fe3c:f300"),
		      dst = ip("ff02::12");
	struct vrrp_pkt p;

	(void)state;
	assert_int_equal(vrrp_pkt_parse6(b, n, &src, &dst, 255, 0, &p),
			 VRRP_PKT_OK);
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.naddr, 1);
	dst = ip("ff02::1");
	assert_int_equal(vrrp_pkt_parse6(b, n, &src, &dst, 255, 0, &p),
			 VRRP_PKT_E_CHECKSUM);
}

/* ---- auth_hmac appendix vectors: key 00..1f, vrid 51, prio 200 ---- */

static void
vector_conf(struct vrrp_hmac_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->enabled = true;
	c->active_key = 1;
	c->nkeys = 1;
	c->keys[0].id = 1;
	c->keys[0].len = 32;
	for (unsigned i = 0; i < 32; i++)
		c->keys[0].data[i] = (uint8_t)i;
}

static void
test_hmac_vectors(void **state)
{
	struct vrrp_hmac_conf c;
	struct vrrp_hmac_replay st;
	uint8_t b[64];
	size_t n;
	struct ipaddr s4 = ip("198.51.100.10"), s6 = ip("fe80::10");

	(void)state;
	vector_conf(&c);
	memset(&st, 0, sizeof(st));
	n = unhex("3133c80100644402c0000264010100006800000080000000"
		  "1b84bc4e8e43892dc6d98448f8ee2265",
		  b, sizeof(b));
	assert_int_equal(n, 12 + 28);
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 12, AF_INET, 3, 51, &s4, 0),
		VRRP_HMAC_OK);
	/* The same image again is a replay. */
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 12, AF_INET, 3, 51, &s4, 0),
		VRRP_HMAC_REPLAY);
	n = unhex("3133c8010064a2e9fe800000000000000000000000000100"
		  "010100006800000080000000c8c56146ebfd66ee10ec4d8186461b78",
		  b, sizeof(b));
	assert_int_equal(n, 24 + 28);
	memset(&st, 0, sizeof(st));
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, 0),
		VRRP_HMAC_OK);
	/* The checksum is outside the MAC; the priority, vrid, source are in. */
	memset(&st, 0, sizeof(st));
	b[6] ^= 1;
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, 0),
		VRRP_HMAC_OK);
	memset(&st, 0, sizeof(st));
	b[2] ^= 1;
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, 0),
		VRRP_HMAC_BAD_MAC);
	b[2] ^= 1;
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 52, &s6, 0),
		VRRP_HMAC_BAD_MAC);
	s6 = ip("fe80::20");
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, 0),
		VRRP_HMAC_BAD_MAC);
	b[24 + 1] = 9;
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, 0),
		VRRP_HMAC_UNKNOWN_KEY);
	b[24 + 2] = 1;
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, 0),
		VRRP_HMAC_MALFORMED);
}

static void
test_hmac_window_and_seq(void **state)
{
	struct vrrp_hmac_conf c;
	struct vrrp_hmac_replay st;
	uint8_t b[64];
	struct ipaddr s6 = ip("fe80::10");
	uint64_t now = 0x68000000ull;

	(void)state;
	vector_conf(&c);
	c.anti_replay_time = true;
	c.time_window = 5;
	memset(&st, 0, sizeof(st));
	unhex("3133c8010064a2e9fe800000000000000000000000000100"
	      "010100006800000080000000c8c56146ebfd66ee10ec4d8186461b78",
	      b, sizeof(b));
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, now + 6),
		VRRP_HMAC_STALE);
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, now - 6),
		VRRP_HMAC_STALE);
	assert_int_equal(
		vrrp_hmac_verify(&c, &st, b, 24, AF_INET6, 3, 51, &s6, now + 5),
		VRRP_HMAC_OK);
	/* Sender sequence: the clock when ahead, else last + 1. */
	assert_int_equal(vrrp_hmac_next_seq(10, 20, &c), 20);
	assert_int_equal(vrrp_hmac_next_seq(20, 20, &c), 21);
	assert_int_equal(vrrp_hmac_next_seq(21, 5, &c), 22);
	/* Ahead of the clock by more than the window (5 s): restart from
	 * the clock; by the window or less: keep counting. */
	assert_int_equal(vrrp_hmac_next_seq(26ull << 32, 20ull << 32, &c),
			 20ull << 32);
	assert_int_equal(vrrp_hmac_next_seq(25ull << 32, 20ull << 32, &c),
			 (25ull << 32) + 1);
	/* Stranded far ahead of the clock in time mode: restart from it. */
	assert_int_equal(vrrp_hmac_next_seq(100ull << 32, 10ull << 32, &c),
			 10ull << 32);
	c.anti_replay_time = false;
	assert_int_equal(vrrp_hmac_next_seq(100ull << 32, 10ull << 32, &c),
			 (100ull << 32) + 1);
	assert_int_equal(vrrp_hmac_clock_seq(7, 500000000),
			 (7ull << 32) | 0x80000000ull);
}

/* ---- round trips ---- */

struct rt_case {
	const char *name;
	uint8_t version;
	const char *src, *dst;
	uint8_t auth;
	bool hmac;
};

static void
round_trip(const struct rt_case *rc)
{
	struct ipaddr addrs[3];
	struct vrrp_pkt_tx tx = {0};
	struct vrrp_hmac_conf hc;
	struct vrrp_hmac_replay st = {0};
	uint8_t buf[VRRP_PKT_MAX], icv[VRRP_AH_ICV_LEN];
	size_t len = 0;
	struct vrrp_pkt p;
	enum vrrp_pkt_err e;
	bool v6 = strchr(rc->src, ':') != NULL;

	vector_conf(&hc);
	tx.version = rc->version;
	tx.vrid = 7;
	tx.priority = 150;
	tx.adver_int_cs = rc->version == 2 ? 200 : 35;
	tx.src = ip(rc->src);
	tx.dst = ip(rc->dst);
	addrs[0] = ip(v6 ? "2001:db8::1" : "192.0.2.1");
	addrs[1] = ip(v6 ? "2001:db8::2" : "192.0.2.2");
	addrs[2] = ip(v6 ? "fe80::1" : "192.0.2.3");
	tx.addrs = addrs;
	tx.naddr = 3;
	tx.auth_type = rc->auth;
	memcpy(tx.auth_data, "pass", 4);
	tx.ip_id = 9;
	tx.ah_seq = 42;
	tx.hmac = rc->hmac ? &hc : NULL;
	tx.hmac_seq = 1234;
	assert_int_equal(vrrp_pkt_build(&tx, buf, sizeof(buf), &len),
			 VRRP_PKT_OK);
	if (v6)
		e = vrrp_pkt_parse6(buf, len, &tx.src, &tx.dst, 255, 0, &p);
	else
		e = vrrp_pkt_parse4(buf, len, 0, &p);
	print_message("%s: %s\n", rc->name, vrrp_pkt_strerror(e));
	assert_int_equal(e, VRRP_PKT_OK);
	assert_int_equal(p.version, rc->version);
	assert_int_equal(p.vrid, 7);
	assert_int_equal(p.priority, 150);
	assert_int_equal(p.naddr, 3);
	assert_int_equal(p.adver_int_cs, tx.adver_int_cs);
	assert_int_equal(p.auth_type, rc->auth);
	assert_int_equal(p.has_hmac, rc->hmac);
	for (unsigned i = 0; i < 3; i++) {
		struct ipaddr a;

		vrrp_pkt_addr(&p, i, &a);
		assert_true(ipaddr_eq(&a, &addrs[i]));
	}
	if (rc->auth == VRRP_AUTH_PASS)
		assert_true(vrrp_pass_ok(p.auth_data, tx.auth_data));
	if (rc->auth == VRRP_AUTH_AH) {
		assert_int_equal(p.ah_seq, 42);
		assert_int_equal(vrrp_ah_icv(tx.auth_data, p.dgram, p.dgram_len,
					     false, icv),
				 0);
		assert_memory_equal(icv, p.ah_icv, VRRP_AH_ICV_LEN);
	}
	if (rc->hmac)
		assert_int_equal(vrrp_hmac_verify(&hc, &st, p.msg, p.msg_len,
						  p.family, p.version, p.vrid,
						  &p.src, 0),
				 VRRP_HMAC_OK);
	/* Every single-byte truncation is refused, never read past. */
	for (size_t cut = 0; cut < len; cut++) {
		if (v6)
			e = vrrp_pkt_parse6(buf, cut, &tx.src, &tx.dst, 255, 0,
					    &p);
		else
			e = vrrp_pkt_parse4(buf, cut, 0, &p);
		assert_int_not_equal(e, VRRP_PKT_OK);
	}
}

static void
test_round_trips(void **state)
{
	static const struct rt_case cases[] = {
		{"v2 none", 2, "10.0.0.1", "224.0.0.18", VRRP_AUTH_NONE, 0},
		{"v2 pass", 2, "10.0.0.1", "224.0.0.18", VRRP_AUTH_PASS, 0},
		{"v2 ah", 2, "10.0.0.1", "224.0.0.18", VRRP_AUTH_AH, 0},
		{"v2 hmac", 2, "10.0.0.1", "10.0.0.2", VRRP_AUTH_NONE, 1},
		{"v2 pass+hmac", 2, "10.0.0.1", "224.0.0.18", VRRP_AUTH_PASS,
		 1},
		{"v3 ipv4", 3, "10.0.0.1", "224.0.0.18", VRRP_AUTH_NONE, 0},
		{"v3 ipv4 unicast", 3, "10.0.0.1", "10.0.0.2", 0, 0},
		{"v3 ipv4 hmac", 3, "10.0.0.1", "224.0.0.18", 0, 1},
		{"v3 ipv6", 3, "fe80::1", "ff02::12", VRRP_AUTH_NONE, 0},
		{"v3 ipv6 hmac", 3, "fe80::1", "ff02::12", VRRP_AUTH_NONE, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		round_trip(&cases[i]);
}

/* ---- errors ---- */

static size_t
base_v3(uint8_t *buf, size_t size, struct vrrp_pkt_tx *tx, struct ipaddr *addr)
{
	size_t len = 0;

	memset(tx, 0, sizeof(*tx));
	tx->version = 3;
	tx->vrid = 1;
	tx->priority = 100;
	tx->adver_int_cs = 100;
	tx->src = ip("10.0.0.1");
	tx->dst = ip("224.0.0.18");
	*addr = ip("10.0.0.100");
	tx->addrs = addr;
	tx->naddr = 1;
	assert_int_equal(vrrp_pkt_build(tx, buf, size, &len), VRRP_PKT_OK);
	return len;
}

static void
fix_ipsum(uint8_t *b)
{
	uint32_t s;

	b[10] = b[11] = 0;
	s = 0;
	for (int i = 0; i < 20; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	b[10] = (uint8_t)(~s >> 8);
	b[11] = (uint8_t)~s;
}

static void
test_errors(void **state)
{
	uint8_t b[VRRP_PKT_MAX], c[VRRP_PKT_MAX];
	struct vrrp_pkt_tx tx;
	struct ipaddr a;
	struct vrrp_pkt p;
	size_t n = base_v3(b, sizeof(b), &tx, &a);

	(void)state;
	memcpy(c, b, n);
	c[20] = 0x41; /* version 4 */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_VERSION);
	assert_true(p.hdr_ok);
	assert_int_equal(p.vrid, 1);
	memcpy(c, b, n);
	c[20] = 0x32; /* type 2 */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_TYPE);
	memcpy(c, b, n);
	c[26] ^= 0xff; /* checksum */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_CHECKSUM);
	memcpy(c, b, n);
	c[23] = 2; /* two addresses announced, one carried */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_SHORT);
	c[23] = 0; /* none announced, one carried */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_LENGTH);
	memcpy(c, b, n);
	c[9] = 6; /* TCP */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_PROTO);
	memcpy(c, b, n);
	c[6] = 0x20; /* more fragments */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_IPHDR);
	memcpy(c, b, n);
	c[0] = 0x44; /* IHL 16 */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_IPHDR);
	memcpy(c, b, n);
	c[3] += 4; /* total length beyond the buffer */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_SHORT);
	memcpy(c, b, n);
	c[3] -= 4; /* total length short of the datagram: trailing bytes */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_LENGTH);
	memcpy(c, b, n);
	c[0] = 0x4f; /* IHL 60, beyond the 32-byte datagram */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_IPHDR);
	memcpy(c, b, n);
	c[8] = 254;
	fix_ipsum(c);
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_OK);
	assert_int_equal(p.ttl, 254); /* TTL is the instance's check */
	/* v2 with an unknown auth type, and AH claimed without a header. */
	tx.version = 2;
	tx.auth_type = VRRP_AUTH_PASS;
	assert_int_equal(vrrp_pkt_build(&tx, c, sizeof(c), &n), VRRP_PKT_OK);
	c[24] = 3; /* checked before the checksum, which it also breaks */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_AUTHTYPE);
	c[24] = VRRP_AUTH_AH; /* AH claimed, no AH header */
	assert_int_equal(vrrp_pkt_parse4(c, n, 0, &p), VRRP_PKT_E_AUTHTYPE);
	/* Build refuses what cannot be sent. */
	tx.version = 2;
	tx.adver_int_cs = 50;
	assert_int_equal(vrrp_pkt_build(&tx, c, sizeof(c), &n),
			 VRRP_PKT_E_INVAL);
	tx.adver_int_cs = 100;
	tx.src = ip("fe80::1");
	assert_int_equal(vrrp_pkt_build(&tx, c, sizeof(c), &n),
			 VRRP_PKT_E_INVAL);
	tx.src = ip("10.0.0.1");
	assert_int_equal(vrrp_pkt_build(&tx, c, 20, &n), VRRP_PKT_E_SPACE);
	assert_string_equal(vrrp_pkt_strerror(VRRP_PKT_E_CHECKSUM),
			    "bad-checksum");
}

/* unicast_ttl: the IPv4 TTL the builder writes, and what the parser
 * reports of it; without it, 255. */
static void
test_unicast_ttl(void **state)
{
	uint8_t b[VRRP_PKT_MAX];
	struct vrrp_pkt_tx tx;
	struct ipaddr a;
	struct vrrp_pkt p;
	size_t n = base_v3(b, sizeof(b), &tx, &a);

	(void)state;
	assert_int_equal(b[8], VRRP_TTL);
	tx.dst = ip("10.0.0.2");
	tx.unicast_ttl_set = true;
	tx.unicast_ttl = 7;
	assert_int_equal(vrrp_pkt_build(&tx, b, sizeof(b), &n), VRRP_PKT_OK);
	assert_int_equal(b[8], 7);
	assert_int_equal(vrrp_pkt_parse4(b, n, 0, &p), VRRP_PKT_OK);
	assert_int_equal(p.ttl, 7);
}

/* old_unicast_checksum: a unicast advert summed with the multicast group
 * in the pseudo header fails the RFC check and passes the old one. */
static void
test_old_unicast_checksum(void **state)
{
	uint8_t b[VRRP_PKT_MAX];
	struct vrrp_pkt_tx tx;
	struct ipaddr a, group = ip("224.0.0.18");
	struct vrrp_pkt p;
	size_t n = base_v3(b, sizeof(b), &tx, &a);

	(void)state;
	tx.dst = ip("10.0.0.2");
	tx.csum_dst = &group;
	assert_int_equal(vrrp_pkt_build(&tx, b, sizeof(b), &n), VRRP_PKT_OK);
	assert_int_equal(vrrp_pkt_parse4(b, n, 0, &p), VRRP_PKT_E_CHECKSUM);
	assert_int_equal(vrrp_pkt_parse4_csum(b, n, 0, &group, &p),
			 VRRP_PKT_OK);
	tx.csum_dst = NULL;
	assert_int_equal(vrrp_pkt_build(&tx, b, sizeof(b), &n), VRRP_PKT_OK);
	assert_int_equal(vrrp_pkt_parse4(b, n, 0, &p), VRRP_PKT_OK);
	assert_int_equal(vrrp_pkt_parse4_csum(b, n, 0, &group, &p),
			 VRRP_PKT_E_CHECKSUM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keepalived_v2_pass),
		cmocka_unit_test(test_keepalived_v2_ah),
		cmocka_unit_test(test_keepalived_v3),
		cmocka_unit_test(test_keepalived_v3_ipv6),
		cmocka_unit_test(test_hmac_vectors),
		cmocka_unit_test(test_hmac_window_and_seq),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unicast_ttl),
		cmocka_unit_test(test_old_unicast_checksum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
