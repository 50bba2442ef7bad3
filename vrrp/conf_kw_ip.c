// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lines of static_ipaddress / virtual_ipaddress(_excluded), static_routes /
 * virtual_routes and static_rules / virtual_rules: the options of
 * `ip address add`, `ip route add` and `ip rule add` as keepalived.conf(5)
 * lists them. Names of tables, protocols and scopes are the ones iproute2
 * ships; numbers are accepted everywhere.
 */
#include "config.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/icmpv6.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/conf_vrrp.h"

/* clang-format off */
static const struct conf_enum scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
	{ "link", RT_SCOPE_LINK },	 { "host", RT_SCOPE_HOST },
	{ "nowhere", RT_SCOPE_NOWHERE }, { NULL, 0 }
};
/* clang-format on */

/* clang-format off */
static const struct conf_enum tables[] = {
	{ "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN },
	{ "local", RT_TABLE_LOCAL },	 { NULL, 0 }
};
/* clang-format on */

/* clang-format off */
static const struct conf_enum protos[] = {
	{ "redirect", RTPROT_REDIRECT }, { "kernel", RTPROT_KERNEL },
	{ "boot", RTPROT_BOOT },	 { "static", RTPROT_STATIC },
	{ "gated", 8 },			 { "ra", 9 },
	{ "mrt", 10 },			 { "zebra", 11 },
	{ "bird", 12 },			 { "dnrouted", 13 },
	{ "xorp", 14 },			 { "ntk", 15 },
	{ "dhcp", 16 },			 { "keepalived", 18 },
	{ "babel", 42 },		 { "bgp", 186 },
	{ "isis", 187 },		 { "ospf", 188 },
	{ "rip", 189 },			 { "eigrp", 192 },
	{ NULL, 0 }
};
/* clang-format on */

/* clang-format off */
static const struct conf_enum route_types[] = {
	{ "unicast", RTN_UNICAST },	{ "local", RTN_LOCAL },
	{ "broadcast", RTN_BROADCAST }, { "anycast", RTN_ANYCAST },
	{ "multicast", RTN_MULTICAST }, { "blackhole", RTN_BLACKHOLE },
	{ "unreachable", RTN_UNREACHABLE }, { "prohibit", RTN_PROHIBIT },
	{ "throw", RTN_THROW },		{ "nat", RTN_NAT },
	{ NULL, 0 }
};
/* clang-format on */

/* clang-format off */
static const struct conf_enum metrics[] = {
	{ "mtu", CONF_RTM_MTU },
	{ "hoplimit", CONF_RTM_HOPLIMIT },
	{ "advmss", CONF_RTM_ADVMSS },
	{ "rtt", CONF_RTM_RTT },
	{ "rttvar", CONF_RTM_RTTVAR },
	{ "reordering", CONF_RTM_REORDERING },
	{ "window", CONF_RTM_WINDOW },
	{ "cwnd", CONF_RTM_CWND },
	{ "ssthresh", CONF_RTM_SSTHRESH },
	{ "rto_min", CONF_RTM_RTO_MIN },
	{ "initcwnd", CONF_RTM_INITCWND },
	{ "initrwnd", CONF_RTM_INITRWND },
	{ "quickack", CONF_RTM_QUICKACK },
	{ "fastopen_no_cookie", CONF_RTM_FASTOPEN_NO_COOKIE },
	{ NULL, 0 }
};
/* clang-format on */

/* A number, or a name from the table. */
static int
num_or_name(struct conf_pctx *p, const char *what, const char *s,
	    const struct conf_enum *e, uint32_t max, uint32_t *v)
{
	int x;

	if (e && conf_enum_find(e, s, &x) == 0) {
		*v = (uint32_t)x;
		return 0;
	}
	if (conf_parse_u32(s, v) == 0 && *v <= max)
		return 0;
	if (e)
		return pc_enum(p, what, s, e, &x);
	pc_err(p, "%s '%s' is not a number up to %u", what, s, max);
	return -1;
}

static int
i32_named(struct conf_pctx *p, const char *what, const char *s,
	  const struct conf_enum *e, uint32_t max, int32_t *v)
{
	uint32_t x;

	if (num_or_name(p, what, s, e, max, &x) < 0)
		return -1;
	*v = (int32_t)x;
	return 0;
}

/* A decimal or 0x hexadecimal number (marks, masks, realms, tos). */
static int
u32_any(struct conf_pctx *p, const char *what, const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (!*s || *s == '-' || *end || errno || x > UINT32_MAX) {
		pc_err(p, "%s '%s' is not a number", what, s);
		return -1;
	}
	*v = (uint32_t)x;
	return 0;
}

/* "A" or "A/B" (realms, fwmark/mask) */
static int
pair(struct conf_pctx *p, const char *what, const char *s, uint32_t *a,
     uint32_t *b)
{
	char buf[64];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (u32_any(p, what, buf, a) < 0)
		return -1;
	if (!slash)
		return 0;
	return u32_any(p, what, slash, b);
}

/* "A-B" or "A" ranges (uidrange, sport, dport) */
static int
range(struct conf_pctx *p, const char *what, const char *s, uint32_t max,
      uint32_t *lo, uint32_t *hi)
{
	char buf[64];
	char *dash;

	snprintf(buf, sizeof(buf), "%s", s);
	dash = strchr(buf, '-');
	if (dash)
		*dash++ = '\0';
	if (pc_u32(p, what, buf, 0, max, lo) < 0 ||
	    (dash && pc_u32(p, what, dash, 0, max, hi) < 0))
		return -1;
	if (!dash)
		*hi = *lo;
	if (*hi < *lo) {
		pc_err(p, "%s %s: the range ends before it starts", what, s);
		return -1;
	}
	return 0;
}

/* The value after option a->v[*i]; error if there is none. */
static const char *
val(struct conf_pctx *p, const struct conf_args *a, int *i)
{
	if (*i + 1 >= a->n) {
		pc_err(p, "'%s' needs a value", a->v[*i]);
		return NULL;
	}
	return a->v[++*i];
}

/* The value after via/gw: ip-route(8) allows "via [inet|inet6] ADDR"
 * (keepalived too); the family word is checked against the address. */
static const char *
via_val(struct conf_pctx *p, const struct conf_args *a, int *i)
{
	const char *v = val(p, a, i);

	if (v && (!strcmp(v, "inet") || !strcmp(v, "inet6")))
		return val(p, a, i);
	return v;
}

static int
via_addr(struct conf_pctx *p, const struct conf_args *a, int i, const char *v,
	 struct conf_addr *out)
{
	const char *fam = a->v[i - 1];

	if (pc_addr(p, "via", v, false, out) < 0)
		return -1;
	if ((!strcmp(fam, "inet") && out->ip.family != AF_INET) ||
	    (!strcmp(fam, "inet6") && out->ip.family != AF_INET6)) {
		pc_err(p, "via %s %s: the address is not of that family", fam,
		       v);
		return -1;
	}
	return 0;
}

/* ---- addresses ---------------------------------------------------- */

static int
brd(struct conf_pctx *p, struct conf_ipaddr *e, const char *s)
{
	if (!strcmp(s, "+")) {
		e->brd_mode = CONF_BRD_SET;
		return 0;
	}
	if (!strcmp(s, "-")) {
		e->brd_mode = CONF_BRD_CLEAR;
		return 0;
	}
	e->brd_mode = CONF_BRD_ADDR;
	return pc_addr(p, "brd", s, false, &e->brd);
}

static int
ipaddr_flag(struct conf_ipaddr *e, const char *w)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
		{"home", offsetof(struct conf_ipaddr, home)},
		{"-nodad", offsetof(struct conf_ipaddr, nodad)},
		{"nodad", offsetof(struct conf_ipaddr, nodad)},
		{"mngtmpaddr", offsetof(struct conf_ipaddr, mngtmpaddr)},
		{"noprefixroute", offsetof(struct conf_ipaddr, noprefixroute)},
		{"autojoin", offsetof(struct conf_ipaddr, autojoin)},
		{"no_track", offsetof(struct conf_ipaddr, no_track)},
		{"use_vmac", offsetof(struct conf_ipaddr, use_vmac)},
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!strcmp(w, flags[i].name)) {
			*FIELD(e, flags[i].off, bool) = true;
			return 0;
		}
	}
	return -1;
}

