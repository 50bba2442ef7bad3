// SPDX-License-Identifier: GPL-2.0-or-later
/* The top level, global_defs, SSL and the small global blocks
 * (linkbeat_interfaces, interface_up_down_delays, track_group). */
#include "config.h"

#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

#include "core/conf/conf_kw.h"

#define G(f) offsetof(struct conf_global, f)
#define T(f) offsetof(struct conf, f)
#define TG(f) (offsetof(struct conf, global) + G(f))

/* ---- named objects: vrrp_instance NAME {...} and friends ----------- */

struct conf_named {
	size_t list_off; /* the list in struct conf */
	size_t size;
	void (*init)(void *obj);
};

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

static void
init_vrrp(void *o)
{
	conf_init_vrrp(o);
}

static void
init_script(void *o)
{
	conf_init_script(o);
}

static void
init_track_process(void *o)
{
	conf_init_track_process(o);
}

static void
init_track_file(void *o)
{
	conf_init_track_file(o);
}

static void
init_bfd(void *o)
{
	conf_init_bfd(o);
}

static void
init_sync_group(void *o)
{
	conf_init_notify(&((struct conf_vrrp_sync_group *)o)->notify);
}

/* clang-format off */
static const struct conf_named named_vrrp = {
	T(instances), sizeof(struct conf_vrrp), init_vrrp
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_script = {
	T(scripts), sizeof(struct conf_vrrp_script), init_script
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_track_process = {
	T(track_procs), sizeof(struct conf_track_process), init_track_process
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_track_file = {
	T(track_files), sizeof(struct conf_track_file), init_track_file
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_bfd = {
	T(bfds), sizeof(struct conf_bfd), init_bfd
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_sync_group = {
	T(sync_groups), sizeof(struct conf_vrrp_sync_group), init_sync_group
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_track_group = {
	T(track_groups), sizeof(struct conf_track_group), NULL
};
/* clang-format on */

int
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

int
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

/* ---- small list blocks -------------------------------------------- */

static int
line_linkbeat(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	static const struct conf_enum types[] = {
		{"MII", 1}, {"ETHTOOL", 2}, {"IOCTL", 3}, {NULL, 0}};
	struct conf_linkbeat *l = pc_alloc(p, sizeof(*l));
	int t = 0;

	if (!l || pc_nargs(p, a, 0, 1) < 0 ||
	    (a->n > 1 && pc_enum(p, "linkbeat type", a->v[1], types, &t) < 0))
		return -1;
	l->loc = p->loc;
	l->ifname = pc_strdup(p, a->v[0]);
	l->type = (uint8_t)t;
	conf_list_append(obj, l);
	return 0;
}

static int
line_if_delay(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	struct conf_if_delay *l = pc_alloc(p, sizeof(*l));

	if (!l || pc_nargs(p, a, 1, 2) < 0 ||
	    pc_time(p, "down delay", a->v[1], 0, SEC(255), &l->down) < 0)
		return -1;
	l->up = l->down;
	if (a->n > 2 &&
	    pc_time(p, "up delay", a->v[2], 0, SEC(255), &l->up) < 0)
		return -1;
	l->loc = p->loc;
	l->ifname = pc_strdup(p, a->v[0]);
	conf_list_append(obj, l);
	return 0;
}

/* clang-format off */
const struct conf_block conf_blk_str_list = {
	.name = "list", .line = line_str, .kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_linkbeat = {
	.name = "linkbeat_interfaces", .line = line_linkbeat,
	.kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_if_delays = {
	.name = "interface_up_down_delays", .line = line_if_delay,
	.kept_off = KW_NOKEPT
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw track_group_kw[] = {
	KB("group", kw_sub_list, PEND,
	   offsetof(struct conf_track_group, members), &conf_blk_str_list),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_track_group = {
	"track_group", track_group_kw, NKW(track_group_kw), NULL, NULL,
	KW_NOKEPT, NULL
};
/* clang-format on */

/* ---- global_defs handlers ----------------------------------------- */

static int
kw_script_user(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_global *g = obj;

	if (pc_nargs(p, a, 1, 2) < 0)
		return -1;
	g->script_user = pc_strdup(p, a->v[1]);
	g->script_group = a->n > 2 ? pc_strdup(p, a->v[2]) : NULL;
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
kw_fifo(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	struct conf_fifo *f = FIELD(obj, kw->off, struct conf_fifo);

	if (pc_nargs(p, a, 1, 3) < 0)
		return -1;
	f->path = pc_strdup(p, a->v[1]);
	f->user = a->n > 2 ? pc_strdup(p, a->v[2]) : NULL;
	f->group = a->n > 3 ? pc_strdup(p, a->v[3]) : NULL;
	return 0;
}

static int
kw_fifo_script(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_fifo *f = FIELD(obj, kw->off, struct conf_fifo);

	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	pc_script_set(p, &f->script, a, 1);
	return 0;
}

static int
sync_opt(struct conf_pctx *p, struct conf_lvs_sync *s, const char *k,
	 const char *v)
{
	uint32_t x;

	if (!strcmp(k, "id"))
		return pc_u32(p, "lvs_sync_daemon id", v, 0, 255, &s->syncid);
	if (!strcmp(k, "maxlen"))
		return pc_u32(p, "lvs_sync_daemon maxlen", v, 1, 65507,
			      &s->maxlen);
	if (!strcmp(k, "port"))
		return pc_port(p, "lvs_sync_daemon port", v, &s->port);
	if (!strcmp(k, "ttl")) {
		if (pc_u32(p, "lvs_sync_daemon ttl", v, 1, 255, &x) < 0)
			return -1;
		s->ttl = (uint8_t)x;
		return 0;
	}
	if (!strcmp(k, "group"))
		return pc_addr(p, "lvs_sync_daemon group", v, false, &s->group);
	return 1;
}

static bool
is_sync_opt(const char *k)
{
	return !strcmp(k, "id") || !strcmp(k, "maxlen") || !strcmp(k, "port") ||
	       !strcmp(k, "ttl") || !strcmp(k, "group");
}

static int
kw_lvs_sync_daemon(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		   const struct conf_args *a)
{
	struct conf_lvs_sync *s = &((struct conf_global *)obj)->lvs_sync_daemon;
	int i = 2;

	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	memset(s, 0, sizeof(*s));
	s->set = true;
	s->loc = p->loc;
	s->ifname = pc_strdup(p, a->v[1]);
	s->syncid = s->maxlen = CONF_UNSET_U32;
	if (i < a->n && !strcmp(a->v[i], "inst") && i + 1 < a->n)
		i++;
	if (i < a->n && !is_sync_opt(a->v[i]))
		s->instance = pc_strdup(p, a->v[i++]);
	for (; i < a->n; i += 2) {
		int r = i + 1 < a->n ? sync_opt(p, s, a->v[i], a->v[i + 1]) : 1;

		if (r < 0)
			return -1;
		if (r > 0) {
			pc_err(p,
			       "lvs_sync_daemon: unexpected '%s' (expected "
			       "id, maxlen, port, ttl or group with a value)",
			       a->v[i]);
			return -1;
		}
	}
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
kw_opt_name(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	pc_nargs(p, a, 0, 1);
	*FIELD(obj, kw->off, const char *) =
		pc_strdup(p, a->n > 1 ? a->v[1] : (const char *)kw->aux);
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

int
kw_garp_extra(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	struct conf_garp_extra *e = FIELD(obj, kw->off, struct conf_garp_extra);
	int i = 1;

	if (pc_nargs(p, a, 1, 2) < 0)
		return -1;
	e->all = false;
	if (!strcmp(a->v[1], "all")) {
		e->all = true;
		i++;
		if (a->n < 3) {
			pc_err(p, "'%s all' needs a number of seconds",
			       a->v[0]);
			return -1;
		}
	}
	return pc_time(p, a->v[0], a->v[i], 0, SEC(86400), &e->interval);
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
kw_snmp_rfc(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	struct conf_global *g = obj;

	pc_nargs(p, a, 0, 0);
	g->enable_snmp_rfcv2 = g->enable_snmp_rfcv3 = true;
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

static int
kw_mcast_group(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_addr *g = FIELD(obj, kw->off, struct conf_addr);
	int family = kw->min;

	if (kw_addr(p, kw, obj, a) < 0)
		return -1;
	if (g->family != family || !conf_addr_is_multicast(g)) {
		pc_err(p, "%s %s is not an %s multicast address", a->v[0],
		       a->v[1], family == AF_INET ? "IPv4" : "IPv6");
		memset(g, 0, sizeof(*g));
		return -1;
	}
	return 0;
}

/* ---- tables ------------------------------------------------------- */

#define GK G(kept)

/* clang-format off */
static const struct conf_kw global_kw[] = {
	KW("bfd_cpu_affinity", kw_kept, KEEP, GK),
	KW("bfd_no_swap", kw_flag, PEND, G(bfd_no_swap)),
	KR("bfd_priority", kw_i32, PEND, G(bfd_priority), -20, 19),
	KW("bfd_process_name", kw_kept, KEEP, GK),
	KA("bfd_rlimit_rtime", "bfd_rlimit_rttime"),
	KR("bfd_rlimit_rttime", kw_u32, PEND, G(bfd_rlimit_rttime), 1,
	   UINT32_MAX),
	KR("bfd_rt_priority", kw_u32, PEND, G(bfd_rt_priority), 1, 99),
	KW("checker_cpu_affinity", kw_kept, KEEP, GK),
	KW("checker_log_all_failures", kw_tri, ACT,
	   G(checker_log_all_failures)),
	KW("checker_no_swap", kw_flag, PEND, G(checker_no_swap)),
	KR("checker_priority", kw_i32, PEND, G(checker_priority), -20, 19),
	KW("checker_process_name", kw_kept, KEEP, GK),
	KA("checker_rlimit_rtime", "checker_rlimit_rttime"),
	KR("checker_rlimit_rttime", kw_u32, PEND, G(checker_rlimit_rttime), 1,
	   UINT32_MAX),
	KR("checker_rt_priority", kw_u32, PEND, G(checker_rt_priority), 1,
	   99),
	KW("config_save_dir", kw_kept, KEEP, GK),
	KW("data_use_instance", kw_tri, PEND, G(data_use_instance)),
	KW("dbus_service_name", kw_kept, KEEP, GK),
	KW("default_interface", kw_str, PEND, G(default_interface)),
	KW("disable_local_igmp", kw_flag, PEND, G(disable_local_igmp)),
	KW("dynamic_interfaces", kw_dynamic_interfaces, PEND, 0),
	KW("enable_dbus", kw_kept, KEEP, GK),
	KW("enable_script_security", kw_flag, ACT, G(enable_script_security)),
	KW("enable_snmp_checker", kw_flag, PEND, G(enable_snmp_checker)),
	KA("enable_snmp_keepalived", "enable_snmp_vrrp"),
	KW("enable_snmp_rfc", kw_snmp_rfc, PEND, 0),
	KW("enable_snmp_rfcv2", kw_flag, PEND, G(enable_snmp_rfcv2)),
	KW("enable_snmp_rfcv3", kw_flag, PEND, G(enable_snmp_rfcv3)),
	KW("enable_snmp_vrrp", kw_flag, PEND, G(enable_snmp_vrrp)),
	KW("enable_traps", kw_flag, PEND, G(enable_traps)),
	KW("fifo_write_vrrp_states_on_reload", kw_flag, ACT,
	   G(fifo_write_vrrp_states_on_reload)),
	KW("include_check", kw_include_check, ACT, 0),
	KW("log_unknown_vrids", kw_flag, PEND, G(log_unknown_vrids)),
	KW("lvs_flush", kw_flag, ACT, G(lvs_flush)),
	KW("lvs_flush_on_stop", kw_flush_on_stop, ACT, 0),
	KA("lvs_flush_onstop", "lvs_flush_on_stop"),
	KW("lvs_netlink_cmd_rcv_bufs", kw_kept, KEEP, GK),
	KW("lvs_netlink_cmd_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("lvs_netlink_monitor_rcv_bufs", kw_kept, KEEP, GK),
	KW("lvs_netlink_monitor_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("lvs_notify_fifo", kw_fifo, PEND, G(lvs_notify_fifo)),
	KW("lvs_notify_fifo_script", kw_fifo_script, PEND, G(lvs_notify_fifo)),
	KA("lvs_process_name", "checker_process_name"),
	KW("lvs_sync_daemon", kw_lvs_sync_daemon, PEND, 0),
	KW("lvs_timeouts", kw_lvs_timeouts, ACT, 0),
	KW("max_auto_priority", kw_max_auto_priority, PEND, 0),
	KR("min_auto_priority_delay", kw_u32, PEND, G(min_auto_priority_delay),
	   1, 10000000),
	KX("nftables", kw_opt_name, ACT, G(nftables), "keepalived"),
	KW("nftables_counters", kw_flag, PEND, G(nftables_counters)),
	KW("nftables_ifindex", kw_flag, PEND, G(nftables_ifindex)),
	KX("nftables_ipvs", kw_opt_name, PEND, G(nftables_ipvs),
	   "keepalived_ipvs"),
	KW("nftables_ipvs_priority", kw_i32, PEND, G(nftables_ipvs_priority)),
	KR("nftables_ipvs_start_fwmark", kw_u32, PEND,
	   G(nftables_ipvs_start_fwmark), 1, UINT32_MAX),
	KW("nftables_priority", kw_i32, PEND, G(nftables_priority)),
	KW("no_checker_emails", kw_flag, PEND, G(no_checker_emails)),
	KW("no_email_faults", kw_flag, ACT, G(no_email_faults)),
	KB("notification_email", kw_sub_list, ACT, G(notification_email),
	   &conf_blk_str_list),
	KW("notification_email_from", kw_str, ACT,
	   G(notification_email_from)),
	KW("notify_fifo", kw_fifo, ACT, G(notify_fifo)),
	KW("notify_fifo_script", kw_fifo_script, ACT, G(notify_fifo)),
	KW("process_monitor_rcv_bufs", kw_kept, KEEP, GK),
	KW("process_monitor_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("process_name", kw_kept, KEEP, GK),
	KW("process_names", kw_kept, KEEP, GK),
	KW("random_seed", kw_u32, PEND, G(random_seed)),
	KW("reload_check_config", kw_reload_check, PEND, 0),
	KW("reload_file", kw_kept, KEEP, GK),
	KW("reload_repeat", kw_kept, KEEP, GK),
	KW("reload_time_file", kw_kept, KEEP, GK),
	KW("router_id", kw_str, ACT, G(router_id)),
	KW("rs_init_notifies", kw_flag, PEND, G(rs_init_notifies)),
	KW("script_user", kw_script_user, ACT, 0),
	KW("shutdown_script", kw_script, PEND, G(shutdown_script)),
	KR("shutdown_script_timeout", kw_time, PEND,
	   G(shutdown_script_timeout), SEC(1), SEC(1000)),
	KW("smtp_alert", kw_tri, ACT, G(smtp_alert)),
	KW("smtp_alert_checker", kw_tri, ACT, G(smtp_alert_checker)),
	KW("smtp_alert_vrrp", kw_tri, ACT, G(smtp_alert_vrrp)),
	KR("smtp_connect_timeout", kw_time, ACT, G(smtp_connect_timeout),
	   SEC(1), SEC(3600)),
	KW("smtp_helo_name", kw_str, ACT, G(smtp_helo_name)),
	KW("smtp_server", kw_smtp_server, ACT, 0),
	KW("snmp_socket", kw_str, PEND, G(snmp_socket)),
	KW("startup_script", kw_script, PEND, G(startup_script)),
	KR("startup_script_timeout", kw_time, PEND, G(startup_script_timeout),
	   SEC(1), SEC(1000)),
	KW("tmp_config_directory", kw_kept, KEEP, GK),
	KW("umask", kw_kept, KEEP, GK),
	KW("vigil_control_group", kw_str, ACT, G(vigil_control_group)),
	KW("vigil_control_socket", kw_socket_path, ACT,
	   G(vigil_control_socket)),
	KR("vigil_watchdog_interval", kw_watchdog, ACT, G(vigil_watchdog_interval),
	   MSEC(100), SEC(60)),
	KR("vigil_watchdog_timeout", kw_watchdog, ACT, G(vigil_watchdog_timeout),
	   SEC(1), SEC(600)),
	KW("vmac_addr_prefix", kw_str, PEND, G(vmac_addr_prefix)),
	KW("vmac_prefix", kw_str, PEND, G(vmac_prefix)),
	KW("vrrp_check_unicast_src", kw_flag, ACT, G(vrrp_check_unicast_src)),
	KW("vrrp_cpu_affinity", kw_kept, KEEP, GK),
	KR("vrrp_down_timer_adverts", kw_u32, PEND, G(vrrp_down_timer_adverts),
	   1, 100),
	KW("vrrp_garp_extra_if", kw_garp_extra, PEND, G(vrrp_garp_extra_if)),
	KR("vrrp_garp_interval", kw_time, ACT, G(vrrp_garp_interval), 0,
	   SEC(1)),
	KR("vrrp_garp_lower_prio_delay", kw_time, ACT,
	   G(vrrp_garp_lower_prio_delay), 0, SEC(86400)),
	KR("vrrp_garp_lower_prio_repeat", kw_u32, ACT,
	   G(vrrp_garp_lower_prio_repeat), 0, 65535),
	KR("vrrp_garp_master_delay", kw_time, ACT, G(vrrp_garp_master_delay),
	   0, SEC(86400)),
	KR("vrrp_garp_master_refresh", kw_time, ACT,
	   G(vrrp_garp_master_refresh), 0, SEC(86400)),
	KR("vrrp_garp_master_refresh_repeat", kw_u32, ACT,
	   G(vrrp_garp_master_refresh_repeat), 0, 65535),
	KR("vrrp_garp_master_repeat", kw_u32, ACT, G(vrrp_garp_master_repeat),
	   0, 65535),
	KR("vrrp_gna_interval", kw_time, ACT, G(vrrp_gna_interval), 0,
	   SEC(1)),
	KW("vrrp_higher_prio_send_advert", kw_tri, PEND,
	   G(vrrp_higher_prio_send_advert)),
	KW("vrrp_ipsets", kw_kept, KEEP, GK),
	KW("vrrp_iptables", kw_kept, KEEP, GK),
	KW("vrrp_lower_prio_no_advert", kw_tri, PEND,
	   G(vrrp_lower_prio_no_advert)),
	KR("vrrp_mcast_group4", kw_mcast_group, ACT, G(vrrp_mcast_group4),
	   AF_INET, 0),
	KR("vrrp_mcast_group6", kw_mcast_group, ACT, G(vrrp_mcast_group6),
	   AF_INET6, 0),
	KW("vrrp_min_garp", kw_tri, PEND, G(vrrp_min_garp)),
	KW("vrrp_netlink_cmd_rcv_bufs", kw_kept, KEEP, GK),
	KW("vrrp_netlink_cmd_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("vrrp_netlink_monitor_rcv_bufs", kw_kept, KEEP, GK),
	KW("vrrp_netlink_monitor_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("vrrp_no_swap", kw_flag, ACT, G(vrrp_no_swap)),
	KW("vrrp_notify_fifo", kw_fifo, ACT, G(vrrp_notify_fifo)),
	KW("vrrp_notify_fifo_script", kw_fifo_script, ACT,
	   G(vrrp_notify_fifo)),
	KW("vrrp_notify_priority_changes", kw_tri, PEND,
	   G(vrrp_notify_priority_changes)),
	KR("vrrp_priority", kw_i32, PEND, G(vrrp_priority), -20, 19),
	KW("vrrp_process_name", kw_kept, KEEP, GK),
	KA("vrrp_rlimit_rtime", "vrrp_rlimit_rttime"),
	KR("vrrp_rlimit_rttime", kw_u32, PEND, G(vrrp_rlimit_rttime), 1,
	   UINT32_MAX),
	KR("vrrp_rt_priority", kw_u32, ACT, G(vrrp_rt_priority), 1, 99),
	KW("vrrp_rx_bufs_multiplier", kw_kept, KEEP, GK),
	KW("vrrp_rx_bufs_policy", kw_kept, KEEP, GK),
	KW("vrrp_skip_check_adv_addr", kw_flag, PEND,
	   G(vrrp_skip_check_adv_addr)),
	KR("vrrp_startup_delay", kw_time, PEND, G(vrrp_startup_delay), 0,
	   SEC(3600)),
	KW("vrrp_strict", kw_flag, ACT, G(vrrp_strict)),
	KR("vrrp_version", kw_u32, ACT, G(vrrp_version), 2, 3),
	KA("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if"),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_global = {
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
	{ "bfd_instance", conf_open_named, PEND, 0, 0, 0, &named_bfd,
	  &conf_blk_bfd, NULL },
	KR("child_wait_time", kw_time, PEND, TG(child_wait_time), SEC(1),
	   SEC(3600)),
	KB("garp_group", conf_open_garp_group, PEND, 0, &conf_blk_garp_group),
	KB("global_defs", conf_open_global, ACT, 0, &conf_blk_global),
	KW("instance", kw_str, PEND, TG(instance)),
	KB("interface_up_down_delays", kw_sub_list, PEND, T(if_delays),
	   &conf_blk_if_delays),
	KB("linkbeat_interfaces", kw_sub_list, PEND, T(linkbeat_ifs),
	   &conf_blk_linkbeat),
	KW("linkbeat_use_polling", kw_flag, PEND, TG(linkbeat_use_polling)),
	KW("namespace_with_ipsets", kw_flag, PEND, TG(namespace_with_ipsets)),
	KW("net_namespace", kw_str, PEND, TG(net_namespace)),
	KX("net_namespace_ipvs", kw_opt_name, PEND, TG(net_namespace_ipvs),
	   ""),
	KB("static_ipaddress", kw_sub_list, ACT, T(static_addrs),
	   &conf_blk_ipaddr_list),
	KB("static_routes", kw_sub_list, ACT, T(static_routes),
	   &conf_blk_route_list),
	KB("static_rules", kw_sub_list, ACT, T(static_rules),
	   &conf_blk_rule_list),
	{ "track_file", conf_open_named, ACT, 0, 0, 0, &named_track_file,
	  &conf_blk_track_file, NULL },
	{ "track_group", conf_open_named, PEND, 0, 0, 0, &named_track_group,
	  &conf_blk_track_group, NULL },
	KW("use_pid_dir", kw_flag, PEND, TG(use_pid_dir)),
	KB("virtual_server", conf_open_vs, ACT, 0, &conf_blk_vs),
	KB("virtual_server_group", conf_open_vsg, ACT, 0, &conf_blk_vsg),
	{ "vrrp_instance", conf_open_named, ACT, 0, 0, 0, &named_vrrp,
	  &conf_blk_vrrp, NULL },
	{ "vrrp_script", conf_open_named, ACT, 0, 0, 0, &named_script,
	  &conf_blk_script, NULL },
	{ "vrrp_sync_group", conf_open_named, ACT, 0, 0, 0,
	  &named_sync_group, &conf_blk_sync_group, NULL },
	KA("vrrp_track_file", "track_file"),
	{ "vrrp_track_process", conf_open_named, ACT, 0, 0, 0,
	  &named_track_process, &conf_blk_track_process, NULL },
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_top = {
	"", top_kw, NKW(top_kw), NULL, NULL, T(kept), NULL
};
/* clang-format on */
