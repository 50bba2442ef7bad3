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
/* A family of one sample without labels. */
void om_single(FILE *f, const char *name, const char *type, const char *help,
	       double value);
/* Reading the model's JSON: core/runtime/json_get.h. */
#include "core/runtime/json_get.h"

#endif
