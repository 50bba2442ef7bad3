/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One VRRP instance at run time: its config, the protocol state the state
 * machine (vrrp_fsm.c) drives, counters, and what the shells around it keep
 * (sockets, owned addresses, announcements, tracking, notify queue).
 *
 * The state machine reaches the world only through struct vrrp_instance_ops
 * and the event loop's timers, so unit tests drive it with fake ops and a
 * fake clock.
 */
#ifndef VIGIL_VRRP_INSTANCE_H
#define VIGIL_VRRP_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "core/runtime/log.h"
#include "vrrp/vrrp_auth.h"
#include "vrrp/vrrp_conf.h"
#include "core/runtime/ipaddr.h"
#include "vrrp/vrrp_stats.h"

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_MAX
};

/* Why a transition happened (logs, events, RFC 6527 NewMasterReason). */
enum vrrp_reason {
	VRRP_WHY_NONE = 0,
	VRRP_WHY_STARTUP,
	VRRP_WHY_OWNER,	      /* priority 255: address owner */
	VRRP_WHY_MASTER_DOWN, /* Master_Down_Timer fired */
	VRRP_WHY_PRIO_ZERO,   /* master resigned (priority 0), Skew_Time */
	VRRP_WHY_PREEMPT,     /* our priority beat the master's */
	VRRP_WHY_HIGHER_PRIO, /* saw a better master */
	VRRP_WHY_FAULT,
	VRRP_WHY_FAULT_CLEARED,
	VRRP_WHY_SHUTDOWN,
	VRRP_WHY_ADMIN,
	VRRP_WHY_SYNC_GROUP,
	VRRP_WHY_SPLIT_BRAIN,  /* MASTER met another resigning: re-announced */
	VRRP_WHY_LOWER_MASTER, /* MASTER met a lower one: re-announced
				* (keepalived's MASTER_RX_LOWER_PRI) */
	VRRP_WHY_ADOPTED,      /* resumed the MASTER state of a previous run */
	VRRP_WHY_MAX
};

/*
 * The names of the states, from one table (vrrp_fsm.c). INIT is written
 * INIT in logs and status, STOP in notify arguments, FIFO lines and events
 * of a stopped instance (keepalived's), and NONE for "no admin override".
 */
enum vrrp_init_as {
	VRRP_INIT_AS_INIT = 0,
	VRRP_INIT_AS_STOP,
	VRRP_INIT_AS_NONE,
	VRRP_INIT_AS_MAX
};
const char *vrrp_state_name(enum vrrp_state s, enum vrrp_init_as as);
/* The state a name (any case) stands for, INIT being named as `as` says;
 * -1 if none. */
int vrrp_state_parse(const char *name, enum vrrp_init_as as,
		     enum vrrp_state *s);

static inline const char *
vrrp_state_str(enum vrrp_state s)
{
	return vrrp_state_name(s, VRRP_INIT_AS_INIT);
}
const char *vrrp_reason_str(enum vrrp_reason r);

/* What a received, validated advertisement tells the state machine. */
struct vrrp_advert {
	uint8_t priority;
	uint16_t adver_int_cs;
	struct ipaddr src;
	/* When it arrived, on the loop's clock; 0: now. A Master_Down timer
	 * runs from here (RFC 5798 §6.4.2: reset on receipt). */
	ev_time_t rx_at;
};

struct vrrp_instance;

struct vrrp_instance_ops {
	/* Send one advertisement carrying prio; -1 if it could not go out. */
	int (*send_advert)(struct vrrp_instance *vi, uint8_t prio);
	/* Take (up) or release the addresses, routes, rules; up announces. */
	void (*own)(struct vrrp_instance *vi, bool up);
	/* Re-send gratuitous ARPs / NAs (a lower master was seen). */
	void (*announce)(struct vrrp_instance *vi);
	/* After every state change, in order; also for a re-announcement
	 * (from == to == MASTER, why == VRRP_WHY_SPLIT_BRAIN or
	 * VRRP_WHY_LOWER_MASTER). */
	void (*changed)(struct vrrp_instance *vi, enum vrrp_state from,
			enum vrrp_reason why);
};

/* Shell state, opaque to the state machine. */
struct vrrp_sock;
struct vrrp_owned;
struct vrrp_announce;
struct vrrp_notify_queue;
struct vrrp_engine;
struct vrrp_group;
struct vrrp_tracker;
struct vrrp_rec_slot;

/* An instance's use of a tracked object. */
struct vrrp_track_use {
	struct vrrp_tracker *t;
	const struct vrrp_track_ref *ref; /* in conf */
};

/* A VMAC of an instance: its own (use_vmac) or one for addresses on another
 * interface (conf.addr_vmacs). */
struct vrrp_vmac {
	int ifindex;
	/* made by this run, or by one before it (the ledger says): deleted
	 * with the instance; else someone else's, used and kept */
	bool mine;
	bool held; /* there, its sysctls set (vrrp_owned.c) */
};

struct vrrp_instance {
	struct vrrp_instance_conf conf;
	struct ev_loop *loop;
	const struct vrrp_instance_ops *ops;
	void *ops_arg;

