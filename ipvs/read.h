/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the kernel's table back: one dump of the services, then one
 * dump of destinations per service, all through the pipelined client.
 * The result is sorted and normalized, ready to be compared.
 */
#ifndef VIGIL_IPVS_READ_H
#define VIGIL_IPVS_READ_H

#include "ipvs/model.h"
#include "ipvs/nl.h"

/* err 0, or a positive errno; t is complete only when err is 0. */
typedef void (*ipvs_read_cb)(void *arg, int err);

/*
 * Fill t (initialized and empty) from the kernel; done runs from a later
 * ipvs_nl_pump(). t must stay valid until then. 0, or -1 with errno if
 * nothing could be queued (done will not run).
 */
int ipvs_read_start(struct ipvs_nl *nl, struct ipvs_table *t, ipvs_read_cb done,
		    void *arg);
/* Blocking: 0, or -1 with errno. */
int ipvs_read_table(struct ipvs_nl *nl, struct ipvs_table *t);

#endif
