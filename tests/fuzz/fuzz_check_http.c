// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HTTP response parser: the input is cut into pieces at positions taken
 * from its first byte, as a socket would deliver it; the parser must never
 * read out of bounds, loop, or hand out more body than it was given.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "check/http_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count(void *arg, const uint8_t *p, size_t n)
{
	size_t *total = arg;

	(void)p;
	*total += n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_resp r;
	size_t step, off = 0, body = 0;

	if (size < 1)
		return 0;
	step = (size_t)(data[0] % 64) + 1;
	data++;
	size--;
	http_resp_init(&r);
	while (off < size) {
		size_t n = size - off < step ? size - off : step, used = 0;
		enum http_feed f =
			http_resp_feed(&r, data + off, n, &used, count, &body);

		if (used > n)
			abort();
		off += used;
		if (f == HTTP_ERROR || f == HTTP_MSG_DONE)
			break;
		if (f == HTTP_MORE && used != n)
			abort();
	}
	if (body > size)
		abort();
	if (r.st != HS_ERROR && r.st != HS_DONE)
		http_resp_eof(&r);
	return 0;
}
