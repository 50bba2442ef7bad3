/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Daemon logging: one line per event, the object first, then key=value
 * fields. Goes to syslog, to stderr, or both. Library-like code (codecs,
 * netlink helpers, ipvs/) never logs; it returns errors to the daemon.
 */
#ifndef VIGIL_CORE_LOG_H
#define VIGIL_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include "core/runtime/event.h"

#define LOG_F_STDERR 0x1u /* -l: write to stderr */
#define LOG_F_SYSLOG 0x2u /* default; off with --no-syslog */
#define LOG_F_DETAIL 0x4u /* -D: LOG_DEBUG for every subsystem */

/* Subsystems whose debug output is gated separately (--debug=LIST). */
enum log_subsys {
	LOG_SUB_CORE = 0,
	LOG_SUB_CONF,
	LOG_SUB_IPC,
	LOG_SUB_CHECK,
	LOG_SUB_VRRP,
	LOG_SUB_IPVS,
	LOG_SUB_SYNC,
	LOG_SUB_CONTROL,
	LOG_SUB_MAX
};

/* facility: LOG_DAEMON, LOG_LOCAL0..7. */
void log_init(const char *ident, int facility, unsigned flags);
/* Name of this process in each line: "parent", "check", "vrrp", "sync". */
void log_set_proc(const char *proc);
unsigned log_flags(void);
/* Parse "vrrp,check" (or "all"); returns -1 on an unknown name. */
int log_set_debug(const char *list);
bool log_debug_on(enum log_subsys sub);

void vlog(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * One error line from a signal handler (a seccomp denial, core/runtime/
 * sandbox.c): async-signal-safe, no allocation, no lock, to stderr and to
 * syslog through a socket of its own that log_sigsafe_prepare() opens.
 */
int log_sigsafe_prepare(void);
/* The line is parts[0..nparts) joined. */
void log_sigsafe(const char *const *parts, size_t nparts);
/* v in decimal, in buf: the digits' start. */
const char *log_sigsafe_uint(unsigned long v, char buf[24]);

#define log_err(...) vlog(LOG_ERR, __VA_ARGS__)
#define log_warn(...) vlog(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) vlog(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) vlog(LOG_INFO, __VA_ARGS__)
#define log_debug(sub, ...)                                                    \
	do {                                                                   \
		if (log_debug_on(sub))                                         \
			vlog(LOG_DEBUG, __VA_ARGS__);                          \
	} while (0)

/*
 * A bound on how often one kind of event is logged (hostile packets, bad
 * requests): at most `burst` lines per `interval`; the first line after a
 * quiet window says how many were suppressed. Counting is the caller's job.
 */
struct log_ratelimit {
	ev_time_t interval;
	unsigned burst;
	ev_time_t window_start;
	unsigned in_window;
	unsigned suppressed;
};

#define LOG_RATELIMIT_INIT(interval_, burst_)                                  \
	{                                                                      \
		.interval = (interval_), .burst = (burst_)                     \
	}

/* True if a line may be logged now; *suppressed gets the count skipped
 * since the last line that was allowed (0 normally). */
bool log_ratelimit_ok(struct log_ratelimit *rl, ev_time_t now,
		      unsigned *suppressed);

#endif
