// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checker's config as vigild's check child gets it: keepalived text
 * read by the config library and translated by chk_conf_from_model();
 * addresses; the table of check types; hex strings; the errors a bad
 * config gives; and keepalived's inheritance of knobs (checker > real
 * server > virtual server > default, some defaults per checker type), as
 * validation fills the model and as the engine resolves it again.
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

#include "check/conf_check.h"
#include "check/http_regex.h"
#include "check/resolve.h"
#include "check/xlate.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "tests/unit/check_model.h"

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

/* Every checker block and every probe has its row in check/types.c, under
 * the block's name, and the two types map onto each other through it. */
static void
test_types(void **state)
{
	(void)state;
	for (int t = 0; t < CONF_CHECK_MAX; t++) {
		const struct chk_type_info *i = chk_type_of_conf(t);

		assert_non_null(i);
		assert_string_equal(i->name, conf_blk_check[t].name);
		if (i->chk_type >= 0)
			assert_ptr_equal(chk_type_of_engine(i->chk_type), i);
	}
	for (int t = 0; t < CHK_TYPE_MAX; t++) {
		const struct chk_type_info *i = chk_type_of_engine(t);

		assert_non_null(i);
		assert_string_equal(i->name, chk_probe_registry[t]->name);
		assert_string_equal(chk_type_name(t), i->name);
	}
	assert_null(chk_type_of_conf(-1));
	assert_null(chk_type_of_engine(CHK_TYPE_MAX));
}

static struct chk_conf *
xlate(const char *text, struct conf **model)
{
	char err[256] = "";
	struct chk_conf *c;

	*model = chk_test_load(text);
	c = chk_conf_from_model(*model, err, sizeof(err));
	if (!c)
		fail_msg("chk_conf_from_model: %s", err);
	return c;
}

/* keepalived.conf(5)'s HEX_STR: "Ab12f 3 456 546443123" is AB 12 0F 03
 * 45 06 54 64 43 12 03; in require_reply an x is a nibble that matches
 * anything. */
static void
test_hex(void **state)
{
	struct conf *m;
	struct chk_conf *c = xlate("virtual_server fwmark 1 {\n"
				   "  real_server 10.0.0.1 53 {\n"
				   "    UDP_CHECK {\n"
				   "      payload Ab12f 3 456 546443123\n"
				   "      require_reply 0aXx 1x\n"
				   "    }\n"
				   "  }\n"
				   "}\n",
				   &m);
	const struct chk_udp *u = &c->vs[0].rs[0].checks[0].u.udp;

	(void)state;
	assert_int_equal(u->payload_len, 11);
	assert_memory_equal(u->payload,
			    "\xab\x12\x0f\x03\x45\x06\x54\x64\x43\x12\x03", 11);
	assert_true(u->require_reply);
	assert_int_equal(u->reply_len, 3);
	assert_memory_equal(u->reply, "\x0a\x00\x10", 3);
	assert_memory_equal(u->reply_mask, "\xff\x00\xf0", 3);
	chk_conf_free(c);
	conf_free(m);
}

static const char good[] = "SSL {\n"
			   "  ca /etc/ca.pem\n"
			   "}\n"
			   "virtual_server 10.0.0.100 80 { protocol TCP\n"
			   "  delay_loop 2\n"
			   "  retry 4\n"
			   "  quorum 2\n"
			   "  hysteresis 1\n"
			   "  alpha\n"
			   "  virtualhost vs.example\n"
			   "  sorry_server 10.0.0.9 80\n"
			   "  real_server 10.0.0.1 80 {\n"
			   "    weight 3\n"
			   "    connect_timeout 0.5\n"
			   "    HTTP_GET {\n"
			   "      retry 1\n"
			   "      url {\n"
			   "        path /a\n"
			   "        status_code 200-299 301 503\n"
			   "        digest 9b3a0c85a887a256d6939da88aabd8cd\n"
			   "      }\n"
			   "      url {\n"
			   "        path /b\n"
			   "        virtualhost b.example\n"
			   "        regex ok\n"
			   "        regex_options caseless\n"
			   "      }\n"
			   "    }\n"
			   "    DNS_CHECK {\n"
			   "      type A\n"
			   "      name example.com\n"
			   "    }\n"
			   "    UDP_CHECK {\n"
			   "      connect_port 5000\n"
			   "      payload dead beef\n"
			   "      require_reply dexx\n"
			   "    }\n"
			   "    MISC_CHECK {\n"
			   "      misc_path /bin/true\n"
			   "      misc_dynamic\n"
			   "    }\n"
			   "  }\n"
			   "}\n";

