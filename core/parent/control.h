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
 *
 * No client can lock another out: each uid (the kernel's word, not the
 * client's) holds at most CONTROL_MAX_PER_UID connections and all of them
 * together CONTROL_MAX_CLIENTS; a connection past either bound displaces
 * the oldest connection of that uid (or, when the socket is full, of the
 * uid holding the most) that has not sent a whole request line yet. What
 * it had sent is read first, so a request that arrived is served.
 */
#ifndef VIGIL_CORE_CONTROL_H
#define VIGIL_CORE_CONTROL_H

#include <stdint.h>

#define CONTROL_MAX_CLIENTS 32
#define CONTROL_MAX_PER_UID 8

struct vigild;
struct control;
struct conf;

struct control *control_new(struct vigild *d);
void control_free(struct control *ctl);
/* A reload: a changed vigil_control_group replaces the socket (race-free,
 * never without one); the connections open stay. */
void control_configure(struct control *ctl, const struct conf *c);
uint64_t control_bad_requests(const struct control *ctl);
uint64_t control_served(const struct control *ctl);

#endif
