/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a child gives up before it serves (core/runtime/README.md, "The
 * privilege model", and vigild(8), SECURITY): its process settings
 * (nice, SCHED_RR, RLIMIT_RTTIME, mlockall) applied while it still may,
 * then the user of vigil_child_user with only its own capabilities,
 * no_new_privs, and a seccomp allowlist (the runtime's calls, the
 * child's own list from its child_ops, and a sanitizer build's extras).
 *
 * Library-like: every function returns 0 or -1 with errno (and, where
 * there is one, a reason in err); the child runtime logs.
 */
#ifndef VIGIL_CORE_SANDBOX_H
#define VIGIL_CORE_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* keepalived's *_priority, *_rt_priority, *_rlimit_rttime, *_no_swap. */
struct child_procset {
	int32_t nice;		/* -20..19, 0: unchanged */
	uint32_t rt_priority;	/* 1..99 SCHED_RR, 0: unchanged */
	uint32_t rlimit_rttime; /* us of CPU without blocking (with RR) */
	bool no_swap;		/* mlockall(MCL_CURRENT | MCL_FUTURE) */
	bool keep_sys_nice;	/* the child raises its scheduling later */
	bool rt_optional;	/* a default: refused, only a notice */
};

/* In two steps, so that the work of a start, which with many instances
 * does not sleep for long (RLIMIT_RTTIME would kill it), runs
 * SCHED_OTHER: the limits at spawn (nice, RLIMIT_RTTIME, mlockall), then
 * the policy once started (sandbox_rt_set), both as root. Each returns
 * -1 and errno on failure. */
int sandbox_procset_limits(const struct child_procset *p);
/* SCHED_RR at PRIO, or SCHED_OTHER for 0, of PID (0: the caller); never
 * inherited by a fork. Another process's takes CAP_SYS_NICE. */
int sandbox_rt_set(pid_t pid, int prio);
/* The real-time priority PID (0: the caller) runs at, 0 for none. */
int sandbox_rt_get(pid_t pid);
/* RLIMIT_RTTIME (0: unchanged), then SCHED_RR at PRIO. */
int sandbox_rt_raise(int prio, uint32_t rttime_us);
bool sandbox_procset_equal(const struct child_procset *a,
			   const struct child_procset *b);

/* The user the children run as. */
struct sandbox_user {
	uid_t uid;
	gid_t gid;
	char name[64];
	bool change; /* false: we are not root, the user stays ours */
};

/* name NULL: "vigil" if it exists, else "nobody", else 65534:65534. */
int sandbox_user(const char *name, struct sandbox_user *u);

/*
 * The child's own directory under the runtime directory (`run`/`child`,
 * mode 0700): created, then owned by the user with what it holds, so
 * that state files written as root before the drop stay writable.
 */
int sandbox_dir(const char *run, const char *child, char *out, size_t n);
int sandbox_own_dir(const char *dir, const struct sandbox_user *u);

/* Become u keeping only caps (CAP_* numbers): no other capability in
 * any set, bounding set included; no_new_privs; the parent-death signal
 * armed again (a uid change clears it). */
int sandbox_drop(const struct sandbox_user *u, const int *caps, unsigned ncaps,
		 int pdeathsig);

/*
 * Load the allowlist: the runtime's calls, `names` (NULL-terminated,
 * the child's own; a name this architecture lacks is skipped) and a
 * sanitizer build's extras. Any other call kills the process with SIGSYS
 * after one error line (log_sigsafe) naming the call: `who` seccomp=denied
 * syscall=N name=NAME. err says which name failed.
 */
int sandbox_seccomp(const char *who, const char *const *names, char *err,
		    size_t errlen);

/* A sanitizer build (core/runtime/sandbox_san.c): its runtime's calls
 * and whether it needs the process dumpable (LeakSanitizer ptraces it). */
extern const char *const sandbox_san_syscalls[];
extern const bool sandbox_san_dumpable;

#endif
