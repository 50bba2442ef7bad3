// SPDX-License-Identifier: GPL-2.0-or-later
/* The test tool's JSON table format; see tablejson.h. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "ipvs/names.h"
#include "tests/ipvs/tablejson.h"

struct pctx {
	char *err;
	size_t errlen;
	char path[128];
};

static int __attribute__((format(printf, 2, 3)))
bad(struct pctx *c, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s", c->path, msg);
	return -1;
}

/* Every key of o must be one of the NULL-terminated list. */
static int
known_keys(struct pctx *c, json_object *o, const char *const *keys)
{
	json_object_object_foreach(o, k, v)
	{
		size_t i;

		(void)v;
		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (!keys[i])
			return bad(c, "unknown key \"%s\"", k);
	}
	return 0;
}

static int
get_uint(struct pctx *c, json_object *o, const char *key, uint64_t max,
	 uint64_t def, uint64_t *out)
{
	json_object *v;
	int64_t n;

	*out = def;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return bad(c, "%s: not an integer", key);
	n = json_object_get_int64(v);
	if (n < 0 || (uint64_t)n > max)
		return bad(c, "%s: %lld out of range 0..%llu", key,
			   (long long)n, (unsigned long long)max);
	*out = (uint64_t)n;
	return 0;
}

static const char *
get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int
get_addr(struct pctx *c, json_object *o, uint16_t *af, union ipaddr_u *a)
{
	const char *s = get_str(o, "address");

	if (!s)
		return bad(c, "address: missing");
	if (!*af)
		*af = strchr(s, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(*af, s, a) != 1)
		return bad(c, "address: \"%s\" is not an %s address", s,
			   ipvs_af_name(*af));
	return 0;
}

static int
get_family(struct pctx *c, json_object *o, uint16_t *af)
{
	const char *s = get_str(o, "family");
	int v;

	*af = 0;
	if (!s)
		return 0;
	if ((v = ipvs_af_parse(s)) < 0)
		return bad(c, "family: \"%s\" is not inet or inet6", s);
	*af = (uint16_t)v;
	return 0;
}

/* A list of names, each parsed to a bit, ORed into *bits. */
static int
get_flags(struct pctx *c, json_object *o, const char *key,
	  int (*parse)(const char *), uint32_t *bits)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return bad(c, "%s: not a list", key);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *e = json_object_array_get_idx(v, i);
		int b = json_object_is_type(e, json_type_string)
				? parse(json_object_get_string(e))
				: -1;

		if (b < 0)
			return bad(c, "%s[%zu]: unknown", key, i);
		*bits |= (uint32_t)b;
	}
	return 0;
}

static int
parse_tunnel(struct pctx *c, json_object *o, struct ipvs_dest *d)
{
	static const char *const keys[] = {"type", "port", "flags", NULL};
	const char *type;
	uint32_t flags = 0;
	uint64_t v;
	int t;

	if (known_keys(c, o, keys))
		return -1;
	type = get_str(o, "type");
	t = type ? ipvs_tun_type_parse(type) : IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
	if (t < 0)
		return bad(c, "tunnel type: \"%s\" unknown", type);
	if (get_uint(c, o, "port", 65535, 0, &v) ||
	    get_flags(c, o, "flags", ipvs_tun_flag_parse, &flags))
		return -1;
	d->tun_type = (uint8_t)t;
	d->tun_port = (uint16_t)v;
	d->tun_flags = (uint16_t)flags;
	return 0;
}

static int
parse_dest(struct pctx *c, json_object *o, struct ipvs_service *s)
{
	static const char *const keys[] = {"address", "port",	"family",
					   "forward", "weight", "upper",
					   "lower",   "tunnel", NULL};
	struct ipvs_dest d = {0};
	const char *fwd;
	json_object *tun;
	uint64_t port, w, u, l;
	int f;

	if (known_keys(c, o, keys) || get_family(c, o, &d.key.af) ||
	    get_addr(c, o, &d.key.af, &d.key.addr) ||
	    get_uint(c, o, "port", 65535, s->key.port, &port) ||
	    get_uint(c, o, "weight", INT32_MAX, 1, &w) ||
	    get_uint(c, o, "upper", UINT32_MAX, 0, &u) ||
	    get_uint(c, o, "lower", UINT32_MAX, 0, &l))
		return -1;
	fwd = get_str(o, "forward");
	f = fwd ? ipvs_fwd_parse(fwd) : IPVS_FWD_NAT;
	if (f < 0)
		return bad(c, "forward: \"%s\" unknown", fwd);
	d.key.port = (uint16_t)port;
	d.fwd = (uint32_t)f;
	d.weight = (int32_t)w;
	d.u_thresh = (uint32_t)u;
	d.l_thresh = (uint32_t)l;
	if (json_object_object_get_ex(o, "tunnel", &tun) &&
	    parse_tunnel(c, tun, &d))
		return -1;
	if (!ipvs_service_add_dest(s, &d))
		return bad(c, "out of memory");
	return 0;
}

