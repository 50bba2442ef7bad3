// SPDX-License-Identifier: GPL-2.0-or-later
/* The checker config from JSON, keyed by keepalived's keywords. */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/conf_json.h"
#include "check/conf_regex.h"

struct jctx {
	char *err;
	size_t errlen;
	char where[96];
};

static int
jerr(struct jctx *j, const char *key, const char *what)
{
	snprintf(j->err, j->errlen, "%s: %s: %s", j->where, key, what);
	return -1;
}

/* ---- simple fields, described by tables ---- */

enum jkind {
	J_TIME,
	J_INT32,
	J_INT64,
	J_TRI,
	J_BOOL,
	J_STR,
	J_ADDR,
	J_U16,
	J_U32,
	J_U64,
	J_IFNAME
};

struct jfield {
	const char *key;
	enum jkind kind;
	size_t off;
};

#define KNOB(k, f, kind)                                                       \
	{                                                                      \
		k, kind, offsetof(struct chk_knobs, f)                         \
	}
static const struct jfield knob_fields[] = {
	KNOB("delay_loop", delay_loop, J_TIME),
	KNOB("connect_timeout", connect_timeout, J_TIME),
	KNOB("delay_before_retry", delay_before_retry, J_TIME),
	KNOB("warmup", warmup, J_TIME),
	KNOB("retry", retry, J_INT32),
	KNOB("alpha", alpha, J_TRI),
	KNOB("log_all_failures", log_all_failures, J_TRI),
	{NULL, 0, 0},
};

#define TGT(k, f, kind)                                                        \
	{                                                                      \
		k, kind, offsetof(struct chk_target, f)                        \
	}
static const struct jfield target_fields[] = {
	TGT("connect_ip", connect_ip, J_ADDR),
	TGT("connect_port", connect_port, J_U16),
	TGT("bindto", bindto, J_ADDR),
	TGT("bind_port", bind_port, J_U16),
	TGT("bind_if", bind_if, J_IFNAME),
	TGT("fwmark", fwmark, J_U32),
	{NULL, 0, 0},
};

static int
set_number(struct jctx *j, const char *key, json_object *v, void *dst,
	   enum jkind kind)
{
	double d = json_object_get_double(v);
	int64_t i = json_object_get_int64(v);

	if (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double))
		return jerr(j, key, "not a number");
	switch (kind) {
	case J_TIME:
		if (!(d >= 0) || d > 1e9)
			return jerr(j, key, "not a time in seconds");
		*(ev_time_t *)dst = (ev_time_t)(d * 1e6 + 0.5);
		return 0;
	case J_INT32:
		if (i < 0 || i > INT32_MAX)
			return jerr(j, key, "out of range");
		*(int32_t *)dst = (int32_t)i;
		return 0;
	case J_INT64:
		*(int64_t *)dst = i;
		return 0;
	case J_U16:
		if (i < 0 || i > 65535)
			return jerr(j, key, "out of range");
		*(uint16_t *)dst = (uint16_t)i;
		return 0;
	case J_U32:
		if (i < 0 || i > UINT32_MAX)
			return jerr(j, key, "out of range");
		*(uint32_t *)dst = (uint32_t)i;
		return 0;
	default:
		if (i < 0)
			return jerr(j, key, "out of range");
		*(uint64_t *)dst = (uint64_t)i;
		return 0;
	}
}

