/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An HTTP/1.x request head as the management listener reads it: the
 * request line (method, target, version) up to the empty line that ends
 * the head. Pure; fuzzed (tests/fuzz/fuzz_http_req.c).
 */
#ifndef VIGIL_MGMT_HTTP_REQ_H
#define VIGIL_MGMT_HTTP_REQ_H

#include <stddef.h>

#define HTTP_REQ_MAX 4096 /* a request head, at most */
#define HTTP_PATH_MAX 256

enum http_method { HTTP_GET = 1, HTTP_HEAD, HTTP_OTHER };

struct http_req {
	enum http_method method;
	char path[HTTP_PATH_MAX]; /* the target without its query */
	unsigned minor;		  /* HTTP/1.minor */
};

/*
 * Parse buf[0..len): 1 when the head is complete and valid (r filled), 0
 * when more bytes are needed, -1 when it is not HTTP/1.x or the head is
 * over HTTP_REQ_MAX (*why says which: a status code for the reply).
 */
int http_req_parse(const char *buf, size_t len, struct http_req *r,
		   int *status);

#endif
