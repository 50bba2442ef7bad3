/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigild's side of systemd's Type=notify (notify_systemd.c): the
 * supervisor and the reload say what happened; this says READY=1,
 * RELOADING=1 or STOPPING=1 when it is true.
 */
#ifndef VIGIL_CORE_NOTIFY_SYSTEMD_H
#define VIGIL_CORE_NOTIFY_SYSTEMD_H

#include <stdbool.h>
#include <stdint.h>

struct vigild;
struct vchild;

/* Held in struct vigild. */
struct notify_systemd {
	bool ready;	  /* READY=1 sent for the config in force */
	bool warned;	  /* a failed send was logged */
	uint64_t refused; /* 1 << proc: refused the current generation */
};

/* READY=1 if every wanted child is ready on the config in force and it
 * was not said yet. Call after anything that may make it true. */
void notify_systemd_update(struct vigild *d);
/* A reload began: RELOADING=1; READY=1 follows from the update. */
void notify_systemd_reloading(struct vigild *d);
/* ch answered the reload with a refusal: it is settled all the same. */
void notify_systemd_refused(struct vigild *d, const struct vchild *ch);
void notify_systemd_stopping(struct vigild *d);

#endif
