// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One BFD session (bfd/session.h) driven with a fake clock: two sessions
 * talk through their packets, as two systems would (RFC 5880 §6.2's
 * three-way handshake, §6.8.4's detection time, §6.8.3's poll sequence,
 * §6.8.7's jitter, §6.1's passive role, AdminDown).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bfd/session.h"

#define MS 1000u
#define SEC 1000000u

static uint32_t rnd_val;

static uint32_t
rnd(void *arg)
{
	(void)arg;
	return rnd_val;
}

static const struct bfd_sess_conf fast = {
	.min_tx = 10 * MS, .min_rx = 10 * MS, .idle_tx = 1 * SEC, .mult = 5};

/* a's packet, through the codec, into b; b's state change or -1. */
static int
deliver(struct bfd_sess *a, struct bfd_sess *b, uint64_t now)
{
	struct bfd_pkt p, q;
	uint8_t buf[BFD_PKT_LEN];

	bfd_sess_build(a, &p);
	bfd_sess_sent(a, now);
	bfd_pkt_encode(&p, buf);
	assert_int_equal(bfd_pkt_decode(buf, sizeof(buf), &q), BFD_OK);
	return bfd_sess_rx(b, &q, now);
}

static void
up_pair(struct bfd_sess *a, struct bfd_sess *b, uint64_t *now)
{
	bfd_sess_init(a, &fast, 100, rnd, NULL, *now);
	bfd_sess_init(b, &fast, 200, rnd, NULL, *now);
	assert_int_equal(deliver(a, b, *now), BFD_DOWN); /* b: Init */
	assert_int_equal(b->state, BFD_INIT);
	assert_int_equal(b->remote_discr, 100);
	*now += 1000;
	assert_int_equal(deliver(b, a, *now), BFD_DOWN); /* a: Up */
	assert_int_equal(a->state, BFD_UP);
	*now += 1000;
	assert_int_equal(deliver(a, b, *now), BFD_INIT); /* b: Up */
	assert_int_equal(b->state, BFD_UP);
}

static void
test_three_way(void **state)
{
	struct bfd_sess a, b;
	uint64_t now = 5 * SEC;

	(void)state;
	up_pair(&a, &b, &now);
	assert_int_equal(a.st.up, 1);
	assert_int_equal(a.diag, BFD_DIAG_NONE);
	/* An Up packet keeps it Up. */
	now += 1000;
	assert_int_equal(deliver(&b, &a, now), -1);
}

/* While not Up, packets go at idle_tx; Up, at the larger of our min_tx
 * and the peer's min_rx, once the poll sequence ended. */
static void
test_intervals_and_poll(void **state)
{
	struct bfd_sess a, b;
	struct bfd_pkt p;
	uint64_t now = 5 * SEC;

	(void)state;
	bfd_sess_init(&a, &fast, 1, rnd, NULL, now);
	assert_true(bfd_sess_tx_due(&a, now));
	bfd_sess_build(&a, &p);
	assert_int_equal(p.min_tx, 1 * SEC); /* §6.8.3: >= 1 s while Down */
	assert_false(p.poll);
	up_pair(&a, &b, &now);
	/* a went Up: it announces 10 ms with P until b answers F. */
	bfd_sess_build(&a, &p);
	assert_true(p.poll);
	assert_int_equal(p.min_tx, 10 * MS);
	assert_int_equal(a.tx_used, 10 * MS); /* a decrease applies at once */
	assert_int_equal(bfd_sess_tx_interval(&a), 10 * MS);
	now += 1000;
	deliver(&a, &b, now); /* P */
	assert_true(b.final_due);
	assert_true(bfd_sess_tx_due(&b, now));
	bfd_sess_build(&b, &p);
	assert_true(p.final);
	assert_false(p.poll); /* §6.5: never both */
	deliver(&b, &a, now); /* F ends a's poll */
	assert_false(a.polling);
	assert_false(b.final_due);
	bfd_sess_build(&a, &p);
	assert_false(p.poll);
	/* A larger min_tx while Up is used only after the peer's F. */
	struct bfd_sess_conf slow = fast;

	slow.min_tx = 300 * MS;
	bfd_sess_set_conf(&a, &slow, now);
	assert_true(a.polling);
	assert_int_equal(a.tx_adv, 300 * MS);
	assert_int_equal(a.tx_used, 10 * MS);
	now += 1000;
	deliver(&a, &b, now);
	deliver(&b, &a, now);
	assert_int_equal(a.tx_used, 300 * MS);
	assert_int_equal(bfd_sess_tx_interval(&a), 300 * MS);
	/* b's detection time follows a's new interval at once. */
	now += 1000;
	deliver(&a, &b, now);
	assert_int_equal(bfd_sess_detect_time(&b), 5u * 300 * MS);
}

