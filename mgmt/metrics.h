/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The metrics: the model's view (model.h) as Prometheus text. Names follow
 * the keepalived exporters where the meaning is the same (keepalived_*),
 * vigil's own are vigil_*; mgmt/README.md lists them all. Pure.
 */
#ifndef VIGIL_MGMT_METRICS_H
#define VIGIL_MGMT_METRICS_H

#include <stdio.h>

struct mgmt_view;
struct json_object;

void mgmt_metrics_write(FILE *f, const struct mgmt_view *v);
/* The text, malloc'd (NULL on allocation failure); *len its length. */
char *mgmt_metrics_text(const struct mgmt_view *v, size_t *len);

/* Per child, by the name of its row (metrics_vrrp.c, metrics_check.c,
 * metrics_sync.c). */
void mgmt_metrics_vrrp(FILE *f, struct json_object *data);
void mgmt_metrics_check(FILE *f, struct json_object *data);
void mgmt_metrics_sync(FILE *f, struct json_object *data);

#endif