static int
set_field(struct jctx *j, const struct jfield *f, json_object *v, void *base)
{
	void *dst = (char *)base + f->off;
	const char *s = json_object_get_string(v);

	switch (f->kind) {
	case J_TRI:
	case J_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			return jerr(j, f->key, "not true/false");
		if (f->kind == J_TRI)
			*(int8_t *)dst = json_object_get_boolean(v) ? 1 : 0;
		else
			*(bool *)dst = json_object_get_boolean(v);
		return 0;
	case J_STR:
		if (!json_object_is_type(v, json_type_string))
			return jerr(j, f->key, "not a string");
		return chk_strset(dst, s) < 0 ? jerr(j, f->key, "no memory")
					      : 0;
	case J_ADDR:
		if (!json_object_is_type(v, json_type_string) ||
		    chk_addr_parse_hostport(dst, s) < 0)
			return jerr(j, f->key, "not an address");
		return 0;
	case J_IFNAME:
		if (!json_object_is_type(v, json_type_string) ||
		    strlen(s) >= IF_NAMESIZE)
			return jerr(j, f->key, "not an interface name");
		memcpy(dst, s, strlen(s) + 1);
		return 0;
	default:
		return set_number(j, f->key, v, dst, f->kind);
	}
}

/* 1 if key is in the table (and set), 0 if not, -1 on error. */
static int
table_set(struct jctx *j, const struct jfield *t, const char *key,
	  json_object *v, void *base)
{
	for (; t->key; t++)
		if (!strcmp(t->key, key))
			return set_field(j, t, v, base) < 0 ? -1 : 1;
	return 0;
}

/* ---- checkers ---- */

static int
status_codes(struct jctx *j, struct chk_url *u, json_object *v)
{
	char *copy, *save = NULL;
	int rc = 0;

	if (json_object_is_type(v, json_type_int))
		return chk_url_add_status(u, (uint16_t)json_object_get_int(v),
					  (uint16_t)json_object_get_int(v));
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if (status_codes(j, u, json_object_array_get_idx(v, i)))
				return -1;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string) ||
	    !(copy = strdup(json_object_get_string(v))))
		return jerr(j, "status_code", "not a list of codes");
	for (char *t = strtok_r(copy, " ,", &save); t && !rc;
	     t = strtok_r(NULL, " ,", &save)) {
		unsigned lo, hi;
		int n = 0;

		if (sscanf(t, "%u-%u%n", &lo, &hi, &n) == 2 && !t[n])
			rc = lo > hi || hi > 999
				     ? -1
				     : chk_url_add_status(u, lo, hi);
		else if (sscanf(t, "%u%n", &lo, &n) == 1 && !t[n] && lo <= 999)
			rc = chk_url_add_status(u, lo, lo);
		else
			rc = -1;
	}
	free(copy);
	return rc ? jerr(j, "status_code", "bad code or range") : 0;
}

static int
digest(struct jctx *j, struct chk_url *u, json_object *v)
{
	const char *s = json_object_get_string(v);

	if (!json_object_is_type(v, json_type_string) || strlen(s) != 32)
		return jerr(j, "digest", "not 32 hex digits");
	for (int i = 0; i < 16; i++) {
		unsigned b;

		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return jerr(j, "digest", "not 32 hex digits");
		u->digest[i] = (uint8_t)b;
	}
	u->has_digest = true;
	return 0;
}

static int
regex_options(struct jctx *j, struct chk_url *u, json_object *v)
{
	const char *s = json_object_get_string(v);

	if (!json_object_is_type(v, json_type_string))
		return jerr(j, "regex_options", "not a string");
	if (conf_regex_flags(s, &u->regex_flags) < 0)
		return jerr(j, "regex_options", "unknown option");
	return 0;
}

#define URLF(k, f, kind)                                                       \
	{                                                                      \
		k, kind, offsetof(struct chk_url, f)                           \
	}
static const struct jfield url_fields[] = {
	URLF("path", path, J_STR),
	URLF("virtualhost", virtualhost, J_STR),
	URLF("regex", regex, J_STR),
	URLF("regex_no_match", regex_no_match, J_BOOL),
	URLF("regex_min_offset", regex_min_offset, J_U32),
	URLF("regex_max_offset", regex_max_offset, J_U32),
	URLF("regex_stack_start", regex_stack_start, J_U32),
	URLF("regex_stack_max", regex_stack_max, J_U32),
	{NULL, 0, 0},
};

