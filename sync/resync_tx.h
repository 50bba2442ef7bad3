/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The master's side of the bulk resync: one replay of the IPVS connection
 * table as kernel sync v1 messages to the sync group, from the event loop.
 *
 * A replay reads the table's services and destinations (ipvs/read.h, for
 * the forwarding methods), then /proc/net/ip_vs_conn_sync a page at a
 * time (what the kernel gives a read) as the pacing timer needs lines,
 * at most 5 ms of reading per tick (never the whole file: 100k
 * connections are 10 MB of text, and the kernel's reader walks its hash
 * table from the start for every page), parses each line
 * (conn_proc.h), completes it (resync.h), packs entries into datagrams of
 * at most maxlen bytes (msg_enc.h) and sends them to the group and port of
 * lvs_sync_daemon from its interface with its ttl, at `rate` datagrams per
 * second (a timer every 10 ms sends its share), so that the backup
 * kernel's socket buffer does not overflow. The backup's kernel applies
 * them as it applies its master thread's messages: it checks the sync id
 * only.
 *
 * The file is read while the table changes, by position: a connection
 * added ahead of the position between two reads shifts the rest, so an
 * entry is sent twice; one removed ahead makes an entry missed (as with
 * any reader of that file). The master thread sends what carries packets
 * anyway, and the backup can ask again.
 */
#ifndef VIGIL_SYNC_RESYNC_TX_H
#define VIGIL_SYNC_RESYNC_TX_H

#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "core/runtime/ipaddr.h"
#include "ipvs/nl.h"

#define RESYNC_SLICE 32768   /* the line buffer; a read returns a page */
#define RESYNC_RATE_DEF 1000 /* datagrams per second */

struct resync_tx_conf {
	char ifname[16];
	uint8_t syncid;
	uint16_t
		maxlen; /* 0: the interface's MTU less the IP and UDP headers */
	uint16_t port;	/* 0: 8848 */
	uint8_t ttl;	/* 0: 1 */
	struct ipaddr group; /* family 0: 224.0.0.81 */
	uint32_t rate;	     /* datagrams per second; 0: RESYNC_RATE_DEF */
	const char *path;    /* NULL: SYNC_PROC_PATH */
};

struct resync_tx_stats {
	uint64_t entries;   /* sent */
	uint64_t datagrams; /* sent */
	uint64_t skipped;   /* no destination in the table, mixed family */
	uint64_t malformed; /* lines the parser refused */
	uint64_t ms;	    /* from the start to the last datagram */
	char last_error[128];
};

struct resync_tx;
/* The replay ended: err 0, or a positive errno (the table or the file
 * could not be read, the socket failed: st->last_error says why). */
typedef void (*resync_tx_done_fn)(void *arg, int err,
				  const struct resync_tx_stats *st);

/* NULL with err set when the socket cannot be made; done runs later from
 * the loop (never from here). */
struct resync_tx *resync_tx_start(struct ev_loop *loop, struct ipvs_nl *nl,
				  const struct resync_tx_conf *c,
				  resync_tx_done_fn done, void *arg, char *err,
				  size_t errlen);
/* Stop (no callback). NULL is fine. */
void resync_tx_free(struct resync_tx *t);
const struct resync_tx_stats *resync_tx_stats(const struct resync_tx *t);

#endif
