/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to core/cli/ctl_print*.c: typed reads of a reply that tolerate
 * any shape, ages, an aligned table, key: value blocks.
 */
#ifndef VIGIL_CLI_CTL_PRINT_INT_H
#define VIGIL_CLI_CTL_PRINT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

#include "core/runtime/json_get.h" /* jget(), jget_str(), jlen()... */

/* "5m02s" from an ISO 8601 UTC time ("2026-12-07T12:20:06.123Z") to now;
 * "-" for anything else. */
const char *pj_age(const char *iso, time_t now, char *buf, size_t len);

/* A table whose columns are as wide as their widest cell. */
#define PT_MAX_COLS 10
struct ptab {
	size_t ncols, nrows, cap;
	char **cells; /* nrows * ncols, malloc'd */
	size_t width[PT_MAX_COLS];
};

void pt_init(struct ptab *t, size_t ncols);
/* One row of ncols cells (NULL: "-"); printf-free so any text is safe. */
void pt_row(struct ptab *t, const char *const *cells);
/* Print and free; the last column is not padded. */
void pt_print(struct ptab *t, FILE *out);

/* Every member of o as "key: value" (nested objects and arrays indented
 * below their key), ISO times with their age, null as "-"; in an object
 * named "stats", counters at 0 are left out. */
void pj_kv(FILE *out, struct json_object *o, int indent, time_t now);

/* ctl_print_show.c */
void print_vrrp(FILE *out, struct json_object *data, time_t now);
void print_checks(FILE *out, struct json_object *data, time_t now);
void print_checks_one(FILE *out, struct json_object *data, bool with_rs,
		      time_t now);
void print_ipvs(FILE *out, struct json_object *data);

#endif
