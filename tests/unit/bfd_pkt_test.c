// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD control packet codec (bfd/pkt.h): bytes from RFC 5880 §4.1's
 * layout, a round trip of every field, each drop of §6.8.6. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bfd/pkt.h"

/* Version 1, diag 3, state Up, P, mult 5, length 24, my 0x01020304,
 * your 0x0a0b0c0d, tx 300 ms, rx 10 ms, echo 0. */
static const uint8_t up_poll[BFD_PKT_LEN] = {
	0x23, 0xe0, 0x05, 0x18, 0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d,
	0x00, 0x04, 0x93, 0xe0, 0x00, 0x00, 0x27, 0x10, 0x00, 0x00, 0x00, 0x00,
};

static void
test_decode_fields(void **state)
{
	struct bfd_pkt p;

	(void)state;
	assert_int_equal(bfd_pkt_decode(up_poll, sizeof(up_poll), &p), BFD_OK);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.diag, BFD_DIAG_NEIGHBOR_DOWN);
	assert_int_equal(p.state, BFD_UP);
	assert_true(p.poll);
	assert_false(p.final);
	assert_int_equal(p.mult, 5);
	assert_int_equal(p.my_discr, 0x01020304);
	assert_int_equal(p.your_discr, 0x0a0b0c0d);
	assert_int_equal(p.min_tx, 300000);
	assert_int_equal(p.min_rx, 10000);
	assert_int_equal(p.min_echo_rx, 0);
}

static void
test_round_trip(void **state)
{
	struct bfd_pkt p, q;
	uint8_t buf[BFD_PKT_LEN];

	(void)state;
	assert_int_equal(bfd_pkt_decode(up_poll, sizeof(up_poll), &p), BFD_OK);
	assert_int_equal(bfd_pkt_encode(&p, buf), BFD_PKT_LEN);
	assert_memory_equal(buf, up_poll, BFD_PKT_LEN);
	p.poll = false;
	p.final = true;
	p.state = BFD_INIT;
	p.diag = BFD_DIAG_DETECT_EXPIRED;
	bfd_pkt_encode(&p, buf);
	assert_int_equal(bfd_pkt_decode(buf, sizeof(buf), &q), BFD_OK);
	assert_true(q.final);
	assert_false(q.poll);
	assert_int_equal(q.state, BFD_INIT);
	assert_int_equal(q.diag, BFD_DIAG_DETECT_EXPIRED);
	assert_int_equal(buf[1], 0x90); /* Init, F */
}

/* Each check of RFC 5880 §6.8.6 that needs no session. */
static void
test_drops(void **state)
{
	uint8_t b[BFD_PKT_LEN + 8];
	struct bfd_pkt p;

	(void)state;
	assert_int_equal(bfd_pkt_decode(up_poll, 23, &p), BFD_E_SHORT);
#define TRY(byte, val, err)                                                    \
	do {                                                                   \
		memcpy(b, up_poll, BFD_PKT_LEN);                               \
		b[byte] = (val);                                               \
		assert_int_equal(bfd_pkt_decode(b, BFD_PKT_LEN, &p), err);     \
	} while (0)
	TRY(0, 0x43, BFD_E_VERSION);	/* version 2 */
	TRY(3, 23, BFD_E_LENGTH);	/* below 24 */
	TRY(3, 25, BFD_E_LENGTH);	/* past the datagram */
	TRY(2, 0, BFD_E_MULT);		/* multiplier 0 */
	TRY(1, 0xc1, BFD_E_MULTIPOINT); /* M */
	TRY(1, 0xc4, BFD_E_LENGTH);	/* A: at least 26 */
#undef TRY
	memcpy(b, up_poll, BFD_PKT_LEN);
	memset(b + 4, 0, 4);
	assert_int_equal(bfd_pkt_decode(b, BFD_PKT_LEN, &p), BFD_E_MY_DISCR);
	memcpy(b, up_poll, BFD_PKT_LEN);
	memset(b + 8, 0, 4);
	assert_int_equal(bfd_pkt_decode(b, BFD_PKT_LEN, &p), BFD_E_YOUR_DISCR);
	b[1] = 0x40; /* Down: your discriminator 0 is allowed */
	assert_int_equal(bfd_pkt_decode(b, BFD_PKT_LEN, &p), BFD_OK);
	b[1] = 0x00; /* AdminDown too */
	assert_int_equal(bfd_pkt_decode(b, BFD_PKT_LEN, &p), BFD_OK);
	memcpy(b, up_poll, BFD_PKT_LEN);
	b[1] = 0xc4; /* A with an authentication section: none in use */
	b[3] = 32;
	memset(b + 24, 1, 8);
	assert_int_equal(bfd_pkt_decode(b, 32, &p), BFD_E_AUTH);
	/* bytes past the length field are not the packet's */
	memcpy(b, up_poll, BFD_PKT_LEN);
	assert_int_equal(bfd_pkt_decode(b, BFD_PKT_LEN + 8, &p), BFD_OK);
}

/* keepalived's rule: at most max_hops below what this side sends (GTSM
 * with 255), any with 255; a TTL the kernel did not give passes. */
static void
test_ttl(void **state)
{
	(void)state;
	assert_true(bfd_ttl_ok(255, 255, 0));
	assert_false(bfd_ttl_ok(254, 255, 0));
	assert_true(bfd_ttl_ok(254, 255, 1));
	assert_false(bfd_ttl_ok(253, 255, 1));
	assert_true(bfd_ttl_ok(1, 255, 255));
	assert_true(bfd_ttl_ok(64, 64, 0)); /* IPv6's default hoplimit */
	assert_false(bfd_ttl_ok(63, 64, 0));
	assert_true(bfd_ttl_ok(255, 64, 0));
	assert_true(bfd_ttl_ok(-1, 255, 0));
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(bfd_state_name(BFD_UP), "Up");
	assert_string_equal(bfd_state_name(BFD_ADMIN_DOWN), "AdminDown");
	assert_string_equal(bfd_state_name(4), "?");
	assert_string_equal(bfd_diag_name(BFD_DIAG_DETECT_EXPIRED),
			    "detect-expired");
	assert_string_equal(bfd_diag_name(31), "?");
	assert_string_equal(bfd_pkt_err_name(BFD_E_YOUR_DISCR),
			    "your-discriminator");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_fields),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_drops),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