static int
ipaddr_value_opt(struct conf_pctx *p, struct conf_ipaddr *e, const char *w,
		 const char *v)
{
	if (!strcmp(w, "brd") || !strcmp(w, "broadcast"))
		return brd(p, e, v);
	if (!strcmp(w, "dev")) {
		e->dev = pc_strdup(p, v);
		return 0;
	}
	if (!strcmp(w, "label")) {
		e->label = pc_strdup(p, v);
		return 0;
	}
	if (!strcmp(w, "scope"))
		return i32_named(p, "scope", v, scopes, 255, &e->scope);
	if (!strcmp(w, "peer"))
		return pc_addr(p, "peer", v, true, &e->peer);
	if (!strcmp(w, "track_group")) {
		e->track_group = pc_strdup(p, v);
		return 0;
	}
	if (!strcmp(v, "forever")) {
		e->preferred_lft = UINT32_MAX - 1;
		return 0;
	}
	return pc_u32(p, "preferred_lft", v, 0, UINT32_MAX - 2,
		      &e->preferred_lft);
}

static int
ipaddr_opt(struct conf_pctx *p, struct conf_ipaddr *e,
	   const struct conf_args *a, int *i)
{
	static const char *const with_value[] = {
		"brd",	"broadcast",   "dev",		"label", "scope",
		"peer", "track_group", "preferred_lft", NULL};
	const char *w = a->v[*i], *v;
	const char *const *k = with_value;

	if (ipaddr_flag(e, w) == 0)
		return 0;
	while (*k && strcmp(*k, w))
		k++;
	if (!*k) {
		pc_err(p, "%s: unknown option '%s'", a->v[0], w);
		return -1;
	}
	if (!(v = val(p, a, i)))
		return -1;
	return ipaddr_value_opt(p, e, w, v);
}

