/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VRRP engine's configuration: plain data, no pointers but the arrays
 * listed in the *_ARRAYS() macros, which vrrp_config_dup() copies deeply.
 * Every struct must start zeroed (calloc/memset) so that two equal configs
 * compare equal byte for byte, padding included: reloads diff them that way.
 *
 * Phase 2 maps core/conf's model onto these structs; vrrp_config_defaults()
 * and vrrp_instance_defaults() hold keepalived's defaults.
 */
#ifndef VIGIL_VRRP_CONF_H
#define VIGIL_VRRP_CONF_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp_auth.h"
#include "core/runtime/ipaddr.h"

#define VRRP_NAME_MAX 64
#define VRRP_CMD_MAX 1024 /* = IPC_SCRIPT_CMD_MAX */
#define VRRP_PATH_MAX 256

/* virtual_ipaddress / _excluded / static_ipaddress entry:
 * ADDR[/PLEN] [brd ADDR] [dev IF] [scope SCOPE] [label LABEL] */
struct vrrp_vip {
	struct ipaddr addr;
	uint8_t plen;
	uint8_t scope; /* RT_SCOPE_*, default RT_SCOPE_UNIVERSE */
	struct ipaddr brd;
	char dev[IFNAMSIZ];   /* empty: the instance's interface */
	char label[IFNAMSIZ]; /* IPv4 only */
};

/* A VMAC an instance makes for its addresses on another interface
 * (use_vmac_addr, or use_vmac on an address line): the addresses whose dev
 * was `base` (and family `family`) have dev `name` instead. */
struct vrrp_vmac_conf {
	char name[IFNAMSIZ];
	char base[IFNAMSIZ];
	uint8_t family; /* its MAC: 00:00:5e:00:01:VRID or :02: for IPv6 */
};

/* virtual_routes / static_routes entry. */
struct vrrp_route {
	struct ipaddr dst;
	uint8_t plen;
	uint8_t scope; /* RT_SCOPE_* */
	uint8_t type;  /* RTN_UNICAST (default), RTN_BLACKHOLE, ... */
	struct ipaddr gw;
	struct ipaddr src;
	char dev[IFNAMSIZ];
	uint32_t table; /* 0: main */
	uint32_t metric;
};

/* virtual_rules / static_rules entry. */
struct vrrp_rule {
	uint8_t family;
	uint8_t from_plen, to_plen;
	struct ipaddr from, to;
	uint32_t table;
	uint32_t priority;
	uint32_t fwmark, fwmask;
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
};

/* An instance's (or group's) reference to a tracked object. */
struct vrrp_track_ref {
	char name[VRRP_NAME_MAX]; /* interface, or the object's name */
	int32_t weight;
	bool has_weight; /* else the object's own weight */
	bool reverse;
};

/* vrrp_script */
struct vrrp_script_conf {
	char name[VRRP_NAME_MAX];
	char cmd[VRRP_CMD_MAX];
	uint32_t interval_ms;
	uint32_t timeout_ms;
	int32_t weight;
	bool weight_reverse;
	uint32_t rise, fall;
	bool init_fail;
};

/* vrrp_track_file */
struct vrrp_file_conf {
	char name[VRRP_NAME_MAX];
	char path[VRRP_PATH_MAX];
	int32_t weight;
	bool weight_reverse;
	int32_t init_value; /* value while the file is missing */
};

/* vrrp_track_process */
struct vrrp_process_conf {
	char name[VRRP_NAME_MAX];
	char process[VRRP_PATH_MAX]; /* comm, or argv[0] with full_command */
	char param_match[VRRP_PATH_MAX]; /* arguments that must match too */
	bool full_command;
	uint32_t quorum, quorum_max; /* 0 = no upper bound */
	int32_t weight;
	bool weight_reverse;
	uint32_t delay_ms;    /* quorum lost: wait before failing */
	uint32_t interval_ms; /* how often /proc is scanned */
};

/* bfd_instance, as a tracked object (the session runs in the bfd
 * child; its state comes from the parent) */
struct vrrp_bfd_conf {
	char name[VRRP_NAME_MAX];
	int32_t weight;
	bool weight_reverse;
};

/* Gratuitous ARP / unsolicited NA timing (garp_* keywords). */
struct vrrp_garp_conf {
	uint32_t master_delay_ms;     /* garp_master_delay: second burst */
	uint32_t master_repeat;	      /* garp_master_repeat */
	uint32_t refresh_ms;	      /* garp_master_refresh, 0 = off */
	uint32_t refresh_repeat;      /* garp_master_refresh_repeat */
	uint32_t interval_us;	      /* garp_interval: between two GARPs */
	uint32_t na_interval_us;      /* gna_interval: between two NAs */
	uint32_t lower_prio_delay_ms; /* garp_lower_prio_delay */
	uint32_t lower_prio_repeat;   /* garp_lower_prio_repeat */
	/* garp_extra_if [all] SECONDS: a GARP/NA this often for each address
	 * on a VMAC of its own (addr_vmacs), with all on any interface other
	 * than the instance's (0: off) */
	uint32_t extra_if_ms;
	bool extra_if_all;
};

