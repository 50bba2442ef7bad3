// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The event loop: epoll + a binary min-heap of timers + signalfd + pidfds.
 * See event.h for the contract.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/runtime/event.h"

#define EV_BATCH 64

struct ev_loop {
	int epfd;
	bool broken;
	ev_time_t now;
	ev_clock_fn clock;
	void *clock_arg;

	struct ev_timer **heap; /* 1-based; heap[0] unused */
	size_t heap_len;
	size_t heap_cap;
	uint64_t timer_seq;

	/* Events of the batch being dispatched; stopped watchers are
	 * cleared from it so a later entry never reaches a freed watcher. */
	struct epoll_event events[EV_BATCH];
	int nevents;

	int sigfd;
	sigset_t sigmask;
	struct ev_io sigio;
	struct ev_signal *signals;

	/* epoll's own timeout of a task that is not realtime gets a slack of
	 * 0.1% of its length (fs/select.c): 3.6 ms late on a 3.6 s VRRP
	 * Master_Down timer. A long wait on the real clock also arms this
	 * timerfd at the timer's expiry, which wakes within the task's
	 * timer slack (50 us). Opened on first need; -1 until then. */
	int tfd;
	ev_time_t tfd_at; /* what it is armed for; 0: not armed */
	struct ev_io tfdio;
};

/* Waits shorter than this have under 50 us of epoll slack: no timerfd. */
#define EV_TFD_MIN_WAIT EV_MSEC(50)

ev_time_t
ev_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ev_time_t)ts.tv_sec * 1000000ULL + (ev_time_t)ts.tv_nsec / 1000;
}

static ev_time_t
default_clock(void *arg)
{
	(void)arg;
	return ev_monotonic();
}

struct ev_loop *
ev_loop_new(void)
{
	struct ev_loop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return NULL;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		int e = errno;

		free(loop);
		errno = e;
		return NULL;
	}
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	loop->clock = default_clock;
	loop->now = loop->clock(NULL);
	loop->tfd = -1;
	return loop;
}

static void
close_loop_fds(struct ev_loop *loop)
{
	if (loop->tfd >= 0)
		close(loop->tfd);
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	close(loop->epfd);
}

void
ev_loop_free(struct ev_loop *loop)
{
	if (!loop)
		return;
	for (size_t i = 1; i <= loop->heap_len; i++)
		loop->heap[i]->heap_idx = 0;
	for (struct ev_signal *s = loop->signals; s; s = s->next)
		s->active = false;
	close_loop_fds(loop);
	if (!sigisemptyset(&loop->sigmask))
		sigprocmask(SIG_UNBLOCK, &loop->sigmask, NULL);
	free(loop->heap);
	free(loop);
}

void
ev_loop_abandon(struct ev_loop *loop)
{
	/* The watchers belong to the parent's copy of memory; only our own
	 * bookkeeping and descriptors are released. Signals stay blocked: one
	 * that arrives before the child's own loop watches it must stay
	 * pending, not kill the child. */
	close_loop_fds(loop);
	free(loop->heap);
	free(loop);
}

void
ev_loop_set_clock(struct ev_loop *loop, ev_clock_fn fn, void *arg)
{
	loop->clock = fn ? fn : default_clock;
	loop->clock_arg = fn ? arg : NULL;
	loop->now = loop->clock(loop->clock_arg);
}

ev_time_t
ev_now(struct ev_loop *loop)
{
	return loop->now;
}

ev_time_t
ev_now_update(struct ev_loop *loop)
{
	loop->now = loop->clock(loop->clock_arg);
	return loop->now;
}

void
ev_break(struct ev_loop *loop)
{
	loop->broken = true;
}

bool
ev_broken(struct ev_loop *loop)
{
	return loop->broken;
}

/* ---- timers: binary min-heap ordered by (when, seq) ---- */

static bool
timer_before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	return a->seq < b->seq;
}

