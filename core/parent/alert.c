// SPDX-License-Identifier: GPL-2.0-or-later
/* E-mail alerts from the children's events. See alert.h. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/parent/alert.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/runtime/ipc.h"
#include "core/runtime/log.h"
#include "core/parent/smtp_client.h"
#include "core/parent/smtp_send.h"

/* ---- composing (pure) ---- */

static const char *
str(struct json_object *ev, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(ev, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

/* The child says whether the event's object sends mail (smtp_alert,
 * settled from the global defaults by the config's validation). */
static bool
mailed(struct json_object *ev)
{
	struct json_object *on;

	return json_object_object_get_ex(ev, "smtp_alert", &on) &&
	       json_object_get_boolean(on);
}

static int
vrrp_text(const struct conf *c, struct json_object *ev, const char *rid,
	  struct alert_text *out)
{
	const char *group = str(ev, "instance") ? NULL : str(ev, "group");
	const char *name = group ? group : str(ev, "instance");
	const char *state = str(ev, "state"), *prev = str(ev, "prev");
	uint32_t st;

	if (!name || !state || !mailed(ev))
		return 0;
	if (ipc_vrrp_state_parse(state, &st) < 0 || st == IPC_VRRP_INIT)
		return 0;
	if (st == IPC_VRRP_FAULT && c->global.no_email_faults)
		return 0;
	snprintf(out->subject, sizeof(out->subject),
		 "[%s] VRRP %s %s is now %s", rid,
		 group ? "sync group" : "instance", name, state);
	snprintf(out->body, sizeof(out->body),
		 "VRRP %s %s changed state from %s to %s.\n"
		 "Reason: %s\nPriority: %s\n%s%s%s",
		 group ? "sync group" : "instance", name, prev ? prev : "?",
		 state, str(ev, "reason") ?: "-", str(ev, "priority") ?: "-",
		 str(ev, "master") ? "Master: " : "", str(ev, "master") ?: "",
		 str(ev, "master") ? "\n" : "");
	return 1;
}

static int
checker_text(struct json_object *ev, const char *rid, struct alert_text *out)
{
	const char *e = str(ev, "event") ?: "", *vs = str(ev, "vs");
	const char *rs = str(ev, "rs");
	bool quorum = !strncmp(e, "quorum_", 7);
	bool check = !strncmp(e, "check_", 6); /* a checker, not the server */
	const char *what =
		!strcmp(e, "rs_up") || !strcmp(e, "quorum_up") ||
				(check && !strcmp(str(ev, "state") ?: "", "up"))
			? "UP"
			: "DOWN";

	if (!vs || (!quorum && !rs) || !mailed(ev))
		return 0;
	if (quorum) {
		snprintf(out->subject, sizeof(out->subject),
			 "[%s] virtual server %s quorum is %s", rid, vs, what);
		snprintf(out->body, sizeof(out->body),
			 "The quorum of virtual server %s is %s.\n"
			 "Weight of the servers up: %s\nQuorum: %s\n",
			 vs, what, str(ev, "weight_sum") ?: "-",
			 str(ev, "threshold") ?: "-");
		return 1;
	}
	snprintf(out->subject, sizeof(out->subject),
		 "[%s] real server %s of %s is %s", rid, rs, vs, what);
	snprintf(out->body, sizeof(out->body),
		 "Real server %s of virtual server %s is %s.\n"
		 "%s%s%sReason: %s\nCheck: %s\n",
		 rs, vs, what, check ? "Its " : "",
		 check ? str(ev, "check") ?: "-" : "",
		 check ? (strcmp(e, "check_up") ? " check failed.\n"
						: " check succeeded.\n")
		       : "",
		 str(ev, "reason") ?: "-", str(ev, "check") ?: "-");
	return 1;
}

int
alert_compose(const struct conf *c, struct json_object *ev,
	      const char *router_id, time_t now, struct alert_text *out)
{
	const char *e = str(ev, "event");
	char date[64];
	size_t n;
	int r = 0;

	if (!e)
		return 0;
	if (!strcmp(e, "vrrp_state") || !strcmp(e, "vrrp_group_state"))
		r = vrrp_text(c, ev, router_id, out);
	else if (!strcmp(e, "rs_up") || !strcmp(e, "rs_down") ||
		 !strcmp(e, "check_up") || !strcmp(e, "check_down") ||
		 !strcmp(e, "quorum_up") || !strcmp(e, "quorum_down"))
		r = checker_text(ev, router_id, out);
	if (!r)
		return 0;
	smtp_date(now, date, sizeof(date));
	n = strlen(out->body);
	snprintf(out->body + n, sizeof(out->body) - n, "Router: %s\nTime: %s\n",
		 router_id, date);
	return 1;
}

/* ---- the parent's side ---- */

struct alerts {
	struct smtp_sender *sender;
	char router_id[256];
};

struct alerts *
alerts_new(struct ev_loop *loop)
{
	struct alerts *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->sender = smtp_sender_new(loop);
	if (!a->sender) {
		free(a);
		return NULL;
	}
	return a;
}

void
alerts_free(struct alerts *a)
{
	if (!a)
		return;
	smtp_sender_free(a->sender);
	free(a);
}

/* smtp_server ADDR|NAME [PORT] as the sender's address and log name. */
static int
resolve(const struct conf_global *g, struct smtp_target *t)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_NUMERICSERV};
	struct addrinfo *res = NULL;
	char port[8], ip[INET6_ADDRSTRLEN] = "?";
	int e;

	snprintf(port, sizeof(port), "%u", g->smtp_port ? g->smtp_port : 25);
	e = getaddrinfo(g->smtp_server, port, &hints, &res);
	if (e) {
		snprintf(t->name, sizeof(t->name), "%s", gai_strerror(e));
		return -1;
	}
	memcpy(&t->addr, res->ai_addr, res->ai_addrlen);
	t->addr_len = res->ai_addrlen;
	inet_ntop(res->ai_family,
		  res->ai_family == AF_INET6
			  ? (void *)&((struct sockaddr_in6 *)res->ai_addr)
				    ->sin6_addr
			  : (void *)&((struct sockaddr_in *)res->ai_addr)
				    ->sin_addr,
		  ip, sizeof(ip));
	freeaddrinfo(res);
	if (!strcmp(ip, g->smtp_server))
		snprintf(t->name, sizeof(t->name),
			 t->addr.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
			 ip, port);
	else
		snprintf(t->name, sizeof(t->name), "%s[%s]:%s", g->smtp_server,
			 ip, port);
	return 0;
}