struct vrrp_notify_conf {
	char notify[VRRP_CMD_MAX]; /* args: TYPE NAME STATE PRIORITY */
	char master[VRRP_CMD_MAX];
	char backup[VRRP_CMD_MAX];
	char fault[VRRP_CMD_MAX];
	char stop[VRRP_CMD_MAX];
	char rx_lower[VRRP_CMD_MAX]; /* notify_master_rx_lower_pri */
	/* notify_deleted [SCRIPT]: an instance a reload removes says
	 * DELETED, not STOP, and runs this script, not notify_stop */
	char deleted[VRRP_CMD_MAX];
	bool deleted_set;
	/* notify_priority_changes: a FIFO line MASTER_PRIORITY or
	 * BACKUP_PRIORITY when the effective priority changes */
	bool priority_changes;
};

struct vrrp_instance_conf {
	char name[VRRP_NAME_MAX];
	char ifname[IFNAMSIZ];
	uint8_t vrid;
	uint8_t priority;
	uint8_t version;       /* 2 or 3 */
	uint8_t family;	       /* AF_INET or AF_INET6 */
	uint16_t adver_int_cs; /* centiseconds; v2 needs whole seconds */
	/* keepalived's down_timer_adverts: adverts missed before
	 * Master_Down (RFC 5798 §6.1 has 3), 1-100 */
	uint8_t down_timer_adverts;
	bool preempt; /* false: nopreempt */
	/* keepalived's `state BACKUP` (its default) on the address owner: start
	 * as Backup and take over after Master_Down_Interval instead of at
	 * once (RFC 5798 §6.4.1 makes the owner Master at start-up). */
	bool owner_starts_backup;
	uint32_t preempt_delay_ms;
	bool accept;	 /* v3 accept mode (RFC 5798 §6.1) */
	bool nftables;	 /* no_accept: drop traffic to the VIPs unless
			    MASTER and owner (never with accept) */
	bool no_pseudo4; /* v3/IPv4 checksum without pseudo header */
	/* old_unicast_checksum: v3/IPv4 unicast adverts summed with the
	 * multicast group in the pseudo header (keepalived < 1.3.6): 0 when
	 * a peer's adverts show it (keepalived's default), 1 always, 2 never */
	uint8_t old_unicast_checksum;
	uint8_t auth_type; /* v2: VRRP_AUTH_NONE/PASS/AH */
	uint8_t auth_pass[VRRP_AUTH_DATA_LEN];
	struct vrrp_hmac_conf hmac;
	struct ipaddr src_ip;	 /* mcast_src_ip / unicast_src_ip */
	struct ipaddr mcast_dst; /* mcast_dst_ip; unset: the global group */
	bool check_unicast_src;
	bool track_src_ip; /* src_ip gone from the interface: FAULT */
	/* a BACKUP does not check the address list of adverts from the
	 * master it already knows (keepalived's skip_check_adv_addr) */
	bool skip_check_adv_addr;
	bool unicast_any_ttl;	  /* peers behind routers: skip the TTL check */
	bool promote_secondaries; /* on the interface while it runs */
	/* unicast_fault_no_peer: without a peer, FAULT (not multicast) */
	bool unicast_fault_no_peer;
	bool use_vmac;
	char vmac_name[IFNAMSIZ]; /* default vrrp.VRID */
	bool vmac_xmit_base;	  /* adverts on the base interface */
	bool dont_track_primary;
	/* interface_up_down_delays of its interface: a change of its link
	 * counts only once it lasted this long */
	uint32_t link_down_delay_ms, link_up_delay_ms;
	struct vrrp_garp_conf garp;
	struct vrrp_notify_conf notify;
	bool smtp_alert;
	/* A MASTER hearing a lower one answers with an advert unless
	 * lower_prio_no_advert; one stepping down for a higher one sends a
	 * last advert if higher_prio_send_advert. */
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	uint8_t unicast_ttl; /* TTL / hop limit of unicast adverts */
	/* kernel_rx_buf_size: the receive buffer of the socket, the sum of
	 * its instances' (0: vigil's default) */
	uint32_t kernel_rx_buf_size;
	/* arrays (see VRRP_INSTANCE_ARRAYS) */
	struct ipaddr *peers;
	size_t npeers;
	struct vrrp_vip *vips;
	size_t nvips;
	struct vrrp_vip *evips; /* virtual_ipaddress_excluded */
	size_t nevips;
	struct vrrp_route *routes;
	size_t nroutes;
	struct vrrp_rule *rules;
	size_t nrules;
	struct vrrp_vmac_conf *addr_vmacs; /* made with the instance */
	size_t naddr_vmacs;
	struct vrrp_track_ref *track_if;
	size_t ntrack_if;
	struct vrrp_track_ref *track_script;
	size_t ntrack_script;
	struct vrrp_track_ref *track_file;
	size_t ntrack_file;
	struct vrrp_track_ref *track_process;
	size_t ntrack_process;
	struct vrrp_track_ref *track_bfd;
	size_t ntrack_bfd;
};

