// SPDX-License-Identifier: GPL-2.0-or-later
/* One BFD session (session.h). Section numbers are RFC 5880's. */
#include "config.h"

#include <string.h>

#include "bfd/session.h"

static uint32_t
max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* The one place a session changes state; returns the old state. */
static int
set_state(struct bfd_sess *s, uint8_t state, uint8_t diag, uint64_t now)
{
	uint8_t old = s->state;

	s->state = state;
	s->diag = diag;
	s->since = now;
	if (state == BFD_UP) {
		s->st.up++;
		/* §6.8.3: the desired interval goes from the idle one to
		 * min_tx; a change announced by a poll sequence. A larger
		 * interval is used only once the peer answered. */
		s->tx_adv = s->conf.min_tx;
		if (s->conf.min_tx < s->tx_used)
			s->tx_used = s->conf.min_tx;
		if (s->tx_adv != s->conf.idle_tx) {
			s->polling = true;
			s->st.polls++;
		}
	} else {
		if (old == BFD_UP)
			s->st.down++;
		/* §6.8.3: not less than one second (the idle interval) while
		 * not Up; no poll is needed outside Up. */
		s->tx_adv = s->tx_used = s->conf.idle_tx;
		s->rx_used = s->conf.min_rx;
		s->polling = false;
	}
	return old;
}

void
bfd_sess_init(struct bfd_sess *s, const struct bfd_sess_conf *c, uint32_t discr,
	      bfd_rand_fn rand, void *rand_arg, uint64_t now)
{
	memset(s, 0, sizeof(*s));
	s->conf = *c;
	s->state = s->remote_state = BFD_DOWN;
	s->local_discr = discr;
	s->remote_min_rx = 1; /* §6.8.1: initialised to 1 */
	s->tx_adv = s->tx_used = c->idle_tx;
	s->rx_used = c->min_rx;
	s->rand = rand;
	s->rand_arg = rand_arg;
	s->since = now;
	/* §6.8.7: a passive session waits for the peer's first packet. */
	s->next_tx = c->passive ? 0 : now;
}

void
bfd_sess_set_conf(struct bfd_sess *s, const struct bfd_sess_conf *c,
		  uint64_t now)
{
	bool was_passive = s->conf.passive;

	s->conf = *c;
	/* §6.8.3: a smaller min_rx counts for the detection time only once
	 * the peer acknowledged it (it may still send at the old rate); a
	 * larger one at once. */
	if (s->state != BFD_UP || c->min_rx > s->rx_used)
		s->rx_used = c->min_rx;
	if (s->state != BFD_UP) {
		s->tx_adv = s->tx_used = c->idle_tx;
	} else if (s->tx_adv != c->min_tx) {
		s->tx_adv = c->min_tx;
		if (c->min_tx < s->tx_used)
			s->tx_used = c->min_tx;
		s->polling = true;
		s->st.polls++;
	} else {
		/* min_rx or the multiplier changed: the peer learns it by a
		 * poll too (§6.8.3). */
		s->polling = true;
		s->st.polls++;
	}
	if (was_passive && !c->passive && !s->next_tx)
		s->next_tx = now;
}

uint64_t
bfd_sess_detect_time(const struct bfd_sess *s)
{
	/* §6.8.4, asynchronous mode: the remote multiplier times the
	 * agreed interval of its packets to us. */
	if (!s->remote_mult)
		return 0;
	return (uint64_t)s->remote_mult * max32(s->rx_used, s->remote_min_tx);
}

uint64_t
bfd_sess_tx_interval(const struct bfd_sess *s)
{
	/* §6.8.7: never periodically when the peer wants none; a passive
	 * session not before the peer spoke. */
	if (!s->remote_min_rx || (s->conf.passive && !s->remote_discr))
		return 0;
	return max32(s->tx_used, s->remote_min_rx);
}

