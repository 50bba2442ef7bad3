/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_sync_group: members move together. Pure decisions; the engine applies
 * them (vrrp_group.c).
 *
 * - A member that becomes MASTER on its own pulls the others to MASTER; one
 *   that steps down from MASTER to BACKUP pulls them to BACKUP. Moves the
 *   group itself caused (reason sync-group) do not propagate again.
 * - Faults: a member with a fault of its own puts every other member in
 *   FAULT too (one inherited fault condition each), until no member has one.
 * - The group's own state (for its notify scripts): FAULT if any member is in
 *   FAULT, MASTER if all are MASTER, BACKUP if all are BACKUP, else none yet.
 */
#ifndef VIGIL_VRRP_SYNC_H
#define VIGIL_VRRP_SYNC_H

#include <stddef.h>

#include "vrrp/vrrp_instance.h"

enum vrrp_sync_action {
	VRRP_SYNC_NONE = 0,
	VRRP_SYNC_TO_MASTER,
	VRRP_SYNC_TO_BACKUP,
};

enum vrrp_sync_action vrrp_sync_decide(enum vrrp_state from, enum vrrp_state to,
				       enum vrrp_reason why);

/* Fault conditions member i inherits from the others' own faults. */
unsigned vrrp_sync_inherited_faults(const unsigned *own_faults, size_t n,
				    size_t i);

/* The group state, or VRRP_STATE_INIT while members disagree. */
enum vrrp_state vrrp_sync_group_state(const enum vrrp_state *members, size_t n);

#endif