/* clang-format off */
#define VRRP_INSTANCE_ARRAYS(X)                                                \
	X(peers) X(vips) X(evips) X(routes) X(rules) X(addr_vmacs)             \
	X(track_if) X(track_script) X(track_file) X(track_process) X(track_bfd)
/* clang-format on */

struct vrrp_sync_group_conf {
	char name[VRRP_NAME_MAX];
	struct vrrp_notify_conf notify;
	bool smtp_alert;
	char (*members)[VRRP_NAME_MAX];
	size_t nmembers;
};

struct vrrp_global_conf {
	struct ipaddr mcast4;		/* vrrp_mcast_group4 */
	struct ipaddr mcast6;		/* vrrp_mcast_group6 */
	char nft_table[VRRP_NAME_MAX];	/* vrrp_nftables TABLE */
	int32_t rt_priority;		/* vrrp_rt_priority, 0 = off */
	char state_file[VRRP_PATH_MAX]; /* ledger of what we own; "" = none */
	bool no_swap;			/* vrrp_no_swap: mlockall */
	bool restore_owned; /* vigil_vrrp_restore_owned (vrrp_watch.c) */
	bool adopt;	    /* vigil_vrrp_adopt_on_restart (vrrp_adopt.c) */
	/* vrrp_startup_delay: no instance becomes MASTER before this long
	 * after the engine started */
	uint32_t startup_delay_ms;
	/* dynamic_interfaces: an instance whose interface does not exist
	 * (yet, or any more) is in FAULT until it does */
	bool dynamic_interfaces;
	bool log_unknown_vrids;	   /* an advert no instance claims: logged */
	int32_t max_auto_priority; /* 0: off */
	uint32_t min_auto_priority_delay; /* microseconds */
	uint32_t rlimit_rttime;		  /* vrrp_rlimit_rttime, microseconds */
};

struct vrrp_config {
	struct vrrp_global_conf global;
	struct vrrp_instance_conf *inst;
	size_t ninst;
	struct vrrp_sync_group_conf *groups;
	size_t ngroups;
	struct vrrp_script_conf *scripts;
	size_t nscripts;
	struct vrrp_file_conf *files;
	size_t nfiles;
	struct vrrp_process_conf *procs;
	size_t nprocs;
	struct vrrp_bfd_conf *bfds;
	size_t nbfds;
	struct vrrp_vip *static_addrs;
	size_t nstatic_addrs;
	struct vrrp_route *static_routes;
	size_t nstatic_routes;
	struct vrrp_rule *static_rules;
	size_t nstatic_rules;
};

#define VRRP_CONFIG_ARRAYS(X)                                                  \
	X(scripts)                                                             \
	X(files)                                                               \
	X(procs) X(bfds) X(static_addrs) X(static_routes) X(static_rules)

/* keepalived's defaults. */
void vrrp_config_defaults(struct vrrp_config *c);
void vrrp_instance_defaults(struct vrrp_instance_conf *ic);
void vrrp_garp_defaults(struct vrrp_garp_conf *g);

/* Deep copy; NULL with errno on failure. */
struct vrrp_config *vrrp_config_dup(const struct vrrp_config *c);
void vrrp_config_free(struct vrrp_config *c);
/* Release what an instance config owns (not the struct itself). */
void vrrp_instance_conf_clear(struct vrrp_instance_conf *ic);
int vrrp_instance_conf_copy(struct vrrp_instance_conf *dst,
			    const struct vrrp_instance_conf *src);

/*
 * What differs between two versions of one instance, for reloads. IDENTITY
 * changes (VRID, interface, family, version, VMAC) need a new instance;
 * everything else is applied in place.
 */
#define VRRP_CHG_IDENTITY 0x001u
#define VRRP_CHG_PRIORITY 0x002u
#define VRRP_CHG_TIMERS 0x004u /* advert interval, preempt settings */
#define VRRP_CHG_AUTH 0x008u
#define VRRP_CHG_ADDRS 0x010u /* VIPs, excluded VIPs, routes, rules */
#define VRRP_CHG_PEERS 0x020u /* unicast peers, source address */
#define VRRP_CHG_TRACK 0x040u
#define VRRP_CHG_OTHER 0x080u /* notify, garp, accept, nftables... */
unsigned vrrp_instance_conf_diff(const struct vrrp_instance_conf *a,
				 const struct vrrp_instance_conf *b);

/*
 * A sanity check of one config (the full validation is core/conf's): returns
 * 0, or -1 with a message naming the instance and the problem.
 */
int vrrp_config_check(const struct vrrp_config *c, char *err, size_t errlen);

const struct vrrp_instance_conf *
vrrp_config_find_instance(const struct vrrp_config *c, const char *name);

#endif
