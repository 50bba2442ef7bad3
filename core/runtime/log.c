// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/runtime/log.h"

/* Logging is per process and set once at start-up or right after fork;
 * these are the only file-scope variables of core/ and hold no state that
 * crosses processes. */
static struct {
	unsigned flags;
	char ident[32];
	char proc[16];
	uint32_t debug_mask;
} logcfg = { .flags = LOG_F_SYSLOG, .ident = "vigild", .proc = "parent" };

static const char *const subsys_names[LOG_SUB_MAX] = {
	[LOG_SUB_CORE] = "core",       [LOG_SUB_CONF] = "conf",
	[LOG_SUB_IPC] = "ipc",	       [LOG_SUB_CHECK] = "check",
	[LOG_SUB_VRRP] = "vrrp",       [LOG_SUB_IPVS] = "ipvs",
	[LOG_SUB_SYNC] = "sync",       [LOG_SUB_CONTROL] = "control",
};

void
log_init(const char *ident, int facility, unsigned flags)
{
	snprintf(logcfg.ident, sizeof(logcfg.ident), "%s", ident);
	logcfg.flags = flags;
	if (flags & LOG_F_DETAIL)
		logcfg.debug_mask = ~0u;
	if (flags & LOG_F_SYSLOG)
		openlog(logcfg.ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_set_proc(const char *proc)
{
	snprintf(logcfg.proc, sizeof(logcfg.proc), "%s", proc);
}

unsigned
log_flags(void)
{
	return logcfg.flags;
}

int
log_set_debug(const char *list)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int found = 0;

		if (!strcmp(tok, "all")) {
			logcfg.debug_mask = ~0u;
			continue;
		}
		for (int i = 0; i < LOG_SUB_MAX; i++) {
			if (!strcmp(tok, subsys_names[i])) {
				logcfg.debug_mask |= 1u << i;
				found = 1;
			}
		}
		if (!found) {
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

bool
log_debug_on(enum log_subsys sub)
{
	return (logcfg.debug_mask >> sub) & 1u;
}

static const char *
level_name(int level)
{
	switch (level) {
	case LOG_EMERG:
	case LOG_ALERT:
	case LOG_CRIT:
	case LOG_ERR:
		return "error";
	case LOG_WARNING:
		return "warn";
	case LOG_NOTICE:
		return "notice";
	case LOG_INFO:
		return "info";
	default:
		return "debug";
	}
}

void
vlog(int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int save = errno;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* One event, one line: a newline inside a value would forge a line. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (logcfg.flags & LOG_F_SYSLOG)
		syslog(level, "%s: %s", logcfg.proc, msg);
	if (logcfg.flags & LOG_F_STDERR) {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s[%d] %s %s: %s\n", when,
			ts.tv_nsec / 1000000, logcfg.ident, (int)getpid(),
			level_name(level), logcfg.proc, msg);
	}
	errno = save;
}

bool
log_ratelimit_ok(struct log_ratelimit *rl, ev_time_t now, unsigned *suppressed)
{
	*suppressed = 0;
	if (rl->window_start == 0 || now - rl->window_start >= rl->interval) {
		rl->window_start = now ? now : 1;
		rl->in_window = 0;
	}
	if (rl->in_window >= rl->burst) {
		rl->suppressed++;
		return false;
	}
	rl->in_window++;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}
