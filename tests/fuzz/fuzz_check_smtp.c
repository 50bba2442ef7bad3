// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP reply parser: replies one after another, fed in pieces. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/runtime/smtp_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_reply r;
	size_t off = 0;

	smtp_reply_init(&r);
	while (off < size) {
		size_t n = size - off < 7 ? size - off : 7, used = 0;
		enum smtp_feed f = smtp_reply_feed(&r, data + off, n, &used);

		if (used == 0 || used > n)
			abort();
		off += used;
		if (f == SMTP_ERROR)
			break;
		if (f == SMTP_DONE) {
			if (r.code < 200 || r.code > 559)
				abort();
			smtp_reply_init(&r);
		}
	}
	return 0;
}
