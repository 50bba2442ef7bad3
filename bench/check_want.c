// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_want: what the check child pays per config and per health change
 * at scale, without a kernel.
 *
 *   check_want [-v VIRTUAL_SERVERS] [-r REAL_SERVERS_EACH] [-k REPEAT]
 *
 * Generates a keepalived.conf text (TCP_CHECK on every real server),
 * parses and validates it (conf_parse, conf_validate), translates it to
 * the engine's config (chk_conf_from_model) and builds the desired IPVS
 * table (chk_ipvs_want) REPEAT times with one real server down each time,
 * as a health change does, then hands it over the way the child does
 * (copy, sort). Prints one JSON object with the time of each step.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/xlate.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"

struct down {
	size_t v, r;
};

static bool
rs_dest(void *arg, size_t v, size_t r, int64_t *w)
{
	const struct down *d = arg;

	*w = 1;
	return !(v == d->v && r == d->r);
}

static bool
sorry_in(void *arg, size_t v)
{
	(void)arg;
	(void)v;
	return false;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *
gen(size_t nvs, size_t nrs, size_t *len)
{
	size_t cap = 256 + nvs * (120 + nrs * 120), at = 0;
	char *t = malloc(cap);

	for (size_t v = 0; t && v < nvs; v++) {
		at += (size_t)snprintf(t + at, cap - at,
				       "virtual_server 10.%zu.%zu.%zu 80 {\n"
				       "  protocol TCP\n"
				       "  delay_loop 1\n  lb_algo wlc\n",
				       100 + v / 65536, v / 256 % 256, v % 256);
		for (size_t r = 0; r < nrs; r++)
			at += (size_t)snprintf(t + at, cap - at,
					       "  real_server 10.%zu.%zu.%zu "
					       "8080 {\n    TCP_CHECK {\n"
					       "      connect_timeout 1\n"
					       "    }\n  }\n",
					       (v * nrs + r) / 65536,
					       (v * nrs + r) / 256 % 256,
					       (v * nrs + r) % 256);
		at += (size_t)snprintf(t + at, cap - at, "}\n");
	}
	*len = at;
	return t;
}

static int
build(const struct conf *c, size_t nvs, size_t nrs, size_t k, double *ms)
{
	char err[256];
	double t0 = now_ms();

	for (size_t i = 0; i < k; i++) {
		struct down d = {i % nvs, i % nrs};
		struct chk_health h = {rs_dest, sorry_in, &d};
		struct ipvs_table t, copy;

		ipvs_table_init(&t);
		ipvs_table_init(&copy);
		if (chk_ipvs_want(c, &h, &t, err, sizeof(err)) < 0 ||
		    ipvs_table_copy(&copy, &t) < 0 ||
		    ipvs_table_sort(&copy, NULL, NULL) < 0) {
			fprintf(stderr, "check_want: %s\n", err);
			return -1;
		}
		ipvs_table_free(&t);
		ipvs_table_free(&copy);
	}
	*ms = (now_ms() - t0) / (double)k;
	return 0;
}

int
main(int argc, char **argv)
{
	size_t nvs = 1000, nrs = 5, k = 20, len;
	double t0, parse, xlate, want;
	struct conf_diags d;
	struct chk_conf *cc;
	struct conf *c;
	char err[256], *text;
	int o;

	while ((o = getopt(argc, argv, "v:r:k:")) != -1) {
		size_t n = strtoul(optarg, NULL, 10);

		if (o == 'v')
			nvs = n ? n : 1;
		else if (o == 'r')
			nrs = n ? n : 1;
		else if (o == 'k')
			k = n ? n : 1;
		else
			return 2;
	}
	if (!(text = gen(nvs, nrs, &len)))
		return 1;
	conf_diags_init(&d);
	t0 = now_ms();
	c = conf_parse(text, len, NULL, &d);
	if (!c || conf_validate(c, NULL, &d) < 0) {
		conf_diags_print(&d, stderr);
		return 1;
	}
	parse = now_ms() - t0;
	t0 = now_ms();
	if (!(cc = chk_conf_from_model(c, err, sizeof(err)))) {
		fprintf(stderr, "check_want: %s\n", err);
		return 1;
	}
	xlate = now_ms() - t0;
	if (build(c, nvs, nrs, k, &want) < 0)
		return 1;
	printf("{\"virtual_servers\":%zu,\"real_servers\":%zu,"
	       "\"parse_validate_ms\":%.1f,\"engine_conf_ms\":%.1f,"
	       "\"desired_table_ms\":%.2f}\n",
	       nvs, nvs * nrs, parse, xlate, want);
	chk_conf_free(cc);
	conf_free(c);
	conf_diags_free(&d);
	free(text);
	return 0;
}
