// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VRRP state machine, event by event, against RFC 5798 §6.4 (and RFC
 * 3768 for v2 timing), on a fake clock with fake side effects.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp/vrrp_instance.h"
#include "vrrp/vrrp_pkt.h"

struct fake {
	ev_time_t now;
	struct ev_loop *loop;
	struct vrrp_instance vi;
	/* what the state machine did */
	int sent[64]; /* priorities of adverts sent */
	int nsent;
	int own_up, own_down, announced;
	enum vrrp_state from[32];
	enum vrrp_reason why[32];
	int nchanged;
};

static ev_time_t
fake_now(void *arg)
{
	return ((struct fake *)arg)->now;
}

static int
f_send(struct vrrp_instance *vi, uint8_t prio)
{
	struct fake *f = vi->ops_arg;

	f->sent[f->nsent++ % 64] = prio;
	return 0;
}

static void
f_own(struct vrrp_instance *vi, bool up)
{
	struct fake *f = vi->ops_arg;

	if (up)
		f->own_up++;
	else
		f->own_down++;
}

static void
f_announce(struct vrrp_instance *vi)
{
	((struct fake *)vi->ops_arg)->announced++;
}

static void
f_changed(struct vrrp_instance *vi, enum vrrp_state from, enum vrrp_reason why)
{
	struct fake *f = vi->ops_arg;

	f->from[f->nchanged % 32] = from;
	f->why[f->nchanged++ % 32] = why;
}

static const struct vrrp_instance_ops fake_ops = {
	.send_advert = f_send,
	.own = f_own,
	.announce = f_announce,
	.changed = f_changed,
};

static struct fake *
setup(uint8_t version, uint8_t prio, uint16_t adv_cs)
{
	static struct fake f;

	if (f.loop)
		ev_loop_free(f.loop);
	memset(&f, 0, sizeof(f));
	f.now = EV_SEC(1000);
	f.loop = ev_loop_new();
	assert_non_null(f.loop);
	ev_loop_set_clock(f.loop, fake_now, &f);
	vrrp_instance_defaults(&f.vi.conf);
	snprintf(f.vi.conf.name, sizeof(f.vi.conf.name), "VI_T");
	f.vi.conf.version = version;
	f.vi.conf.priority = prio;
	f.vi.conf.adver_int_cs = adv_cs;
	ipaddr_parse("10.0.0.2", &f.vi.primary);
	vrrp_fsm_init(&f.vi, f.loop, &fake_ops, &f);
	return &f;
}

/* Move the fake clock to t (relative to the start) and fire timers. */
static void
at(struct fake *f, ev_time_t t)
{
	f->now = EV_SEC(1000) + t;
	ev_run_once(f->loop, 0);
}

static void
advert(struct fake *f, ev_time_t t, uint8_t prio, const char *src, uint16_t cs)
{
	struct vrrp_advert a = {.priority = prio, .adver_int_cs = cs};

	at(f, t);
	ipaddr_parse(src, &a.src);
	vrrp_fsm_event(&f->vi, VRRP_EV_ADVERT, &a);
}

static void
test_timing_formulas(void **state)
{
	(void)state;
	/* v3, prio 100, 1 s: Skew = 156 * 100 / 256 cs = 609375 us. */
	assert_int_equal(vrrp_skew_time(3, 100, 100), 609375);
	assert_int_equal(vrrp_master_down_interval(3, 100, 100, 3), 3609375);
	/* v3 scales the skew with the interval; 10 ms, prio 200. */
	assert_int_equal(vrrp_skew_time(3, 200, 1), 56 * 10000 / 256);
	assert_int_equal(vrrp_master_down_interval(3, 200, 1, 3),
			 30000 + 56 * 10000 / 256);
	/* v2: Skew = (256 - prio) / 256 s whatever the interval. */
	assert_int_equal(vrrp_skew_time(2, 100, 300), 609375);
	assert_int_equal(vrrp_master_down_interval(2, 100, 300, 3), 9609375);
	/* down_timer_adverts: that many intervals, then the skew. */
	assert_int_equal(vrrp_master_down_interval(3, 100, 1, 5),
			 50000 + 156 * 10000 / 256);
	assert_int_equal(vrrp_master_down_interval(2, 100, 100, 1), 1609375);
	assert_int_equal(vrrp_effective_priority(100, -150), 1);
	assert_int_equal(vrrp_effective_priority(250, 10), 254);
	assert_int_equal(vrrp_effective_priority(255, -50), 255);
}

