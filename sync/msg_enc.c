// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel sync messages v1, encoded (msg_enc.h). The layout is struct
 * ip_vs_sync_v4/v6 and ip_vs_sync_mesg of net/netfilter/ipvs/ip_vs_sync.c;
 * msg.c reads the same bytes back.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "core/runtime/wire.h"
#include "sync/msg_enc.h"

#define ENTRY_FIXED 24 /* before the addresses */

void
sync_enc_init(struct sync_enc *e, uint8_t *buf, size_t cap, uint8_t syncid)
{
	e->buf = buf;
	e->cap = cap > 65535 ? 65535 : cap; /* the size field */
	e->len = SYNC_ENC_HDR;
	e->n = 0;
	memset(buf, 0, SYNC_ENC_HDR);
	buf[1] = syncid;
	buf[5] = 1; /* version; reserved and spare stay 0 */
}

int
sync_enc_add(struct sync_enc *e, const struct sync_conn *c)
{
	size_t alen, size;
	uint8_t *s;

	if (c->af != AF_INET && c->af != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	alen = c->af == AF_INET6 ? 16 : 4;
	size = ENTRY_FIXED + 3 * alen; /* 36 or 72: already 4-byte aligned */
	if (e->n >= SYNC_ENC_MAX_CONNS || e->len + size > e->cap) {
		errno = ENOSPC;
		return -1;
	}
	s = e->buf + e->len;
	s[0] = c->af == AF_INET6 ? 1 : 0;
	s[1] = c->protocol;
	wire_put16(s + 2, (uint16_t)size); /* entry version 0 */
	wire_put32(s + 4, c->flags);
	wire_put16(s + 8, c->state);
	wire_put16(s + 10, c->cport);
	wire_put16(s + 12, c->vport);
	wire_put16(s + 14, c->dport);
	wire_put32(s + 16, c->fwmark);
	wire_put32(s + 20, c->timeout);
	memcpy(s + ENTRY_FIXED, &c->caddr, alen);
	memcpy(s + ENTRY_FIXED + alen, &c->vaddr, alen);
	memcpy(s + ENTRY_FIXED + 2 * alen, &c->daddr, alen);
	e->len += size;
	e->n++;
	return 0;
}

size_t
sync_enc_finish(struct sync_enc *e)
{
	wire_put16(e->buf + 2, (uint16_t)e->len);
	e->buf[4] = (uint8_t)e->n;
	return e->len;
}
