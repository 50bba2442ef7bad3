// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VRRP's row in the config library (conf_subsystems[], core/conf/conf_kw.h):
 * the top-level blocks it owns (vrrp_instance, vrrp_sync_group, the tracked
 * objects, static addresses, routes and rules...), its global_defs
 * keywords, and the small list blocks of the top level.
 */
#include "config.h"

#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

#include "vrrp/conf_vrrp.h"

#define G(f) offsetof(struct conf_global, f)
#define T(f) offsetof(struct conf, f)
#define TG(f) (offsetof(struct conf, global) + G(f))

/* ---- named objects: vrrp_instance NAME {...} and friends ----------- */

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
static const struct conf_named named_sync_group = {
	T(sync_groups), sizeof(struct conf_vrrp_sync_group), init_sync_group
};
/* clang-format on */
/* clang-format off */
static const struct conf_named named_track_group = {
	T(track_groups), sizeof(struct conf_track_group), NULL
};
/* clang-format on */

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

	/* IFNAME DOWN [UP]: keepalived ignores an entry with no delay and
	 * takes a missing UP as 0 */
	if (!l)
		return -1;
	if (a->n < 2) {
		pc_warn(p, "interface_up_down_delays: %s has no delay: ignored",
			a->v[0]);
		return 0;
	}
	pc_nargs(p, a, 1, 2);
	if (pc_time(p, "down delay", a->v[1], 0, SEC(255), &l->down) < 0 ||
	    (a->n > 2 &&
	     pc_time(p, "up delay", a->v[2], 0, SEC(255), &l->up) < 0))
		return -1;
	l->loc = p->loc;
	l->ifname = pc_strdup(p, a->v[0]);
	conf_list_append(obj, l);
	return 0;
}

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

/* vrrp_garp_interval, vrrp_gna_interval: the spacing of gratuitous ARPs
 * or NAs, 1 us to 4294 s as keepalived reads it; 0 is refused there and
 * the default (none) kept, so here too, with a warning; a second or more
 * works but is unusual (keepalived says "very large"). */
static int
kw_garp_interval(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		 const struct conf_args *a)
{
	uint64_t us;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_time(p, a->v[0], a->v[1], 0, UINT32_MAX, &us) < 0)
		return -1;
	if (us == 0) {
		pc_warn(p, "%s 0 is not an interval: ignored, none kept",
			a->v[0]);
		return 0;
	}
	if (us >= (uint64_t)SEC(1))
		pc_warn(p,
			"%s %s seconds is very large (between two "
			"messages on one interface)",
			a->v[0], a->v[1]);
	*FIELD(obj, kw->off, uint64_t) = us;
	return 0;
}

