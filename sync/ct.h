/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigil's conntrack replication in the sync child (conntrack_sync in
 * vigil.conf): the MASTER of the named VRRP instance sends its conntrack
 * events, batched, on the sync channel (chan_sock.h); the others keep
 * them in a cache (ct_cache.h) and write them to the kernel when they
 * become MASTER (or at once with commit continuous). Reliability is a
 * mode (ct_mode.h: ftfw or notrack); the bytes travel through a channel
 * (struct ct_chan_ops: the sync channel's socket, or a test's fake).
 *
 * Resync: a backup asks at start and whenever its instance leaves MASTER
 * (again at 1, 2, 4... 30 s until the DONE comes); the master dumps its
 * table, sends it as SCH_CT_DUMP entries and a DONE with the count; the
 * backup drops what the dump did not refresh. A netlink overrun on the
 * master (events lost) starts the same dump at once, for every backup.
 */
#ifndef VIGIL_SYNC_CT_H
#define VIGIL_SYNC_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"

struct conf;
struct json_object;
struct ct_sync;

/* NULL with err set when it cannot start (socket, key file...). */
struct ct_sync *ct_sync_new(struct ev_loop *loop, const struct conf *c,
			    char *err, size_t errlen);
void ct_sync_free(struct ct_sync *ct);
/* Whether a new config changes nothing of it (else: free and new). */
bool ct_sync_same(const struct ct_sync *ct, const struct conf *c);
/* The instance it follows, and its state as relayed (MASTER or not). */
const char *ct_sync_instance(const struct ct_sync *ct);
void ct_sync_set_master(struct ct_sync *ct, bool master);
/* What `vigilctl show sync` says under "conntrack". */
struct json_object *ct_sync_json(const struct ct_sync *ct);

#endif
