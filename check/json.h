/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small json-c helpers shared by the status and the check child's answers
 * (defined in check/status.c). A NULL string adds a JSON null. */
#ifndef VIGIL_CHECK_JSON_H
#define VIGIL_CHECK_JSON_H

#include <stdbool.h>
#include <stdint.h>

struct json_object;

void chk_json_str(struct json_object *o, const char *k, const char *v);
void chk_json_int(struct json_object *o, const char *k, int64_t v);
void chk_json_bool(struct json_object *o, const char *k, bool v);

#endif
