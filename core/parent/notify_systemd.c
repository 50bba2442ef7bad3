// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * systemd's readiness protocol (sd_notify(3)) for Type=notify: READY=1 once
 * every child the config wants is ready; RELOADING=1 when a reload begins
 * and READY=1 again when every child runs the new generation (or refused
 * it); STOPPING=1 at shutdown. Without NOTIFY_SOCKET, sd_notify() does
 * nothing, so vigild started by hand behaves as before.
 *
 * libsystemd's sd_notify() rather than our own datagram code: it is in
 * Debian 12 (libsystemd-dev), handles abstract sockets and credentials,
 * and is what systemd documents.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <systemd/sd-daemon.h>

#include "core/parent/children.h"
#include "core/parent/notify_systemd.h"
#include "core/parent/vigild.h"

static void
send_state(struct vigild *d, const char *state)
{
	int rc = sd_notify(0, state);

	if (rc < 0 && !d->sd.warned) {
		log_warn("systemd notify=failed error=\"%s\"", strerror(-rc));
		d->sd.warned = true;
	}
}

/* A wanted child is settled when it is ready on the config in force, or
 * when it answered this generation with a refusal (it keeps the old one;
 * supervisor.c logged why). */
static bool
settled(struct vigild *d, const struct vchild *ch)
{
	if (!ch->wanted)
		return true;
	return ch->ready &&
	       (ch->gen == d->gen || (d->sd.refused & (1ull << ch->proc)));
}

void
notify_systemd_update(struct vigild *d)
{
	char msg[256];
	size_t n = 0;

	if (d->sd.ready || d->shutting_down)
		return;
	for (size_t i = 0; i < vigild_nchildren; i++)
		if (!settled(d, vigild_child(d, i)))
			return;
	d->sd.ready = true;
	/* systemctl status shows STATUS=: the generation in force, whether
	 * the last reload was refused, the children running. */
	n += (size_t)snprintf(msg, sizeof(msg),
			      "READY=1\nSTATUS=config gen %llu%s; children:",
			      (unsigned long long)d->gen,
			      d->last.ok ? "" : " (last reload refused)");
	for (size_t i = 0; i < vigild_nchildren && n < sizeof(msg); i++)
		if (vigild_child(d, i)->wanted)
			n += (size_t)snprintf(msg + n, sizeof(msg) - n, " %s",
					      vigild_children[i].name);
	send_state(d, msg);
}

void
notify_systemd_reloading(struct vigild *d)
{
	d->sd.ready = false;
	d->sd.refused = 0;
	send_state(d, "RELOADING=1\nSTATUS=reloading");
}

void
notify_systemd_refused(struct vigild *d, const struct vchild *ch)
{
	d->sd.refused |= 1ull << ch->proc;
	notify_systemd_update(d);
}

void
notify_systemd_stopping(struct vigild *d)
{
	send_state(d, "STOPPING=1\nSTATUS=stopping");
}
