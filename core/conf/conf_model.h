/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config model: plain data that conf_parse() builds and conf_validate()
 * completes. The children read it directly.
 *
 * - Every object starts with `next` (lists are singly linked, in config
 *   order, struct conf_list holds head, tail and count) and carries the
 *   file:line where it was written (struct conf_loc):
 *     for (struct conf_vs *vs = c->vss.head; vs; vs = vs->next)
 * - Everything the model points to (strings, lists, file names) lives in
 *   the model's own memory, released at once by conf_free(); nothing points
 *   into the text that was parsed.
 * - Addresses are struct conf_addr (family, address, prefix), ports are
 *   host-order integers, durations are microseconds (uint64_t), so no
 *   consumer parses a string again.
 * - Before conf_validate() a field nobody wrote holds its CONF_UNSET_*
 *   value; conf_validate() replaces each one with keepalived's default (or
 *   the value inherited from the enclosing block), so children see only
 *   concrete values. Fields without an UNSET marker default to 0/false/NULL.
 * - Keywords that vigil knows but has no field for are kept verbatim in the
 *   owning object's `kept` list (struct conf_kept) and reported.
 * - Two models compare field by field with conf_equal() and friends
 *   (core/conf/conf_desc.h), ignoring file:line; that is what a reload diff uses.
 */
#ifndef VIGIL_CORE_CONF_MODEL_H
#define VIGIL_CORE_CONF_MODEL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/runtime/ipaddr.h"

#define CONF_UNSET_I32 INT32_MIN
#define CONF_UNSET_U32 UINT32_MAX
#define CONF_UNSET_TIME UINT64_MAX
#define CONF_UNSET_TRI ((int8_t)-1) /* int8_t tri-state: -1, 0, 1 */

#define CONF_USEC 1000000ull /* microseconds per second */

struct conf_loc {
	const char *file; /* as the admin named it; "" if none */
	int line;
};

/* A singly linked list of objects whose first member is `next`. */
struct conf_list {
	void *head;
	void *tail;
	unsigned n;
};

/* An IPv4 or IPv6 address (ip.family 0: none) with a prefix length. */
struct conf_addr {
	struct ipaddr ip;
	uint8_t prefix;	 /* 32/128 unless written as ADDR/LEN */
	bool has_prefix; /* written as ADDR/LEN */
};

/* A command the parent runs: notify scripts, vrrp_script, MISC_CHECK... */
struct conf_script {
	const char *cmd;   /* NULL = none; after variable expansion */
	const char *user;  /* NULL = global script_user */
	const char *group; /* NULL = the user's group */
	struct conf_loc loc;
};

/* A keepalived keyword vigil has no field for, kept as written. */
struct conf_kept {
	struct conf_kept *next;
	struct conf_loc loc;
	const char *keyword;
	const char *args; /* the arguments, re-quoted; "" if none */
};

/* A string in a list (notification_email, sync group members...). */
struct conf_str {
	struct conf_str *next;
	struct conf_loc loc;
	const char *s;
};

/* ------------------------------------------------------------------ */
/* global_defs and the top-level daemon keywords                       */

enum conf_flush_stop {
	CONF_FLUSH_STOP_NO = 0,
	CONF_FLUSH_STOP_ALL, /* lvs_flush_on_stop */
	CONF_FLUSH_STOP_VS,  /* lvs_flush_on_stop VS */
};

/* global_defs lvs_sync_daemon IFACE [inst] [VRRP_INSTANCE] [id N] ... */
struct conf_lvs_sync {
	bool set;
	struct conf_loc loc;
	const char *ifname;
	const char *instance;	/* NULL: run master and backup always */
	uint32_t syncid;	/* UNSET: VRID of the instance, else 0 */
	uint32_t maxlen;	/* UNSET: kernel default */
	uint16_t port;		/* 0: kernel default (8848) */
	uint8_t ttl;		/* 0: kernel default */
	struct conf_addr group; /* family 0: kernel default */
};

/* global_defs lvs_sync_resync [on|off] [rate N] [port N] [auth_key KEY]
 * (vigil's own): the bulk resync of the IPVS connections (sync/README.md) */
struct conf_lvs_resync {
	bool off;
	uint16_t port;	      /* the request's UDP port; 0: 3781 */
	uint32_t rate;	      /* datagrams per second; 0: 1000 */
	const char *auth_key; /* the request's HMAC key; NULL: no request */
};

/* global_defs lvs_timeouts [tcp S] [tcpfin S] [udp S]; UNSET = unchanged */
struct conf_lvs_timeouts {
	uint32_t tcp, tcpfin, udp; /* seconds */
};

