// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_conf: how long the reader takes on a large config.
 *
 *   bench_conf [VS [RS [RUNS]]]     default 2500 virtual servers x 16 real
 *                                   servers, each with a TCP_CHECK, 5 runs
 *
 * Writes the config to a temporary file, then times conf_load() (read,
 * preprocess, parse, validate) and conf_free(); prints the best and the
 * median run. Not a timed test: a measurement for the closing note.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/conf/conf.h"
#include "core/conf/conf_int.h"
#include "core/conf/conf_model.h"

static double
now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
write_config(FILE *f, int nvs, int nrs)
{
	fprintf(f, "global_defs {\n  router_id bench\n}\n");
	for (int v = 0; v < nvs; v++) {
		fprintf(f,
			"virtual_server 10.%d.%d.1 80 {\n"
			"  delay_loop 6\n  lvs_sched wrr\n  lvs_method NAT\n"
			"  protocol TCP\n",
			v / 250, v % 250);
		for (int r = 0; r < nrs; r++)
			fprintf(f,
				"  real_server 172.16.%d.%d 8080 {\n"
				"    weight 1\n    TCP_CHECK {\n"
				"      connect_timeout 3\n    }\n  }\n",
				(v * nrs + r) / 250, (v * nrs + r) % 250 + 1);
		fprintf(f, "}\n");
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	int nvs = argc > 1 ? atoi(argv[1]) : 2500;
	int nrs = argc > 2 ? atoi(argv[2]) : 16;
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	char path[] = "/tmp/vigil-bench-conf-XXXXXX";
	double t[64], cpu[64];
	size_t model = 0;
	int fd = mkstemp(path);
	FILE *f;
	long size;

	if (fd < 0 || !(f = fdopen(fd, "w")) || runs < 1 || runs > 64)
		return 2;
	write_config(f, nvs, nrs);
	size = ftell(f);
	fclose(f);
	for (int i = 0; i < runs; i++) {
		struct conf_diags d;
		struct conf *c;
		double t0 = now(CLOCK_MONOTONIC);
		double c0 = now(CLOCK_PROCESS_CPUTIME_ID);

		conf_diags_init(&d);
		c = conf_load(path, NULL, &d, NULL, NULL);
		if (!c || d.errors) {
			conf_diags_print(&d, stderr);
			return 1;
		}
		model = conf_arena_size(c->arena);
		conf_free(c);
		conf_diags_free(&d);
		t[i] = now(CLOCK_MONOTONIC) - t0;
		cpu[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	unlink(path);
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
	qsort(cpu, (size_t)runs, sizeof(cpu[0]), cmp_double);
	printf("%d virtual servers x %d real servers (%d TCP_CHECKs), "
	       "%.1f MB of config: load+validate+free wall best %.0f ms "
	       "median %.0f ms, CPU best %.0f ms median %.0f ms (%d runs)\n",
	       nvs, nrs, nvs * nrs, (double)size / 1e6, t[0] * 1e3,
	       t[runs / 2] * 1e3, cpu[0] * 1e3, cpu[runs / 2] * 1e3, runs);
	printf("model: %.1f MB, %zu bytes per real server with its "
	       "checker\n",
	       (double)model / 1e6, model / (size_t)(nvs * nrs));
	return 0;
}
