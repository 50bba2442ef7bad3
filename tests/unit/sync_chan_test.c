// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigil's sync channel codec (sync/chan.h): every message type round trip
 * (encode, decode, compare), each reason a datagram is dropped, and the
 * replay guard's windows (time, sequence, senders).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/runtime/wire.h"
#include "sync/chan.h"

static const struct sch_key key = {.b = "secret", .len = 6};
static const struct sch_key other = {.b = "secreT", .len = 6};
static uint8_t buf[SCH_MAX_LEN];

static struct sch_hdr
hdr(uint8_t type, uint32_t seq)
{
	return (struct sch_hdr){.type = type,
				.syncid = 5,
				.sender = 0x1234,
				.seq = seq,
				.ts_ms = 1000000};
}

static void
test_header_round_trip(void **st)
{
	struct sch_hdr h = hdr(SCH_ALIVE, 42), d;
	uint8_t pl[SCH_ALIVE_LEN];
	struct sch_alive a = {.last_seq = 41, .entries = 7}, b;
	const uint8_t *p;
	size_t plen, at, n;
	enum sch_drop why;

	(void)st;
	assert_int_equal(sch_alive_encode(pl, sizeof(pl), &a), SCH_ALIVE_LEN);
	n = sch_encode(buf, sizeof(buf), &h, pl, sizeof(pl), &key);
	assert_int_equal(n, SCH_OVERHEAD + SCH_ALIVE_LEN);
	assert_int_equal(sch_decode(buf, n, &key, &d, &p, &plen, &why, &at), 0);
	assert_int_equal(d.type, SCH_ALIVE);
	assert_int_equal(d.version, SCH_VERSION);
	assert_int_equal(d.len, n);
	assert_int_equal(d.syncid, 5);
	assert_int_equal(d.sender, 0x1234);
	assert_int_equal(d.seq, 42);
	assert_true(d.ts_ms == 1000000);
	assert_int_equal(sch_alive_decode(p, plen, &b), 0);
	assert_int_equal(b.last_seq, 41);
	assert_int_equal(b.entries, 7);
	assert_int_equal(sch_alive_decode(p, plen - 1, &b), -1);
	/* no room */
	assert_int_equal(sch_encode(buf, n - 1, &h, pl, sizeof(pl), &key), 0);
}

static enum sch_drop
why_of(const uint8_t *b, size_t n, const struct sch_key *k, size_t *at)
{
	struct sch_hdr h;
	const uint8_t *p;
	size_t plen;
	enum sch_drop why = SCH_DROP_NONE;

	if (sch_decode(b, n, k, &h, &p, &plen, &why, at) == 0)
		return SCH_DROP_NONE;
	assert_int_not_equal(why, SCH_DROP_NONE);
	return why;
}

static void
test_drops(void **st)
{
	struct sch_hdr h = hdr(SCH_RESYNC_REQ, 1);
	uint8_t pl[SCH_RESYNC_LEN];
	struct sch_resync r = {.what = SCH_WHAT_CT, .req_id = 9};
	size_t n, at;

	(void)st;
	sch_resync_encode(pl, sizeof(pl), &r);
	n = sch_encode(buf, sizeof(buf), &h, pl, sizeof(pl), &key);
	assert_int_equal(why_of(buf, n, &key, &at), SCH_DROP_NONE);
	assert_int_equal(why_of(buf, SCH_OVERHEAD - 1, &key, &at),
			 SCH_DROP_SHORT);
	assert_int_equal(why_of(buf, n, &other, &at), SCH_DROP_MAC);
	assert_int_equal(at, n - SCH_MAC_LEN);
	assert_int_equal(why_of(buf, n - 1, &key, &at), SCH_DROP_LENGTH);
	assert_int_equal(at, 8);
	buf[30] ^= 1; /* the timestamp: forged */
	assert_int_equal(why_of(buf, n, &key, &at), SCH_DROP_MAC);
	buf[30] ^= 1;
	buf[n - 1] ^= 0x80; /* the MAC itself */
	assert_int_equal(why_of(buf, n, &key, &at), SCH_DROP_MAC);
	buf[n - 1] ^= 0x80;
	buf[0] = 'X';
	assert_int_equal(why_of(buf, n, &key, &at), SCH_DROP_MAGIC);
	n = sch_encode(buf, sizeof(buf), &h, pl, sizeof(pl), &key);
	buf[4] = 2;
	assert_int_equal(why_of(buf, n, &key, &at), SCH_DROP_VERSION);
	assert_int_equal(at, 4);
	h.type = 12; /* signed, but unknown */
	n = sch_encode(buf, sizeof(buf), &h, pl, sizeof(pl), &key);
	assert_int_equal(why_of(buf, n, &key, &at), SCH_DROP_TYPE);
	assert_string_equal(sch_drop_name(SCH_DROP_REPLAY), "replay");
}

