// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What keepalived's vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap and
 * max_auto_priority ask of the kernel: round-robin real-time scheduling so
 * adverts go out on time under CPU load (from the start, or once the child
 * finds itself running late), a bound on the CPU time it may then take
 * without blocking, and locked memory so a page-in never delays them.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

#include "core/runtime/log.h"
#include "core/runtime/sandbox.h"
#include "vrrp/vrrp.h"

/* The runtime applies the same settings to every child it spawns
 * (core/runtime/child.c); here they are applied later: by the probe
 * below (the child kept CAP_SYS_NICE for it), and by the vrrptest
 * driver, which no runtime spawns. */
int
vrrp_realtime(int prio, uint32_t rttime_us, bool lock_memory)
{
	struct child_procset p = {.no_swap = lock_memory};

	if (prio > 0 && sandbox_rt_raise(prio, rttime_us) < 0)
		return -1;
	return sandbox_procset_limits(&p);
}

int
vrrp_autoprio_next(int cur, int max)
{
	int min = sched_get_priority_min(SCHED_RR);

	if (max <= 0)
		return 0;
	if (cur <= 0)
		return min > 0 ? min : 1;
	return cur < max ? cur + 1 : 0;
}

static void
probe(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_autoprio *ap = arg;
	ev_time_t now = ev_now(loop), late = now - ap->due;
	int next;

	(void)t;
	if (late >= ap->min_delay &&
	    (next = vrrp_autoprio_next(ap->cur, ap->max)) > 0) {
		if (vrrp_realtime(next, ap->rttime_us, false) == 0) {
			log_notice("vrrp scheduler=SCHED_RR priority=%d "
				   "late_us=%lld "
				   "max_auto_priority=%d",
				   next, (long long)late, ap->max);
			ap->cur = next;
		} else {
			log_warn("vrrp scheduler=SCHED_RR priority=%d error=%s",
				 next, strerror(errno));
		}
	}
	ap->due = now + ap->period;
	ev_timer_start(loop, &ap->timer, ap->period);
}

int
vrrp_autoprio_start(struct vrrp_autoprio *ap, struct ev_loop *loop, int max,
		    uint32_t min_delay_us, uint32_t rttime_us, int cur)
{
	*ap = (struct vrrp_autoprio){.loop = loop,
				     .max = max,
				     .cur = cur,
				     .rttime_us = rttime_us,
				     .min_delay = min_delay_us};
	if (max <= 0)
		return 0;
	/* A late probe shows the delay less its period. */
	ap->period = ap->min_delay / 2;
	if (ap->period < EV_MSEC(10))
		ap->period = EV_MSEC(10);
	if (ap->period > EV_MSEC(500))
		ap->period = EV_MSEC(500);
	ev_timer_init(&ap->timer, probe, ap);
	ap->due = ev_now(loop) + ap->period;
	return ev_timer_start(loop, &ap->timer, ap->period);
}

void
vrrp_autoprio_stop(struct vrrp_autoprio *ap)
{
	if (ap->max > 0 && ap->loop)
		ev_timer_stop(ap->loop, &ap->timer);
}