static void
test_startup_backup_then_master_down(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	/* §6.4.1: not the owner -> Backup, Master_Down_Timer armed. */
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->why[0], VRRP_WHY_STARTUP);
	assert_int_equal(f->nsent, 0);
	at(f, 3609374);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, 3609375);
	/* §6.4.2 Master_Down_Timer fires: advert, announce, Master. */
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_MASTER_DOWN);
	assert_int_equal(f->nsent, 1);
	assert_int_equal(f->sent[0], 100);
	assert_int_equal(f->own_up, 1);
	assert_int_equal(f->vi.stats.become_master, 1);
	/* §6.4.3 Adver_Timer: one advert per interval. */
	at(f, 3609375 + 1000000);
	at(f, 3609375 + 2000000);
	assert_int_equal(f->nsent, 3);
}

/* keepalived's `state BACKUP` on the owner: Backup first, Master when the
 * Master_Down_Timer fires (v3, 1 s: 3 s + skew 0 for priority 255). */
static void
test_owner_state_backup(void **state)
{
	struct fake *f = setup(3, 255, 100);

	(void)state;
	f->vi.conf.owner_starts_backup = true;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->own_up, 0);
	at(f, 3000000 + 10000);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->own_up, 1);
}

static void
test_owner_starts_master(void **state)
{
	struct fake *f = setup(3, 255, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_OWNER);
	assert_int_equal(f->sent[0], 255);
	assert_int_equal(f->own_up, 1);
}

static void
test_backup_follows_adverts(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	/* A master at 200 advertising every second keeps us Backup. */
	for (int i = 1; i <= 10; i++)
		advert(f, EV_SEC(i), 200, "10.0.0.1", 100);
	at(f, EV_SEC(10) + 3609374);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->vi.master_prio, 200);
	at(f, EV_SEC(10) + 3609375);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
}

static void
test_backup_adopts_master_interval(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert(f, 0, 200, "10.0.0.1", 50);
	assert_int_equal(f->vi.master_adver_int_cs, 50);
	/* 3 * 0.5 s + 156 * 50 / 256 cs */
	at(f, 1500000 + 304687 - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, 1500000 + 304687);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
}

static void
test_priority_zero_skew(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert(f, EV_SEC(1), 200, "10.0.0.1", 100);
	/* §6.4.2: priority 0 -> Master_Down_Timer = Skew_Time. */
	advert(f, EV_SEC(2), 0, "10.0.0.1", 100);
	at(f, EV_SEC(2) + 609374);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, EV_SEC(2) + 609375);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_PRIO_ZERO);
}

/* An advert read late by a busy loop: v3 at 10 ms, priority 100, the
 * master's last advert arrived at t = 1 s but was read 5 ms later. §6.4.2
 * resets the Master_Down_Timer on receipt: the takeover is due at the
 * arrival + 3 x 10 ms + Skew (6.09 ms), not 5 ms after that. */
static void
advert_read_late(struct fake *f, ev_time_t arrived, ev_time_t read,
		 uint8_t prio)
{
	struct vrrp_advert a = {.priority = prio, .adver_int_cs = 1};

	at(f, read);
	ipaddr_parse("10.0.0.1", &a.src);
	a.rx_at = EV_SEC(1000) + arrived;
	vrrp_fsm_event(&f->vi, VRRP_EV_ADVERT, &a);
}

