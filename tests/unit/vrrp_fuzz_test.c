// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VRRP decoder's fuzz target run on its seed corpus and on mutations of
 * every seed (each bit flipped, every truncation, random bytes from a fixed
 * seed), so `make check` under ASan/UBSan exercises it without libFuzzer.
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
load(const char *path, uint8_t *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

static void
mutate(const uint8_t *seed, size_t n)
{
	uint8_t buf[8192];

	memcpy(buf, seed, n);
	for (size_t i = 0; i < n * 8; i++) {
		buf[i / 8] ^= (uint8_t)(1u << (i % 8));
		LLVMFuzzerTestOneInput(buf, n);
		buf[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	for (size_t cut = 0; cut <= n; cut++)
		LLVMFuzzerTestOneInput(buf, cut);
}

static void
test_corpus(void **state)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], path[8192];
	uint8_t buf[8192];
	struct dirent *de;
	unsigned seeds = 0;
	DIR *d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/vrrp_pkt",
		 top ? top : "..");
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = load(path, buf, sizeof(buf));
		LLVMFuzzerTestOneInput(buf, n);
		mutate(buf, n);
		seeds++;
	}
	closedir(d);
	assert_true(seeds >= 5);
}

static void
test_random(void **state)
{
	uint8_t buf[512];

	(void)state;
	srand(12345);
	for (int i = 0; i < 20000; i++) {
		size_t n = (size_t)rand() % sizeof(buf);

		for (size_t k = 0; k < n; k++)
			buf[k] = (uint8_t)rand();
		/* Make many of them look like IPv4 VRRP to get past the
		 * first checks. */
		if (n > 21 && i % 2) {
			buf[1] = 0x45;
			buf[3] = 0;
			buf[4] = (uint8_t)(n - 1);
			buf[10] = 112;
		}
		LLVMFuzzerTestOneInput(buf, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
