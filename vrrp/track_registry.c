// SPDX-License-Identifier: GPL-2.0-or-later
/* The tracker kinds: one line each, in the order the engine builds their
 * trackers (and shows them in status). */
#include "config.h"

#include "vrrp/vrrp_track.h"

/* clang-format off */
const struct vrrp_track_ops *const vrrp_track_registry[] = {
	&vrrp_track_script_ops,
	&vrrp_track_file_ops,
	&vrrp_track_process_ops,
	&vrrp_track_iface_ops,
	&vrrp_track_bfd_ops,
	NULL,
};
/* clang-format on */
