// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/runtime/log.h"

/* Logging is per process and set once at start-up or right after fork;
 * these are the only file-scope variables of core/ and hold no state that
 * crosses processes. */
static struct {
	unsigned flags;
	char ident[128]; /* vigild_NS_NAME: a namespace name is long */
	char proc[16];
	uint32_t debug_mask;
	int facility;
	int sigsafe_fd; /* a syslog socket for log_sigsafe(), or 0 */
} logcfg = {.flags = LOG_F_SYSLOG, .ident = "vigild", .proc = "parent"};

static const char *const subsys_names[LOG_SUB_MAX] = {
	[LOG_SUB_CORE] = "core", [LOG_SUB_CONF] = "conf",
	[LOG_SUB_IPC] = "ipc",	 [LOG_SUB_CHECK] = "check",
	[LOG_SUB_VRRP] = "vrrp", [LOG_SUB_IPVS] = "ipvs",
	[LOG_SUB_SYNC] = "sync", [LOG_SUB_CONTROL] = "control",
};

void
log_init(const char *ident, int facility, unsigned flags)
{
	snprintf(logcfg.ident, sizeof(logcfg.ident), "%s", ident);
	logcfg.flags = flags;
	logcfg.facility = facility;
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

/* ---- from a signal handler ---- */

int
log_sigsafe_prepare(void)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX,
				  .sun_path = "/dev/log"};
	int fd;

	if (!(logcfg.flags & LOG_F_SYSLOG) || logcfg.sigsafe_fd > 0)
		return 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		close(fd);
		return -1;
	}
	logcfg.sigsafe_fd = fd;
	return 0;
}

/* parts joined into buf (bounded, NUL-terminated): its length. */
static size_t
join(char *buf, size_t size, const char *const *parts, size_t nparts)
{
	size_t n = 0;

	for (size_t i = 0; i < nparts; i++)
		for (const char *s = parts[i]; *s && n < size - 1; s++)
			buf[n++] = *s;
	buf[n] = '\0';
	return n;
}

const char *
log_sigsafe_uint(unsigned long v, char buf[24])
{
	int i = 23;

	buf[i] = '\0';
	do
		buf[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	return buf + i;
}

void
log_sigsafe(const char *const *parts, size_t nparts)
{
	char pidbuf[24], pribuf[24], msg[400], line[512];
	const char *pid = log_sigsafe_uint((unsigned long)getpid(), pidbuf);
	const char *pri = log_sigsafe_uint(
		(unsigned long)(logcfg.facility | LOG_ERR), pribuf);
	ssize_t w;

	join(msg, sizeof(msg), parts, nparts);
	if (logcfg.flags & LOG_F_STDERR) {
		const char *const l[] = {logcfg.ident, "[",  pid, "] error ",
					 logcfg.proc,  ": ", msg, "\n"};

		w = write(2, line, join(line, sizeof(line), l, 8));
		(void)w;
	}
	if (logcfg.sigsafe_fd > 0) {
		const char *const l[] = {"<",  pri, ">",   logcfg.ident,
					 "[",  pid, "]: ", logcfg.proc,
					 ": ", msg};

		w = send(logcfg.sigsafe_fd, line,
			 join(line, sizeof(line), l, 10), MSG_DONTWAIT);
		(void)w;
	}
}
