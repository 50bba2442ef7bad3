/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracked objects. A kind is one file ending in one ops struct, listed once
 * in the registry (vrrp/track_registry.c):
 *   track_script.c  vrrp_script: a command's exit status, rise/fall
 *   track_file.c    vrrp_track_file: a number in a file times a weight
 *   track_process.c vrrp_track_process: processes by name in /proc
 *   track_iface.c   track_interface: link down -> FAULT, or a weight
 *   track_bfd.c     bfd_instance: a BFD session's state from the bfd child
 * The engine drives the registry and knows no kind by name. A tracker is
 * given an environment (the loop, script runs, link events) and a report
 * callback; it only reports (up, value). What that does to each instance
 * is vrrp_track_contrib()'s, and the engine's.
 */
#ifndef VIGIL_VRRP_TRACK_H
#define VIGIL_VRRP_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_conf.h"

struct vrrp_tracker;

/* The end of a run: how it ended, and waitpid()'s status if it exited. */
typedef void (*vrrp_track_run_done_fn)(void *arg, enum vrrp_script_result r,
				       int status);

/* A subscription to link changes; ifname NULL: events were lost, re-read
 * every link of interest. up = IFF_UP and IFF_RUNNING, false once gone. */
struct vrrp_link_watch {
	void (*fn)(struct vrrp_link_watch *w, const char *ifname, bool up);
	void *arg;
	struct vrrp_link_watch *next; /* the owner's */
};

/* A subscription to BFD session states (track_bfd). */
struct vrrp_bfd_watch {
	void (*fn)(struct vrrp_bfd_watch *w, const char *name, bool up);
	void *arg;
	struct vrrp_bfd_watch *next; /* the owner's */
};

/* The last state heard of a BFD session. */
struct vrrp_bfd_known {
	char name[VRRP_NAME_MAX];
	bool up;
};

/* What the owner gives its trackers. */
struct vrrp_track_env {
	struct ev_loop *loop;
	/*
	 * Run cmd (in vigild the parent does) within timeout_ms; done(arg)
	 * is called exactly once unless the run is cancelled. Returns the
	 * run's handle for cancel(), or 0 when the run is already over: it
	 * could not be started, and done() has been called (a failed run).
	 */
	uint64_t (*run)(void *env_arg, const char *cmd, uint32_t timeout_ms,
			vrrp_track_run_done_fn done, void *arg);
	void (*cancel)(void *env_arg, uint64_t handle);
	/* Start (on) or stop delivering link changes to w. */
	void (*watch_links)(void *env_arg, struct vrrp_link_watch *w, bool on);
	/* Start (on) or stop delivering BFD session states to w; *up is
	 * the session's last state (false when none was heard yet). */
	void (*watch_bfd)(void *env_arg, struct vrrp_bfd_watch *w, bool on,
			  const char *name, bool *up);
	void *env_arg;
};

/* One object of a kind as a config defines it. */
struct vrrp_track_def {
	const char *name;
	const void *conf; /* ops->conf_size bytes, the kind's config */
	int32_t weight;	  /* the object's own weight */
	bool reverse;
};

struct vrrp_track_ops {
	const char *kind;
	bool is_value;	  /* contributes value * weight (track_file) */
	size_t conf_size; /* copied into the tracker, compared on reload */
	size_t priv_size; /* the kind's state: zeroed at start, freed after
			   * stop */
	/* The i-th object of this kind the config defines; false past the
	 * last. Objects with one name are one tracker. */
	bool (*def)(const struct vrrp_config *c, size_t i,
		    struct vrrp_track_def *d);
	/* An instance's references to objects of this kind. */
	const struct vrrp_track_ref *(*refs)(const struct vrrp_instance_conf *c,
					     size_t *n);
	/* Set the first result in t->up / t->value (no report) and start
	 * watching; -1 with errno. stop() ends every watch and run. */
	int (*start)(struct vrrp_tracker *t);
	void (*stop)(struct vrrp_tracker *t);
};

typedef void (*vrrp_track_report_fn)(struct vrrp_tracker *t, bool up,
				     int64_t value);

struct vrrp_tracker {
	const struct vrrp_track_ops *ops;
	const struct vrrp_track_env *env;
	vrrp_track_report_fn report; /* a new result; set by the owner */
	void *owner;
	char name[VRRP_NAME_MAX];
	const void *conf; /* the kind's config (ops->conf_size bytes) */
	bool up;
	int64_t value;
	int32_t weight; /* the object's own weight */
	bool reverse;
	bool started;
	void *priv; /* ops->priv_size bytes while started */
};

/* The kinds, in the order the engine builds (and shows) their trackers;
 * NULL-terminated. */
extern const struct vrrp_track_ops *const vrrp_track_registry[];

extern const struct vrrp_track_ops vrrp_track_iface_ops;
extern const struct vrrp_track_ops vrrp_track_file_ops;
extern const struct vrrp_track_ops vrrp_track_process_ops;
extern const struct vrrp_track_ops vrrp_track_script_ops;
extern const struct vrrp_track_ops vrrp_track_bfd_ops;

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

#endif
