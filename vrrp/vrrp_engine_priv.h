/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's insides, shared by vrrp_engine.c and its helper files. */
#ifndef VIGIL_VRRP_ENGINE_PRIV_H
#define VIGIL_VRRP_ENGINE_PRIV_H

#include "core/runtime/log.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_if.h"
#include "vrrp/vrrp_nl.h"
#include "vrrp/vrrp_notify.h"
#include "vrrp/vrrp_pkt.h"
#include "vrrp/vrrp_rec.h"
#include "vrrp/vrrp_sock.h"
#include "vrrp/vrrp_track.h"

#define VRRP_NOTIFY_TIMEOUT_MS 30000

struct vrrp_nft;

#define VRRP_IFX_CACHE 16

struct vrrp_group {
	const struct vrrp_sync_group_conf *conf;
	struct vrrp_instance **members;
	size_t nmembers;
	enum vrrp_state state;
	struct vrrp_notify_queue *notifyq;
};

/* Who is waiting for a script run to end. */
struct vrrp_pending {
	uint64_t id;
	struct vrrp_notify_queue *queue; /* notify scripts, or */
	vrrp_track_run_done_fn done;	 /* a tracker's run */
	void *arg;
	struct vrrp_pending *next;
};

/* Addresses, routes and rules an instance added (so it may remove them):
 * per list, which entries are ours and on which interface. */
enum vrrp_own_list { OWN_VIPS, OWN_EVIPS, OWN_ROUTES, OWN_RULES, OWN_MAX };

struct vrrp_owned {
	bool *mine[OWN_MAX];
	int *ifindex[OWN_MAX];
	bool *lost[OWN_MAX]; /* ours, but taken away: not there now */
	bool up;
	/* the restore of what was taken (vrrp_watch.c) */
	bool repair_due;
	unsigned tokens;     /* repairs allowed now */
	ev_time_t refill_at; /* when the next token comes */
	bool limited_logged; /* this run of the limit was logged */
};

/* The four lists of an owner (instance or statics), whatever their types. */
struct vrrp_own_lists {
	const void *items[OWN_MAX];
	size_t n[OWN_MAX];
};

/* A base interface whose ARP behaviour VMACs need changed (restored when
 * the last VMAC on it goes). */
/* An interface's sysctl that instances need set (refs of them: VMAC
 * bases' ARP behaviour, promote_secondaries), with the value it had
 * before the first, put back after the last (vrrp_owned.c). */
struct vrrp_if_setting {
	char ifname[IFNAMSIZ];
	const char *key; /* a string literal */
	int old;
	unsigned refs;
	struct vrrp_if_setting *next;
};

/* The watch of what we own (vrrp_watch.c): deletions over rtnetlink. */
struct vrrp_watch {
	struct mnl_socket *sock;
	struct ev_io io;
	struct ev_timer repair; /* restores run here, rate-limited */
	unsigned groups;	/* RTNLGRP_* bits joined */
	uint64_t bad_msgs;	/* deletions that could not be decoded */
};

/* The state record (vrrp_adopt.c): this run's, mapped, and the previous
 * run's as read at start. */
struct vrrp_rec_map {
	void *base;
	size_t len;
	void *prev;
	size_t prev_len;
	char boot_id[VRRP_REC_BOOT_ID];
};

struct vrrp_engine {
	struct ev_loop *loop;
	struct vrrp_engine_hooks hooks;
	struct vrrp_config *cfg;
	struct vrrp_instance **inst;
	size_t ninst;
	struct vrrp_group *groups;
	size_t ngroups;
	struct vrrp_tracker **trackers;
	size_t ntrackers;
	struct vrrp_track_env track_env;      /* what trackers are given */
	struct vrrp_link_watch *link_watches; /* theirs, for link events */
	struct vrrp_bfd_watch *bfd_watches;   /* theirs, for BFD states */
	struct vrrp_bfd_known *bfd_known;     /* the last state of each */
	size_t nbfd_known;
	struct vrrp_sock *socks;
	struct vrrp_nl nl;
	struct vrrp_nft *nft;
	struct vrrp_linkmon linkmon;
	int pkt_fd;		 /* AF_PACKET: gratuitous ARP and NA */
	struct vrrp_stats stats; /* packets no instance could claim */
	struct log_ratelimit rx_log;
	uint64_t next_id;
	struct vrrp_pending *pending;
	struct vrrp_notify_queue *queues; /* by owner name (vrrp_group.c) */
	bool started;
	ev_time_t hold_master_until; /* vrrp_startup_delay's end, or 0 */
	struct vrrp_owned statics;   /* static_ipaddress/routes/rules */
	struct vrrp_if_setting *if_settings;
	/* interface indexes by name, as last read, each forgotten on a link
	 * event that names it (vrrp_owned.c): a takeover looks its VIPs'
	 * devices up here, not with a socket each (if_nametoindex) */
	struct vrrp_ifx_entry {
		char name[IFNAMSIZ];
		int ifindex; /* 0: empty */
	} ifx[VRRP_IFX_CACHE];
	unsigned ifx_next;
	struct vrrp_watch watch;
	struct vrrp_rec_map rec;
	bool adopting; /* starting: instances may resume from the record */
	uint8_t rxbuf[VRRP_PKT_MAX + 64];
};

