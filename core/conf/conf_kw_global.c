// SPDX-License-Identifier: GPL-2.0-or-later
/* The top level and global_defs keywords of no subsystem (check/ and vrrp/
 * add theirs through conf_subsystems[]), and the generic opening of named
 * objects. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "core/conf/conf_kw.h"

#define G(f) offsetof(struct conf_global, f)
#define TG(f) (offsetof(struct conf, global) + G(f))

/* ---- named objects: vrrp_instance NAME {...} and friends ----------- */

/* Every named object starts like this (see core/conf/conf_model.h). */
struct named_head {
	void *next;
	struct conf_loc loc;
	const char *name;
};

int
conf_open_named(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		const struct conf_args *a)
{
	const struct conf_named *n = kw->aux;
	struct named_head *h;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	h = pc_alloc(p, n->size);
	if (!h)
		return -1;
	if (n->init)
		n->init(h);
	h->loc = p->loc;
	h->name = pc_strdup(p, a->v[1]);
	conf_list_append(FIELD(obj, n->list_off, struct conf_list), h);
	p->child = h;
	return 0;
}

static int
conf_open_global(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	struct conf *c = obj;

	pc_nargs(p, a, 0, 0);
	if (!c->global.loc.line)
		c->global.loc = p->loc;
	p->child = &c->global;
	return 0;
}

/* clang-format off */
const struct conf_block conf_blk_str_list = {
	.name = "list", .line = line_str, .kept_off = KW_NOKEPT
};
/* clang-format on */

/* keepalived: "Warning - empty notification_email block" */
static void
email_end(struct conf_pctx *p, void *obj)
{
	if (!((struct conf_list *)obj)->n)
		pc_warn(p, "empty notification_email block: no e-mail alert "
			   "will be sent");
}

/* clang-format off */
static const struct conf_block blk_email = {
	.name = "notification_email", .line = line_str, .end = email_end,
	.kept_off = KW_NOKEPT
};
/* clang-format on */

/* ---- global_defs handlers ----------------------------------------- */

/* vigil_child_user NAME: the user the children run as (vigild(8)). */
static int
kw_child_user(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	struct conf_global *g = obj;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	g->vigil_child_user = pc_strdup(p, a->v[1]);
	g->vigil_child_user_loc = p->loc;
	return 0;
}

static int
kw_script_user(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_global *g = obj;

	if (pc_nargs(p, a, 1, 2) < 0)
		return -1;
	g->script_user = pc_strdup(p, a->v[1]);
	g->script_group = a->n > 2 ? pc_strdup(p, a->v[2]) : NULL;
	g->script_user_loc = p->loc;
	return 0;
}

static int
kw_dynamic_interfaces(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		      const struct conf_args *a)
{
	struct conf_global *g = obj;

	pc_nargs(p, a, 0, 1);
	if (a->n > 1 && strcmp(a->v[1], "allow_if_changes")) {
		pc_err(p,
		       "dynamic_interfaces: unexpected '%s' (expected "
		       "allow_if_changes)",
		       a->v[1]);
		return -1;
	}
	g->dynamic_interfaces = true;
	g->dynamic_interfaces_allow_changes = a->n > 1;
	return 0;
}

static int
kw_max_auto_priority(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		     const struct conf_args *a)
{
	struct conf_global *g = obj;

	pc_nargs(p, a, 0, 1);
	g->max_auto_priority = 99;
	if (a->n > 1)
		return pc_i32(p, a->v[0], a->v[1], -1, 99,
			      &g->max_auto_priority);
	return 0;
}

static int
kw_smtp_server(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_global *g = obj;

	if (pc_nargs(p, a, 1, 2) < 0)
		return -1;
	g->smtp_server = pc_strdup(p, a->v[1]);
	if (a->n > 2)
		return pc_port(p, "smtp_server port", a->v[2], &g->smtp_port);
	return 0;
}

