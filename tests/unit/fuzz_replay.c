// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A fuzz target (tests/fuzz/fuzz_CORPUS.c, CORPUS chosen at build time) on
 * its seed corpus and on deterministic mutations: every prefix cut, and
 * bytes overwritten (by any byte, or with FUZZ_ALPHABET_CONF by the
 * characters the config language treats specially).
 * FUZZ_ROUNDS and FUZZ_CUTS bound the work per seed. The sanitizer build
 * runs it, so a crash or a leak fails `make check` without clang.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The config language's special characters. */
#ifdef FUZZ_ALPHABET_CONF
#define FUZZ_ALPHABET "{}\"'#!$@~\\\n "
#endif
#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS 200
#endif
#ifndef FUZZ_CUTS
#define FUZZ_CUTS 64
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The byte a mutation writes. */
static uint8_t
pick(uint32_t rnd)
{
#ifdef FUZZ_ALPHABET
	static const char alphabet[] = FUZZ_ALPHABET;

	return (uint8_t)alphabet[(rnd >> 8) % (sizeof(alphabet) - 1)];
#else
	return (uint8_t)(rnd >> 8);
#endif
}

static void
mutate(const uint8_t *buf, size_t n, uint8_t *work)
{
	uint32_t rnd = 2463534242u;

	for (size_t cut = 0; cut <= n; cut += 1 + n / FUZZ_CUTS)
		LLVMFuzzerTestOneInput(buf, cut);
	for (int i = 0; i < FUZZ_ROUNDS && n; i++) {
		memcpy(work, buf, n);
		for (int k = 0; k < 4; k++) {
			rnd ^= rnd << 13;
			rnd ^= rnd >> 17;
			rnd ^= rnd << 5;
			/* keep byte 0 (a target's mode byte) now and then */
			work[((rnd % n) | (size_t)(i & 1)) % n] = pick(rnd);
		}
		LLVMFuzzerTestOneInput(work, n);
	}
}

static void
test_corpus(void **state)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], path[4352];
	static uint8_t buf[1 << 16], work[1 << 16];
	struct dirent *e;
	DIR *dp;
	int files = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", top ? top : "..",
		 CORPUS);
	dp = opendir(dir);
	assert_non_null(dp);
	while ((e = readdir(dp))) {
		FILE *f;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		if (n > 1)
			mutate(buf, n, work);
		files++;
	}
	closedir(dp);
	assert_true(files >= 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