static int
url(struct jctx *j, struct chk_http *h, json_object *o)
{
	struct chk_url *u = chk_http_add_url(h, "/");

	if (!u || !json_object_is_type(o, json_type_object))
		return jerr(j, "url", "not an object");
	json_object_object_foreach(o, key, v)
	{
		int r = table_set(j, url_fields, key, v, u);

		if (r < 0)
			return -1;
		if (r)
			continue;
		if (!strcmp(key, "status_code"))
			r = status_codes(j, u, v);
		else if (!strcmp(key, "digest"))
			r = digest(j, u, v);
		else if (!strcmp(key, "regex_options"))
			r = regex_options(j, u, v);
		else
			return jerr(j, key, "unknown key in url");
		if (r < 0)
			return -1;
	}
	return 0;
}

static int
http_proto(struct jctx *j, struct chk_http *h, json_object *v)
{
	const char *s = json_object_get_string(v);

	if (!strcmp(s, "1.0"))
		h->proto = CHK_HTTP_10;
	else if (!strcmp(s, "1.0C"))
		h->proto = CHK_HTTP_10C;
	else if (!strcmp(s, "1.1"))
		h->proto = CHK_HTTP_11;
	else
		return jerr(j, "http_protocol", "not 1.0, 1.0C or 1.1");
	return 0;
}

#define HTTPF(k, f, kind)                                                      \
	{                                                                      \
		k, kind, offsetof(struct chk_http, f)                          \
	}
static const struct jfield http_fields[] = {
	HTTPF("virtualhost", virtualhost, J_STR),
	HTTPF("enable_sni", enable_sni, J_BOOL),
	HTTPF("ssl_verify", verify, J_BOOL),
	HTTPF("max_body", max_body, J_U64),
	{NULL, 0, 0},
};

static int
http_key(struct jctx *j, struct chk_probe_conf *pc, const char *key,
	 json_object *v)
{
	struct chk_http *h = &pc->u.http;
	int r = table_set(j, http_fields, key, v, h);

	if (r)
		return r < 0 ? -1 : 1;
	if (!strcmp(key, "http_protocol"))
		return http_proto(j, h, v) < 0 ? -1 : 1;
	if (!strcmp(key, "fast_recovery"))
		return 1; /* every url is checked back to back anyway */
	if (strcmp(key, "url"))
		return 0;
	if (json_object_is_type(v, json_type_object))
		return url(j, h, v) < 0 ? -1 : 1;
	if (!json_object_is_type(v, json_type_array))
		return jerr(j, "url", "not an object or a list");
	for (size_t i = 0; i < json_object_array_length(v); i++)
		if (url(j, h, json_object_array_get_idx(v, i)) < 0)
			return -1;
	return 1;
}

static int
hex_field(struct jctx *j, const char *key, json_object *v, uint8_t **bytes,
	  uint8_t **mask, size_t *len)
{
	ssize_t n;

	if (!json_object_is_type(v, json_type_string) ||
	    (n = chk_hex_parse(json_object_get_string(v), bytes, mask)) < 0)
		return jerr(j, key, "not a hex string");
	*len = (size_t)n;
	return 1;
}

#define UDPF(k, f, kind)                                                       \
	{                                                                      \
		k, kind, offsetof(struct chk_udp, f)                           \
	}
static const struct jfield udp_fields[] = {
	UDPF("min_reply_length", min_reply_length, J_U32),
	UDPF("max_reply_length", max_reply_length, J_U32),
	{NULL, 0, 0},
};

