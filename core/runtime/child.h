/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The child runtime: what every child process (check, vrrp, sync) shares.
 *
 * The parent starts a child as `vigild --child=NAME --ipc-fd=N [log flags]`
 * (its own executable, re-exec'd, so the child starts with a clean address
 * space). child_main() then:
 *
 *   1. creates the event loop and the IPC connection on fd N, sets
 *      PR_SET_PDEATHSIG, blocks signals it handles through signalfd
 *      (SIGTERM/SIGINT: clean stop as if SHUTDOWN came; SIGHUP ignored: the
 *      parent drives reloads);
 *   2. waits for the first RELOAD (sealed memfd, see core/runtime/snapshot.h), reads
 *      and parses the snapshot (conf_parse + conf_validate, no file is read),
 *      applies ops->procset's settings (nice, SCHED_RR, mlockall), makes
 *      its own directory under the runtime directory, calls ops->start(),
 *      then gives up what it no longer needs (core/runtime/sandbox.h): it
 *      becomes vigil_child_user with only ops->caps, no_new_privs, and
 *      the seccomp allowlist with ops->syscalls; and sends READY;
 *   3. answers PING with PONG from the loop (so a stuck loop stops answering
 *      and the parent's watchdog notices), QUERY with ops->query()'s JSON,
 *      ADMIN_* with ops->admin()'s,
 *      RELOAD with ops->reload() and RELOAD_DONE, SHUTDOWN with ops->stop();
 *      other messages (SCRIPT_DONE is routed to child_run_script's callback,
 *      VRRP_STATE and anything new) go to ops->on_msg();
 *   4. returns the process exit status once ops->stop() has called
 *      child_stopped() (or after 10 s if it never does).
 *
 * The parent's side is core/parent/supervisor.c; both sides are described in
 * vigild(8).
 */
#ifndef VIGIL_CORE_CHILD_H
#define VIGIL_CORE_CHILD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/runtime/event.h"
#include "core/runtime/ipc.h"
#include "core/runtime/sandbox.h"

struct conf;
struct json_object;
struct child_ctx;

struct child_ops {
	enum vigil_proc proc;
	/* Capabilities kept after start (CAP_* numbers), ncaps entries. */
	const int *caps;
	unsigned ncaps;
	/* The calls this child makes besides the runtime's (the seccomp
	 * allowlist, NULL-terminated; sandbox_seccomp.c has the runtime's).
	 * Declared in the child's folder beside its ops. */
	const char *const *syscalls;
	/* The child's process settings from its config (keepalived's
	 * checker_* or vrrp_* priority, rt_priority, rlimit_rttime,
	 * no_swap); applied at spawn. May be NULL: none. */
	void (*procset)(const struct conf *c, struct child_procset *p);
	/*
	 * First config. Returns the child's state, or NULL after writing why
	 * into err (the child then exits with status 1 and the parent logs
	 * err). The model stays valid until the next reload returns.
	 */
	void *(*start)(struct child_ctx *cx, const struct conf *c, char *err,
		       size_t errlen);
	/*
	 * A new config, already validated by the parent. Apply it as a
	 * minimal diff; *changes counts what was added, changed or removed.
	 * Returns 0, or -1 with err set and the old config kept in force.
	 */
	int (*reload)(void *st, const struct conf *c, uint32_t *changes,
		      char *err, size_t errlen);
	/* Begin a clean stop; call child_stopped() when done (may be later,
	 * from the loop). */
	void (*stop)(void *st);
	/* JSON for a QUERY (enum ipc_query, arg from the request). Returns a
	 * new object (the runtime puts it) or NULL: "not supported". */
	struct json_object *(*query)(void *st, enum ipc_query q,
				     const char *arg);
	/* An admin request (m->type IPC_ADMIN_*, already size-checked):
	 * the answer, {"error": "..."} if refused, or NULL: "not
	 * supported". The runtime replies with QUERY_REPLY and the
	 * request's req_id. May be NULL. */
	struct json_object *(*admin)(void *st, const struct ipc_msg *m);
	/* Any message the runtime does not handle itself. May be NULL. */
	void (*on_msg)(void *st, const struct ipc_msg *m);
	/* Free the state (after stop, or when start's caller gives up). */
	void (*free)(void *st);
};

struct child_args {
	int ipc_fd;
	int log_flags; /* core/runtime/log.h LOG_F_* */
	int log_facility;
	const char *debug;	 /* --debug=LIST, or NULL */
	const char *runtime_dir; /* vigild's --runtime-dir */
	const char *ident;	 /* syslog ident, the parent's; NULL: vigild */
};

/* Run a child until it stops; returns its exit status. */
int child_main(const struct child_ops *ops, const struct child_args *a);

struct ev_loop *child_loop(struct child_ctx *cx);
/* The child's own directory in vigild's runtime directory (--runtime-dir,
 * default /run/vigil, then the child's name): where a child keeps state
 * files that outlive it, owned by the child's user. NULL: none. */
const char *child_runtime_dir(const struct child_ctx *cx);
/* The uid the child runs as once started (vigil_child_user): what it
 * makes during ops->start() as root and must use later goes to it. */
uid_t child_uid(const struct child_ctx *cx);
/* The config generation running now (from the parent's RELOAD). */
uint64_t child_config_gen(const struct child_ctx *cx);

/* Send a message to the parent. 0 or -1/errno (core/runtime/ipc.h ipc_send). */
int child_send(struct child_ctx *cx, enum ipc_type type, const void *payload,
	       size_t len);
/*
 * An event for the parent's log, notify scripts, SNMP traps and alerts: a
 * JSON object with at least "event" (e.g. "rs_down", "vrrp_state") and the
 * object's fields. The runtime takes the reference.
 */
int child_event(struct child_ctx *cx, struct json_object *ev);

/*
 * Ask the parent to run a script of the config. cb gets the parent's
 * answer (or IPC_SCRIPT_NOSTART if the parent went away); it is never
 * called from inside child_run_script. Returns a request id (> 0), or 0 on
 * error with errno. child_cancel_script() forgets a request (its answer is
 * dropped).
 */
typedef void (*child_script_cb)(const struct ipc_script_done *d, void *arg);
uint64_t child_run_script(struct child_ctx *cx, const char *cmd,
			  const char *user, uint32_t timeout_ms, uint32_t flags,
			  child_script_cb cb, void *arg);
void child_cancel_script(struct child_ctx *cx, uint64_t id);

/* ops->stop() is done: the runtime flushes IPC and returns from
 * child_main() with status. */
void child_stopped(struct child_ctx *cx, int status);

#endif