static int
kw_include_check(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	static const char *const ok[] = {"readable", "match", "wildcard_match",
					 "brace_match"};

	for (int i = 1; i < a->n; i++) {
		const char *w =
			a->v[i] + (a->v[i][0] == '+' || a->v[i][0] == '-');
		bool found = false;

		for (size_t k = 0; k < 4; k++)
			found |= !strcmp(w, ok[k]);
		if (!found) {
			pc_err(p,
			       "include_check: unknown check '%s' (expected "
			       "readable, match, wildcard_match, brace_match)",
			       a->v[i]);
			return -1;
		}
	}
	return 0;
}

static int
kw_reload_check(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		const struct conf_args *a)
{
	pc_nargs(p, a, 0, 1);
	((struct conf_global *)obj)->reload_check_config =
		pc_strdup(p, a->n > 1 ? a->v[1] : "");
	return 0;
}

static int
kw_watchdog(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	if (kw_time(p, kw, obj, a) < 0)
		return -1;
	((struct conf_global *)obj)->vigil_watchdog_loc = p->loc;
	return 0;
}

static int
kw_socket_path(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	/* sockaddr_un.sun_path holds 108 bytes with the NUL */
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	if (a->v[1][0] != '/' || strlen(a->v[1]) >= 108) {
		pc_err(p,
		       "%s '%s' must be an absolute path shorter than 108 "
		       "characters",
		       a->v[0], a->v[1]);
		return -1;
	}
	return kw_str(p, kw, obj, a);
}

/* net_namespace and instance name a namespace under /var/run/netns and
 * become parts of file names (core/parent/instance.c): one component.
 * Not a fallback: running in another namespace than the one meant, or
 * with another's pid files, is no default to fall back to. */
static int
kw_name(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	if (strchr(a->v[1], '/') || !strcmp(a->v[1], ".") ||
	    !strcmp(a->v[1], "..") || strlen(a->v[1]) > 64) {
		pc_err(p,
		       "%s '%s' must be a name of at most 64 characters, "
		       "without '/'",
		       a->v[0], a->v[1]);
		return 0;
	}
	return kw_str(p, kw, obj, a);
}

/* net_namespace_ipvs [NAME]: without a name, the default namespace. */
static int
kw_opt_netns(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	return a->n == 1 ? kw_opt_name(p, kw, obj, a) : kw_name(p, kw, obj, a);
}

/* ---- tables ------------------------------------------------------- */

#define GK G(kept)

