/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HTTP_GET/SSL_GET config: copy, compare, validate, and the request. */
#ifndef VIGIL_CHECK_HTTP_CONF_H
#define VIGIL_CHECK_HTTP_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/conf.h"

int http_conf_copy(struct chk_probe_conf *dst,
		   const struct chk_probe_conf *src);
void http_conf_free(struct chk_probe_conf *c);
bool http_conf_equal(const struct chk_probe_conf *a,
		     const struct chk_probe_conf *b);
uint64_t http_conf_hash(const struct chk_probe_conf *c, uint64_t h);
int http_conf_validate(const struct chk_probe_conf *c, char *err,
		       size_t errlen);
/* The GET request of url i (malloc'd, *len bytes); NULL if out of memory. */
char *http_build_request(const struct chk_probe_conf *c, size_t i, size_t *len);

#endif
