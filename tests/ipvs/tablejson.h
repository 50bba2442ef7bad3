/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test tool's table format: a desired IPVS table as JSON, and ways to
 * print a table (as JSON, as `ipvsadm -Sn` lines, as a listing).
 *
 *   { "timeouts": { "tcp": 900, "tcpfin": 120, "udp": 300 },
 *     "services": [
 *       { "protocol": "tcp", "address": "192.0.2.10", "port": 80,
 *         "scheduler": "wrr", "flags": ["sh-port"], "ops": false,
 *         "persistence": { "timeout": 300, "netmask": "255.255.255.0" },
 *         "pe": "sip",
 *         "destinations": [
 *           { "address": "10.0.0.11", "port": 8080, "forward": "nat",
 *             "weight": 3, "upper": 0, "lower": 0,
 *             "tunnel": { "type": "gue", "port": 6080,
 *                         "flags": ["csum"] } } ] },
 *       { "fwmark": 7, "family": "inet6", ... } ] }
 *
 * Families follow the addresses; a v6 persistence netmask is a prefix
 * length. Defaults: scheduler wlc, forward nat, weight 1, a destination's
 * port the service's, persistence timeout 360. Unknown keys are errors.
 */
#ifndef VIGIL_TESTS_IPVS_TABLEJSON_H
#define VIGIL_TESTS_IPVS_TABLEJSON_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "ipvs/model.h"

struct tj_extra {
	bool has_timeouts;
	struct ipvs_timeouts timeouts;
};

/* 0, or -1 with a message naming the place in err. */
int tj_parse(json_object *root, struct ipvs_table *t, struct tj_extra *x,
	     char *err, size_t errlen);
json_object *tj_from_table(const struct ipvs_table *t, bool stats);
/* The lines `ipvsadm -Sn` prints for t (in t's order). */
void tj_print_save(const struct ipvs_table *t, FILE *f);

#endif