/* clang-format off */
static const struct conf_kw global_kw[] = {
	KW("bfd_cpu_affinity", kw_kept, KEEP, GK),
	KW("bfd_no_swap", kw_flag, ACT, G(bfd_no_swap)),
	KR("bfd_priority", kw_i32, ACT, G(bfd_priority), -20, 19),
	KW("bfd_process_name", kw_kept, KEEP, GK),
	KA("bfd_rlimit_rtime", "bfd_rlimit_rttime"),
	KR("bfd_rlimit_rttime", kw_u32, ACT, G(bfd_rlimit_rttime), 1,
	   UINT32_MAX),
	KR("bfd_rt_priority", kw_u32, ACT, G(bfd_rt_priority), 1, 99),
	KW("config_save_dir", kw_kept, KEEP, GK),
	KW("data_use_instance", kw_tri, ACT, G(data_use_instance)),
	KW("dbus_service_name", kw_kept, KEEP, GK),
	KW("dynamic_interfaces", kw_dynamic_interfaces, ACT, 0),
	KW("enable_dbus", kw_kept, KEEP, GK),
	KW("enable_script_security", kw_flag, ACT, G(enable_script_security)),
	KW("include_check", kw_include_check, ACT, 0),
	KW("max_auto_priority", kw_max_auto_priority, ACT, 0),
	KR("min_auto_priority_delay", kw_u32, ACT, G(min_auto_priority_delay),
	   1, 10000000),
	KW("no_checker_emails", kw_flag, ACT, G(no_checker_emails)),
	KW("no_email_faults", kw_flag, ACT, G(no_email_faults)),
	KB("notification_email", kw_sub_list, ACT, G(notification_email),
	   &blk_email),
	KW("notification_email_from", kw_str, ACT,
	   G(notification_email_from)),
	KW("notify_fifo", kw_fifo, ACT, G(notify_fifo)),
	KW("notify_fifo_script", kw_fifo_script, ACT, G(notify_fifo)),
	KW("process_monitor_rcv_bufs", kw_kept, KEEP, GK),
	KW("process_monitor_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("process_name", kw_kept, KEEP, GK),
	KW("process_names", kw_kept, KEEP, GK),
	KW("random_seed", kw_u32, ACT, G(random_seed)),
	KW("reload_check_config", kw_reload_check, ACT, 0),
	KW("reload_file", kw_kept, KEEP, GK),
	KW("reload_repeat", kw_kept, KEEP, GK),
	KW("reload_time_file", kw_kept, KEEP, GK),
	KW("router_id", kw_str, ACT, G(router_id)),
	KW("script_user", kw_script_user, ACT, 0),
	KW("shutdown_script", kw_script, ACT, G(shutdown_script)),
	KR("shutdown_script_timeout", kw_time, ACT,
	   G(shutdown_script_timeout), SEC(1), SEC(1000)),
	KW("smtp_alert", kw_tri, ACT, G(smtp_alert)),
	KW("smtp_alert_checker", kw_tri, ACT, G(smtp_alert_checker)),
	KW("smtp_alert_vrrp", kw_tri, ACT, G(smtp_alert_vrrp)),
	KR("smtp_connect_timeout", kw_time, ACT, G(smtp_connect_timeout),
	   SEC(1), SEC(3600)),
	KW("smtp_helo_name", kw_str, ACT, G(smtp_helo_name)),
	KW("smtp_server", kw_smtp_server, ACT, 0),
	KW("startup_script", kw_script, ACT, G(startup_script)),
	KR("startup_script_timeout", kw_time, ACT, G(startup_script_timeout),
	   SEC(1), SEC(1000)),
	KW("tmp_config_directory", kw_kept, KEEP, GK),
	KW("umask", kw_kept, KEEP, GK),
	KW("vigil_child_seccomp", kw_tri, ACT, G(vigil_child_seccomp)),
	KW("vigil_child_user", kw_child_user, ACT, 0),
	KW("vigil_control_group", kw_str, ACT, G(vigil_control_group)),
	KW("vigil_control_socket", kw_socket_path, ACT,
	   G(vigil_control_socket)),
	KR("vigil_watchdog_interval", kw_watchdog, ACT, G(vigil_watchdog_interval),
	   MSEC(100), SEC(60)),
	KR("vigil_watchdog_timeout", kw_watchdog, ACT, G(vigil_watchdog_timeout),
	   SEC(1), SEC(600)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_global = {
	"global_defs", global_kw, NKW(global_kw), NULL, NULL, GK, NULL
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw top_kw[] = {
	KR("child_wait_time", kw_time, ACT, TG(child_wait_time), SEC(1),
	   SEC(3600)),
	KB("global_defs", conf_open_global, ACT, 0, &conf_blk_global),
	KW("instance", kw_name, ACT, TG(instance)),
	KW("namespace_with_ipsets", kw_flag, ACT, TG(namespace_with_ipsets)),
	KW("net_namespace", kw_name, ACT, TG(net_namespace)),
	KX("net_namespace_ipvs", kw_opt_netns, ACT, TG(net_namespace_ipvs),
	   ""),
	KW("use_pid_dir", kw_flag, ACT, TG(use_pid_dir)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_top = {
	"", top_kw, NKW(top_kw), NULL, NULL, offsetof(struct conf, kept), NULL
};
/* clang-format on */