/* §6.8.3: a smaller min_rx set while Up counts for the detection time
 * once the peer answered the poll; a larger one at once. */
static void
test_min_rx_change(void **state)
{
	struct bfd_sess a, b;
	struct bfd_sess_conf c = fast;
	uint64_t now = 5 * SEC;

	(void)state;
	c.min_rx = c.min_tx = 200 * MS;
	bfd_sess_init(&a, &c, 100, rnd, NULL, now);
	bfd_sess_init(&b, &fast, 200, rnd, NULL, now);
	deliver(&a, &b, now);
	deliver(&b, &a, now);
	deliver(&a, &b, now);
	deliver(&b, &a, now); /* b Up, 10 ms */
	deliver(&a, &b, now); /* ends b's poll */
	deliver(&b, &a, now); /* F: ends a's poll */
	assert_int_equal(a.state, BFD_UP);
	assert_false(a.polling);
	assert_int_equal(bfd_sess_detect_time(&a), 5u * 200 * MS);
	c.min_rx = 50 * MS;
	bfd_sess_set_conf(&a, &c, now);
	assert_true(a.polling);
	assert_int_equal(bfd_sess_detect_time(&a), 5u * 200 * MS);
	/* an exchange or two: a's P goes out once it owes no F itself */
	for (int i = 0; i < 3 && a.polling; i++) {
		deliver(&a, &b, now);
		assert_int_equal(bfd_sess_detect_time(&a), 5u * 200 * MS);
		deliver(&b, &a, now);
	}
	assert_false(a.polling);
	assert_int_equal(bfd_sess_detect_time(&a), 5u * 50 * MS);
	c.min_rx = 300 * MS; /* larger: at once */
	bfd_sess_set_conf(&a, &c, now);
	assert_int_equal(bfd_sess_detect_time(&a), 5u * 300 * MS);
}

/* §6.8.4: remote multiplier x max(our min_rx, its min_tx). */
static void
test_detection(void **state)
{
	struct bfd_sess a, b;
	uint64_t now = 5 * SEC, t;

	(void)state;
	up_pair(&a, &b, &now);
	/* b's Init packet said 1 s (not Up yet): 5 x 1 s */
	assert_int_equal(bfd_sess_detect_time(&a), 5 * SEC);
	/* b, Up, announces 10 ms; its multiplier is 5 */
	now += 1000;
	deliver(&b, &a, now);
	assert_int_equal(bfd_sess_detect_time(&a), 5 * 10 * MS);
	t = a.detect_at;
	assert_int_equal(bfd_sess_tick(&a, t - 1), -1);
	assert_int_equal(a.state, BFD_UP);
	assert_int_equal(bfd_sess_tick(&a, t), BFD_UP);
	assert_int_equal(a.state, BFD_DOWN);
	assert_int_equal(a.diag, BFD_DIAG_DETECT_EXPIRED);
	assert_int_equal(a.remote_discr, 0); /* §6.8.1 */
	assert_int_equal(a.st.down, 1);
	assert_int_equal(a.st.detect_expired, 1);
	/* Down again: idle interval, no poll */
	assert_int_equal(a.tx_adv, 1 * SEC);
	assert_false(a.polling);
	/* b hears a Down (your discriminator 0 is fine in Down) */
	now = t + 1000;
	assert_int_equal(deliver(&a, &b, now), BFD_UP);
	assert_int_equal(b.diag, BFD_DIAG_NEIGHBOR_DOWN);
	/* a larger peer interval gives a longer detection time */
	struct bfd_sess c;

	bfd_sess_init(&c, &fast, 3, rnd, NULL, now);
	struct bfd_pkt p = {.version = 1,
			    .state = BFD_DOWN,
			    .mult = 3,
			    .my_discr = 9,
			    .min_tx = 200 * MS,
			    .min_rx = 1 * MS};

	bfd_sess_rx(&c, &p, now);
	assert_int_equal(bfd_sess_detect_time(&c), 3 * 200 * MS);
	assert_int_equal(c.detect_at, now + 3 * 200 * MS);
}