/* garp_extra_if [all] SECONDS */
struct conf_garp_extra {
	uint64_t interval; /* 0: off; UNSET (instances): the global */
	bool all;	   /* every interface, not only VMACs */
};

/* FIFO for notify events, and the script that reads it. */
struct conf_fifo {
	const char *path; /* NULL = none */
	const char *user, *group;
	struct conf_script script;
};

struct conf_global {
	struct conf_loc loc;
	/* identity and scripts */
	const char *router_id;	 /* NULL: the host name */
	const char *script_user; /* NULL: keepalived_script or root */
	const char *script_group;
	struct conf_loc script_user_loc;
	bool enable_script_security;
	struct conf_script startup_script, shutdown_script;
	uint64_t startup_script_timeout, shutdown_script_timeout; /* 10 s */
	/* alerts */
	struct conf_list notification_email; /* struct conf_str */
	const char *notification_email_from;
	const char *smtp_server; /* address or host name */
	uint16_t smtp_port;	 /* 25 */
	const char *smtp_helo_name;
	uint64_t smtp_connect_timeout; /* 30 s */
	int8_t smtp_alert, smtp_alert_vrrp, smtp_alert_checker;
	int8_t checker_log_all_failures;
	bool no_email_faults, no_checker_emails, rs_init_notifies;
	/* notify FIFOs */
	struct conf_fifo notify_fifo, vrrp_notify_fifo, lvs_notify_fifo;
	bool fifo_write_vrrp_states_on_reload;
	/* VRRP defaults */
	struct conf_addr vrrp_mcast_group4;		/* 224.0.0.18 */
	struct conf_addr vrrp_mcast_group6;		/* ff02::12 */
	const char *default_interface;			/* eth0 */
	uint32_t vrrp_version;				/* 2 */
	uint64_t vrrp_garp_master_delay;		/* 5 s */
	uint32_t vrrp_garp_master_repeat;		/* 5 */
	uint64_t vrrp_garp_lower_prio_delay;		/* = master delay */
	uint32_t vrrp_garp_lower_prio_repeat;		/* = master repeat */
	uint64_t vrrp_garp_master_refresh;		/* 0: none */
	uint32_t vrrp_garp_master_refresh_repeat;	/* 1 */
	uint64_t vrrp_garp_interval, vrrp_gna_interval; /* 0 */
	int8_t vrrp_min_garp;
	struct conf_garp_extra vrrp_garp_extra_if;
	uint32_t vrrp_down_timer_adverts; /* 3 */
	int8_t vrrp_lower_prio_no_advert, vrrp_higher_prio_send_advert;
	bool vrrp_strict, vrrp_check_unicast_src, vrrp_skip_check_adv_addr;
	bool disable_local_igmp, log_unknown_vrids;
	int8_t vrrp_notify_priority_changes;
	uint64_t vrrp_startup_delay;
	const char *vmac_prefix;
	const char *vmac_addr_prefix; /* NULL: vmac_prefix */
	bool dynamic_interfaces, dynamic_interfaces_allow_changes;
	/* nftables */
	const char *nftables;	   /* table name; NULL = not used */
	int32_t nftables_priority; /* -1 */
	bool nftables_counters, nftables_ifindex;
	const char *nftables_ipvs;
	int32_t nftables_ipvs_priority;
	uint32_t nftables_ipvs_start_fwmark; /* 1000 */
	/* LVS */
	struct conf_lvs_sync lvs_sync_daemon;
	struct conf_lvs_resync lvs_sync_resync;
	struct conf_lvs_timeouts lvs_timeouts;
	bool lvs_flush;
	uint8_t lvs_flush_on_stop; /* enum conf_flush_stop */
	/* scheduling of the children */
	int32_t vrrp_priority, checker_priority, bfd_priority; /* nice */
	uint32_t vrrp_rt_priority, checker_rt_priority, bfd_rt_priority;
	uint32_t vrrp_rlimit_rttime, checker_rlimit_rttime, bfd_rlimit_rttime;
	bool vrrp_no_swap, checker_no_swap, bfd_no_swap;
	bool vrrp_rt_implied; /* vrrp_rt_priority is vigil's default */
	int32_t max_auto_priority;
	uint32_t min_auto_priority_delay; /* microseconds */
	/* SNMP */
	const char *snmp_socket;
	bool enable_snmp_vrrp, enable_snmp_checker, enable_snmp_rfcv2,
		enable_snmp_rfcv3, enable_traps;
	/* top-level daemon keywords (outside global_defs in keepalived) */
	const char *net_namespace, *net_namespace_ipvs, *instance;
	bool use_pid_dir, linkbeat_use_polling, namespace_with_ipsets;
	uint64_t child_wait_time; /* 5 s */
	/* misc */
	uint32_t random_seed;		 /* UNSET: time based */
	const char *reload_check_config; /* "" = on, no log file */
	int8_t data_use_instance;
	/* vigil's own */
	uint64_t vigil_watchdog_interval;   /* 2 s */
	uint64_t vigil_watchdog_timeout;    /* 10 s */
	struct conf_loc vigil_watchdog_loc; /* the later of the two lines */
	const char *vigil_control_socket;   /* NULL: vigild's default */
	const char *vigil_control_group;    /* NULL: root only */
	int8_t vigil_vrrp_restore_owned;    /* on: put back what is deleted */
	int8_t vigil_vrrp_adopt_on_restart; /* on: a new vrrp child resumes */
	const char *vigil_metrics_listen;   /* NULL: off (mgmt/conf_mgmt.c) */
	const char *vigil_child_user;	    /* NULL: vigil, else nobody */
	struct conf_loc vigil_child_user_loc;
	int8_t vigil_child_seccomp; /* on: the children's allowlists */
	struct conf_list kept;
};

