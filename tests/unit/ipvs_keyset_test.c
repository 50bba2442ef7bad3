// SPDX-License-Identifier: GPL-2.0-or-later
/* Ownership sets: membership, the text form, the state file. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipvs/keyset.h"
#include "tests/unit/ipvs_testlib.h"

static struct ipvs_svc_key
key4(uint32_t last, uint16_t port)
{
	return ipvs_t_svc4(last, port, "").key;
}

static struct ipvs_dest_key
dkey6(uint8_t last, uint16_t port)
{
	struct ipvs_dest_key d;

	ipvs_dest_key_clear(&d);
	d.af = AF_INET6;
	d.port = port;
	d.addr.v6.s6_addr[0] = 0x20;
	d.addr.v6.s6_addr[1] = 0x01;
	d.addr.v6.s6_addr[15] = last;
	return d;
}

static void
test_membership_and_growth(void **state)
{
	struct ipvs_keyset s, t;
	struct ipvs_ekey e;

	(void)state;
	ipvs_keyset_init(&s);
	ipvs_keyset_init(&t);
	for (uint32_t i = 0; i < 5000; i++) {
		struct ipvs_svc_key k = key4(i % 250, (uint16_t)(i / 250 + 1));
		struct ipvs_dest_key d = dkey6((uint8_t)i, 80);

		ipvs_ekey_svc(&e, &k);
		assert_int_equal(ipvs_keyset_add(&s, &e), 1);
		assert_int_equal(ipvs_keyset_add(&s, &e), 0);
		ipvs_ekey_dest(&e, &k, &d);
		assert_int_equal(ipvs_keyset_add(&s, &e), 1);
	}
	assert_int_equal(s.n, 10000);
	for (uint32_t i = 0; i < 5000; i++) {
		struct ipvs_svc_key k = key4(i % 250, (uint16_t)(i / 250 + 1));
		struct ipvs_dest_key d = dkey6((uint8_t)i, 80);

		assert_true(ipvs_keyset_has_svc(&s, &k));
		assert_true(ipvs_keyset_has_dest(&s, &k, &d));
		d.port = 81;
		assert_false(ipvs_keyset_has_dest(&s, &k, &d));
	}
	assert_false(ipvs_keyset_equal(&s, &t));
	ipvs_ekey_svc(&e, &(struct ipvs_svc_key){.af = AF_INET, .fwmark = 3});
	assert_false(ipvs_keyset_has(&t, &e)); /* empty set */
	ipvs_keyset_free(&s);
	ipvs_keyset_free(&t);
}

/* Deleting from open addressing must not lose the entries probed past
 * the hole. */
static void
test_delete_keeps_the_rest(void **state)
{
	struct ipvs_keyset s;
	struct ipvs_ekey e;

	(void)state;
	ipvs_keyset_init(&s);
	for (uint32_t i = 0; i < 6000; i++) {
		struct ipvs_svc_key k = key4(i % 200, (uint16_t)(i / 200 + 1));

		ipvs_ekey_svc(&e, &k);
		ipvs_keyset_add(&s, &e);
	}
	for (uint32_t i = 0; i < 6000; i += 3) {
		struct ipvs_svc_key k = key4(i % 200, (uint16_t)(i / 200 + 1));

		ipvs_ekey_svc(&e, &k);
		assert_int_equal(ipvs_keyset_del(&s, &e), 1);
		assert_int_equal(ipvs_keyset_del(&s, &e), 0);
	}
	assert_int_equal(s.n, 4000);
	for (uint32_t i = 0; i < 6000; i++) {
		struct ipvs_svc_key k = key4(i % 200, (uint16_t)(i / 200 + 1));

		assert_int_equal(ipvs_keyset_has_svc(&s, &k), i % 3 != 0);
	}
	ipvs_keyset_free(&s);
}

/* A key and its canonical bytes give each other back; the unused tail of
 * a v4 address and a fwmark's address do not count. */
