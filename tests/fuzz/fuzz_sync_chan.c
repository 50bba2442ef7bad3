// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for vigil's sync channel codec (sync/chan.h). The
 * input is a message without its MAC: the target decodes it as it came
 * (a MAC it cannot forge: dropped, with a reason), then patches the
 * length, signs it with the fuzz key as a peer holding the key would, and
 * decodes that, so the payload decoders and the replay guard see
 * authenticated garbage too. Every entry handed out is read whole.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/runtime/wire.h"
#include "sync/chan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct sch_key key = {.b = "fuzz-key", .len = 8};

static void
touch(void *arg, const struct sch_ct *e)
{
	uint64_t *sum = arg;

	*sum += e->op + e->family + e->proto + e->tcp_state + e->status +
		e->timeout + e->mark + e->zone + e->orig_sport + e->orig_dport +
		e->repl_sport + e->repl_dport + e->icmp_id + e->icmp_type +
		e->icmp_code + e->wscale_orig + e->wscale_repl + e->flags_orig +
		e->flags_repl + e->orig_src.b[15] + e->orig_dst.b[15] +
		e->repl_src.b[15] + e->repl_dst.b[15];
}

static void
payload(uint8_t type, const uint8_t *p, size_t n)
{
	struct sch_alive a;
	struct sch_nack k;
	struct sch_resync r;
	uint64_t sum = 0;
	size_t at = 0;

	switch (type) {
	case SCH_CT:
		if (sch_ct_decode(p, n, touch, &sum, &at) < 0 && at > n)
			__builtin_trap();
		break;
	case SCH_ALIVE:
		sch_alive_decode(p, n, &a);
		break;
	case SCH_NACK:
		if (sch_nack_decode(p, n, &k) == 0 && k.n > SCH_NACK_MAX)
			__builtin_trap();
		break;
	default:
		sch_resync_decode(p, n, &r);
		break;
	}
}

static void
decode(const uint8_t *buf, size_t n)
{
	static struct sch_guard g;
	static bool init;
	struct sch_hdr h;
	const uint8_t *p;
	size_t plen, at = 0;
	enum sch_drop why = SCH_DROP_NONE;

	if (!init) {
		sch_guard_init(&g, 1, 2, 30000);
		init = true;
	}
	if (sch_decode(buf, n, &key, &h, &p, &plen, &why, &at) < 0) {
		if (why == SCH_DROP_NONE || why >= SCH_DROP_MAX || at > n)
			__builtin_trap(); /* an error says why and where */
		return;
	}
	if (p + plen > buf + n)
		__builtin_trap();
	payload(h.type, p, plen);
	sch_guard_check(&g, &h, h.ts_ms ^ (h.seq & 0xffff), &why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[SCH_MAX_LEN];
	size_t n = size + SCH_MAC_LEN;

	decode(data, size);
	if (size < SCH_HDR_LEN || n > sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	wire_put16(buf + 8, (uint16_t)n);
	/* sign as a peer with the key would: sch_encode's MAC */
	{
		struct sch_hdr h = {.type = buf[5],
				    .flags = wire_get16(buf + 6),
				    .syncid = wire_get32(buf + 12),
				    .sender = wire_get32(buf + 16),
				    .seq = wire_get32(buf + 20)};
		uint8_t ts[8];

		memcpy(ts, buf + 24, 8);
		h.ts_ms = (uint64_t)wire_get32(ts) << 32 | wire_get32(ts + 4);
		if (sch_encode(buf, sizeof(buf), &h, buf + SCH_HDR_LEN,
			       size - SCH_HDR_LEN, &key) != n)
			__builtin_trap();
	}
	/* keep the input's magic, version and spare: they are fuzzed too */
	memcpy(buf, data, 8);
	wire_put16(buf + 8, (uint16_t)n);
	memcpy(buf + 10, data + 10, 2);
	decode(buf, n);
	return 0;
}
