// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checker's row in the config library (conf_subsystems[],
 * core/conf/conf_kw.h): the top-level blocks it owns (virtual_server,
 * virtual_server_group, SSL), its global_defs keywords (checker_*, lvs_*),
 * the constructors of its model objects, and its part of conf_validate().
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "check/conf_check.h"

#define G(f) offsetof(struct conf_global, f)

/* ---- constructors: every UNSET marker in place -------------------- */

void
conf_init_fwd(struct conf_fwd *f)
{
	memset(f, 0, sizeof(*f));
	f->method = CONF_FWD_UNSET;
}

void
conf_init_vs(struct conf_vs *vs)
{
	conf_init_fwd(&vs->fwd);
	conf_init_fwd(&vs->sorry_fwd);
	vs->protocol = CONF_PROTO_TCP;
	vs->smtp_alert = CONF_UNSET_TRI;
	vs->quorum = CONF_UNSET_I32;
	vs->hysteresis = CONF_UNSET_I32;
	vs->connect_timeout = vs->delay_before_retry = vs->warmup =
		vs->delay_loop = CONF_UNSET_TIME;
	vs->retry = CONF_UNSET_U32;
}

void
conf_init_rs(struct conf_rs *rs)
{
	rs->weight = CONF_UNSET_I32;
	conf_init_fwd(&rs->fwd);
	rs->smtp_alert = CONF_UNSET_TRI;
	rs->alpha = rs->inhibit_on_failure = CONF_UNSET_TRI;
	rs->connect_timeout = rs->delay_before_retry = rs->warmup =
		rs->delay_loop = CONF_UNSET_TIME;
	rs->retry = CONF_UNSET_U32;
}

void
conf_init_check(struct conf_check *c, int type)
{
	c->type = (uint8_t)type;
	c->alpha = c->log_all_failures = CONF_UNSET_TRI;
	c->connect_timeout = c->delay_before_retry = c->warmup = c->delay_loop =
		CONF_UNSET_TIME;
	c->retry = CONF_UNSET_U32;
	c->http.fast_recovery = CONF_UNSET_TRI;
	c->http.max_body = CONF_UNSET_U32;
	c->misc.timeout = CONF_UNSET_TIME;
	c->file.weight = CONF_UNSET_I32;
}

void
conf_init_url(struct conf_url *u)
{
	(void)u; /* every field of a url defaults to zero */
}

/* The checker's global_defs fields; core's conf_init_global() sets the
 * others. */
static void
init_global(struct conf_global *g)
{
	g->checker_log_all_failures = CONF_UNSET_TRI;
	g->nftables_ipvs_priority = CONF_UNSET_I32;
	g->nftables_ipvs_start_fwmark = CONF_UNSET_U32;
	g->lvs_timeouts.tcp = g->lvs_timeouts.tcpfin = g->lvs_timeouts.udp =
		CONF_UNSET_U32;
	g->checker_priority = CONF_UNSET_I32;
	g->checker_rt_priority = CONF_UNSET_U32;
	g->checker_rlimit_rttime = CONF_UNSET_U32;
}

/* ---- validation --------------------------------------------------- */

/*
 * Before anything else (an explicit smtp_alert is seen as written): warn
 * about alerts that cannot be sent, and resolve the virtual and real
 * servers' smtp_alert. keepalived.conf(5): a real server alerts unless
 * global_defs smtp_alert_checker (or else smtp_alert) says no; a virtual
 * server (quorum) alerts only if one of them says yes.
 */
static void
smtp_alerts(struct vctx *x)
{
	const struct conf_global *w = x->written;
	int8_t chk = w->smtp_alert_checker != CONF_UNSET_TRI
			     ? w->smtp_alert_checker
			     : w->smtp_alert;

	for (struct conf_vs *vs = x->c->vss.head; vs; vs = vs->next) {
		vsmtp_warn(x, &vs->loc, vs->smtp_alert, "virtual_server", NULL);
		VDEF(vs->smtp_alert, chk == 1 ? 1 : 0);
		for (struct conf_rs *rs = vs->rs.head; rs; rs = rs->next) {
			vsmtp_warn(x, &rs->loc, rs->smtp_alert, "real_server",
				   NULL);
			VDEF(rs->smtp_alert, chk == 0 ? 0 : 1);
		}
	}
}

static void
validate(struct vctx *x)
{
	struct conf_global *g = &x->c->global;

	smtp_alerts(x);
	VDEF(g->checker_log_all_failures, 0);
	VDEF(g->nftables_ipvs_priority, -1);
	VDEF(g->nftables_ipvs_start_fwmark, 1000);
	VDEF(g->checker_priority, 0);
	VDEF(g->checker_rt_priority, 0);
	VDEF(g->checker_rlimit_rttime, 10000);
	conf_validate_lvs(x);
}

/* ---- global_defs handlers ----------------------------------------- */

static int
kw_flush_on_stop(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	struct conf_global *g = obj;

	pc_nargs(p, a, 0, 1);
	if (a->n > 1 && strcmp(a->v[1], "VS")) {
		pc_err(p, "lvs_flush_on_stop: unexpected '%s' (expected VS)",
		       a->v[1]);
		return -1;
	}
	g->lvs_flush_on_stop =
		a->n > 1 ? CONF_FLUSH_STOP_VS : CONF_FLUSH_STOP_ALL;
	return 0;
}