/* vrrp_engine.c */
struct vrrp_instance *vrrp_engine_find(struct vrrp_engine *e, const char *name);
/* vrrp_owned.c: name's ifindex (0: none), from the cache when it can;
 * forget what a link event (ifindex, name; 0: events lost) may change */
int vrrp_engine_ifindex(struct vrrp_engine *e, const char *name);
void vrrp_engine_ifindex_forget(struct vrrp_engine *e, int ifindex,
				const char *name);
/* Forget run id: whoever waited for its end is gone. */
void vrrp_engine_forget(struct vrrp_engine *e, uint64_t id);
/* Run cmd for a notify queue or for done(arg); the run's id, or 0 when it
 * is over already (it could not start: its end has been handled). */
uint64_t vrrp_engine_run(struct vrrp_engine *e, const char *cmd,
			 uint32_t timeout_ms, struct vrrp_notify_queue *q,
			 vrrp_track_run_done_fn done, void *arg);
/* Recompute an instance's priority and faults from its trackers, link and
 * sync group; feed the state machine what changed. */
void vrrp_engine_refresh(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_engine_refresh_all(struct vrrp_engine *e);

/* The first AH sequence number of a run (see vrrp_engine.c). */
uint32_t vrrp_ah_initial_seq(void);

/* vrrp_engine.c: instance life cycle (also used by reloads) */
struct vrrp_instance *vrrp_instance_new(struct vrrp_engine *e,
					const struct vrrp_instance_conf *c);
int vrrp_instance_start(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_instance_stop(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_instance_free(struct vrrp_engine *e, struct vrrp_instance *vi);

/* vrrp_track.c: the trackers of the registry's kinds the config defines */
void vrrp_track_env_init(struct vrrp_engine *e);
/* e->trackers for e->cfg, taking over the old ones whose definition did
 * not change (they keep their state and their running check). */
int vrrp_trackers_build(struct vrrp_engine *e, struct vrrp_tracker **old,
			size_t nold);
int vrrp_instance_bind_trackers(struct vrrp_engine *e,
				struct vrrp_instance *vi);
/* Start those not started yet; stop all. */
void vrrp_trackers_start(struct vrrp_engine *e);
void vrrp_trackers_stop(struct vrrp_engine *e);
void vrrp_tracker_free(struct vrrp_tracker *t);
/* Link events to the trackers' watches (ifname NULL: events lost). */
void vrrp_trackers_link(struct vrrp_engine *e, const char *ifname, bool up);

/* vrrp_io.c: sockets, receive, send */
int vrrp_io_attach(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_io_detach(struct vrrp_engine *e, struct vrrp_instance *vi);
int vrrp_io_send_advert(struct vrrp_instance *vi, uint8_t prio);
int vrrp_io_resolve_source(struct vrrp_instance *vi);

/* vrrp_owned.c: addresses, routes, rules, VMACs */
int vrrp_owned_alloc(struct vrrp_owned *o, const size_t n[OWN_MAX]);
void vrrp_owned_free(struct vrrp_owned *o);
void vrrp_owned_take(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_owned_release(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_owned_statics(struct vrrp_engine *e, bool up);
int vrrp_owned_vmac(struct vrrp_engine *e, struct vrrp_instance *vi, bool up);
/* promote_secondaries: set on vi's interface while it runs (up), its
 * value back when the last instance that wanted it lets go */
void vrrp_owned_promote(struct vrrp_engine *e, struct vrrp_instance *vi,
			bool up);
/* the name of vi's own VMAC (use_vmac) */
void vrrp_owned_vmac_name(const struct vrrp_instance *vi, char name[IFNAMSIZ]);
/* v is on one of vi's VMACs for addresses (use_vmac_addr) */
bool vrrp_owned_on_addr_vmac(const struct vrrp_instance *vi,
			     const struct vrrp_vip *v);
/* A reload changed the address lists of a MASTER: converge. */
void vrrp_owned_reconcile(struct vrrp_engine *e, struct vrrp_instance *vi,
			  const struct vrrp_instance_conf *old);

void vrrp_owned_reconcile_statics(struct vrrp_engine *e,
				  const struct vrrp_config *old);
void vrrp_own_lists_instance(const struct vrrp_instance_conf *c,
			     struct vrrp_own_lists *l);
void vrrp_own_lists_static(const struct vrrp_config *c,
			   struct vrrp_own_lists *l);
/* Before start-up: take back what the ledger says a previous run added;
 * after it, drop that again unless the instance became MASTER. */
void vrrp_owned_adopt(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_owned_settle(struct vrrp_engine *e, struct vrrp_instance *vi);

/* vrrp_owned_report.c: what the instances hold, to hooks.owned */
void vrrp_owned_report(struct vrrp_engine *e);

/* vrrp_owned.c: put back what we own and is not there (adds that find it
 * there change nothing); the number of objects restored. */
unsigned vrrp_owned_repair(struct vrrp_engine *e, struct vrrp_instance *vi,
			   const char *who, const struct vrrp_own_lists *l,
			   struct vrrp_owned *o);
/* How many VIPs of an instance are ours and there. */
unsigned vrrp_owned_vips(const struct vrrp_instance *vi);

/* vrrp_watch.c: notice what is taken from us, restore it (rate-limited) */
int vrrp_watch_start(struct vrrp_engine *e);
/* After a reload: join the route or rule groups if newly needed. */
void vrrp_watch_update(struct vrrp_engine *e);
/* A link came up: check that everything owned is there. */
void vrrp_watch_link_up(struct vrrp_engine *e);
/* An address came or went: instances with track_src_ip look again. */
void vrrp_engine_addr_event(struct vrrp_engine *e);
void vrrp_watch_stop(struct vrrp_engine *e);

/* vrrp_owned.c: every VIP of vi is ours (the ledger says so) and on its
 * interface now. */
bool vrrp_owned_present(const struct vrrp_instance *vi);

/* vrrp_adopt.c: the state record, and resuming from it */
/* At start: read the previous run's record (before anything rewrites it). */
void vrrp_adopt_load(struct vrrp_engine *e);
/* (Re)write the record for the instances there are now, and map it. */
void vrrp_adopt_map(struct vrrp_engine *e);
/* Record a transition; an advert sent (priority above 0). */
void vrrp_adopt_state(struct vrrp_instance *vi);
void vrrp_adopt_beat(struct vrrp_instance *vi);
/* May vi, starting, resume as MASTER? Logs the verdict if it was MASTER. */
bool vrrp_adopt_decide(struct vrrp_engine *e, struct vrrp_instance *vi);
/* Drop the previous record; unmap this one. */
void vrrp_adopt_forget(struct vrrp_engine *e);
void vrrp_adopt_close(struct vrrp_engine *e);

/* vrrp_ledger.c: what we own, on disk, across a crash. _save also tells
 * the parent (vrrp_owned_report); _write is the file alone, for a caller
 * that has told the parent already. */
void vrrp_ledger_save(struct vrrp_engine *e);
void vrrp_ledger_write(struct vrrp_engine *e);
/* *mine set if the ledger lists VMAC name as who's */
void vrrp_ledger_adopt_vmac(struct vrrp_engine *e, const char *who,
			    const char *name, bool *mine);
void vrrp_ledger_adopt(struct vrrp_engine *e, const char *who,
		       const struct vrrp_own_lists *l, struct vrrp_owned *o);

/* vrrp_announce.c: gratuitous ARP / unsolicited NA */
int vrrp_announce_new(struct vrrp_instance *vi);
void vrrp_announce_free(struct vrrp_instance *vi);
/* Became MASTER: a burst now, another after garp_master_delay, refresh. */
void vrrp_announce_start(struct vrrp_engine *e, struct vrrp_instance *vi);
/* A lower master showed up: garp_lower_prio_repeat now. */
void vrrp_announce_lower(struct vrrp_engine *e, struct vrrp_instance *vi);
void vrrp_announce_stop(struct vrrp_instance *vi);

/* vrrp_group.c: events, notify, sync groups */
void vrrp_group_changed(struct vrrp_engine *e, struct vrrp_instance *vi,
			enum vrrp_state from, enum vrrp_reason why);
unsigned vrrp_group_inherited_faults(struct vrrp_instance *vi);
int vrrp_groups_build(struct vrrp_engine *e);
void vrrp_groups_free(struct vrrp_engine *e);
/* before a reload frees them: the groups it removes that say DELETED */
void vrrp_groups_retire(struct vrrp_engine *e, const struct vrrp_config *next);
void vrrp_notify_kick(struct vrrp_engine *e, struct vrrp_notify_queue *q);
/* The notify queue of an instance or a sync group by name, shared with
 * any holder of that name (a replaced instance, a group rebuilt by a
 * reload), so that its commands keep their order; NULL without memory. */
struct vrrp_notify_queue *vrrp_notify_queue_get(struct vrrp_engine *e,
						bool group, const char *name);
/* A holder lets go: the queue goes once nobody holds it and it is empty,
 * so a STOP queued behind a running notify still runs after a reload
 * removed its instance. */
void vrrp_notify_queue_put(struct vrrp_engine *e, struct vrrp_notify_queue *q);
/* Free a queue nobody holds that has run its last command. */
void vrrp_notify_queue_reap(struct vrrp_engine *e, struct vrrp_notify_queue *q);
/* At the engine's end: every queue, run or not. */
void vrrp_notify_queues_free(struct vrrp_engine *e);

/* vrrp_nft.c: vrrp_strict / nftables */
struct vrrp_nft *vrrp_nft_open(const char *table, char *err, size_t errlen);
void vrrp_nft_close(struct vrrp_nft *n);
void vrrp_nft_sync(struct vrrp_engine *e, struct vrrp_instance *vi);

/* vrrp_status.c */
struct json_object *vrrp_status_json(struct vrrp_engine *e);

#endif
