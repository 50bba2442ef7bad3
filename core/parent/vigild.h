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

struct vigild_opts {
	const char *conf_file; /* NULL until vigild_default_conf() */
	bool dont_fork;
	unsigned log_flags; /* LOG_F_* */
	int log_facility;
	bool test;	       /* -t */
	const char *config_id; /* -i */
	enum vigil_proc only;  /* -P, -C...: PROC_PARENT for every child */
	const char *pid_file;
	const char *child_pid_file[PROC_MAX]; /* -r, -c...; NULL: default */
	bool strict;
	const char *runtime_dir;
	const char *control_socket; /* NULL: RUNTIME/vigil.sock */
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
	ev_time_t spawned, last_pong;
	uint64_t ping_seq;
	unsigned restarts;
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
	char sock_path[256];
	/* the config in force */
	struct conf *conf;
	int snap_fd;
	uint8_t hash[SNAPSHOT_HASH_LEN];
	uint64_t gen;
	ev_time_t started;
	uint64_t reloads, reloads_failed;
	struct reload_result last;
	bool sync_warned;
	bool shutting_down;
	int exit_status;
	struct vchild ch[PROC_MAX]; /* by proc; only the table's rows used */
	struct ev_timer watchdog;
	ev_time_t wd_interval, wd_timeout;
	struct ev_signal sig[6];
	struct control *ctl;
	struct scripts *scripts;
	struct alerts *alerts;
	struct query *queries; /* pending QUERY requests */
	uint32_t next_req;
	bool dumping[2];
	void *services[4]; /* VIGILD_MAX_SERVICES states (services.h) */
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

/* reload.c */
/* Load the config files; 0 and the new config in force, or -1 and the old
 * one kept (errors logged and kept for `vigilctl status`). */
int vigild_load(struct vigild *d, bool first);
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

/* dump.c: SIGUSR1 (data) and SIGUSR2 (stats). */
void dump_start(struct vigild *d, bool stats);
/* Write text to path atomically (temp file + rename). 0 or -1/errno. */
int dump_write_atomic(const char *path, const char *text, size_t len);

#endif
