/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The up/down decision of one checker, keepalived's rules: a checker that
 * is up goes down after retry + 1 failures in a row (the first failure and
 * `retry` retries, each after delay_before_retry); a checker that is down
 * goes up on its first success; alpha starts it down. Pure: no clock, no
 * I/O.
 */
#ifndef VIGIL_CHECK_VERDICT_H
#define VIGIL_CHECK_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

struct chk_state {
	bool up;
	bool has_result; /* at least one run finished */
	uint32_t fails;	 /* failures in a row while up */
};

enum chk_transition {
	CHK_T_NONE = 0,
	CHK_T_UP,
	CHK_T_DOWN,
};

struct chk_verdict {
	enum chk_transition t;
	bool retry;	/* next run after delay_before_retry */
	bool soft_fail; /* failed while up, retries left */
	uint32_t tries; /* failures counted (for after=tries/of) */
	uint32_t of;	/* retry + 1 */
};

void chk_state_init(struct chk_state *st, bool alpha);
void chk_verdict(struct chk_state *st, uint32_t retry, bool success,
		 struct chk_verdict *out);

#endif
