// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket's request line (ctl_cmd.h):
 * {"cmd":NAME,"args":[WORD,...]}, read by vigild, written by vigilctl.
 * Pure; fuzzed by tests/fuzz/fuzz_control.c.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"

static int
fail(struct ctl_req *r, const char *why)
{
	snprintf(r->error, sizeof(r->error), "%s", why);
	r->cmd = NULL;
	return -1;
}

/* "args": absent, or an array of at most CTL_MAX_WORDS strings. Other
 * members are ignored, for newer clients. */
static int
get_args(struct ctl_req *r, struct json_object *o, struct json_object **args)
{
	if (!json_object_object_get_ex(o, "args", args))
		return 0;
	if (!json_object_is_type(*args, json_type_array))
		return fail(r, "\"args\" is not an array of strings");
	if (json_object_array_length(*args) > CTL_MAX_WORDS)
		return fail(r, "too many arguments");
	for (size_t i = 0; i < json_object_array_length(*args); i++)
		if (!json_object_is_type(json_object_array_get_idx(*args, i),
					 json_type_string))
			return fail(r, "\"args\" is not an array of strings");
	return 0;
}

/*
 * A key given twice in one object is an error, not "the last one wins": a
 * request must not mean one thing to vigild and another to whatever reads
 * it first (a proxy, an audit log) and keeps the first. json-c keeps the
 * last and does not say, so the members of each object are counted in the
 * text (the ':' at its level), in document order, and compared with the
 * parsed tree walked in the same order. The two agree up to the first
 * object with a duplicate, which holds fewer members than the text gave it
 * (its own members come after it in both orders). The text is valid JSON
 * when this runs (strict: no comments), nested at most CTL_MAX_DEPTH
 * deep.
 */
#define CTL_MAX_DEPTH 16

static size_t
count_members(const char *buf, size_t len, unsigned *counts)
{
	long stack[CTL_MAX_DEPTH + 1]; /* an object's index; -1: an array */
	size_t nobj = 0, depth = 0;
	char quote = 0; /* inside a string: its quote (json-c takes ' too) */
	bool esc = false;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (quote) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
		} else if ((c == '{' || c == '[') && depth <= CTL_MAX_DEPTH) {
			stack[depth++] = c == '{' ? (long)nobj : -1;
			if (c == '{')
				counts[nobj++] = 0;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		} else if (c == ':' && depth > 0 && stack[depth - 1] >= 0) {
			counts[stack[depth - 1]]++;
		}
	}
	return nobj;
}

static bool
same_members(struct json_object *o, const unsigned *counts, size_t n, size_t *i)
{
	if (json_object_is_type(o, json_type_array)) {
		for (size_t k = 0; k < json_object_array_length(o); k++)
			if (!same_members(json_object_array_get_idx(o, k),
					  counts, n, i))
				return false;
		return true;
	}
	if (!json_object_is_type(o, json_type_object))
		return true;
	if (*i >= n || counts[(*i)++] != (unsigned)json_object_object_length(o))
		return false;
	json_object_object_foreach(o, key, v)
	{
		(void)key;
		if (!same_members(v, counts, n, i))
			return false;
	}
	return true;
}

static int
no_duplicate_keys(struct ctl_req *r, struct json_object *o, const char *buf,
		  size_t len)
{
	unsigned *counts = malloc((len / 2 + 1) * sizeof(*counts));
	size_t n, i = 0;
	bool same;

	if (!counts)
		return fail(r, "out of memory");
	n = count_members(buf, len, counts);
	same = same_members(o, counts, n, &i) && i == n;
	free(counts);
	return same ? 0 : fail(r, "duplicate key in a JSON object");
}

static int
request(struct ctl_req *r, struct json_object *o)
{
	const char *argv[CTL_MAX_WORDS];
	struct json_object *cmd, *args = NULL;
	size_t n;

	if (!json_object_object_get_ex(o, "cmd", &cmd) ||
	    !json_object_is_type(cmd, json_type_string) ||
	    json_object_get_string_len(cmd) >= CTL_NAME_MAX)
		return fail(r, "missing or bad \"cmd\"");
	if (!ctl_cmd_find(json_object_get_string(cmd)))
		return fail(r, "unknown command");
	if (get_args(r, o, &args) < 0)
		return -1;
	n = args ? json_object_array_length(args) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(args, i);

		/* A NUL inside would hide the rest from the parser. */
		if (strlen(json_object_get_string(a)) !=
		    (size_t)json_object_get_string_len(a))
			return fail(r, "NUL in request");
		argv[i] = json_object_get_string(a);
	}
	return ctl_parse(r, json_object_get_string(cmd), (unsigned)n, argv);
}

int
ctl_parse_line(struct ctl_req *r, const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (len > CTL_MAX_REQUEST)
		return fail(r, "request too large");
	if (memchr(buf, '\0', len))
		return fail(r, "NUL in request");
	if (!(tok = json_tokener_new_ex(CTL_MAX_DEPTH)))
		return fail(r, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len ||
	    !json_object_is_type(o, json_type_object))
		fail(r, "not a JSON object");
	else if (no_duplicate_keys(r, o, buf, len) == 0)
		ret = request(r, o);
	json_object_put(o);
	json_tokener_free(tok);
	return ret;
}

char *
ctl_request_line(const char *name, unsigned argc, const char *const *argv)
{
	struct json_object *o = json_object_new_object();
	struct json_object *args = json_object_new_array();
	char *s = NULL;

	if (!o || !args) {
		json_object_put(o);
		json_object_put(args);
		return NULL;
	}
	json_object_object_add(o, "cmd", json_object_new_string(name));
	for (unsigned i = 0; i < argc; i++)
		json_object_array_add(args, json_object_new_string(argv[i]));
	json_object_object_add(o, "args", args);
	if (asprintf(&s, "%s\n",
		     json_object_to_json_string_ext(
			     o, JSON_C_TO_STRING_PLAIN |
					JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
		s = NULL;
	json_object_put(o);
	return s;
}