int
conf_line_ipaddr(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	struct conf_ipaddr *e = pc_alloc(p, sizeof(*e));

	if (!e)
		return -1;
	conf_init_ipaddr(e);
	e->loc = p->loc;
	if (pc_addr(p, "address", a->v[0], true, &e->addr) < 0)
		return -1;
	for (int i = 1; i < a->n; i++)
		if (ipaddr_opt(p, e, a, &i) < 0)
			return -1;
	if (e->label && strlen(e->label) >= 16) {
		pc_err(p, "label '%s' is longer than 15 characters", e->label);
		return -1;
	}
	conf_list_append(obj, e);
	return 0;
}

/* ---- routes ------------------------------------------------------- */

struct rctx {
	struct conf_route *r;
	struct conf_nexthop *nh; /* the nexthop being written, if any */
	bool is_default;	 /* "default": 0.0.0.0/0 or ::/0 */
};

static struct conf_nexthop *
new_nexthop(struct conf_pctx *p, struct conf_route *r)
{
	struct conf_nexthop *nh = pc_alloc(p, sizeof(*nh));

	if (nh)
		conf_list_append(&r->nexthops, nh);
	return nh;
}

/* Options of a nexthop: via, dev, weight, onlink. 1 = not one of them. */
static int
nexthop_opt(struct conf_pctx *p, struct conf_nexthop *nh,
	    const struct conf_args *a, int *i)
{
	const char *w = a->v[*i], *v;

	if (!strcmp(w, "onlink")) {
		nh->onlink = true;
		return 0;
	}
	if (strcmp(w, "via") && strcmp(w, "gw") && strcmp(w, "dev") &&
	    strcmp(w, "weight"))
		return 1;
	if (!(v = strcmp(w, "via") && strcmp(w, "gw") ? val(p, a, i)
						      : via_val(p, a, i)))
		return -1;
	if (!strcmp(w, "dev")) {
		nh->dev = pc_strdup(p, v);
		return 0;
	}
	if (!strcmp(w, "weight"))
		return pc_u32(p, "weight", v, 1, 256, &nh->weight);
	return via_addr(p, a, *i, v, &nh->via);
}

