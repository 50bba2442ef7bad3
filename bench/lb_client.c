// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The client of bench/agent_feedback.sh: an open loop of requests through
 * a virtual server, each a new TCP connection (IPVS balances connections)
 * that sends a line and reads the real server's name back (lb_server).
 *
 *   lb_client -c ADDR -p PORT -r RATE -d SECONDS [-w WARMUP_S]
 *             [-T TIMEOUT_MS] [-s SEED] [-l LABEL]
 *
 * Requests start at Poisson times of mean rate RATE for SECONDS (so at
 * most about RATE * SECONDS of them, the same times for the same SEED),
 * whether earlier ones have finished or not; a request's latency runs
 * from the time it was due, so a late start counts against it. One that
 * has no reply within TIMEOUT (30 s) fails. It ends when every request
 * has finished or failed and prints one line of key=value over the
 * requests due after WARMUP (10 s): how many, failures, latency p50, p90,
 * p99, max in ms, and per real server its share and its p99.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/runtime/event.h"

#define MAX_SERVERS 8
#define NAME_MAX_LEN 32

struct cli;

struct req {
	struct cli *c;
	int fd;
	ev_time_t due;
	size_t len;
	char buf[NAME_MAX_LEN];
	struct ev_io io;
	struct ev_timer timeout;
};

struct result {
	ev_time_t lat; /* microseconds; UINT64_MAX: failed */
	int server;    /* index in names, -1 if failed */
};

struct cli {
	struct ev_loop *loop;
	struct sockaddr_in to;
	double rate;
	ev_time_t start, end, warm, tmo, next_due;
	unsigned short rnd[3];
	struct ev_timer arrive;
	unsigned long started, outstanding;
	struct result *res; /* of requests due after the warm-up */
	size_t nres, cap;
	char names[MAX_SERVERS][NAME_MAX_LEN];
	int nnames;
};

static int
server_index(struct cli *c, const char *name)
{
	for (int i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i], name))
			return i;
	if (c->nnames == MAX_SERVERS)
		return -1;
	snprintf(c->names[c->nnames], NAME_MAX_LEN, "%s", name);
	return c->nnames++;
}

static void
record(struct cli *c, ev_time_t due, ev_time_t lat, const char *name)
{
	struct result *r;

	if (due < c->warm)
		return;
	if (c->nres == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 4096;
		struct result *n = realloc(c->res, cap * sizeof(*n));

		if (!n)
			return;
		c->res = n;
		c->cap = cap;
	}
	r = &c->res[c->nres++];
	r->lat = lat;
	r->server = name ? server_index(c, name) : -1;
	if (r->server < 0)
		r->lat = UINT64_MAX;
}

static void
finish(struct req *r, bool ok)
{
	struct cli *c = r->c;
	ev_time_t now = ev_now_update(c->loop);

	r->buf[r->len < NAME_MAX_LEN ? r->len : NAME_MAX_LEN - 1] = '\0';
	r->buf[strcspn(r->buf, "\r\n")] = '\0';
	record(c, r->due, ok ? now - r->due : UINT64_MAX,
	       ok && r->buf[0] ? r->buf : NULL);
	ev_io_stop(c->loop, &r->io);
	ev_timer_stop(c->loop, &r->timeout);
	if (r->fd >= 0)
		close(r->fd);
	free(r);
	c->outstanding--;
	if (!c->outstanding && c->next_due >= c->end)
		ev_break(c->loop);
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct req *r = arg;
	ssize_t n;

	if (io->events & EV_WRITE) {
		/* connected (or not): send the request line */
		if (send(r->fd, "GET\n", 4, MSG_NOSIGNAL) != 4) {
			finish(r, false);
			return;
		}
		ev_io_modify(loop, io, EV_READ);
		return;
	}
	(void)revents;
	n = recv(r->fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0) {
		r->len += (size_t)n;
		if (r->len < sizeof(r->buf) - 1)
			return;
	}
	finish(r, n == 0 || r->len > 0);
}

static void
on_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	finish(arg, false);
}

static void
start_one(struct cli *c, ev_time_t due)
{
	struct req *r = calloc(1, sizeof(*r));

	c->started++;
	if (!r) {
		record(c, due, UINT64_MAX, NULL);
		return;
	}
	r->c = c;
	r->due = due;
	c->outstanding++;
	ev_io_init(&r->io, on_io, r);
	ev_timer_init(&r->timeout, on_timeout, r);
	r->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (r->fd < 0 ||
	    (connect(r->fd, (struct sockaddr *)&c->to, sizeof(c->to)) < 0 &&
	     errno != EINPROGRESS) ||
	    ev_io_start(c->loop, &r->io, r->fd, EV_WRITE) < 0) {
		finish(r, false);
		return;
	}
	ev_timer_start_at(c->loop, &r->timeout, due + c->tmo);
}

