/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing the Prometheus text exposition format (version 0.0.4, which
 * OpenMetrics parsers read too): a family's HELP and TYPE, then its
 * samples, label values escaped. Pure: writes to a stdio stream.
 */
#ifndef VIGIL_MGMT_OM_H
#define VIGIL_MGMT_OM_H

#include <stdint.h>
#include <stdio.h>

struct json_object;

#define OM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* "# HELP name help" and "# TYPE name type". */
void om_family(FILE *f, const char *name, const char *type, const char *help);
/* name{k1="v1",...} value; labels: key, value, ..., NULL. */
void om_sample(FILE *f, const char *name, const char *const *labels,
	       double value);
/* The number in o's member k (0 when absent). */
double om_num(struct json_object *o, const char *k);
/* The string in o's member k ("" when absent). */
const char *om_str(struct json_object *o, const char *k);
/* o's member k if it is an array, else NULL. */
struct json_object *om_array(struct json_object *o, const char *k);

#endif
