/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One event loop per process: epoll for file descriptors, a min-heap of
 * timers on a monotonic clock, signals through one signalfd, and child
 * processes through pidfds.
 *
 * Watchers are structs owned by the caller and embedded wherever they
 * belong; the loop holds a back-reference (heap index, registered flag), so
 * stopping a watcher that is not running is a no-op and stopping one from
 * inside its own or another watcher's callback is safe.
 *
 * Time is in microseconds. The clock is read through a function the caller
 * may replace (ev_loop_set_clock), so tests drive timers with a fake clock.
 */
#ifndef VIGIL_CORE_EVENT_H
#define VIGIL_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint64_t ev_time_t; /* microseconds, CLOCK_MONOTONIC unless faked */

#define EV_USEC(x) ((ev_time_t)(x))
#define EV_MSEC(x) ((ev_time_t)(x) * 1000ULL)
#define EV_SEC(x) ((ev_time_t)(x) * 1000000ULL)

struct ev_loop;

typedef ev_time_t (*ev_clock_fn)(void *arg);

struct ev_timer;
typedef void (*ev_timer_cb)(struct ev_loop *loop, struct ev_timer *t,
			    void *arg);

struct ev_timer {
	ev_time_t when;	 /* absolute expiry */
	uint64_t seq;	 /* insertion order: equal expiries fire FIFO */
	size_t heap_idx; /* 0 = not armed; else 1-based index into the heap */
	ev_timer_cb cb;
	void *arg;
};

/* Readiness flags, a subset of epoll's. */
#define EV_READ 0x1u
#define EV_WRITE 0x4u
#define EV_ERROR 0x8u  /* reported only: EPOLLERR */
#define EV_HANGUP 0x10u /* reported only: EPOLLHUP */

struct ev_io;
typedef void (*ev_io_cb)(struct ev_loop *loop, struct ev_io *io,
			 unsigned revents, void *arg);

struct ev_io {
	int fd;
	unsigned events;
	bool active;
	ev_io_cb cb;
	void *arg;
};

struct ev_signal;
typedef void (*ev_signal_cb)(struct ev_loop *loop, struct ev_signal *s,
			     void *arg);

struct ev_signal {
	int signo;
	bool active;
	ev_signal_cb cb;
	void *arg;
	struct ev_signal *next;
};

struct ev_child;
/* status is as waitpid() reports it (WIFEXITED, WTERMSIG...). */
typedef void (*ev_child_cb)(struct ev_loop *loop, struct ev_child *c,
			    int status, void *arg);

struct ev_child {
	pid_t pid;
	int pidfd;
	struct ev_io io;
	ev_child_cb cb;
	void *arg;
};

/* Returns NULL and sets errno on failure. */
struct ev_loop *ev_loop_new(void);
void ev_loop_free(struct ev_loop *loop);

/* Replace the clock (tests). NULL restores CLOCK_MONOTONIC. */
void ev_loop_set_clock(struct ev_loop *loop, ev_clock_fn fn, void *arg);
/* The time cached at the start of this loop iteration. */
ev_time_t ev_now(struct ev_loop *loop);
/* Read the clock again and cache it. */
ev_time_t ev_now_update(struct ev_loop *loop);
/* CLOCK_MONOTONIC in microseconds. */
ev_time_t ev_monotonic(void);

/*
 * Run until ev_break(). Returns 0, or -1 with errno if epoll fails for a
 * reason other than EINTR.
 */
int ev_run(struct ev_loop *loop);
/*
 * One iteration: wait at most max_wait (or until the next timer, whichever
 * is sooner; EV_WAIT_FOREVER for no limit), dispatch what is ready, then fire
 * expired timers; an ev_break() from a callback ends the iteration early.
 * Returns the number of callbacks run, or -1 with errno.
 */
#define EV_WAIT_FOREVER UINT64_MAX
int ev_run_once(struct ev_loop *loop, ev_time_t max_wait);
void ev_break(struct ev_loop *loop);
bool ev_broken(struct ev_loop *loop);

void ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg);
/* (Re)arm to fire once, `after` microseconds from ev_now(). */
int ev_timer_start(struct ev_loop *loop, struct ev_timer *t, ev_time_t after);
/* Arm at an absolute time on the loop's clock. */
int ev_timer_start_at(struct ev_loop *loop, struct ev_timer *t, ev_time_t when);
void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t);
static inline bool
ev_timer_active(const struct ev_timer *t)
{
	return t->heap_idx != 0;
}
/* Number of armed timers (tests, stats). */
size_t ev_timer_count(const struct ev_loop *loop);
/* Expiry of the earliest timer, or EV_WAIT_FOREVER. */
ev_time_t ev_next_timer(const struct ev_loop *loop);

void ev_io_init(struct ev_io *io, ev_io_cb cb, void *arg);
int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd,
		unsigned events);
int ev_io_modify(struct ev_loop *loop, struct ev_io *io, unsigned events);
void ev_io_stop(struct ev_loop *loop, struct ev_io *io);

/*
 * Signals are blocked and delivered through the loop's signalfd. One watcher
 * per signal number.
 */
void ev_signal_init(struct ev_signal *s, ev_signal_cb cb, void *arg);
int ev_signal_start(struct ev_loop *loop, struct ev_signal *s, int signo);
void ev_signal_stop(struct ev_loop *loop, struct ev_signal *s);

/*
 * Watch a child through a pidfd; the callback runs once, after the child is
 * reaped. ev_child_stop() closes the pidfd without reaping.
 */
void ev_child_init(struct ev_child *c, ev_child_cb cb, void *arg);
int ev_child_start(struct ev_loop *loop, struct ev_child *c, pid_t pid);
void ev_child_stop(struct ev_loop *loop, struct ev_child *c);

/*
 * In a forked child: drop every watcher and fd of the parent's loop. The
 * signals it watched stay blocked (exec'ing code must reset the mask). The
 * loop pointer is invalid afterwards.
 */
void ev_loop_abandon(struct ev_loop *loop);

#endif