static void
test_resync_nack(void **st)
{
	struct sch_resync r = {.what = SCH_WHAT_IPVS,
			       .target = 3,
			       .req_id = 4,
			       .count = 100000,
			       .ms = 160},
			  d;
	struct sch_nack k = {.target = 8, .n = 2}, e;
	uint8_t p[8 + SCH_NACK_MAX * 8];
	size_t n;

	(void)st;
	n = sch_resync_encode(p, sizeof(p), &r);
	assert_int_equal(sch_resync_decode(p, n, &d), 0);
	assert_int_equal(d.what, SCH_WHAT_IPVS);
	assert_int_equal(d.target, 3);
	assert_int_equal(d.req_id, 4);
	assert_int_equal(d.count, 100000);
	assert_int_equal(d.ms, 160);
	p[0] = 3; /* neither conntrack nor IPVS */
	assert_int_equal(sch_resync_decode(p, n, &d), -1);
	k.r[0].from = 5, k.r[0].to = 9;
	k.r[1].from = 0xfffffff0u, k.r[1].to = 3; /* across the wrap */
	n = sch_nack_encode(p, sizeof(p), &k);
	assert_int_equal(n, 24);
	assert_int_equal(sch_nack_decode(p, n, &e), 0);
	assert_int_equal(e.target, 8);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.r[1].from, 0xfffffff0u);
	assert_int_equal(e.r[1].to, 3);
	assert_int_equal(sch_nack_decode(p, n - 1, &e), -1);
	wire_put32(p + 12, 5 + SCH_WINDOW); /* longer than the window */
	assert_int_equal(sch_nack_decode(p, n, &e), -1);
	k.n = SCH_NACK_MAX + 1;
	assert_int_equal(sch_nack_encode(p, sizeof(p), &k), 0);
}

static void
collect(void *arg, const struct sch_ct *e)
{
	struct sch_ct *out = arg;

	while (out->op)
		out++;
	*out = *e;
}

/* Field by field (the struct has padding), and again on the wire. */
static void
same_ct(const struct sch_ct *x, const struct sch_ct *y)
{
	uint8_t bx[128], by[128];
	size_t n = sch_ct_encode(bx, sizeof(bx), x);

	assert_int_equal(x->op, y->op);
	assert_int_equal(x->family, y->family);
	assert_int_equal(x->proto, y->proto);
	assert_int_equal(x->status, y->status);
	assert_int_equal(x->timeout, y->timeout);
	assert_int_equal(x->orig_sport, y->orig_sport);
	assert_int_equal(x->repl_sport, y->repl_sport);
	assert_int_equal(x->icmp_id, y->icmp_id);
	assert_int_equal(x->wscale_repl, y->wscale_repl);
	assert_memory_equal(x->orig_src.b, y->orig_src.b, 16);
	assert_memory_equal(x->repl_dst.b, y->repl_dst.b, 16);
	assert_int_equal(n, sch_ct_encode(by, sizeof(by), y));
	assert_memory_equal(bx, by, n);
}

