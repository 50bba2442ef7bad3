/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading members of a JSON reply whose shape is not trusted: the
 * children's status, as vigilctl prints it and as the parent's management
 * side (mgmt/) serves it. Each getter answers a neutral value (NULL, "",
 * 0) when the object, the member or its type is not there, so a reply of
 * an older or newer child never crashes a reader.
 *
 * Header-only: vigilctl links no runtime.
 */
#ifndef VIGIL_CORE_RUNTIME_JSON_GET_H
#define VIGIL_CORE_RUNTIME_JSON_GET_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* o's member key if it has type t, else NULL. */
static inline struct json_object *
jget(struct json_object *o, const char *key, enum json_type t)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

/* The member as text (any type), dflt (or "") when absent or null. */
static inline const char *
jget_str(struct json_object *o, const char *key, const char *dflt)
{
	struct json_object *v;
	const char *s;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) || !v)
		return dflt ? dflt : "";
	s = json_object_get_string(v);
	return s ? s : "";
}

/* The member as an integer, 0 when absent. */
static inline int64_t
jget_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_int64(v);
}

/* The member as a number (a boolean is 0 or 1), 0 when absent. */
static inline double
jget_num(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return 0;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v);
	return json_object_get_double(v);
}

static inline bool
jget_bool(struct json_object *o, const char *key)
{
	return json_object_get_boolean(jget(o, key, json_type_boolean));
}

/* Length of an array (0 for anything else) and its element i (or NULL). */
static inline size_t
jlen(struct json_object *a)
{
	return json_object_is_type(a, json_type_array)
		       ? json_object_array_length(a)
		       : 0;
}

static inline struct json_object *
jat(struct json_object *a, size_t i)
{
	return i < jlen(a) ? json_object_array_get_idx(a, i) : NULL;
}

#endif
