// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checker config: addresses, hex strings, the JSON reader, and
 * keepalived's inheritance of knobs (checker > real server > virtual
 * server > default, some defaults per checker type).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/conf_json.h"
#include "check/http_regex.h"
#include "check/resolve.h"

static void
test_addr(void **state)
{
	struct chk_addr a, b;
	char buf[CHK_ADDR_STRLEN];

	(void)state;
	assert_int_equal(chk_addr_parse_hostport(&a, "10.1.2.3:8080"), 0);
	assert_string_equal(chk_addr_fmt(&a, buf, sizeof(buf)),
			    "10.1.2.3:8080");
	assert_int_equal(chk_addr_parse_hostport(&a, "[fd00::1]:443"), 0);
	assert_string_equal(chk_addr_fmt(&a, buf, sizeof(buf)),
			    "[fd00::1]:443");
	assert_int_equal(chk_addr_parse_hostport(&b, "fd00::1"), 0);
	assert_int_equal(chk_addr_port(&b), 0);
	assert_true(chk_addr_equal(&a, &b, false));
	assert_false(chk_addr_equal(&a, &b, true));
	assert_int_equal(chk_addr_parse_hostport(&a, "10.1.2.3:99999"), -1);
	assert_int_equal(chk_addr_parse_hostport(&a, "host:80"), -1);
	assert_int_equal(chk_addr_parse_hostport(&a, "[fd00::1"), -1);
}

static void
test_hex(void **state)
{
	uint8_t *b = NULL, *m = NULL;

	(void)state;
	/* The example of keepalived.conf(5). */
	assert_int_equal(chk_hex_parse("Ab12f 3 456 546443123", &b, NULL), 11);
	assert_memory_equal(b, "\xab\x12\x0f\x03\x45\x06\x54\x64\x43\x12\x03",
			    11);
	free(b);
	assert_int_equal(chk_hex_parse("0aXx 1x", &b, &m), 3);
	assert_memory_equal(b, "\x0a\x00\x10", 3);
	assert_memory_equal(m, "\xff\x00\xf0", 3);
	free(b);
	free(m);
	assert_int_equal(chk_hex_parse("xx", &b, NULL), -1);
	assert_int_equal(chk_hex_parse("0g", &b, NULL), -1);
}

static const char good[] =
	"{ \"ssl\": { \"ca\": \"/etc/ca.pem\" },"
	"  \"virtual_servers\": [ {"
	"    \"name\": \"web\", \"delay_loop\": 2, \"retry\": 4,"
	"    \"quorum\": 2, \"hysteresis\": 1, \"alpha\": true,"
	"    \"virtualhost\": \"vs.example\", \"sorry_server\": "
	"\"10.0.0.9:80\","
	"    \"real_servers\": [ {"
	"      \"address\": \"10.0.0.1\", \"port\": 80, \"weight\": 3,"
	"      \"connect_timeout\": 0.5,"
	"      \"checks\": ["
	"        { \"checker\": \"HTTP_GET\", \"retry\": 1,"
	"          \"url\": [ { \"path\": \"/a\","
	"                       \"status_code\": \"200-299 301 503\","
	"                       \"digest\": "
	"\"9b3a0c85a887a256d6939da88aabd8cd\" },"
	"                     { \"path\": \"/b\", \"virtualhost\": "
	"\"b.example\","
	"                       \"regex\": \"ok\", \"regex_options\": "
	"\"caseless\" } ] },"
	"        { \"checker\": \"DNS_CHECK\", \"type\": \"A\","
	"          \"name\": \"example.com\" },"
	"        { \"checker\": \"UDP_CHECK\", \"connect_port\": 5000,"
	"          \"payload\": \"dead beef\", \"require_reply\": \"dexx\" },"
	"        { \"checker\": \"MISC_CHECK\", \"misc_path\": \"/bin/true\","
	"          \"misc_dynamic\": true } ] } ] } ] }";

static void
test_json(void **state)
{
	char err[256] = "";
	struct chk_conf *c = chk_conf_from_json(good, err, sizeof(err));
	struct chk_rs_conf *rs;
	struct chk_url *u;

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->ssl.ca, "/etc/ca.pem");
	assert_int_equal(c->nvs, 1);
	assert_int_equal(c->vs[0].knobs.delay_loop, EV_SEC(2));
	assert_int_equal(c->vs[0].quorum, 2);
	assert_true(c->vs[0].has_sorry);
	rs = &c->vs[0].rs[0];
	assert_int_equal(chk_addr_port(&rs->addr), 80);
	assert_int_equal(rs->weight, 3);
	assert_int_equal(rs->knobs.connect_timeout, EV_MSEC(500));
	assert_int_equal(rs->nchecks, 4);
	assert_int_equal(rs->checks[0].u.http.nurls, 2);
	u = &rs->checks[0].u.http.urls[0];
	assert_int_equal(u->nstatus, 3);
	assert_int_equal(u->status[0].lo, 200);
	assert_int_equal(u->status[0].hi, 299);
	assert_int_equal(u->status[2].lo, 503);
	assert_true(u->has_digest);
	assert_int_equal(u->digest[0], 0x9b);
	assert_int_equal(rs->checks[0].u.http.urls[1].regex_flags, PCRE2_CASELESS);
	assert_int_equal(rs->checks[2].u.udp.payload_len, 4);
	assert_true(rs->checks[2].u.udp.require_reply);
	assert_int_equal(rs->checks[2].u.udp.reply_len, 2);
	assert_true(rs->checks[3].u.misc.dynamic);
	assert_int_equal(chk_conf_validate(c, err, sizeof(err)), 0);
	chk_conf_free(c);
}