static void
test_ekey_round_trip(void **state)
{
	struct ipvs_svc_key k = key4(1, 80), k2, fw;
	struct ipvs_dest_key d = dkey6(9, 443), d2;
	struct ipvs_ekey a, b;

	(void)state;
	ipvs_ekey_dest(&a, &k, &d);
	assert_true(ipvs_ekey_is_dest(&a));
	ipvs_ekey_split(&a, &k2, &d2);
	assert_int_equal(ipvs_svc_key_cmp(&k, &k2), 0);
	assert_int_equal(ipvs_dest_key_cmp(&d, &d2), 0);
	k2.addr.b[7] = 0xff;
	ipvs_ekey_svc(&a, &k);
	ipvs_ekey_svc(&b, &k2);
	assert_memory_equal(&a, &b, sizeof(a));
	ipvs_svc_key_clear(&fw);
	fw.af = AF_INET6;
	fw.fwmark = 7;
	ipvs_ekey_svc(&a, &fw);
	fw.protocol = IPPROTO_UDP;
	fw.addr.b[0] = 1;
	ipvs_ekey_svc(&b, &fw);
	assert_memory_equal(&a, &b, sizeof(a));
}

static void
fill(struct ipvs_keyset *s)
{
	struct ipvs_svc_key k = key4(10, 80), fw;
	struct ipvs_dest_key d = dkey6(5, 8080);
	struct ipvs_ekey e;

	ipvs_svc_key_clear(&fw);
	fw.af = AF_INET6;
	fw.fwmark = 4000000000u;
	ipvs_ekey_svc(&e, &k);
	ipvs_keyset_add(s, &e);
	ipvs_ekey_dest(&e, &k, &d);
	ipvs_keyset_add(s, &e);
	ipvs_ekey_svc(&e, &fw);
	ipvs_keyset_add(s, &e);
	ipvs_ekey_dest(&e, &fw, &d);
	ipvs_keyset_add(s, &e);
}

static void
test_text_round_trip(void **state)
{
	struct ipvs_keyset s, t;
	char *buf = NULL;
	size_t len = 0, bad, first;

	(void)state;
	ipvs_keyset_init(&s);
	ipvs_keyset_init(&t);
	fill(&s);
	assert_int_equal(ipvs_keyset_format(&s, &buf, &len), 0);
	assert_string_equal(buf,
			    "vigil-ipvs-owned 1\n"
			    "s inet tcp 192.0.2.10 80\n"
			    "s inet6 fwmark 4000000000\n"
			    "d inet tcp 192.0.2.10 80 inet6 2001::5 8080\n"
			    "d inet6 fwmark 4000000000 inet6 2001::5 8080\n");
	assert_int_equal(ipvs_keyset_parse(&t, buf, len, &bad, &first), 0);
	assert_int_equal(bad, 0);
	assert_true(ipvs_keyset_equal(&s, &t));
	free(buf);
	ipvs_keyset_free(&s);
	ipvs_keyset_free(&t);
}

/* A damaged file loses its damaged lines only, and says where. */
static void
test_damaged_lines(void **state)
{
	static const char text[] =
		"vigil-ipvs-owned 1\n"
		"s inet tcp 192.0.2.10 80\n"
		"s inet tcp 192.0.2.300 80\n"	   /* 3: bad address */
		"s inet tcp 192.0.2.11 65536\n"	   /* 4: bad port */
		"x inet tcp 192.0.2.11 80\n"	   /* 5: bad kind */
		"s inet fwmark 0\n"		   /* 6: mark 0 */
		"d inet tcp 192.0.2.10 80 inet\n"  /* 7: short */
		"s inet tcp 192.0.2.12 80 extra\n" /* 8: long */
		"# a comment\n"
		"\n"
		"s inet udp 192.0.2.13 53\n"
		"s inet udp 192.0.2.14 -1\n" /* 12: sign */
		"s inet6 udp \0x 53\n"	     /* 13: a NUL */
		"d inet6 fwmark 9 inet 10.0.0.1 0\n"
		"- s inet udp 192.0.2.13 53\n" /* released again */
		"- x\n"			       /* 16: bad */
		"s inet udp 192.0.2.13 53";
	struct ipvs_keyset s;
	struct ipvs_svc_key k = key4(13, 53);
	size_t bad, first;

	(void)state;
	k.protocol = IPPROTO_UDP;
	ipvs_keyset_init(&s);
	assert_int_equal(
		ipvs_keyset_parse(&s, text, sizeof(text) - 1, &bad, &first), 0);
	assert_int_equal(bad, 9);
	assert_int_equal(first, 3);
	assert_int_equal(s.n, 3);
	assert_true(ipvs_keyset_has_svc(&s, &k));
	ipvs_keyset_free(&s);
}

