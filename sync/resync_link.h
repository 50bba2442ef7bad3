/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bulk resync's request and its answer between the two directors'
 * sync children, on vigil's authenticated sync channel (chan_sock.h:
 * HMAC-SHA256, timestamp window, per-sender sequence window): a backup
 * sends SCH_RESYNC_REQ about SCH_WHAT_IPVS to whoever is master; the
 * master replays its IPVS connection table to the kernel sync group
 * (resync_tx.h) and answers SCH_RESYNC_DONE to that requester, with the
 * count of entries sent and the time it took. Requests and answers about
 * the conntrack table (SCH_WHAT_CT) are not this link's and are left.
 */
#ifndef VIGIL_SYNC_RESYNC_LINK_H
#define VIGIL_SYNC_RESYNC_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "core/runtime/ipaddr.h"
#include "sync/chan.h"

#define RESYNC_PORT_DEFAULT 3781

struct json_object;
struct resync_link;

struct resync_link_conf {
	char ifname[16];
	struct ipaddr group; /* family 0: 224.0.0.81 */
	uint16_t port;	     /* 0: RESYNC_PORT_DEFAULT */
	uint8_t ttl;	     /* 0: 1 */
	uint32_t syncid;
	struct sch_key key;
};

struct resync_link_cb {
	/* a request from the backup whose sender id is `from` */
	void (*req)(void *arg, uint32_t from, uint32_t req_id);
	/* the answer to this backup's request req_id */
	void (*done)(void *arg, uint32_t req_id, uint32_t count, uint32_t ms);
};

/* NULL with err set when the socket cannot be made. */
struct resync_link *resync_link_new(struct ev_loop *loop,
				    const struct resync_link_conf *c,
				    const struct resync_link_cb *cb, void *arg,
				    char *err, size_t errlen);
void resync_link_free(struct resync_link *l);
/* 0, or -1 with errno (EAGAIN: the socket buffer is full). */
int resync_link_req(struct resync_link *l, uint32_t req_id);
int resync_link_done(struct resync_link *l, uint32_t to, uint32_t req_id,
		     uint32_t count, uint32_t ms);
/* The channel's counters (sent, received, drops by reason). */
struct json_object *resync_link_json(const struct resync_link *l,
				     uint64_t now_us);

#endif
