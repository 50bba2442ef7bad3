/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which kernel IPVS sync threads run, and the requests that get there.
 * Pure: no sockets, no clock; the sync child (sync/child.c) feeds it the
 * config, the VRRP state of the instance lvs_sync_daemon names and what
 * the kernel reports (IPVS_CMD_GET_DAEMON), and sends the steps through
 * ipvs/.
 *
 * The rule (vigil.conf(5) CONNECTION SYNC says why): the master thread
 * runs while the instance is MASTER, the backup thread while it is
 * anything else, never both; without an instance both run.
 */
#ifndef VIGIL_SYNC_SYNCD_H
#define VIGIL_SYNC_SYNCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipvs/model.h"

struct conf_lvs_sync;

/* What the config asks of the threads (0 fields: the kernel's default). */
struct syncd_conf {
	bool set;
	char ifname[IP_VS_IFNAME_MAXLEN];
	char instance[64]; /* "" : none, both threads always */
	uint32_t syncid;
	uint16_t maxlen, port;
	uint8_t ttl;
	uint16_t group_af;
	union ipaddr_u group;
};

/* The instance's state as the sync child knows it. */
enum syncd_vrrp {
	SYNCD_VRRP_UNKNOWN = 0, /* nothing heard yet */
	SYNCD_VRRP_MASTER,
	SYNCD_VRRP_OTHER, /* INIT, BACKUP, FAULT, STOP */
};

/* One request: IPVS_CMD_NEW_DAEMON or IPVS_CMD_DEL_DAEMON. */
struct syncd_step {
	int cmd;
	struct ipvs_daemon d;
};

#define SYNCD_MAX_STEPS 4

/* From the validated model (lvs_sync_daemon not set: c->set false). */
void syncd_conf_from_model(struct syncd_conf *c, const struct conf_lvs_sync *s);
bool syncd_conf_equal(const struct syncd_conf *a, const struct syncd_conf *b);

/* The threads wanted (0, 1 or 2 into want[]). */
size_t syncd_wanted(const struct syncd_conf *c, enum syncd_vrrp st,
		    struct ipvs_daemon want[2]);

/* Does a running daemon do what a wanted one asks? A wanted field left
 * to the kernel matches the kernel's default (port 8848, ttl 1, group
 * 224.0.0.81) and any maxlen. */
bool syncd_matches(const struct ipvs_daemon *want,
		   const struct ipvs_daemon *have);

/*
 * The steps from the running daemons to the wanted ones: a daemon that is
 * not wanted or runs with other settings is stopped, then what is missing
 * is started. A daemon that already matches is left alone. Returns the
 * number of steps (at most SYNCD_MAX_STEPS).
 */
size_t syncd_plan(const struct ipvs_daemon *want, size_t nwant,
		  const struct ipvs_daemon *have, size_t nhave,
		  struct syncd_step steps[SYNCD_MAX_STEPS]);

/* "master", "backup" for IP_VS_STATE_*. */
const char *syncd_state_name(uint32_t state);

#endif
