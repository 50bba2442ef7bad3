/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigil-agent's metrics: what fraction of its weight a real server should
 * get, sampled on a timer. Pure functions over the text of /proc files,
 * so they are unit-tested without a machine's load.
 */
#ifndef VIGIL_CHECK_AGENT_METRIC_H
#define VIGIL_CHECK_AGENT_METRIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu_sample {
	uint64_t idle, total;
};

/* /proc/loadavg text and the CPU count: 100% idle .. 0% at load = cpus.
 * -1 if the text does not parse. */
int metric_load_pct(const char *loadavg, int cpus);
/* The "cpu " line of /proc/stat into a sample; -1 if it does not parse. */
int metric_cpu_sample(const char *stat, struct cpu_sample *s);
/* Idle share between two samples, 0..100 (100 if no time passed). */
int metric_idle_pct(const struct cpu_sample *a, const struct cpu_sample *b);
/* The reply line: "up ready 75%", "drain", "maint #why"..., with a NUL,
 * no newline. pct is clamped to [min_pct, 100]. */
void metric_reply(char *buf, size_t len, int pct, int min_pct, bool drain,
		  bool maint);

#endif