static void
test_admin_down(void **state)
{
	struct bfd_sess a, b;
	uint64_t now = 5 * SEC;

	(void)state;
	up_pair(&a, &b, &now);
	a.state = BFD_ADMIN_DOWN;
	a.diag = BFD_DIAG_ADMIN_DOWN;
	assert_int_equal(deliver(&a, &b, now), BFD_UP);
	assert_int_equal(b.state, BFD_DOWN);
	assert_int_equal(b.diag, BFD_DIAG_NEIGHBOR_DOWN);
	/* AdminDown again changes nothing in Down */
	assert_int_equal(deliver(&a, &b, now), -1);
}

/* §6.8.7: 75-100% of the interval; 75-90% with a multiplier of 1. */
static void
test_jitter(void **state)
{
	struct bfd_sess a, b;
	uint64_t now = 5 * SEC;

	(void)state;
	up_pair(&a, &b, &now);
	a.polling = false;
	a.tx_used = 100 * MS;
	b.remote_min_rx = 0;
	rnd_val = 0;
	bfd_sess_sent(&a, now);
	assert_int_equal(a.next_tx, now + 75 * MS);
	rnd_val = 25 * MS; /* the top of the span */
	bfd_sess_sent(&a, now);
	assert_int_equal(a.next_tx, now + 100 * MS);
	a.conf.mult = 1;
	rnd_val = 15 * MS;
	bfd_sess_sent(&a, now);
	assert_int_equal(a.next_tx, now + 90 * MS);
	rnd_val = 15 * MS + 1;
	bfd_sess_sent(&a, now);
	assert_int_equal(a.next_tx, now + 75 * MS);
	rnd_val = 0;
	/* the peer asks for nothing: no periodic packet (§6.8.7) */
	a.remote_min_rx = 0;
	bfd_sess_sent(&a, now);
	assert_int_equal(a.next_tx, 0);
	assert_false(bfd_sess_tx_due(&a, now + SEC));
}

/* §6.1: a passive session sends nothing before the peer spoke. */
static void
test_passive(void **state)
{
	struct bfd_sess a, b;
	struct bfd_sess_conf pc = fast;
	uint64_t now = 5 * SEC;

	(void)state;
	pc.passive = true;
	bfd_sess_init(&a, &pc, 1, rnd, NULL, now);
	bfd_sess_init(&b, &fast, 2, rnd, NULL, now);
	assert_false(bfd_sess_tx_due(&a, now));
	assert_false(bfd_sess_tx_due(&a, now + 10 * SEC));
	assert_int_equal(bfd_sess_next(&a), 0);
	deliver(&b, &a, now);
	assert_int_equal(a.state, BFD_INIT);
	assert_true(bfd_sess_tx_due(&a, now));
	deliver(&a, &b, now);
	assert_int_equal(b.state, BFD_UP);
	deliver(&b, &a, now);
	assert_int_equal(a.state, BFD_UP);
}

/* Up needs the three-way handshake: a packet Up in Down is ignored. */
static void
test_no_shortcut(void **state)
{
	struct bfd_sess a;
	struct bfd_pkt p = {.version = 1,
			    .state = BFD_UP,
			    .mult = 3,
			    .my_discr = 9,
			    .your_discr = 1,
			    .min_tx = 10 * MS,
			    .min_rx = 10 * MS};

	(void)state;
	bfd_sess_init(&a, &fast, 1, rnd, NULL, 0);
	assert_int_equal(bfd_sess_rx(&a, &p, 10), -1);
	assert_int_equal(a.state, BFD_DOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_way),
		cmocka_unit_test(test_intervals_and_poll),
		cmocka_unit_test(test_detection),
		cmocka_unit_test(test_min_rx_change),
		cmocka_unit_test(test_admin_down),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_passive),
		cmocka_unit_test(test_no_shortcut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
