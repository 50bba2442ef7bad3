// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the /proc/net/ip_vs_conn_sync parser
 * (sync/conn_proc.h): the input is the file's text, split into lines as
 * the sync child splits it; every parsed connection is then encoded into
 * a kernel sync message and decoded back (sync/msg_enc.h, sync/msg.h),
 * and what comes back must be what went in.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sync/conn_proc.h"
#include "sync/msg_enc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	const struct sync_conn *want;
	unsigned seen;
};

static void
same(void *arg, const struct sync_conn *c)
{
	struct check *k = arg;
	const struct sync_conn *w = k->want;
	size_t alen = w->af == 10 ? 16 : 4;

	k->seen++;
	if (c->af != w->af || c->protocol != w->protocol ||
	    c->flags != w->flags || c->state != w->state ||
	    c->cport != w->cport || c->vport != w->vport ||
	    c->dport != w->dport || c->fwmark != w->fwmark ||
	    c->timeout != w->timeout || memcmp(&c->caddr, &w->caddr, alen) ||
	    memcmp(&c->vaddr, &w->vaddr, alen) ||
	    memcmp(&c->daddr, &w->daddr, alen))
		__builtin_trap();
}

static void
round_trip(const struct sync_proc_conn *p)
{
	uint8_t buf[256];
	struct sync_enc e;
	struct sync_msg m;
	struct check k = {&p->c, 0};
	const char *why;
	size_t at, len;

	if (p->daf != p->c.af)
		return; /* not sent: resync.h */
	sync_enc_init(&e, buf, sizeof(buf), 7);
	if (sync_enc_add(&e, &p->c) < 0)
		__builtin_trap();
	len = sync_enc_finish(&e);
	if (sync_msg_decode(buf, len, &m, same, &k, &why, &at) < 0 ||
	    k.seen != 1 || m.syncid != 7)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		struct sync_proc_conn c;
		const char *why = NULL;
		size_t at = 0;
		int rc = sync_proc_parse(p, len, &c, &why, &at);

		if (rc < 0 && (!why || at > len))
			__builtin_trap(); /* an error says what and where */
		if (rc == 1)
			round_trip(&c);
		p += len + 1;
	}
	return 0;
}