/* keepalived's old "X via A or B": multipath via A and B. */
static int
route_or(struct conf_pctx *p, struct rctx *rc, const char *v)
{
	struct conf_route *r = rc->r;

	pc_warn_once(p, "route-or",
		     "\"or\" for routes is deprecated, use "
		     "\"nexthop\"");
	if (!r->nexthops.n) {
		struct conf_nexthop *first = new_nexthop(p, r);

		if (!first)
			return -1;
		first->via = r->via;
		first->dev = r->dev;
		memset(&r->via, 0, sizeof(r->via));
	}
	rc->nh = new_nexthop(p, r);
	if (!rc->nh)
		return -1;
	return pc_addr(p, "or", v, false, &rc->nh->via);
}

static int
metric(struct conf_pctx *p, struct conf_route *r, const struct conf_args *a,
       int *i)
{
	bool lock = false;
	const char *w = a->v[*i], *v;
	int m;

	if (conf_enum_find(metrics, w, &m) < 0)
		return 1;
	if (*i + 1 < a->n && !strcmp(a->v[*i + 1], "lock")) {
		lock = true;
		++*i;
	}
	if (!(v = val(p, a, i)))
		return -1;
	if (lock)
		r->metrics_lock |= 1u << m;
	return pc_u32(p, w, v, 0, 0, &r->metrics[m]);
}

static int
route_str_opt(struct conf_pctx *p, struct conf_route *r, const char *w,
	      const char *v)
{
	if (!strcmp(w, "dev") || !strcmp(w, "oif"))
		r->dev = pc_strdup(p, v);
	else if (!strcmp(w, "track_group"))
		r->track_group = pc_strdup(p, v);
	else if (!strcmp(w, "vrf"))
		r->vrf = pc_strdup(p, v);
	else if (!strcmp(w, "congctl"))
		r->congctl = pc_strdup(p, v);
	else
		return 1;
	return 0;
}

static int
route_num_opt(struct conf_pctx *p, struct conf_route *r, const char *w,
	      const char *v)
{
	uint32_t x;

	if (!strcmp(w, "table"))
		return num_or_name(p, "table", v, tables, UINT32_MAX - 1,
				   &r->table);
	if (!strcmp(w, "metric") || !strcmp(w, "priority") ||
	    !strcmp(w, "preference"))
		return pc_u32(p, w, v, 0, 0, &r->metric);
	if (!strcmp(w, "scope"))
		return i32_named(p, "scope", v, scopes, 255, &r->scope);
	if (!strcmp(w, "protocol") || !strcmp(w, "proto"))
		return i32_named(p, "protocol", v, protos, 255, &r->protocol);
	if (!strcmp(w, "tos") || !strcmp(w, "dsfield")) {
		if (u32_any(p, "tos", v, &x) < 0)
			return -1;
		if (x > 255) {
			pc_err(p, "tos %s out of range 0-255", v);
			return -1;
		}
		r->tos = (int32_t)x;
		return 0;
	}
	if (!strcmp(w, "realms")) {
		uint32_t from = 0;

		x = 0;
		if (pair(p, w, v, &from, &x) < 0)
			return -1;
		r->realms = strchr(v, '/') ? (from << 16) | x : from;
		return 0;
	}
	if (!strcmp(w, "expires"))
		return pc_u32(p, w, v, 0, 0, &r->expires);
	return 1;
}

