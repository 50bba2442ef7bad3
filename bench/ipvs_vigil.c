// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigil's side of the IPVS benchmark: the benchmark's table built in
 * memory, as the check child will have it from the parsed config, and
 * converged to with the library exactly as the daemon does (read the
 * kernel, reconcile, claim ownership in the state file, pipeline the
 * changes). With several variants, each is applied in turn by the same
 * converger, as reloads, and each pass is timed.
 *
 *   ipvs_vigil [-s STATE] NSVC NDEST [VARIANT...]
 *
 * Variants: base (the default: bench/ipvs_table.h); changed (1% of the
 * entries, four kinds of operation: every 100th service becomes
 * persistent, every 200th destination over the whole table gets weight
 * 2, every 400th goes, every 25th service gets 10.201.0.1); sched (every
 * 100th service moves to rr: the kernel waits for an RCU grace period on
 * each scheduler change).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/ipvs_table.h"
#include "ipvs/conv.h"

static void
add_dest(struct ipvs_service *s, uint32_t addr, int weight)
{
	struct ipvs_dest d = {.fwd = IPVS_FWD_NAT, .weight = weight};

	d.key.af = AF_INET;
	d.key.port = BENCH_DEST_PORT;
	d.key.addr.v4.s_addr = addr;
	ipvs_service_add_dest(s, &d);
}

static void
build(struct ipvs_table *t, unsigned nsvc, unsigned ndest, const char *v)
{
	bool changed = !strcmp(v, "changed"), sched = !strcmp(v, "sched");

	ipvs_table_init(t);
	for (unsigned i = 0; i < nsvc; i++) {
		struct ipvs_service s = {.netmask = 0xffffffffu}, *ns;

		s.key.af = AF_INET;
		s.key.protocol = IPPROTO_TCP;
		s.key.port = BENCH_SVC_PORT;
		s.key.addr.v4.s_addr = bench_svc_addr(i);
		strcpy(s.sched, sched && i % 100 == 0 ? "rr" : "wrr");
		if (changed && i % 100 == 0) {
			s.flags = IP_VS_SVC_F_PERSISTENT;
			s.timeout = 300;
		}
		ns = ipvs_table_add(t, &s);
		for (unsigned k = 0; k < ndest; k++) {
			unsigned g = i * ndest + k;

			if (changed && g % 400 == 150)
				continue;
			add_dest(ns, bench_dest_addr(k),
				 changed && g % 200 == 50 ? 2 : 1);
		}
		if (changed && i % 25 == 5)
			add_dest(ns, htonl(0x0ac90001u), 1);
	}
}

struct outcome {
	size_t ops, failed;
	int error;
};

static void
on_pass(void *arg, const struct ipvs_pass *p)
{
	struct outcome *o = arg;

	o->ops = p->plan->n;
	o->failed = p->failed + p->skipped;
	o->error = p->error;
}

int
main(int argc, char **argv)
{
	static char *base[] = {"base"};
	struct ipvs_conv_opts opts = {0};
	struct outcome out = {0};
	struct ipvs_conv *c;
	struct ipvs_nl *nl;
	unsigned nsvc, ndest;
	int opt, rc = 0, nvariants;
	char **variants;

	while ((opt = getopt(argc, argv, "s:")) != -1) {
		if (opt != 's')
			goto usage;
		opts.state_path = optarg;
	}
	if (argc - optind < 2)
		goto usage;
	nsvc = (unsigned)atoi(argv[optind]);
	ndest = (unsigned)atoi(argv[optind + 1]);
	nl = ipvs_nl_open();
	c = nl ? ipvs_conv_new(nl, &opts, on_pass, &out) : NULL;
	if (!c) {
		fprintf(stderr, "ipvs_vigil: %s\n", strerror(errno));
		return 1;
	}
	variants = argc - optind > 2 ? argv + optind + 2 : base;
	nvariants = argc - optind > 2 ? argc - optind - 2 : 1;
	for (int v = 0; v < nvariants && !rc; v++) {
		const char *variant = variants[v];
		struct ipvs_table t;
		double t0;

		build(&t, nsvc, ndest, variant);
		t0 = bench_now_ms();
		ipvs_conv_set(c, &t, NULL);
		ipvs_conv_kick(c, 0);
		while (ipvs_conv_busy(c) && ipvs_nl_wait(nl, 600000) == 0)
			;
		printf("%s: %zu operations, %.1f ms\n", variant, out.ops,
		       bench_now_ms() - t0);
		rc = out.failed || out.error || ipvs_conv_busy(c);
	}
	ipvs_conv_free(c);
	ipvs_nl_close(nl);
	return rc;
usage:
	fprintf(stderr,
		"usage: ipvs_vigil [-s STATE] NSVC NDEST [VARIANT...]\n");
	return 2;
}
