/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bulk resync's pure core: a connection read from
 * /proc/net/ip_vs_conn_sync (conn_proc.h) made into the entry of a kernel
 * sync message (msg_enc.h), with what the file does not say taken from
 * the IPVS table (a read through ipvs/read.h): the forwarding method of
 * its destination and the firewall mark of its service. No I/O.
 */
#ifndef VIGIL_SYNC_RESYNC_H
#define VIGIL_SYNC_RESYNC_H

#include "ipvs/model.h"
#include "sync/conn_proc.h"
#include "sync/msg.h"

/*
 * The entry for p, looked up in t (sorted, as ipvs_read_start leaves it):
 * the service of (protocol, virtual address, port), else the firewall-mark
 * service of an "IP" template's mark, else any firewall-mark service with
 * that destination; then the destination (address, port). Flags: the
 * destination's forwarding method, TEMPLATE for a template, INACTIVE for
 * a connection in a state the kernel does not count as active. Timeout:
 * the seconds left (1 at least: 0 would mean the state's full timeout).
 * Returns 0, or -1 with errno ENOENT (no such destination: the service
 * went away) or EAFNOSUPPORT (a mixed-family destination: the kernel's
 * v1 entry has one family).
 */
int resync_conn(const struct ipvs_table *t, const struct sync_proc_conn *p,
		struct sync_conn *out);

#endif
