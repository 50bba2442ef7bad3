// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvstool: a thin shell over ipvs/ for tests and benchmarks. It applies a
 * desired table written as JSON (tablejson.h) through the converger, with
 * ownership kept in a state file, and reads the kernel's table back.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipvs/conv.h"
#include "ipvs/names.h"
#include "ipvs/nl.h"
#include "ipvs/read.h"
#include "tests/ipvs/ipvstool.h"
#include "tests/ipvs/tablejson.h"

#define APPLY_TIMEOUT_MS 600000

static const char usage[] =
	"usage: ipvstool apply [-s STATE] [-f] [-r] [-n] [-q] TABLE.json...\n"
	"       ipvstool save TABLE.json\n"
	"       ipvstool dump [-j] [-S] [-c]\n"
	"       ipvstool info | flush | timeouts [TCP TCPFIN UDP]\n"
	"       ipvstool sync start master|backup IFNAME SYNCID [maxlen N]\n"
	"                [port N] [ttl N] [group ADDR]\n"
	"       ipvstool sync stop master|backup | sync show\n"
	"apply: -s ownership state file, -f also remove entries not owned,\n"
	"       -r read the kernel first (always done once), -n plan only,\n"
	"       -q print only failures and the summary; several tables are\n"
	"       applied in turn by one converger, as reloads\n"
	"dump:  -j JSON, -S with counters, -c count and time only\n";

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static struct ipvs_nl *
open_nl(void)
{
	struct ipvs_nl *nl = ipvs_nl_open();

	if (!nl) {
		fprintf(stderr,
			"ipvstool: cannot reach the kernel's IPVS: %s\n",
			strerror(errno));
		exit(1);
	}
	return nl;
}

static int
load_table(const char *path, struct ipvs_table *t, struct tj_extra *x)
{
	json_object *root = json_object_from_file(path);
	char err[256];
	int rc;

	if (!root) {
		fprintf(stderr, "ipvstool: %s: %s\n", path,
			json_util_get_last_err());
		return -1;
	}
	rc = tj_parse(root, t, x, err, sizeof(err));
	json_object_put(root);
	if (rc)
		fprintf(stderr, "ipvstool: %s: %s\n", path, err);
	return rc;
}

struct apply_opts {
	bool quiet, plan_only;
	struct ipvs_conv_opts conv;
};

static const char *
errname(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "?";
}

static void
print_op(const struct ipvs_op *op, int err, bool quiet)
{
	char s[IPVS_OP_STRLEN];

	ipvs_op_str(op, s, sizeof(s));
	if (err == IPVS_ERR_SKIPPED)
		printf("skipped: %s: its service could not be added\n", s);
	else if (err)
		printf("error: %s: %s [%s]\n", s, ipvs_op_strerror(op, err),
		       errname(err));
	else if (!quiet)
		printf("ok: %s\n", s);
}

struct apply_state {
	bool quiet;
	int rc;
};

static void
on_pass(void *arg, const struct ipvs_pass *p)
{
	struct apply_state *st = arg;
	const struct ipvs_plan *pl = p->plan;

	if (p->state_bad_lines)
		printf("warning: state file: %zu damaged lines skipped (first: "
		       "line %zu)\n",
		       p->state_bad_lines, p->state_first_bad);
	if (p->state_err)
		printf("error: state file: %s\n", strerror(p->state_err));
	if (p->error) {
		printf("error: pass: %s\n", strerror(p->error));
		st->rc = 1;
		return;
	}
	for (size_t i = 0; i < pl->n; i++)
		print_op(&pl->ops[i], p->errs[i], st->quiet);
	printf("apply: %zu operations: %zu applied, %zu failed, %zu skipped; "
	       "%zu adopted, %zu foreign kept, %zu services kept\n",
	       pl->n, p->applied, p->failed, p->skipped, pl->adopted,
	       pl->foreign_kept, pl->svcs_kept);
	if (p->failed || p->skipped || p->state_err)
		st->rc = 1;
}

