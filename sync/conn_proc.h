/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lines of /proc/net/ip_vs_conn_sync (the kernel's only reader of the
 * IPVS connection table: there is no netlink dump of connections), parsed
 * for the bulk resync. Pure: no I/O, no clock, no allocation. Fuzzed:
 * tests/fuzz/fuzz_sync_proc.c.
 *
 * The kernel's format (ip_vs_conn_sync_seq_show in
 * net/netfilter/ipvs/ip_vs_conn.c, 6.1), one line per connection after a
 * header line "Pro FromIP FPrt ToIP TPrt DestIP DPrt State Origin Expires":
 *
 *   %-3s %08X %04X %08X %04X %s %04X %-11s %-6s %7u     (IPv4)
 *   %-3s %pI6 %04X %pI6 %04X %s %04X %-11s %-6s %7u     (IPv6)
 *
 * protocol name ("TCP", "UDP", "SCTP", "IP" for a firewall-mark template,
 * "ICMP", "ICMPv6", "IP_<n>"); client address and port; virtual address
 * and port; destination address (%08X, or %pI6 when the destination's
 * family is IPv6) and port; state name (the protocol's, or "NONE" /
 * "ASSURED" for a persistence template); origin ("LOCAL", or "SYNC" when
 * the entry came from a sync message); seconds to expiry. Addresses are
 * in hex in host order (IPv4) or as eight groups of four hex digits.
 *
 * The file has no flags: a persistence template is told by its client
 * port 0 and a template state (NONE or ASSURED), or by the protocol "IP"
 * (a firewall-mark template, whose virtual address holds the mark). An
 * FTP data connection still without its client port in state NONE reads
 * as a template too (it lives for seconds).
 */
#ifndef VIGIL_SYNC_CONN_PROC_H
#define VIGIL_SYNC_CONN_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "sync/msg.h"

#define SYNC_PROC_PATH "/proc/net/ip_vs_conn_sync"
/* The longest line the kernel writes (IPv6: 3 + 3 * 39 + 3 * 4 + 11 + 6 +
 * 10 + 9 separators, rounded up); a longer one is malformed. */
#define SYNC_PROC_LINE_MAX 256

struct sync_proc_conn {
	struct sync_conn c; /* flags: IP_VS_CONN_F_TEMPLATE only; timeout:
			     * seconds to expiry; fwmark: of an "IP" template */
	uint8_t daf;	    /* the destination's family */
	bool synced; /* origin SYNC: the entry came from a sync message */
};

/*
 * Parse one line (len bytes, without its newline). Returns 1 with *out
 * filled, 0 for the header line, or -1 with *why saying what is wrong and
 * *at the byte offset where.
 */
int sync_proc_parse(const char *line, size_t len, struct sync_proc_conn *out,
		    const char **why, size_t *at);

/* The state number of a state name for a protocol (template: the
 * template states), or -1 when the kernel has no such state. */
int sync_proc_state(int protocol, bool template, const char *name, size_t len);

#endif