static void
heap_set(struct ev_loop *loop, size_t i, struct ev_timer *t)
{
	loop->heap[i] = t;
	t->heap_idx = i;
}

static void
heap_up(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];

	while (i > 1 && timer_before(t, loop->heap[i / 2])) {
		heap_set(loop, i, loop->heap[i / 2]);
		i /= 2;
	}
	heap_set(loop, i, t);
}

static void
heap_down(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];

	for (;;) {
		size_t c = 2 * i;

		if (c > loop->heap_len)
			break;
		if (c + 1 <= loop->heap_len &&
		    timer_before(loop->heap[c + 1], loop->heap[c]))
			c++;
		if (!timer_before(loop->heap[c], t))
			break;
		heap_set(loop, i, loop->heap[c]);
		i = c;
	}
	heap_set(loop, i, t);
}

void
ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->cb = cb;
	t->arg = arg;
}

void
ev_timer_stop(struct ev_loop *loop, struct ev_timer *t)
{
	size_t i = t->heap_idx;
	struct ev_timer *last;

	if (i == 0)
		return;
	t->heap_idx = 0;
	last = loop->heap[loop->heap_len--];
	if (last == t)
		return;
	heap_set(loop, i, last);
	heap_up(loop, i);
	heap_down(loop, last->heap_idx);
}

int
ev_timer_start_at(struct ev_loop *loop, struct ev_timer *t, ev_time_t when)
{
	ev_timer_stop(loop, t);
	if (loop->heap_len + 1 >= loop->heap_cap) {
		size_t cap = loop->heap_cap ? loop->heap_cap * 2 : 64;
		struct ev_timer **h = realloc(loop->heap, cap * sizeof(*h));

		if (!h)
			return -1;
		loop->heap = h;
		loop->heap_cap = cap;
	}
	t->when = when;
	t->seq = loop->timer_seq++;
	loop->heap_len++;
	heap_set(loop, loop->heap_len, t);
	heap_up(loop, loop->heap_len);
	return 0;
}

int
ev_timer_start(struct ev_loop *loop, struct ev_timer *t, ev_time_t after)
{
	return ev_timer_start_at(loop, t, loop->now + after);
}

size_t
ev_timer_count(const struct ev_loop *loop)
{
	return loop->heap_len;
}

ev_time_t
ev_next_timer(const struct ev_loop *loop)
{
	return loop->heap_len ? loop->heap[1]->when : EV_WAIT_FOREVER;
}

/* Fire the timers due now; timers armed by these callbacks wait for the next
 * iteration even when they are already due, so a zero-delay re-arm cannot
 * starve file descriptors. */
static int
run_timers(struct ev_loop *loop)
{
	uint64_t limit = loop->timer_seq;
	int n = 0;

	while (loop->heap_len) {
		struct ev_timer *t = loop->heap[1];

		if (t->when > loop->now || t->seq >= limit)
			break;
		ev_timer_stop(loop, t);
		t->cb(loop, t, t->arg);
		n++;
		if (loop->broken)
			break;
	}
	return n;
}

/* ---- file descriptors ---- */

static uint32_t
to_epoll(unsigned events)
{
	uint32_t e = 0;

	if (events & EV_READ)
		e |= EPOLLIN | EPOLLRDHUP;
	if (events & EV_WRITE)
		e |= EPOLLOUT;
	return e;
}

static unsigned
from_epoll(uint32_t e)
{
	unsigned r = 0;

	if (e & (EPOLLIN | EPOLLRDHUP | EPOLLPRI))
		r |= EV_READ;
	if (e & EPOLLOUT)
		r |= EV_WRITE;
	if (e & EPOLLERR)
		r |= EV_ERROR;
	if (e & EPOLLHUP)
		r |= EV_HANGUP;
	return r;
}

void
ev_io_init(struct ev_io *io, ev_io_cb cb, void *arg)
{
	memset(io, 0, sizeof(*io));
	io->fd = -1;
	io->cb = cb;
	io->arg = arg;
}

