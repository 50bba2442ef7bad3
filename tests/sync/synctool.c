// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sync scenarios' helper (tests/vm/sync_*.sh):
 *
 *   synctool hold -c ADDR -p PORT -n N [-i INTERVAL_MS] [-t TIMEOUT_MS]
 *                 [-d SECONDS] [-s STATUS_FILE]
 *     opens N TCP connections to ADDR:PORT (an echo service behind a
 *     virtual server) and keeps them: every INTERVAL (200 ms) it writes a
 *     numbered line on each and expects it back within TIMEOUT (30 s). A
 *     connection is broken when it fails, is closed, or misses the
 *     timeout. Every second, and at the end (SECONDS, 600, or SIGTERM),
 *     it writes "connections=N alive=A broken=B echoes=E after_mark=M" to
 *     STATUS_FILE (and stdout at the end); alive counts the connections
 *     that are not broken and had an echo in the last TIMEOUT, after_mark
 *     those that had one since the last SIGUSR1 (a test marks a failover
 *     with it). SIGUSR2 pauses the lines (the connections stay open and
 *     idle: a bulk resync test) until the next SIGUSR1.
 *
 *   synctool flood -c ADDR -p PORT -n N -a SRC [-a SRC...]
 *     sends one UDP datagram to ADDR:PORT from each of N (source address,
 *     source port) pairs: ports 1024-65535 of the first SRC, then of the
 *     next... (a raw socket per source; checksum 0, which IPv4 allows),
 *     so that a UDP virtual server holds N connections (bench/
 *     resync_bench.sh). Paced: a pause of 1 ms every 64 datagrams.
 *
 *   synctool send -g GROUP -p PORT -a IFADDR FILE
 *     sends FILE's bytes as one UDP datagram to GROUP:PORT out of the
 *     interface that has IFADDR (a hand-made sync message).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024

struct conn {
	int fd;
	bool broken;
	uint64_t sent, echoed; /* line numbers */
	uint64_t sent_ms;      /* when the line awaited went out */
	uint64_t last_echo_ms;
	char in[64];
	size_t inlen;
};

static volatile sig_atomic_t stop, marked, paused;
static uint64_t mark_ms = UINT64_MAX;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void
on_mark(int sig)
{
	(void)sig;
	marked = 1;
	paused = 0;
}

static void
on_pause(int sig)
{
	(void)sig;
	paused = 1;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
dial(const struct sockaddr_in *to)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 ||
	    connect(fd, (const struct sockaddr *)to, sizeof(*to)) < 0) {
		perror("synctool: connect");
		exit(1);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* Read what came back; a full line must be the one awaited. */
static void
receive(struct conn *c, uint64_t now)
{
	ssize_t n = read(c->fd, c->in + c->inlen, sizeof(c->in) - 1 - c->inlen);
	char *nl;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		c->broken = true;
		return;
	}
	c->inlen += (size_t)n;
	c->in[c->inlen] = '\0';
	while ((nl = strchr(c->in, '\n'))) {
		*nl = '\0';
		if (strtoull(c->in, NULL, 10) != c->echoed + 1) {
			c->broken = true;
			return;
		}
		c->echoed++;
		c->last_echo_ms = now;
		c->inlen -= (size_t)(nl + 1 - c->in);
		memmove(c->in, nl + 1, c->inlen + 1);
	}
	if (c->inlen >= sizeof(c->in) - 1)
		c->broken = true;
}

/* The next line, once the one before came back. */
static void
send_next(struct conn *c, uint64_t now, uint64_t timeout)
{
	char line[32];
	int len;

	if (c->broken)
		return;
	if (c->sent > c->echoed) {
		if (now - c->sent_ms > timeout)
			c->broken = true;
		return;
	}
	len = snprintf(line, sizeof(line), "%llu\n",
		       (unsigned long long)(c->sent + 1));
	if (write(c->fd, line, (size_t)len) != len) {
		c->broken = true;
		return;
	}
	c->sent++;
	c->sent_ms = now;
}

static void
report(const struct conn *cs, unsigned n, uint64_t now, uint64_t timeout,
       const char *path, bool out)
{
	unsigned alive = 0, broken = 0, after = 0;
	unsigned long long echoes = 0;
	char line[160];
	FILE *f;

	for (unsigned i = 0; i < n; i++) {
		broken += cs[i].broken;
		alive += !cs[i].broken && now - cs[i].last_echo_ms <= timeout;
		after += !cs[i].broken && mark_ms != UINT64_MAX &&
			 cs[i].last_echo_ms > mark_ms;
		echoes += cs[i].echoed;
	}
	snprintf(
		line, sizeof(line),
		"connections=%u alive=%u broken=%u echoes=%llu after_mark=%u\n",
		n, alive, broken, echoes, after);
	if (path && (f = fopen(path, "w"))) {
		fputs(line, f);
		fclose(f);
	}
	if (out)
		fputs(line, stdout);
}

