// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The addresses the instances hold now, told through the `owned` hook
 * after every change of what they own (vrrp_ledger_save() calls this):
 * in vigild, the vrrp child sends them to the parent (IPC_OWNED), which
 * deletes them the moment its watchdog finds this child hung, so that a
 * stopped child cannot keep a VIP while a peer takes it over
 * (core/parent/owned.c). Only the instances' VIPs and excluded VIPs that
 * this engine added: not the static addresses, which every director
 * holds, nor an address that was there before us.
 */
#include "config.h"

#include <stdlib.h>

#include "vrrp/vrrp_engine_priv.h"

static int
push(struct vrrp_held_addr **v, size_t *n, size_t *cap, int ifindex,
     const struct vrrp_vip *vip)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct vrrp_held_addr *p = realloc(*v, c * sizeof(*p));

		if (!p)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = (struct vrrp_held_addr){
		.ifindex = ifindex, .addr = vip->addr, .plen = vip->plen};
	return 0;
}

void
vrrp_owned_report(struct vrrp_engine *e)
{
	struct vrrp_held_addr *v = NULL;
	size_t n = 0, cap = 0;

	if (!e->hooks.owned)
		return;
	for (size_t i = 0; i < e->ninst; i++) {
		const struct vrrp_instance *vi = e->inst[i];
		struct vrrp_own_lists l;

		if (!vi->owned)
			continue;
		vrrp_own_lists_instance(&vi->conf, &l);
		for (int k = OWN_VIPS; k <= OWN_EVIPS; k++)
			for (size_t j = 0; j < l.n[k]; j++)
				if (vi->owned->mine[k][j] &&
				    vi->owned->ifindex[k][j] > 0 &&
				    push(&v, &n, &cap, vi->owned->ifindex[k][j],
					 (const struct vrrp_vip *)l.items[k] +
						 j) < 0)
					goto out;
	}
	e->hooks.owned(e->hooks.arg, v, n);
out:
	free(v);
}