/* ------------------------------------------------------------------ */
/* Addresses, routes and rules (static_*, virtual_*)                   */

enum conf_brd {
	CONF_BRD_NONE = 0,
	CONF_BRD_ADDR, /* brd ADDR */
	CONF_BRD_SET,  /* brd + : host bits set */
	CONF_BRD_CLEAR /* brd - : host bits clear */
};

/* One line of static_ipaddress, virtual_ipaddress(_excluded). */
struct conf_ipaddr {
	struct conf_ipaddr *next;
	struct conf_loc loc;
	struct conf_addr addr;
	uint8_t brd_mode; /* enum conf_brd */
	struct conf_addr brd;
	struct conf_addr peer;
	const char *dev; /* NULL: the instance's or default_interface */
	const char *label;
	int32_t scope;		/* RT_SCOPE_*; UNSET = global */
	uint32_t preferred_lft; /* UNSET; UINT32_MAX-1 = forever */
	bool home, nodad, mngtmpaddr, noprefixroute, autojoin;
	bool no_track, use_vmac;
	const char *track_group;
};

/* A next hop of a route (via, dev, weight, onlink). */
struct conf_nexthop {
	struct conf_nexthop *next;
	struct conf_addr via;
	const char *dev;
	uint32_t weight; /* 1..256; 0 = unset */
	bool onlink;
};

enum conf_rt_metric {
	CONF_RTM_MTU = 0,
	CONF_RTM_HOPLIMIT,
	CONF_RTM_ADVMSS,
	CONF_RTM_RTT,
	CONF_RTM_RTTVAR,
	CONF_RTM_REORDERING,
	CONF_RTM_WINDOW,
	CONF_RTM_CWND,
	CONF_RTM_SSTHRESH,
	CONF_RTM_RTO_MIN,
	CONF_RTM_INITCWND,
	CONF_RTM_INITRWND,
	CONF_RTM_QUICKACK,
	CONF_RTM_FASTOPEN_NO_COOKIE,
	CONF_RTM_MAX
};

/* One line of static_routes / virtual_routes. */
struct conf_route {
	struct conf_route *next;
	struct conf_loc loc;
	uint8_t type;	      /* RTN_*: unicast (default), blackhole... */
	uint8_t family;	      /* AF_INET unless an address or inet6 says */
	struct conf_addr dst; /* with prefix; family 0 = default route */
	struct conf_addr src;
	struct conf_addr via;
	const char *dev;
	uint32_t table;	      /* UNSET = main */
	uint32_t metric;      /* UNSET */
	int32_t scope;	      /* UNSET */
	int32_t protocol;     /* UNSET */
	int32_t tos;	      /* UNSET */
	uint32_t realms;      /* UNSET */
	uint32_t expires;     /* UNSET */
	int8_t pref;	      /* -1, or ICMPV6_ROUTER_PREF_LOW/MEDIUM/HIGH */
	int8_t ttl_propagate; /* -1 unset */
	bool onlink, append, no_track, ecn;
	uint32_t metrics[CONF_RTM_MAX]; /* UNSET each */
	uint32_t metrics_lock;		/* bit per enum conf_rt_metric */
	const char *congctl;
	bool congctl_lock;
	const char *vrf;
	const char *encap; /* encapsulation as written (kept, unsupported) */
	struct conf_list nexthops; /* struct conf_nexthop */
	const char *track_group;
};

