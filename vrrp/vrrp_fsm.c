// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VRRP state machine of RFC 5798 §6.4 (and RFC 3768 §6.4 for v2) as
 * handler tables indexed by state and event. Time comes from the event
 * loop's clock, side effects go through vi->ops, and one function,
 * set_state(), changes state, logs the transition and tells the engine.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "core/runtime/log.h"
#include "vrrp/vrrp_instance.h"
#include "vrrp/vrrp_pkt.h"

typedef void (*vrrp_handler)(struct vrrp_instance *vi,
			     const struct vrrp_advert *adv);

/* INIT's names by use (vrrp_instance.h), then the other states'. */
static const char *const init_names[VRRP_INIT_AS_MAX] = {
	[VRRP_INIT_AS_INIT] = "INIT",
	[VRRP_INIT_AS_STOP] = "STOP",
	[VRRP_INIT_AS_NONE] = "NONE",
};

static const char *const state_names[VRRP_STATE_MAX] = {
	[VRRP_STATE_BACKUP] = "BACKUP",
	[VRRP_STATE_MASTER] = "MASTER",
	[VRRP_STATE_FAULT] = "FAULT",
};

static const char *const reason_names[VRRP_WHY_MAX] = {
	[VRRP_WHY_NONE] = "none",
	[VRRP_WHY_STARTUP] = "startup",
	[VRRP_WHY_OWNER] = "address-owner",
	[VRRP_WHY_MASTER_DOWN] = "master-down",
	[VRRP_WHY_PRIO_ZERO] = "master-resigned",
	[VRRP_WHY_PREEMPT] = "preempt",
	[VRRP_WHY_HIGHER_PRIO] = "higher-priority",
	[VRRP_WHY_FAULT] = "fault",
	[VRRP_WHY_FAULT_CLEARED] = "fault-cleared",
	[VRRP_WHY_SHUTDOWN] = "shutdown",
	[VRRP_WHY_ADMIN] = "admin",
	[VRRP_WHY_SYNC_GROUP] = "sync-group",
	[VRRP_WHY_SPLIT_BRAIN] = "split-brain",
	[VRRP_WHY_LOWER_MASTER] = "lower-master",
	[VRRP_WHY_ADOPTED] = "adopted",
};

static const char *const event_names[VRRP_EV_MAX] = {
	[VRRP_EV_STARTUP] = "startup",
	[VRRP_EV_SHUTDOWN] = "shutdown",
	[VRRP_EV_ADVERT] = "advert",
	[VRRP_EV_MASTER_DOWN] = "master-down-timer",
	[VRRP_EV_ADVER_TIMER] = "adver-timer",
	[VRRP_EV_FAULT] = "fault",
	[VRRP_EV_FAULT_CLEAR] = "fault-clear",
	[VRRP_EV_PRIORITY] = "priority",
	[VRRP_EV_FORCE] = "admin",
	[VRRP_EV_SYNC_MASTER] = "sync-master",
	[VRRP_EV_SYNC_BACKUP] = "sync-backup",
	[VRRP_EV_ADOPT] = "adopt",
};

const char *
vrrp_state_name(enum vrrp_state s, enum vrrp_init_as as)
{
	if (s == VRRP_STATE_INIT)
		return as < VRRP_INIT_AS_MAX ? init_names[as] : "?";
	return s < VRRP_STATE_MAX ? state_names[s] : "?";
}

int
vrrp_state_parse(const char *name, enum vrrp_init_as as, enum vrrp_state *s)
{
	for (int i = 0; name && i < VRRP_STATE_MAX; i++)
		if (!strcasecmp(name, vrrp_state_name(i, as))) {
			*s = i;
			return 0;
		}
	return -1;
}

const char *
vrrp_reason_str(enum vrrp_reason r)
{
	return r < VRRP_WHY_MAX ? reason_names[r] : "?";
}

const char *
vrrp_event_str(enum vrrp_event e)
{
	return e < VRRP_EV_MAX ? event_names[e] : "?";
}

/* ---- timing (RFC 5798 §6.1) ---- */

ev_time_t
vrrp_skew_time(uint8_t version, uint8_t prio, uint16_t mai_cs)
{
	/* v2 (RFC 3768): (256 - Priority) / 256 seconds.
	 * v3: ((256 - Priority) * Master_Adver_Interval) / 256. */
	if (version == 2)
		return (ev_time_t)(256 - prio) * 1000000u / 256u;
	return (ev_time_t)(256 - prio) * mai_cs * 10000u / 256u;
}

