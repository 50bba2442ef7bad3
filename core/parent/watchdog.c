// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The watchdog: the parent pings each child, and kills and replaces one
 * that stops answering (supervisor.c respawns it). Two rules keep it
 * honest:
 *
 * - It counts only the time the parent itself ran. When its own tick
 *   comes late (the parent was stopped, swapped out, or blocked in a
 *   callback), the delay is not held against any child: nothing was heard
 *   because nobody listened. A parent stopped for 12 s used to call its
 *   vrrp child hung on resume and kill it: two failovers of its own.
 *
 * - A row may give a budget: how long its child may hang unnoticed (the
 *   vrrp child: how soon a peer may take over, conf_vrrp_takeover()).
 *   Once the child is ready, it is pinged every tenth of the budget and
 *   declared hung when a ping goes unanswered for half of it: found
 *   within 7/10 of the budget (a ping, the timeout, a tick), killed and
 *   its addresses released before a peer takes over. The configured
 *   vigil_watchdog_* values apply when they are shorter, and before the
 *   child is ready (start-up may be slow).
 *
 * A child is hung when a ping has gone unanswered (no message at all
 * from it) for its timeout: the clock runs from the ping, never from a
 * time when the parent asked nothing. A child that is stopping is
 * watched too: it still runs its loop (priority 0 adverts, notify_stop),
 * and one that hangs meanwhile must not keep its VIPs for the 5 s the
 * parent waits for it.
 */
#include "config.h"

#include <signal.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/parent/children.h"
#include "core/parent/vigild.h"

#define WD_MIN_INTERVAL EV_MSEC(20)
#define WD_MIN_TIMEOUT EV_MSEC(100)
/* A stall this long is logged (a shorter one is only counted). */
#define WD_STALL_LOG EV_MSEC(500)

static ev_time_t
min_time(ev_time_t a, ev_time_t b)
{
	return a < b ? a : b;
}

static ev_time_t
max_time(ev_time_t a, ev_time_t b)
{
	return a > b ? a : b;
}

/* The tick: the shortest interval of a wanted child, else the global. */
static ev_time_t
period(struct vigild *d)
{
	ev_time_t p = d->wd_interval;

	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);

		if ((ch->pid || ch->wanted) && ch->wd_interval)
			p = min_time(p, ch->wd_interval);
	}
	return p;
}

static void
arm(struct vigild *d, ev_time_t now)
{
	ev_time_t p = period(d);

	ev_timer_stop(d->loop, &d->watchdog);
	d->wd_due = now + p;
	ev_timer_start(d->loop, &d->watchdog, p);
}

void
watchdog_configure(struct vigild *d)
{
	const struct conf_global *g = &d->conf->global;

	d->wd_interval = g->vigil_watchdog_interval;
	d->wd_timeout = g->vigil_watchdog_timeout;
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);
		uint64_t b = ch->row->hung_budget
				     ? ch->row->hung_budget(d->conf)
				     : 0;
		ev_time_t iv = d->wd_interval, tmo = d->wd_timeout;

		if (b) {
			iv = min_time(iv, max_time(b / 10, WD_MIN_INTERVAL));
			tmo = min_time(tmo, max_time(b / 2, WD_MIN_TIMEOUT));
		}
		if (iv != ch->wd_interval || tmo != ch->wd_timeout)
			log_info("child=%s watchdog_interval_ms=%llu "
				 "watchdog_timeout_ms=%llu",
				 ch->row->name, (unsigned long long)(iv / 1000),
				 (unsigned long long)(tmo / 1000));
		ch->wd_interval = iv;
		ch->wd_timeout = tmo;
	}
	if (ev_timer_active(&d->watchdog))
		arm(d, ev_now(d->loop));
}

void
watchdog_start(struct vigild *d)
{
	arm(d, ev_now(d->loop));
}

/* The parent did not run for `late`: every child gets that time back.
 * Counted as a stall from half a period on (below, it is the loop's
 * usual lateness), logged from WD_STALL_LOG on. */
static void
stalled(struct vigild *d, ev_time_t now, ev_time_t late)
{
	if (late >= period(d) / 2) {
		d->wd_stalls++;
		d->wd_stalled += late;
	}
	if (late >= max_time(period(d), WD_STALL_LOG))
		log_warn("vigild state=stalled stalled_ms=%llu "
			 "action=children-not-blamed",
			 (unsigned long long)(late / 1000));
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);

		if (ch->ping_out)
			ch->ping_out = min_time(now, ch->ping_out + late);
	}
}

static void
hung(struct vchild *ch, ev_time_t now, ev_time_t tmo)
{
	log_err("child=%s pid=%d state=hung last_pong_ms=%llu "
		"unanswered_ms=%llu timeout_ms=%llu",
		ch->row->name, (int)ch->pid,
		(unsigned long long)((now - ch->last_pong) / 1000),
		(unsigned long long)((now - ch->ping_out) / 1000),
		(unsigned long long)(tmo / 1000));
	ch->hung = true;
	ch->hangs++;
	kill(ch->pid, SIGKILL);
	owned_release(ch);
}

void
watchdog_tick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vigild *d = arg;
	ev_time_t now = ev_now(loop), p = period(d);

	(void)t;
	if (d->wd_due && now > d->wd_due)
		stalled(d, now, now - d->wd_due);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);
		ev_time_t tmo = ch->ready ? ch->wd_timeout : d->wd_timeout;
		struct ipc_ping ping;

		if (!ch->pid || ch->hung)
			continue;
		if (ch->ping_out && now - ch->ping_out >= tmo) {
			hung(ch, now, tmo);
			continue;
		}
		if (now - ch->last_ping + p / 2 < ch->wd_interval)
			continue;
		ping.seq = ++ch->ping_seq;
		ch->last_ping = now;
		if (!ch->ping_out)
			ch->ping_out = now;
		super_send(ch, IPC_PING, &ping, sizeof(ping), -1);
	}
	arm(d, now);
}
