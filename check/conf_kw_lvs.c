// SPDX-License-Identifier: GPL-2.0-or-later
/* virtual_server_group, virtual_server and real_server. */
#include "config.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check/conf_check.h"

/* ---- lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [csum...] ---- */

static int
tun_opts(struct conf_pctx *p, struct conf_fwd *f, const struct conf_args *a,
	 int i)
{
	static const struct conf_enum types[] = {{"ipip", CONF_TUN_IPIP},
						 {"gue", CONF_TUN_GUE},
						 {"gre", CONF_TUN_GRE},
						 {NULL, 0}};
	static const struct conf_enum csums[] = {{"nocsum", CONF_CSUM_NOCSUM},
						 {"csum", CONF_CSUM_CSUM},
						 {"remcsum", CONF_CSUM_REMCSUM},
						 {NULL, 0}};
	int x;

	for (; i < a->n; i++) {
		const char *w = a->v[i];

		if (!strcmp(w, "type") && i + 1 < a->n) {
			if (pc_enum(p, "tunnel type", a->v[++i], types, &x) < 0)
				return -1;
			f->tun_type = (uint8_t)x;
		} else if (!strcmp(w, "port") && i + 1 < a->n) {
			if (pc_port(p, "tunnel port", a->v[++i], &f->tun_port) <
			    0)
				return -1;
		} else if (conf_enum_find(csums, w, &x) == 0) {
			f->tun_csum = (uint8_t)x;
		} else {
			pc_err(p,
			       "%s: unexpected '%s' (expected type ipip|gue "
			       "port N|gre, nocsum|csum|remcsum)",
			       a->v[0], w);
			return -1;
		}
	}
	if (f->tun_type == CONF_TUN_GUE && !f->tun_port) {
		pc_err(p, "%s: a gue tunnel needs 'port N'", a->v[0]);
		return -1;
	}
	if (f->tun_type != CONF_TUN_GUE && f->tun_port) {
		pc_err(p, "%s: 'port' is only for gue tunnels", a->v[0]);
		return -1;
	}
	return 0;
}

static int
kw_fwd(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	static const struct conf_enum methods[] = {{"NAT", CONF_FWD_NAT},
						   {"DR", CONF_FWD_DR},
						   {"TUN", CONF_FWD_TUN},
						   {NULL, 0}};
	struct conf_fwd *f = FIELD(obj, kw->off, struct conf_fwd);
	int m;

	if (pc_nargs(p, a, 1, -1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], methods, &m) < 0)
		return -1;
	memset(f, 0, sizeof(*f));
	f->method = (int8_t)m;
	if (m == CONF_FWD_TUN)
		return tun_opts(p, f, a, 2);
	pc_nargs(p, a, 1, 1);
	return 0;
}

/* ---- virtual_server_group ----------------------------------------- */

/* The last address of "A-B" (B replaces A's last octet or group) or
 * "A-C" (a full address). */
static int
range_end(struct conf_pctx *p, const char *first, const char *end,
	  struct conf_vsg_entry *e)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *sep = e->addr.ip.family == AF_INET6 ? ":" : ".";
	const char *cut;

	if (strchr(end, *sep) ||
	    (e->addr.ip.family == AF_INET6 && strchr(end, ':')))
		return pc_addr(p, "range end", end, false, &e->last);
	cut = strrchr(first, *sep);
	if (!cut)
		return -1;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)(cut - first + 1), first,
		 end);
	return pc_addr(p, "range end", buf, false, &e->last);
}

