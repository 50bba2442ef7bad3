// SPDX-License-Identifier: GPL-2.0-or-later
/* Receive-side checks: each bad advertisement bumps its MIB counter. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp/vrrp_rx.h"

static struct vrrp_instance vi;
static struct ipaddr vip, vip2;
static uint8_t buf[VRRP_PKT_MAX];
static struct vrrp_pkt pkt;

static void
setup_instance(uint8_t version, uint8_t auth)
{
	vrrp_instance_conf_clear(&vi.conf);
	memset(&vi, 0, sizeof(vi));
	vrrp_instance_defaults(&vi.conf);
	snprintf(vi.conf.name, sizeof(vi.conf.name), "VI_R");
	vi.conf.version = version;
	vi.conf.vrid = 5;
	vi.conf.auth_type = auth;
	memcpy(vi.conf.auth_pass, "secret", 6);
	ipaddr_parse("192.0.2.10", &vip);
	ipaddr_parse("192.0.2.11", &vip2);
	vi.conf.vips = calloc(1, sizeof(*vi.conf.vips));
	vi.conf.vips[0].addr = vip;
	vi.conf.nvips = 1;
	vi.master_adver_int_cs = 100;
}

/* Build an advert as a peer would, parse it, return the codec's verdict. */
static enum vrrp_pkt_err
peer_advert(uint8_t version, uint8_t prio, uint8_t auth, const char *pass,
	    const struct ipaddr *addrs, size_t n, const char *dst,
	    const struct vrrp_hmac_conf *hmac, uint64_t seq)
{
	struct vrrp_pkt_tx tx = {0};
	size_t len;

	tx.version = version;
	tx.vrid = 5;
	tx.priority = prio;
	tx.adver_int_cs = 100;
	ipaddr_parse("10.0.0.1", &tx.src);
	ipaddr_parse(dst, &tx.dst);
	tx.addrs = addrs;
	tx.naddr = n;
	tx.auth_type = auth;
	memcpy(tx.auth_data, pass, strnlen(pass, sizeof(tx.auth_data)));
	tx.ah_seq = (uint32_t)seq;
	tx.ip_id = 1;
	tx.hmac = hmac;
	tx.hmac_seq = seq;
	assert_int_equal(vrrp_pkt_build(&tx, buf, sizeof(buf), &len),
			 VRRP_PKT_OK);
	return vrrp_pkt_parse4(buf, len, 0, &pkt);
}

#define CHECK(now) vrrp_rx_check(&vi, &pkt, (now), 1000)

static void
test_accept_and_counters(void **state)
{
	(void)state;
	setup_instance(3, VRRP_AUTH_NONE);
	assert_int_equal(
		peer_advert(3, 200, 0, "", &vip, 1, "224.0.0.18", NULL, 0),
		VRRP_PKT_OK);
	assert_null(CHECK(0));
	assert_int_equal(vi.stats.advertise_rcvd, 1);
	peer_advert(3, 0, 0, "", &vip, 1, "224.0.0.18", NULL, 0);
	assert_null(CHECK(0));
	assert_int_equal(vi.stats.priority_zero_pkts_rcvd, 1);
	/* TTL 254 */
	pkt.ttl = 254;
	assert_string_equal(CHECK(0), "ttl-not-255");
	assert_int_equal(vi.stats.ip_ttl_errors, 1);
	/* ...accepted from a unicast peer behind a router if configured. */
	peer_advert(3, 100, 0, "", &vip, 1, "10.0.0.2", NULL, 0);
	pkt.ttl = 60;
	vi.conf.unicast_any_ttl = true;
	assert_null(CHECK(0));
	/* Version */
	peer_advert(2, 100, 0, "", &vip, 1, "224.0.0.18", NULL, 0);
	assert_string_equal(CHECK(0), "version-mismatch");
	assert_int_equal(vi.stats.version_errors, 1);
	/* Address count and list */
	{
		struct ipaddr two[2] = {vip, vip2};

		peer_advert(3, 100, 0, "", two, 2, "224.0.0.18", NULL, 0);
		assert_string_equal(CHECK(0), "address-count-mismatch");
		peer_advert(3, 100, 0, "", &vip2, 1, "224.0.0.18", NULL, 0);
		assert_string_equal(CHECK(0), "address-list-mismatch");
		assert_int_equal(vi.stats.address_list_errors, 2);
	}
	/* Unicast source */
	vi.conf.peers = calloc(1, sizeof(*vi.conf.peers));
	ipaddr_parse("10.0.0.9", &vi.conf.peers[0]);
	vi.conf.npeers = 1;
	vi.conf.check_unicast_src = true;
	peer_advert(3, 100, 0, "", &vip, 1, "10.0.0.2", NULL, 0);
	assert_string_equal(CHECK(0), "source-not-a-peer");
	assert_int_equal(vi.stats.source_errors, 1);
	assert_int_equal(vi.stats.advertise_rcvd, 3);
}

