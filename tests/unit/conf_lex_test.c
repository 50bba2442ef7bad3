// SPDX-License-Identifier: GPL-2.0-or-later
/* The config lexer and value parsers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/conf/conf_int.h"

static struct conf_toks toks;

static int
setup(void **state)
{
	conf_toks_init(&toks);
	return 0;
}

static int
teardown(void **state)
{
	conf_toks_free(&toks);
	return 0;
}

/* Lex s and join the tokens with '|' (braces shown as {} , quoted as "x"). */
static const char *
lex(const char *s, bool comments)
{
	static char out[1024];
	const char *err = NULL;

	out[0] = '\0';
	if (conf_lex_line(s, strlen(s), comments, &toks, &err) < 0) {
		snprintf(out, sizeof(out), "ERR:%s", err);
		return out;
	}
	for (size_t i = 0; i < toks.n; i++) {
		size_t l = strlen(out);

		snprintf(out + l, sizeof(out) - l, "%s%s%s%s", i ? "|" : "",
			 toks.v[i].quoted ? "\"" : "", toks.v[i].s,
			 toks.v[i].quoted ? "\"" : "");
	}
	return out;
}

static void
test_words_and_braces(void **state)
{
	assert_string_equal(lex("  priority   100  ", true), "priority|100");
	assert_string_equal(lex("vrrp_instance VI_1 { state MASTER }", true),
			    "vrrp_instance|VI_1|{|state|MASTER|}");
	assert_string_equal(lex("a{b}c", true), "a|{|b|}|c");
	assert_string_equal(lex("\t{\t", true), "{");
	assert_string_equal(lex("", true), "");
	assert_true(conf_lex_line("x {", 3, true, &toks, &(const char *){0}) ==
		    0);
	assert_true(conf_tok_is(&toks.v[1], '{'));
	assert_false(conf_tok_is(&toks.v[0], '{'));
}

static void
test_comments(void **state)
{
	assert_string_equal(lex("router_id X # the id", true), "router_id|X");
	assert_string_equal(lex("router_id X ! the id", true), "router_id|X");
	assert_string_equal(lex("L#M {", true), "L");
	assert_string_equal(lex("# all comment", true), "");
	assert_string_equal(lex("a \"b # c\" ! d", true), "a|\"b # c\"");
	/* keepalived ends a single-quoted string at '!'; vigil does not */
	assert_string_equal(lex("a 'b ! c'", true), "a|\"b ! c\"");
	/* without comments (expanded text): '#' is text */
	assert_string_equal(lex("a#b !c", false), "a#b|!c");
	assert_int_equal(conf_lex_strip_comment("a 'x#' # y", 10), 7);
	assert_int_equal(conf_lex_strip_comment("abc", 3), 3);
}

static void
test_quotes(void **state)
{
	/* keepalived.conf(5) "Quoted strings" */
	assert_string_equal(lex("abcd\" efg h jkl \"mnop", true),
			    "\"abcd efg h jkl mnop\"");
	assert_string_equal(lex("abcd \"efg h jkl\" mnop", true),
			    "abcd|\"efg h jkl\"|mnop");
	assert_string_equal(lex("'a \"b\" c'", true), "\"a \"b\" c\"");
	assert_string_equal(lex("\"{\" }", true), "\"{\"|}");
	assert_false(conf_tok_is(&toks.v[0], '{'));
	assert_string_equal(lex("\"\"", true), "\"\"");
	assert_string_equal(lex("x \"unterminated", true),
			    "ERR:unmatched quote");
}

static void
test_escapes(void **state)
{
	assert_string_equal(lex("\"a\\tb\"", true), "\"a\tb\"");
	assert_string_equal(lex("\"\\x41\\101\\cA\\E\"", true),
			    "\"AA\x01\x1b\"");
	assert_string_equal(lex("\"\\\\ \\\" \\q\"", true), "\"\\ \" q\"");
	assert_string_equal(lex("\"\\n\\r\\v\\f\\a\\b\"", true),
			    "\"\n\r\v\f\a\b\"");
	assert_string_equal(lex("\"\\x4g\"", true), "\"\x04g\"");
	assert_string_equal(lex("\"\\0\"", true),
			    "ERR:NUL character in a quoted string");
	/* outside quotes a backslash is text */
	assert_string_equal(lex("a\\b", true), "a\\b");
}

