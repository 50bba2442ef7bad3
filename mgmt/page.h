/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The status page: the model's view (model.h) as one plain HTML page, no
 * script: VRRP instances and sync groups, virtual and real servers with
 * health and weight, the last events. Pure.
 */
#ifndef VIGIL_MGMT_PAGE_H
#define VIGIL_MGMT_PAGE_H

#include <stddef.h>
#include <stdio.h>

struct mgmt_view;

void mgmt_page_write(FILE *f, const struct mgmt_view *v);
/* malloc'd, NULL on allocation failure; *len its length. */
char *mgmt_page_html(const struct mgmt_view *v, size_t *len);

#endif
