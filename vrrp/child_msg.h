/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the vrrp child says to the parent, built without I/O so that unit
 * tests check it: VRRP_STATE messages and "vrrp_state" events for a
 * transition, the answers to QUERY (status summary, keepalived-like data
 * and stats dumps, admin commands), and which user runs a script.
 */
#ifndef VIGIL_VRRP_CHILD_MSG_H
#define VIGIL_VRRP_CHILD_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipc.h"
#include "vrrp/vrrp.h"

struct conf;
struct json_object;

/* The sync group an instance belongs to, or "" (cfg may be NULL). */
const char *vrrp_child_group_of(const struct vrrp_config *cfg,
				const char *instance);

/* Chunk `first` of the OWNED messages for the held addresses a[0..n):
 * how many chunks there are (at least one, for an empty set). */
size_t vrrp_child_owned_msg(const struct vrrp_held_addr *a, size_t n,
			    size_t chunk, struct ipc_owned *m);

/* enum ipc_vrrp_state for a state; INIT means STOP when stopped. */
uint32_t vrrp_child_ipc_state(enum vrrp_state s, bool stopped);

/* The VRRP_STATE message for a transition (when_us: CLOCK_MONOTONIC). */
void vrrp_child_state_msg(const struct vrrp_config *cfg,
			  const struct vrrp_transition *ev, bool stopped,
			  uint64_t when_us, struct ipc_vrrp_state_msg *m);

/*
 * The event for the parent: {"event":"vrrp_state","instance":NAME,
 * "state":"MASTER","prev":"BACKUP","priority":N,"reason":...,"group":G,
 * "master":ADDR} for an instance, {"event":"vrrp_group_state","group":...}
 * for a sync group. States as notify scripts say them (STOP after a stop).
 */
struct json_object *vrrp_child_state_event(const struct vrrp_config *cfg,
					   const struct vrrp_transition *ev,
					   bool stopped);

/* `vigilctl status`: name, state, priority, vrid, interface per instance,
 * and the sync groups' states, from vrrp_engine_status()'s object. */
struct json_object *vrrp_child_summary(struct json_object *status);

/*
 * keepalived's SIGUSR1 (data) and SIGUSR2 (stats) dumps as text, one
 * "key = value" line per field and a header line per instance, in
 * {"text": ...}, with the status object itself under "vrrp".
 */
struct json_object *vrrp_child_dump(struct json_object *status, bool stats);

/*
 * The state an admin force asks for (ipc_admin_vrrp.state: MASTER, BACKUP,
 * FAULT, or INIT to give the instance back to the protocol): 0, or -1 for
 * any other value.
 */
int vrrp_child_force_state(uint32_t ipc_state, enum vrrp_state *st);

/* The instance called name in vrrp_engine_status()'s object (a new
 * reference), or NULL. */
struct json_object *vrrp_child_instance(struct json_object *status,
					const char *name);

/*
 * The `user` of the config script that cmd runs (cmd may carry notify's
 * arguments after the script): "user" or "user group", "" for the global
 * script_user. Writes into out and returns it.
 */
const char *vrrp_child_script_user(const struct conf *c, const char *cmd,
				   char *out, size_t outlen);

#endif
