// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The management side of vigild, a parent service (core/parent/services.h):
 * the model of the children (model.c) and what reads it: the HTTP
 * listener's /metrics and status page, `vigilctl metrics`, the SNMP
 * subagent.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/conf/conf_model.h"
#include "core/parent/children.h"
#include "core/parent/services.h"
#include "core/parent/vigild.h"
#include "mgmt/http.h"
#include "mgmt/listen.h"
#include "mgmt/metrics.h"
#include "mgmt/model.h"
#include "mgmt/om.h"
#include "mgmt/page.h"
#include "mgmt/snmp_agent.h"
#include "mgmt/snmp_mib.h"

/* A scrape is answered from data at most this old. */
#define MGMT_MAX_AGE EV_SEC(1)

/* A reader waiting for the model: an HTTP client or a control client. */
struct pending {
	struct mgmt *mg;
	struct http_client *cl;
	bool page;
	service_reply_fn reply;
	void *arg;
	struct pending *next;
};

struct mgmt {
	struct vigild *d;
	struct mgmt_model *model;
	struct http_server *http;
	char *listen; /* the address it listens on, as configured */
	struct pending *pending;
	struct snmp_agent *snmp;
	char host[256];
};

static char *
render(struct mgmt *mg, bool page, size_t *len)
{
	struct mgmt_view v;
	char *text;

	mgmt_model_view(mg->model, &v);
	v.http = mg->http ? http_server_stats(mg->http) : NULL;
	text = page ? mgmt_page_html(&v, len) : mgmt_metrics_text(&v, len);
	mgmt_view_done(&v);
	return text;
}

static void
answer_http(struct mgmt *mg, struct http_client *cl, bool page)
{
	size_t len = 0;
	char *text = render(mg, page, &len);

	if (!text) {
		http_respond(cl, 503, "text/plain", "out of memory\n", 14);
		return;
	}
	http_respond(cl, 200,
		     page ? "text/html; charset=utf-8" : OM_CONTENT_TYPE, text,
		     len);
	free(text);
}

static void
answer_ctl(struct mgmt *mg, service_reply_fn reply, void *arg)
{
	struct json_object *o = json_object_new_object();
	size_t len = 0;
	char *text = render(mg, false, &len);

	json_object_object_add(
		o, text ? "text" : "error",
		json_object_new_string(text ? text : "out of memory"));
	free(text);
	reply(arg, o);
}

static void
unlink_pending(struct mgmt *mg, struct pending *p)
{
	for (struct pending **pp = &mg->pending; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			return;
		}
}

static void
fresh(void *arg)
{
	struct pending *p = arg;
	struct mgmt *mg = p->mg;

	unlink_pending(mg, p);
	if (p->cl)
		answer_http(mg, p->cl, p->page);
	else
		answer_ctl(mg, p->reply, p->arg);
	free(p);
}

/* Answer now if the model is fresh, else when it is. */
static int
when_fresh(struct mgmt *mg, struct pending *t)
{
	struct pending *p = malloc(sizeof(*p));
	int rc;

	if (!p)
		return -1;
	*p = *t;
	p->mg = mg;
	p->next = mg->pending;
	mg->pending = p;
	rc = mgmt_model_fresh(mg->model, MGMT_MAX_AGE, fresh, p);
	if (rc == 1)
		fresh(p);
	else if (rc < 0) {
		unlink_pending(mg, p);
		free(p);
	}
	return rc < 0 ? -1 : 0;
}

/* ---- HTTP ---- */

static void
http_request(void *arg, struct http_client *cl, const struct http_req *r)
{
	struct mgmt *mg = arg;
	struct pending t = {.cl = cl};

	if (!strcmp(r->path, "/metrics"))
		t.page = false;
	else if (!strcmp(r->path, "/") || !strcmp(r->path, "/index.html"))
		t.page = true;
	else {
		http_respond(cl, 404, "text/plain", "404 Not Found\n", 14);
		return;
	}
	if (when_fresh(mg, &t) < 0)
		http_respond(cl, 503, "text/plain", "busy\n", 5);
}

static void
http_gone(void *arg, struct http_client *cl)
{
	struct mgmt *mg = arg;

	for (struct pending *p = mg->pending; p; p = p->next)
		if (p->cl == cl) {
			mgmt_model_cancel(mg->model, p);
			unlink_pending(mg, p);
			free(p);
			return;
		}
}

static const struct http_ops http_ops = {
	.request = http_request,
	.gone = http_gone,
};

/* ---- the service ---- */