static void
mail_off(struct alerts *a, const char *server, const char *why)
{
	smtp_sender_target(a->sender, NULL);
	log_info("smtp server=%s state=off reason=\"%s\"", server, why);
}

void
alerts_configure(struct alerts *a, const struct conf *c)
{
	const struct conf_global *g = &c->global;
	const char *to[64];
	char host[256] = "localhost", from[300];
	struct smtp_target t = {.connect_timeout = g->smtp_connect_timeout};
	size_t n = 0;

	gethostname(host, sizeof(host) - 1);
	snprintf(a->router_id, sizeof(a->router_id), "%s",
		 g->router_id ? g->router_id : host);
	for (const struct conf_str *s = g->notification_email.head;
	     s && n < sizeof(to) / sizeof(*to); s = s->next)
		to[n++] = s->s;
	if (g->notification_email.n > n)
		log_warn("smtp recipients=%u used=%zu reason=\"at most %zu "
			 "notification_email addresses\"",
			 g->notification_email.n, n, sizeof(to) / sizeof(*to));
	if (!g->smtp_server || !n) {
		mail_off(a, g->smtp_server ?: "-",
			 g->smtp_server ? "no notification_email"
					: "no smtp_server");
		return;
	}
	if (resolve(g, &t) < 0) {
		log_err("smtp server=%s state=unresolved error=\"%s\"",
			g->smtp_server, t.name);
		mail_off(a, g->smtp_server, "smtp_server does not resolve");
		return;
	}
	snprintf(from, sizeof(from), "vigil@%s", host);
	t.helo = g->smtp_helo_name ?: host;
	t.from = g->notification_email_from ?: from;
	t.to = to;
	t.nto = n;
	if (smtp_sender_target(a->sender, &t) < 0) {
		mail_off(a, t.name, strerror(errno));
		return;
	}
	log_info("smtp server=%s state=ready from=%s recipients=%zu", t.name,
		 t.from, n);
}

void
alerts_event(struct alerts *a, const struct conf *c, struct json_object *ev)
{
	struct alert_text t;

	/* Mail off: nothing to compose. */
	if (!a || !c || !smtp_sender_enabled(a->sender) ||
	    !alert_compose(c, ev, a->router_id, time(NULL), &t))
		return;
	if (smtp_sender_queue(a->sender, t.subject, t.body, time(NULL)) < 0)
		log_err("smtp result=dropped error=\"%s\" subject=\"%s\"",
			strerror(errno), t.subject);
}

struct json_object *
alerts_json(const struct alerts *a)
{
	const struct smtp_send_stats *st = smtp_sender_stats(a->sender);
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "queued", json_object_new_uint64(st->queued));
	json_object_object_add(o, "sent", json_object_new_uint64(st->sent));
	json_object_object_add(o, "failed", json_object_new_uint64(st->failed));
	json_object_object_add(o, "dropped",
			       json_object_new_uint64(st->dropped));
	json_object_object_add(
		o, "pending",
		json_object_new_uint64(smtp_sender_pending(a->sender)));
	return o;
}

void
alerts_drain(struct alerts *a, struct ev_loop *loop, ev_time_t max)
{
	ev_time_t end = ev_now_update(loop) + max;

	while (smtp_sender_busy(a->sender) && ev_now_update(loop) < end)
		if (ev_run_once(loop, end - ev_now(loop)) < 0)
			break;
}
