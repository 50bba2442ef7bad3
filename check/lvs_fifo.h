/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lines the check child writes to lvs_notify_fifo and notify_fifo,
 * as keepalived 2.2.7 writes them (pure: no I/O):
 *
 *   VS [192.0.2.10]:tcp:80 UP        quorum of a virtual server
 *   VS FWM 7 DOWN                    ... a fwmark one
 *   VS [NAME]:0 UP                   ... a virtual_server group NAME
 *   RS [10.0.0.11]:tcp:80 [192.0.2.10]:tcp:80 DOWN
 *                                    a real server of a virtual server
 *
 * Addresses as inet_ntop() writes them, in brackets for both families; the
 * protocol is the virtual server's ("none" for a fwmark service without
 * `protocol`); a real server's port is the one in the IPVS table as
 * keepalived keeps it: with NAT its own (else the service's), with DR or
 * TUN the service's, 0 in a fwmark service or a group.
 */
#ifndef VIGIL_CHECK_LVS_FIFO_H
#define VIGIL_CHECK_LVS_FIFO_H

#include <stdbool.h>
#include <stddef.h>

struct conf;
struct conf_vs;
struct conf_rs;

/* The line with its newline into out; -1 if it does not fit. */
int lvs_fifo_vs_line(const struct conf *c, const struct conf_vs *vs, bool up,
		     char *out, size_t len);
int lvs_fifo_rs_line(const struct conf *c, const struct conf_vs *vs,
		     const struct conf_rs *rs, bool up, char *out, size_t len);

#endif