static void
listen_on(struct mgmt *mg, const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	const char *why;

	http_server_free(mg->http);
	mg->http = NULL;
	free(mg->listen);
	mg->listen = NULL;
	if (!addr)
		return;
	if (mgmt_listen_parse(addr, &ss, &len, &why) < 0) {
		log_err("mgmt listen=%s state=failed error=\"%s\"", addr, why);
		return;
	}
	mg->http = http_server_new(mg->d->loop, (struct sockaddr *)&ss, len,
				   &http_ops, mg);
	if (!mg->http) {
		log_err("mgmt listen=%s state=failed error=\"%s\"", addr,
			strerror(errno));
		return;
	}
	mg->listen = strdup(addr);
	log_info("mgmt listen=%s state=listening", addr);
}

/* The MIB branches the config enables (keepalived's keywords). */
static unsigned
snmp_mibs(const struct conf_global *g)
{
	unsigned m = (g->enable_snmp_vrrp ? MIB_KA_VRRP : 0) |
		     (g->enable_snmp_checker ? MIB_KA_CHECK : 0) |
		     (g->enable_snmp_rfcv2 ? MIB_RFC2787 : 0) |
		     (g->enable_snmp_rfcv3 ? MIB_RFC6527 : 0);

	/* VIGIL-MIB goes with any of keepalived's: it has no keyword. */
	return m ? m | MIB_VIGIL : 0;
}

static bool
same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The subagent starts with the first config that enables a MIB; Net-SNMP
 * sets itself up once per process, so a new snmp_socket needs a restart
 * (logged). The branches follow every reload. */
static void
snmp_configure(struct mgmt *mg)
{
	const struct conf_global *g = &mg->d->conf->global;
	unsigned mibs = snmp_mibs(g);

	if (!mg->snmp && !mibs)
		return;
	if (!mg->snmp) {
		mg->snmp = snmp_agent_new(mg->d, mg->model, g->snmp_socket);
		if (!mg->snmp) {
			log_err("snmp state=failed error=\"%s\"",
				strerror(errno));
			return;
		}
	} else if (!same(g->snmp_socket, snmp_agent_socket(mg->snmp))) {
		log_warn("snmp snmp_socket=%s state=unchanged "
			 "reason=\"a new snmp_socket needs a restart\"",
			 g->snmp_socket ? g->snmp_socket : "default");
	}
	snmp_agent_serve(mg->snmp, mibs);
	snmp_agent_traps(mg->snmp, g->enable_traps);
}

/* routerId in notifications: router_id, else the host name. */
static const char *
router_id(struct mgmt *mg)
{
	const char *id = mg->d->conf->global.router_id;

	if (id)
		return id;
	if (gethostname(mg->host, sizeof(mg->host) - 1) < 0)
		mg->host[0] = '\0';
	return mg->host;
}

static void
mgmt_configure(void *st)
{
	struct mgmt *mg = st;
	const char *addr = mg->d->conf->global.vigil_metrics_listen;

	snmp_configure(mg);

	/* A reload that keeps the address keeps the socket. */
	if ((!addr && !mg->listen) ||
	    (addr && mg->listen && !strcmp(addr, mg->listen) && mg->http))
		return;
	listen_on(mg, addr);
}

static void *
mgmt_start(struct vigild *d)
{
	struct mgmt *mg = calloc(1, sizeof(*mg));

	if (!mg)
		return NULL;
	mg->d = d;
	mg->model = mgmt_model_new(d);
	if (!mg->model) {
		free(mg);
		return NULL;
	}
	mgmt_configure(mg);
	return mg;
}

static void
mgmt_child_msg(void *st, const struct vchild *ch, const struct ipc_msg *m)
{
	struct mgmt *mg = st;

	mgmt_model_child_msg(mg->model, ch->row->name, m);
	if (!mg->snmp)
		return;
	if (m->type == IPC_EVENT)
		snmp_agent_event(mg->snmp, ch->row->name, m->json,
				 router_id(mg));
	snmp_agent_kick(mg->snmp);
}

static int
mgmt_command(void *st, const struct ctl_req *r, service_reply_fn reply,
	     void *arg)
{
	struct mgmt *mg = st;
	struct pending t = {.reply = reply, .arg = arg};

	if (r->cmd->id != CTL_METRICS)
		return -1;
	if (when_fresh(mg, &t) < 0) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "error",
				       json_object_new_string("busy"));
		reply(arg, o);
	}
	return 0;
}

static void
mgmt_stop(void *st)
{
	struct mgmt *mg = st;

	http_server_free(mg->http);
	snmp_agent_free(mg->snmp);
	while (mg->pending) {
		struct pending *p = mg->pending;

		mg->pending = p->next;
		mgmt_model_cancel(mg->model, p);
		free(p);
	}
	mgmt_model_free(mg->model);
	free(mg->listen);
	free(mg);
}

const struct parent_service mgmt_service = {
	.name = "mgmt",
	.start = mgmt_start,
	.configure = mgmt_configure,
	.child_msg = mgmt_child_msg,
	.command = mgmt_command,
	.stop = mgmt_stop,
};
