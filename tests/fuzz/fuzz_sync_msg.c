// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the IPVS sync message decoder (sync/msg.h): the
 * input is one datagram as it arrives on the sync group; every entry the
 * decoder hands out is read whole, and the counters take it too.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sync/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
touch(void *arg, const struct sync_conn *c)
{
	uint64_t *sum = arg;

	/* read every field, so a sanitizer sees any bad byte behind them */
	*sum += c->af + c->protocol + c->flags + c->state + c->cport +
		c->vport + c->dport + c->fwmark + c->timeout +
		c->caddr.v6.s6_addr[15] + c->vaddr.v6.s6_addr[15] +
		c->daddr.v6.s6_addr[15] + c->template + c->seq;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sync_counts counts;
	struct sync_msg m;
	const char *why = NULL;
	size_t at = 0;
	uint64_t sum = 0;

	if (sync_msg_decode(data, size, &m, touch, &sum, &why, &at) < 0 &&
	    (!why || at > size))
		__builtin_trap(); /* an error must say what and where */
	sync_counts_add(&counts, size * 1000003u, NULL, data, size);
	return 0;
}
