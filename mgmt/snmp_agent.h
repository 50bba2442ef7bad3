/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The AgentX subagent (Net-SNMP's agent library) on the parent's loop:
 * its sockets are watched by the loop and served without blocking, its
 * timers (pings to the master agent, reconnection when snmpd restarts)
 * run from a loop timer. It answers from the model (model.h) through the
 * branches of snmp_mib.h. One per process: Net-SNMP keeps its sessions in
 * globals.
 */
#ifndef VIGIL_MGMT_SNMP_AGENT_H
#define VIGIL_MGMT_SNMP_AGENT_H

#include <stdbool.h>

struct vigild;
struct mgmt_model;
struct snmp_agent;

/* Started at the first config that enables a MIB; socket NULL: Net-SNMP's
 * default (/var/agentx/master). NULL and errno if it cannot start. */
struct snmp_agent *snmp_agent_new(struct vigild *d, struct mgmt_model *m,
				  const char *socket);
/* Serve these branches (MIB_* of snmp_mib.h), registering or unregistering
 * with the master agent as they change. */
void snmp_agent_serve(struct snmp_agent *a, unsigned mibs);
/* enable_traps: notifications for the events of the branches served. */
void snmp_agent_traps(struct snmp_agent *a, bool on);
/* An event a child sent (its JSON): the notifications it makes, if on. */
void snmp_agent_event(struct snmp_agent *a, const char *child, const char *json,
		      const char *router_id);
/* A child sent an event: refresh the model now. */
void snmp_agent_kick(struct snmp_agent *a);
const char *snmp_agent_socket(const struct snmp_agent *a);
void snmp_agent_free(struct snmp_agent *a);

#endif