static int
parse_persistence(struct pctx *c, json_object *o, struct ipvs_service *s)
{
	static const char *const keys[] = {"timeout", "netmask", NULL};
	json_object *nm;
	uint64_t t;

	if (known_keys(c, o, keys) ||
	    get_uint(c, o, "timeout", UINT32_MAX, 360, &t))
		return -1;
	s->flags |= IP_VS_SVC_F_PERSISTENT;
	s->timeout = (uint32_t)t;
	if (!json_object_object_get_ex(o, "netmask", &nm))
		return 0;
	if (s->key.af == AF_INET6) {
		uint64_t p;

		if (get_uint(c, o, "netmask", 128, 128, &p) || p < 1)
			return bad(c, "netmask: a prefix length 1..128");
		s->netmask = (uint32_t)p;
	} else if (!json_object_is_type(nm, json_type_string) ||
		   inet_pton(AF_INET, json_object_get_string(nm),
			     &s->netmask) != 1) {
		return bad(c, "netmask: not a dotted IPv4 netmask");
	}
	return 0;
}

static int
parse_svc_key(struct pctx *c, json_object *o, struct ipvs_svc_key *k)
{
	const char *proto = get_str(o, "protocol");
	uint64_t v;
	int p;

	if (get_family(c, o, &k->af) ||
	    get_uint(c, o, "fwmark", UINT32_MAX, 0, &v))
		return -1;
	k->fwmark = (uint32_t)v;
	if (k->fwmark) {
		k->af = k->af ? k->af : AF_INET;
		return 0;
	}
	if (!proto || (p = ipvs_proto_parse(proto)) < 0)
		return bad(c, "protocol: tcp, udp or sctp (or a fwmark)");
	k->protocol = (uint16_t)p;
	if (get_uint(c, o, "port", 65535, 0, &v))
		return -1;
	k->port = (uint16_t)v;
	return get_addr(c, o, &k->af, &k->addr);
}

static int
parse_dests(struct pctx *c, json_object *o, struct ipvs_service *s)
{
	size_t base = strlen(c->path);
	json_object *ds;

	if (!json_object_object_get_ex(o, "destinations", &ds))
		return 0;
	if (!json_object_is_type(ds, json_type_array))
		return bad(c, "destinations: not a list");
	for (size_t i = 0; i < json_object_array_length(ds); i++) {
		snprintf(c->path + base, sizeof(c->path) - base,
			 ".destinations[%zu]", i);
		if (parse_dest(c, json_object_array_get_idx(ds, i), s))
			return -1;
	}
	c->path[base] = '\0';
	return 0;
}

static int
parse_svc(struct pctx *c, json_object *o, struct ipvs_table *t)
{
	static const char *const keys[] = {
		"family",      "protocol",  "address",	    "port",
		"fwmark",      "scheduler", "flags",	    "ops",
		"persistence", "pe",	    "destinations", NULL};
	struct ipvs_service s = {0}, *ns;
	const char *sched = get_str(o, "scheduler"), *pe = get_str(o, "pe");
	json_object *v;

	if (known_keys(c, o, keys) || parse_svc_key(c, o, &s.key))
		return -1;
	snprintf(s.sched, sizeof(s.sched), "%s", sched ? sched : "wlc");
	snprintf(s.pe, sizeof(s.pe), "%s", pe ? pe : "");
	s.netmask = ipvs_default_netmask(s.key.af);
	if (get_flags(c, o, "flags", ipvs_sched_flag_parse, &s.flags))
		return -1;
	if (json_object_object_get_ex(o, "ops", &v) &&
	    json_object_get_boolean(v))
		s.flags |= IP_VS_SVC_F_ONEPACKET;
	if (json_object_object_get_ex(o, "persistence", &v) &&
	    parse_persistence(c, v, &s))
		return -1;
	if (!(ns = ipvs_table_add(t, &s)))
		return bad(c, "out of memory");
	return parse_dests(c, o, ns);
}

static int
parse_timeouts(struct pctx *c, json_object *o, struct tj_extra *x)
{
	static const char *const keys[] = {"tcp", "tcpfin", "udp", NULL};
	uint64_t tcp, fin, udp;

	if (known_keys(c, o, keys) ||
	    get_uint(c, o, "tcp", INT32_MAX, 0, &tcp) ||
	    get_uint(c, o, "tcpfin", INT32_MAX, 0, &fin) ||
	    get_uint(c, o, "udp", INT32_MAX, 0, &udp))
		return -1;
	x->has_timeouts = true;
	x->timeouts = (struct ipvs_timeouts){(uint32_t)tcp, (uint32_t)fin,
					     (uint32_t)udp};
	return 0;
}

int
tj_parse(json_object *root, struct ipvs_table *t, struct tj_extra *x, char *err,
	 size_t errlen)
{
	static const char *const keys[] = {"timeouts", "services", NULL};
	struct pctx c = {.err = err, .errlen = errlen, .path = "table"};
	json_object *v;

	memset(x, 0, sizeof(*x));
	if (!json_object_is_type(root, json_type_object))
		return bad(&c, "not a JSON object");
	if (known_keys(&c, root, keys))
		return -1;
	if (json_object_object_get_ex(root, "timeouts", &v) &&
	    parse_timeouts(&c, v, x))
		return -1;
	if (!json_object_object_get_ex(root, "services", &v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return bad(&c, "services: not a list");
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		snprintf(c.path, sizeof(c.path), "services[%zu]", i);
		if (parse_svc(&c, json_object_array_get_idx(v, i), t))
			return -1;
	}
	return 0;
}
