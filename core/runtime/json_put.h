/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing members of a JSON answer (the children's status and show
 * replies): one line per member at the call site. The counterpart of
 * json_get.h; header-only like it.
 */
#ifndef VIGIL_CORE_RUNTIME_JSON_PUT_H
#define VIGIL_CORE_RUNTIME_JSON_PUT_H

#include <json-c/json.h>
#include <stdint.h>

static inline void
jput_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

static inline void
jput_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/* A counter: JSON has no unsigned 64-bit integer in json-c's writer. */
static inline void
jput_u64(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_int64((int64_t)v));
}

#endif
