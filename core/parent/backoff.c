// SPDX-License-Identifier: GPL-2.0-or-later
/* Respawn delays; see backoff.h. */
#include "config.h"

#include "core/parent/backoff.h"

ev_time_t
backoff_next(struct backoff *b, ev_time_t started, ev_time_t now)
{
	ev_time_t d = BACKOFF_FIRST;

	if (now >= started && now - started >= BACKOFF_STABLE)
		b->fails = 0;
	if (b->fails++ == 0)
		return 0;
	for (unsigned i = 2; i < b->fails && d < BACKOFF_MAX; i++)
		d *= 2;
	return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}