static int
plan_only(struct ipvs_nl *nl, struct ipvs_table *want, const char *state)
{
	struct ipvs_table have;
	struct ipvs_keyset owned;
	struct ipvs_plan plan;
	size_t bad, first;
	char s[IPVS_OP_STRLEN];

	ipvs_table_init(&have);
	ipvs_keyset_init(&owned);
	if (ipvs_table_sort(want, NULL, NULL) < 0 ||
	    ipvs_read_table(nl, &have) < 0 ||
	    (state && ipvs_keyset_load(&owned, state, &bad, &first) < 0) ||
	    ipvs_reconcile(want, &have, &owned, NULL, &plan) < 0) {
		fprintf(stderr, "ipvstool: plan: %s\n", strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < plan.n; i++)
		printf("plan: %s\n", ipvs_op_str(&plan.ops[i], s, sizeof(s)));
	printf("plan: %zu operations; %zu adopted, %zu foreign kept\n", plan.n,
	       plan.adopted, plan.foreign_kept);
	ipvs_plan_free(&plan);
	ipvs_keyset_free(&owned);
	ipvs_table_free(&have);
	return 0;
}

/* One table through the converger: set it, run the pass, report. */
static int
converge_one(struct ipvs_conv *c, struct ipvs_nl *nl, struct ipvs_table *want,
	     struct apply_state *st)
{
	char dup[IPVS_OP_STRLEN];
	uint64_t t0 = now_us();
	struct ipvs_nl_stats s0, s1;

	ipvs_nl_get_stats(nl, &s0);
	if (ipvs_conv_set(c, want, dup) < 0) {
		fprintf(stderr, "ipvstool: %s%s\n",
			errno == EEXIST ? "twice in the table: " : "",
			errno == EEXIST ? dup : strerror(errno));
		return 2;
	}
	ipvs_conv_kick(c, now_us());
	while (ipvs_conv_busy(c)) {
		if (ipvs_nl_wait(nl, APPLY_TIMEOUT_MS) < 0) {
			fprintf(stderr, "ipvstool: apply: %s\n",
				strerror(errno));
			st->rc = 1;
			break;
		}
	}
	ipvs_nl_get_stats(nl, &s1);
	printf("apply: %llu requests in %llu datagrams, %llu answers in %llu\n",
	       (unsigned long long)(s1.requests - s0.requests),
	       (unsigned long long)(s1.datagrams_out - s0.datagrams_out),
	       (unsigned long long)(s1.replies - s0.replies),
	       (unsigned long long)(s1.datagrams_in - s0.datagrams_in));
	printf("apply: %.1f ms\n", (double)(now_us() - t0) / 1000.0);
	return st->rc;
}

/* Each file in turn with one converger, as a daemon applies a reload:
 * the kernel is read once, before the first. */
static int
converge(struct ipvs_nl *nl, char **files, int n, const struct apply_opts *o)
{
	struct apply_state st = {.quiet = o->quiet};
	struct ipvs_conv *c = ipvs_conv_new(nl, &o->conv, on_pass, &st);
	int rc = c ? 0 : 1;

	for (int i = 0; i < n && !rc; i++) {
		struct ipvs_table want;
		struct tj_extra x;

		ipvs_table_init(&want);
		if (load_table(files[i], &want, &x) < 0)
			rc = 2;
		else
			rc = converge_one(c, nl, &want, &st);
		if (!rc && x.has_timeouts &&
		    ipvs_set_timeouts(nl, &x.timeouts) < 0) {
			fprintf(stderr, "ipvstool: timeouts: %s\n",
				strerror(errno));
			rc = 1;
		}
		ipvs_table_free(&want);
	}
	ipvs_conv_free(c);
	return rc;
}

static int
cmd_apply(int argc, char **argv)
{
	struct apply_opts o = {0};
	struct ipvs_nl *nl;
	int opt, rc;

	while ((opt = getopt(argc, argv, "s:frnq")) != -1) {
		switch (opt) {
		case 's':
			o.conv.state_path = optarg;
			break;
		case 'f':
			o.conv.flush = true;
			break;
		case 'r':
			o.conv.reread = true;
			break;
		case 'n':
			o.plan_only = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind == argc || (o.plan_only && optind + 1 != argc)) {
		fputs(usage, stderr);
		return 2;
	}
	nl = open_nl();
	if (o.plan_only) {
		struct ipvs_table want;
		struct tj_extra x;

		ipvs_table_init(&want);
		rc = load_table(argv[optind], &want, &x) < 0
			     ? 2
			     : plan_only(nl, &want, o.conv.state_path);
		ipvs_table_free(&want);
	} else {
		rc = converge(nl, argv + optind, argc - optind, &o);
	}
	ipvs_nl_close(nl);
	return rc;
}

static int
cmd_save(int argc, char **argv)
{
	struct ipvs_table t;
	struct tj_extra x;

	if (argc != 2) {
		fputs(usage, stderr);
		return 2;
	}
	ipvs_table_init(&t);
	if (load_table(argv[1], &t, &x) < 0)
		return 2;
	ipvs_table_sort(&t, NULL, NULL);
	tj_print_save(&t, stdout);
	ipvs_table_free(&t);
	return 0;
}

static int
cmd_dump(int argc, char **argv)
{
	bool json = false, stats = false, count = false;
	struct ipvs_table t;
	struct ipvs_nl *nl;
	uint64_t t0;
	int opt;

	while ((opt = getopt(argc, argv, "jSc")) != -1) {
		if (opt == 'j')
			json = true;
		else if (opt == 'S')
			stats = true;
		else if (opt == 'c')
			count = true;
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	nl = open_nl();
	ipvs_table_init(&t);
	t0 = now_us();
	if (ipvs_read_table(nl, &t) < 0) {
		fprintf(stderr, "ipvstool: dump: %s\n", strerror(errno));
		ipvs_nl_close(nl);
		return 1;
	}
	if (count) {
		printf("dump: %zu services, %zu destinations in %.1f ms\n", t.n,
		       ipvs_table_count_dests(&t),
		       (double)(now_us() - t0) / 1000.0);
	} else if (json) {
		json_object *o = tj_from_table(&t, stats);

		puts(json_object_to_json_string_ext(o,
						    JSON_C_TO_STRING_PRETTY));
		json_object_put(o);
	} else {
		tj_print_save(&t, stdout);
	}
	ipvs_table_free(&t);
	ipvs_nl_close(nl);
	return 0;
}

int
main(int argc, char **argv)
{
	struct ipvs_nl *nl;
	int rc;

	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "apply"))
		return cmd_apply(argc - 1, argv + 1);
	if (!strcmp(argv[1], "save"))
		return cmd_save(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return cmd_dump(argc - 1, argv + 1);
	nl = open_nl();
	rc = cmd_misc(argv[1], argc - 2, argv + 2, nl);
	ipvs_nl_close(nl);
	if (rc == 2)
		fputs(usage, stderr);
	return rc;
}
