// SPDX-License-Identifier: GPL-2.0-or-later
/* The control request parser (control.h); pure, fuzzed by
 * tests/fuzz/fuzz_control.c. */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "core/parent/control.h"

enum vigil_proc
control_topic_proc(const char *topic)
{
	static const struct {
		const char *topic;
		enum vigil_proc proc;
	} topics[] = {
		{"vrrp", PROC_VRRP},
		{"checks", PROC_CHECK},
		{"ipvs", PROC_CHECK},
		{"sync", PROC_SYNC},
	};

	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++)
		if (!strcmp(topic, topics[i].topic))
			return topics[i].proc;
	return PROC_PARENT;
}

/* A string member of at most max-1 bytes; 1 absent, 0 ok, -1 bad. */
static int
get_str(struct json_object *o, const char *key, char *out, size_t max)
{
	struct json_object *v;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v))
		return 1;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	if ((size_t)json_object_get_string_len(v) >= max || strlen(s) >= max)
		return -1;
	strcpy(out, s);
	return 0;
}

static int
fill(struct json_object *o, const struct control_cmd *tab, size_t ntab,
     struct control_req *r, const char **err)
{
	char name[32];
	int t, a;

	if (get_str(o, "cmd", name, sizeof(name)) != 0) {
		*err = "missing or bad \"cmd\"";
		return -1;
	}
	for (size_t i = 0; i < ntab && !r->cmd; i++)
		if (!strcmp(tab[i].name, name))
			r->cmd = &tab[i];
	if (!r->cmd) {
		*err = "unknown command";
		return -1;
	}
	t = get_str(o, "topic", r->topic, sizeof(r->topic));
	a = get_str(o, "arg", r->arg, sizeof(r->arg));
	if (t < 0 || a < 0) {
		*err = "bad \"topic\" or \"arg\"";
		return -1;
	}
	if ((r->cmd->topic && t) || (r->cmd->arg && a)) {
		*err = "missing \"topic\" or \"arg\"";
		return -1;
	}
	if (r->cmd->topic && control_topic_proc(r->topic) == PROC_PARENT) {
		*err = "unknown topic";
		return -1;
	}
	return 0;
}

int
control_parse(const char *buf, size_t len, const struct control_cmd *tab,
	      size_t ntab, struct control_req *r, const char **err)
{
	struct json_tokener *tok;
	struct json_object *o;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (len > CONTROL_MAX_REQUEST || memchr(buf, '\0', len)) {
		*err = len > CONTROL_MAX_REQUEST ? "request too large"
						 : "NUL in request";
		return -1;
	}
	tok = json_tokener_new_ex(16);
	if (!tok) {
		*err = "out of memory";
		return -1;
	}
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len)
		*err = "not a JSON object";
	else if (!json_object_is_type(o, json_type_object))
		*err = "not a JSON object";
	else
		ret = fill(o, tab, ntab, r, err);
	json_object_put(o);
	json_tokener_free(tok);
	if (ret < 0)
		r->cmd = NULL;
	return ret;
}