static int
udp_key(struct jctx *j, struct chk_probe_conf *pc, const char *key,
	json_object *v)
{
	struct chk_udp *u = &pc->u.udp;
	int r = table_set(j, udp_fields, key, v, u);

	if (r)
		return r;
	if (!strcmp(key, "payload"))
		return hex_field(j, key, v, &u->payload, NULL, &u->payload_len);
	if (strcmp(key, "require_reply"))
		return 0;
	u->require_reply = true;
	if (json_object_is_type(v, json_type_boolean)) {
		u->require_reply = json_object_get_boolean(v);
		return 1;
	}
	return hex_field(j, key, v, &u->reply, &u->reply_mask, &u->reply_len);
}

static int
dns_key(struct jctx *j, struct chk_probe_conf *pc, const char *key,
	json_object *v)
{
	if (!strcmp(key, "name")) {
		if (!json_object_is_type(v, json_type_string))
			return jerr(j, key, "not a string");
		return chk_strset(&pc->u.dns.name, json_object_get_string(v))
			       ? -1
			       : 1;
	}
	if (strcmp(key, "type"))
		return 0;
	pc->u.dns.type = chk_dns_type_from_name(json_object_get_string(v));
	return pc->u.dns.type ? 1 : jerr(j, key, "unknown DNS type");
}

#define MISCF(k, f, kind)                                                      \
	{                                                                      \
		k, kind, offsetof(struct chk_misc, f)                          \
	}
static const struct jfield misc_fields[] = {
	MISCF("misc_path", path, J_STR),
	MISCF("misc_timeout", timeout, J_TIME),
	MISCF("misc_dynamic", dynamic, J_BOOL),
	MISCF("user", user, J_STR),
	{NULL, 0, 0},
};

#define FILEF(k, f, kind)                                                      \
	{                                                                      \
		k, kind, offsetof(struct chk_file, f)                          \
	}
static const struct jfield file_fields[] = {
	FILEF("track_file", name, J_STR),
	FILEF("file", path, J_STR),
	FILEF("reverse", reverse, J_BOOL),
	FILEF("dynamic", dynamic, J_BOOL),
	{NULL, 0, 0},
};

static int
file_key(struct jctx *j, struct chk_probe_conf *pc, const char *key,
	 json_object *v)
{
	int64_t w;
	int r = table_set(j, file_fields, key, v, &pc->u.file);

	if (r || strcmp(key, "weight"))
		return r;
	w = json_object_get_int64(v);
	if (!json_object_is_type(v, json_type_int) || w < -2147483647 ||
	    w > 2147483647)
		return jerr(j, key, "out of range");
	pc->u.file.weight = (int32_t)w;
	return 1;
}

static const struct jfield smtp_fields[] = {
	{"helo_name", J_STR, offsetof(struct chk_smtp, helo_name)},
	{NULL, 0, 0},
};

static const struct jfield agent_fields[] = {
	{"agent_send", J_STR, offsetof(struct chk_agent, send)},
	{NULL, 0, 0},
};

/* The type-specific keys: 1 handled, 0 not a key of this type, -1. */
static int
type_key(struct jctx *j, struct chk_probe_conf *pc, const char *key,
	 json_object *v)
{
	switch (pc->type) {
	case CHK_HTTP:
	case CHK_SSL:
		return http_key(j, pc, key, v);
	case CHK_UDP:
		return udp_key(j, pc, key, v);
	case CHK_DNS:
		return dns_key(j, pc, key, v);
	case CHK_SMTP:
		return table_set(j, smtp_fields, key, v, &pc->u.smtp);
	case CHK_MISC:
		return table_set(j, misc_fields, key, v, &pc->u.misc);
	case CHK_FILE:
		return file_key(j, pc, key, v);
	case CHK_AGENT:
		return table_set(j, agent_fields, key, v, &pc->u.agent);
	default:
		return 0;
	}
}

