// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A real server of limited capacity for bench/agent_feedback.sh: WORKERS
 * requests are served at a time, the others wait in a FIFO queue, and a
 * request takes an exponentially distributed time of mean MEAN_MS (a
 * sleep, so that two servers of different capacity in one VM do not
 * compete for its CPU). A request is one connection: a line in, the
 * server's name and a newline out, close.
 *
 *   lb_server -a ADDR -p PORT -n NAME -w WORKERS -m MEAN_MS [-s SEED]
 *             [-f AGENT_FILE [-i INTERVAL_MS] [-t TAU_MS]] [-T SECONDS]
 *
 * With -f it publishes its load for vigil-agent (-m file:AGENT_FILE) every
 * INTERVAL (250 ms): "up ready N%" with N = 100 - 100 * L / WORKERS,
 * clamped to 1..100, where L is the number of requests in the server
 * (served and waiting) averaged over each interval and smoothed with time
 * constant TAU (5000 ms): what vigil-agent's load metric computes from a
 * machine's load average, for a machine that is this server alone, with
 * a time constant short enough for a benchmark. The file is replaced
 * whole (rename). It stops after SECONDS (3600) or on SIGTERM/SIGINT and
 * prints "served=N".
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "core/runtime/event.h"

struct srv;

struct req {
	struct srv *s;
	int fd;
	struct ev_io io;
	struct ev_timer done;
	struct req *next; /* in the wait queue */
};

struct srv {
	struct ev_loop *loop;
	const char *name, *agent_file;
	int workers, busy, in_system;
	double mean_us;
	unsigned short rnd[3];
	struct req *head, *tail; /* waiting */
	struct ev_io lio;
	struct ev_timer tick, stop;
	struct ev_signal sterm, sint;
	ev_time_t interval, tau, last;
	double area, load; /* request-microseconds this interval; L */
	unsigned long served;
};

/* Requests in the server, integrated over time for the load. */
static void
account(struct srv *s, int delta)
{
	ev_time_t now = ev_now_update(s->loop);

	s->area += (double)s->in_system * (double)(now - s->last);
	s->last = now;
	s->in_system += delta;
}

static void
req_free(struct req *r)
{
	ev_io_stop(r->s->loop, &r->io);
	ev_timer_stop(r->s->loop, &r->done);
	close(r->fd);
	free(r);
}

static void
start_service(struct srv *s, struct req *r)
{
	double u = erand48(s->rnd);
	double us = -log(1.0 - u) * s->mean_us;

	s->busy++;
	ev_timer_start(s->loop, &r->done, (ev_time_t)us + 1);
}

static void
on_done(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct req *r = arg;
	struct srv *s = r->s;
	char line[64];
	int n = snprintf(line, sizeof(line), "%s\n", s->name);

	(void)loop;
	(void)t;
	if (send(r->fd, line, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) == n)
		s->served++;
	account(s, -1);
	s->busy--;
	req_free(r);
	if (s->head) {
		struct req *next = s->head;

		s->head = next->next;
		if (!s->head)
			s->tail = NULL;
		start_service(s, next);
	}
}

/* The request line has come (or the client closed): serve or queue it. */
static void
on_read(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct req *r = arg;
	struct srv *s = r->s;
	char buf[256];
	ssize_t n = recv(r->fd, buf, sizeof(buf), MSG_DONTWAIT);

	(void)revents;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		req_free(r);
		return;
	}
	if (!memchr(buf, '\n', (size_t)n))
		return;
	ev_io_stop(loop, io);
	account(s, +1);
	if (s->busy < s->workers) {
		start_service(s, r);
		return;
	}
	if (s->tail)
		s->tail->next = r;
	else
		s->head = r;
	s->tail = r;
}

