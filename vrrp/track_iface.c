// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * track_interface: up while the link is up and running (carrier); the
 * engine passes rtnetlink link events on. Weight 0 (the default) puts the
 * tracking instances in FAULT while the link is down.
 */
#include "config.h"

#include "vrrp/vrrp_if.h"
#include "vrrp/vrrp_track.h"

static int
iface_start(struct vrrp_tracker *t)
{
	int ifindex;
	bool up;

	/* An interface that does not exist (yet) is down. */
	if (vrrp_if_info(t->conf.ifname, &ifindex, NULL, &up) < 0)
		up = false;
	t->up = up;
	return 0;
}

static void
iface_stop(struct vrrp_tracker *t)
{
	(void)t;
}

void
vrrp_track_iface_link(struct vrrp_tracker *t, bool up)
{
	vrrp_tracker_report(t, up, 0);
}

const struct vrrp_track_ops vrrp_track_iface_ops = {
	.kind = "interface",
	.start = iface_start,
	.stop = iface_stop,
};
