/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigild, the parent: its command line, its context and the pieces that
 * share it (supervisor.c, reload.c, status.c, query.c, dump.c, control.c,
 * script.c).
 * See vigild(8).
 */
#ifndef VIGIL_CORE_VIGILD_H
#define VIGIL_CORE_VIGILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/parent/alert.h"
#include "core/parent/backoff.h"
#include "core/parent/notify_systemd.h"
#include "core/runtime/event.h"
#include "core/runtime/ipc.h"
#include "core/runtime/log.h"
#include "core/runtime/snapshot.h"

struct json_object;
struct query;
struct conf;
struct vigild_child; /* core/parent/children.h */

#define VIGIL_DEFAULT_CONF "/etc/vigil/vigil.conf"
#define VIGIL_KEEPALIVED_CONF "/etc/keepalived/keepalived.conf"
#define VIGIL_RUNTIME_DIR "/run/vigil"
/* VRRP states the parent keeps for children that start later. */
#define VIGILD_VRRP_KEEP 256
#define VIGILD_BFD_KEEP 256
/* Config diagnostics a load or reload logs (and `vigild -t` prints without
 * --all-errors); one more line counts the rest. */
#define VIGILD_DIAGS_SHOWN 20

/* The daemon's exit status, keepalived's (its enum exit_code; systemd's
 * LSB meanings): vigild(8), "EXIT STATUS". */
#define VIGILD_EXIT_FATAL 1		 /* cannot run, other cause */
#define VIGILD_EXIT_CONFIG 2		 /* the config cannot run */
#define VIGILD_EXIT_MISSING_PERMISSION 4 /* not allowed (pid file) */
#define VIGILD_EXIT_NO_CONFIG 6		 /* the config file unreadable */

struct vigild_opts {
	const char *conf_file; /* NULL until vigild_default_conf() */
	bool dont_fork;
	unsigned log_flags; /* LOG_F_* */
	int log_facility;
	bool test;	       /* -t */
	const char *config_id; /* -i */
	enum vigil_proc only;  /* -P, -C...: PROC_PARENT for every child */
	uint32_t skip;	       /* -B...: 1 << proc of each child not to run */
	const char *pid_file;
	const char *child_pid_file[PROC_MAX]; /* -r, -c...; NULL: default */
	bool strict;
	bool all_errors; /* -t prints every diagnostic */
	const char *runtime_dir;
	bool runtime_dir_given;	    /* --runtime-dir */
	const char *control_socket; /* --control-socket; NULL: not given */
	/* one vigild among several (instance.c): net_namespace (or -s) and
	 * instance, as in force since the start; the default control socket
	 * and the syslog ident they give */
	const char *netns, *instance;
	bool netns_given;	/* -s */
	const char *netns_ipvs; /* the config's net_namespace_ipvs (-t) */
	const char *default_socket;
	const char *ident;
	const char *debug;
	enum vigil_proc child; /* --child: PROC_PARENT if not a child */
	int ipc_fd;
};

enum vigild_args_result {
	ARGS_RUN = 0,
	ARGS_VERSION,
	ARGS_HELP,
	ARGS_ERROR,
};

/* Parse argv (getopt_long; resets optind). err gets a message on
 * ARGS_ERROR. */
enum vigild_args_result vigild_parse_args(int argc, char **argv,
					  struct vigild_opts *o, char *err,
					  size_t errlen);
/* -f if given; else vigil.conf, or keepalived.conf if only that exists. */
const char *vigild_default_conf(int (*exists)(const char *path));
void vigild_usage(FILE *out);

/* ---- the parent's context ---- */

struct vigild;
struct control;
struct scripts;

/* owned.c: addresses a child holds for the network (IPC_OWNED) */
struct owned_set {
	struct ipc_owned_addr *v;
	size_t n, cap;
};

struct vchild {
	struct vigild *d;
	const struct vigild_child *row; /* its row in the children table */
	enum vigil_proc proc;
	bool wanted; /* the config (and -P/-C) asks for it */
	pid_t pid;   /* 0: not running */
	bool ready;
	bool stopping; /* SHUTDOWN sent or SIGKILLed on purpose */
	uint64_t gen;  /* config generation it runs */
	uint32_t incarnation;
	ev_time_t spawned, last_pong, last_ping;
	ev_time_t ping_out; /* the oldest unanswered ping; 0: none */
	uint64_t ping_seq;
	unsigned restarts;
	/* watchdog.c: its ping interval and hung timeout; declared hung
	 * (SIGKILLed, not dead yet), and how many times */
	ev_time_t wd_interval, wd_timeout;
	bool hung;
	unsigned hangs;
	/* owned.c: the set it last told, the one being told, bad messages */
	struct owned_set owned, owned_next;
	bool owned_building;
	unsigned owned_bad;
	/* supervisor.c: reloads sent and not done yet, and the real-time
	 * priority the child had before them (it reloads SCHED_OTHER) */
	unsigned reloads_out;
	int rt_paused;
	struct ipc_conn *ipc;
	struct ev_child watch;
	struct ev_timer respawn, kill;
	struct backoff bo;
	char pid_file[256];
	/* messages its row does not allow: dropped, counted, logged once */
	uint64_t rejected[IPC_TYPE_MAX];
	uint64_t rejected_logged; /* CHILD_MSG() set of the types logged */
};

