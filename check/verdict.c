// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "check/verdict.h"

void
chk_state_init(struct chk_state *st, bool alpha)
{
	memset(st, 0, sizeof(*st));
	st->up = !alpha;
}

void
chk_verdict(struct chk_state *st, uint32_t retry, bool success,
	    struct chk_verdict *out)
{
	memset(out, 0, sizeof(*out));
	out->of = retry + 1;
	st->has_result = true;
	if (success) {
		st->fails = 0;
		if (!st->up) {
			st->up = true;
			out->t = CHK_T_UP;
		}
		return;
	}
	if (!st->up)
		return; /* already down: stay down, plain interval */
	st->fails++;
	out->tries = st->fails;
	if (st->fails > retry) {
		st->up = false;
		st->fails = 0;
		out->t = CHK_T_DOWN;
		return;
	}
	out->retry = true;
	out->soft_fail = true;
}
