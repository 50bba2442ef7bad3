// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD control packets (pkt.h). */
#include "config.h"

#include <string.h>

#include "bfd/pkt.h"
#include "core/runtime/wire.h"

/* Flag bits of the second byte (RFC 5880 §4.1). */
#define F_POLL 0x20u
#define F_FINAL 0x10u
#define F_CPI 0x08u
#define F_AUTH 0x04u
#define F_DEMAND 0x02u
#define F_MULTIPOINT 0x01u

enum bfd_pkt_err
bfd_pkt_decode(const void *buf, size_t len, struct bfd_pkt *p)
{
	const uint8_t *b = buf;

	memset(p, 0, sizeof(*p));
	if (len < BFD_PKT_LEN)
		return BFD_E_SHORT;
	p->version = b[0] >> 5;
	p->diag = b[0] & 0x1f;
	p->state = b[1] >> 6;
	p->poll = b[1] & F_POLL;
	p->final = b[1] & F_FINAL;
	p->cpi = b[1] & F_CPI;
	p->auth = b[1] & F_AUTH;
	p->demand = b[1] & F_DEMAND;
	p->multipoint = b[1] & F_MULTIPOINT;
	p->mult = b[2];
	p->length = b[3];
	p->my_discr = wire_get32(b + 4);
	p->your_discr = wire_get32(b + 8);
	p->min_tx = wire_get32(b + 12);
	p->min_rx = wire_get32(b + 16);
	p->min_echo_rx = wire_get32(b + 20);
	/* RFC 5880 §6.8.6, in its order. */
	if (p->version != 1)
		return BFD_E_VERSION;
	if (p->length < (p->auth ? BFD_PKT_LEN + 2 : BFD_PKT_LEN) ||
	    p->length > len)
		return BFD_E_LENGTH;
	if (!p->mult)
		return BFD_E_MULT;
	if (p->multipoint)
		return BFD_E_MULTIPOINT;
	if (!p->my_discr)
		return BFD_E_MY_DISCR;
	if (!p->your_discr && p->state != BFD_DOWN &&
	    p->state != BFD_ADMIN_DOWN)
		return BFD_E_YOUR_DISCR;
	/* No session of vigil's uses authentication: such a packet is
	 * discarded (§6.8.6, "A bit set and bfd.AuthType zero"). */
	if (p->auth)
		return BFD_E_AUTH;
	return BFD_OK;
}

size_t
bfd_pkt_encode(const struct bfd_pkt *p, uint8_t buf[BFD_PKT_LEN])
{
	buf[0] = (uint8_t)(1u << 5 | (p->diag & 0x1f));
	buf[1] = (uint8_t)((p->state & 3u) << 6 | (p->poll ? F_POLL : 0) |
			   (p->final ? F_FINAL : 0) | (p->cpi ? F_CPI : 0) |
			   (p->demand ? F_DEMAND : 0));
	buf[2] = p->mult;
	buf[3] = BFD_PKT_LEN;
	wire_put32(buf + 4, p->my_discr);
	wire_put32(buf + 8, p->your_discr);
	wire_put32(buf + 12, p->min_tx);
	wire_put32(buf + 16, p->min_rx);
	wire_put32(buf + 20, p->min_echo_rx);
	return BFD_PKT_LEN;
}

bool
bfd_ttl_ok(int ttl, uint32_t sent, uint32_t max_hops)
{
	if (max_hops >= 255 || ttl < 0)
		return true;
	return (uint32_t)ttl + max_hops >= sent;
}

const char *
bfd_pkt_err_name(enum bfd_pkt_err e)
{
	static const char *const n[BFD_E_MAX] = {
		[BFD_OK] = "ok",
		[BFD_E_SHORT] = "short",
		[BFD_E_VERSION] = "version",
		[BFD_E_LENGTH] = "length",
		[BFD_E_MULT] = "multiplier",
		[BFD_E_MULTIPOINT] = "multipoint",
		[BFD_E_MY_DISCR] = "my-discriminator",
		[BFD_E_YOUR_DISCR] = "your-discriminator",
		[BFD_E_AUTH] = "authentication",
	};

	return (unsigned)e < BFD_E_MAX ? n[e] : "?";
}

const char *
bfd_state_name(unsigned s)
{
	static const char *const n[] = {"AdminDown", "Down", "Init", "Up"};

	return s < 4 ? n[s] : "?";
}

const char *
bfd_diag_name(unsigned d)
{
	static const char *const n[] = {
		"none",		 "detect-expired",   "echo-failed",
		"neighbor-down", "forwarding-reset", "path-down",
		"concat-down",	 "admin-down",	     "rev-concat-down",
	};

	return d < sizeof(n) / sizeof(n[0]) ? n[d] : "?";
}