ev_time_t
vrrp_master_down_interval(uint8_t version, uint8_t prio, uint16_t mai_cs,
			  uint8_t adverts)
{
	/* RFC 5798 §6.1: (3 * Master_Adver_Interval) + Skew_Time; the 3 is
	 * keepalived's down_timer_adverts. */
	return adverts * (ev_time_t)mai_cs * 10000u +
	       vrrp_skew_time(version, prio, mai_cs);
}

uint8_t
vrrp_effective_priority(uint8_t base, int32_t weight)
{
	int32_t p = base + weight;

	if (base == VRRP_PRIO_OWNER)
		return base;
	if (p < 1)
		return 1;
	return p > 254 ? 254 : (uint8_t)p;
}

static ev_time_t
adver_interval(const struct vrrp_instance *vi)
{
	return (ev_time_t)vi->conf.adver_int_cs * 10000u;
}

/* When the Master_Down timer starts: now, or when the advert that resets
 * it arrived (a loop busy elsewhere, or a scheduler that ran someone
 * else, must not push a takeover back by its own delay). An arrival more
 * than one Master_Adver_Interval back is taken as that (a real clock
 * that stepped): the timer then fires at most one interval early, after
 * two more have passed with no advert. */
static ev_time_t
down_from(const struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	ev_time_t now = ev_now(vi->loop),
		  mai = (ev_time_t)vi->master_adver_int_cs * 10000u;

	if (!adv || !adv->rx_at || adv->rx_at >= now)
		return now;
	return now - adv->rx_at > mai ? now - mai : adv->rx_at;
}

static void
arm_down_timer(struct vrrp_instance *vi, const struct vrrp_advert *adv,
	       ev_time_t after)
{
	ev_timer_start_at(vi->loop, &vi->down_timer,
			  down_from(vi, adv) + after);
}

static void
arm_master_down(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	vi->prio_zero_seen = false;
	arm_down_timer(vi, adv,
		       vrrp_master_down_interval(vi->conf.version, vi->prio,
						 vi->master_adver_int_cs,
						 vi->conf.down_timer_adverts));
}

/* ---- the one place that changes state ---- */

static void
set_state(struct vrrp_instance *vi, enum vrrp_state to, enum vrrp_reason why)
{
	enum vrrp_state from = vi->state;
	char m[IPADDR_STRLEN];

	if (from == to)
		return;
	vi->state = to;
	vi->why = why;
	vi->last_transition = ev_now(vi->loop);
	if (to == VRRP_STATE_MASTER)
		vi->stats.become_master++;
	/* Addresses and gratuitous ARPs first: the segment learns the new
	 * master before anything is written to a log. */
	if (from == VRRP_STATE_MASTER)
		vi->ops->own(vi, false);
	if (to == VRRP_STATE_MASTER)
		vi->ops->own(vi, true);
	log_notice("vrrp instance=%s state=%s from=%s reason=%s prio=%u "
		   "master=%s master_prio=%u",
		   vi->conf.name, vrrp_state_str(to), vrrp_state_str(from),
		   vrrp_reason_str(why), vi->prio,
		   ipaddr_str(to == VRRP_STATE_MASTER ? &vi->primary
						      : &vi->master_ip,
			      m, sizeof(m)),
		   to == VRRP_STATE_MASTER ? vi->prio : vi->master_prio);
	vi->ops->changed(vi, from, why);
}

/* ---- actions shared by several handlers ---- */

static void
send_advert(struct vrrp_instance *vi, uint8_t prio)
{
	if (vi->ops->send_advert(vi, prio) < 0) {
		vi->stats.send_errors++;
		return;
	}
	vi->stats.advertise_sent++;
	if (prio == VRRP_PRIO_STOP)
		vi->stats.priority_zero_pkts_sent++;
}

/* RFC 5798 §6.4.1/§6.4.2: send an advertisement, announce, arm the
 * Adver_Timer, become MASTER. */
static void
become_master(struct vrrp_instance *vi, enum vrrp_reason why)
{
	ev_timer_stop(vi->loop, &vi->down_timer);
	vi->preempt_at = 0;
	memset(&vi->master_ip, 0, sizeof(vi->master_ip));
	vi->master_prio = 0;
	send_advert(vi, vi->prio);
	ev_timer_start(vi->loop, &vi->adver_timer, adver_interval(vi));
	set_state(vi, VRRP_STATE_MASTER, why);
}

/* RFC 5798 §6.4.1: Master_Adver_Interval = Advertisement_Interval,
 * Master_Down_Timer = Master_Down_Interval, become BACKUP. */