/* §6.8.6, from "If bfd.SessionState is AdminDown" to the end. */
static int
transition(struct bfd_sess *s, uint8_t rstate, uint64_t now)
{
	if (s->state == BFD_ADMIN_DOWN)
		return -1;
	if (rstate == BFD_ADMIN_DOWN)
		return s->state != BFD_DOWN
			       ? set_state(s, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN,
					   now)
			       : -1;
	switch (s->state) {
	case BFD_DOWN:
		if (rstate == BFD_DOWN)
			return set_state(s, BFD_INIT, BFD_DIAG_NONE, now);
		if (rstate == BFD_INIT)
			return set_state(s, BFD_UP, BFD_DIAG_NONE, now);
		return -1;
	case BFD_INIT:
		if (rstate == BFD_INIT || rstate == BFD_UP)
			return set_state(s, BFD_UP, BFD_DIAG_NONE, now);
		return -1;
	default: /* Up */
		if (rstate == BFD_DOWN)
			return set_state(s, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN,
					 now);
		return -1;
	}
}

int
bfd_sess_rx(struct bfd_sess *s, const struct bfd_pkt *p, uint64_t now)
{
	bool started = s->conf.passive && !s->remote_discr;

	s->st.rx++;
	s->remote_discr = p->my_discr;
	s->remote_state = p->state;
	s->remote_diag = p->diag;
	s->remote_mult = p->mult;
	s->remote_min_tx = p->min_tx;
	s->remote_min_rx = p->min_rx;
	/* §6.8.6: F ends our poll sequence; the new values apply now. */
	if (p->final && s->polling) {
		s->polling = false;
		s->tx_used = s->tx_adv;
		s->rx_used = s->conf.min_rx;
	}
	/* §6.8.6 / §6.8.7: P is answered at once with F. */
	if (p->poll) {
		s->final_due = true;
		s->next_tx = now;
	}
	s->detect_at = now + bfd_sess_detect_time(s);
	if (started || (!s->next_tx && bfd_sess_tx_interval(s)))
		s->next_tx = now;
	return transition(s, p->state, now);
}

int
bfd_sess_tick(struct bfd_sess *s, uint64_t now)
{
	if (!s->detect_at || now < s->detect_at)
		return -1;
	s->detect_at = 0;
	/* §6.8.1: no packet for a detection time forgets the peer. */
	s->remote_discr = 0;
	s->remote_state = BFD_DOWN;
	s->remote_min_rx = 1;
	s->remote_mult = 0;
	s->final_due = false;
	if (s->state != BFD_INIT && s->state != BFD_UP)
		return -1;
	s->st.detect_expired++;
	return set_state(s, BFD_DOWN, BFD_DIAG_DETECT_EXPIRED, now);
}

bool
bfd_sess_tx_due(const struct bfd_sess *s, uint64_t now)
{
	if (s->final_due)
		return true;
	return s->next_tx && now >= s->next_tx && bfd_sess_tx_interval(s);
}

void
bfd_sess_build(const struct bfd_sess *s, struct bfd_pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->version = 1;
	p->diag = s->diag;
	p->state = s->state;
	/* §6.5: P and F never both set; F answers the peer's poll. */
	p->final = s->final_due;
	p->poll = s->polling && !s->final_due;
	p->mult = s->conf.mult;
	p->my_discr = s->local_discr;
	p->your_discr = s->remote_discr;
	p->min_tx = s->tx_adv;
	p->min_rx = s->conf.min_rx;
	p->min_echo_rx = 0; /* §6.4: no echo function */
}

void
bfd_sess_sent(struct bfd_sess *s, uint64_t now)
{
	uint64_t iv = bfd_sess_tx_interval(s), lo, span;

	s->st.tx++;
	if (s->final_due) {
		s->final_due = false;
		/* A reply with F does not move the periodic timer. */
		if (s->next_tx > now)
			return;
	}
	if (!iv) {
		s->next_tx = 0;
		return;
	}
	/* §6.8.7: each interval reduced by a random 0-25%; with a
	 * multiplier of 1, to 75-90%. */
	lo = iv * 75 / 100;
	span = (s->conf.mult == 1 ? iv * 90 / 100 : iv) - lo;
	s->next_tx = now + lo +
		     (span ? (uint64_t)s->rand(s->rand_arg) % (span + 1) : 0);
}

uint64_t
bfd_sess_next(const struct bfd_sess *s)
{
	uint64_t t = s->detect_at;

	if (s->next_tx && bfd_sess_tx_interval(s) && (!t || s->next_tx < t))
		t = s->next_tx;
	return t;
}
