// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The url regex of HTTP_GET/SSL_GET: regex_options to PCRE2 flags, compile
 * errors, and matching over the body window as the probe streams it
 * (PCRE syntax, regex_no_match, regex_min/max_offset, the window bound, the
 * match limit, regex_stack).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "check/conf_regex.h"
#include "check/http_regex.h"
#include "check/probe.h"
#include "core/conf/conf_model.h"

static void
test_flags(void **state)
{
	static const char *const all[] = {"allow_empty_class",
					  "alt_bsux",
					  "alt_circumflex",
					  "alt_verbnames",
					  "auto_callout",
					  "caseless",
					  "dollar_endonly",
					  "dotall",
					  "dupnames",
					  "extended",
					  "firstline",
					  "match_unset_backref",
					  "multiline",
					  "never_backslash_c",
					  "never_ucp",
					  "never_utf",
					  "no_auto_capture",
					  "no_auto_possess",
					  "no_dotstar_anchor",
					  "no_start_optimize",
					  "ucp",
					  "ungreedy",
					  "use_offset_limit",
					  "utf"};
	uint32_t f, seen = 0;

	assert_int_equal(conf_regex_flags("caseless  dotall ungreedy", &f), 0);
	assert_int_equal(f, PCRE2_CASELESS | PCRE2_DOTALL | PCRE2_UNGREEDY);
	assert_int_equal(conf_regex_flags("extended utf", &f), 0);
	assert_int_equal(f, PCRE2_EXTENDED | PCRE2_UTF);
	assert_int_equal(conf_regex_flags(NULL, &f), 0);
	assert_int_equal(f, 0);
	assert_int_equal(conf_regex_flags("caseless dotal", &f), -1);
	/* every name keepalived lists is a distinct PCRE2 option */
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		assert_int_equal(conf_regex_flags(all[i], &f), 0);
		assert_true(f != 0 && !(f & (f - 1)));
		assert_false(seen & f);
		seen |= f;
	}
}

static void
test_compile_error(void **state)
{
	char err[160];
	pcre2_code *c =
		conf_regex_compile("ok(unclosed", 0, false, err, sizeof(err));

	assert_null(c);
	assert_string_equal(err, "missing closing parenthesis at offset 11");
	/* what compiles depends on the options */
	assert_null(conf_regex_compile("[]", 0, false, err, sizeof(err)));
	c = conf_regex_compile("[]", PCRE2_ALLOW_EMPTY_CLASS, false, err,
			       sizeof(err));
	assert_non_null(c);
	pcre2_code_free(c);
}

/* The engine refuses a url whose regex does not compile (before a probe
 * would run it), naming the url, PCRE2's message and the offset. */
static void
test_probe_validate(void **state)
{
	struct chk_probe_conf c = {.type = CHK_HTTP};
	struct chk_url *u = chk_http_add_url(&c.u.http, "/health");
	char err[256];

	assert_non_null(u);
	assert_int_equal(chk_strset(&u->regex, "ok[a-"), 0);
	assert_int_equal(probe_http_ops.validate(&c, err, sizeof(err)), -1);
	assert_string_equal(err, "url /health: regex: missing terminating ] "
				 "for character class at offset 5");
	u->regex_flags = PCRE2_EXTENDED;
	assert_int_equal(chk_strset(&u->regex, "ok [a-z] +"), 0);
	assert_int_equal(probe_http_ops.validate(&c, err, sizeof(err)), 0);
	probe_http_ops.conf_free(&c);
}

/* Streams body (len bytes, in pieces of `piece`) to u's regex. */
static enum http_regex_verdict
run_piece(const struct chk_url *u, const char *body, size_t len, size_t piece,
	  char *why)
{
	struct http_regex r;
	struct http_win w = {0};
	char err[160];
	enum http_regex_verdict v;

	assert_int_equal(http_regex_init(&r, u, err, sizeof(err)), 0);
	assert_non_null(w.buf = malloc(r.max));
	http_win_reset(&w, &r);
	for (size_t at = 0; at < len; at += piece)
		http_win_feed(&w, at, (const uint8_t *)body + at,
			      len - at < piece ? len - at : piece);
	assert_true(w.len <= r.max);
	v = http_regex_run(&r, &w, why, 128);
	free(w.buf);
	http_regex_fini(&r);
	return v;
}