int
ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, unsigned events)
{
	struct epoll_event ev = { .events = to_epoll(events), .data.ptr = io };

	if (io->active)
		ev_io_stop(loop, io);
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	io->fd = fd;
	io->events = events;
	io->active = true;
	return 0;
}

int
ev_io_modify(struct ev_loop *loop, struct ev_io *io, unsigned events)
{
	struct epoll_event ev = { .events = to_epoll(events), .data.ptr = io };

	if (!io->active) {
		errno = EINVAL;
		return -1;
	}
	if (events == io->events)
		return 0;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
		return -1;
	io->events = events;
	return 0;
}

static void
forget_pending(struct ev_loop *loop, void *ptr)
{
	for (int i = 0; i < loop->nevents; i++)
		if (loop->events[i].data.ptr == ptr)
			loop->events[i].data.ptr = NULL;
}

void
ev_io_stop(struct ev_loop *loop, struct ev_io *io)
{
	if (!io->active)
		return;
	/* The fd may already be closed by its owner: EBADF is fine. */
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	io->active = false;
	forget_pending(loop, io);
}

/* ---- signals ---- */

static void
sig_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct signalfd_siginfo si;

	(void)io;
	(void)revents;
	(void)arg;
	while (read(loop->sigfd, &si, sizeof(si)) == sizeof(si)) {
		for (struct ev_signal *s = loop->signals; s; s = s->next) {
			if (s->active && s->signo == (int)si.ssi_signo) {
				s->cb(loop, s, s->arg);
				break;
			}
		}
	}
}

void
ev_signal_init(struct ev_signal *s, ev_signal_cb cb, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->cb = cb;
	s->arg = arg;
}