static void
test_ct_round_trip(void **st)
{
	struct sch_ct a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a = (struct sch_ct){.op = SCH_CT_NEW,
			    .family = 4,
			    .proto = 6,
			    .tcp_state = 3,
			    .status = 0x1ae,
			    .timeout = 431999,
			    .mark = 7,
			    .zone = 2,
			    .orig_sport = 40000,
			    .orig_dport = 80,
			    .repl_sport = 8080,
			    .repl_dport = 40000,
			    .wscale_orig = 7,
			    .wscale_repl = 9,
			    .flags_orig = 0x23,
			    .flags_repl = 0x22};
	b = (struct sch_ct){.op = SCH_CT_DESTROY,
			    .family = 6,
			    .proto = 58,
			    .icmp_type = 128,
			    .icmp_code = 0,
			    .icmp_id = 99};
	struct sch_ct out[3];
	uint8_t p[256];
	size_t n = 0, at = 0;

	(void)st;
	a.orig_src.v4.s_addr = htonl(0x0a000001);
	a.repl_src.v4.s_addr = htonl(0xc0a80002);
	b.orig_src.v6.s6_addr[15] = 1;
	b.repl_dst.v6.s6_addr[0] = 0xfe;
	assert_int_equal(sch_ct_len(&a), SCH_CT_FIXED + 16);
	assert_int_equal(sch_ct_len(&b), SCH_CT_FIXED + 64);
	n += sch_ct_encode(p + n, sizeof(p) - n, &a);
	n += sch_ct_encode(p + n, sizeof(p) - n, &b);
	assert_int_equal(n, 2 * SCH_CT_FIXED + 80);
	assert_int_equal(sch_ct_encode(p, 10, &a), 0);
	memset(out, 0, sizeof(out));
	assert_int_equal(sch_ct_decode(p, n, collect, out, &at), 0);
	same_ct(&out[0], &a);
	same_ct(&out[1], &b);
	/* a cut entry, a bad family, a bad op: where */
	memset(out, 0, sizeof(out));
	assert_int_equal(sch_ct_decode(p, n - 1, collect, out, &at), -1);
	assert_int_equal(at, SCH_CT_FIXED + 16);
	assert_int_equal(out[0].op, SCH_CT_NEW);
	p[1] = 5;
	assert_int_equal(sch_ct_decode(p, n, collect, out, &at), -1);
	assert_int_equal(at, 0);
	p[1] = 4;
	p[0] = 0;
	assert_int_equal(sch_ct_decode(p, n, collect, out, &at), -1);
}

static void
test_guard(void **st)
{
	struct sch_guard g;
	struct sch_hdr h = hdr(SCH_CT, 100);
	enum sch_drop why;

	(void)st;
	sch_guard_init(&g, 5, 0x9999, 30000);
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), -1);
	assert_int_equal(why, SCH_DROP_REPLAY);
	/* a gap, then the late one fills it once */
	h.seq = 105;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	h.seq = 103;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), -1);
	assert_int_equal(why, SCH_DROP_REPLAY);
	/* far ahead: the old ones fall out of the window */
	h.seq = 105 + SCH_WINDOW + 10;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	h.seq = 104;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), -1);
	assert_int_equal(why, SCH_DROP_TOO_OLD);
	h.seq = 105 + SCH_WINDOW + 9; /* inside, never seen */
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	/* time, sync id, self */
	h.seq = 5000;
	assert_int_equal(sch_guard_check(&g, &h, 1000000 + 30001, &why), -1);
	assert_int_equal(why, SCH_DROP_STALE);
	assert_int_equal(sch_guard_check(&g, &h, 1000000 - 30001, &why), -1);
	assert_int_equal(why, SCH_DROP_STALE);
	h.syncid = 6;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), -1);
	assert_int_equal(why, SCH_DROP_SYNCID);
	h.syncid = 5;
	h.sender = 0x9999;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), -1);
	assert_int_equal(why, SCH_DROP_SELF);
	/* another sender has its own sequence */
	h.sender = 0x4321;
	h.seq = 1;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	assert_non_null(sch_guard_sender(&g, 0x4321));
	assert_null(sch_guard_sender(&g, 0x4322));
	/* across the 32-bit wrap */
	h.seq = 0xffffffffu;
	h.sender = 0x77;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	h.seq = 0;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), 0);
	h.seq = 0xffffffffu;
	assert_int_equal(sch_guard_check(&g, &h, 1000000, &why), -1);
	assert_int_equal(why, SCH_DROP_REPLAY);
}

/* More senders than remembered: the one heard longest ago goes. */
static void
test_guard_senders(void **st)
{
	struct sch_guard g;
	struct sch_hdr h = hdr(SCH_CT, 1);
	enum sch_drop why;

	(void)st;
	sch_guard_init(&g, 5, 0, 30000);
	for (uint32_t i = 1; i <= SCH_SENDERS + 1; i++) {
		h.sender = i;
		assert_int_equal(sch_guard_check(&g, &h, 1000000 + i, &why), 0);
	}
	assert_null(sch_guard_sender(&g, 1));
	assert_non_null(sch_guard_sender(&g, 2));
	assert_non_null(sch_guard_sender(&g, SCH_SENDERS + 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_round_trip),
		cmocka_unit_test(test_drops),
		cmocka_unit_test(test_resync_nack),
		cmocka_unit_test(test_ct_round_trip),
		cmocka_unit_test(test_guard),
		cmocka_unit_test(test_guard_senders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