static int
route_enum_opt(struct conf_pctx *p, struct conf_route *r, const char *w,
	       const char *v)
{
	static const struct conf_enum prefs[] = {
		{"low", ICMPV6_ROUTER_PREF_LOW},
		{"medium", ICMPV6_ROUTER_PREF_MEDIUM},
		{"high", ICMPV6_ROUTER_PREF_HIGH},
		{NULL, 0}};
	static const struct conf_enum onoff[] = {
		{"enabled", 1}, {"disabled", 0}, {NULL, 0}};
	int x;

	if (!strcmp(w, "pref")) {
		if (pc_enum(p, w, v, prefs, &x) < 0)
			return -1;
		r->pref = (int8_t)x;
		return 0;
	}
	if (!strcmp(w, "ttl-propagate")) {
		if (pc_enum(p, w, v, onoff, &x) < 0)
			return -1;
		r->ttl_propagate = (int8_t)x;
		return 0;
	}
	if (!strcmp(w, "features")) {
		if (strcmp(v, "ecn")) {
			pc_err(p, "features '%s': only ecn is known", v);
			return -1;
		}
		r->ecn = true;
		return 0;
	}
	return 1;
}

static int
route_addr_opt(struct conf_pctx *p, struct rctx *rc, const char *w,
	       const char *v)
{
	struct conf_route *r = rc->r;

	if (!strcmp(w, "gw")) {
		pc_warn_once(p, "route-gw",
			     "\"gw\" for routes is deprecated, "
			     "use \"via\"");
		w = "via";
	}
	if (!strcmp(w, "via"))
		return pc_addr(p, "via", v, false, &r->via);
	if (!strcmp(w, "src"))
		return pc_addr(p, "src", v, false, &r->src);
	if (!strcmp(w, "to"))
		return pc_addr(p, "to", v, true, &r->dst);
	if (!strcmp(w, "or"))
		return route_or(p, rc, v);
	return 1;
}

/* Route options that take no value. */
static int
route_flag(struct conf_pctx *p, struct rctx *rc, const char *w)
{
	struct conf_route *r = rc->r;
	int t;

	if (!strcmp(w, "onlink"))
		r->onlink = true;
	else if (!strcmp(w, "append"))
		r->append = true;
	else if (!strcmp(w, "prepend"))
		r->append = false;
	else if (!strcmp(w, "no_track"))
		r->no_track = true;
	else if (!strcmp(w, "inet6"))
		r->family = AF_INET6;
	else if (!strcmp(w, "inet"))
		r->family = AF_INET;
	else if (!strcmp(w, "nexthop"))
		rc->nh = new_nexthop(p, r);
	else if (!strcmp(w, "default"))
		rc->is_default = true;
	else if (!strcmp(w, "default6")) {
		rc->is_default = true;
		pc_warn_once(p, "route-default6",
			     "'default6' is deprecated, "
			     "use 'inet6 default'");
		r->family = AF_INET6;
	} else if (conf_enum_find(route_types, w, &t) == 0)
		r->type = (uint8_t)t;
	else
		return 1;
	return 0;
}

static int
route_word(struct conf_pctx *p, struct rctx *rc, const struct conf_args *a,
	   int *i)
{
	const char *w = a->v[*i], *v;
	int r;

	if (rc->nh && (r = nexthop_opt(p, rc->nh, a, i)) <= 0)
		return r;
	if ((r = route_flag(p, rc, w)) <= 0)
		return r;
	if ((r = metric(p, rc->r, a, i)) <= 0)
		return r;
	if (!strcmp(w, "encap")) {
		/* the rest of the line is the encapsulation */
		rc->r->encap = pc_join(p, a, *i + 1);
		*i = a->n;
		pc_unsupported_once(p, "route-encap",
				    "route 'encap' is not "
				    "supported yet (kept as written)");
		return 0;
	}
	if (!strcmp(w, "lock") && *i + 1 < a->n &&
	    !strcmp(a->v[*i + 1], "congctl")) {
		rc->r->congctl_lock = true;
		return 0;
	}
	if (strchr(w, '.') || strchr(w, ':')) {
		/* a bare address is the destination */
		return pc_addr(p, "destination", w, true, &rc->r->dst);
	}
	if (!strcmp(w, "via") || !strcmp(w, "gw")) {
		if (!(v = via_val(p, a, i)))
			return -1;
		if (!strcmp(a->v[*i - 1], "inet") ||
		    !strcmp(a->v[*i - 1], "inet6"))
			return via_addr(p, a, *i, v, &rc->r->via);
	} else if (!(v = val(p, a, i))) {
		return -1;
	}
	if ((r = route_addr_opt(p, rc, w, v)) <= 0 ||
	    (r = route_str_opt(p, rc->r, w, v)) <= 0 ||
	    (r = route_num_opt(p, rc->r, w, v)) <= 0 ||
	    (r = route_enum_opt(p, rc->r, w, v)) <= 0)
		return r;
	--*i;
	pc_err(p, "route: unknown option '%s'", w);
	return -1;
}

