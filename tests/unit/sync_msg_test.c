// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IPVS sync message decoder (sync/msg.h) on messages built here as the
 * kernel's master thread builds them, on each way the backup thread would
 * drop one, and the counters and rates.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/ip_vs.h>

#include "core/runtime/wire.h"
#include "sync/msg.h"

static uint8_t msg[2048];
static size_t len;

/* A v1 header; size is set by finish(). */
static void
v1_start(uint8_t syncid)
{
	memset(msg, 0, sizeof(msg));
	msg[1] = syncid;
	msg[5] = 1;
	len = 8;
}

static void
finish(void)
{
	wire_put16(msg + 2, (uint16_t)len);
}

/* A v1 entry at len, with opt_len bytes of options already counted in;
 * returns its start. */
static size_t
v1_conn(int af, uint32_t flags, uint16_t cport, size_t opt_len)
{
	size_t p = len, alen = af == AF_INET6 ? 16 : 4;
	size_t size = 24 + 3 * alen + opt_len;

	msg[4]++;
	msg[p] = af == AF_INET6 ? 1 : 0;
	msg[p + 1] = IPPROTO_TCP;
	wire_put16(msg + p + 2, (uint16_t)size);
	wire_put32(msg + p + 4, flags);
	wire_put16(msg + p + 8, 3); /* IP_VS_TCP_S_ESTABLISHED */
	wire_put16(msg + p + 10, cport);
	wire_put16(msg + p + 12, 80);
	wire_put16(msg + p + 14, 8080);
	wire_put32(msg + p + 20, 900);
	memset(msg + p + 24, 0x0a, alen);	 /* caddr */
	memset(msg + p + 24 + alen, 0xc0, alen); /* vaddr */
	memset(msg + p + 24 + 2 * alen, 0x0b, alen);
	len = p + ((size + 3) & ~(size_t)3);
	return p;
}

static unsigned seen;
static struct sync_conn last;

static void
collect(void *arg, const struct sync_conn *c)
{
	(void)arg;
	seen++;
	last = *c;
}

static int
decode(const char **why, size_t *at)
{
	struct sync_msg m;

	seen = 0;
	finish();
	return sync_msg_decode(msg, len, &m, collect, NULL, why, at);
}

static void
test_v1(void **state)
{
	struct sync_msg m;
	const char *why;
	size_t at, p;

	(void)state;
	v1_start(9);
	v1_conn(AF_INET, IP_VS_CONN_F_MASQ, 40000, 0);
	v1_conn(AF_INET, IP_VS_CONN_F_TEMPLATE, 0, 0);
	p = v1_conn(AF_INET6, 0, 40001, 2 + 24);
	msg[p + 72] = 1; /* sequence option */
	msg[p + 73] = 24;
	finish();
	seen = 0;
	assert_int_equal(
		sync_msg_decode(msg, len, &m, collect, NULL, &why, &at), 0);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.syncid, 9);
	assert_int_equal(m.nconns, 3);
	assert_int_equal(m.templates, 1);
	assert_int_equal(m.v6, 1);
	assert_int_equal(seen, 3);
	assert_int_equal(last.af, AF_INET6);
	assert_int_equal(last.cport, 40001);
	assert_int_equal(last.vport, 80);
	assert_int_equal(last.dport, 8080);
	assert_int_equal(last.timeout, 900);
	assert_int_equal(last.state, 3);
	assert_true(last.seq);
	assert_int_equal(last.daddr.v6.s6_addr[15], 0x0b);
}

static void
test_v0(void **state)
{
	struct sync_msg m;
	const char *why;
	size_t at;

	(void)state;
	memset(msg, 0, sizeof(msg));
	msg[0] = 2; /* nr_conns */
	msg[1] = 4;
	msg[5] = IPPROTO_UDP;
	wire_put16(msg + 6, 5353);
	wire_put16(msg + 4 + 20, IP_VS_CONN_F_OUT_SEQ);
	len = 4 + 24 + 24 + 24;
	finish();
	seen = 0;
	assert_int_equal(
		sync_msg_decode(msg, len, &m, collect, NULL, &why, &at), 0);
	assert_int_equal(m.version, 0);
	assert_int_equal(m.syncid, 4);
	assert_int_equal(seen, 2);
	/* the second entry has no room for the first's sequence options */
	len -= 24;
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "v0 entry beyond the message");
	assert_int_equal(at, 52);
}

