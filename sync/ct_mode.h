/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How conntrack replication is made reliable: a mode, behind an ops
 * struct (as conntrackd splits mode from channel). Pure: no sockets, the
 * time passed in.
 *
 * - ftfw: the sender keeps its last messages in a bounded queue and
 *   resends what a NACK asks for (a number it no longer holds but that
 *   was no data message gets an alive in its place, so the receiver's
 *   gap closes; one older than the queue asks for a full resync). The
 *   receiver tracks each sender's next number, turns a gap into missing
 *   ranges and NACKs them at once and again every 200 ms; a range still
 *   missing after 10 NACKs, or more gaps than a NACK holds, asks for a
 *   full resync.
 * - notrack: nothing kept, nothing asked.
 */
#ifndef VIGIL_SYNC_CT_MODE_H
#define VIGIL_SYNC_CT_MODE_H

#include <stddef.h>
#include <stdint.h>

#include "sync/chan.h"

#define CT_NACK_RETRY_MS 200
#define CT_NACK_TRIES 10
#define CT_SENDERS 4

struct ct_mode;

/* What the sender does with a NACKed number: resend these bytes (with
 * this type), or, if seq is past what it holds, a full resync. */
typedef int (*ct_resend_fn)(void *arg, uint8_t type, uint32_t seq,
			    const uint8_t *p, size_t n);

struct ct_mode_ops {
	const char *name;
	struct ct_mode *(*create)(size_t queue, uint32_t first_seq);
	void (*destroy)(struct ct_mode *m);
	/* sender: a message went out with seq */
	void (*sent)(struct ct_mode *m, uint8_t type, uint32_t seq,
		     const uint8_t *p, size_t n);
	/* sender: answer a NACK; returns 1 if a full resync is needed */
	int (*nack)(struct ct_mode *m, const struct sch_nack *k,
		    ct_resend_fn fn, void *arg);
	/* receiver: a message of `sender` arrived */
	void (*received)(struct ct_mode *m, uint32_t sender, uint32_t seq,
			 uint64_t now_ms);
	/* receiver: the NACK to send now for one sender (k->n > 0), 0 if
	 * none; returns -1 when a full resync should be asked instead */
	int (*want_nack)(struct ct_mode *m, uint64_t now_ms,
			 struct sch_nack *k);
	/* counters for show sync */
	uint64_t (*gaps)(const struct ct_mode *m);
	size_t (*queued)(const struct ct_mode *m);
};

extern const struct ct_mode_ops ct_mode_ftfw, ct_mode_notrack;

#endif