static uint8_t
route_family(const struct conf_route *r)
{
	const struct conf_addr *as[] = {&r->dst, &r->via, &r->src};

	for (size_t i = 0; i < 3; i++)
		if (as[i]->ip.family)
			return (uint8_t)as[i]->ip.family;
	for (struct conf_nexthop *nh = r->nexthops.head; nh; nh = nh->next)
		if (nh->via.ip.family)
			return (uint8_t)nh->via.ip.family;
	return r->family ? r->family : AF_INET;
}

int
conf_line_route(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	struct conf_route *r = pc_alloc(p, sizeof(*r));
	struct rctx rc = {r, NULL, false};

	if (!r)
		return -1;
	conf_init_route(r);
	r->loc = p->loc;
	for (int i = 0; i < a->n; i++)
		if (route_word(p, &rc, a, &i) < 0)
			return -1;
	r->family = route_family(r);
	if (rc.is_default) {
		memset(&r->dst, 0, sizeof(r->dst));
		r->dst.ip.family = r->family;
		r->dst.has_prefix = true;
	}
	conf_list_append(obj, r);
	return 0;
}

/* ---- rules -------------------------------------------------------- */

static int
rule_flag(struct conf_rule *r, const char *w)
{
	static const struct conf_enum actions[] = {
		{"blackhole", FR_ACT_BLACKHOLE},
		{"unreachable", FR_ACT_UNREACHABLE},
		{"prohibit", FR_ACT_PROHIBIT},
		{"nop", FR_ACT_NOP},
		{NULL, 0}};
	int x;

	if (!strcmp(w, "not"))
		r->invert = true;
	else if (!strcmp(w, "l3mdev"))
		r->l3mdev = true;
	else if (!strcmp(w, "no_track"))
		r->no_track = true;
	else if (!strcmp(w, "inet"))
		r->family = AF_INET;
	else if (!strcmp(w, "inet6"))
		r->family = AF_INET6;
	else if (conf_enum_find(actions, w, &x) == 0)
		r->action = (uint8_t)x;
	else
		return 1;
	return 0;
}

static int
rule_port_opt(struct conf_pctx *p, struct conf_rule *r, const char *w,
	      const char *v)
{
	static const struct conf_enum ipprotos[] = {
		{"tcp", IPPROTO_TCP},	       {"udp", IPPROTO_UDP},
		{"sctp", IPPROTO_SCTP},	       {"icmp", IPPROTO_ICMP},
		{"ipv6-icmp", IPPROTO_ICMPV6}, {NULL, 0}};
	uint32_t lo, hi;

	if (!strcmp(w, "ip_proto") || !strcmp(w, "ipproto"))
		return i32_named(p, "ip_proto", v, ipprotos, 255, &r->ip_proto);
	if (!strcmp(w, "sport") || !strcmp(w, "dport")) {
		if (range(p, w, v, 65535, &lo, &hi) < 0)
			return -1;
		if (w[0] == 's') {
			r->sport_start = (uint16_t)lo;
			r->sport_end = (uint16_t)hi;
		} else {
			r->dport_start = (uint16_t)lo;
			r->dport_end = (uint16_t)hi;
		}
		return 0;
	}
	if (!strcmp(w, "uidrange"))
		return range(p, w, v, UINT32_MAX - 1, &r->uid_start,
			     &r->uid_end);
	if (!strcmp(w, "tunnel-id") || !strcmp(w, "tun_id"))
		return conf_parse_u64(v, &r->tunnel_id) == 0
			       ? 0
			       : (pc_err(p, "tunnel-id '%s' is not a number",
					 v),
				  -1);
	return 1;
}