static int
vsg_addr(struct conf_pctx *p, struct conf_vsg_entry *e, const char *s)
{
	char first[INET6_ADDRSTRLEN + 8];
	const char *dash = strchr(s, '-');

	snprintf(first, sizeof(first), "%.*s",
		 (int)(dash ? (size_t)(dash - s) : strlen(s)), s);
	if (pc_addr(p, "virtual_server_group address", first, !dash, &e->addr) <
	    0)
		return -1;
	if (dash)
		return range_end(p, first, dash + 1, e);
	e->last = e->addr;
	if (e->addr.has_prefix) {
		/* A/N: every address of the network */
		size_t bytes = ipaddr_len(e->addr.ip.family);

		for (size_t i = e->addr.prefix; i < bytes * 8; i++)
			e->last.ip.u.b[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		e->last.has_prefix = false;
		e->last.prefix = e->addr.ip.family == AF_INET6 ? 128 : 32;
	}
	return 0;
}

static int
line_vsg(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	static const struct conf_enum fams[] = {
		{"inet", AF_INET}, {"inet6", AF_INET6}, {NULL, 0}};
	struct conf_vsg_entry *e = pc_alloc(p, sizeof(*e));
	int fam;

	if (!e)
		return -1;
	e->loc = p->loc;
	if (!strcmp(a->v[0], "fwmark")) {
		e->kind = CONF_VSGE_FWMARK;
		if (pc_nargs(p, a, 1, 2) < 0 ||
		    pc_u32(p, "fwmark", a->v[1], 1, UINT32_MAX, &e->fwmark) < 0)
			return -1;
		if (a->n > 2) {
			if (pc_enum(p, "fwmark family", a->v[2], fams, &fam) <
			    0)
				return -1;
			e->family = (uint16_t)fam;
		}
	} else {
		e->kind = CONF_VSGE_ADDR;
		if (vsg_addr(p, e, a->v[0]) < 0)
			return -1;
		pc_nargs(p, a, 0, 1);
		if (a->n > 1 && pc_port0(p, "port", a->v[1], &e->port) < 0)
			return -1;
		e->family = e->addr.ip.family;
	}
	conf_list_append(&((struct conf_vsg *)obj)->entries, e);
	return 0;
}

/* clang-format off */
const struct conf_block conf_blk_vsg = {
	.name = "virtual_server_group", .line = line_vsg,
	.kept_off = KW_NOKEPT
};
/* clang-format on */

int
conf_open_vsg(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	struct conf_vsg *g;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	g = pc_alloc(p, sizeof(*g));
	if (!g)
		return -1;
	g->loc = p->loc;
	g->name = pc_strdup(p, a->v[1]);
	conf_list_append(&((struct conf *)obj)->vsgs, g);
	p->child = g;
	return 0;
}

/* ---- virtual_server ----------------------------------------------- */

/* ADDR [PORT] | fwmark N | group NAME */
static int
vs_target(struct conf_pctx *p, struct conf_vs *vs, const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 2) < 0)
		return -1;
	if (!strcmp(a->v[1], "fwmark")) {
		vs->kind = CONF_VS_FWMARK;
		if (a->n < 3) {
			pc_err(p, "'virtual_server fwmark' needs a mark");
			return -1;
		}
		return pc_u32(p, "fwmark", a->v[2], 1, UINT32_MAX, &vs->fwmark);
	}
	if (!strcmp(a->v[1], "group")) {
		vs->kind = CONF_VS_GROUP;
		if (a->n < 3) {
			pc_err(p, "'virtual_server group' needs a group name");
			return -1;
		}
		vs->group = pc_strdup(p, a->v[2]);
		return 0;
	}
	vs->kind = CONF_VS_ADDR;
	if (pc_addr(p, "virtual_server", a->v[1], false, &vs->addr) < 0)
		return -1;
	if (a->n > 2)
		return pc_port0(p, "port", a->v[2], &vs->port);
	return 0;
}

int
conf_open_vs(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_vs *vs = pc_alloc(p, sizeof(*vs));

	if (!vs)
		return -1;
	conf_init_vs(vs);
	vs->loc = p->loc;
	if (vs_target(p, vs, a) < 0)
		return -1;
	conf_list_append(&((struct conf *)obj)->vss, vs);
	p->child = vs;
	return 0;
}

static int
kw_sched(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	 const struct conf_args *a)
{
	static const char *const known[] = {
		"rr",  "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh",
		"sed", "nq",  "fo", "ovf", "mh",   "twos",  NULL};
	struct conf_vs *vs = obj;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	for (const char *const *k = known; *k; k++) {
		if (!strcmp(a->v[1], *k)) {
			vs->sched = pc_strdup(p, a->v[1]);
			return 0;
		}
	}
	pc_err(p,
	       "%s '%s' is not an IPVS scheduler (rr wrr lc wlc lblc "
	       "lblcr dh sh sed nq fo ovf mh twos)",
	       a->v[0], a->v[1]);
	return -1;
}

static int
kw_sched_flag(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	pc_nargs(p, a, 0, 0);
	((struct conf_vs *)obj)->sched_flags |= (uint32_t)kw->min;
	return 0;
}

static int
kw_persistence(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_vs *vs = obj;

	pc_nargs(p, a, 0, 1);
	vs->persistence_timeout = 360; /* ipvsadm's default */
	if (a->n > 1)
		return pc_u32(p, a->v[0], a->v[1], 1, UINT32_MAX / 1000,
			      &vs->persistence_timeout);
	return 0;
}

/* persistence_granularity: an IPv4 netmask, or a prefix length whose
 * family the virtual server gives (conf_validate). */