/* Each way ip_vs_process_message() drops a v1 message, with where. */
static void
test_v1_malformed(void **state)
{
	const char *why;
	size_t at, p;

	(void)state;
	v1_start(1);
	v1_conn(AF_INET, 0, 1, 0);
	finish();
	assert_int_equal(sync_msg_decode(msg, 3, &(struct sync_msg){0}, NULL,
					 NULL, &why, &at),
			 -1);
	assert_string_equal(why, "shorter than a header");
	assert_int_equal(sync_msg_decode(msg, len - 4, &(struct sync_msg){0},
					 NULL, NULL, &why, &at),
			 -1);
	assert_string_equal(why, "size field is not the datagram's length");
	assert_int_equal(at, 2);

	msg[4] = 2; /* a second entry that is not there */
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "entry beyond the message");
	assert_int_equal(at, 44);
	assert_int_equal(seen,
			 1); /* the first was applied, as the kernel does */

	v1_start(1);
	p = v1_conn(AF_INET, 0, 1, 0);
	msg[p + 2] |= 0x10; /* entry version 1 */
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "unknown entry version");
	msg[p + 2] &= 0x0f;
	msg[p] = 2;
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "unknown entry type");
	msg[p] = 0;
	wire_put16(msg + p + 2, 30);
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "entry shorter than its addresses");
	wire_put16(msg + p + 2, 300);
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "entry size beyond the message");

	v1_start(1);
	p = v1_conn(AF_INET, 0, 1, 4);
	msg[p + 36] = 1; /* sequence option of 2 bytes */
	msg[p + 37] = 2;
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "sequence option of a wrong length");
	assert_int_equal(at, p + 36);
	msg[p + 37] = 0;
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "option length 0 or beyond the entry");
	msg[p + 36] = 2; /* pe data, twice */
	msg[p + 37] = 0;
	v1_start(1);
	p = v1_conn(AF_INET, 0, 1, 6);
	msg[p + 36] = 2;
	msg[p + 37] = 1;
	msg[p + 39] = 2;
	msg[p + 40] = 1;
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "option given twice");
	/* an unknown optional option is fine; an unknown mandatory one
	 * makes the kernel skip the entry, not the message */
	msg[p + 39] = 0x40 | 5;
	assert_int_equal(decode(&why, &at), 0);
	msg[p + 39] = 5;
	assert_int_equal(decode(&why, &at), 0);

	/* a last entry of 39 bytes whose padding the datagram lacks, and a
	 * count that wants one more: the place named is the datagram's end
	 * (found by fuzz_sync_msg) */
	v1_start(1);
	p = v1_conn(AF_INET, 0, 1, 3);
	msg[p + 36] = 0x40 | 5;
	msg[p + 37] = 1;
	msg[4] = 2;
	len = p + 39;
	assert_int_equal(decode(&why, &at), -1);
	assert_string_equal(why, "entry beyond the message");
	assert_int_equal(at, len);
}

static void
test_counts(void **state)
{
	static struct sync_counts c;
	struct ipaddr from = {.family = AF_INET};
	double mps, cps;

	(void)state;
	v1_start(3);
	v1_conn(AF_INET, 0, 1, 0);
	v1_conn(AF_INET, 0, 2, 0);
	finish();
	/* 20 messages over 10 s from t = 100 s, 2 connections each */
	for (unsigned i = 0; i < 20; i++)
		sync_counts_add(&c, 100000000ull + i * 500000ull, &from, msg,
				len);
	sync_counts_add(&c, 109000000ull, &from, msg, 3);
	assert_int_equal(c.msgs, 20);
	assert_int_equal(c.conns, 40);
	assert_int_equal(c.v1_msgs, 20);
	assert_int_equal(c.malformed, 1);
	assert_string_equal(c.last_error,
			    "shorter than a header at byte 0 of 3");
	assert_int_equal(c.last_syncid, 3);
	assert_int_equal(c.last_us, 109500000ull);
	sync_counts_rates(&c, 110000000ull, &mps, &cps);
	assert_true(mps > 1.99 && mps < 2.01);
	assert_true(cps > 3.99 && cps < 4.01);
	/* a minute later nothing is left of them */
	sync_counts_rates(&c, 170000000ull, &mps, &cps);
	assert_true(mps == 0 && cps == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v0),
		cmocka_unit_test(test_v1_malformed),
		cmocka_unit_test(test_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