/* skip_check_adv_addr: a BACKUP checks the address list of the master it
 * knows no more; of another sender, and as MASTER, it still does. */
static void
test_skip_check_adv_addr(void **state)
{
	(void)state;
	setup_instance(3, VRRP_AUTH_NONE);
	vi.conf.skip_check_adv_addr = true;
	vi.state = VRRP_STATE_BACKUP;
	peer_advert(3, 100, 0, "", &vip2, 1, "224.0.0.18", NULL, 0);
	assert_string_equal(CHECK(0), "address-list-mismatch");
	vi.master_ip = pkt.src; /* the advert's sender is the known master */
	assert_null(CHECK(0));
	vi.state = VRRP_STATE_MASTER;
	assert_string_equal(CHECK(0), "address-list-mismatch");
	vi.state = VRRP_STATE_BACKUP;
	vi.conf.skip_check_adv_addr = false;
	assert_string_equal(CHECK(0), "address-list-mismatch");
	assert_int_equal(vi.stats.address_list_errors, 3);
}

static void
test_v2_auth(void **state)
{
	(void)state;
	setup_instance(2, VRRP_AUTH_PASS);
	peer_advert(2, 100, VRRP_AUTH_PASS, "secret", &vip, 1, "224.0.0.18",
		    NULL, 0);
	assert_null(CHECK(0));
	peer_advert(2, 100, VRRP_AUTH_PASS, "Secret", &vip, 1, "224.0.0.18",
		    NULL, 0);
	assert_string_equal(CHECK(0), "bad-password");
	assert_int_equal(vi.stats.auth_failures, 1);
	peer_advert(2, 100, VRRP_AUTH_NONE, "", &vip, 1, "224.0.0.18", NULL, 0);
	assert_string_equal(CHECK(0), "auth-type-mismatch");
	assert_int_equal(vi.stats.auth_type_mismatch, 1);
	/* v2 interval must match ours (RFC 3768 §7.1). */
	vi.conf.adver_int_cs = 200;
	peer_advert(2, 100, VRRP_AUTH_PASS, "secret", &vip, 1, "224.0.0.18",
		    NULL, 0);
	assert_string_equal(CHECK(0), "interval-mismatch");
	assert_int_equal(vi.stats.advertise_interval_errors, 1);
}