static int
kw_granularity(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_addr *g = &((struct conf_vs *)obj)->persistence_granularity;
	uint32_t len, m;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	if (conf_parse_u32(a->v[1], &len) == 0) {
		if (len < 1 || len > 128) {
			pc_err(p, "%s %s out of range 1-128", a->v[0], a->v[1]);
			return -1;
		}
		memset(g, 0, sizeof(*g));
		g->prefix = (uint8_t)len;
		g->has_prefix = true;
		return 0;
	}
	if (conf_parse_addr(a->v[1], false, g) < 0 || g->ip.family != AF_INET)
		goto bad;
	/* the mask itself goes to IPVS (check/xlate_ipvs.c); ipvsadm, the
	 * kernel and keepalived take one whose ones are not contiguous */
	m = ntohl(g->ip.u.v4.s_addr);
	if (m & (~m >> 1))
		pc_warn(p, "%s %s: the ones of the netmask are not contiguous",
			a->v[0], a->v[1]);
	g->prefix = (uint8_t)__builtin_popcount(m);
	g->has_prefix = true;
	return 0;
bad:
	pc_err(p,
	       "%s '%s' is not a netmask (e.g. 255.255.255.0) or a prefix "
	       "length",
	       a->v[0], a->v[1]);
	return -1;
}

static int
kw_sorry(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	 const struct conf_args *a)
{
	struct conf_vs *vs = obj;

	if (pc_nargs(p, a, 1, 2) < 0 ||
	    pc_addr(p, a->v[0], a->v[1], false, &vs->sorry_addr) < 0)
		return -1;
	vs->sorry_port = 0;
	if (a->n > 2)
		return pc_port0(p, "sorry_server port", a->v[2],
				&vs->sorry_port);
	return 0;
}

static int
kw_ip_family(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	static const struct conf_enum fams[] = {
		{"inet", AF_INET}, {"inet6", AF_INET6}, {NULL, 0}};
	int f;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], fams, &f) < 0)
		return -1;
	((struct conf_vs *)obj)->family = (uint16_t)f;
	return 0;
}

static int
kw_protocol(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	static const struct conf_enum protos[] = {{"TCP", CONF_PROTO_TCP},
						  {"UDP", CONF_PROTO_UDP},
						  {"SCTP", CONF_PROTO_SCTP},
						  {NULL, 0}};
	struct conf_vs *vs = obj;
	int x;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], protos, &x) < 0)
		return -1;
	vs->protocol = (uint8_t)x;
	vs->protocol_set = true;
	return 0;
}

static int
kw_real_server(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_rs *rs = pc_alloc(p, sizeof(*rs));

	if (!rs)
		return -1;
	conf_init_rs(rs);
	rs->loc = p->loc;
	if (pc_nargs(p, a, 1, 2) < 0 ||
	    pc_addr(p, a->v[0], a->v[1], false, &rs->addr) < 0 ||
	    (a->n > 2 && pc_port0(p, "port", a->v[2], &rs->port) < 0))
		return -1;
	conf_list_append(&((struct conf_vs *)obj)->rs, rs);
	p->child = rs;
	return 0;
}

#define VS(f) offsetof(struct conf_vs, f)

