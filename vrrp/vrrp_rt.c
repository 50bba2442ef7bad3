// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What keepalived's vrrp_rt_priority and vrrp_no_swap ask of the kernel:
 * round-robin real-time scheduling so adverts go out on time under CPU
 * load, and locked memory so a page-in never delays them.
 */
#include "config.h"

#include <sched.h>
#include <sys/mman.h>

#include "vrrp/vrrp.h"

int
vrrp_realtime(int prio, bool lock_memory)
{
	if (prio > 0) {
		struct sched_param sp = {.sched_priority = prio};

		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) <
		    0)
			return -1;
	}
	if (lock_memory && mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		return -1;
	return 0;
}
