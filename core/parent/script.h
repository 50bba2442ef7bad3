/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scripts run by the parent for its children (SCRIPT_RUN): only commands of
 * the running config, split into argv without a shell, as the config's
 * script user, in their own session, bounded in time, output and number.
 */
#ifndef VIGIL_CORE_SCRIPT_H
#define VIGIL_CORE_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/runtime/ipc.h"

#define SCRIPTS_MAX_RUNNING 64
#define SCRIPT_DEFAULT_TIMEOUT_MS 10000u
#define SCRIPT_MAX_TIMEOUT_MS 3600000u

struct conf;

enum script_verdict {
	SCRIPT_ALLOW = 0,
	SCRIPT_NOT_IN_CONFIG, /* the command is not one of the config's */
	SCRIPT_USER_REFUSED,  /* a user the config does not name for it */
};

/*
 * The policy (pure): may `cmd` run as `user` ("user" or "user group"; ""
 * for the default)? On SCRIPT_ALLOW, run_user/run_group get whom to run
 * as (run_group "" = the user's own group). The default user is the
 * script's own `user`, else global script_user, else keepalived_script if
 * user_exists() says it exists, else nobody.
 */
enum script_verdict script_policy(const struct conf *c, const char *cmd,
				  const char *user,
				  bool (*user_exists)(const char *name),
				  char *run_user, char *run_group, size_t n);

/*
 * enable_script_security: may `prog` (argv[0]; found in PATH if it has no
 * '/') run? Only if the file and every directory above it can be written
 * by root alone (owner root, no group or other write), so that no other
 * user can change what the parent runs. Symlinks are followed first.
 */
bool script_path_secure(const char *prog);

struct vigild;
struct vchild;
struct scripts;

struct scripts *scripts_new(struct vigild *d);
void scripts_free(struct scripts *s);
/* A child's SCRIPT_RUN; SCRIPT_DONE goes back to that child (if it still
 * runs the same incarnation). */
void scripts_request(struct scripts *s, struct vchild *ch,
		     const struct ipc_script_run *r);
unsigned scripts_running(const struct scripts *s);
/* Start a command of the config in force as `who` ("user [group]", ""
 * for the default) under the policy above, in its own session: its pid
 * (the caller watches it), or -1 with errno (EPERM: refused by the
 * policy, EACCES: by enable_script_security). */
pid_t scripts_spawn(struct scripts *s, const char *cmd, const char *who);
/* SIGKILL a spawned script's whole process group. */
void scripts_kill(pid_t pid);

/*
 * Long-lived readers: notify_fifo_script, vrrp_notify_fifo_script and
 * lvs_notify_fifo_script, one
 * process each, run with the FIFO's path as their last argument once the
 * FIFO exists (polled every 100 ms), as the script user the policy above
 * gives, restarted with the children's backoff when they exit.
 * scripts_readers_sync() applies the config in force (an unchanged entry
 * keeps its process; a changed one is stopped and started anew).
 * scripts_readers_stop() sends SIGTERM (SIGKILL 2 s later) and calls done
 * once none runs -- at once if none does.
 */
void scripts_readers_sync(struct scripts *s);
void scripts_readers_stop(struct scripts *s, void (*done)(void *arg),
			  void *arg);

#endif
