// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ownership state file as outside bytes (it lives in a runtime
 * directory, and a damaged one must cost only its damaged lines): parse
 * (with releases), format, parse again: the two sets must be equal.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ipvs/keyset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipvs_keyset a, b;
	size_t bad, first, len = 0;
	char *text = NULL;

	ipvs_keyset_init(&a);
	ipvs_keyset_init(&b);
	if (ipvs_keyset_parse(&a, (const char *)data, size, &bad, &first) < 0 ||
	    ipvs_keyset_format(&a, &text, &len) < 0)
		goto out;
	if (ipvs_keyset_parse(&b, text, len, &bad, &first) < 0 || bad ||
	    !ipvs_keyset_equal(&a, &b))
		abort();
out:
	free(text);
	ipvs_keyset_free(&a);
	ipvs_keyset_free(&b);
	return 0;
}