/* Start every request due by now; arm the timer for the next one. */
static void
on_arrive(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct cli *c = arg;
	ev_time_t now = ev_now_update(loop);

	while (c->next_due <= now && c->next_due < c->end) {
		start_one(c, c->next_due);
		c->next_due += (ev_time_t)(-log(1.0 - erand48(c->rnd)) /
					   c->rate * 1e6) +
			       1;
	}
	if (c->next_due < c->end)
		ev_timer_start_at(loop, t, c->next_due);
	else if (!c->outstanding)
		ev_break(loop);
}

static int
cmp_lat(const void *a, const void *b)
{
	ev_time_t x = *(const ev_time_t *)a, y = *(const ev_time_t *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of the latencies of `server` (-2: all), in ms. */
static double
quantile(const struct cli *c, int server, double q, size_t *count)
{
	ev_time_t *v = malloc((c->nres + 1) * sizeof(*v));
	size_t n = 0;
	double out;

	for (size_t i = 0; v && i < c->nres; i++)
		if (server == -2 || c->res[i].server == server)
			v[n++] = c->res[i].lat;
	*count = n;
	if (!n) {
		free(v);
		return NAN;
	}
	qsort(v, n, sizeof(*v), cmp_lat);
	out = v[(size_t)(q * (double)(n - 1) + 0.5)];
	out = out == (double)UINT64_MAX ? INFINITY : out / 1000.0;
	free(v);
	return out;
}

static void
report(const struct cli *c, const char *label)
{
	size_t n, k, failed = 0;

	for (size_t i = 0; i < c->nres; i++)
		failed += c->res[i].server < 0;
	printf("run=%s requests=%zu failed=%zu", label, c->nres, failed);
	printf(" p50_ms=%.1f", quantile(c, -2, 0.50, &n));
	printf(" p90_ms=%.1f", quantile(c, -2, 0.90, &n));
	printf(" p99_ms=%.1f", quantile(c, -2, 0.99, &n));
	printf(" max_ms=%.1f", quantile(c, -2, 1.0, &n));
	for (int i = 0; i < c->nnames; i++) {
		double p99 = quantile(c, i, 0.99, &k);

		printf(" %s_share=%.1f%% %s_p99_ms=%.1f", c->names[i],
		       n ? 100.0 * (double)k / (double)n : 0.0, c->names[i],
		       p99);
	}
	printf("\n");
}

static void
usage(void)
{
	fprintf(stderr,
		"usage: lb_client -c ADDR -p PORT -r RATE -d SECONDS "
		"[-w WARMUP_S]\n"
		"                 [-T TIMEOUT_MS] [-s SEED] [-l LABEL]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct cli c = {.rate = 0, .rnd = {1, 2, 3}};
	struct rlimit rl = {65536, 65536};
	const char *addr = NULL, *label = "run";
	double secs = 0, warm = 10, tmo_ms = 30000;
	int port = 0, opt;
	long seed = 1;

	c.to.sin_family = AF_INET;
	while ((opt = getopt(argc, argv, "c:p:r:d:w:T:s:l:")) != -1) {
		switch (opt) {
		case 'c':
			addr = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'r':
			c.rate = atof(optarg);
			break;
		case 'd':
			secs = atof(optarg);
			break;
		case 'w':
			warm = atof(optarg);
			break;
		case 'T':
			tmo_ms = atof(optarg);
			break;
		case 's':
			seed = atol(optarg);
			break;
		case 'l':
			label = optarg;
			break;
		default:
			usage();
		}
	}
	if (!addr || inet_pton(AF_INET, addr, &c.to.sin_addr) != 1 ||
	    port <= 0 || port > 65535 || !(c.rate > 0) || !(secs > 0) ||
	    secs > 3600 || c.rate * secs > 1e7 || !(tmo_ms > 0))
		usage();
	c.to.sin_port = htons((uint16_t)port);
	c.rnd[0] = (unsigned short)seed;
	c.rnd[1] = (unsigned short)(seed >> 16);
	setrlimit(RLIMIT_NOFILE, &rl);
	if (!(c.loop = ev_loop_new()))
		return 1;
	c.start = c.next_due = ev_now_update(c.loop);
	c.end = c.start + (ev_time_t)(secs * 1e6);
	c.warm = c.start + (ev_time_t)(warm * 1e6);
	c.tmo = (ev_time_t)(tmo_ms * 1000);
	ev_timer_init(&c.arrive, on_arrive, &c);
	on_arrive(c.loop, &c.arrive, &c);
	if (c.outstanding || c.next_due < c.end)
		ev_run(c.loop);
	report(&c, label);
	return 0;
}