/* One line of static_rules / virtual_rules. */
struct conf_rule {
	struct conf_rule *next;
	struct conf_loc loc;
	uint8_t family;
	bool invert; /* not */
	struct conf_addr from, to;
	uint8_t action;	   /* FR_ACT_*: to table (default), goto, nop... */
	uint32_t table;	   /* UNSET */
	uint32_t priority; /* UNSET: keepalived assigns one */
	int32_t tos;	   /* UNSET */
	uint32_t fwmark, fwmask;    /* fwmark UNSET */
	uint32_t realms;	    /* UNSET */
	uint32_t goto_target;	    /* UNSET */
	int32_t suppress_prefixlen; /* UNSET */
	uint32_t suppress_ifgroup;  /* UNSET */
	const char *iif, *oif;
	uint32_t uid_start, uid_end; /* uid_start UNSET = none */
	bool l3mdev;
	int32_t protocol, ip_proto;				 /* UNSET */
	uint16_t sport_start, sport_end, dport_start, dport_end; /* 0 none */
	uint64_t tunnel_id;					 /* 0 none */
	bool no_track;
	const char *track_group;
};

/* track_group NAME { group { VI_1 ... } } */
struct conf_track_group {
	struct conf_track_group *next;
	struct conf_loc loc;
	const char *name;
	struct conf_list members; /* struct conf_str */
};

/* linkbeat_interfaces { IFACE [MII|ETHTOOL|IOCTL] } */
struct conf_linkbeat {
	struct conf_linkbeat *next;
	struct conf_loc loc;
	const char *ifname;
	uint8_t type; /* 0 default, 1 MII, 2 ETHTOOL, 3 IOCTL */
};

/* interface_up_down_delays { IFACE DOWN [UP] } */
struct conf_if_delay {
	struct conf_if_delay *next;
	struct conf_loc loc;
	const char *ifname;
	uint64_t down, up;
};

/* ------------------------------------------------------------------ */
/* Tracked objects and VRRP                                            */

struct conf_vrrp_script {
	struct conf_vrrp_script *next;
	struct conf_loc loc;
	const char *name;
	struct conf_script script; /* `user` sets script.user/group */
	uint64_t interval;	   /* 1 s */
	uint64_t timeout;	   /* = interval */
	int32_t weight;		   /* 0 */
	bool weight_reverse;
	uint32_t rise, fall; /* 1, 1 */
	bool init_fail;
	struct conf_list kept;
};

enum conf_param_match {
	CONF_PM_NONE = 0,
	CONF_PM_EXACT,
	CONF_PM_PARTIAL,
	CONF_PM_INITIAL
};

struct conf_track_process {
	struct conf_track_process *next;
	struct conf_loc loc;
	const char *name;
	const char *process;	 /* the command name */
	struct conf_list params; /* struct conf_str */
	uint8_t param_match;	 /* enum conf_param_match */
	int32_t weight;		 /* 1 */
	bool weight_reverse;
	uint32_t quorum;		      /* 1 */
	uint32_t quorum_max;		      /* UNSET = no limit */
	uint64_t fork_delay, terminate_delay; /* 0 */
	bool full_command;
	struct conf_list kept;
};

struct conf_track_file {
	struct conf_track_file *next;
	struct conf_loc loc;
	const char *name;
	const char *file;
	int32_t weight; /* 1 */
	bool weight_reverse;
	bool init_file, init_overwrite;
	int32_t init_value;
	struct conf_list kept;
};

struct conf_bfd {
	struct conf_bfd *next;
	struct conf_loc loc;
	const char *name;
	struct conf_addr neighbor, source;
	uint64_t min_rx, min_tx, idle_tx; /* 10 ms, 10 ms, 1 s */
	uint32_t multiplier;		  /* 5 */
	bool passive;
	uint32_t ttl, hoplimit, max_hops; /* 255, 64, 0 */
	int32_t weight;
	bool weight_reverse;
	bool vrrp_only, checker_only;
	struct conf_list kept;
};

/* One entry of track_interface/script/file/process/bfd. */
struct conf_track {
	struct conf_track *next;
	struct conf_loc loc;
	const char *name;
	int32_t weight; /* UNSET: the tracked object's own (or 0) */
	bool reverse;
};

/* unicast_peer { ADDR [min_ttl N] [max_ttl N] } */
struct conf_peer {
	struct conf_peer *next;
	struct conf_loc loc;
	struct conf_addr addr;
	int32_t min_ttl, max_ttl; /* UNSET */
};

enum conf_vrrp_state { CONF_STATE_BACKUP = 0, CONF_STATE_MASTER = 1 };
enum conf_auth { CONF_AUTH_NONE = 0, CONF_AUTH_PASS, CONF_AUTH_AH };

