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
#include <signal.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/resource.h>

#include "core/runtime/log.h"
#include "vrrp/vrrp.h"

/* RLIMIT_RTTIME: past it the kernel kills a real-time task that does not
 * block (a runaway loop cannot starve the host); SIGXCPU at the soft
 * limit is not wanted, only the hard one. */
static int
rttime(uint32_t usec)
{
	struct rlimit rl = {.rlim_cur = usec, .rlim_max = usec};

	if (!usec)
		return 0;
	signal(SIGXCPU, SIG_IGN);
	return setrlimit(RLIMIT_RTTIME, &rl);
}

int
vrrp_realtime(int prio, uint32_t rttime_us, bool lock_memory)
{
	if (prio > 0) {
		struct sched_param sp = {.sched_priority = prio};

		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) <
			    0 ||
		    rttime(rttime_us) < 0)
			return -1;
	}
	if (lock_memory && mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		return -1;
	return 0;
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