static int
check(struct jctx *j, struct chk_rs_conf *rs, json_object *o)
{
	json_object *t;
	struct chk_probe_conf *pc;
	int type;

	if (!json_object_object_get_ex(o, "checker", &t) ||
	    (type = chk_type_from_name(json_object_get_string(t))) < 0)
		return jerr(j, "checker", "missing or unknown checker type");
	if (!(pc = chk_rs_add_check(rs, (enum chk_type)type)))
		return jerr(j, "checker", "no memory");
	json_object_object_foreach(o, key, v)
	{
		int r;

		if (!strcmp(key, "checker"))
			continue;
		r = table_set(j, knob_fields, key, v, &pc->knobs);
		if (!r)
			r = table_set(j, target_fields, key, v, &pc->target);
		if (!r)
			r = type_key(j, pc, key, v);
		if (!r)
			return jerr(j, key, "unknown key in checker");
		if (r < 0)
			return -1;
	}
	return 0;
}

/* ---- real and virtual servers ---- */

#define RSF(k, f, kind)                                                        \
	{                                                                      \
		k, kind, offsetof(struct chk_rs_conf, f)                       \
	}
static const struct jfield rs_fields[] = {
	RSF("virtualhost", virtualhost, J_STR),
	RSF("inhibit_on_failure", inhibit_on_failure, J_TRI),
	{NULL, 0, 0},
};

static int
list(struct jctx *j, json_object *v, const char *key,
     int (*each)(struct jctx *, void *, json_object *), void *obj)
{
	if (!json_object_is_type(v, json_type_array))
		return jerr(j, key, "not a list");
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_object))
			return jerr(j, key, "not a list of objects");
		if (each(j, obj, e) < 0)
			return -1;
	}
	return 0;
}

static int
each_check(struct jctx *j, void *rs, json_object *o)
{
	return check(j, rs, o);
}

static int
rs_weight(struct jctx *j, struct chk_rs_conf *rs, json_object *v)
{
	int64_t w = json_object_get_int64(v);

	if (!json_object_is_type(v, json_type_int) || w < 0 ||
	    w > CHK_WEIGHT_MAX)
		return jerr(j, "weight", "out of range");
	rs->weight = (int32_t)w;
	return 0;
}

static int
real_server(struct jctx *j, void *arg, json_object *o)
{
	struct chk_vs_conf *vs = arg;
	struct chk_addr a;
	struct chk_rs_conf *rs;
	json_object *v;

	if (!json_object_object_get_ex(o, "address", &v) ||
	    chk_addr_parse_hostport(&a, json_object_get_string(v)) < 0)
		return jerr(j, "address", "missing or not an address");
	if (json_object_object_get_ex(o, "port", &v))
		chk_addr_set_port(&a, (uint16_t)json_object_get_int(v));
	if (!(rs = chk_vs_add_rs(vs, &a)))
		return jerr(j, "address", "no memory");
	json_object_object_foreach(o, key, val)
	{
		int r = table_set(j, rs_fields, key, val, rs);

		if (!r)
			r = table_set(j, knob_fields, key, val, &rs->knobs);
		if (!r && !strcmp(key, "checks"))
			r = list(j, val, key, each_check, rs) < 0 ? -1 : 1;
		if (!r && !strcmp(key, "weight"))
			r = rs_weight(j, rs, val) < 0 ? -1 : 1;
		if (!r && (!strcmp(key, "address") || !strcmp(key, "port")))
			r = 1;
		if (!r)
			return jerr(j, key, "unknown key in real server");
		if (r < 0)
			return -1;
	}
	return 0;
}

#define VSF(k, f, kind)                                                        \
	{                                                                      \
		k, kind, offsetof(struct chk_vs_conf, f)                       \
	}
static const struct jfield vs_fields[] = {
	VSF("inhibit_on_failure", inhibit_on_failure, J_BOOL),
	VSF("quorum", quorum, J_INT64),
	VSF("hysteresis", hysteresis, J_INT64),
	VSF("ha_suspend", ha_suspend, J_BOOL),
	VSF("virtualhost", virtualhost, J_STR),
	VSF("sorry_server_inhibit", sorry_inhibit, J_BOOL),
	{NULL, 0, 0},
};