/* A state file in a directory of its own, and two sets. */
struct files {
	char dir[32], path[64];
	struct ipvs_keyset s, t;
};

static int
files_setup(void **state)
{
	struct files *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/ipvs-keyset-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/owned", f->dir);
	ipvs_keyset_init(&f->s);
	ipvs_keyset_init(&f->t);
	*state = f;
	return 0;
}

static int
files_teardown(void **state)
{
	struct files *f = *state;

	unlink(f->path);
	/* fails if a temporary file was left behind */
	assert_int_equal(rmdir(f->dir), 0);
	ipvs_keyset_free(&f->s);
	ipvs_keyset_free(&f->t);
	free(f);
	return 0;
}

static void
test_save_and_load(void **state)
{
	struct files *f = *state;
	size_t bad, first;

	/* no file yet: owns nothing */
	assert_int_equal(ipvs_keyset_load(&f->t, f->path, &bad, &first), 0);
	assert_int_equal(f->t.n, 0);
	fill(&f->s);
	assert_int_equal(ipvs_keyset_save(&f->s, f->path), 0);
	assert_int_equal(ipvs_keyset_save(&f->s, f->path), 0); /* replaces */
	assert_int_equal(ipvs_keyset_load(&f->t, f->path, &bad, &first), 0);
	assert_true(ipvs_keyset_equal(&f->s, &f->t));
	/* a directory that does not exist: an error, not a crash */
	assert_int_equal(ipvs_keyset_save(&f->s, "/nonexistent-dir/owned"), -1);
	assert_int_equal(errno, ENOENT);
}

/* A full write, then appended changes: loading applies them in order. */
static void
test_journal(void **state)
{
	struct files *f = *state;
	struct ipvs_svc_key k1 = key4(1, 80), k2 = key4(2, 80);
	struct ipvs_dest_key d = dkey6(3, 80);
	struct ipvs_ekey e[2];
	size_t bad, first;

	/* appending to no file makes one, header first */
	ipvs_ekey_svc(&e[0], &k1);
	ipvs_ekey_dest(&e[1], &k1, &d);
	assert_int_equal(ipvs_keyset_append(f->path, e, 2, false), 0);
	ipvs_ekey_svc(&e[0], &k2);
	assert_int_equal(ipvs_keyset_append(f->path, e, 1, false), 0);
	ipvs_ekey_dest(&e[0], &k1, &d);
	assert_int_equal(ipvs_keyset_append(f->path, e, 1, true), 0);
	assert_int_equal(ipvs_keyset_load(&f->t, f->path, &bad, &first), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(f->t.n, 2);
	assert_true(ipvs_keyset_has_svc(&f->t, &k1));
	assert_true(ipvs_keyset_has_svc(&f->t, &k2));
	assert_false(ipvs_keyset_has_dest(&f->t, &k1, &d));
	/* a full write replaces the journal with the set */
	fill(&f->s);
	assert_int_equal(ipvs_keyset_save(&f->s, f->path), 0);
	ipvs_keyset_free(&f->t);
	ipvs_keyset_init(&f->t);
	assert_int_equal(ipvs_keyset_load(&f->t, f->path, &bad, &first), 0);
	assert_true(ipvs_keyset_equal(&f->s, &f->t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_membership_and_growth),
		cmocka_unit_test(test_delete_keeps_the_rest),
		cmocka_unit_test_setup_teardown(test_journal, files_setup,
						files_teardown),
		cmocka_unit_test(test_ekey_round_trip),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_damaged_lines),
		cmocka_unit_test_setup_teardown(test_save_and_load, files_setup,
						files_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