static int
kw_mcast_group(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_addr *g = FIELD(obj, kw->off, struct conf_addr);
	int family = kw->min;

	if (kw_addr(p, kw, obj, a) < 0)
		return -1;
	if (g->ip.family != family || !conf_addr_is_multicast(g)) {
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
	KW("default_interface", kw_str, ACT, G(default_interface)),
	KW("disable_local_igmp", kw_flag, PEND, G(disable_local_igmp)),
	KW("fifo_write_vrrp_states_on_reload", kw_flag, ACT,
	   G(fifo_write_vrrp_states_on_reload)),
	KW("log_unknown_vrids", kw_flag, ACT, G(log_unknown_vrids)),
	KX("nftables", kw_opt_name, ACT, G(nftables), "keepalived"),
	KW("nftables_counters", kw_flag, PEND, G(nftables_counters)),
	KW("nftables_ifindex", kw_flag, PEND, G(nftables_ifindex)),
	KW("nftables_priority", kw_i32, PEND, G(nftables_priority)),
	KW("vigil_vrrp_adopt_on_restart", kw_tri, ACT,
	   G(vigil_vrrp_adopt_on_restart)),
	KW("vigil_vrrp_restore_owned", kw_tri, ACT,
	   G(vigil_vrrp_restore_owned)),
	KW("vmac_addr_prefix", kw_str, ACT, G(vmac_addr_prefix)),
	KW("vmac_prefix", kw_str, ACT, G(vmac_prefix)),
	KW("vrrp_check_unicast_src", kw_flag, ACT, G(vrrp_check_unicast_src)),
	KW("vrrp_cpu_affinity", kw_kept, KEEP, GK),
	KR("vrrp_down_timer_adverts", kw_u32, ACT, G(vrrp_down_timer_adverts),
	   1, 100),
	KW("vrrp_garp_extra_if", kw_garp_extra, ACT, G(vrrp_garp_extra_if)),
	KW("vrrp_garp_interval", kw_garp_interval, ACT, G(vrrp_garp_interval)),
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
	KW("vrrp_gna_interval", kw_garp_interval, ACT, G(vrrp_gna_interval)),
	KW("vrrp_higher_prio_send_advert", kw_tri, ACT,
	   G(vrrp_higher_prio_send_advert)),
	KW("vrrp_ipsets", kw_kept, KEEP, GK),
	KW("vrrp_iptables", kw_kept, KEEP, GK),
	KW("vrrp_lower_prio_no_advert", kw_tri, ACT,
	   G(vrrp_lower_prio_no_advert)),
	KR("vrrp_mcast_group4", kw_mcast_group, ACT, G(vrrp_mcast_group4),
	   AF_INET, 0),
	KR("vrrp_mcast_group6", kw_mcast_group, ACT, G(vrrp_mcast_group6),
	   AF_INET6, 0),
	KW("vrrp_min_garp", kw_tri, ACT, G(vrrp_min_garp)),
	KW("vrrp_netlink_cmd_rcv_bufs", kw_kept, KEEP, GK),
	KW("vrrp_netlink_cmd_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("vrrp_netlink_monitor_rcv_bufs", kw_kept, KEEP, GK),
	KW("vrrp_netlink_monitor_rcv_bufs_force", kw_kept, KEEP, GK),
	KW("vrrp_no_swap", kw_flag, ACT, G(vrrp_no_swap)),
	KW("vrrp_notify_fifo", kw_fifo, ACT, G(vrrp_notify_fifo)),
	KW("vrrp_notify_fifo_script", kw_fifo_script, ACT,
	   G(vrrp_notify_fifo)),
	KW("vrrp_notify_priority_changes", kw_tri, ACT,
	   G(vrrp_notify_priority_changes)),
	KR("vrrp_priority", kw_i32, ACT, G(vrrp_priority), -20, 19),
	KW("vrrp_process_name", kw_kept, KEEP, GK),
	KA("vrrp_rlimit_rtime", "vrrp_rlimit_rttime"),
	KR("vrrp_rlimit_rttime", kw_u32, ACT, G(vrrp_rlimit_rttime), 1,
	   UINT32_MAX),
	KR("vrrp_rt_priority", kw_u32, ACT, G(vrrp_rt_priority), 0, 99),
	KW("vrrp_rx_bufs_multiplier", kw_kept, KEEP, GK),
	KW("vrrp_rx_bufs_policy", kw_kept, KEEP, GK),
	KW("vrrp_skip_check_adv_addr", kw_flag, ACT,
	   G(vrrp_skip_check_adv_addr)),
	KR("vrrp_startup_delay", kw_time, ACT, G(vrrp_startup_delay), 0,
	   SEC(3600)),
	KW("vrrp_strict", kw_flag, ACT, G(vrrp_strict)),
	KR("vrrp_version", kw_u32, ACT, G(vrrp_version), 2, 3),
	KA("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if"),
};
/* clang-format on */

/* clang-format off */
static const struct conf_block global_part = {
	"global_defs", global_kw, NKW(global_kw), NULL, NULL, GK, NULL
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw top_kw[] = {
	KB("garp_group", conf_open_garp_group, ACT, 0, &conf_blk_garp_group),
	KB("interface_up_down_delays", kw_sub_list, ACT, T(if_delays),
	   &conf_blk_if_delays),
	KB("linkbeat_interfaces", kw_sub_list, PEND, T(linkbeat_ifs),
	   &conf_blk_linkbeat),
	KW("linkbeat_use_polling", kw_flag, PEND, TG(linkbeat_use_polling)),
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
static const struct conf_block top_part = {
	"", top_kw, NKW(top_kw), NULL, NULL, T(kept), NULL
};
/* clang-format on */

/* Every block of VRRP's but the two parts above. */
/* clang-format off */
static const struct conf_block *const blocks[] = {
	&conf_blk_track_group,
	&conf_blk_script,
	&conf_blk_track_process,
	&conf_blk_track_file,
	&conf_blk_sync_group,
	&conf_blk_garp_group,
	&conf_blk_vrrp,
	&conf_blk_auth,
	&conf_blk_auth_hmac,
	NULL,
};
/* clang-format on */

const struct conf_subsys conf_subsys_vrrp = {
	.name = "vrrp",
	.top = &top_part,
	.global = &global_part,
	.blocks = blocks,
	.init = conf_init_vrrp_global,
	.validate = conf_validate_vrrp_all,
};