static void
become_backup(struct vrrp_instance *vi, enum vrrp_reason why)
{
	ev_timer_stop(vi->loop, &vi->adver_timer);
	/* Stepping down for any reason but a better master: resign, so the
	 * backups take over after Skew_Time. */
	if (vi->state == VRRP_STATE_MASTER && why != VRRP_WHY_HIGHER_PRIO)
		send_advert(vi, VRRP_PRIO_STOP);
	if (!vi->master_adver_int_cs)
		vi->master_adver_int_cs = vi->conf.adver_int_cs;
	arm_master_down(vi, NULL);
	set_state(vi, VRRP_STATE_BACKUP, why);
}

static void
become_fault(struct vrrp_instance *vi, enum vrrp_reason why)
{
	ev_timer_stop(vi->loop, &vi->down_timer);
	ev_timer_stop(vi->loop, &vi->adver_timer);
	/* Leaving MASTER: resign so the backup takes over after Skew_Time
	 * rather than Master_Down_Interval (keepalived does the same). */
	if (vi->state == VRRP_STATE_MASTER && !vi->link_down)
		send_advert(vi, VRRP_PRIO_STOP);
	set_state(vi, VRRP_STATE_FAULT, why);
}

static void
become_init(struct vrrp_instance *vi)
{
	ev_timer_stop(vi->loop, &vi->down_timer);
	ev_timer_stop(vi->loop, &vi->adver_timer);
	/* RFC 5798 §6.4.3 Shutdown: send an ADVERTISEMENT with Priority 0. */
	if (vi->state == VRRP_STATE_MASTER)
		send_advert(vi, VRRP_PRIO_STOP);
	set_state(vi, VRRP_STATE_INIT, VRRP_WHY_SHUTDOWN);
}

/* vrrp_startup_delay: a BACKUP listens, but takes over nothing yet. */
static bool
start_held(const struct vrrp_instance *vi)
{
	return vi->hold_master_until &&
	       ev_now(vi->loop) < vi->hold_master_until;
}

static bool
may_be_master(const struct vrrp_instance *vi)
{
	return vi->faults == 0 && vi->forced != VRRP_STATE_BACKUP &&
	       vi->forced != VRRP_STATE_FAULT && !start_held(vi);
}

/* Leave wherever we are for where the conditions say we belong. */
static void
resettle(struct vrrp_instance *vi, enum vrrp_reason why)
{
	if (vi->faults || vi->forced == VRRP_STATE_FAULT)
		become_fault(vi, why);
	else if (vi->prio == VRRP_PRIO_OWNER && may_be_master(vi) &&
		 !(why == VRRP_WHY_STARTUP && vi->conf.owner_starts_backup))
		become_master(vi,
			      why == VRRP_WHY_STARTUP ? VRRP_WHY_OWNER : why);
	else
		become_backup(vi, why);
}

/* RFC 5798 §6.4.3: the advert wins over us if its priority is higher, or
 * equal with a higher primary address. */
static bool
advert_wins(const struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	if (adv->priority != vi->prio)
		return adv->priority > vi->prio;
	return ipaddr_cmp(&adv->src, &vi->primary) > 0;
}

static void
adopt_master(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	vi->master_ip = adv->src;
	vi->master_prio = adv->priority;
	/* v3: a backup runs on the master's interval (§6.4.2); v2 intervals
	 * must match and were checked on receipt. */
	if (vi->conf.version == 3 && adv->adver_int_cs)
		vi->master_adver_int_cs = adv->adver_int_cs;
	else
		vi->master_adver_int_cs = vi->conf.adver_int_cs;
}

/* ---- INIT ---- */

static void
init_startup(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	vi->master_adver_int_cs = vi->conf.adver_int_cs;
	if (vi->conf.preempt_delay_ms)
		vi->preempt_at =
			ev_now(vi->loop) + EV_MSEC(vi->conf.preempt_delay_ms);
	resettle(vi, VRRP_WHY_STARTUP);
}

/* The engine found this instance MASTER in the record of the run before,
 * with the same config, its addresses in place and its last advert recent
 * enough that no backup can have taken over (vrrp_rec_check): stay MASTER and
 * advertise now, which resets the backups' Master_Down_Timers. */
static void
init_adopt(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	vi->master_adver_int_cs = vi->conf.adver_int_cs;
	become_master(vi, VRRP_WHY_ADOPTED);
}

/* ---- BACKUP ---- */

static void
any_shutdown(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	become_init(vi);
}

static void
backup_master_down(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	if (start_held(vi)) {
		arm_down_timer(vi, NULL,
			       vi->hold_master_until - ev_now(vi->loop));
		return;
	}
	if (!may_be_master(vi)) {
		arm_master_down(vi, NULL);
		return;
	}
	become_master(vi, vi->prio_zero_seen ? VRRP_WHY_PRIO_ZERO
			  : vi->master_prio && vi->master_prio < vi->prio
				  ? VRRP_WHY_PREEMPT
				  : VRRP_WHY_MASTER_DOWN);
}