/* clang-format off */
static const struct conf_kw vs_kw[] = {
	KW("alpha", kw_flag, ACT, VS(alpha)),
	KR("connect_timeout", kw_time, ACT, VS(connect_timeout), MSEC(1),
	   SEC(86400)),
	KR("delay_before_retry", kw_time, ACT, VS(delay_before_retry), 0,
	   SEC(86400)),
	KR("delay_loop", kw_time, ACT, VS(delay_loop), MSEC(1), SEC(86400)),
	{ "flag-1", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG1, 0, NULL, NULL,
	  NULL },
	{ "flag-2", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG2, 0, NULL, NULL,
	  NULL },
	{ "flag-3", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG3, 0, NULL, NULL,
	  NULL },
	KW("ha_suspend", kw_flag, ACT, VS(ha_suspend)),
	KR("hysteresis", kw_i32, ACT, VS(hysteresis), 0, 65535),
	KW("inhibit_on_failure", kw_flag, ACT, VS(inhibit_on_failure)),
	KW("ip_family", kw_ip_family, ACT, 0),
	KA("lb_algo", "lvs_sched"),
	KA("lb_kind", "lvs_method"),
	KW("lvs_method", kw_fwd, ACT, VS(fwd)),
	KW("lvs_sched", kw_sched, ACT, 0),
	{ "mh-fallback", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG1, 0, NULL,
	  NULL, NULL },
	{ "mh-port", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG2, 0, NULL, NULL,
	  NULL },
	KW("omega", kw_flag, ACT, VS(omega)),
	KW("ops", kw_flag, ACT, VS(ops)),
	KW("persistence_engine", kw_str, ACT, VS(pe)),
	KW("persistence_granularity", kw_granularity, ACT, 0),
	KW("persistence_timeout", kw_persistence, ACT, 0),
	KW("protocol", kw_protocol, ACT, 0),
	KR("quorum", kw_i32, ACT, VS(quorum), 1, 2147483647),
	KW("quorum_down", kw_script, ACT, VS(quorum_down)),
	KW("quorum_up", kw_script, ACT, VS(quorum_up)),
	KB("real_server", kw_real_server, ACT, 0, &conf_blk_rs),
	KR("retry", kw_u32, ACT, VS(retry), 0, 1000000),
	{ "sh-fallback", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG1, 0, NULL,
	  NULL, NULL },
	{ "sh-port", kw_sched_flag, ACT, 0, CONF_SCHED_FLAG2, 0, NULL, NULL,
	  NULL },
	KW("smtp_alert", kw_tri, ACT, VS(smtp_alert)),
	KW("snmp_name", kw_str, PEND, VS(snmp_name)),
	KW("sorry_server", kw_sorry, ACT, 0),
	KW("sorry_server_inhibit", kw_flag, ACT, VS(sorry_inhibit)),
	KW("sorry_server_lvs_method", kw_fwd, ACT, VS(sorry_fwd)),
	KW("virtualhost", kw_str, ACT, VS(virtualhost)),
	KR("warmup", kw_time, ACT, VS(warmup), 0, SEC(86400)),
	KW("weight", kw_kept, KEEP, VS(kept)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_vs = {
	"virtual_server", vs_kw, NKW(vs_kw), NULL, NULL, VS(kept), NULL
};
/* clang-format on */

/* ---- real_server -------------------------------------------------- */

#define RS(f) offsetof(struct conf_rs, f)
/* clang-format off */
#define CHK(name, type, st)                                                  \
	{ name, conf_open_check, st, 0, type, 0, NULL,                       \
	  &conf_blk_check[type], NULL }
/* clang-format on */

/* clang-format off */
static const struct conf_kw rs_kw[] = {
	CHK("AGENT_CHECK", CONF_CHECK_AGENT, ACT),
	CHK("BFD_CHECK", CONF_CHECK_BFD, PEND),
	CHK("DNS_CHECK", CONF_CHECK_DNS, ACT),
	CHK("FILE_CHECK", CONF_CHECK_FILE, ACT),
	CHK("HTTP_GET", CONF_CHECK_HTTP, ACT),
	CHK("MISC_CHECK", CONF_CHECK_MISC, ACT),
	CHK("PING_CHECK", CONF_CHECK_PING, ACT),
	CHK("SMTP_CHECK", CONF_CHECK_SMTP, ACT),
	CHK("SSL_GET", CONF_CHECK_SSL, ACT),
	CHK("TCP_CHECK", CONF_CHECK_TCP, ACT),
	CHK("UDP_CHECK", CONF_CHECK_UDP, ACT),
	KW("alpha", kw_tri, ACT, RS(alpha)),
	KR("connect_timeout", kw_time, ACT, RS(connect_timeout), MSEC(1),
	   SEC(86400)),
	KR("delay_before_retry", kw_time, ACT, RS(delay_before_retry), 0,
	   SEC(86400)),
	KR("delay_loop", kw_time, ACT, RS(delay_loop), MSEC(1), SEC(86400)),
	KW("inhibit_on_failure", kw_tri, ACT, RS(inhibit_on_failure)),
	KR("lthreshold", kw_u32, ACT, RS(lthreshold), 0, 2147483647),
	KW("lvs_method", kw_fwd, ACT, RS(fwd)),
	KW("notify_down", kw_script, ACT, RS(notify_down)),
	KW("notify_up", kw_script, ACT, RS(notify_up)),
	KR("retry", kw_u32, ACT, RS(retry), 0, 1000000),
	KW("smtp_alert", kw_tri, ACT, RS(smtp_alert)),
	KW("snmp_name", kw_str, PEND, RS(snmp_name)),
	KR("uthreshold", kw_u32, ACT, RS(uthreshold), 0, 2147483647),
	KW("virtualhost", kw_str, ACT, RS(virtualhost)),
	KR("warmup", kw_time, ACT, RS(warmup), 0, SEC(86400)),
	KR("weight", kw_i32, ACT, RS(weight), 0, 65535),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_rs = {
	"real_server", rs_kw, NKW(rs_kw), NULL, NULL, RS(kept), NULL
};
/* clang-format on */
