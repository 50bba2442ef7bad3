// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The field descriptors of the model (see core/conf/conf_desc.h): one table per
 * struct of core/conf/conf_model.h, in the struct's order. A unit test checks
 * that each table covers its struct and that every keyword's setter writes
 * a field of its type.
 */
#include "config.h"

#include "core/conf/conf_desc.h"

/* clang-format off */
#define F(T, f, k) { #f, offsetof(T, f), k, NULL, sizeof(((T *)0)->f) }
#define FS(T, f, k, s) { #f, offsetof(T, f), k, &s, sizeof(((T *)0)->f) }
#define END { NULL, 0, FK_END, NULL, 0 }

/* ---- the tables --------------------------------------------------- */

#define T struct conf_str
static const struct conf_fdesc str_f[] = {
	F(T, loc, FK_LOC), F(T, s, FK_STR), END
};
#undef T
const struct conf_tdesc conf_td_str = { "entry", sizeof(struct conf_str),
					str_f };

#define T struct conf_kept
static const struct conf_fdesc kept_f[] = {
	F(T, loc, FK_LOC), F(T, keyword, FK_STR), F(T, args, FK_STR), END
};
#undef T
const struct conf_tdesc conf_td_kept = { "kept", sizeof(struct conf_kept),
					 kept_f };

#define T struct conf_fifo
static const struct conf_fdesc fifo_f[] = {
	F(T, path, FK_STR), F(T, user, FK_STR), F(T, group, FK_STR),
	F(T, script, FK_SCRIPT), END
};
#undef T
static const struct conf_tdesc td_fifo = { "fifo", sizeof(struct conf_fifo),
					   fifo_f };

#define T struct conf_lvs_sync
static const struct conf_fdesc lvs_sync_f[] = {
	F(T, set, FK_BOOL),	  F(T, loc, FK_LOC),	F(T, ifname, FK_STR),
	F(T, instance, FK_STR),	  F(T, syncid, FK_U32), F(T, maxlen, FK_U32),
	F(T, port, FK_U16),	  F(T, ttl, FK_U8),	F(T, group, FK_ADDR),
	END
};
#undef T
static const struct conf_tdesc td_lvs_sync = {
	"lvs_sync_daemon", sizeof(struct conf_lvs_sync), lvs_sync_f
};

#define T struct conf_lvs_resync
static const struct conf_fdesc lvs_resync_f[] = {
	F(T, off, FK_BOOL),	   F(T, port, FK_U16),
	F(T, rate, FK_U32),	   F(T, auth_key, FK_STR), END
};
#undef T
static const struct conf_tdesc td_lvs_resync = {
	"lvs_sync_resync", sizeof(struct conf_lvs_resync), lvs_resync_f
};

#define T struct conf_lvs_timeouts
static const struct conf_fdesc lvs_timeouts_f[] = {
	F(T, tcp, FK_U32), F(T, tcpfin, FK_U32), F(T, udp, FK_U32), END
};
#undef T
static const struct conf_tdesc td_lvs_timeouts = {
	"lvs_timeouts", sizeof(struct conf_lvs_timeouts), lvs_timeouts_f
};

#define T struct conf_garp_extra
static const struct conf_fdesc garp_extra_f[] = {
	F(T, interval, FK_TIME), F(T, all, FK_BOOL), END
};
#undef T
static const struct conf_tdesc td_garp_extra = {
	"garp_extra_if", sizeof(struct conf_garp_extra), garp_extra_f
};