/* preempt_delay: hold back preemption until the delay since start-up or
 * since a lower master first showed up has run out. */
static bool
preempt_held(struct vrrp_instance *vi)
{
	ev_time_t now = ev_now(vi->loop);

	if (!vi->conf.preempt_delay_ms)
		return false;
	if (!vi->preempt_at)
		vi->preempt_at = now + EV_MSEC(vi->conf.preempt_delay_ms);
	return now < vi->preempt_at;
}

static void
backup_advert(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	if (adv->priority == VRRP_PRIO_STOP) {
		/* §6.4.2: Set the Master_Down_Timer to Skew_Time. */
		vi->prio_zero_seen = true;
		vi->master_prio = 0;
		arm_down_timer(vi, adv,
			       vrrp_skew_time(vi->conf.version, vi->prio,
					      vi->master_adver_int_cs));
		return;
	}
	if (!vi->conf.preempt || adv->priority >= vi->prio ||
	    vi->forced == VRRP_STATE_BACKUP || preempt_held(vi)) {
		if (adv->priority >= vi->prio)
			vi->preempt_at = 0;
		adopt_master(vi, adv);
		arm_master_down(vi, adv);
		return;
	}
	/* Preempt: discard; the Master_Down_Timer will fire. */
	vi->master_ip = adv->src;
	vi->master_prio = adv->priority;
}

static void
backup_priority(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	if (vi->prio == VRRP_PRIO_OWNER && may_be_master(vi))
		become_master(vi, VRRP_WHY_OWNER);
}

static void
any_fault(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	become_fault(vi, VRRP_WHY_FAULT);
}

/*
 * Admin override. MASTER is one-shot: take over now, then follow the
 * protocol (a better router still wins). BACKUP and FAULT hold until the
 * override is cleared (forced = INIT).
 */
static void
any_force(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	if (vi->forced == VRRP_STATE_MASTER) {
		vi->forced = VRRP_STATE_INIT;
		if (vi->state == VRRP_STATE_BACKUP && !vi->faults)
			become_master(vi, VRRP_WHY_ADMIN);
	} else if (vi->forced == VRRP_STATE_FAULT) {
		become_fault(vi, VRRP_WHY_ADMIN);
	} else if (vi->forced == VRRP_STATE_BACKUP) {
		if (vi->state != VRRP_STATE_BACKUP)
			become_backup(vi, VRRP_WHY_ADMIN);
	} else if (vi->state == VRRP_STATE_FAULT && !vi->faults) {
		resettle(vi, VRRP_WHY_ADMIN);
	}
}

static void
backup_sync_master(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	if (may_be_master(vi))
		become_master(vi, VRRP_WHY_SYNC_GROUP);
}

/* ---- MASTER ---- */

static void
master_adver_timer(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	send_advert(vi, vi->prio);
	ev_timer_start(vi->loop, &vi->adver_timer, adver_interval(vi));
}

/* Another master (a lower one, or one resigning with priority 0, which no
 * MASTER hears unless there were two): a healed split brain. Answer at
 * once so it steps down
 * within one interval, and re-announce so switches and scripts follow us
 * again -- unless we became MASTER less than an interval ago (a preemption:
 * our announcement is fresh), and at most once per interval. */
static void
master_reannounce(struct vrrp_instance *vi, const struct vrrp_advert *adv,
		  enum vrrp_reason why)
{
	ev_time_t now = ev_now(vi->loop);

	/* lower_prio_no_advert: RFC 5798 §6.4.3 discards a lower advert; a
	 * resigning one is answered all the same */
	if (why != VRRP_WHY_LOWER_MASTER || !vi->conf.lower_prio_no_advert)
		master_adver_timer(vi, adv);
	if (now - vi->last_transition < adver_interval(vi) ||
	    (vi->last_reannounce &&
	     now - vi->last_reannounce < adver_interval(vi)))
		return;
	vi->last_reannounce = now;
	vi->why = why;
	log_notice(
		"vrrp instance=%s state=MASTER event=other-master peer=%s "
		"peer_prio=%u prio=%u action=reannounce",
		vi->conf.name,
		ipaddr_str(&adv->src, (char[IPADDR_STRLEN]){0}, IPADDR_STRLEN),
		adv->priority, vi->prio);
	vi->ops->announce(vi);
	vi->ops->changed(vi, VRRP_STATE_MASTER, why);
}

