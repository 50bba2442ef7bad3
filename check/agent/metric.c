// SPDX-License-Identifier: GPL-2.0-or-later
/* vigil-agent's metrics. See metric.h. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check/agent/metric.h"

int
metric_load_pct(const char *loadavg, int cpus)
{
	double load1;
	int pct;

	if (sscanf(loadavg, "%lf", &load1) != 1 || load1 < 0 || cpus < 1)
		return -1;
	pct = (int)(100.0 - 100.0 * load1 / cpus + 0.5);
	return pct < 0 ? 0 : pct > 100 ? 100 : pct;
}

int
metric_cpu_sample(const char *stat, struct cpu_sample *s)
{
	uint64_t v[8] = {0};
	const char *p = strstr(stat, "cpu ");
	int n;

	if (!p)
		return -1;
	n = sscanf(p + 4,
		   "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		   " %" SCNu64 " %" SCNu64 " %" SCNu64,
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (n < 4)
		return -1;
	s->total = 0;
	for (int i = 0; i < 8; i++)
		s->total += v[i];
	s->idle = v[3] + v[4]; /* idle + iowait */
	return 0;
}

int
metric_idle_pct(const struct cpu_sample *a, const struct cpu_sample *b)
{
	uint64_t dt = b->total - a->total, di = b->idle - a->idle;

	if (b->total <= a->total || b->idle < a->idle)
		return 100;
	if (di > dt)
		di = dt;
	return (int)((di * 100 + dt / 2) / dt);
}

void
metric_reply(char *buf, size_t len, int pct, int min_pct, bool drain,
	     bool maint)
{
	if (maint) {
		snprintf(buf, len, "maint #maintenance file present");
		return;
	}
	if (drain) {
		snprintf(buf, len, "drain #drain file present");
		return;
	}
	if (pct < min_pct)
		pct = min_pct;
	if (pct > 100)
		pct = 100;
	snprintf(buf, len, "up ready %d%%", pct);
}
