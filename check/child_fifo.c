// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child's notify FIFOs: lvs_notify_fifo and notify_fifo (which
 * the vrrp child writes to as well) get a line per real server that goes
 * up or down and per virtual server whose quorum does (check/lvs_fifo.h),
 * through the runtime's bounded, non-blocking writer
 * (core/runtime/notify_fifo.h): a missing or slow reader never stalls the
 * checks. What keepalived 2.2.7 writes, and when:
 *   - at start, per virtual server in config order: with rs_init_notifies
 *     an UP line for each real server up from the start (not alpha), then
 *     VS UP if the quorum is up, VS DOWN if it is down and there is a
 *     sorry server (nothing otherwise);
 *   - then each change as it happens, the real server's line before the
 *     quorum line it causes;
 *   - at a stop, for a virtual server with omega only: DOWN for each real
 *     server up, then VS DOWN.
 */
#include "config.h"

#include "check/child_int.h"
#include "check/lvs_fifo.h"
#include "core/conf/conf_model.h"
#include "core/runtime/log.h"

#define LINE_MAX_LEN 512

void
cc_fifo_open(struct cc *s, const struct conf *old, const struct conf *c)
{
	const struct conf_fifo *now[NFIFO_SET] = {&c->global.notify_fifo,
						  &c->global.lvs_notify_fifo};
	const struct conf_fifo *was[NFIFO_SET] = {
		old ? &old->global.notify_fifo : NULL,
		old ? &old->global.lvs_notify_fifo : NULL};

	nfifo_set_open(&s->fifos, s->loop, child_uid(s->cx), "check", now, was);
}

void
cc_fifo_rs(struct cc *s, size_t v, size_t r, bool up)
{
	char line[LINE_MAX_LEN];

	if (!nfifo_set_any(&s->fifos) || v >= s->ix.nvs ||
	    r >= s->ix.vs[v]->rs.n)
		return;
	if (lvs_fifo_rs_line(s->conf, s->ix.vs[v], s->ix.rs[v][r], up, line,
			     sizeof(line)) >= 0)
		nfifo_set_write(&s->fifos, line);
}

void
cc_fifo_vs(struct cc *s, size_t v, bool up)
{
	char line[LINE_MAX_LEN];

	if (!nfifo_set_any(&s->fifos) || v >= s->ix.nvs)
		return;
	if (lvs_fifo_vs_line(s->conf, s->ix.vs[v], up, line, sizeof(line)) >= 0)
		nfifo_set_write(&s->fifos, line);
}

void
cc_fifo_event(struct cc *s, const struct chk_event *ev)
{
	switch (ev->type) {
	case CHK_EV_RS_UP:
	case CHK_EV_RS_DOWN:
		cc_fifo_rs(s, ev->vs_idx, ev->rs_idx, ev->type == CHK_EV_RS_UP);
		break;
	case CHK_EV_QUORUM_UP:
	case CHK_EV_QUORUM_DOWN:
		cc_fifo_vs(s, ev->vs_idx, ev->type == CHK_EV_QUORUM_UP);
		break;
	default:
		break;
	}
}

void
cc_fifo_free(struct cc *s)
{
	nfifo_set_free(&s->fifos);
}
