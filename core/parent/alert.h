/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * E-mail alerts (keepalived's smtp_alert): the parent turns the children's
 * events into mails when the object's smtp_alert is on, and hands them to
 * the sender (smtp_send.h).
 *
 *   vrrp_state, vrrp_group_state   the vrrp child says in the event whether
 *                                  the instance or group alerts
 *                                  ("smtp_alert"); MASTER, BACKUP, FAULT
 *                                  and STOP are mailed, FAULT not with
 *                                  no_email_faults.
 *   rs_up, rs_down                 the real server's smtp_alert;
 *   quorum_up, quorum_down         the virtual server's (both resolved by
 *                                  conf_validate, see vigil.conf(5)).
 */
#ifndef VIGIL_CORE_ALERT_H
#define VIGIL_CORE_ALERT_H

#include <stddef.h>
#include <time.h>

#include "core/runtime/event.h"

struct conf;
struct json_object;

struct alert_text {
	char subject[256];
	char body[1536];
};

/* Pure: 1 and the mail's text if event ev is mailed under config c (at
 * wall-clock time now, from router_id), 0 if not. Whether its object
 * mails is the event's own "smtp_alert" (the child that sent it knows). */
int alert_compose(const struct conf *c, struct json_object *ev,
		  const char *router_id, time_t now,
		  struct alert_text *out);

struct alerts;

struct alerts *alerts_new(struct ev_loop *loop);
void alerts_free(struct alerts *a);
/*
 * A config is in force: smtp_server is resolved now (a host name is looked
 * up with the system resolver, at load and at each reload, never on the
 * event path); no server, no recipient or a name that does not resolve
 * turn mail off (logged).
 */
void alerts_configure(struct alerts *a, const struct conf *c);
/* An event from a child (a JSON object), under the config in force. */
void alerts_event(struct alerts *a, const struct conf *c,
		  struct json_object *ev);
/* {"queued","sent","failed","dropped","pending"} for `vigilctl status`. */
struct json_object *alerts_json(const struct alerts *a);
/* At exit: run the loop until the mails queued so far (the children's last
 * transitions) are sent or failed, for at most max. */
void alerts_drain(struct alerts *a, struct ev_loop *loop, ev_time_t max);

#endif