static void
test_v2_ah(void **state)
{
	(void)state;
	setup_instance(2, VRRP_AUTH_AH);
	assert_int_equal(peer_advert(2, 100, VRRP_AUTH_AH, "secret", &vip, 1,
				     "224.0.0.18", NULL, 10),
			 VRRP_PKT_OK);
	assert_null(CHECK(EV_SEC(1)));
	/* The same sequence again is a replay. */
	assert_string_equal(CHECK(EV_SEC(2)), "ah-replay");
	peer_advert(2, 100, VRRP_AUTH_AH, "secret", &vip, 1, "224.0.0.18", NULL,
		    11);
	assert_null(CHECK(EV_SEC(2)));
	/* A restarted peer (sequence 1) is accepted after a silence longer
	 * than Master_Down_Interval, not before. */
	peer_advert(2, 100, VRRP_AUTH_AH, "secret", &vip, 1, "224.0.0.18", NULL,
		    1);
	assert_string_equal(CHECK(EV_SEC(3)), "ah-replay");
	assert_null(CHECK(EV_SEC(6)));
	/* What we send next goes above what we accepted (keepalived's one
	 * counter for both refuses it otherwise), and never back down */
	vi.ah_seq_tx = 5;
	peer_advert(2, 100, VRRP_AUTH_AH, "secret", &vip, 1, "224.0.0.18", NULL,
		    40);
	assert_null(CHECK(EV_SEC(6)));
	assert_int_equal(vi.ah_seq_tx, 40);
	vi.ah_seq_tx = 100;
	peer_advert(2, 100, VRRP_AUTH_AH, "secret", &vip, 1, "224.0.0.18", NULL,
		    41);
	assert_null(CHECK(EV_SEC(6)));
	assert_int_equal(vi.ah_seq_tx, 100);
	/* Wrong key */
	peer_advert(2, 100, VRRP_AUTH_AH, "other", &vip, 1, "224.0.0.18", NULL,
		    50);
	assert_string_equal(CHECK(EV_SEC(7)), "bad-ah-icv");
	assert_int_equal(vi.stats.auth_failures, 3);
}

static void
test_hmac(void **state)
{
	struct vrrp_hmac_conf h = {0};

	(void)state;
	setup_instance(3, VRRP_AUTH_NONE);
	h.enabled = true;
	h.active_key = 3;
	h.nkeys = 1;
	h.keys[0].id = 3;
	h.keys[0].len = 32;
	memset(h.keys[0].data, 0x42, 32);
	vi.conf.hmac = h;
	peer_advert(3, 100, 0, "", &vip, 1, "224.0.0.18", &h, 7);
	assert_null(CHECK(0));
	assert_string_equal(CHECK(0), "replay");
	/* Enforce: no trailer is a failure; permissive lets it through. */
	peer_advert(3, 100, 0, "", &vip, 1, "224.0.0.18", NULL, 0);
	assert_string_equal(CHECK(0), "missing-trailer");
	vi.conf.hmac.mode = VRRP_HMAC_PERMISSIVE;
	assert_null(CHECK(0));
	/* Another key */
	h.keys[0].data[0] = 0;
	peer_advert(3, 100, 0, "", &vip, 1, "224.0.0.18", &h, 8);
	assert_string_equal(CHECK(0), "bad-mac");
	assert_int_equal(vi.stats.auth_failures, 3);
	/* Without auth_hmac configured a trailer is a length error. */
	vi.conf.hmac.enabled = false;
	assert_string_equal(CHECK(0), "unexpected-hmac-trailer");
	assert_int_equal(vi.stats.packet_length_errors, 1);
}

static void
test_codec_error_counters(void **state)
{
	struct vrrp_stats s;

	(void)state;
	memset(&s, 0, sizeof(s));
	vrrp_rx_count_error(&s, VRRP_PKT_E_VERSION);
	vrrp_rx_count_error(&s, VRRP_PKT_E_TYPE);
	vrrp_rx_count_error(&s, VRRP_PKT_E_CHECKSUM);
	vrrp_rx_count_error(&s, VRRP_PKT_E_AUTHTYPE);
	vrrp_rx_count_error(&s, VRRP_PKT_E_SHORT);
	vrrp_rx_count_error(&s, VRRP_PKT_E_LENGTH);
	assert_int_equal(s.version_errors, 1);
	assert_int_equal(s.invalid_type_pkts_rcvd, 1);
	assert_int_equal(s.checksum_errors, 1);
	assert_int_equal(s.invalid_auth_type, 1);
	assert_int_equal(s.packet_length_errors, 2);
	vrrp_instance_conf_clear(&vi.conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_and_counters),
		cmocka_unit_test(test_skip_check_adv_addr),
		cmocka_unit_test(test_v2_auth),
		cmocka_unit_test(test_v2_ah),
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_codec_error_counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
