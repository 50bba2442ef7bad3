/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VRRP engine: VRRPv2/v3 instances on one event loop, owning their
 * virtual addresses, routes and rules while MASTER.
 *
 *   e = vrrp_engine_new(loop, cfg, &hooks, err, sizeof(err));
 *   vrrp_engine_start(e);             instances start (BACKUP, or MASTER
 *                                     for an address owner)
 *   vrrp_engine_reload(e, newcfg...)  unchanged instances keep state and
 *                                     addresses; changed ones are updated
 *                                     in place where possible
 *   vrrp_engine_status(e)             json-c object (caller puts it)
 *   vrrp_engine_force(e, "VI_1", st)  admin override (INIT clears it)
 *   vrrp_engine_stop(e)               graceful: priority 0, addresses gone
 *   vrrp_engine_free(e)
 *
 * The engine runs no process itself: notify scripts and vrrp_scripts go out
 * through hooks.run_script with an id, and their end comes back through
 * vrrp_engine_script_done(). In vigild the parent runs them (IPC
 * SCRIPT_RUN / SCRIPT_DONE); the test driver forks them itself.
 */
#ifndef VIGIL_VRRP_H
#define VIGIL_VRRP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "vrrp/vrrp_conf.h"
#include "vrrp/vrrp_instance.h"

struct json_object;
struct vrrp_engine;

/* One transition of an instance or a sync group, as it happened. */
struct vrrp_transition {
	bool group;
	const char *name;
	enum vrrp_state state; /* INIT after a stop: notify says STOP */
	enum vrrp_state from;
	enum vrrp_reason why;
	int priority;
	struct ipaddr master; /* who is master now, if known */
	bool smtp_alert;
	/* stopped by a reload that removed it, with notify_deleted: notify
	 * and the FIFOs say DELETED instead of STOP */
	bool deleted;
};

/* An address an instance holds (a VIP it added), for the `owned` hook. */
struct vrrp_held_addr {
	int ifindex;
	struct ipaddr addr;
	uint8_t plen;
};

enum vrrp_script_result {
	VRRP_SCRIPT_EXITED = 0, /* status is waitpid()'s */
	VRRP_SCRIPT_TIMEOUT,
	VRRP_SCRIPT_FAILED, /* could not be started */
};

struct vrrp_engine_hooks {
	/* Every transition, in order, one at a time per instance. */
	void (*transition)(void *arg, const struct vrrp_transition *ev);
	/* Start cmd and later call vrrp_engine_script_done(id). -1 if it
	 * cannot be started (the engine treats that as a failed run). */
	int (*run_script)(void *arg, uint64_t id, const char *cmd,
			  uint32_t timeout_ms);
	/* Optional: every address the instances hold, after each change of
	 * them (vrrp_owned_report.c). */
	void (*owned)(void *arg, const struct vrrp_held_addr *a, size_t n);
	/* Optional: an instance with notify_priority_changes has a new
	 * effective priority (before the state machine acts on it). */
	void (*priority)(void *arg, const char *instance, enum vrrp_state st,
			 int priority);
	void *arg;
};

struct vrrp_engine *vrrp_engine_new(struct ev_loop *loop,
				    const struct vrrp_config *cfg,
				    const struct vrrp_engine_hooks *hooks,
				    char *err, size_t errlen);
int vrrp_engine_start(struct vrrp_engine *e);
void vrrp_engine_stop(struct vrrp_engine *e);
void vrrp_engine_free(struct vrrp_engine *e);
int vrrp_engine_reload(struct vrrp_engine *e, const struct vrrp_config *cfg,
		       char *err, size_t errlen);
struct json_object *vrrp_engine_status(struct vrrp_engine *e);
/* MASTER: take over now (one-shot); BACKUP/FAULT: hold; INIT: release. */
int vrrp_engine_force(struct vrrp_engine *e, const char *instance,
		      enum vrrp_state st);
void vrrp_engine_script_done(struct vrrp_engine *e, uint64_t id,
			     enum vrrp_script_result r, int status);
/* A bfd_instance's session is up or not (the bfd child's BFD_STATE, as
 * the parent relays it): track_bfd's trackers follow. */
void vrrp_engine_bfd_state(struct vrrp_engine *e, const char *name, bool up);
/* No script run outstanding (a stopping process may wait for this). */
bool vrrp_engine_idle(const struct vrrp_engine *e);

/* keepalived's vrrp_rt_priority, vrrp_rlimit_rttime and vrrp_no_swap for
 * this process: SCHED_RR at prio (0: unchanged) with RLIMIT_RTTIME of
 * rttime_us (0: unchanged), mlockall(). -1 with errno. */
int vrrp_realtime(int prio, uint32_t rttime_us, bool lock_memory);

/*
 * max_auto_priority / min_auto_priority_delay: a probe timer that finds
 * itself min_delay late (the child was not scheduled) moves the process to
 * SCHED_RR at its lowest priority, then one higher each time, up to max
 * (the process keeps CAP_SYS_NICE for it).
 */
struct vrrp_autoprio {
	struct ev_loop *loop;
	struct ev_timer timer;
	ev_time_t period, due, min_delay;
	uint32_t rttime_us;
	int max, cur;
};
int vrrp_autoprio_start(struct vrrp_autoprio *ap, struct ev_loop *loop, int max,
			uint32_t min_delay_us, uint32_t rttime_us, int cur);
void vrrp_autoprio_stop(struct vrrp_autoprio *ap);
/* The SCHED_RR priority after cur (0: none yet) for a max; 0 if none. */
int vrrp_autoprio_next(int cur, int max);

#endif
