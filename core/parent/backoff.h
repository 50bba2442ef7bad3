/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * When to respawn a child that died: at once the first time, then after
 * 500 ms, doubling up to 30 s; a child that ran 60 s without dying starts
 * over. Pure: the caller gives the times.
 */
#ifndef VIGIL_CORE_BACKOFF_H
#define VIGIL_CORE_BACKOFF_H

#include "core/runtime/event.h"

#define BACKOFF_FIRST EV_MSEC(500)
#define BACKOFF_MAX EV_SEC(30)
#define BACKOFF_STABLE EV_SEC(60)

struct backoff {
	unsigned fails; /* deaths since the child last ran stably */
};

/* The child that started at `started` died at `now`: the delay before the
 * next start. */
ev_time_t backoff_next(struct backoff *b, ev_time_t started, ev_time_t now);

#endif
