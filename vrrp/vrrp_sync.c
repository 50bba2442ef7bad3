// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "vrrp/vrrp_sync.h"

enum vrrp_sync_action
vrrp_sync_decide(enum vrrp_state from, enum vrrp_state to, enum vrrp_reason why)
{
	if (why == VRRP_WHY_SYNC_GROUP || why == VRRP_WHY_SHUTDOWN ||
	    from == to)
		return VRRP_SYNC_NONE;
	if (to == VRRP_STATE_MASTER)
		return VRRP_SYNC_TO_MASTER;
	if (from == VRRP_STATE_MASTER && to == VRRP_STATE_BACKUP)
		return VRRP_SYNC_TO_BACKUP;
	return VRRP_SYNC_NONE;
}

unsigned
vrrp_sync_inherited_faults(const unsigned *own_faults, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && own_faults[j])
			return 1;
	return 0;
}

enum vrrp_state
vrrp_sync_group_state(const enum vrrp_state *members, size_t n)
{
	size_t master = 0, backup = 0;

	for (size_t i = 0; i < n; i++) {
		if (members[i] == VRRP_STATE_FAULT)
			return VRRP_STATE_FAULT;
		master += members[i] == VRRP_STATE_MASTER;
		backup += members[i] == VRRP_STATE_BACKUP;
	}
	if (n && master == n)
		return VRRP_STATE_MASTER;
	if (n && backup == n)
		return VRRP_STATE_BACKUP;
	return VRRP_STATE_INIT;
}