static int
hold(int argc, char **argv)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	unsigned n = 10, interval = 200, secs = 600;
	uint64_t timeout = 30000, t0, next = 0, rep = 0;
	const char *status = NULL;
	static struct conn cs[MAX_CONNS];
	static struct pollfd pf[MAX_CONNS];
	int o;

	while ((o = getopt(argc, argv, "c:p:n:i:t:d:s:")) != -1) {
		switch (o) {
		case 'c':
			inet_pton(AF_INET, optarg, &to.sin_addr);
			break;
		case 'p':
			to.sin_port = htons((uint16_t)atoi(optarg));
			break;
		case 'n':
			n = (unsigned)atoi(optarg);
			break;
		case 'i':
			interval = (unsigned)atoi(optarg);
			break;
		case 't':
			timeout = strtoull(optarg, NULL, 10);
			break;
		case 'd':
			secs = (unsigned)atoi(optarg);
			break;
		case 's':
			status = optarg;
			break;
		default:
			return 2;
		}
	}
	if (!n || n > MAX_CONNS || !to.sin_port)
		return 2;
	t0 = now_ms();
	for (unsigned i = 0; i < n; i++) {
		cs[i].fd = dial(&to);
		cs[i].last_echo_ms = t0;
		pf[i] = (struct pollfd){cs[i].fd, POLLIN, 0};
	}
	while (!stop && now_ms() - t0 < secs * 1000ull) {
		uint64_t now = now_ms();

		if (marked) {
			marked = 0;
			mark_ms = now;
			rep = now;
		}
		if (now >= next && !paused) {
			for (unsigned i = 0; i < n; i++)
				send_next(&cs[i], now, timeout);
			next = now + interval;
		}
		if (now >= rep) {
			report(cs, n, now, timeout, status, false);
			rep = now + 1000;
		}
		if (poll(pf, n, 50) > 0)
			for (unsigned i = 0; i < n; i++)
				if (pf[i].revents && !cs[i].broken)
					receive(&cs[i], now_ms());
	}
	report(cs, n, now_ms(), timeout, status, true);
	return 0;
}

#define FLOOD_SRCS 8

static int
flood(int argc, char **argv)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	int fd[FLOOD_SRCS], nsrc = 0, o;
	unsigned long n = 0, sent = 0;
	uint8_t pkt[9] = {0};

	while ((o = getopt(argc, argv, "c:p:n:a:")) != -1) {
		struct sockaddr_in src = {.sin_family = AF_INET};

		switch (o) {
		case 'c':
			inet_pton(AF_INET, optarg, &to.sin_addr);
			break;
		case 'p':
			to.sin_port = htons((uint16_t)atoi(optarg));
			break;
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 'a':
			if (nsrc == FLOOD_SRCS ||
			    inet_pton(AF_INET, optarg, &src.sin_addr) != 1)
				return 2;
			fd[nsrc] = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
			if (fd[nsrc] < 0 ||
			    bind(fd[nsrc], (struct sockaddr *)&src,
				 sizeof(src)) < 0) {
				perror("synctool: raw socket");
				return 1;
			}
			nsrc++;
			break;
		default:
			return 2;
		}
	}
	if (!nsrc || !to.sin_port || n > (unsigned long)nsrc * 64512)
		return 2;
	memcpy(pkt + 2, &to.sin_port, 2);
	pkt[5] = sizeof(pkt); /* UDP length; checksum 0: none */
	for (int s = 0; s < nsrc && sent < n; s++)
		for (unsigned port = 1024; port < 65536 && sent < n; port++) {
			pkt[0] = (uint8_t)(port >> 8);
			pkt[1] = (uint8_t)port;
			while (sendto(fd[s], pkt, sizeof(pkt), 0,
				      (struct sockaddr *)&to, sizeof(to)) < 0) {
				if (errno != ENOBUFS && errno != EAGAIN) {
					perror("synctool: send");
					return 1;
				}
				usleep(1000);
			}
			if (++sent % 64 == 0)
				usleep(1000);
		}
	printf("sent=%lu\n", sent);
	return 0;
}

static int
send_file(int argc, char **argv)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	struct in_addr ifa = {0};
	unsigned char buf[65536];
	size_t len;
	FILE *f;
	int o, fd;

	while ((o = getopt(argc, argv, "g:p:a:")) != -1) {
		switch (o) {
		case 'g':
			inet_pton(AF_INET, optarg, &to.sin_addr);
			break;
		case 'p':
			to.sin_port = htons((uint16_t)atoi(optarg));
			break;
		case 'a':
			inet_pton(AF_INET, optarg, &ifa);
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc || !(f = fopen(argv[optind], "rb")))
		return 2;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &ifa, sizeof(ifa)) <
		    0 ||
	    sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("synctool: send");
		return 1;
	}
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGUSR1, on_mark);
	signal(SIGUSR2, on_pause);
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && !strcmp(argv[1], "hold"))
		return hold(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "send"))
		return send_file(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "flood"))
		return flood(argc - 1, argv + 1);
	fprintf(stderr,
		"usage: synctool hold|flood|send ... (see the source)\n");
	return 2;
}
