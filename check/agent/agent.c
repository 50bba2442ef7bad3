// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigil-agent: runs on a real server and answers HAProxy's agent-check
 * protocol on a TCP port, so the director can set the server's weight from
 * its load (AGENT_CHECK). Every connection gets one line, e.g.
 * "up ready 75%", and is closed. The metric is sampled on a timer, never
 * per connection, so a flood of connections costs no more than accepts.
 * See vigil-agent(8).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check/addr.h"
#include "check/agent/metric.h"
#include "core/runtime/event.h"
#include "core/runtime/log.h"

#define REPLY_MAX 256
#define ACCEPT_BATCH 64

enum metric { M_LOAD, M_IDLE, M_STATIC, M_FILE, M_COMMAND };

struct agent {
	struct ev_loop *loop;
	enum metric metric;
	const char *arg; /* static text, file path or command */
	const char *drain_file, *maint_file;
	ev_time_t interval, cmd_timeout;
	int min_pct;
	int cpus;
	struct cpu_sample last_cpu;
	char reply[REPLY_MAX + 2]; /* with "\n" */
	size_t reply_len;
	int lfd;
	struct ev_io lio;
	struct ev_timer tick;
	struct ev_signal sterm, sint;
	/* the command metric */
	pid_t pid;
	int pipe_fd;
	struct ev_child child;
	struct ev_timer cmd_timer;
	char out[REPLY_MAX + 1];
	size_t out_len;
	bool cmd_timed_out;
};

static void
set_reply(struct agent *a, const char *line)
{
	size_t n = strcspn(line, "\r\n");

	if (n > REPLY_MAX)
		n = REPLY_MAX;
	memcpy(a->reply, line, n);
	a->reply[n] = '\n';
	a->reply[n + 1] = '\0';
	a->reply_len = n + 1;
}

static bool
exists(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0;
}

static int
read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* load / idle: a percentage; static / file: the text as given. */
static void
sample_builtin(struct agent *a, char *line, size_t len)
{
	char buf[4096];
	struct cpu_sample now;
	int pct = -1;

	if (a->metric == M_STATIC) {
		snprintf(line, len, "%s", a->arg);
		return;
	}
	if (a->metric == M_FILE) {
		if (read_small(a->arg, buf, sizeof(buf)) < 0)
			snprintf(line, len, "down #cannot read %s", a->arg);
		else
			snprintf(line, len, "%.*s", REPLY_MAX, buf);
		return;
	}
	if (a->metric == M_LOAD &&
	    read_small("/proc/loadavg", buf, sizeof(buf)) == 0)
		pct = metric_load_pct(buf, a->cpus);
	if (a->metric == M_IDLE &&
	    read_small("/proc/stat", buf, sizeof(buf)) == 0 &&
	    metric_cpu_sample(buf, &now) == 0) {
		pct = metric_idle_pct(&a->last_cpu, &now);
		a->last_cpu = now;
	}
	if (pct < 0)
		snprintf(line, len, "down #metric unavailable");
	else
		metric_reply(line, len, pct, a->min_pct, false, false);
}

/* Drain and maintenance files override the metric. The director keeps a
 * drain until told "ready", so with such files configured every other
 * reply starts with "ready" (a "drain" later in the line still wins). */
static void
publish(struct agent *a, const char *line)
{
	char buf[REPLY_MAX + 1];

	if (exists(a->maint_file) || exists(a->drain_file)) {
		metric_reply(buf, sizeof(buf), 0, 0, exists(a->drain_file),
			     exists(a->maint_file));
		line = buf;
	} else if ((a->maint_file || a->drain_file) &&
		   strncmp(line, "up ready ", 9)) {
		snprintf(buf, sizeof(buf), "ready %.*s", REPLY_MAX - 6, line);
		line = buf;
	}
	if (strncmp(a->reply, line, strcspn(line, "\r\n")) ||
	    a->reply_len != strcspn(line, "\r\n") + 1) {
		set_reply(a, line);
		log_info("agent reply=\"%.*s\"", (int)a->reply_len - 1,
			 a->reply);
	}
}

/* ---- the command metric ---- */