	/* protocol state (vrrp_fsm.c) */
	enum vrrp_state state;
	enum vrrp_reason why;
	uint8_t prio;		/* effective: base + tracking weights */
	unsigned faults;	/* active fault conditions */
	enum vrrp_state forced; /* admin override; INIT = none */
	uint16_t master_adver_int_cs;
	ev_time_t preempt_at; /* end of preempt_delay; 0 = not running */
	ev_time_t last_reannounce;
	/* vrrp_startup_delay: not MASTER before this time (0: no hold) */
	ev_time_t hold_master_until;
	struct ipaddr master_ip; /* the master as a BACKUP sees it */
	uint8_t master_prio;
	bool prio_zero_seen; /* the down timer runs on Skew_Time */
	struct ev_timer adver_timer;
	struct ev_timer down_timer;

	struct vrrp_stats stats;
	ev_time_t last_transition;

	/* shells (vrrp_engine.c and friends) */
	struct vrrp_engine *eng;
	struct vrrp_group *group;
	int ifindex;	/* the configured interface */
	int tx_ifindex; /* where adverts leave: the VMAC, or ifindex */
	char tx_ifname[IFNAMSIZ];
	/* where the sockets are: tx_*, or the base with vmac_xmit_base */
	int io_ifindex;
	char io_ifname[IFNAMSIZ];
	struct ipaddr *vip_addrs; /* conf.vips' addresses, for the codec */
	uint8_t tx_mac[6];
	struct ipaddr primary; /* our source address */
	struct ipaddr mcast;
	struct vrrp_sock *sock, *ah_sock;
	uint32_t rx_buf_added; /* what it added to its sockets' rx_buf */
	bool if_missing;       /* dynamic_interfaces: its interface is absent */
	bool old_csum; /* sending and checking the old unicast checksum */
	bool removed;  /* a reload removes it (notify_deleted) */
	uint16_t ip_id;
	uint32_t ah_seq_tx, ah_seq_rx;
	bool ah_seq_rx_valid;
	struct ipaddr ah_src;
	ev_time_t ah_last_rx;
	uint64_t hmac_seq_tx;
	struct vrrp_hmac_replay hmac_rx;
	struct vrrp_owned *owned;
	struct vrrp_announce *announce;
	struct vrrp_notify_queue *notifyq;
	struct vrrp_track_use *uses;
	size_t nuses;
	int32_t track_weight; /* sum of tracking weights */
	unsigned track_faults;
	bool link_down;
	struct ev_timer link_timer; /* interface_up_down_delays */
	bool no_source;		    /* no usable source address: a fault */
	/* unicast_fault_no_peer and no unicast peer: a fault for good */
	bool no_peer;
	bool promoted;	       /* holds promote_secondaries on its interface */
	struct vrrp_vmac vmac; /* use_vmac's */
	struct vrrp_vmac *addr_vmac; /* conf.addr_vmacs' */
	struct vrrp_rec_slot *rec;   /* its slot in the state record, or NULL */
	struct log_ratelimit rx_log;
	struct log_ratelimit tx_log;
	/* The last advertisement refused, for its sender (vrrpTrapPacketSrc)
	 * and why; last_drop is a static string, NULL before the first. */
	struct ipaddr last_drop_src;
	const char *last_drop;
	/* RFC 6527's vrrpv3StatisticsProtoErrReason: the last protocol error
	 * of an advert for this instance ("ip_ttl", "version", "checksum"),
	 * NULL before the first. A static string. */
	const char *proto_error;
};

/* The state machine's inputs. */
enum vrrp_event {
	VRRP_EV_STARTUP = 0,
	VRRP_EV_SHUTDOWN,
	VRRP_EV_ADVERT,	     /* with a struct vrrp_advert */
	VRRP_EV_MASTER_DOWN, /* timer */
	VRRP_EV_ADVER_TIMER, /* timer */
	VRRP_EV_FAULT,	     /* faults went from 0 to 1 */
	VRRP_EV_FAULT_CLEAR, /* faults went back to 0 */
	VRRP_EV_PRIORITY,    /* the effective priority changed */
	VRRP_EV_FORCE,	     /* admin set or cleared vi->forced */
	VRRP_EV_SYNC_MASTER, /* the sync group moves to MASTER */
	VRRP_EV_SYNC_BACKUP, /* the sync group moves to BACKUP */
	VRRP_EV_ADOPT,	     /* start-up as the MASTER a previous run was */
	VRRP_EV_MAX
};

const char *vrrp_event_str(enum vrrp_event e);

/* Set up the protocol part of vi (conf already filled in). */
void vrrp_fsm_init(struct vrrp_instance *vi, struct ev_loop *loop,
		   const struct vrrp_instance_ops *ops, void *ops_arg);
/* Feed one event; adv is required for VRRP_EV_ADVERT, else NULL. */
void vrrp_fsm_event(struct vrrp_instance *vi, enum vrrp_event ev,
		    const struct vrrp_advert *adv);
/* Stop the timers without a transition (instance being freed). */
void vrrp_fsm_cancel(struct vrrp_instance *vi);

/* RFC 5798 §6.1 (v3) / RFC 3768 §6.1 (v2), in microseconds. */
ev_time_t vrrp_skew_time(uint8_t version, uint8_t prio, uint16_t mai_cs);
/* `adverts` is down_timer_adverts, 3 in the RFCs. */
ev_time_t vrrp_master_down_interval(uint8_t version, uint8_t prio,
				    uint16_t mai_cs, uint8_t adverts);

/* base priority plus tracking weights, clamped to 1..254 (255 stays). */
uint8_t vrrp_effective_priority(uint8_t base, int32_t weight);

#endif
