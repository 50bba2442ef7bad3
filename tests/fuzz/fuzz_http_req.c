// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The management listener's request head (mgmt/http_req.h) on any bytes,
 * read in every prefix as a client could send them: the parser never reads
 * past what it was given, says "more" only below the bound, and a valid
 * head has a path that starts with '/' and holds no control character.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/http_req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes: ASan sees a read past the end. */
	char *buf = malloc(size ? size : 1);
	struct http_req r;
	int status;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	for (size_t n = 0; n <= size; n += 1 + n / 8) {
		int rc = http_req_parse(buf, n, &r, &status);

		if (rc == 0 && n >= HTTP_REQ_MAX)
			abort();
		if (rc < 0 && status < 400)
			abort();
		if (rc == 1 &&
		    (r.path[0] != '/' || strlen(r.path) >= sizeof(r.path) ||
		     strpbrk(r.path, "\r\n\t ")))
			abort();
	}
	free(buf);
	return 0;
}
