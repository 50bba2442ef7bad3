/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Part of the config library's plugin API (core/conf/README.md): the
 * model's values as keyword handlers and validation functions share them,
 * in core/conf and in the subsystems that own keywords (check/, vrrp/).
 * None of it logs; the parsers return -1 on bad input and give no
 * diagnostic (the pc_* wrappers of conf_kw.h do).
 */
#ifndef VIGIL_CORE_CONF_VALUE_H
#define VIGIL_CORE_CONF_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"

/* Append an object whose first member is `next`. */
void conf_list_append(struct conf_list *l, void *obj);
/* Take obj out of the list (a fallback drops what keepalived drops); it
 * stays in the arena. */
void conf_list_remove(struct conf_list *l, void *obj);
/* Remove the last object, appended after `before` (the tail then; NULL
 * if the list was empty). The object stays in the arena. */
void conf_list_drop_tail(struct conf_list *l, void *before);

/* ---- value parsers (no diagnostics; return -1 on bad input) ------- */

int conf_parse_u32(const char *s, uint32_t *v);
/* A hexadecimal digit's value, or -1. */
int conf_hex_digit(char c);
/* Two hex digits an octet, the whole of s, at most max octets: returns
 * the number of octets, or -1 (odd length, too long, not hex). */
int conf_parse_hex(const char *s, uint8_t *out, size_t max);
int conf_parse_i32(const char *s, int32_t *v);
int conf_parse_u64(const char *s, uint64_t *v);
/* Decimal seconds with up to microsecond resolution -> microseconds. */
int conf_parse_time(const char *s, uint64_t *us);
/* on|off|true|false|yes|no */
int conf_parse_bool(const char *s, bool *v);
/* ADDR or, if allow_prefix, ADDR/LEN. */
int conf_parse_addr(const char *s, bool allow_prefix, struct conf_addr *a);
/* A port 1..65535 (0 if allow_zero). */
int conf_parse_port(const char *s, bool allow_zero, uint16_t *p);

/* ---- addresses ---------------------------------------------------- */

/* Format an address (with /prefix when it has one). */
const char *conf_addr_str(const struct conf_addr *a, char *buf, size_t n);
bool conf_addr_eq(const struct conf_addr *a, const struct conf_addr *b);
int conf_addr_cmp(const struct conf_addr *a, const struct conf_addr *b);
bool conf_addr_is_multicast(const struct conf_addr *a);
bool conf_addr_is_linklocal(const struct conf_addr *a);
/* Host bits beyond the prefix are zero. */
bool conf_addr_is_network(const struct conf_addr *a);

/* ---- diagnostics at a place of the config ------------------------- */

/* With loc NULL the diagnostic names no place. */
void conf_err(struct conf_diags *d, const struct conf_loc *loc, const char *fmt,
	      ...) __attribute__((format(printf, 3, 4)));
void conf_warn(struct conf_diags *d, const struct conf_loc *loc,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