static enum http_regex_verdict
run(const char *re, uint32_t flags, const char *body)
{
	struct chk_url u = {.regex = (char *)re, .regex_flags = flags};
	char why[128];

	return run_piece(&u, body, strlen(body), 7, why);
}

static void
test_pcre_syntax(void **state)
{
	const char *body = "<p>hello from v42beta\nstatus: OK</p>";

	assert_int_equal(run("hello from v\\d*[a-z]+?\\b", 0, body),
			 HTTP_REGEX_PASS);
	assert_int_equal(run("(?i)STATUS: ok", 0, body), HTTP_REGEX_PASS);
	assert_int_equal(run("v\\d+(?=beta)", 0, body), HTTP_REGEX_PASS);
	assert_int_equal(run("v\\d+(?!beta)b", 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run("(?<=v)\\d\\d", 0, body), HTTP_REGEX_PASS);
	/* options */
	assert_int_equal(run("STATUS: ok", 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run("STATUS: ok", PCRE2_CASELESS, body),
			 HTTP_REGEX_PASS);
	assert_int_equal(run("beta.status", 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run("beta.status", PCRE2_DOTALL, body),
			 HTTP_REGEX_PASS);
	assert_int_equal(run("^status", 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run("^status", PCRE2_MULTILINE, body),
			 HTTP_REGEX_PASS);
	assert_int_equal(
		run("hello\\ from\\ # a comment\n v\\d+", PCRE2_EXTENDED, body),
		HTTP_REGEX_PASS);
	/* ungreedy: the atomic group keeps what a+ took first, all the
	 * a's or only one */
	assert_int_equal(run("^(?>a+)b", 0, "aab"), HTTP_REGEX_PASS);
	assert_int_equal(run("^(?>a+)b", PCRE2_UNGREEDY, "aab"),
			 HTTP_REGEX_FAIL);
	/* utf: invalid UTF-8 in the body never matches, and is no error */
	assert_int_equal(
		run("caf\xc3\xa9.", PCRE2_UTF, "\xff\xfe caf\xc3\xa9!"),
		HTTP_REGEX_PASS);
	assert_int_equal(run("\\xff", PCRE2_UTF, "\xff"), HTTP_REGEX_FAIL);
}

static void
test_no_match(void **state)
{
	struct chk_url u = {.regex = "error", .regex_no_match = true};
	char why[128];
	const char *bad = "fatal error", *good = "all fine";

	assert_int_equal(run_piece(&u, bad, strlen(bad), 3, why),
			 HTTP_REGEX_FAIL);
	assert_string_equal(why, "matched");
	assert_int_equal(run_piece(&u, good, strlen(good), 3, why),
			 HTTP_REGEX_PASS);
	u.regex_no_match = false;
	assert_int_equal(run_piece(&u, good, strlen(good), 3, why),
			 HTTP_REGEX_FAIL);
	assert_string_equal(why, "no match");
}

static enum http_regex_verdict
run_off(const char *re, uint32_t min, uint32_t max, const char *body)
{
	struct chk_url u = {.regex = (char *)re,
			    .regex_min_offset = min,
			    .regex_max_offset = max};
	char why[128];

	return run_piece(&u, body, strlen(body), 5, why);
}

static void
test_offsets(void **state)
{
	/*                   0123456789012345678 */
	const char *body = "OK..xOK.......OKAY";

	/* min: a match starts at regex_min_offset or later */
	assert_int_equal(run_off("OK", 1, 0, body), HTTP_REGEX_PASS);
	assert_int_equal(run_off("OKAY", 15, 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run_off("OKAY", 14, 0, body), HTTP_REGEX_PASS);
	/* ^ is the start of the body, not of the window */
	assert_int_equal(run_off("^OK", 5, 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run_off("^OK", 0, 0, body), HTTP_REGEX_PASS);
	/* what is before regex_min_offset can be looked at */
	assert_int_equal(run_off("(?<=x)OK", 5, 0, body), HTTP_REGEX_PASS);
	assert_int_equal(run_off("\\bOK\\.", 5, 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run_off("\\bOK\\.", 1, 0, body), HTTP_REGEX_FAIL);
	assert_int_equal(run_off("\\bOK\\.", 0, 0, body), HTTP_REGEX_PASS);
	assert_int_equal(run_off("\\bOKAY", 14, 0, body), HTTP_REGEX_PASS);
	assert_int_equal(run_off("(?<!\\.)OKAY", 14, 0, body), HTTP_REGEX_FAIL);
	/* max: the last offset a match may start at; it may run past it */
	assert_int_equal(run_off("OKAY", 0, 13, body), HTTP_REGEX_FAIL);
	assert_int_equal(run_off("OKAY", 0, 14, body), HTTP_REGEX_PASS);
	assert_int_equal(run_off("xOK", 5, 5, body), HTTP_REGEX_FAIL);
	assert_int_equal(run_off("OK", 5, 5, body), HTTP_REGEX_PASS);
	/* a body shorter than regex_min_offset matches nothing */
	assert_int_equal(run_off("", 40, 0, body), HTTP_REGEX_FAIL);
}

/* The window holds 64 KiB: a huge body costs no memory, and what is past
 * the window is not looked at ($ does not match where it was cut). */
static void
test_window(void **state)
{
	size_t len = 100 * 1024;
	char *body = malloc(len + 1), why[128];
	struct chk_url u = {.regex = "END"};
	struct http_regex r;
	struct http_win w = {0};
	uint8_t piece[16384] = {0};

	assert_non_null(body);
	memset(body, 'a', len);
	memcpy(body + len - 3, "END", 4);
	assert_int_equal(run_piece(&u, body, len, 4096, why), HTTP_REGEX_FAIL);
	u.regex = "a$";
	assert_int_equal(run_piece(&u, body, len, 4096, why), HTTP_REGEX_FAIL);
	assert_int_equal(run_piece(&u, body, HTTP_REGEX_WINDOW, 4096, why),
			 HTTP_REGEX_PASS);
	u.regex_min_offset = len - 10;
	u.regex = "aEND$";
	assert_int_equal(run_piece(&u, body, len, 4096, why), HTTP_REGEX_PASS);
	free(body);
	/* a gigabyte streamed through a window of 64 KiB */
	u = (struct chk_url){.regex = "x"};
	assert_int_equal(http_regex_init(&r, &u, why, sizeof(why)), 0);
	assert_int_equal(r.max, HTTP_REGEX_WINDOW);
	assert_non_null(w.buf = malloc(r.max));
	http_win_reset(&w, &r);
	for (uint64_t at = 0; at < (1ull << 30); at += sizeof(piece))
		http_win_feed(&w, at, piece, sizeof(piece));
	assert_int_equal(w.len, HTTP_REGEX_WINDOW);
	assert_true(w.cut);
	free(w.buf);
	http_regex_fini(&r);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Catastrophic backtracking stops at the match limit: an error with a
 * reason, in bounded time, and no answer either way. */
static void
test_match_limit(void **state)
{
	struct chk_url u = {.regex = "^(\\w+\\s?)*$"};
	char body[64], why[128];
	double t0;

	memset(body, 'a', sizeof(body) - 2);
	memcpy(body + sizeof(body) - 2, "!", 2);
	for (int no_match = 0; no_match < 2; no_match++) {
		u.regex_no_match = no_match;
		t0 = now_ms();
		assert_int_equal(run_piece(&u, body, strlen(body), 16, why),
				 HTTP_REGEX_ERROR);
		assert_string_equal(why, "match limit exceeded");
		print_message("match limit hit in %.1f ms\n", now_ms() - t0);
		assert_true(now_ms() - t0 < 5000);
	}
}

/* regex_stack: the JIT stack a deep match needs. */
static void
test_jit_stack(void **state)
{
	size_t len = 60000;
	char *body = malloc(len + 1), why[128];
	struct chk_url u = {.regex = "^(a|b)*c",
			    .regex_stack_start = 32 * 1024,
			    .regex_stack_max = 32 * 1024};
	uint32_t jit = 0;

	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	if (!jit)
		skip();
	assert_non_null(body);
	memset(body, 'a', len);
	memcpy(body + len - 1, "c", 2);
	assert_int_equal(run_piece(&u, body, len, 4096, why), HTTP_REGEX_ERROR);
	assert_string_equal(why, "JIT stack limit reached (raise regex_stack)");
	u.regex_stack_max = 16 * 1024 * 1024;
	assert_int_equal(run_piece(&u, body, len, 4096, why), HTTP_REGEX_PASS);
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_compile_error),
		cmocka_unit_test(test_probe_validate),
		cmocka_unit_test(test_pcre_syntax),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_jit_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