static void
test_conf(void **state)
{
	struct conf *m;
	struct chk_conf *c = xlate(good, &m);
	char err[256];
	struct chk_rs_conf *rs;
	struct chk_url *u;

	(void)state;
	assert_string_equal(c->ssl.ca, "/etc/ca.pem");
	assert_int_equal(c->nvs, 1);
	assert_string_equal(c->vs[0].name, "tcp 10.0.0.100:80");
	assert_int_equal(c->vs[0].knobs.delay_loop, EV_SEC(2));
	assert_int_equal(c->vs[0].quorum, 2);
	assert_true(c->vs[0].has_sorry);
	rs = &c->vs[0].rs[0];
	assert_int_equal(chk_addr_port(&rs->addr), 80);
	assert_int_equal(rs->weight, 3);
	assert_int_equal(rs->knobs.connect_timeout, EV_MSEC(500));
	assert_int_equal(rs->nchecks, 4);
	assert_int_equal(rs->checks[0].type, CHK_HTTP);
	assert_int_equal(rs->checks[0].u.http.nurls, 2);
	u = &rs->checks[0].u.http.urls[0];
	assert_int_equal(u->nstatus, 3);
	assert_int_equal(u->status[0].lo, 200);
	assert_int_equal(u->status[0].hi, 299);
	assert_int_equal(u->status[1].lo, 301);
	assert_int_equal(u->status[1].hi, 301);
	assert_int_equal(u->status[2].lo, 503);
	assert_true(u->has_digest);
	assert_int_equal(u->digest[0], 0x9b);
	assert_int_equal(rs->checks[0].u.http.urls[1].regex_flags,
			 PCRE2_CASELESS);
	assert_int_equal(rs->checks[1].type, CHK_DNS);
	assert_int_equal(rs->checks[1].u.dns.type, 1);
	assert_string_equal(rs->checks[1].u.dns.name, "example.com");
	assert_int_equal(rs->checks[2].u.udp.payload_len, 4);
	assert_true(rs->checks[2].u.udp.require_reply);
	assert_int_equal(rs->checks[2].u.udp.reply_len, 2);
	assert_true(rs->checks[3].u.misc.dynamic);
	assert_int_equal(chk_conf_validate(c, err, sizeof(err)), 0);
	chk_conf_free(c);
	conf_free(m);
}

/* The first error of text, as checktest reports it: "FILE:LINE: MSG";
 * or the first warning, "FILE:LINE: warning: MSG", when there is none. */
static char *
first_error(const char *text)
{
	struct conf_diags d;
	char *snap = NULL, *msg = NULL;
	size_t len = 0;
	struct conf *c;

	conf_diags_init(&d);
	conf_preprocess_buffer("bad.conf", text, strlen(text), NULL, &snap,
			       &len, &d);
	c = conf_parse(snap, len, NULL, &d);
	conf_validate(c, NULL, &d);
	for (size_t i = 0; i < d.n && !msg; i++)
		if (d.v[i].severity == CONF_ERROR &&
		    asprintf(&msg, "%s:%d: %s", d.v[i].file, d.v[i].line,
			     d.v[i].msg) < 0)
			msg = NULL;
	for (size_t i = 0; i < d.n && !msg; i++)
		if (d.v[i].severity == CONF_WARNING &&
		    asprintf(&msg, "%s:%d: warning: %s", d.v[i].file,
			     d.v[i].line, d.v[i].msg) < 0)
			msg = NULL;
	conf_free(c);
	free(snap);
	conf_diags_free(&d);
	return msg;
}

