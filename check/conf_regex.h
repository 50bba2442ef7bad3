/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A url's regex as the config library checks it and HTTP_GET runs it: one
 * reading of regex_options and one way to compile, in check/conf_kw_check.c
 * (compiled into core/conf/libvigilconf.a).
 */
#ifndef VIGIL_CHECK_CONF_REGEX_H
#define VIGIL_CHECK_CONF_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A url's regex_options (names separated by blanks, as the parser keeps
 * them) as PCRE2 compile options; -1 at a name that is not one. */
int conf_regex_flags(const char *options, uint32_t *flags);

/* Compiles a url's regex as the HTTP check runs it: PCRE2 with `flags`,
 * PCRE2_USE_OFFSET_LIMIT with offset_limit (regex_max_offset), and invalid
 * UTF-8 in the body never matching under utf. NULL and "MESSAGE at offset
 * N" in err on error; pcre2_code_free() frees it. */
struct pcre2_real_code_8;
struct pcre2_real_code_8 *conf_regex_compile(const char *re, uint32_t flags,
					     bool offset_limit, char *err,
					     size_t errlen);

#endif