static void
test_master_down_from_arrival(void **state)
{
	struct fake *f = setup(3, 100, 1);
	ev_time_t mdi = vrrp_master_down_interval(3, 100, 1, 3), t0 = 20000;

	(void)state;
	assert_int_equal(mdi, 36093);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert_read_late(f, t0, t0 + 5000, 200);
	at(f, t0 + mdi - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, t0 + mdi);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_MASTER_DOWN);

	/* Priority 0 read late: Skew_Time from its arrival too. */
	f = setup(3, 100, 1);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert_read_late(f, t0, t0, 200);
	advert_read_late(f, t0 + 10000, t0 + 12000, 0);
	at(f, t0 + 10000 + 6093 - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, t0 + 10000 + 6093);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_PRIO_ZERO);

	/* An arrival more than one interval back (a real clock that
	 * stepped) counts as one interval back, no more. */
	f = setup(3, 100, 1);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert_read_late(f, 0, t0, 200);
	at(f, t0 - 10000 + mdi - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, t0 - 10000 + mdi);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
}

/* down_timer_adverts 5 (keepalived's keyword): the backup waits five
 * intervals and the skew after the last advert, not three. */
static void
test_down_timer_adverts(void **state)
{
	struct fake *f = setup(3, 100, 1);
	ev_time_t t0 = 20000, mdi = 5 * 10000 + 6093;

	(void)state;
	f->vi.conf.down_timer_adverts = 5;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert_read_late(f, t0, t0, 200);
	at(f, t0 + mdi - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, t0 + mdi);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_MASTER_DOWN);
}

static void
test_preempt(void **state)
{
	struct fake *f = setup(3, 150, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	/* Lower adverts are discarded with preempt: we take over on time. */
	for (int i = 0; i < 3; i++)
		advert(f, EV_SEC(i), 100, "10.0.0.1", 100);
	at(f, vrrp_master_down_interval(3, 150, 100, 3));
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_PREEMPT);

	/* nopreempt: any advert resets the timer. */
	f = setup(3, 150, 100);
	f->vi.conf.preempt = false;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	for (int i = 0; i < 10; i++)
		advert(f, EV_SEC(i), 100, "10.0.0.1", 100);
	at(f, EV_SEC(9) + 3000000);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
}

/* §6.4.2: with preempt, an advert "greater than or equal to the local
 * Priority" resets the Master_Down_Timer: a Backup never takes over from a
 * Master at its own priority (only a Master breaks a tie, §6.4.3). */
static void
test_backup_equal_priority_keeps_master(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	assert_true(f->vi.conf.preempt);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	for (int i = 0; i < 10; i++)
		advert(f, EV_SEC(i), 100, "10.0.0.1", 100);
	at(f, EV_SEC(9) + vrrp_master_down_interval(3, 100, 100, 3) - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->vi.master_prio, 100);
	assert_int_equal(f->nchanged, 1); /* INIT -> BACKUP only */
	/* a higher source address changes nothing for a Backup either */
	advert(f, EV_SEC(10), 100, "10.0.0.9", 100);
	at(f, EV_SEC(10) + vrrp_master_down_interval(3, 100, 100, 3) - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
}

static void
test_preempt_delay(void **state)
{
	struct fake *f = setup(3, 150, 100);

	(void)state;
	f->vi.conf.preempt_delay_ms = 5000;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	/* Within 5 s of start-up lower adverts still count as a master. */
	for (int i = 0; i <= 4; i++)
		advert(f, EV_SEC(i), 100, "10.0.0.1", 100);
	at(f, EV_SEC(4) + 3000000);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	/* From 5 s on they are discarded: Master_Down_Interval after the
	 * last one accepted (at 4 s), Master. */
	advert(f, EV_SEC(5), 100, "10.0.0.1", 100);
	advert(f, EV_SEC(6), 100, "10.0.0.1", 100);
	at(f, EV_SEC(4) + vrrp_master_down_interval(3, 150, 100, 3) - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, EV_SEC(4) + vrrp_master_down_interval(3, 150, 100, 3));
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
}

static void
test_master_yields_and_tie_break(void **state)
{
	struct fake *f = setup(3, 255, 100);
	int before;

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	f->vi.prio = 100; /* as if tracking lowered it */
	/* A lower master right after we became MASTER (a preemption): our
	 * announcement is fresh, answer without re-announcing. */
	advert(f, EV_MSEC(10), 90, "10.0.0.1", 100);
	assert_int_equal(f->announced, 0);
	/* Equal priority, lower address, a while later (a split brain heals):
	 * we stay, answer and re-announce. */
	advert(f, EV_MSEC(1010), 100, "10.0.0.1", 100);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->announced, 1);
	assert_int_equal(f->why[f->nchanged - 1], VRRP_WHY_LOWER_MASTER);
	assert_int_equal(f->sent[f->nsent - 1], 100);
	/* Re-announce at most once per interval. */
	advert(f, EV_MSEC(1020), 100, "10.0.0.1", 100);
	assert_int_equal(f->announced, 1);
	advert(f, EV_MSEC(2020), 90, "10.0.0.1", 100);
	assert_int_equal(f->announced, 2);
	/* Equal priority, higher address: §6.4.3, become Backup -- after one
	 * last advert at our priority, so a winner that missed us hears it. */
	before = f->nsent;
	advert(f, EV_MSEC(2030), 100, "10.0.0.3", 100);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->vi.why, VRRP_WHY_HIGHER_PRIO);
	assert_int_equal(f->own_down, 1);
	assert_int_equal(f->nsent, before + 1);
	assert_int_equal(f->sent[f->nsent - 1], 100);
	/* It did not resign: the new master is already there. */
	assert_int_equal(f->vi.stats.priority_zero_pkts_sent, 0);
}

