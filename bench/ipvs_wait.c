// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Times how long a program takes to load an IPVS table: starts it, polls
 * the kernel until it holds NSVC services and NSVC x NDEST destinations,
 * prints the milliseconds, then lets the program end (or, with -k, stops
 * it with SIGTERM, for daemons such as keepalived).
 *
 *   ipvs_wait [-k] NSVC NDEST PROGRAM [ARGS...]
 *
 * Polling uses the old sockopt interface, which counts cheaply: the
 * number of services (IP_VS_SO_GET_INFO), and once they are all there the
 * destinations of each (IP_VS_SO_GET_SERVICES). Every 2 ms; each program
 * measured pays the same.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/ip_vs.h>

#include "bench/ipvs_table.h"

#define POLL_NS 2000000L
#define LIMIT_S 900

/* Destinations in the kernel, once all nsvc services are there; else -1. */
static long
count_dests(int fd, unsigned nsvc, struct ip_vs_get_services *gs, size_t gsz)
{
	struct ip_vs_getinfo info;
	socklen_t len = sizeof(info);
	long n = 0;

	if (getsockopt(fd, IPPROTO_IP, IP_VS_SO_GET_INFO, &info, &len) < 0 ||
	    info.num_services != nsvc)
		return -1;
	gs->num_services = nsvc;
	len = (socklen_t)gsz;
	if (getsockopt(fd, IPPROTO_IP, IP_VS_SO_GET_SERVICES, gs, &len) < 0)
		return -1;
	for (unsigned i = 0; i < gs->num_services; i++)
		n += gs->entrytable[i].num_dests;
	return n;
}

int
main(int argc, char **argv)
{
	struct timespec tick = {0, POLL_NS};
	struct ip_vs_get_services *gs;
	unsigned nsvc, ndest;
	int fd, kill_it = 0, status = 0;
	size_t gsz;
	double t0;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "-k")) {
		kill_it = 1;
		argv++;
		argc--;
	}
	if (argc < 4) {
		fprintf(stderr,
			"usage: ipvs_wait [-k] NSVC NDEST PROGRAM [ARGS]\n");
		return 2;
	}
	nsvc = (unsigned)atoi(argv[1]);
	ndest = (unsigned)atoi(argv[2]);
	gsz = sizeof(*gs) + nsvc * sizeof(gs->entrytable[0]);
	gs = calloc(1, gsz);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (!gs || fd < 0) {
		perror("ipvs_wait");
		return 1;
	}
	t0 = bench_now_ms();
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* the figure is ours to print; the program's chatter goes */
		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	while (count_dests(fd, nsvc, gs, gsz) != (long)nsvc * ndest) {
		if (waitpid(pid, &status, WNOHANG) == pid &&
		    (!WIFEXITED(status) || WEXITSTATUS(status))) {
			fprintf(stderr, "ipvs_wait: %s failed\n", argv[3]);
			return 1;
		}
		if (bench_now_ms() - t0 > LIMIT_S * 1e3) {
			fprintf(stderr, "ipvs_wait: not loaded in %d s\n",
				LIMIT_S);
			kill(pid, SIGKILL);
			return 1;
		}
		nanosleep(&tick, NULL);
	}
	printf("%.0f\n", bench_now_ms() - t0);
	fflush(stdout);
	if (kill_it)
		kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	return 0;
}