int
ev_signal_start(struct ev_loop *loop, struct ev_signal *s, int signo)
{
	sigset_t one, mask = loop->sigmask;
	int fd;

	if (s->active) {
		errno = EBUSY;
		return -1;
	}
	sigaddset(&mask, signo);
	fd = signalfd(loop->sigfd, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (loop->sigfd < 0) {
		loop->sigfd = fd;
		ev_io_init(&loop->sigio, sig_ready, NULL);
		if (ev_io_start(loop, &loop->sigio, fd, EV_READ) < 0) {
			close(fd);
			loop->sigfd = -1;
			return -1;
		}
	}
	sigemptyset(&one);
	sigaddset(&one, signo);
	sigprocmask(SIG_BLOCK, &one, NULL);
	loop->sigmask = mask;
	s->signo = signo;
	s->active = true;
	s->next = loop->signals;
	loop->signals = s;
	return 0;
}

void
ev_signal_stop(struct ev_loop *loop, struct ev_signal *s)
{
	struct ev_signal **pp;
	sigset_t one;

	if (!s->active)
		return;
	for (pp = &loop->signals; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	s->active = false;
	sigdelset(&loop->sigmask, s->signo);
	signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	sigemptyset(&one);
	sigaddset(&one, s->signo);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
}

/* ---- child processes ---- */

static void
child_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents,
	    void *arg)
{
	struct ev_child *c = arg;
	int status = 0;
	pid_t r;

	(void)io;
	(void)revents;
	do {
		r = waitpid(c->pid, &status, WNOHANG);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		return; /* not an exit (should not happen for a pidfd) */
	ev_child_stop(loop, c);
	if (r < 0)
		status = W_EXITCODE(255, 0); /* reaped elsewhere: unknown */
	c->cb(loop, c, status, c->arg);
}

void
ev_child_init(struct ev_child *c, ev_child_cb cb, void *arg)
{
	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->pidfd = -1;
	c->cb = cb;
	c->arg = arg;
	ev_io_init(&c->io, child_ready, c);
}

int
ev_child_start(struct ev_loop *loop, struct ev_child *c, pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0)
		return -1;
	if (ev_io_start(loop, &c->io, fd, EV_READ) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	c->pid = pid;
	c->pidfd = fd;
	return 0;
}

void
ev_child_stop(struct ev_loop *loop, struct ev_child *c)
{
	if (c->pidfd < 0)
		return;
	ev_io_stop(loop, &c->io);
	close(c->pidfd);
	c->pidfd = -1;
}

/* ---- the loop ---- */

static void
tfd_read(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	uint64_t n;

	(void)io;
	(void)revents;
	(void)arg;
	if (read(loop->tfd, &n, sizeof(n)) == sizeof(n))
		loop->tfd_at = 0;
}

/* Arm the timerfd for the timer at `next` (absolute, real clock). A
 * failure only costs precision: epoll's timeout still ends the wait. */
static void
tfd_arm(struct ev_loop *loop, ev_time_t next)
{
	struct itimerspec its = {
		.it_value = {(time_t)(next / 1000000ULL),
			     (long)(next % 1000000ULL) * 1000},
	};

	if (next == loop->tfd_at)
		return;
	if (loop->tfd < 0) {
		loop->tfd = timerfd_create(CLOCK_MONOTONIC,
					   TFD_CLOEXEC | TFD_NONBLOCK);
		if (loop->tfd < 0)
			return;
		ev_io_init(&loop->tfdio, tfd_read, NULL);
		if (ev_io_start(loop, &loop->tfdio, loop->tfd, EV_READ) < 0) {
			close(loop->tfd);
			loop->tfd = -1;
			return;
		}
	}
	if (timerfd_settime(loop->tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		loop->tfd_at = next;
}

static int
wait_events(struct ev_loop *loop, ev_time_t max_wait)
{
	ev_time_t next = ev_next_timer(loop), wait = max_wait;
	struct timespec ts, *tsp = NULL;
	int n;
	/* The wait runs from now, not from when this turn began: callbacks
	 * (or a scheduler that ran someone else) may have used part of it.
	 * With the cached time a 36 ms VRRP Master_Down timer fired 18 ms
	 * late after a turn that took that long (bench/README.md). */

	if (next != EV_WAIT_FOREVER) {
		ev_time_t until;
		ev_now_update(loop);
		until = next > loop->now ? next - loop->now : 0;

		if (until < wait)
			wait = until;
		/* A fake clock has no timerfd twin. */
		if (wait == until && wait >= EV_TFD_MIN_WAIT &&
		    loop->clock == default_clock)
			tfd_arm(loop, next);
	}
	if (wait != EV_WAIT_FOREVER) {
		ts.tv_sec = (time_t)(wait / 1000000ULL);
		ts.tv_nsec = (long)(wait % 1000000ULL) * 1000;
		tsp = &ts;
	}
	n = epoll_pwait2(loop->epfd, loop->events, EV_BATCH, tsp, NULL);
	if (n < 0 && errno == ENOSYS) {
		int ms = -1;

		if (tsp)
			ms = (int)((wait + 999) / 1000 > 86400000
					   ? 86400000
					   : (wait + 999) / 1000);
		n = epoll_wait(loop->epfd, loop->events, EV_BATCH, ms);
	}
	return n;
}

int
ev_run_once(struct ev_loop *loop, ev_time_t max_wait)
{
	int n, ran = 0;

	loop->broken = false;
	n = wait_events(loop, max_wait);
	if (n < 0) {
		if (errno != EINTR)
			return -1;
		n = 0;
	}
	ev_now_update(loop);
	loop->nevents = n;
	for (int i = 0; i < n && !loop->broken; i++) {
		struct ev_io *io = loop->events[i].data.ptr;

		if (!io)
			continue; /* stopped earlier in this batch */
		io->cb(loop, io, from_epoll(loop->events[i].events), io->arg);
		ran++;
	}
	loop->nevents = 0;
	if (!loop->broken)
		ran += run_timers(loop);
	return ran;
}

int
ev_run(struct ev_loop *loop)
{
	loop->broken = false;
	while (!loop->broken) {
		if (ev_run_once(loop, EV_WAIT_FOREVER) < 0)
			return -1;
	}
	return 0;
}
