// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The management side's keywords in global_defs (a row of
 * core/conf/conf_subsys.c): vigil_metrics_listen, the address of the
 * HTTP listener serving /metrics and the status page, and keepalived's
 * SNMP keywords (vigil.conf(5)).
 */
#include "config.h"

#include "core/conf/conf_kw.h"
#include "mgmt/listen.h"

#define G(f) offsetof(struct conf_global, f)

/* ADDR:PORT, [ADDR6]:PORT or PORT (127.0.0.1), checked here so that a
 * bad one is a config error with its file:line. */
static int
kw_listen(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	  const struct conf_args *a)
{
	struct sockaddr_storage ss;
	socklen_t len;
	const char *why;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	if (mgmt_listen_parse(a->v[1], &ss, &len, &why) < 0) {
		pc_err(p, "%s '%s': %s (ADDR:PORT, [ADDR6]:PORT or PORT)",
		       a->v[0], a->v[1], why);
		return -1;
	}
	return kw_str(p, kw, obj, a);
}

/* enable_snmp_rfc: both RFC MIBs (keepalived's shorthand). */
static int
kw_snmp_rfc(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	struct conf_global *g = obj;

	pc_nargs(p, a, 0, 0);
	g->enable_snmp_rfcv2 = g->enable_snmp_rfcv3 = true;
	return 0;
}

/* clang-format off */
static const struct conf_kw global_kw[] = {
	KW("enable_snmp_checker", kw_flag, ACT, G(enable_snmp_checker)),
	KA("enable_snmp_keepalived", "enable_snmp_vrrp"),
	KW("enable_snmp_rfc", kw_snmp_rfc, ACT, 0),
	KW("enable_snmp_rfcv2", kw_flag, ACT, G(enable_snmp_rfcv2)),
	KW("enable_snmp_rfcv3", kw_flag, ACT, G(enable_snmp_rfcv3)),
	KW("enable_snmp_vrrp", kw_flag, ACT, G(enable_snmp_vrrp)),
	KW("enable_traps", kw_flag, ACT, G(enable_traps)),
	KW("snmp_socket", kw_str, ACT, G(snmp_socket)),
	KW("vigil_metrics_listen", kw_listen, ACT, G(vigil_metrics_listen)),
};

static const struct conf_block global_part = {
	"global_defs", global_kw, NKW(global_kw), NULL, NULL, G(kept), NULL
};

static const struct conf_block top_part = {
	"", NULL, 0, NULL, NULL, KW_NOKEPT, NULL
};

static const struct conf_block *const blocks[] = {
	NULL,
};
/* clang-format on */

const struct conf_subsys conf_subsys_mgmt = {
	.name = "mgmt",
	.top = &top_part,
	.global = &global_part,
	.blocks = blocks,
	.init = NULL,
	.validate = NULL,
};