struct conf_notify {
	struct conf_script master, backup, fault, stop, deleted, notify;
	struct conf_script master_rx_lower_pri; /* instances only */
	bool deleted_set; /* notify_deleted given, maybe without script */
	int8_t priority_changes;
	int8_t smtp_alert;
};

struct conf_vrrp_sync_group {
	struct conf_vrrp_sync_group *next;
	struct conf_loc loc;
	const char *name;
	struct conf_list members; /* struct conf_str: instance names */
	struct conf_list track_interface, track_script, track_file,
		track_process, track_bfd; /* struct conf_track */
	struct conf_notify notify;
	bool global_tracking, sync_group_tracking_weight;
	struct conf_list kept;
};

/* garp_group { garp_interval, gna_interval, interface | interfaces {} } */
struct conf_garp_group {
	struct conf_garp_group *next;
	struct conf_loc loc;
	uint64_t garp_interval, gna_interval; /* UNSET */
	const char *interface;
	struct conf_list interfaces; /* struct conf_str */
	struct conf_list kept;
};

/* auth_hmac { key ID hex:HEX|STRING; active_key ID; mode M;
 * anti_replay time|counter; time_window SECONDS } in a vrrp_instance:
 * vigil's extension, HMAC-SHA256 adverts with anti-replay. */
enum conf_hmac_mode {
	CONF_HMAC_ENFORCE = 0,
	CONF_HMAC_PERMISSIVE,
	CONF_HMAC_RECEIVE_ONLY
};
#define CONF_HMAC_KEYS 8
#define CONF_HMAC_KEY_MIN 32
#define CONF_HMAC_KEY_MAX 64

struct conf_hmac_key {
	uint8_t id, len;
	uint8_t data[CONF_HMAC_KEY_MAX];
};

struct conf_hmac {
	bool set; /* the block was given */
	struct conf_loc loc;
	uint8_t mode;	      /* enum conf_hmac_mode */
	uint32_t active_key;  /* 0: the first key */
	uint8_t anti_replay;  /* 0 time, 1 counter */
	uint32_t time_window; /* seconds; 0: 3 advert intervals, >= 5 */
	uint8_t nkeys;
	struct conf_hmac_key keys[CONF_HMAC_KEYS];
};

struct conf_vrrp {
	struct conf_vrrp *next;
	struct conf_loc loc;
	const char *name;
	uint8_t state;	       /* enum conf_vrrp_state */
	const char *interface; /* NULL with unicast only */
	struct conf_loc interface_loc;
	const char *vrf;
	uint32_t vrid; /* 1..255; UNSET is an error */
	struct conf_loc vrid_loc;
	int32_t priority;    /* 100 */
	uint64_t advert_int; /* 1 s */
	uint32_t version;    /* global vrrp_version; 3 for IPv6 */
	/* set by the first address in the order written (keepalived's
	 * rule); AF_INET by conf_validate if none */
	uint8_t family;
	struct conf_loc family_loc; /* where it was set */
	bool nopreempt;
	uint64_t preempt_delay;
	int8_t accept; /* 1 accept, 0 no_accept; default by strict/prio */
	/* authentication */
	uint8_t auth_type; /* enum conf_auth */
	char auth_pass[9]; /* up to 8 characters */
	struct conf_hmac auth_hmac;
	/* addresses */
	struct conf_list vips, evips; /* struct conf_ipaddr */
	struct conf_list vroutes;     /* struct conf_route */
	struct conf_list vrules;      /* struct conf_rule */
	bool promote_secondaries;
	/* VMAC / IPVLAN */
	bool use_vmac;
	const char *vmac_name;
	uint8_t vmac_mac[6];
	uint8_t vmac_mac_len; /* 0, 5 or 6 octets written */
	bool vmac_xmit_base;
	bool use_vmac_addr; /* a VMAC on each other dev of an address */
	bool use_ipvlan;
	const char *ipvlan_name;
	struct conf_addr ipvlan_addr;
	uint8_t ipvlan_mode; /* 0 bridge, 1 private, 2 vepa */
	/* sources and peers */
	struct conf_addr src_ip;       /* mcast_src_ip / unicast_src_ip */
	struct conf_addr mcast_dst_ip; /* family 0: the global group */
	bool track_src_ip, check_unicast_src, unicast_fault_no_peer;
	bool unicast_src;		/* src_ip written as unicast_src_ip */
	struct conf_list unicast_peers; /* struct conf_peer */
	int32_t unicast_ttl;		/* UNSET: 255 */
	int8_t old_unicast_checksum;	/* -1 unset, 1 on, 2 never */
	bool native_ipv6, dont_track_primary;
	/* tracking */
	struct conf_list track_interface, track_script, track_file,
		track_process, track_bfd; /* struct conf_track */
	/* gratuitous ARP: UNSET = the global value */
	uint64_t garp_master_delay;
	uint32_t garp_master_repeat;
	uint64_t garp_lower_prio_delay;
	uint32_t garp_lower_prio_repeat;
	uint64_t garp_master_refresh;
	uint32_t garp_master_refresh_repeat;
	struct conf_garp_extra garp_extra_if;
	uint32_t down_timer_adverts; /* global */
	int8_t lower_prio_no_advert, higher_prio_send_advert;
	int8_t skip_check_adv_addr, strict_mode;
	uint32_t debug;
	uint32_t kernel_rx_buf_size; /* 0: policy */
	bool linkbeat_use_polling;
	struct conf_notify notify;
	const char *sync_group; /* set by conf_validate */
	struct conf_list kept;
};

