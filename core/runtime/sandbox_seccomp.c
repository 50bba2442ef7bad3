// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The children's seccomp allowlist (core/runtime/sandbox.h). A call not on
 * it traps: the handler writes one line naming the call (the number from
 * siginfo, the name looked up in a table made before the filter went in)
 * and the process dies of SIGSYS, which the parent logs and answers with a
 * respawn. A kill rather than an error return: a call off the list is a
 * bug or an exploit, and a child that goes on with a failed call it never
 * expected to fail would be worse than one that is restarted.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <seccomp.h>

/* libseccomp's SCMP_A0()/SCMP_A1_32() build a struct scmp_arg_cmp by
 * positional fields and leave datum_b out: clang's
 * -Wmissing-field-initializers (-Wextra) refuses them under -Werror. The
 * omitted field is zero, as the library intends. */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wmissing-field-initializers"
#endif

#include "core/runtime/log.h"
#include "core/runtime/sandbox.h"

#define NAMES_MAX 1024 /* syscall numbers named in the denial line */

/*
 * What the runtime itself calls once a child serves: the event loop
 * (epoll, timerfd, signalfd), IPC (seqpacket with SCM_RIGHTS), the
 * snapshot of a reload (a sealed memfd: read, mmap), logging (syslog,
 * which may reconnect, and stderr), libc's allocator, time and signals.
 * A child's own list adds its sockets and files. On none of the lists:
 * execve, fork and clone (only the parent starts processes), ptrace, the
 * set*id calls, kill of another process, mount, namespaces, modules,
 * bpf, keyrings.
 */
/* clang-format off */
static const char *const runtime_syscalls[] = {
	"read", "readv", "pread64", "write", "writev", "close", "lseek",
	"fstat", "newfstatat", "fcntl", "epoll_create1", "epoll_ctl",
	"epoll_wait", "epoll_pwait", "epoll_pwait2", "timerfd_create",
	"timerfd_settime", "timerfd_gettime", "signalfd4", "socket",
	"connect", "sendto", "sendmsg", "recvfrom", "recvmsg", "mmap",
	"munmap", "mremap", "mprotect", "madvise", "brk", "futex",
	"set_robust_list", "rseq", "getrandom", "sched_yield", "nanosleep",
	"clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday",
	"time", "getpid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack",
	"restart_syscall", "exit", "exit_group", NULL};
/* clang-format on */

static const char *names[NAMES_MAX];
static const char *who_am_i;

static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char num[24];
	int nr = si->si_syscall;
	const char *const line[] = {
		"child=",
		who_am_i,
		" seccomp=denied syscall=",
		log_sigsafe_uint(nr < 0 ? 0 : (unsigned long)nr, num),
		" name=",
		nr >= 0 && nr < NAMES_MAX && names[nr] ? names[nr] : "?"};

	(void)uc;
	log_sigsafe(line, sizeof(line) / sizeof(line[0]));
	/* SA_RESETHAND made SIGSYS's action the default again: die of it,
	 * so that the parent sees signal=SYS. */
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
	_exit(128 + sig); /* not reached */
}

static void
name_table(void)
{
	for (int nr = 0; nr < NAMES_MAX; nr++)
		if (!names[nr])
			names[nr] = seccomp_syscall_resolve_num_arch(
				SCMP_ARCH_NATIVE, nr);
}

static int
allow_list(scmp_filter_ctx ctx, const char *const *list, char *err,
	   size_t errlen)
{
	for (; list && *list; list++) {
		int nr = seccomp_syscall_resolve_name(*list);
		int r;

		if (nr == __NR_SCMP_ERROR)
			continue; /* not a call of this architecture */
		/* ioctl, but never TIOCSTI, which types into a terminal: a
		 * child in the foreground shares root's tty on stderr */
		if (nr == SCMP_SYS(ioctl))
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
					     SCMP_A1_32(SCMP_CMP_NE, TIOCSTI));
		else
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (r < 0) {
			snprintf(err, errlen, "seccomp: %s: %s", *list,
				 strerror(-r));
			errno = -r;
			return -1;
		}
	}
	return 0;
}

/* Signals only to ourselves (abort(), the SIGSYS above, a sanitizer's
 * report): a child cannot signal the parent or its brothers. */
static int
allow_self_signals(scmp_filter_ctx ctx)
{
	scmp_datum_t me = (scmp_datum_t)getpid();

	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
			     SCMP_A0(SCMP_CMP_EQ, me)) < 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
			     SCMP_A0(SCMP_CMP_EQ, me)) < 0)
		return -1;
	return 0;
}

int
sandbox_seccomp(const char *who, const char *const *list, char *err,
		size_t errlen)
{
	struct sigaction sa = {.sa_sigaction = on_sigsys,
			       .sa_flags =
				       SA_SIGINFO | SA_RESETHAND | SA_NODEFER};
	scmp_filter_ctx ctx;
	int r = -1;

	who_am_i = who;
	name_table();
	log_sigsafe_prepare();
	if (sigaction(SIGSYS, &sa, NULL) < 0) {
		snprintf(err, errlen, "seccomp: sigaction: %s",
			 strerror(errno));
		return -1;
	}
	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx) {
		snprintf(err, errlen, "seccomp: init failed");
		errno = ENOMEM;
		return -1;
	}
	if (allow_list(ctx, runtime_syscalls, err, errlen) < 0 ||
	    allow_list(ctx, list, err, errlen) < 0 ||
	    allow_list(ctx, sandbox_san_syscalls, err, errlen) < 0)
		goto out;
	if (allow_self_signals(ctx) < 0) {
		snprintf(err, errlen, "seccomp: kill rules failed");
		goto out;
	}
	r = seccomp_load(ctx);
	if (r < 0) {
		snprintf(err, errlen, "seccomp: load: %s", strerror(-r));
		errno = -r;
		r = -1;
	}
out:
	seccomp_release(ctx);
	return r;
}