static int
kw_lvs_timeouts(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		const struct conf_args *a)
{
	struct conf_lvs_timeouts *t =
		&((struct conf_global *)obj)->lvs_timeouts;

	if (pc_nargs(p, a, 2, -1) < 0)
		return -1;
	for (int i = 1; i < a->n; i += 2) {
		const char *k = a->v[i];
		uint32_t *f = !strcmp(k, "tcp") ? &t->tcp
			      : !strcmp(k, "tcpfin") || !strcmp(k, "tcp_fin")
				      ? &t->tcpfin
			      : !strcmp(k, "udp") ? &t->udp
						  : NULL;

		if (!f || i + 1 >= a->n) {
			pc_err(p,
			       "lvs_timeouts: unexpected '%s' (expected "
			       "tcp, tcpfin or udp with seconds)",
			       k);
			return -1;
		}
		if (pc_u32(p, k, a->v[i + 1], 1, 86400 * 31, f) < 0)
			return -1;
	}
	return 0;
}

static int
conf_open_ssl(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	struct conf *c = obj;

	pc_nargs(p, a, 0, 0);
	if (!c->ssl.set)
		c->ssl.loc = p->loc;
	c->ssl.set = true;
	p->child = &c->ssl;
	return 0;
}

/* ---- tables ------------------------------------------------------- */

#define GK G(kept)

/* clang-format off */
static const struct conf_kw global_kw[] = {
	KW("checker_cpu_affinity", kw_kept, KEEP, GK),
	KW("checker_log_all_failures", kw_tri, ACT,
	   G(checker_log_all_failures)),
	KW("checker_no_swap", kw_flag, ACT, G(checker_no_swap)),
	KR("checker_priority", kw_i32, ACT, G(checker_priority), -20, 19),
	KW("checker_process_name", kw_kept, KEEP, GK),
	KA("checker_rlimit_rtime", "checker_rlimit_rttime"),
	KR("checker_rlimit_rttime", kw_u32, ACT, G(checker_rlimit_rttime), 1,
	   UINT32_MAX),
	KR("checker_rt_priority", kw_u32, ACT, G(checker_rt_priority), 1,
	   99),
	KW("lvs_flush", kw_flag, ACT, G(lvs_flush)),
	KW("lvs_flush_on_stop", kw_flush_on_stop, ACT, 0),
	KA("lvs_flush_onstop", "lvs_flush_on_stop"),
	KW("lvs_netlink_cmd_rcv_bufs", kw_kept, KEEP, GK),
	KW("lvs_netlink_cmd_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("lvs_netlink_monitor_rcv_bufs", kw_kept, KEEP, GK),
	KW("lvs_netlink_monitor_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("lvs_notify_fifo", kw_fifo, ACT, G(lvs_notify_fifo)),
	KW("lvs_notify_fifo_script", kw_fifo_script, ACT, G(lvs_notify_fifo)),
	KA("lvs_process_name", "checker_process_name"),
	KW("lvs_timeouts", kw_lvs_timeouts, ACT, 0),
	KX("nftables_ipvs", kw_opt_name, PEND, G(nftables_ipvs),
	   "keepalived_ipvs"),
	KW("nftables_ipvs_priority", kw_i32, PEND, G(nftables_ipvs_priority)),
	KR("nftables_ipvs_start_fwmark", kw_u32, PEND,
	   G(nftables_ipvs_start_fwmark), 1, UINT32_MAX),
	KW("rs_init_notifies", kw_flag, ACT, G(rs_init_notifies)),
};
/* clang-format on */

/* clang-format off */
static const struct conf_block global_part = {
	"global_defs", global_kw, NKW(global_kw), NULL, NULL, GK, NULL
};
/* clang-format on */

#define SSL(f) offsetof(struct conf_ssl, f)

/* clang-format off */
static const struct conf_kw ssl_kw[] = {
	KW("ca", kw_str, ACT, SSL(ca)),
	KW("certificate", kw_str, ACT, SSL(certificate)),
	KW("key", kw_str, ACT, SSL(key)),
	KW("password", kw_str, ACT, SSL(password)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_ssl = {
	"SSL", ssl_kw, NKW(ssl_kw), NULL, NULL, SSL(kept), NULL
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw top_kw[] = {
	KB("SSL", conf_open_ssl, ACT, 0, &conf_blk_ssl),
	KB("virtual_server", conf_open_vs, ACT, 0, &conf_blk_vs),
	KB("virtual_server_group", conf_open_vsg, ACT, 0, &conf_blk_vsg),
};
/* clang-format on */

/* clang-format off */
static const struct conf_block top_part = {
	"", top_kw, NKW(top_kw), NULL, NULL, offsetof(struct conf, kept), NULL
};
/* clang-format on */

/* Every block of the checker's but the two parts above. */
/* clang-format off */
static const struct conf_block *const blocks[] = {
	&conf_blk_ssl,
	&conf_blk_vs,
	&conf_blk_rs,
	&conf_blk_check_common,
	&conf_blk_misc_common,
	&conf_blk_check[CONF_CHECK_TCP],
	&conf_blk_check[CONF_CHECK_HTTP],
	&conf_blk_check[CONF_CHECK_SSL],
	&conf_blk_check[CONF_CHECK_SMTP],
	&conf_blk_check[CONF_CHECK_DNS],
	&conf_blk_check[CONF_CHECK_UDP],
	&conf_blk_check[CONF_CHECK_PING],
	&conf_blk_check[CONF_CHECK_MISC],
	&conf_blk_check[CONF_CHECK_FILE],
	&conf_blk_check[CONF_CHECK_BFD],
	&conf_blk_check[CONF_CHECK_AGENT],
	&conf_blk_smtp_host,
	&conf_blk_url,
	NULL,
};
/* clang-format on */

const struct conf_subsys conf_subsys_check = {
	.name = "check",
	.top = &top_part,
	.global = &global_part,
	.blocks = blocks,
	.init = init_global,
	.validate = validate,
};
