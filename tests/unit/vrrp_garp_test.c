// SPDX-License-Identifier: GPL-2.0-or-later
/* Gratuitous ARP and unsolicited NA frames, and the virtual MAC. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp/vrrp_csum.h"
#include "vrrp/vrrp_garp.h"

static const uint8_t mac[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};

static void
test_garp(void **state)
{
	/* As keepalived sends it: a broadcast ARP request for the VIP. */
	static const uint8_t want[VRRP_GARP_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x11, 0x22,
		0x33, 0x44, 0x55, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00,
		0x06, 0x04, 0x00, 0x01, 0x02, 0x11, 0x22, 0x33, 0x44,
		0x55, 0x0a, 0x09, 0x00, 0x64, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0x0a, 0x09, 0x00, 0x64,
	};
	uint8_t f[64];
	struct ipaddr ip;

	(void)state;
	ipaddr_parse("10.9.0.100", &ip);
	assert_int_equal(vrrp_garp_build(f, sizeof(f), mac, &ip), 42);
	assert_memory_equal(f, want, sizeof(want));
	assert_int_equal(vrrp_garp_build(f, 41, mac, &ip), 0);
	ipaddr_parse("fd00::1", &ip);
	assert_int_equal(vrrp_garp_build(f, sizeof(f), mac, &ip), 0);
}

static void
test_na(void **state)
{
	uint8_t f[128];
	struct ipaddr t, dst;
	uint32_t sum;

	(void)state;
	ipaddr_parse("fd00::100", &t);
	ipaddr_parse("ff02::1", &dst);
	assert_int_equal(vrrp_na_build(f, sizeof(f), mac, &t, false),
			 VRRP_NA_LEN);
	assert_memory_equal(f, "\x33\x33\x00\x00\x00\x01", 6);
	assert_int_equal(f[12] << 8 | f[13], 0x86dd);
	assert_int_equal(f[14 + 7], 255);	    /* hop limit */
	assert_memory_equal(f + 14 + 8, t.u.b, 16); /* from the VIP */
	assert_int_equal(f[54], 136);		    /* NA */
	assert_int_equal(f[58], 0x20);		    /* Override only */
	assert_memory_equal(f + 62, t.u.b, 16);
	assert_int_equal(f[78], 2); /* target link-layer address */
	assert_memory_equal(f + 80, mac, 6);
	/* The ICMPv6 checksum verifies. */
	sum = vrrp_csum_pseudo(&t, &dst, 32, 58);
	assert_int_equal(wire_csum_fold(wire_csum_add(sum, f + 54, 32)), 0);
	assert_int_equal(vrrp_na_build(f, sizeof(f), mac, &t, true),
			 VRRP_NA_LEN);
	assert_int_equal(f[58], 0xa0); /* Router and Override */
	assert_int_equal(vrrp_na_build(f, 80, mac, &t, false), 0);
}

static void
test_vmac(void **state)
{
	uint8_t m[6];

	(void)state;
	vrrp_vmac(m, AF_INET, 51);
	assert_memory_equal(m, "\x00\x00\x5e\x00\x01\x33", 6);
	vrrp_vmac(m, AF_INET6, 7);
	assert_memory_equal(m, "\x00\x00\x5e\x00\x02\x07", 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_garp),
		cmocka_unit_test(test_na),
		cmocka_unit_test(test_vmac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