struct reload_result {
	bool ok;
	char when[32];
	unsigned nerrors;
	char *errors; /* JSON array text of the diagnostics, malloc'd */
};

struct vigild {
	struct ev_loop *loop;
	const struct vigild_opts *o;
	/* the config in force */
	struct conf *conf;
	/* the one before the last reload: the notify scripts of instances
	 * that reload removed (STOP, DELETED) may still run */
	struct conf *prev_conf;
	int snap_fd;
	uint8_t hash[SNAPSHOT_HASH_LEN];
	uint64_t gen;
	ev_time_t started;
	uint64_t reloads, reloads_failed;
	struct reload_result last;
	bool shutting_down;
	int exit_status;
	struct vchild ch[PROC_MAX]; /* by proc; only the table's rows used */
	/* the last VRRP_STATE of each instance and sync group, replayed to
	 * a child that becomes ready (a restarted one missed them) */
	struct ipc_vrrp_state_msg vrrp_last[VIGILD_VRRP_KEEP];
	size_t nvrrp_last;
	/* The last BFD_STATE of each bfd_instance, for children that
	 * become ready later (a respawned vrrp child). */
	struct ipc_bfd_state_msg bfd_last[VIGILD_BFD_KEEP];
	size_t nbfd_last;
	struct ev_timer watchdog;
	ev_time_t wd_interval, wd_timeout; /* vigil_watchdog_* */
	ev_time_t wd_due;		   /* when the tick should come */
	uint64_t wd_stalls;		   /* ticks that came late */
	ev_time_t wd_stalled;		   /* by so much in all */
	struct ev_signal sig[6];
	struct control *ctl;
	struct scripts *scripts;
	struct alerts *alerts;
	struct query *queries; /* pending QUERY requests */
	uint32_t next_req;
	bool dumping[2];
	void *services[4];	  /* VIGILD_MAX_SERVICES states (services.h) */
	struct notify_systemd sd; /* Type=notify (notify_systemd.c) */
	/* script_global.c: startup_script holds the children back until it
	 * ends; the startup or shutdown script running */
	bool holding;
	struct global_script *global_script;
};

/* children.c: the child of row i of the table of children. */
struct vchild *vigild_child(struct vigild *d, size_t i);

/* supervisor.c */
int vigild_run(const struct vigild_opts *o);
void super_sync_children(struct vigild *d);
void super_child_msg(struct vchild *ch, const struct ipc_msg *m);
int super_send(struct vchild *ch, enum ipc_type t, const void *p, size_t len,
	       int fd);
ev_time_t super_uptime(struct vigild *d);
void super_send_snapshot(struct vchild *ch);

/* watchdog.c: each child's times from the config in force; the tick. */
void watchdog_configure(struct vigild *d);
void watchdog_start(struct vigild *d);
void watchdog_tick(struct ev_loop *loop, struct ev_timer *t, void *arg);

/* owned.c: a child's OWNED message; deleting what it holds (a hung
 * child); freeing the sets. */
void owned_msg(struct vchild *ch, const struct ipc_owned *m);
void owned_release(struct vchild *ch);
void owned_free(struct vchild *ch);

/* reload.c */
/* Load the config files; 0 and the new config in force, or -1 and the old
 * one kept (errors logged and kept for `vigilctl status`). */
/* Load the config file: the first time, or a reload, which keeps the
 * config in force if the new one is invalid, or has no object at all
 * while the one in force has some (unless allow_empty). 0 or -1. */
int vigild_load(struct vigild *d, bool first, bool allow_empty);
void vigild_conf_free(struct vigild *d);

/* status.c: the parent's status for `vigilctl status` and the dumps. */
struct json_object *vigild_status_json(struct vigild *d);

/* query.c: a QUERY to one child, its answer (or NULL on timeout/death). */
typedef void (*query_cb)(struct vigild *d, enum vigil_proc p, const char *json,
			 void *arg);
/* Any request whose struct begins with its uint32_t req_id (QUERY,
 * ADMIN_*): query_send() sets it. */
int query_send(struct vigild *d, enum vigil_proc p, enum ipc_type type,
	       void *msg, size_t len, ev_time_t timeout, query_cb cb,
	       void *cbarg);
int query_child(struct vigild *d, enum vigil_proc p, enum ipc_query q,
		const char *arg, ev_time_t timeout, query_cb cb, void *cbarg);
void query_reply(struct vigild *d, enum vigil_proc p, const struct ipc_msg *m);
void query_child_gone(struct vigild *d, enum vigil_proc p);
void query_free_all(struct vigild *d);

/* script_global.c: startup_script (startup) or shutdown_script, then
 * done(d) (at once without one); killing one still running at exit. */
void global_script_run(struct vigild *d, bool startup,
		       void (*done)(struct vigild *d));
void global_script_free(struct vigild *d);

/* dump.c: SIGUSR1 (data) and SIGUSR2 (stats). */
void dump_start(struct vigild *d, bool stats);
/* Write text to path atomically (temp file + rename). 0 or -1/errno. */
int dump_write_atomic(const char *path, const char *text, size_t len);

#endif
