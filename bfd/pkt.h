/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BFD control packets (RFC 5880 §4.1): the mandatory 24 bytes, encoded
 * and decoded with no I/O and no globals. The decoder applies the checks
 * of RFC 5880 §6.8.6 that need no session (version, length, multiplier,
 * multipoint, discriminators) and says which one failed.
 */
#ifndef VIGIL_BFD_PKT_H
#define VIGIL_BFD_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BFD_PKT_LEN 24	       /* without an authentication section */
#define BFD_PORT_SINGLE 3784   /* RFC 5881 §4 */
#define BFD_SRC_PORT_MIN 49152 /* RFC 5881 §4: source ports 49152-65535 */

/* RFC 5880 §4.1, "Sta". */
enum bfd_state {
	BFD_ADMIN_DOWN = 0,
	BFD_DOWN = 1,
	BFD_INIT = 2,
	BFD_UP = 3,
};

/* RFC 5880 §4.1, "Diag". */
enum bfd_diag {
	BFD_DIAG_NONE = 0,
	BFD_DIAG_DETECT_EXPIRED = 1,
	BFD_DIAG_ECHO_FAILED = 2,
	BFD_DIAG_NEIGHBOR_DOWN = 3,
	BFD_DIAG_FWD_RESET = 4,
	BFD_DIAG_PATH_DOWN = 5,
	BFD_DIAG_CONCAT_DOWN = 6,
	BFD_DIAG_ADMIN_DOWN = 7,
	BFD_DIAG_REV_CONCAT_DOWN = 8,
};

struct bfd_pkt {
	uint8_t version; /* 1 */
	uint8_t diag;	 /* enum bfd_diag */
	uint8_t state;	 /* enum bfd_state */
	bool poll, final, cpi, auth, demand, multipoint;
	uint8_t mult;
	uint8_t length;
	uint32_t my_discr, your_discr;
	uint32_t min_tx, min_rx, min_echo_rx; /* microseconds */
};

/* Why a packet was dropped; BFD_OK = accepted. */
enum bfd_pkt_err {
	BFD_OK = 0,
	BFD_E_SHORT,	  /* fewer bytes than a control packet */
	BFD_E_VERSION,	  /* not version 1 */
	BFD_E_LENGTH,	  /* length field too small or past the datagram */
	BFD_E_MULT,	  /* detect multiplier 0 */
	BFD_E_MULTIPOINT, /* M bit set */
	BFD_E_MY_DISCR,	  /* my discriminator 0 */
	BFD_E_YOUR_DISCR, /* your discriminator 0 outside Down/AdminDown */
	BFD_E_AUTH,	  /* authentication present: vigil uses none */
	BFD_E_MAX
};

/* Decode len bytes into p. BFD_OK or the first check that failed. */
enum bfd_pkt_err bfd_pkt_decode(const void *buf, size_t len, struct bfd_pkt *p);
/* Encode p (without authentication) into buf; returns BFD_PKT_LEN. */
size_t bfd_pkt_encode(const struct bfd_pkt *p, uint8_t buf[BFD_PKT_LEN]);

/*
 * Whether a packet that arrived with `ttl` (TTL or hop limit; -1: the
 * kernel did not say) may be the neighbour's: keepalived's rule, GTSM
 * (RFC 5881 §5) when both send 255: at most max_hops below the TTL this
 * side sends (`sent`, the same setting as the peer's), any with max_hops
 * 255.
 */
bool bfd_ttl_ok(int ttl, uint32_t sent, uint32_t max_hops);

/* Short names for logs and counters: "short", "version"... */
const char *bfd_pkt_err_name(enum bfd_pkt_err e);
/* "AdminDown", "Down", "Init", "Up" */
const char *bfd_state_name(unsigned s);
/* RFC 5880's names, shortened: "none", "detect-expired"... */
const char *bfd_diag_name(unsigned d);

#endif