/* conf_lex_quote writes what conf_lex_line reads back unchanged. */
static void
test_quote_round_trip(void **state)
{
	const char *samples[] = {
		"plain", "",	 "a b",	     "x#y",	"!",
		"{",	 "}",	 "q\"uote",  "sl\\ash", "tab\there",
		"nl\nx", "it's", "\x01\x7f", "é",	"$VAR",
	};

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct conf_buf b;
		const char *err;

		conf_buf_init(&b);
		conf_lex_quote(&b, samples[i], false);
		assert_int_equal(conf_lex_line(b.s, b.len, true, &toks, &err),
				 0);
		assert_int_equal(toks.n, 1);
		assert_string_equal(toks.v[0].s, samples[i]);
		assert_false(conf_tok_is(&toks.v[0], '{'));
		conf_buf_free(&b);
	}
}

static void
test_numbers(void **state)
{
	uint32_t u;
	int32_t i;
	uint64_t t;

	assert_int_equal(conf_parse_u32("4294967295", &u), 0);
	assert_int_equal(u, 4294967295u);
	assert_int_equal(conf_parse_u32("4294967296", &u), -1);
	assert_int_equal(conf_parse_u32("-1", &u), -1);
	assert_int_equal(conf_parse_u32("12x", &u), -1);
	assert_int_equal(conf_parse_u32("", &u), -1);
	assert_int_equal(conf_parse_i32("-2147483648", &i), 0);
	assert_int_equal(i, INT32_MIN);
	assert_int_equal(conf_parse_i32("2147483648", &i), -1);
	assert_int_equal(conf_parse_i32("+7", &i), 0);
	assert_int_equal(i, 7);
	assert_int_equal(conf_parse_time("1", &t), 0);
	assert_int_equal(t, 1000000);
	assert_int_equal(conf_parse_time("2.71828", &t), 0);
	assert_int_equal(t, 2718280);
	assert_int_equal(conf_parse_time("0.05", &t), 0);
	assert_int_equal(t, 50000);
	assert_int_equal(conf_parse_time(".5", &t), 0);
	assert_int_equal(t, 500000);
	assert_int_equal(conf_parse_time("0.0000019", &t), 0);
	assert_int_equal(t, 1);
	assert_int_equal(conf_parse_time("1s", &t), -1);
	assert_int_equal(conf_parse_time("-1", &t), -1);
	assert_int_equal(conf_parse_time(".", &t), -1);
	assert_int_equal(conf_parse_time("99999999999999999999", &t), -1);
}

static void
test_bool_port(void **state)
{
	bool b;
	uint16_t p;

	assert_int_equal(conf_parse_bool("YES", &b), 0);
	assert_true(b);
	assert_int_equal(conf_parse_bool("off", &b), 0);
	assert_false(b);
	assert_int_equal(conf_parse_bool("1", &b), -1);
	assert_int_equal(conf_parse_port("65535", false, &p), 0);
	assert_int_equal(p, 65535);
	assert_int_equal(conf_parse_port("65536", false, &p), -1);
	assert_int_equal(conf_parse_port("0", false, &p), -1);
	assert_int_equal(conf_parse_port("0", true, &p), 0);
}

static void
test_addresses(void **state)
{
	struct conf_addr a, b;
	char buf[64];

	assert_int_equal(conf_parse_addr("192.168.200.16", false, &a), 0);
	assert_int_equal(a.ip.family, AF_INET);
	assert_int_equal(a.prefix, 32);
	assert_false(a.has_prefix);
	assert_int_equal(conf_parse_addr("10.0.0.0/8", true, &a), 0);
	assert_int_equal(a.prefix, 8);
	assert_true(conf_addr_is_network(&a));
	assert_string_equal(conf_addr_str(&a, buf, sizeof(buf)), "10.0.0.0/8");
	assert_int_equal(conf_parse_addr("10.0.0.0/8", false, &a), -1);
	assert_int_equal(conf_parse_addr("192.168.200./24", true, &a), -1);
	assert_int_equal(conf_parse_addr("10.0.0.1/33", true, &a), -1);
	assert_int_equal(conf_parse_addr("ae00::2", false, &a), 0);
	assert_int_equal(a.ip.family, AF_INET6);
	assert_int_equal(a.prefix, 128);
	assert_int_equal(conf_parse_addr("fe80::1/64", true, &b), 0);
	assert_true(conf_addr_is_linklocal(&b));
	assert_false(conf_addr_eq(&a, &b));
	assert_int_equal(conf_parse_addr("ff02::12", false, &a), 0);
	assert_true(conf_addr_is_multicast(&a));
	assert_int_equal(conf_parse_addr("224.0.0.18", false, &a), 0);
	assert_true(conf_addr_is_multicast(&a));
	assert_int_equal(conf_parse_addr("", false, &a), -1);
	assert_int_equal(conf_parse_addr("/8", true, &a), -1);
	assert_int_equal(conf_parse_addr("host.example", false, &a), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_words_and_braces, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quote_round_trip, setup,
						teardown),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_bool_port),
		cmocka_unit_test(test_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
