// SPDX-License-Identifier: GPL-2.0-or-later
/* Health checker blocks of a real_server and HTTP url blocks. */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "check/conf_check.h"

#define C(f) offsetof(struct conf_check, f)

/* The real server being parsed: the last one of the last virtual server. */
static struct conf_rs *
current_rs(struct conf_pctx *p)
{
	struct conf_vs *vs = p->c->vss.tail;

	return vs ? vs->rs.tail : NULL;
}

int
conf_open_check(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		const struct conf_args *a)
{
	struct conf_check *c = pc_alloc(p, sizeof(*c));

	if (!c)
		return -1;
	pc_nargs(p, a, 0, 0);
	conf_init_check(c, (int)kw->min);
	c->loc = p->loc;
	if (c->type == CONF_CHECK_UDP) {
		c->udp = pc_alloc(p, sizeof(*c->udp));
		if (!c->udp)
			return -1;
		c->udp->max_reply_length = CONF_UNSET_U32;
	}
	conf_list_append(&((struct conf_rs *)obj)->checkers, c);
	p->child = c;
	return 0;
}

/* ---- common options ----------------------------------------------- */

/* clang-format off */
static const struct conf_kw common_kw[] = {
	KW("alpha", kw_tri, ACT, C(alpha)),
	KW("bind_if", kw_str, ACT, C(bind_if)),
	KW("bind_port", kw_port, ACT, C(bind_port)),
	KX("bindto", kw_addr, ACT, C(bindto), NULL),
	KX("connect_ip", kw_addr, ACT, C(connect_ip), NULL),
	KW("connect_port", kw_port, ACT, C(connect_port)),
	KR("connect_timeout", kw_time, ACT, C(connect_timeout), MSEC(1),
	   SEC(86400)),
	KR("delay_before_retry", kw_time, ACT, C(delay_before_retry), 0,
	   SEC(86400)),
	KR("delay_loop", kw_time, ACT, C(delay_loop), MSEC(1), SEC(86400)),
	KR("fwmark", kw_u32, ACT, C(fwmark), 1, UINT32_MAX),
	KW("log_all_failures", kw_tri, ACT, C(log_all_failures)),
	KA("nb_get_retry", "retry"),
	KR("retry", kw_u32, ACT, C(retry), 0, 1000000),
	KR("warmup", kw_time, ACT, C(warmup), 0, SEC(86400)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_check_common = {
	"checker", common_kw, NKW(common_kw), NULL, NULL, C(kept), NULL
};
/* clang-format on */

/* MISC_CHECK takes only the timing options (its timeout is misc_timeout). */
/* clang-format off */
static const struct conf_kw misc_common_kw[] = {
	KW("alpha", kw_tri, ACT, C(alpha)),
	KR("delay_before_retry", kw_time, ACT, C(delay_before_retry), 0,
	   SEC(86400)),
	KR("delay_loop", kw_time, ACT, C(delay_loop), MSEC(1), SEC(86400)),
	KW("log_all_failures", kw_tri, ACT, C(log_all_failures)),
	KR("retry", kw_u32, ACT, C(retry), 0, 1000000),
	KR("warmup", kw_time, ACT, C(warmup), 0, SEC(86400)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_misc_common = {
	"MISC_CHECK", misc_common_kw, NKW(misc_common_kw), NULL, NULL, C(kept), NULL
};
/* clang-format on */

/* ---- HTTP_GET / SSL_GET and url ----------------------------------- */

#define U(f) offsetof(struct conf_url, f)

static int
kw_digest(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	  const struct conf_args *a)
{
	struct conf_url *u = obj;
	const char *s;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	s = a->v[1];
	if (strlen(s) != 32 || conf_parse_hex(s, u->digest, 16) != 16)
		goto bad;
	u->has_digest = true;
	return 0;
bad:
	pc_err(p, "digest '%s' is not an MD5 sum (32 hex digits)", s);
	return -1;
}

/* status_code 200 | 200-299 ... : codes 100..599 */
static int
kw_status(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	  const struct conf_args *a)
{
	struct conf_url *u = obj;

	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	memset(u->status, 0, sizeof(u->status));
	for (int i = 1; i < a->n; i++) {
		char lo_s[16], *dash;
		uint32_t lo, hi;

		snprintf(lo_s, sizeof(lo_s), "%s", a->v[i]);
		dash = strchr(lo_s, '-');
		if (dash)
			*dash++ = '\0';
		if (pc_u32(p, "status_code", lo_s, 100, 599, &lo) < 0 ||
		    (dash && pc_u32(p, "status_code", dash, 100, 599, &hi) < 0))
			return -1;
		if (!dash)
			hi = lo;
		if (hi < lo) {
			pc_err(p,
			       "status_code %s: the range ends before it "
			       "starts",
			       a->v[i]);
			return -1;
		}
		for (uint32_t c = lo; c <= hi; c++)
			u->status[(c - 100) / 8] |=
				(uint8_t)(1u << ((c - 100) % 8));
	}
	u->has_status = true;
	return 0;
}

static int
kw_regex_stack(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_url *u = obj;

	if (pc_nargs(p, a, 2, 2) < 0 ||
	    pc_u32(p, "regex_stack start", a->v[1], 1, 0x7fffffff,
		   &u->regex_stack_start) < 0 ||
	    pc_u32(p, "regex_stack max", a->v[2], 1, 0x7fffffff,
		   &u->regex_stack_max) < 0)
		return -1;
	return 0;
}

/* regex_options: keepalived's names of PCRE2 compile options. */
static const struct {
	const char *name;
	uint32_t flag;
} regex_opts[] = {
	{"allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS},
	{"alt_bsux", PCRE2_ALT_BSUX},
	{"alt_circumflex", PCRE2_ALT_CIRCUMFLEX},
	{"alt_verbnames", PCRE2_ALT_VERBNAMES},
	{"auto_callout", PCRE2_AUTO_CALLOUT},
	{"caseless", PCRE2_CASELESS},
	{"dollar_endonly", PCRE2_DOLLAR_ENDONLY},
	{"dotall", PCRE2_DOTALL},
	{"dupnames", PCRE2_DUPNAMES},
	{"extended", PCRE2_EXTENDED},
	{"firstline", PCRE2_FIRSTLINE},
	{"match_unset_backref", PCRE2_MATCH_UNSET_BACKREF},
	{"multiline", PCRE2_MULTILINE},
	{"never_backslash_c", PCRE2_NEVER_BACKSLASH_C},
	{"never_ucp", PCRE2_NEVER_UCP},
	{"never_utf", PCRE2_NEVER_UTF},
	{"no_auto_capture", PCRE2_NO_AUTO_CAPTURE},
	{"no_auto_possess", PCRE2_NO_AUTO_POSSESS},
	{"no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR},
	{"no_start_optimize", PCRE2_NO_START_OPTIMIZE},
	{"ucp", PCRE2_UCP},
	{"ungreedy", PCRE2_UNGREEDY},
	{"use_offset_limit", PCRE2_USE_OFFSET_LIMIT},
	{"utf", PCRE2_UTF},
};

/* The PCRE2 option of one name (len bytes of it); 0 if none. */
static uint32_t
regex_opt(const char *name, size_t len)
{
	for (size_t i = 0; i < NKW(regex_opts); i++)
		if (strlen(regex_opts[i].name) == len &&
		    !strncmp(regex_opts[i].name, name, len))
			return regex_opts[i].flag;
	return 0;
}

int
conf_regex_flags(const char *options, uint32_t *flags)
{
	const char *s = options;

	*flags = 0;
	while (s && *s) {
		size_t n = strcspn(s, " \t");
		uint32_t f = regex_opt(s, n);

		if (n && !f)
			return -1;
		*flags |= f;
		s += n + strspn(s + n, " \t");
	}
	return 0;
}

pcre2_code *
conf_regex_compile(const char *re, uint32_t flags, bool offset_limit, char *err,
		   size_t errlen)
{
	int code;
	PCRE2_SIZE at;
	PCRE2_UCHAR msg[128];
	pcre2_code *c;

	if (offset_limit)
		flags |= PCRE2_USE_OFFSET_LIMIT;
	if (flags & PCRE2_UTF)
		flags |= PCRE2_MATCH_INVALID_UTF;
	c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, flags, &code,
			  &at, NULL);
	if (!c) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, errlen, "%s at offset %zu", (char *)msg,
			 (size_t)at);
	}
	return c;
}

static int
kw_regex_options(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	for (int i = 1; i < a->n; i++) {
		if (!regex_opt(a->v[i], strlen(a->v[i]))) {
			pc_err(p, "regex_options: unknown option '%s'",
			       a->v[i]);
			return -1;
		}
	}
	((struct conf_url *)obj)->regex_options = pc_join(p, a, 1);
	return 0;
}

/* regex: the pattern, and where it was written for validation's errors. */
static int
kw_regex(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	 const struct conf_args *a)
{
	((struct conf_url *)obj)->regex_loc = p->loc;
	return kw_str(p, kw, obj, a);
}

/* clang-format off */
static const struct conf_kw url_kw[] = {
	KW("digest", kw_digest, ACT, 0),
	KW("path", kw_str, ACT, U(path)),
	KW("regex", kw_regex, ACT, U(regex)),
	KR("regex_max_offset", kw_u32, ACT, U(regex_max_offset), 0,
	   0x7fffffff),
	KR("regex_min_offset", kw_u32, ACT, U(regex_min_offset), 0,
	   0x7fffffff),
	KW("regex_no_match", kw_flag, ACT, U(regex_no_match)),
	KW("regex_options", kw_regex_options, ACT, 0),
	KW("regex_stack", kw_regex_stack, ACT, 0),
	KW("status_code", kw_status, ACT, 0),
	KW("virtualhost", kw_str, ACT, U(virtualhost)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_url = {
	"url", url_kw, NKW(url_kw), NULL, NULL, KW_NOKEPT, NULL
};
/* clang-format on */

static int
kw_url(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	struct conf_url *u = pc_alloc(p, sizeof(*u));

	if (!u)
		return -1;
	pc_nargs(p, a, 0, 0);
	conf_init_url(u);
	u->loc = p->loc;
	conf_list_append(&((struct conf_check *)obj)->http.urls, u);
	p->child = u;
	return 0;
}

static int
kw_http_protocol(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	static const struct conf_enum protos[] = {{"1.0", CONF_HTTP_10},
						  {"1.0C", CONF_HTTP_10C},
						  {"1.1", CONF_HTTP_11},
						  {NULL, 0}};
	int x;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], protos, &x) < 0)
		return -1;
	((struct conf_check *)obj)->http.http_protocol = (uint8_t)x;
	return 0;
}

/* clang-format off */
static const struct conf_kw http_kw[] = {
	KW("enable_sni", kw_flag, ACT, C(http.enable_sni)),
	KW("fast_recovery", kw_tri, PEND, C(http.fast_recovery)),
	KW("http_protocol", kw_http_protocol, ACT, 0),
	KR("max_body", kw_u32, ACT, C(http.max_body), 1, 0x7fffffff),
	KW("ssl_verify", kw_flag, ACT, C(http.ssl_verify)),
	KB("url", kw_url, ACT, 0, &conf_blk_url),
	KW("virtualhost", kw_str, ACT, C(http.virtualhost)),
};
/* clang-format on */

/* ---- SMTP_CHECK and its deprecated host block --------------------- */

static int
kw_smtp_host(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_rs *rs = current_rs(p);
	struct conf_check *h;

	pc_warn_once(p, kw,
		     "the SMTP_CHECK 'host' block is deprecated: "
		     "write one SMTP_CHECK per host");
	if (!rs)
		return -1;
	h = pc_alloc(p, sizeof(*h));
	if (!h)
		return -1;
	pc_nargs(p, a, 0, 0);
	conf_init_check(h, CONF_CHECK_SMTP);
	h->loc = p->loc;
	h->smtp_host = true;
	conf_list_append(&rs->checkers, h);
	p->child = h;
	return 0;
}

#define MERGE(f, unset)                                                        \
	do {                                                                   \
		if (h->f == (unset))                                           \
			h->f = c->f;                                           \
	} while (0)

/* A host block checks like its SMTP_CHECK except where it says. */
static void
smtp_end(struct conf_pctx *p, void *obj)
{
	struct conf_check *c = obj;

	for (struct conf_check *h = c->next; h && h->smtp_host; h = h->next) {
		h->smtp_host = false;
		if (!h->connect_ip.ip.family)
			h->connect_ip = c->connect_ip;
		if (!h->bindto.ip.family)
			h->bindto = c->bindto;
		MERGE(connect_port, 0);
		MERGE(bind_if, NULL);
		MERGE(bind_port, 0);
		MERGE(fwmark, 0);
		MERGE(alpha, CONF_UNSET_TRI);
		MERGE(connect_timeout, CONF_UNSET_TIME);
		MERGE(delay_before_retry, CONF_UNSET_TIME);
		MERGE(warmup, CONF_UNSET_TIME);
		MERGE(delay_loop, CONF_UNSET_TIME);
		MERGE(retry, CONF_UNSET_U32);
		MERGE(log_all_failures, CONF_UNSET_TRI);
		MERGE(smtp_helo_name, NULL);
	}
}

/* clang-format off */
static const struct conf_kw smtp_host_kw[] = {
	KW("bind_if", kw_str, ACT, C(bind_if)),
	KW("bind_port", kw_port, ACT, C(bind_port)),
	KX("bindto", kw_addr, ACT, C(bindto), NULL),
	KX("connect_ip", kw_addr, ACT, C(connect_ip), NULL),
	KW("connect_port", kw_port, ACT, C(connect_port)),
	KR("connect_timeout", kw_time, ACT, C(connect_timeout), MSEC(1),
	   SEC(86400)),
	KR("fwmark", kw_u32, ACT, C(fwmark), 1, UINT32_MAX),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_smtp_host = {
	"host", smtp_host_kw, NKW(smtp_host_kw), NULL, NULL, C(kept),
	&conf_blk_check_common
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw smtp_kw[] = {
	KW("helo_name", kw_str, ACT, C(smtp_helo_name)),
	KB("host", kw_smtp_host, ACT, 0, &conf_blk_smtp_host),
};
/* clang-format on */

/* ---- DNS_CHECK ---------------------------------------------------- */

/* clang-format off */
static const struct conf_enum dns_types[] = {
	{ "A", CONF_DNS_A },	 { "NS", CONF_DNS_NS }, { "CNAME", CONF_DNS_CNAME },
	{ "SOA", CONF_DNS_SOA }, { "MX", CONF_DNS_MX }, { "TXT", CONF_DNS_TXT },
	{ "AAAA", CONF_DNS_AAAA }, { NULL, 0 }
};
/* clang-format on */

static int
kw_dns_type(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	int x;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], dns_types, &x) < 0)
		return -1;
	((struct conf_check *)obj)->dns_type = (uint16_t)x;
	return 0;
}

/* clang-format off */
static const struct conf_kw dns_kw[] = {
	KW("name", kw_str, ACT, C(dns_name)),
	KW("type", kw_dns_type, ACT, 0),
};
/* clang-format on */

/* ---- UDP_CHECK ---------------------------------------------------- */

/*
 * keepalived.conf(5): "Ab12f 3 456" is AB 12 0F 03 45 06: each word is
 * read two digits at a time and an odd last digit is a byte of its own.
 * In a reply pattern an x digit matches anything.
 */
static int
hex_bytes(struct conf_pctx *p, const struct conf_args *a, bool mask,
	  uint8_t *out, uint8_t *msk, uint16_t *len)
{
	size_t n = 0;

	for (int i = 1; i < a->n; i++) {
		const char *s = a->v[i];
		size_t l = strlen(s);

		for (size_t k = 0; k < l; k += 2) {
			int d[2] = {0, 0}, m[2] = {0xf, 0xf};
			size_t nd = l - k >= 2 ? 2 : 1;

			for (size_t j = 0; j < nd; j++) {
				char c = s[k + j];

				if (mask && (c == 'x' || c == 'X'))
					m[j] = 0;
				else if ((d[j] = conf_hex_digit(c)) < 0)
					goto bad;
			}
			if (n >= CONF_HEX_MAX)
				goto big;
			out[n] = (uint8_t)(nd == 2 ? d[0] << 4 | d[1] : d[0]);
			if (msk)
				msk[n] = (uint8_t)(nd == 2 ? m[0] << 4 | m[1]
							   : m[0]);
			n++;
		}
	}
	*len = (uint16_t)n;
	return 0;
bad:
	pc_err(p, "%s: '%s' is not hexadecimal", a->v[0], a->v[1]);
	return -1;
big:
	pc_err(p, "%s: more than %d bytes", a->v[0], CONF_HEX_MAX);
	return -1;
}

static int
kw_payload(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	   const struct conf_args *a)
{
	struct conf_check_udp *u = ((struct conf_check *)obj)->udp;

	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	return hex_bytes(p, a, false, u->payload, NULL, &u->payload_len);
}

static int
kw_require_reply(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	struct conf_check_udp *u = ((struct conf_check *)obj)->udp;

	u->require_reply = true;
	return hex_bytes(p, a, true, u->reply, u->reply_mask, &u->reply_len);
}

static int
kw_udp_u32(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	   const struct conf_args *a)
{
	return kw_u32(p, kw, ((struct conf_check *)obj)->udp, a);
}

#define UDP(f) offsetof(struct conf_check_udp, f)

/* clang-format off */
static const struct conf_kw udp_kw[] = {
	KR("max_reply_length", kw_udp_u32, ACT, UDP(max_reply_length), 0,
	   65535),
	KR("min_reply_length", kw_udp_u32, ACT, UDP(min_reply_length), 0,
	   65535),
	KW("payload", kw_payload, ACT, 0),
	KW("require_reply", kw_require_reply, ACT, 0),
};
/* clang-format on */

/* ---- MISC_CHECK, FILE_CHECK, BFD_CHECK ---------------------------- */

static int
kw_file_weight(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_check_file *f = &((struct conf_check *)obj)->file;

	if (pc_nargs(p, a, 1, 2) < 0 || pc_i32(p, a->v[0], a->v[1], -2147483647,
					       2147483647, &f->weight) < 0)
		return -1;
	if (a->n > 2 && strcmp(a->v[2], "reverse")) {
		pc_err(p, "weight: unexpected '%s' (expected reverse)",
		       a->v[2]);
		return -1;
	}
	f->weight_reverse = a->n > 2;
	return 0;
}

/* clang-format off */
static const struct conf_kw misc_kw[] = {
	KW("misc_dynamic", kw_flag, ACT, C(misc.dynamic)),
	KW("misc_path", kw_script, ACT, C(misc.path)),
	KR("misc_timeout", kw_time, ACT, C(misc.timeout), MSEC(1),
	   SEC(86400)),
	KW("user", kw_user, ACT, C(misc.path)),
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw file_kw[] = {
	KW("dynamic", kw_flag, ACT, C(file.dynamic)),
	KW("track_file", kw_str, ACT, C(file.track_file)),
	KW("weight", kw_file_weight, ACT, 0),
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw bfd_kw[] = {
	KW("alpha", kw_tri, PEND, C(alpha)),
	KW("name", kw_str, PEND, C(bfd_name)),
};
/* clang-format on */

/* ---- AGENT_CHECK (vigil) ----------------------------------------- */

static int
kw_agent_send(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	if (strlen(a->v[1]) > CONF_AGENT_SEND_MAX) {
		pc_err(p, "agent_send is longer than %d bytes",
		       CONF_AGENT_SEND_MAX);
		return -1;
	}
	return kw_str(p, kw, obj, a);
}

/* clang-format off */
static const struct conf_kw agent_kw[] = {
	KW("agent_send", kw_agent_send, ACT, C(agent_send)),
};
/* clang-format on */

/* clang-format off */
#define CHECK_BLOCK(n, t, more)                                              \
	{ n, t, NKW(t), NULL, NULL, C(kept), more }
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_check[CONF_CHECK_MAX] = {
	[CONF_CHECK_TCP] = { "TCP_CHECK", NULL, 0, NULL, NULL, C(kept),
			     &conf_blk_check_common },
	[CONF_CHECK_HTTP] = CHECK_BLOCK("HTTP_GET", http_kw,
					&conf_blk_check_common),
	[CONF_CHECK_SSL] = CHECK_BLOCK("SSL_GET", http_kw,
				       &conf_blk_check_common),
	[CONF_CHECK_SMTP] = { "SMTP_CHECK", smtp_kw, NKW(smtp_kw), NULL,
			      smtp_end, C(kept), &conf_blk_check_common },
	[CONF_CHECK_DNS] = CHECK_BLOCK("DNS_CHECK", dns_kw,
				       &conf_blk_check_common),
	[CONF_CHECK_UDP] = CHECK_BLOCK("UDP_CHECK", udp_kw,
				       &conf_blk_check_common),
	[CONF_CHECK_PING] = { "PING_CHECK", NULL, 0, NULL, NULL, C(kept),
			      &conf_blk_check_common },
	[CONF_CHECK_MISC] = CHECK_BLOCK("MISC_CHECK", misc_kw,
					&conf_blk_misc_common),
	[CONF_CHECK_FILE] = CHECK_BLOCK("FILE_CHECK", file_kw, NULL),
	[CONF_CHECK_BFD] = CHECK_BLOCK("BFD_CHECK", bfd_kw, NULL),
	[CONF_CHECK_AGENT] = CHECK_BLOCK("AGENT_CHECK", agent_kw,
					 &conf_blk_check_common),
};
/* clang-format on */