static void
cmd_finish(struct ev_loop *loop, struct ev_child *c, int status, void *arg)
{
	struct agent *a = arg;
	char line[REPLY_MAX + 64];
	ssize_t n;

	(void)c;
	ev_timer_stop(loop, &a->cmd_timer);
	while (a->out_len < REPLY_MAX &&
	       (n = read(a->pipe_fd, a->out + a->out_len,
			 REPLY_MAX - a->out_len)) > 0)
		a->out_len += (size_t)n;
	close(a->pipe_fd);
	a->pipe_fd = -1;
	a->pid = 0;
	a->out[a->out_len] = '\0';
	if (a->cmd_timed_out)
		snprintf(line, sizeof(line), "down #command timed out");
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		snprintf(line, sizeof(line), "down #command failed (%d)",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (!a->out_len || a->out[0] == '\n')
		snprintf(line, sizeof(line), "down #command printed nothing");
	else
		snprintf(line, sizeof(line), "%s", a->out);
	publish(a, line);
}

static void
cmd_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct agent *a = arg;

	(void)loop;
	(void)t;
	a->cmd_timed_out = true;
	kill(-a->pid, SIGKILL);
}

static void
cmd_start(struct agent *a)
{
	int p[2];
	sigset_t none;

	if (a->pid > 0 || pipe2(p, O_CLOEXEC) < 0)
		return; /* the previous run is still going */
	a->pid = fork();
	if (a->pid == 0) {
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setpgid(0, 0);
		dup2(p[1], 1);
		execl("/bin/sh", "sh", "-c", a->arg, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (a->pid < 0) {
		close(p[0]);
		a->pid = 0;
		publish(a, "down #cannot run command");
		return;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	a->pipe_fd = p[0];
	a->out_len = 0;
	a->cmd_timed_out = false;
	ev_child_start(a->loop, &a->child, a->pid);
	ev_timer_start(a->loop, &a->cmd_timer, a->cmd_timeout);
}

static void
on_tick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct agent *a = arg;
	char line[REPLY_MAX + 64];

	if (a->metric == M_COMMAND) {
		cmd_start(a);
	} else {
		sample_builtin(a, line, sizeof(line));
		publish(a, line);
	}
	ev_timer_start(loop, t, a->interval);
}

/* ---- serving ---- */

static void
serve(struct agent *a, int fd)
{
	char sink[512];

	if (send(fd, a->reply, a->reply_len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		log_debug(LOG_SUB_CHECK, "agent send: %s", strerror(errno));
	/* Unread input would turn our FIN into a reset: drain it. */
	while (recv(fd, sink, sizeof(sink), MSG_DONTWAIT) > 0)
		;
	close(fd);
}

static void
on_accept(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct agent *a = arg;

	(void)loop;
	(void)revents;
	for (int i = 0; i < ACCEPT_BATCH; i++) {
		int fd = accept4(io->fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		serve(a, fd);
	}
}

static int
listen_on(struct agent *a, const char *bind_addr, uint16_t port)
{
	struct chk_addr addr;
	int one = 1, zero = 0;

	if (chk_addr_parse(&addr, bind_addr ? bind_addr : "::", port) < 0)
		return -1;
	a->lfd = socket(chk_addr_family(&addr),
			SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (a->lfd < 0)
		return -1;
	setsockopt(a->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (!bind_addr)
		setsockopt(a->lfd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
			   sizeof(zero));
	if (bind(a->lfd, &addr.u.sa, chk_addr_len(&addr)) < 0 ||
	    listen(a->lfd, 128) < 0)
		return -1;
	ev_io_init(&a->lio, on_accept, a);
	return ev_io_start(a->loop, &a->lio, a->lfd, EV_READ);
}

static void
on_signal(struct ev_loop *loop, struct ev_signal *s, void *arg)
{
	(void)s;
	(void)arg;
	ev_break(loop);
}

/* ---- options ---- */

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: vigil-agent [-p PORT] [-b ADDR] [-m METRIC] [-i SEC]\n"
		"                   [-n MINPCT] [-t SEC] [-d DRAINFILE]\n"
		"                   [-M MAINTFILE] [-l] [-D]\n"
		"METRIC: load (default), idle, static:TEXT, file:PATH,\n"
		"        command:CMD\n");
}

static int
parse_metric(struct agent *a, const char *m)
{
	static const struct {
		const char *prefix;
		enum metric m;
	} t[] = {
		{"load", M_LOAD},	 {"idle", M_IDLE},
		{"static:", M_STATIC},	 {"file:", M_FILE},
		{"command:", M_COMMAND},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = strlen(t[i].prefix);

		if (!strncmp(m, t[i].prefix, n) &&
		    (t[i].prefix[n - 1] == ':' ? m[n] != '\0' : m[n] == '\0')) {
			a->metric = t[i].m;
			a->arg = m + n;
			return 0;
		}
	}
	return -1;
}

static int
seconds(const char *s, ev_time_t *out)
{
	char *end;
	double d = strtod(s, &end);

	if (*end || !(d > 0) || d > 86400)
		return -1;
	*out = (ev_time_t)(d * 1e6);
	return 0;
}

static int
options(struct agent *a, int argc, char **argv, const char **bind_addr,
	uint16_t *port, unsigned *flags)
{
	static const struct option longopts[] = {
		{"port", 1, NULL, 'p'},	       {"bind", 1, NULL, 'b'},
		{"metric", 1, NULL, 'm'},      {"interval", 1, NULL, 'i'},
		{"min", 1, NULL, 'n'},	       {"timeout", 1, NULL, 't'},
		{"drain-file", 1, NULL, 'd'},  {"maint-file", 1, NULL, 'M'},
		{"log-console", 0, NULL, 'l'}, {"debug", 0, NULL, 'D'},
		{"help", 0, NULL, 'h'},	       {NULL, 0, NULL, 0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "p:b:m:i:n:t:d:M:lDh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'p':
			*port = (uint16_t)atoi(optarg);
			break;
		case 'b':
			*bind_addr = optarg;
			break;
		case 'm':
			if (parse_metric(a, optarg) < 0)
				return -1;
			break;
		case 'i':
			if (seconds(optarg, &a->interval) < 0)
				return -1;
			break;
		case 'n':
			a->min_pct = atoi(optarg);
			break;
		case 't':
			if (seconds(optarg, &a->cmd_timeout) < 0)
				return -1;
			break;
		case 'd':
			a->drain_file = optarg;
			break;
		case 'M':
			a->maint_file = optarg;
			break;
		case 'l':
			*flags = LOG_F_STDERR;
			break;
		case 'D':
			log_set_debug("all");
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	return optind == argc && *port ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct agent a = {
		.interval = EV_SEC(2), .min_pct = 1, .lfd = -1, .pipe_fd = -1};
	const char *bind_addr = NULL;
	uint16_t port = 9777;
	unsigned flags = LOG_F_SYSLOG;
	char line[REPLY_MAX + 64];
	int rc = 0;

	if (options(&a, argc, argv, &bind_addr, &port, &flags) < 0) {
		usage(stderr);
		return 2;
	}
	if (!a.cmd_timeout)
		a.cmd_timeout = a.interval;
	if (a.min_pct < 0 || a.min_pct > 100)
		a.min_pct = 1;
	log_init("vigil-agent", LOG_DAEMON, flags);
	log_set_proc("agent");
	a.cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	a.loop = ev_loop_new();
	if (!a.loop || listen_on(&a, bind_addr, port) < 0) {
		log_err("agent port=%u error=\"%s\"", port, strerror(errno));
		return 1;
	}
	ev_child_init(&a.child, cmd_finish, &a);
	ev_timer_init(&a.cmd_timer, cmd_timeout, &a);
	ev_timer_init(&a.tick, on_tick, &a);
	ev_signal_init(&a.sterm, on_signal, &a);
	ev_signal_init(&a.sint, on_signal, &a);
	ev_signal_start(a.loop, &a.sterm, SIGTERM);
	ev_signal_start(a.loop, &a.sint, SIGINT);
	/* Until the first sample: a neutral answer. */
	metric_reply(line, sizeof(line), 100, a.min_pct, false, false);
	publish(&a, a.metric == M_STATIC ? a.arg : line);
	on_tick(a.loop, &a.tick, &a);
	log_info("agent port=%u state=listening", port);
	if (ev_run(a.loop) < 0)
		rc = 1;
	if (a.pid > 0) {
		kill(-a.pid, SIGKILL);
		waitpid(a.pid, NULL, 0);
	}
	close(a.lfd);
	ev_loop_free(a.loop);
	return rc;
}