static void
master_advert(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	if (adv->priority == VRRP_PRIO_STOP) {
		/* §6.4.3: send an ADVERTISEMENT, reset the Adver_Timer. */
		master_reannounce(vi, adv, VRRP_WHY_SPLIT_BRAIN);
		return;
	}
	if (advert_wins(vi, adv)) {
		/* One last advert before stepping down (not in §6.4.3;
		 * higher_prio_send_advert, on unless strict): if we were the
		 * other half of a split brain, the winner may not have heard
		 * us yet, and needs to, to re-announce. */
		if (vi->conf.higher_prio_send_advert)
			send_advert(vi, vi->prio);
		adopt_master(vi, adv);
		become_backup(vi, VRRP_WHY_HIGHER_PRIO);
		return;
	}
	/* lower, or equal from a lower address (§6.4.3) */
	master_reannounce(vi, adv, VRRP_WHY_LOWER_MASTER);
}

static void
master_priority(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	/* Tell the backups now rather than at the next interval. */
	master_adver_timer(vi, adv);
}

static void
master_sync_backup(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	become_backup(vi, VRRP_WHY_SYNC_GROUP);
}

/* ---- FAULT ---- */

static void
fault_clear(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	(void)adv;
	if (!vi->faults && vi->forced != VRRP_STATE_FAULT)
		resettle(vi, VRRP_WHY_FAULT_CLEARED);
}

/* ---- the tables ---- */

static const vrrp_handler handlers[VRRP_STATE_MAX][VRRP_EV_MAX] = {
	[VRRP_STATE_INIT] =
		{
			[VRRP_EV_STARTUP] = init_startup,
			[VRRP_EV_ADOPT] = init_adopt,
		},
	[VRRP_STATE_BACKUP] =
		{
			[VRRP_EV_SHUTDOWN] = any_shutdown,
			[VRRP_EV_ADVERT] = backup_advert,
			[VRRP_EV_MASTER_DOWN] = backup_master_down,
			[VRRP_EV_FAULT] = any_fault,
			[VRRP_EV_PRIORITY] = backup_priority,
			[VRRP_EV_FORCE] = any_force,
			[VRRP_EV_SYNC_MASTER] = backup_sync_master,
		},
	[VRRP_STATE_MASTER] =
		{
			[VRRP_EV_SHUTDOWN] = any_shutdown,
			[VRRP_EV_ADVERT] = master_advert,
			[VRRP_EV_ADVER_TIMER] = master_adver_timer,
			[VRRP_EV_FAULT] = any_fault,
			[VRRP_EV_PRIORITY] = master_priority,
			[VRRP_EV_FORCE] = any_force,
			[VRRP_EV_SYNC_BACKUP] = master_sync_backup,
		},
	[VRRP_STATE_FAULT] =
		{
			[VRRP_EV_SHUTDOWN] = any_shutdown,
			[VRRP_EV_FAULT_CLEAR] = fault_clear,
			[VRRP_EV_FORCE] = any_force,
		},
};

void
vrrp_fsm_event(struct vrrp_instance *vi, enum vrrp_event ev,
	       const struct vrrp_advert *adv)
{
	vrrp_handler h;

	if (vi->state >= VRRP_STATE_MAX || ev >= VRRP_EV_MAX)
		return;
	h = handlers[vi->state][ev];
	log_debug(LOG_SUB_VRRP, "vrrp instance=%s state=%s event=%s%s",
		  vi->conf.name, vrrp_state_str(vi->state), vrrp_event_str(ev),
		  h ? "" : " ignored=1");
	if (h)
		h(vi, adv);
}

static void
down_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	vrrp_fsm_event(arg, VRRP_EV_MASTER_DOWN, NULL);
}

static void
adver_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	vrrp_fsm_event(arg, VRRP_EV_ADVER_TIMER, NULL);
}

void
vrrp_fsm_init(struct vrrp_instance *vi, struct ev_loop *loop,
	      const struct vrrp_instance_ops *ops, void *ops_arg)
{
	vi->loop = loop;
	vi->ops = ops;
	vi->ops_arg = ops_arg;
	vi->state = VRRP_STATE_INIT;
	vi->prio = vrrp_effective_priority(vi->conf.priority, vi->track_weight);
	vi->master_adver_int_cs = vi->conf.adver_int_cs;
	ev_timer_init(&vi->down_timer, down_timer_cb, vi);
	ev_timer_init(&vi->adver_timer, adver_timer_cb, vi);
}

void
vrrp_fsm_cancel(struct vrrp_instance *vi)
{
	ev_timer_stop(vi->loop, &vi->down_timer);
	ev_timer_stop(vi->loop, &vi->adver_timer);
}