/* ------------------------------------------------------------------ */
/* LVS                                                                 */

enum conf_fwd_method {
	CONF_FWD_UNSET = -1,
	CONF_FWD_NAT = 0,
	CONF_FWD_DR,
	CONF_FWD_TUN,
};
enum conf_tun_type { CONF_TUN_IPIP = 0, CONF_TUN_GUE, CONF_TUN_GRE };
enum conf_tun_csum {
	CONF_CSUM_NONE = 0,
	CONF_CSUM_NOCSUM,
	CONF_CSUM_CSUM,
	CONF_CSUM_REMCSUM
};

/* lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum] */
struct conf_fwd {
	int8_t method; /* enum conf_fwd_method */
	uint8_t tun_type;
	uint16_t tun_port;
	uint8_t tun_csum;
};

enum conf_vsg_kind { CONF_VSGE_ADDR = 0, CONF_VSGE_FWMARK };

struct conf_vsg_entry {
	struct conf_vsg_entry *next;
	struct conf_loc loc;
	uint8_t kind;	       /* enum conf_vsg_kind */
	struct conf_addr addr; /* first address of the range */
	struct conf_addr last; /* last address (== addr for one address) */
	uint16_t port;	       /* 0: none */
	uint32_t fwmark;
	uint16_t family; /* fwmark inet|inet6; 0 unset */
};

struct conf_vsg {
	struct conf_vsg *next;
	struct conf_loc loc;
	const char *name;
	struct conf_list entries; /* struct conf_vsg_entry */
};

enum conf_check_type {
	CONF_CHECK_TCP = 0,
	CONF_CHECK_HTTP,
	CONF_CHECK_SSL,
	CONF_CHECK_SMTP,
	CONF_CHECK_DNS,
	CONF_CHECK_UDP,
	CONF_CHECK_PING,
	CONF_CHECK_MISC,
	CONF_CHECK_FILE,
	CONF_CHECK_BFD,
	CONF_CHECK_AGENT, /* vigil: HAProxy's agent protocol (vigil-agent) */
	CONF_CHECK_MAX
};

enum conf_http_proto { CONF_HTTP_10 = 0, CONF_HTTP_10C, CONF_HTTP_11 };

/* url { path, digest, status_code, virtualhost, regex... } */
struct conf_url {
	struct conf_url *next;
	struct conf_loc loc;
	const char *path;
	uint8_t digest[16];
	bool has_digest;
	/* status codes 100..599 that count as success, bit (code - 100);
	 * conf_validate() sets 200-299 when none was written */
	uint8_t status[63];
	bool has_status;
	const char *virtualhost;
	const char *regex;
	struct conf_loc regex_loc; /* where `regex` was written */
	bool regex_no_match;
	const char *regex_options;
	uint32_t regex_stack_start, regex_stack_max; /* 0: default */
	uint32_t regex_min_offset, regex_max_offset; /* max 0: none */
};

enum conf_dns_type {
	CONF_DNS_A = 1,
	CONF_DNS_NS = 2,
	CONF_DNS_CNAME = 5,
	CONF_DNS_SOA = 6,
	CONF_DNS_MX = 15,
	CONF_DNS_TXT = 16,
	CONF_DNS_AAAA = 28,
};

#define CONF_HEX_MAX 256 /* bytes of a UDP_CHECK payload/reply */

/* AGENT_CHECK: the port vigil-agent(8) listens on, its connect_port when
 * none is written (the real server's port is its service, which does not
 * speak the agent protocol); the longest agent_send line. */
#define CONF_AGENT_PORT 9777
#define CONF_AGENT_SEND_MAX 1023