static void
test_conf_errors(void **state)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"virtual_server 10.0.0.1 80 { protocol TCP\n  delay_lop 1\n}\n",
		 "bad.conf:2: warning: unknown keyword 'delay_lop' in "
		 "virtual_server: ignored"},
		{"virtual_server 10.0.0.1 80 { protocol TCP\n  real_server nope 80 {\n"
		 "  }\n}\n",
		 "bad.conf:2: warning: real_server 'nope' is not a valid IP "
		 "address: the block is ignored"},
		{"virtual_server 10.0.0.1 80 { protocol TCP\n  real_server 10.0.0.2 80 {\n"
		 "    FOO_CHECK {\n    }\n  }\n}\n",
		 "bad.conf:3: warning: unknown keyword 'FOO_CHECK' in "
		 "real_server: ignored"},
		{"virtual_server 10.0.0.1 80 { protocol TCP\n  real_server 10.0.0.2 80 {\n"
		 "    HTTP_GET {\n      url {\n        path /\n"
		 "        status_code 600-500\n      }\n    }\n  }\n}\n",
		 "bad.conf:6: warning: status_code 600 out of range 100-599: "
		 "ignored"},
		{"virtual_server 10.0.0.1 80 { protocol TCP\n  retry -1\n}\n",
		 "bad.conf:2: warning: retry -1 out of range 0-1000000: "
		 "ignored"},
		{"virtual_server 10.0.0.1 80 { protocol TCP\n  real_server 10.0.0.2 {\n"
		 "    TCP_CHECK {\n    }\n  }\n}\n",
		 NULL}, /* the real server takes the service's port */
		{"virtual_server fwmark 1 {\n  real_server 10.0.0.2 {\n"
		 "    TCP_CHECK {\n    }\n  }\n}\n",
		 "bad.conf:3: TCP_CHECK has no port to connect to (the real "
		 "server has none): set connect_port"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *got = first_error(bad[i].text);

		if (!bad[i].want && got)
			fail_msg("config %zu: unexpected %s", i, got);
		if (bad[i].want && (!got || strcmp(got, bad[i].want)))
			fail_msg("config %zu: got '%s', want '%s'", i,
				 got ? got : "no error", bad[i].want);
		free(got);
	}
}

static void
test_resolve(void **state)
{
	char err[256] = "";
	struct conf *m;
	struct chk_conf *c = xlate(good, &m);
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

	/* DNS_CHECK: retry from the VS (4) beats the type default (3), which
	 * waits a delay_loop before a retry. */
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[1], dns, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.knobs.retry, 4);
	assert_int_equal(out.knobs.delay_before_retry, EV_SEC(2));
	chk_probe_conf_release(dns, &out);
	/* MISC_CHECK: the VS's retry too; misc_timeout = delay_loop, no
	 * port. */
	assert_int_equal(chk_probe_resolve(vs, rs, &rs->checks[3], misc, &out,
					   err, sizeof(err)),
			 0);
	assert_int_equal(out.knobs.retry, 4);
	assert_int_equal(out.u.misc.timeout, EV_SEC(2));
	assert_int_equal(chk_addr_port(&out.target.connect_ip), 0);
	chk_probe_conf_release(misc, &out);
	chk_conf_free(c);
	conf_free(m);
}

/* Where nobody writes retry, each type has its own default. */
static void
test_type_defaults(void **state)
{
	struct conf *m;
	struct chk_conf *c = xlate("virtual_server fwmark 1 {\n"
				   "  real_server 10.0.0.1 {\n"
				   "    DNS_CHECK {\n    }\n"
				   "    MISC_CHECK {\n"
				   "      misc_path /bin/true\n"
				   "    }\n"
				   "    SMTP_CHECK {\n    }\n"
				   "    HTTP_GET {\n"
				   "      connect_port 8080\n"
				   "      url {\n        path /\n      }\n"
				   "    }\n"
				   "  }\n"
				   "}\n",
				   &m);
	const struct chk_probe_conf *pc = c->vs[0].rs[0].checks;

	(void)state;
	assert_int_equal(pc[0].knobs.retry, 3);
	assert_int_equal(pc[0].knobs.delay_before_retry,
			 CHK_DEFAULT_DELAY_LOOP);
	assert_int_equal(pc[0].target.connect_port, 53);
	assert_int_equal(pc[0].u.dns.type, 6); /* SOA */
	assert_string_equal(pc[0].u.dns.name, ".");
	assert_int_equal(pc[1].knobs.retry, 0);
	assert_int_equal(pc[1].u.misc.timeout, CHK_DEFAULT_DELAY_LOOP);
	assert_int_equal(pc[2].knobs.retry, 1);
	assert_int_equal(pc[2].knobs.delay_before_retry, EV_SEC(1));
	assert_int_equal(pc[2].target.connect_port, 25);
	assert_int_equal(pc[3].knobs.delay_before_retry, EV_SEC(3));
	assert_int_equal(pc[3].knobs.connect_timeout,
			 CHK_DEFAULT_CONNECT_TIMEOUT);
	assert_int_equal(pc[3].u.http.max_body, CHK_DEFAULT_MAX_BODY);
	chk_conf_free(c);
	conf_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_conf_errors),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_type_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
