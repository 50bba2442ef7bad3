/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket: a unix stream socket (0600, root; 0660 with
 * vigil_control_group) where `vigilctl` sends one JSON request line and
 * reads one JSON reply line. The commands, their arguments and the typed
 * message each becomes are the table of core/cli/ctl_cmd.h, shared with
 * vigilctl:
 *
 *   {"cmd":"status"}
 *   {"cmd":"show","args":["checks"]}
 *   {"cmd":"drain","args":["tcp [2001:db8::1]:443","[2001:db8::2]:443"]}
 *
 * Replies are a JSON object; a refused request gets {"error":"..."} (with
 * "child" when a child refused it) and is counted.
 */
#ifndef VIGIL_CORE_CONTROL_H
#define VIGIL_CORE_CONTROL_H

#include <stdint.h>

#define CONTROL_MAX_CLIENTS 32

struct vigild;
struct control;

struct control *control_new(struct vigild *d);
void control_free(struct control *ctl);
uint64_t control_bad_requests(const struct control *ctl);

#endif
