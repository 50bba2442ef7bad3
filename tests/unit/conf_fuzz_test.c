// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config fuzz target (tests/fuzz/fuzz_conf.c) on its seed corpus and on
 * deterministic mutations of it: every prefix cut, and bytes replaced by
 * the characters the language treats specially. Bounded; must not crash
 * or leak (the sanitizer build runs it).
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
slurp(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void
mutate(uint8_t *buf, size_t n, uint8_t *work)
{
	static const char special[] = "{}\"'#!$@~\\\n ";
	uint32_t rnd = 2463534242u;

	/* every prefix (a cut mid-token, mid-quote, mid-block) */
	for (size_t cut = 0; cut <= n; cut += 1 + n / 32)
		LLVMFuzzerTestOneInput(buf, cut);
	/* bytes replaced by the language's special characters */
	for (int i = 0; i < 60 && n; i++) {
		memcpy(work, buf, n);
		for (int k = 0; k < 3; k++) {
			rnd ^= rnd << 13;
			rnd ^= rnd >> 17;
			rnd ^= rnd << 5;
			work[rnd % n] = (uint8_t)
				special[(rnd >> 8) % (sizeof(special) - 1)];
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

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/conf",
		 top ? top : "..");
	dp = opendir(dir);
	assert_non_null(dp);
	while ((e = readdir(dp))) {
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		n = slurp(path, buf, sizeof(buf));
		LLVMFuzzerTestOneInput(buf, n);
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