static int
vs_key(struct jctx *j, struct chk_vs_conf *vs, const char *key, json_object *v)
{
	int r = table_set(j, vs_fields, key, v, vs);

	if (!r)
		r = table_set(j, knob_fields, key, v, &vs->knobs);
	if (r)
		return r;
	if (!strcmp(key, "name"))
		return 1;
	if (!strcmp(key, "sorry_server")) {
		if (chk_addr_parse_hostport(&vs->sorry,
					    json_object_get_string(v)) < 0)
			return jerr(j, key, "not an address");
		vs->has_sorry = true;
		return 1;
	}
	if (!strcmp(key, "real_servers"))
		return list(j, v, key, real_server, vs) < 0 ? -1 : 1;
	return 0;
}

static int
virtual_server(struct jctx *j, void *arg, json_object *o)
{
	struct chk_conf *c = arg;
	struct chk_vs_conf *vs;
	json_object *n;

	if (!json_object_object_get_ex(o, "name", &n) ||
	    !json_object_is_type(n, json_type_string))
		return jerr(j, "name", "virtual server without a name");
	if (!(vs = chk_conf_add_vs(c, json_object_get_string(n))))
		return jerr(j, "name", "no memory");
	snprintf(j->where, sizeof(j->where), "vs %s", vs->name);
	json_object_object_foreach(o, key, v)
	{
		int r = vs_key(j, vs, key, v);

		if (!r)
			return jerr(j, key, "unknown key in virtual server");
		if (r < 0)
			return -1;
	}
	return 0;
}

#define SSLF(k, f)                                                             \
	{                                                                      \
		k, J_STR, offsetof(struct chk_ssl_conf, f)                     \
	}
static const struct jfield ssl_fields[] = {
	SSLF("ca", ca),	  SSLF("certificate", certificate),
	SSLF("key", key), SSLF("password", password),
	{NULL, 0, 0},
};

static int
top(struct jctx *j, struct chk_conf *c, json_object *root)
{
	if (!json_object_is_type(root, json_type_object))
		return jerr(j, "top", "not an object");
	json_object_object_foreach(root, key, v)
	{
		if (!strcmp(key, "virtual_servers")) {
			if (list(j, v, key, virtual_server, c) < 0)
				return -1;
		} else if (!strcmp(key, "ssl")) {
			json_object_object_foreach(v, k2, v2)
			{
				int r = table_set(j, ssl_fields, k2, v2,
						  &c->ssl);

				if (r <= 0)
					return r ? -1
						 : jerr(j, k2,
							"unknown key in ssl");
			}
		} else {
			return jerr(j, key, "unknown top-level key");
		}
	}
	return 0;
}

struct chk_conf *
chk_conf_from_json(const char *text, char *err, size_t errlen)
{
	struct jctx j = {.err = err, .errlen = errlen, .where = "config"};
	enum json_tokener_error jerrno = json_tokener_success;
	json_object *root = json_tokener_parse_verbose(text, &jerrno);
	struct chk_conf *c;

	if (!root) {
		snprintf(err, errlen, "JSON: %s",
			 json_tokener_error_desc(jerrno));
		return NULL;
	}
	c = chk_conf_new();
	if (!c || top(&j, c, root) < 0) {
		if (!c)
			snprintf(err, errlen, "out of memory");
		chk_conf_free(c);
		c = NULL;
	}
	json_object_put(root);
	return c;
}

struct chk_conf *
chk_conf_load_json(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t cap = 0, len = 0;
	struct chk_conf *c = NULL;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		char *t;
		size_t n;

		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (!(t = realloc(text, cap)))
				goto out;
			text = t;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	text[len] = '\0';
	c = chk_conf_from_json(text, err, errlen);
out:
	if (!text)
		snprintf(err, errlen, "out of memory");
	free(text);
	fclose(f);
	return c;
}
