/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracked objects, one ops struct per kind in its own file:
 *   track_iface.c   track_interface: link down -> FAULT, or a weight
 *   track_file.c    vrrp_track_file: a number in a file times a weight
 *   track_process.c vrrp_track_process: processes by name in /proc
 *   track_script.c  vrrp_script: a command's exit status, rise/fall
 * A tracker only reports (up, value) through vrrp_tracker_report(); what
 * that does to each instance is vrrp_track_contrib()'s, and the engine's.
 */
#ifndef VIGIL_VRRP_TRACK_H
#define VIGIL_VRRP_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "vrrp/vrrp_conf.h"

struct vrrp_engine;
struct vrrp_tracker;

struct vrrp_track_ops {
	const char *kind;
	bool is_value; /* contributes value * weight (track_file) */
	int (*start)(struct vrrp_tracker *t);
	void (*stop)(struct vrrp_tracker *t);
};

extern const struct vrrp_track_ops vrrp_track_iface_ops;
extern const struct vrrp_track_ops vrrp_track_file_ops;
extern const struct vrrp_track_ops vrrp_track_process_ops;
extern const struct vrrp_track_ops vrrp_track_script_ops;

struct vrrp_tracker {
	const struct vrrp_track_ops *ops;
	struct vrrp_engine *eng;
	struct ev_loop *loop;
	char name[VRRP_NAME_MAX];
	bool up;
	int64_t value;
	int32_t weight; /* the object's own weight */
	bool reverse;
	union {
		char ifname[IFNAMSIZ];
		struct vrrp_script_conf script;
		struct vrrp_file_conf file;
		struct vrrp_process_conf proc;
	} conf;
	void *priv; /* the kind's state */
};

/* A tracker's new result; logs a change and has the engine re-evaluate. */
void vrrp_tracker_report(struct vrrp_tracker *t, bool up, int64_t value);

/*
 * What t adds to an instance's priority through ref, or *fault when it puts
 * the instance in FAULT. keepalived's rules:
 *  weight 0: down (file: non-zero value) is a fault;
 *  weight > 0: added while up; weight < 0: added while down;
 *  file: value * weight, a fault at -254 or below;
 *  reverse: the adjustment goes the other way (a positive weight is
 *  taken off while up, a negative one given while down; weight 0 reverse
 *  is a fault while up).
 */
int32_t vrrp_track_contrib(const struct vrrp_tracker *t,
			   const struct vrrp_track_ref *ref, bool *fault);

/* track_script: the engine hands back a run's end. */
void vrrp_track_script_done(struct vrrp_tracker *t, bool ok);
/* track_interface: the engine passes link events on. */
void vrrp_track_iface_link(struct vrrp_tracker *t, bool up);

#endif