static int
rule_opt(struct conf_pctx *p, struct conf_rule *r, const char *w, const char *v)
{
	if (!strcmp(w, "from"))
		return pc_addr(p, "from", v, true, &r->from);
	if (!strcmp(w, "to"))
		return pc_addr(p, "to", v, true, &r->to);
	if (!strcmp(w, "table") || !strcmp(w, "lookup"))
		return num_or_name(p, "table", v, tables, UINT32_MAX - 1,
				   &r->table);
	if (!strcmp(w, "preference") || !strcmp(w, "priority") ||
	    !strcmp(w, "order") || !strcmp(w, "pref"))
		return pc_u32(p, "preference", v, 0, UINT32_MAX - 1,
			      &r->priority);
	if (!strcmp(w, "tos") || !strcmp(w, "dsfield")) {
		uint32_t x;

		if (u32_any(p, "tos", v, &x) < 0)
			return -1;
		if (x > 255) {
			pc_err(p, "tos %s out of range 0-255", v);
			return -1;
		}
		r->tos = (int32_t)x;
		return 0;
	}
	if (!strcmp(w, "fwmark")) {
		r->fwmask = UINT32_MAX;
		return pair(p, w, v, &r->fwmark, &r->fwmask);
	}
	if (!strcmp(w, "realms")) {
		uint32_t from = 0, to = 0;

		if (pair(p, w, v, &from, &to) < 0)
			return -1;
		r->realms = strchr(v, '/') ? (from << 16) | to : from;
		return 0;
	}
	if (!strcmp(w, "goto")) {
		r->action = FR_ACT_GOTO;
		return pc_u32(p, w, v, 0, 0, &r->goto_target);
	}
	if (!strcmp(w, "suppress_prefixlength") ||
	    !strcmp(w, "suppress_prefixlen"))
		return pc_i32(p, w, v, 0, 128, &r->suppress_prefixlen);
	if (!strcmp(w, "suppress_ifgroup"))
		return pc_u32(p, w, v, 0, 0, &r->suppress_ifgroup);
	if (!strcmp(w, "iif") || !strcmp(w, "dev")) {
		r->iif = pc_strdup(p, v);
		return 0;
	}
	if (!strcmp(w, "oif")) {
		r->oif = pc_strdup(p, v);
		return 0;
	}
	if (!strcmp(w, "protocol"))
		return i32_named(p, "protocol", v, protos, 255, &r->protocol);
	if (!strcmp(w, "track_group")) {
		r->track_group = pc_strdup(p, v);
		return 0;
	}
	return rule_port_opt(p, r, w, v);
}

int
conf_line_rule(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	struct conf_rule *r = pc_alloc(p, sizeof(*r));

	if (!r)
		return -1;
	conf_init_rule(r);
	r->loc = p->loc;
	for (int i = 0; i < a->n; i++) {
		const char *w = a->v[i], *v;
		int res = rule_flag(r, w);

		if (res == 0)
			continue;
		if (!(v = val(p, a, &i)))
			return -1;
		res = rule_opt(p, r, w, v);
		if (res < 0)
			return -1;
		if (res > 0) {
			pc_err(p, "rule: unknown option '%s'", w);
			return -1;
		}
	}
	if (!r->family)
		r->family = r->from.ip.family ? (uint8_t)r->from.ip.family
			    : r->to.ip.family ? (uint8_t)r->to.ip.family
					      : AF_INET;
	conf_list_append(obj, r);
	return 0;
}

/* clang-format off */
const struct conf_block conf_blk_ipaddr_list = {
	.name = "address list", .line = conf_line_ipaddr,
	.kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_route_list = {
	.name = "route list", .line = conf_line_route, .kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_rule_list = {
	.name = "rule list", .line = conf_line_rule, .kept_off = KW_NOKEPT
};
/* clang-format on */