/* lower_prio_no_advert: a lower master is not answered with an advert
 * (RFC 5798 §6.4.3 discards it), but still re-announced to; a resigning
 * one is answered all the same. higher_prio_send_advert off: a MASTER
 * yields to a higher one without a last advert. */
static void
test_answers_to_other_masters(void **state)
{
	struct fake *f = setup(3, 150, 100);
	int before;

	(void)state;
	f->vi.conf.lower_prio_no_advert = true;
	f->vi.conf.higher_prio_send_advert = false;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	at(f, vrrp_master_down_interval(3, 150, 100, 3));
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	at(f, EV_SEC(10));
	before = f->nsent;
	advert(f, EV_SEC(10), 100, "10.0.0.1", 100);
	assert_int_equal(f->nsent, before);
	assert_int_equal(f->announced, 1);
	assert_int_equal(f->why[f->nchanged - 1], VRRP_WHY_LOWER_MASTER);
	at(f, EV_SEC(12));
	before = f->nsent;
	advert(f, EV_SEC(12), 0, "10.0.0.1", 100);
	assert_int_equal(f->nsent, before + 1);
	before = f->nsent;
	advert(f, EV_SEC(12) + 1, 200, "10.0.0.3", 100);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->nsent, before);
}

/* vrrp_startup_delay: an instance listens as BACKUP but takes over only
 * when the hold is over, an address owner too; a master heard during the
 * hold is followed. */
static void
test_startup_hold(void **state)
{
	struct fake *f = setup(3, 255, 100);

	(void)state;
	f->vi.hold_master_until = f->now + EV_SEC(5);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, EV_SEC(4));
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->nsent, 0);
	at(f, EV_SEC(5));
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	f = setup(3, 150, 100);
	f->vi.hold_master_until = f->now + EV_SEC(5);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	for (int i = 1; i <= 5; i++)
		advert(f, EV_SEC(i), 200, "10.0.0.1", 100);
	at(f, EV_SEC(5) + 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	/* the master went quiet at 5 s: Master_Down_Interval later */
	at(f, EV_SEC(5) + vrrp_master_down_interval(3, 150, 100, 3) - 1);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	at(f, EV_SEC(5) + vrrp_master_down_interval(3, 150, 100, 3));
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
}

static void
test_master_answers_priority_zero(void **state)
{
	struct fake *f = setup(3, 255, 100);
	int before;

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	before = f->nsent;
	advert(f, EV_MSEC(300), 0, "10.0.0.1", 100);
	assert_int_equal(f->nsent, before + 1);
	/* Fresh from becoming MASTER: no re-announcement. */
	assert_int_equal(f->announced, 0);
	/* and the Adver_Timer restarted from now */
	at(f, EV_MSEC(1299));
	assert_int_equal(f->nsent, before + 1);
	at(f, EV_MSEC(1300));
	assert_int_equal(f->nsent, before + 2);
	/* Later, another master resigning means there were two: re-announce. */
	advert(f, EV_MSEC(5000), 0, "10.0.0.1", 100);
	assert_int_equal(f->announced, 1);
	/* not a lower master: no MASTER_RX_LOWER_PRI for it */
	assert_int_equal(f->why[f->nchanged - 1], VRRP_WHY_SPLIT_BRAIN);
}