static void
on_accept(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct srv *s = arg;
	int fd;

	(void)revents;
	while ((fd = accept4(io->fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		struct req *r = calloc(1, sizeof(*r));

		if (!r) {
			close(fd);
			continue;
		}
		r->s = s;
		r->fd = fd;
		ev_io_init(&r->io, on_read, r);
		ev_timer_init(&r->done, on_done, r);
		if (ev_io_start(loop, &r->io, fd, EV_READ) < 0)
			req_free(r);
	}
}

static void
publish(struct srv *s)
{
	char tmp[4096];
	double mean, a;
	int pct;
	FILE *f;

	account(s, 0);
	mean = s->area / (double)s->interval;
	s->area = 0;
	a = 1.0 - exp(-(double)s->interval / (double)s->tau);
	s->load += a * (mean - s->load);
	pct = (int)lround(100.0 - 100.0 * s->load / s->workers);
	pct = pct < 1 ? 1 : pct > 100 ? 100 : pct;
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->agent_file);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "up ready %d%%\n", pct);
	if (fclose(f) == 0)
		rename(tmp, s->agent_file);
}

static void
on_tick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct srv *s = arg;

	publish(s);
	ev_timer_start(loop, t, s->interval);
}

static void
on_stop(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	ev_break(loop);
}

static void
on_signal(struct ev_loop *loop, struct ev_signal *sig, void *arg)
{
	(void)sig;
	(void)arg;
	ev_break(loop);
}

static int
listen_on(struct srv *s, const char *addr, int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	int one = 1, fd;

	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return errno = EINVAL, -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 4096) < 0) {
		close(fd);
		return -1;
	}
	ev_io_init(&s->lio, on_accept, s);
	return ev_io_start(s->loop, &s->lio, fd, EV_READ);
}

static void
usage(void)
{
	fprintf(stderr,
		"usage: lb_server -a ADDR -p PORT -n NAME -w WORKERS -m "
		"MEAN_MS\n"
		"                 [-s SEED] [-f AGENT_FILE [-i INTERVAL_MS]\n"
		"                 [-t TAU_MS]] [-T SECONDS]\n");
	exit(2);
}

static void
start(struct srv *s, double seconds)
{
	ev_timer_init(&s->tick, on_tick, s);
	ev_timer_init(&s->stop, on_stop, s);
	ev_signal_init(&s->sterm, on_signal, s);
	ev_signal_init(&s->sint, on_signal, s);
	ev_signal_start(s->loop, &s->sterm, SIGTERM);
	ev_signal_start(s->loop, &s->sint, SIGINT);
	ev_timer_start(s->loop, &s->stop, (ev_time_t)(seconds * 1e6));
	s->last = ev_now_update(s->loop);
	if (s->agent_file)
		on_tick(s->loop, &s->tick, s);
}

int
main(int argc, char **argv)
{
	struct srv s = {.workers = 1, .mean_us = 20000, .rnd = {1, 2, 3}};
	const char *addr = NULL;
	int port = 0, opt;
	long seed = 1;
	double seconds = 3600;

	s.interval = EV_MSEC(250);
	s.tau = EV_MSEC(5000);
	while ((opt = getopt(argc, argv, "a:p:n:w:m:s:f:i:t:T:")) != -1) {
		switch (opt) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'n':
			s.name = optarg;
			break;
		case 'w':
			s.workers = atoi(optarg);
			break;
		case 'm':
			s.mean_us = atof(optarg) * 1000;
			break;
		case 's':
			seed = atol(optarg);
			break;
		case 'f':
			s.agent_file = optarg;
			break;
		case 'i':
			s.interval = EV_MSEC(atol(optarg));
			break;
		case 't':
			s.tau = EV_MSEC(atol(optarg));
			break;
		case 'T':
			seconds = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (!addr || port <= 0 || port > 65535 || !s.name || s.workers < 1 ||
	    !(s.mean_us > 0) || !s.interval || !s.tau || !(seconds > 0))
		usage();
	s.rnd[0] = (unsigned short)seed;
	s.rnd[1] = (unsigned short)(seed >> 16);
	if (!(s.loop = ev_loop_new()) || listen_on(&s, addr, port) < 0) {
		fprintf(stderr, "lb_server: %s:%d: %s\n", addr, port,
			strerror(errno));
		return 1;
	}
	start(&s, seconds);
	ev_run(s.loop);
	printf("served=%lu\n", s.served);
	return 0;
}