static void
test_json_errors(void **state)
{
	static const char *const bad[] = {
		"{ \"virtual_servers\": [ { \"name\": \"x\", \"delay_lop\": 1 "
		"} ] }",
		"{ \"virtual_servers\": [ { \"real_servers\": [] } ] }",
		"{ \"virtual_servers\": [ { \"name\": \"x\", \"real_servers\":"
		"  [ { \"address\": \"nope\" } ] } ] }",
		"{ \"virtual_servers\": [ { \"name\": \"x\", \"real_servers\":"
		"  [ { \"address\": \"10.0.0.1:80\", \"checks\":"
		"    [ { \"checker\": \"FOO_CHECK\" } ] } ] } ] }",
		"{ \"virtual_servers\": [ { \"name\": \"x\", \"real_servers\":"
		"  [ { \"address\": \"10.0.0.1:80\", \"checks\":"
		"    [ { \"checker\": \"HTTP_GET\", \"url\": { \"path\": \"/\","
		"        \"status_code\": \"600-500\" } } ] } ] } ] }",
		"{ \"virtual_servers\": [ { \"name\": \"x\", \"retry\": -1 } ] "
		"}",
		"[ 1, 2 ",
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_null(chk_conf_from_json(bad[i], err, sizeof(err)));
		assert_true(strlen(err) > 0);
	}
	assert_null(chk_conf_from_json(bad[0], err, sizeof(err)));
	assert_non_null(strstr(err, "delay_lop"));
}

static void
test_resolve(void **state)
{
	char err[256] = "";
	struct chk_conf *c = chk_conf_from_json(good, err, sizeof(err));
	struct chk_vs_conf *vs = &c->vs[0];
	struct chk_rs_conf *rs = &vs->rs[0];
	struct chk_probe_conf out, out2;
	const struct probe_ops *http = chk_probe_registry[CHK_HTTP];
	const struct probe_ops *dns = chk_probe_registry[CHK_DNS];
	const struct probe_ops *misc = chk_probe_registry[CHK_MISC];

	(void)state;
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[0], http, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.knobs.retry, 1);			   /* checker */
	assert_int_equal(out.knobs.connect_timeout, EV_MSEC(500)); /* rs */
	assert_int_equal(out.knobs.delay_loop, EV_SEC(2));	   /* vs */
	assert_int_equal(out.knobs.warmup, EV_SEC(2));		   /* = delay */
	assert_int_equal(out.knobs.delay_before_retry, EV_SEC(3)); /* HTTP */
	assert_int_equal(out.knobs.alpha, 1);
	assert_string_equal(out.u.http.urls[0].virtualhost, "vs.example");
	assert_string_equal(out.u.http.urls[1].virtualhost, "b.example");
	assert_int_equal(chk_addr_port(&out.target.connect_ip), 80);
	/* A resolved copy equals itself and hashes the same. */
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[0], http, &out2,
					   err, sizeof(err)),
			 0);
	assert_true(chk_probe_conf_equal(http, &out, &out2));
	assert_true(chk_probe_conf_hash(http, &out) ==
		    chk_probe_conf_hash(http, &out2));
	out2.u.http.urls[1].regex_flags = 0;
	assert_false(chk_probe_conf_equal(http, &out, &out2));
	chk_probe_conf_release(http, &out);
	chk_probe_conf_release(http, &out2);

	/* DNS_CHECK: retry from the VS (4) beats the type default (3). */
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[1], dns, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.knobs.retry, 4);
	assert_int_equal(out.knobs.delay_before_retry, EV_SEC(2));
	chk_probe_conf_release(dns, &out);
	vs->knobs.retry = -1;
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[1], dns, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.knobs.retry, 3);
	chk_probe_conf_release(dns, &out);
	/* MISC_CHECK: retry 0, misc_timeout = delay_loop, no port. */
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[3], misc, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.knobs.retry, 0);
	assert_int_equal(out.u.misc.timeout, EV_SEC(2));
	assert_int_equal(chk_addr_port(&out.target.connect_ip), 0);
	chk_probe_conf_release(misc, &out);
	chk_conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