static void
test_shutdown_sends_priority_zero(void **state)
{
	struct fake *f = setup(2, 255, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	vrrp_fsm_event(&f->vi, VRRP_EV_SHUTDOWN, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_INIT);
	assert_int_equal(f->sent[f->nsent - 1], 0);
	assert_int_equal(f->vi.stats.priority_zero_pkts_sent, 1);
	assert_int_equal(f->own_down, 1);
	assert_int_equal(ev_timer_count(f->loop), 0);
	/* A Backup just stops. */
	f = setup(2, 100, 100);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	vrrp_fsm_event(&f->vi, VRRP_EV_SHUTDOWN, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_INIT);
	assert_int_equal(f->nsent, 0);
}

static void
test_fault_and_recovery(void **state)
{
	struct fake *f = setup(3, 255, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	f->vi.faults = 1;
	vrrp_fsm_event(&f->vi, VRRP_EV_FAULT, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_FAULT);
	assert_int_equal(f->sent[f->nsent - 1], 0);
	assert_int_equal(f->own_down, 1);
	/* Adverts do nothing in FAULT. */
	advert(f, EV_SEC(1), 10, "10.0.0.1", 100);
	assert_int_equal(f->vi.state, VRRP_STATE_FAULT);
	f->vi.faults = 0;
	vrrp_fsm_event(&f->vi, VRRP_EV_FAULT_CLEAR, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER); /* owner */
	assert_int_equal(f->vi.why, VRRP_WHY_FAULT_CLEARED);

	/* Starting with a fault goes straight to FAULT. */
	f = setup(3, 100, 100);
	f->vi.faults = 1;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_FAULT);
	f->vi.faults = 0;
	vrrp_fsm_event(&f->vi, VRRP_EV_FAULT_CLEAR, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
}

static void
test_priority_change(void **state)
{
	struct fake *f = setup(3, 255, 100);
	int before;

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	before = f->nsent;
	f->vi.prio = 90;
	vrrp_fsm_event(&f->vi, VRRP_EV_PRIORITY, NULL);
	assert_int_equal(f->nsent, before + 1);
	assert_int_equal(f->sent[f->nsent - 1], 90);
	/* A backup whose priority rises to 255 takes over at once. */
	f = setup(3, 100, 100);
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	f->vi.prio = 255;
	vrrp_fsm_event(&f->vi, VRRP_EV_PRIORITY, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
}

static void
test_admin_force(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	advert(f, 0, 200, "10.0.0.1", 100);
	f->vi.forced = VRRP_STATE_MASTER;
	vrrp_fsm_event(&f->vi, VRRP_EV_FORCE, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_ADMIN);
	assert_int_equal(f->vi.forced, VRRP_STATE_INIT); /* one-shot */
	/* Forced BACKUP resigns and holds, whatever the timers say. */
	f->vi.forced = VRRP_STATE_BACKUP;
	vrrp_fsm_event(&f->vi, VRRP_EV_FORCE, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->sent[f->nsent - 1], 0);
	at(f, EV_SEC(30));
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	/* Forced FAULT, then cleared. */
	f->vi.forced = VRRP_STATE_FAULT;
	vrrp_fsm_event(&f->vi, VRRP_EV_FORCE, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_FAULT);
	f->vi.forced = VRRP_STATE_INIT;
	vrrp_fsm_event(&f->vi, VRRP_EV_FORCE, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
}

static void
test_sync_events(void **state)
{
	struct fake *f = setup(3, 100, 100);

	(void)state;
	vrrp_fsm_event(&f->vi, VRRP_EV_STARTUP, NULL);
	vrrp_fsm_event(&f->vi, VRRP_EV_SYNC_MASTER, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_MASTER);
	assert_int_equal(f->vi.why, VRRP_WHY_SYNC_GROUP);
	vrrp_fsm_event(&f->vi, VRRP_EV_SYNC_BACKUP, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_int_equal(f->sent[f->nsent - 1], 0);
	/* Events a state has no handler for change nothing. */
	vrrp_fsm_event(&f->vi, VRRP_EV_ADVER_TIMER, NULL);
	vrrp_fsm_event(&f->vi, VRRP_EV_FAULT_CLEAR, NULL);
	assert_int_equal(f->vi.state, VRRP_STATE_BACKUP);
	assert_string_equal(vrrp_state_str(VRRP_STATE_FAULT), "FAULT");
	assert_string_equal(vrrp_reason_str(VRRP_WHY_PRIO_ZERO),
			    "master-resigned");
	vrrp_fsm_cancel(&f->vi);
	ev_loop_free(f->loop);
	f->loop = NULL;
}

/* One table of state names: INIT by use, and a parser of each form. */
static void
test_state_names(void **state)
{
	enum vrrp_state s = VRRP_STATE_FAULT;

	(void)state;
	assert_string_equal(vrrp_state_str(VRRP_STATE_INIT), "INIT");
	assert_string_equal(vrrp_state_name(VRRP_STATE_INIT, VRRP_INIT_AS_STOP),
			    "STOP");
	assert_string_equal(vrrp_state_name(VRRP_STATE_INIT, VRRP_INIT_AS_NONE),
			    "NONE");
	assert_string_equal(
		vrrp_state_name(VRRP_STATE_MASTER, VRRP_INIT_AS_STOP),
		"MASTER");
	assert_string_equal(vrrp_state_str(VRRP_STATE_BACKUP), "BACKUP");
	assert_string_equal(vrrp_state_str(VRRP_STATE_MAX), "?");
	for (int i = 0; i < VRRP_STATE_MAX; i++)
		for (int as = 0; as < VRRP_INIT_AS_MAX; as++) {
			assert_int_equal(
				vrrp_state_parse(vrrp_state_name(i, as), as,
						 &s),
				0);
			assert_int_equal(s, i);
		}
	assert_int_equal(vrrp_state_parse("master", VRRP_INIT_AS_NONE, &s), 0);
	assert_int_equal(s, VRRP_STATE_MASTER);
	assert_int_equal(vrrp_state_parse("none", VRRP_INIT_AS_NONE, &s), 0);
	assert_int_equal(s, VRRP_STATE_INIT);
	/* INIT goes by the one name its use gives it. */
	assert_int_equal(vrrp_state_parse("INIT", VRRP_INIT_AS_NONE, &s), -1);
	assert_int_equal(vrrp_state_parse("STOP", VRRP_INIT_AS_INIT, &s), -1);
	assert_int_equal(vrrp_state_parse("MASTERX", VRRP_INIT_AS_INIT, &s),
			 -1);
	assert_int_equal(vrrp_state_parse(NULL, VRRP_INIT_AS_INIT, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timing_formulas),
		cmocka_unit_test(test_startup_backup_then_master_down),
		cmocka_unit_test(test_master_down_from_arrival),
		cmocka_unit_test(test_down_timer_adverts),
		cmocka_unit_test(test_owner_starts_master),
		cmocka_unit_test(test_owner_state_backup),
		cmocka_unit_test(test_backup_follows_adverts),
		cmocka_unit_test(test_backup_adopts_master_interval),
		cmocka_unit_test(test_priority_zero_skew),
		cmocka_unit_test(test_preempt),
		cmocka_unit_test(test_backup_equal_priority_keeps_master),
		cmocka_unit_test(test_preempt_delay),
		cmocka_unit_test(test_master_yields_and_tie_break),
		cmocka_unit_test(test_master_answers_priority_zero),
		cmocka_unit_test(test_answers_to_other_masters),
		cmocka_unit_test(test_startup_hold),
		cmocka_unit_test(test_shutdown_sends_priority_zero),
		cmocka_unit_test(test_fault_and_recovery),
		cmocka_unit_test(test_priority_change),
		cmocka_unit_test(test_admin_force),
		cmocka_unit_test(test_sync_events),
		cmocka_unit_test(test_state_names),
	};

	log_init("vrrp_fsm_test", LOG_DAEMON, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
