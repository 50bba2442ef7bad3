/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's IPVS sync messages, version 1, built as the master thread
 * builds them (the inverse of msg.h's decoder, for the bulk resync): an
 * 8-byte header, then entries of 36 (IPv4) or 72 (IPv6) bytes without
 * options, each on a 4-byte boundary, as many as fit in maxlen (at most
 * 255: the count is one byte). Pure: no I/O. Round-trip tested in
 * tests/unit/sync_resync_test.c (encode, decode with msg.h, compare).
 */
#ifndef VIGIL_SYNC_MSG_ENC_H
#define VIGIL_SYNC_MSG_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "sync/msg.h"

#define SYNC_ENC_HDR 8
#define SYNC_ENC_MAX_CONNS 255

struct sync_enc {
	uint8_t *buf;
	size_t cap, len;
	unsigned n;
};

/* Start a message of at most cap bytes (>= SYNC_ENC_HDR) in buf. */
void sync_enc_init(struct sync_enc *e, uint8_t *buf, size_t cap,
		   uint8_t syncid);
/* Add one entry (c->flags, state, ports, fwmark, timeout, addresses as
 * given; template and seq are not read: the flags say it). 0, or -1 with
 * errno ENOSPC when the message is full, EAFNOSUPPORT for another family. */
int sync_enc_add(struct sync_enc *e, const struct sync_conn *c);
/* Entries in the message so far. */
static inline unsigned
sync_enc_count(const struct sync_enc *e)
{
	return e->n;
}
/* Write the size and the count; the datagram's length. */
size_t sync_enc_finish(struct sync_enc *e);

#endif