struct conf_check_http {
	struct conf_list urls; /* struct conf_url */
	uint8_t http_protocol; /* enum conf_http_proto; 1.0 */
	int8_t fast_recovery;
	bool enable_sni;
	bool ssl_verify; /* vigil: the certificate against SSL { ca } */
	const char *virtualhost;
	uint32_t max_body; /* vigil: bytes read for digest/regex; 16 MiB */
};

struct conf_check_udp {
	uint16_t payload_len; /* 0: random payload */
	uint8_t payload[CONF_HEX_MAX];
	bool require_reply;
	uint16_t reply_len; /* 0: any data */
	uint8_t reply[CONF_HEX_MAX];
	uint8_t reply_mask[CONF_HEX_MAX];	     /* nibble 0xf = compare */
	uint32_t min_reply_length, max_reply_length; /* 0, 255 */
};

struct conf_check_misc {
	struct conf_script path; /* misc_path + user */
	uint64_t timeout;	 /* UNSET: delay_loop */
	bool dynamic;
};

struct conf_check_file {
	const char *track_file;
	bool dynamic;
	int32_t weight; /* UNSET: the track_file's */
	bool weight_reverse;
};

/* One health checker of a real server. */
struct conf_check {
	struct conf_check *next;
	struct conf_loc loc;
	uint8_t type; /* enum conf_check_type */
	/* connection knobs; UNSET inherits from the real server */
	struct conf_addr connect_ip; /* family 0: the real server's */
	uint16_t connect_port;	     /* 0: the real server's */
	struct conf_addr bindto;
	const char *bind_if;
	uint16_t bind_port;
	uint32_t fwmark; /* 0: none */
	int8_t alpha;
	uint64_t connect_timeout, delay_before_retry, warmup, delay_loop;
	uint32_t retry;
	int8_t log_all_failures;
	/* per type; which one is used depends on `type` */
	struct conf_check_http http; /* HTTP_GET, SSL_GET */
	const char *smtp_helo_name;  /* SMTP_CHECK */
	uint16_t dns_type;	     /* DNS_CHECK: enum conf_dns_type */
	const char *dns_name;	     /* DNS_CHECK: "." */
	struct conf_check_udp *udp;  /* UDP_CHECK (NULL otherwise) */
	struct conf_check_misc misc; /* MISC_CHECK */
	struct conf_check_file file; /* FILE_CHECK */
	const char *bfd_name;	     /* BFD_CHECK */
	const char *agent_send;	     /* AGENT_CHECK: a line sent first */
	bool smtp_host; /* from a deprecated SMTP_CHECK host block (parse) */
	struct conf_list kept;
};

struct conf_rs {
	struct conf_rs *next;
	struct conf_loc loc;
	struct conf_addr addr;
	uint16_t port;	     /* 0 written: the virtual server's */
	int32_t weight;	     /* 1 */
	struct conf_fwd fwd; /* UNSET: the virtual server's */
	struct conf_script notify_up, notify_down;
	uint32_t uthreshold, lthreshold; /* 0: none */
	int8_t smtp_alert;
	const char *virtualhost;
	const char *snmp_name;
	/* checker defaults; UNSET inherits from the virtual server. retry
	 * and delay_before_retry stay UNSET after conf_validate() when no
	 * one wrote them: the checker type decides (see conf_check). */
	int8_t alpha, inhibit_on_failure;
	uint64_t connect_timeout, delay_before_retry, warmup, delay_loop;
	uint32_t retry;
	struct conf_list checkers; /* struct conf_check */
	struct conf_list kept;
};

enum conf_vs_kind { CONF_VS_ADDR = 0, CONF_VS_FWMARK, CONF_VS_GROUP };
enum conf_proto {
	CONF_PROTO_TCP = IPPROTO_TCP,
	CONF_PROTO_UDP = IPPROTO_UDP,
	CONF_PROTO_SCTP = IPPROTO_SCTP
};

/* IP_VS_SVC_F_SCHED1..3 as the kernel names them */
#define CONF_SCHED_FLAG1 0x0008u
#define CONF_SCHED_FLAG2 0x0010u
#define CONF_SCHED_FLAG3 0x0020u