#define T struct conf_global
static const struct conf_fdesc global_f[] = {
	F(T, loc, FK_LOC),
	F(T, router_id, FK_STR),
	F(T, script_user, FK_STR),
	F(T, script_group, FK_STR),
	F(T, script_user_loc, FK_LOC),
	F(T, enable_script_security, FK_BOOL),
	F(T, startup_script, FK_SCRIPT),
	F(T, shutdown_script, FK_SCRIPT),
	F(T, startup_script_timeout, FK_TIME),
	F(T, shutdown_script_timeout, FK_TIME),
	FS(T, notification_email, FK_LIST, conf_td_str),
	F(T, notification_email_from, FK_STR),
	F(T, smtp_server, FK_STR),
	F(T, smtp_port, FK_U16),
	F(T, smtp_helo_name, FK_STR),
	F(T, smtp_connect_timeout, FK_TIME),
	F(T, smtp_alert, FK_I8),
	F(T, smtp_alert_vrrp, FK_I8),
	F(T, smtp_alert_checker, FK_I8),
	F(T, checker_log_all_failures, FK_I8),
	F(T, no_email_faults, FK_BOOL),
	F(T, no_checker_emails, FK_BOOL),
	F(T, rs_init_notifies, FK_BOOL),
	FS(T, notify_fifo, FK_STRUCT, td_fifo),
	FS(T, vrrp_notify_fifo, FK_STRUCT, td_fifo),
	FS(T, lvs_notify_fifo, FK_STRUCT, td_fifo),
	F(T, fifo_write_vrrp_states_on_reload, FK_BOOL),
	F(T, vrrp_mcast_group4, FK_ADDR),
	F(T, vrrp_mcast_group6, FK_ADDR),
	F(T, default_interface, FK_STR),
	F(T, vrrp_version, FK_U32),
	F(T, vrrp_garp_master_delay, FK_TIME),
	F(T, vrrp_garp_master_repeat, FK_U32),
	F(T, vrrp_garp_lower_prio_delay, FK_TIME),
	F(T, vrrp_garp_lower_prio_repeat, FK_U32),
	F(T, vrrp_garp_master_refresh, FK_TIME),
	F(T, vrrp_garp_master_refresh_repeat, FK_U32),
	F(T, vrrp_garp_interval, FK_TIME),
	F(T, vrrp_gna_interval, FK_TIME),
	F(T, vrrp_min_garp, FK_I8),
	FS(T, vrrp_garp_extra_if, FK_STRUCT, td_garp_extra),
	F(T, vrrp_down_timer_adverts, FK_U32),
	F(T, vrrp_lower_prio_no_advert, FK_I8),
	F(T, vrrp_higher_prio_send_advert, FK_I8),
	F(T, vrrp_strict, FK_BOOL),
	F(T, vrrp_check_unicast_src, FK_BOOL),
	F(T, vrrp_skip_check_adv_addr, FK_BOOL),
	F(T, disable_local_igmp, FK_BOOL),
	F(T, log_unknown_vrids, FK_BOOL),
	F(T, vrrp_notify_priority_changes, FK_I8),
	F(T, vrrp_startup_delay, FK_TIME),
	F(T, vmac_prefix, FK_STR),
	F(T, vmac_addr_prefix, FK_STR),
	F(T, dynamic_interfaces, FK_BOOL),
	F(T, dynamic_interfaces_allow_changes, FK_BOOL),
	F(T, nftables, FK_STR),
	F(T, nftables_priority, FK_I32),
	F(T, nftables_counters, FK_BOOL),
	F(T, nftables_ifindex, FK_BOOL),
	F(T, nftables_ipvs, FK_STR),
	F(T, nftables_ipvs_priority, FK_I32),
	F(T, nftables_ipvs_start_fwmark, FK_U32),
	FS(T, lvs_sync_daemon, FK_STRUCT, td_lvs_sync),
	FS(T, lvs_sync_resync, FK_STRUCT, td_lvs_resync),
	FS(T, lvs_timeouts, FK_STRUCT, td_lvs_timeouts),
	F(T, lvs_flush, FK_BOOL),
	F(T, lvs_flush_on_stop, FK_U8),
	F(T, vrrp_priority, FK_I32),
	F(T, checker_priority, FK_I32),
	F(T, bfd_priority, FK_I32),
	F(T, vrrp_rt_priority, FK_U32),
	F(T, checker_rt_priority, FK_U32),
	F(T, bfd_rt_priority, FK_U32),
	F(T, vrrp_rlimit_rttime, FK_U32),
	F(T, checker_rlimit_rttime, FK_U32),
	F(T, bfd_rlimit_rttime, FK_U32),
	F(T, vrrp_no_swap, FK_BOOL),
	F(T, checker_no_swap, FK_BOOL),
	F(T, bfd_no_swap, FK_BOOL),
	F(T, vrrp_rt_implied, FK_BOOL),
	F(T, max_auto_priority, FK_I32),
	F(T, min_auto_priority_delay, FK_U32),
	F(T, snmp_socket, FK_STR),
	F(T, enable_snmp_vrrp, FK_BOOL),
	F(T, enable_snmp_checker, FK_BOOL),
	F(T, enable_snmp_rfcv2, FK_BOOL),
	F(T, enable_snmp_rfcv3, FK_BOOL),
	F(T, enable_traps, FK_BOOL),
	F(T, net_namespace, FK_STR),
	F(T, net_namespace_ipvs, FK_STR),
	F(T, instance, FK_STR),
	F(T, use_pid_dir, FK_BOOL),
	F(T, linkbeat_use_polling, FK_BOOL),
	F(T, namespace_with_ipsets, FK_BOOL),
	F(T, child_wait_time, FK_TIME),
	F(T, random_seed, FK_U32),
	F(T, reload_check_config, FK_STR),
	F(T, data_use_instance, FK_I8),
	F(T, vigil_watchdog_interval, FK_TIME),
	F(T, vigil_watchdog_timeout, FK_TIME),
	F(T, vigil_watchdog_loc, FK_LOC),
	F(T, vigil_control_socket, FK_STR),
	F(T, vigil_control_group, FK_STR),
	F(T, vigil_vrrp_restore_owned, FK_I8),
	F(T, vigil_vrrp_adopt_on_restart, FK_I8),
	F(T, vigil_metrics_listen, FK_STR),
	F(T, vigil_child_user, FK_STR),
	F(T, vigil_child_user_loc, FK_LOC),
	F(T, vigil_child_seccomp, FK_I8),
	FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
const struct conf_tdesc conf_td_global = {
	"global_defs", sizeof(struct conf_global), global_f
};

#define T struct conf_ipaddr
static const struct conf_fdesc ipaddr_f[] = {
	F(T, loc, FK_LOC),	  F(T, addr, FK_ADDR),
	F(T, brd_mode, FK_U8),	  F(T, brd, FK_ADDR),
	F(T, peer, FK_ADDR),	  F(T, dev, FK_STR),
	F(T, label, FK_STR),	  F(T, scope, FK_I32),
	F(T, preferred_lft, FK_U32), F(T, home, FK_BOOL),
	F(T, nodad, FK_BOOL),	  F(T, mngtmpaddr, FK_BOOL),
	F(T, noprefixroute, FK_BOOL), F(T, autojoin, FK_BOOL),
	F(T, no_track, FK_BOOL),  F(T, use_vmac, FK_BOOL),
	F(T, track_group, FK_STR), END
};
#undef T
const struct conf_tdesc conf_td_ipaddr = {
	"ipaddress", sizeof(struct conf_ipaddr), ipaddr_f
};

#define T struct conf_nexthop
static const struct conf_fdesc nexthop_f[] = {
	F(T, via, FK_ADDR), F(T, dev, FK_STR), F(T, weight, FK_U32),
	F(T, onlink, FK_BOOL), END
};
#undef T
static const struct conf_tdesc td_nexthop = {
	"nexthop", sizeof(struct conf_nexthop), nexthop_f
};

#define T struct conf_route
static const struct conf_fdesc route_f[] = {
	F(T, loc, FK_LOC),	    F(T, type, FK_U8),
	F(T, family, FK_U8),	    F(T, dst, FK_ADDR),
	F(T, src, FK_ADDR),	    F(T, via, FK_ADDR),
	F(T, dev, FK_STR),	    F(T, table, FK_U32),
	F(T, metric, FK_U32),	    F(T, scope, FK_I32),
	F(T, protocol, FK_I32),	    F(T, tos, FK_I32),
	F(T, realms, FK_U32),	    F(T, expires, FK_U32),
	F(T, pref, FK_I8),	    F(T, ttl_propagate, FK_I8),
	F(T, onlink, FK_BOOL),	    F(T, append, FK_BOOL),
	F(T, no_track, FK_BOOL),    F(T, ecn, FK_BOOL),
	F(T, metrics, FK_BYTES),    F(T, metrics_lock, FK_U32),
	F(T, congctl, FK_STR),	    F(T, congctl_lock, FK_BOOL),
	F(T, vrf, FK_STR),	    F(T, encap, FK_STR),
	FS(T, nexthops, FK_LIST, td_nexthop), F(T, track_group, FK_STR),
	END
};
#undef T
const struct conf_tdesc conf_td_route = { "route", sizeof(struct conf_route),
					  route_f };

#define T struct conf_rule
static const struct conf_fdesc rule_f[] = {
	F(T, loc, FK_LOC),	     F(T, family, FK_U8),
	F(T, invert, FK_BOOL),	     F(T, from, FK_ADDR),
	F(T, to, FK_ADDR),	     F(T, action, FK_U8),
	F(T, table, FK_U32),	     F(T, priority, FK_U32),
	F(T, tos, FK_I32),	     F(T, fwmark, FK_U32),
	F(T, fwmask, FK_U32),	     F(T, realms, FK_U32),
	F(T, goto_target, FK_U32),   F(T, suppress_prefixlen, FK_I32),
	F(T, suppress_ifgroup, FK_U32), F(T, iif, FK_STR),
	F(T, oif, FK_STR),	     F(T, uid_start, FK_U32),
	F(T, uid_end, FK_U32),	     F(T, l3mdev, FK_BOOL),
	F(T, protocol, FK_I32),	     F(T, ip_proto, FK_I32),
	F(T, sport_start, FK_U16),   F(T, sport_end, FK_U16),
	F(T, dport_start, FK_U16),   F(T, dport_end, FK_U16),
	F(T, tunnel_id, FK_U64),     F(T, no_track, FK_BOOL),
	F(T, track_group, FK_STR),   END
};
#undef T
const struct conf_tdesc conf_td_rule = { "rule", sizeof(struct conf_rule),
					 rule_f };

#define T struct conf_track_group
static const struct conf_fdesc track_group_f[] = {
	F(T, loc, FK_LOC), F(T, name, FK_STR),
	FS(T, members, FK_LIST, conf_td_str), END
};
#undef T
static const struct conf_tdesc td_track_group = {
	"track_group", sizeof(struct conf_track_group), track_group_f
};

#define T struct conf_linkbeat
static const struct conf_fdesc linkbeat_f[] = {
	F(T, loc, FK_LOC), F(T, ifname, FK_STR), F(T, type, FK_U8), END
};
#undef T
static const struct conf_tdesc td_linkbeat = {
	"linkbeat", sizeof(struct conf_linkbeat), linkbeat_f
};

#define T struct conf_if_delay
static const struct conf_fdesc if_delay_f[] = {
	F(T, loc, FK_LOC), F(T, ifname, FK_STR), F(T, down, FK_TIME),
	F(T, up, FK_TIME), END
};
#undef T
static const struct conf_tdesc td_if_delay = {
	"if_delay", sizeof(struct conf_if_delay), if_delay_f
};

#define T struct conf_vrrp_script
static const struct conf_fdesc script_f[] = {
	F(T, loc, FK_LOC),	  F(T, name, FK_STR),
	F(T, script, FK_SCRIPT),  F(T, interval, FK_TIME),
	F(T, timeout, FK_TIME),	  F(T, weight, FK_I32),
	F(T, weight_reverse, FK_BOOL), F(T, rise, FK_U32),
	F(T, fall, FK_U32),	  F(T, init_fail, FK_BOOL),
	FS(T, kept, FK_LIST, conf_td_kept), END
};
#undef T
const struct conf_tdesc conf_td_script = {
	"vrrp_script", sizeof(struct conf_vrrp_script), script_f
};

#define T struct conf_track_process
static const struct conf_fdesc track_process_f[] = {
	F(T, loc, FK_LOC),	   F(T, name, FK_STR),
	F(T, process, FK_STR),	   FS(T, params, FK_LIST, conf_td_str),
	F(T, param_match, FK_U8),  F(T, weight, FK_I32),
	F(T, weight_reverse, FK_BOOL), F(T, quorum, FK_U32),
	F(T, quorum_max, FK_U32),  F(T, fork_delay, FK_TIME),
	F(T, terminate_delay, FK_TIME), F(T, full_command, FK_BOOL),
	FS(T, kept, FK_LIST, conf_td_kept), END
};
#undef T
static const struct conf_tdesc td_track_process = {
	"vrrp_track_process", sizeof(struct conf_track_process),
	track_process_f
};

#define T struct conf_track_file
static const struct conf_fdesc track_file_f[] = {
	F(T, loc, FK_LOC),	   F(T, name, FK_STR),
	F(T, file, FK_STR),	   F(T, weight, FK_I32),
	F(T, weight_reverse, FK_BOOL), F(T, init_file, FK_BOOL),
	F(T, init_overwrite, FK_BOOL), F(T, init_value, FK_I32),
	FS(T, kept, FK_LIST, conf_td_kept), END
};
#undef T
static const struct conf_tdesc td_track_file = {
	"track_file", sizeof(struct conf_track_file), track_file_f
};

#define T struct conf_bfd
static const struct conf_fdesc bfd_f[] = {
	F(T, loc, FK_LOC),	  F(T, name, FK_STR),
	F(T, neighbor, FK_ADDR),  F(T, source, FK_ADDR),
	F(T, min_rx, FK_TIME),	  F(T, min_tx, FK_TIME),
	F(T, idle_tx, FK_TIME),	  F(T, multiplier, FK_U32),
	F(T, passive, FK_BOOL),	  F(T, ttl, FK_U32),
	F(T, hoplimit, FK_U32),	  F(T, max_hops, FK_U32),
	F(T, weight, FK_I32),	  F(T, weight_reverse, FK_BOOL),
	F(T, vrrp_only, FK_BOOL), F(T, checker_only, FK_BOOL),
	FS(T, kept, FK_LIST, conf_td_kept), END
};
#undef T
static const struct conf_tdesc td_bfd = { "bfd_instance",
					  sizeof(struct conf_bfd), bfd_f };

#define T struct conf_track
static const struct conf_fdesc track_f[] = {
	F(T, loc, FK_LOC), F(T, name, FK_STR), F(T, weight, FK_I32),
	F(T, reverse, FK_BOOL), END
};
#undef T
static const struct conf_tdesc td_track = { "track", sizeof(struct conf_track),
					    track_f };

#define T struct conf_peer
static const struct conf_fdesc peer_f[] = {
	F(T, loc, FK_LOC), F(T, addr, FK_ADDR), F(T, min_ttl, FK_I32),
	F(T, max_ttl, FK_I32), END
};
#undef T
static const struct conf_tdesc td_peer = { "unicast_peer",
					   sizeof(struct conf_peer), peer_f };

#define T struct conf_notify
static const struct conf_fdesc notify_f[] = {
	F(T, master, FK_SCRIPT),   F(T, backup, FK_SCRIPT),
	F(T, fault, FK_SCRIPT),	   F(T, stop, FK_SCRIPT),
	F(T, deleted, FK_SCRIPT),  F(T, notify, FK_SCRIPT),
	F(T, master_rx_lower_pri, FK_SCRIPT), F(T, deleted_set, FK_BOOL),
	F(T, priority_changes, FK_I8), F(T, smtp_alert, FK_I8), END
};
#undef T
static const struct conf_tdesc td_notify = { "notify",
					     sizeof(struct conf_notify),
					     notify_f };

#define T struct conf_vrrp_sync_group
static const struct conf_fdesc sync_group_f[] = {
	F(T, loc, FK_LOC),
	F(T, name, FK_STR),
	FS(T, members, FK_LIST, conf_td_str),
	FS(T, track_interface, FK_LIST, td_track),
	FS(T, track_script, FK_LIST, td_track),
	FS(T, track_file, FK_LIST, td_track),
	FS(T, track_process, FK_LIST, td_track),
	FS(T, track_bfd, FK_LIST, td_track),
	FS(T, notify, FK_STRUCT, td_notify),
	F(T, global_tracking, FK_BOOL),
	F(T, sync_group_tracking_weight, FK_BOOL),
	FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
static const struct conf_tdesc td_sync_group = {
	"vrrp_sync_group", sizeof(struct conf_vrrp_sync_group), sync_group_f
};

#define T struct conf_garp_group
static const struct conf_fdesc garp_group_f[] = {
	F(T, loc, FK_LOC), F(T, garp_interval, FK_TIME),
	F(T, gna_interval, FK_TIME), F(T, interface, FK_STR),
	FS(T, interfaces, FK_LIST, conf_td_str),
	FS(T, kept, FK_LIST, conf_td_kept), END
};
#undef T
static const struct conf_tdesc td_garp_group = {
	"garp_group", sizeof(struct conf_garp_group), garp_group_f
};

#define T struct conf_hmac
static const struct conf_fdesc hmac_f[] = {
	F(T, set, FK_BOOL),	    F(T, loc, FK_LOC),
	F(T, mode, FK_U8),	    F(T, active_key, FK_U32),
	F(T, anti_replay, FK_U8),   F(T, time_window, FK_U32),
	F(T, nkeys, FK_U8),	    F(T, keys, FK_BYTES),
	END
};
#undef T
static const struct conf_tdesc td_hmac = {
	"auth_hmac", sizeof(struct conf_hmac), hmac_f
};

#define T struct conf_vrrp
static const struct conf_fdesc vrrp_f[] = {
	F(T, loc, FK_LOC),
	F(T, name, FK_STR),
	F(T, state, FK_U8),
	F(T, interface, FK_STR),
	F(T, interface_loc, FK_LOC),
	F(T, vrf, FK_STR),
	F(T, vrid, FK_U32),
	F(T, vrid_loc, FK_LOC),
	F(T, priority, FK_I32),
	F(T, advert_int, FK_TIME),
	F(T, version, FK_U32),
	F(T, family, FK_U8),
	F(T, family_loc, FK_LOC),
	F(T, nopreempt, FK_BOOL),
	F(T, preempt_delay, FK_TIME),
	F(T, accept, FK_I8),
	F(T, auth_type, FK_U8),
	F(T, auth_pass, FK_BYTES),
	FS(T, auth_hmac, FK_STRUCT, td_hmac),
	FS(T, vips, FK_LIST, conf_td_ipaddr),
	FS(T, evips, FK_LIST, conf_td_ipaddr),
	FS(T, vroutes, FK_LIST, conf_td_route),
	FS(T, vrules, FK_LIST, conf_td_rule),
	F(T, promote_secondaries, FK_BOOL),
	F(T, use_vmac, FK_BOOL),
	F(T, vmac_name, FK_STR),
	F(T, vmac_mac, FK_BYTES),
	F(T, vmac_mac_len, FK_U8),
	F(T, vmac_xmit_base, FK_BOOL),
	F(T, use_vmac_addr, FK_BOOL),
	F(T, use_ipvlan, FK_BOOL),
	F(T, ipvlan_name, FK_STR),
	F(T, ipvlan_addr, FK_ADDR),
	F(T, ipvlan_mode, FK_U8),
	F(T, src_ip, FK_ADDR),
	F(T, mcast_dst_ip, FK_ADDR),
	F(T, track_src_ip, FK_BOOL),
	F(T, check_unicast_src, FK_BOOL),
	F(T, unicast_fault_no_peer, FK_BOOL),
	F(T, unicast_src, FK_BOOL),
	FS(T, unicast_peers, FK_LIST, td_peer),
	F(T, unicast_ttl, FK_I32),
	F(T, old_unicast_checksum, FK_I8),
	F(T, native_ipv6, FK_BOOL),
	F(T, dont_track_primary, FK_BOOL),
	FS(T, track_interface, FK_LIST, td_track),
	FS(T, track_script, FK_LIST, td_track),
	FS(T, track_file, FK_LIST, td_track),
	FS(T, track_process, FK_LIST, td_track),
	FS(T, track_bfd, FK_LIST, td_track),
	F(T, garp_master_delay, FK_TIME),
	F(T, garp_master_repeat, FK_U32),
	F(T, garp_lower_prio_delay, FK_TIME),
	F(T, garp_lower_prio_repeat, FK_U32),
	F(T, garp_master_refresh, FK_TIME),
	F(T, garp_master_refresh_repeat, FK_U32),
	FS(T, garp_extra_if, FK_STRUCT, td_garp_extra),
	F(T, down_timer_adverts, FK_U32),
	F(T, lower_prio_no_advert, FK_I8),
	F(T, higher_prio_send_advert, FK_I8),
	F(T, skip_check_adv_addr, FK_I8),
	F(T, strict_mode, FK_I8),
	F(T, debug, FK_U32),
	F(T, kernel_rx_buf_size, FK_U32),
	F(T, linkbeat_use_polling, FK_BOOL),
	FS(T, notify, FK_STRUCT, td_notify),
	F(T, sync_group, FK_STR),
	FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
const struct conf_tdesc conf_td_vrrp = { "vrrp_instance",
					 sizeof(struct conf_vrrp), vrrp_f };

/* ---- LVS ---------------------------------------------------------- */

#define T struct conf_fwd
static const struct conf_fdesc fwd_f[] = {
	F(T, method, FK_I8), F(T, tun_type, FK_U8), F(T, tun_port, FK_U16),
	F(T, tun_csum, FK_U8), END
};
#undef T
static const struct conf_tdesc td_fwd = { "lvs_method", sizeof(struct conf_fwd),
					  fwd_f };

#define T struct conf_vsg_entry
static const struct conf_fdesc vsge_f[] = {
	F(T, loc, FK_LOC),   F(T, kind, FK_U8),	  F(T, addr, FK_ADDR),
	F(T, last, FK_ADDR), F(T, port, FK_U16),  F(T, fwmark, FK_U32),
	F(T, family, FK_U16), END
};
#undef T
static const struct conf_tdesc td_vsge = { "entry",
					   sizeof(struct conf_vsg_entry),
					   vsge_f };

#define T struct conf_vsg
static const struct conf_fdesc vsg_f[] = {
	F(T, loc, FK_LOC), F(T, name, FK_STR),
	FS(T, entries, FK_LIST, td_vsge), END
};
#undef T
static const struct conf_tdesc td_vsg = { "virtual_server_group",
					  sizeof(struct conf_vsg), vsg_f };

#define T struct conf_url
static const struct conf_fdesc url_f[] = {
	F(T, loc, FK_LOC),	       F(T, path, FK_STR),
	F(T, digest, FK_BYTES),	       F(T, has_digest, FK_BOOL),
	F(T, status, FK_BYTES),	       F(T, has_status, FK_BOOL),
	F(T, virtualhost, FK_STR),     F(T, regex, FK_STR),
	F(T, regex_loc, FK_LOC),
	F(T, regex_no_match, FK_BOOL), F(T, regex_options, FK_STR),
	F(T, regex_stack_start, FK_U32), F(T, regex_stack_max, FK_U32),
	F(T, regex_min_offset, FK_U32), F(T, regex_max_offset, FK_U32),
	END
};
#undef T
static const struct conf_tdesc td_url = { "url", sizeof(struct conf_url),
					  url_f };

#define T struct conf_check_http
static const struct conf_fdesc http_f[] = {
	FS(T, urls, FK_LIST, td_url), F(T, http_protocol, FK_U8),
	F(T, fast_recovery, FK_I8),   F(T, enable_sni, FK_BOOL),
	F(T, ssl_verify, FK_BOOL),    F(T, virtualhost, FK_STR),
	F(T, max_body, FK_U32),	      END
};
#undef T
static const struct conf_tdesc td_http = { "http",
					   sizeof(struct conf_check_http),
					   http_f };

#define T struct conf_check_udp
static const struct conf_fdesc udp_f[] = {
	F(T, payload_len, FK_U16),	F(T, payload, FK_BYTES),
	F(T, require_reply, FK_BOOL),	F(T, reply_len, FK_U16),
	F(T, reply, FK_BYTES),		F(T, reply_mask, FK_BYTES),
	F(T, min_reply_length, FK_U32), F(T, max_reply_length, FK_U32),
	END
};
#undef T
static const struct conf_tdesc td_udp = { "udp", sizeof(struct conf_check_udp),
					  udp_f };

#define T struct conf_check_misc
static const struct conf_fdesc misc_f[] = {
	F(T, path, FK_SCRIPT), F(T, timeout, FK_TIME), F(T, dynamic, FK_BOOL),
	END
};
#undef T
static const struct conf_tdesc td_misc = { "misc",
					   sizeof(struct conf_check_misc),
					   misc_f };

#define T struct conf_check_file
static const struct conf_fdesc file_f[] = {
	F(T, track_file, FK_STR), F(T, dynamic, FK_BOOL),
	F(T, weight, FK_I32), F(T, weight_reverse, FK_BOOL), END
};
#undef T
static const struct conf_tdesc td_file = { "file",
					   sizeof(struct conf_check_file),
					   file_f };

#define T struct conf_check
static const struct conf_fdesc check_f[] = {
	F(T, loc, FK_LOC),
	F(T, type, FK_U8),
	F(T, connect_ip, FK_ADDR),
	F(T, connect_port, FK_U16),
	F(T, bindto, FK_ADDR),
	F(T, bind_if, FK_STR),
	F(T, bind_port, FK_U16),
	F(T, fwmark, FK_U32),
	F(T, alpha, FK_I8),
	F(T, connect_timeout, FK_TIME),
	F(T, delay_before_retry, FK_TIME),
	F(T, warmup, FK_TIME),
	F(T, delay_loop, FK_TIME),
	F(T, retry, FK_U32),
	F(T, log_all_failures, FK_I8),
	FS(T, http, FK_STRUCT, td_http),
	F(T, smtp_helo_name, FK_STR),
	F(T, dns_type, FK_U16),
	F(T, dns_name, FK_STR),
	FS(T, udp, FK_PTR, td_udp),
	FS(T, misc, FK_STRUCT, td_misc),
	FS(T, file, FK_STRUCT, td_file),
	F(T, bfd_name, FK_STR),
	F(T, agent_send, FK_STR),
	F(T, smtp_host, FK_BOOL),
	FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
const struct conf_tdesc conf_td_check = { "checker",
					  sizeof(struct conf_check), check_f };

#define T struct conf_rs
static const struct conf_fdesc rs_f[] = {
	F(T, loc, FK_LOC),
	F(T, addr, FK_ADDR),
	F(T, port, FK_U16),
	F(T, weight, FK_I32),
	FS(T, fwd, FK_STRUCT, td_fwd),
	F(T, notify_up, FK_SCRIPT),
	F(T, notify_down, FK_SCRIPT),
	F(T, uthreshold, FK_U32),
	F(T, lthreshold, FK_U32),
	F(T, smtp_alert, FK_I8),
	F(T, virtualhost, FK_STR),
	F(T, snmp_name, FK_STR),
	F(T, alpha, FK_I8),
	F(T, inhibit_on_failure, FK_I8),
	F(T, connect_timeout, FK_TIME),
	F(T, delay_before_retry, FK_TIME),
	F(T, warmup, FK_TIME),
	F(T, delay_loop, FK_TIME),
	F(T, retry, FK_U32),
	FS(T, checkers, FK_LIST, conf_td_check),
	FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
const struct conf_tdesc conf_td_rs = { "real_server", sizeof(struct conf_rs),
				       rs_f };

#define T struct conf_vs
static const struct conf_fdesc vs_f[] = {
	F(T, loc, FK_LOC),
	F(T, kind, FK_U8),
	F(T, addr, FK_ADDR),
	F(T, port, FK_U16),
	F(T, fwmark, FK_U32),
	F(T, group, FK_STR),
	F(T, family, FK_U16),
	F(T, sched, FK_STR),
	F(T, sched_flags, FK_U32),
	F(T, ops, FK_BOOL),
	FS(T, fwd, FK_STRUCT, td_fwd),
	F(T, pe, FK_STR),
	F(T, persistence_timeout, FK_U32),
	F(T, persistence_granularity, FK_ADDR),
	F(T, protocol, FK_U8),
	F(T, protocol_set, FK_BOOL),
	F(T, ha_suspend, FK_BOOL),
	F(T, smtp_alert, FK_I8),
	F(T, virtualhost, FK_STR),
	F(T, snmp_name, FK_STR),
	F(T, alpha, FK_BOOL),
	F(T, omega, FK_BOOL),
	F(T, quorum, FK_I32),
	F(T, hysteresis, FK_I32),
	F(T, quorum_up, FK_SCRIPT),
	F(T, quorum_down, FK_SCRIPT),
	F(T, sorry_addr, FK_ADDR),
	F(T, sorry_port, FK_U16),
	F(T, sorry_inhibit, FK_BOOL),
	FS(T, sorry_fwd, FK_STRUCT, td_fwd),
	F(T, connect_timeout, FK_TIME),
	F(T, delay_before_retry, FK_TIME),
	F(T, warmup, FK_TIME),
	F(T, delay_loop, FK_TIME),
	F(T, retry, FK_U32),
	F(T, inhibit_on_failure, FK_BOOL),
	FS(T, rs, FK_LIST, conf_td_rs),
	FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
const struct conf_tdesc conf_td_vs = { "virtual_server", sizeof(struct conf_vs),
				       vs_f };

#define T struct conf_ssl
static const struct conf_fdesc ssl_f[] = {
	F(T, set, FK_BOOL),	     F(T, loc, FK_LOC),
	F(T, password, FK_STR),	     F(T, ca, FK_STR),
	F(T, certificate, FK_STR),   F(T, key, FK_STR),
	FS(T, kept, FK_LIST, conf_td_kept), END
};
#undef T
static const struct conf_tdesc td_ssl = { "SSL", sizeof(struct conf_ssl),
					  ssl_f };

#define T struct conf_ct_sync
static const struct conf_fdesc ct_sync_f[] = {
	F(T, set, FK_BOOL),		 F(T, loc, FK_LOC),
	F(T, ifname, FK_STR),		 F(T, instance, FK_STR),
	F(T, group, FK_ADDR),		 FS(T, peers, FK_LIST, conf_td_str),
	F(T, port, FK_U16),		 F(T, ttl, FK_U8),
	F(T, syncid, FK_U32),		 F(T, auth_key, FK_STR),
	F(T, auth_key_file, FK_STR),	 F(T, cache_max, FK_U32),
	F(T, resend_queue, FK_U32),	 F(T, netlink_buffer, FK_U32),
	F(T, alive_interval, FK_TIME),	 F(T, mode, FK_U8),
	F(T, commit, FK_U8),		 F(T, track_local, FK_BOOL),
	FS(T, ignore, FK_LIST, conf_td_str), FS(T, kept, FK_LIST, conf_td_kept),
	END
};
#undef T
static const struct conf_tdesc td_ct_sync = {
	"conntrack_sync", sizeof(struct conf_ct_sync), ct_sync_f
};

#define T struct conf
static const struct conf_fdesc conf_f[] = {
	FS(T, global, FK_STRUCT, conf_td_global),
	FS(T, static_addrs, FK_LIST, conf_td_ipaddr),
	FS(T, static_routes, FK_LIST, conf_td_route),
	FS(T, static_rules, FK_LIST, conf_td_rule),
	FS(T, track_groups, FK_LIST, td_track_group),
	FS(T, linkbeat_ifs, FK_LIST, td_linkbeat),
	FS(T, if_delays, FK_LIST, td_if_delay),
	FS(T, scripts, FK_LIST, conf_td_script),
	FS(T, track_procs, FK_LIST, td_track_process),
	FS(T, track_files, FK_LIST, td_track_file),
	FS(T, bfds, FK_LIST, td_bfd),
	FS(T, sync_groups, FK_LIST, td_sync_group),
	FS(T, garp_groups, FK_LIST, td_garp_group),
	FS(T, instances, FK_LIST, conf_td_vrrp),
	FS(T, vsgs, FK_LIST, td_vsg),
	FS(T, vss, FK_LIST, conf_td_vs),
	FS(T, ssl, FK_STRUCT, td_ssl),
	FS(T, ct_sync, FK_STRUCT, td_ct_sync),
	FS(T, kept, FK_LIST, conf_td_kept),
	F(T, validated, FK_BOOL),
	END
};
#undef T
const struct conf_tdesc conf_td_conf = { "conf", sizeof(struct conf), conf_f };

const struct conf_tdesc *const conf_all_tdescs[] = {
	&conf_td_str,	 &conf_td_kept,	  &td_fifo,	    &td_lvs_sync,
	&td_lvs_timeouts, &td_garp_extra, &conf_td_global, &conf_td_ipaddr,
	&td_nexthop,	 &conf_td_route,  &conf_td_rule,    &td_track_group,
	&td_linkbeat,	 &td_if_delay,	  &conf_td_script,  &td_track_process,
	&td_track_file,	 &td_bfd,	  &td_track,	    &td_peer,
	&td_notify,	 &td_sync_group,  &td_garp_group,   &conf_td_vrrp,
	&td_fwd,	 &td_vsge,	  &td_vsg,	    &td_url,
	&td_http,	 &td_udp,	  &td_misc,	    &td_file,
	&conf_td_check,	 &conf_td_rs,	  &conf_td_vs,	    &td_ssl,
	&conf_td_conf,	 &td_hmac,	  &td_ct_sync,	    &td_lvs_resync,
	NULL
};

/* clang-format on */
