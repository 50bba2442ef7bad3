// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A child's process settings, its user and capabilities
 * (core/runtime/sandbox.h). The seccomp allowlist is sandbox_seccomp.c.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/runtime/sandbox.h"

/* ---- process settings ---- */

/* keepalived's rule: a real-time child that spins for longer than this
 * without sleeping gets SIGXCPU, then SIGKILL. */
static int
rttime(uint32_t us)
{
	struct rlimit rl = {us, us};

	return us ? setrlimit(RLIMIT_RTTIME, &rl) : 0;
}

int
sandbox_procset_limits(const struct child_procset *p)
{
	if (p->nice && setpriority(PRIO_PROCESS, 0, p->nice) < 0)
		return -1;
	if (p->rt_priority && rttime(p->rlimit_rttime) < 0)
		return -1;
	/* MCL_FUTURE locks every later mapping too, each checked against
	 * RLIMIT_MEMLOCK unless CAP_IPC_LOCK: the child keeps that one
	 * (child.c), as lifting the limit needs CAP_SYS_RESOURCE. */
	if (p->no_swap && mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		return -1;
	return 0;
}

int
sandbox_rt_set(pid_t pid, int prio)
{
	struct sched_param sp = {.sched_priority = prio > 0 ? prio : 0};

	return sched_setscheduler(
		pid, (prio > 0 ? SCHED_RR : SCHED_OTHER) | SCHED_RESET_ON_FORK,
		&sp);
}

int
sandbox_rt_get(pid_t pid)
{
	struct sched_param sp;
	int pol = sched_getscheduler(pid);

	if (pol >= 0)
		pol &= ~SCHED_RESET_ON_FORK;
	if ((pol != SCHED_RR && pol != SCHED_FIFO) || sched_getparam(pid, &sp))
		return 0;
	return sp.sched_priority;
}

int
sandbox_rt_raise(int prio, uint32_t rttime_us)
{
	if (rttime(rttime_us) < 0)
		return -1;
	return sandbox_rt_set(0, prio);
}

bool
sandbox_procset_equal(const struct child_procset *a,
		      const struct child_procset *b)
{
	return a->nice == b->nice && a->rt_priority == b->rt_priority &&
	       (!a->rt_priority || a->rlimit_rttime == b->rlimit_rttime) &&
	       a->no_swap == b->no_swap;
}

/* ---- the user ---- */

static int
lookup(const char *name, struct sandbox_user *u)
{
	char buf[4096];
	struct passwd pw, *r = NULL;
	int e = getpwnam_r(name, &pw, buf, sizeof(buf), &r);

	if (!r) {
		errno = e ? e : ENOENT;
		return -1;
	}
	u->uid = pw.pw_uid;
	u->gid = pw.pw_gid;
	snprintf(u->name, sizeof(u->name), "%s", name);
	return 0;
}

int
sandbox_user(const char *name, struct sandbox_user *u)
{
	memset(u, 0, sizeof(*u));
	u->change = geteuid() == 0;
	if (!u->change) {
		u->uid = geteuid();
		u->gid = getegid();
		snprintf(u->name, sizeof(u->name), "%u", (unsigned)u->uid);
		return 0;
	}
	if (name)
		return lookup(name, u);
	if (lookup("vigil", u) == 0 || lookup("nobody", u) == 0)
		return 0;
	u->uid = u->gid = 65534; /* the kernel's overflow id: nobody */
	snprintf(u->name, sizeof(u->name), "65534");
	return 0;
}

/* ---- the child's directory ---- */

int
sandbox_dir(const char *run, const char *child, char *out, size_t n)
{
	struct stat st;

	if ((size_t)snprintf(out, n, "%s/%s", run, child) >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdir(run, 0755) < 0 && errno != EEXIST)
		return -1;
	if (mkdir(out, 0700) < 0 && errno != EEXIST)
		return -1;
	if (lstat(out, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) { /* a symlink planted there: refuse */
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int
sandbox_own_dir(const char *dir, const struct sandbox_user *u)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	int r = 0;

	if (fd < 0)
		return -1;
	if (!u->change)
		return close(fd);
	if (fchown(fd, u->uid, u->gid) < 0 || fchmod(fd, 0700) < 0 ||
	    !(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	/* What was written there before the drop (or by an older vigil). */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    fchownat(dirfd(d), e->d_name, u->uid, u->gid,
			     AT_SYMLINK_NOFOLLOW) < 0)
			r = -1;
	closedir(d);
	return r;
}

/* ---- the drop ---- */

static bool
cap_in(unsigned c, const int *caps, unsigned ncaps)
{
	for (unsigned i = 0; i < ncaps; i++)
		if ((unsigned)caps[i] == c)
			return true;
	return false;
}

static int
set_caps(const int *caps, unsigned ncaps)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct cur[2], set[2];

	if (syscall(SYS_capget, &h, cur) < 0)
		return -1;
	memset(set, 0, sizeof(set));
	for (unsigned i = 0; i < ncaps; i++) {
		unsigned c = (unsigned)caps[i];

		set[CAP_TO_INDEX(c)].permitted |= CAP_TO_MASK(c);
	}
	/* Never more than we have: a test run without root keeps working. */
	for (int i = 0; i < 2; i++) {
		set[i].permitted &= cur[i].permitted;
		set[i].effective = set[i].permitted;
	}
	return (int)syscall(SYS_capset, &h, set);
}

static int
drop_bounding(const int *caps, unsigned ncaps)
{
	if (!prctl(PR_CAPBSET_READ, CAP_SETPCAP, 0, 0, 0))
		return 0;
	for (unsigned c = 0; c <= CAP_LAST_CAP; c++)
		if (!cap_in(c, caps, ncaps) &&
		    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL &&
		    errno != EPERM)
			return -1;
	return 0;
}

static int
become(const struct sandbox_user *u)
{
	if (!u->change || (u->uid == 0 && u->gid == 0))
		return 0;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups(0, NULL) < 0 ||
	    setresgid(u->gid, u->gid, u->gid) < 0 ||
	    setresuid(u->uid, u->uid, u->uid) < 0)
		return -1;
	return prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
}

int
sandbox_drop(const struct sandbox_user *u, const int *caps, unsigned ncaps,
	     int pdeathsig)
{
	pid_t parent = getppid();

	if (drop_bounding(caps, ncaps) < 0 || become(u) < 0 ||
	    set_caps(caps, ncaps) < 0)
		return -1;
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (sandbox_san_dumpable)
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	/* A uid change clears the parent-death signal: arm it again, and
	 * stop if the parent went away in between. */
	if (prctl(PR_SET_PDEATHSIG, pdeathsig, 0, 0, 0) < 0 ||
	    getppid() != parent) {
		errno = ESRCH;
		return -1;
	}
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
