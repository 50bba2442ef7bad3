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
/* A histogram's samples: name_bucket{labels...,le="B"} cumulative for
 * each of the nb bounds and +Inf, name_sum, name_count. counts: nb + 1,
 * not cumulative (the last above the highest bound). At most 8 labels. */
void om_histogram(FILE *f, const char *name, const char *const *labels,
		  size_t nb, const double *le, const double *counts,
		  double sum);
/* Reading the model's JSON: core/runtime/json_get.h. */
#include "core/runtime/json_get.h"

#endif