struct conf_vs {
	struct conf_vs *next;
	struct conf_loc loc;
	uint8_t kind;	       /* enum conf_vs_kind */
	struct conf_addr addr; /* CONF_VS_ADDR */
	uint16_t port;	       /* CONF_VS_ADDR; 0 = any (persistent only) */
	uint32_t fwmark;       /* CONF_VS_FWMARK */
	const char *group;     /* CONF_VS_GROUP */
	uint16_t family;       /* set by conf_validate (ip_family for fwmark) */
	const char *sched;     /* lvs_sched; "wlc" */
	uint32_t sched_flags;  /* CONF_SCHED_FLAG* */
	bool ops;
	struct conf_fwd fwd;	      /* NAT */
	const char *pe;		      /* persistence_engine */
	uint32_t persistence_timeout; /* seconds; 0 not persistent */
	struct conf_addr persistence_granularity; /* has_prefix 0: none */
	uint8_t protocol;			  /* enum conf_proto; TCP */
	bool protocol_set;
	bool ha_suspend;
	int8_t smtp_alert;
	const char *virtualhost, *snmp_name;
	bool alpha, omega;
	int32_t quorum;	    /* 1 */
	int32_t hysteresis; /* 0 */
	struct conf_script quorum_up, quorum_down;
	/* sorry_server ADDR [PORT] */
	struct conf_addr sorry_addr; /* family 0: none */
	uint16_t sorry_port;
	bool sorry_inhibit;
	struct conf_fwd sorry_fwd; /* UNSET: the virtual server's */
	/* checker defaults for the real servers */
	uint64_t connect_timeout;    /* 5 s */
	uint64_t delay_before_retry; /* UNSET: per checker type */
	uint64_t warmup;	     /* = delay_loop */
	uint64_t delay_loop;	     /* 60 s */
	uint32_t retry;		     /* UNSET: per checker type */
	bool inhibit_on_failure;
	struct conf_list rs; /* struct conf_rs */
	struct conf_list kept;
};

/* SSL { password, ca, certificate, key } for SSL_GET */
struct conf_ssl {
	bool set;
	struct conf_loc loc;
	const char *password, *ca, *certificate, *key;
	struct conf_list kept;
};

/* ------------------------------------------------------------------ */

struct conf_arena;

/* ------------------------------------------------------------------ */
/* conntrack_sync { ... }: vigil's conntrack replication (sync/conf_ct.c) */

enum conf_ct_mode {
	CONF_CT_FTFW = 0, /* sequenced, NACK and resend */
	CONF_CT_NOTRACK,  /* best effort: no resend queue, no NACK */
};

enum conf_ct_commit {
	CONF_CT_ON_MASTER = 0, /* cache on the backup, commit on MASTER */
	CONF_CT_CONTINUOUS,    /* write each entry to the kernel at once */
};

struct conf_ct_sync {
	bool set;
	struct conf_loc loc;
	const char *ifname;
	const char *instance;	   /* the VRRP instance it follows */
	struct conf_addr group;	   /* multicast group, or ... */
	struct conf_list peers;	   /* ... unicast peers (struct conf_str) */
	uint16_t port;		   /* 0: 3780 */
	uint8_t ttl;		   /* 0: 1 */
	uint32_t syncid;	   /* UNSET: the instance's VRID */
	const char *auth_key;	   /* the HMAC key, or ... */
	const char *auth_key_file; /* ... a file holding it */
	uint32_t cache_max;	   /* UNSET: 262144 entries */
	uint32_t resend_queue;	   /* UNSET: 4096 messages */
	uint32_t netlink_buffer;   /* UNSET: 16 MiB (events socket) */
	uint64_t alive_interval;   /* UNSET: 1 s */
	uint8_t mode;		   /* enum conf_ct_mode */
	uint8_t commit;		   /* enum conf_ct_commit */
	bool track_local;	   /* sync the director's own addresses too */
	struct conf_list ignore;   /* ADDR[/LEN] never synced (conf_str) */
	struct conf_list kept;
};

struct conf {
	struct conf_arena *arena; /* all the memory below */
	struct conf_global global;
	struct conf_list static_addrs;	/* struct conf_ipaddr */
	struct conf_list static_routes; /* struct conf_route */
	struct conf_list static_rules;	/* struct conf_rule */
	struct conf_list track_groups;	/* struct conf_track_group */
	struct conf_list linkbeat_ifs;	/* struct conf_linkbeat */
	struct conf_list if_delays;	/* struct conf_if_delay */
	struct conf_list scripts;	/* struct conf_vrrp_script */
	struct conf_list track_procs;	/* struct conf_track_process */
	struct conf_list track_files;	/* struct conf_track_file */
	struct conf_list bfds;		/* struct conf_bfd */
	struct conf_list sync_groups;	/* struct conf_vrrp_sync_group */
	struct conf_list garp_groups;	/* struct conf_garp_group */
	struct conf_list instances;	/* struct conf_vrrp */
	struct conf_list vsgs;		/* struct conf_vsg */
	struct conf_list vss;		/* struct conf_vs */
	struct conf_ssl ssl;
	struct conf_ct_sync ct_sync;
	struct conf_list kept; /* top-level kept keywords */
	bool validated;
};

#endif
