/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One BFD session's state machine and timers (RFC 5880 §6.2, §6.8),
 * asynchronous mode, no echo, no demand, no authentication. Pure: no
 * socket, no clock of its own (every call is given `now`, in µs) and a
 * random source injected for the transmit jitter, so that a test drives
 * it packet by packet.
 *
 * The owner: feeds each packet that the demultiplexer found for this
 * session to bfd_sess_rx(); at bfd_sess_next() calls bfd_sess_tick(),
 * which expires the detection time; sends bfd_sess_build()'s packet when
 * bfd_sess_tx_due() says so, then calls bfd_sess_sent(). A state change
 * is returned by rx() and tick() (the old state, or -1 for none).
 */
#ifndef VIGIL_BFD_SESSION_H
#define VIGIL_BFD_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "bfd/pkt.h"

struct bfd_sess_conf {
	uint32_t min_tx;  /* µs: bfd.DesiredMinTxInterval while Up */
	uint32_t min_rx;  /* µs: bfd.RequiredMinRxInterval */
	uint32_t idle_tx; /* µs: bfd.DesiredMinTxInterval while not Up */
	uint8_t mult;	  /* bfd.DetectMult */
	bool passive;	  /* RFC 5880 §6.1: wait for the peer's first packet */
};

/* A uniform random number in [0, 2^32). */
typedef uint32_t (*bfd_rand_fn)(void *arg);

struct bfd_sess_stats {
	uint64_t rx, tx, rx_dropped, up, down, polls, detect_expired;
};

struct bfd_sess {
	struct bfd_sess_conf conf;
	uint8_t state, remote_state; /* enum bfd_state */
	uint8_t diag;		     /* bfd.LocalDiag */
	uint8_t remote_diag;
	uint32_t local_discr, remote_discr;
	uint32_t remote_min_rx, remote_min_tx; /* µs, from its packets */
	uint8_t remote_mult;
	uint32_t tx_adv;    /* DesiredMinTx written in our packets */
	uint32_t tx_used;   /* DesiredMinTx our own interval runs on */
	uint32_t rx_used;   /* RequiredMinRx the detection time runs on */
	bool polling;	    /* P in our packets until the peer's F */
	bool final_due;	    /* the peer polled: our next packet has F */
	uint64_t next_tx;   /* µs; 0: none scheduled */
	uint64_t detect_at; /* µs; 0: not armed */
	uint64_t since;	    /* µs of the last state change */
	bfd_rand_fn rand;
	void *rand_arg;
	struct bfd_sess_stats st;
};

/* A new session, Down, discriminator discr (non-zero, unique here). */
void bfd_sess_init(struct bfd_sess *s, const struct bfd_sess_conf *c,
		   uint32_t discr, bfd_rand_fn rand, void *rand_arg,
		   uint64_t now);
/* New timers for a session kept across a reload: a poll sequence when
 * Up (RFC 5880 §6.8.3). */
void bfd_sess_set_conf(struct bfd_sess *s, const struct bfd_sess_conf *c,
		       uint64_t now);
/* A valid packet for this session (bfd_pkt_decode() said BFD_OK). */
int bfd_sess_rx(struct bfd_sess *s, const struct bfd_pkt *p, uint64_t now);
/* Expire the detection time if it passed. */
int bfd_sess_tick(struct bfd_sess *s, uint64_t now);
/* Whether a packet is to be sent at now. */
bool bfd_sess_tx_due(const struct bfd_sess *s, uint64_t now);
/* The packet to send now. */
void bfd_sess_build(const struct bfd_sess *s, struct bfd_pkt *p);
/* It was sent: clear F, schedule the next one with jitter. */
void bfd_sess_sent(struct bfd_sess *s, uint64_t now);
/* The next time the owner must call tick() or send; 0: nothing. */
uint64_t bfd_sess_next(const struct bfd_sess *s);
/* The detection time (µs) the session uses now; 0 before any packet. */
uint64_t bfd_sess_detect_time(const struct bfd_sess *s);
/* The interval (µs) between our packets, before jitter; 0: we do not send
 * periodically. */
uint64_t bfd_sess_tx_interval(const struct bfd_sess *s);

#endif
