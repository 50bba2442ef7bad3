// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The metrics of the parent and the dispatch to each child's part
 * (metrics.h). A child with no data (not running, no answer) has no
 * series: its vigil_child_up says why.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "mgmt/http.h"
#include "mgmt/metrics.h"
#include "mgmt/model.h"
#include "mgmt/om.h"

static const struct {
	const char *child;
	void (*write)(FILE *f, struct json_object *data);
} parts[] = {
	{"vrrp", mgmt_metrics_vrrp},
	{"check", mgmt_metrics_check},
	{"sync", mgmt_metrics_sync},
};

static void
parent_metrics(FILE *f, struct json_object *p)
{
	struct json_object *last = NULL;
	const char *ver[] = {"version", PACKAGE_VERSION, NULL};

	om_single(f, "keepalived_up", "gauge",
		  "The director daemon runs (vigild).", 1);
	om_family(f, "vigil_build_info", "gauge", "vigild's version.");
	om_sample(f, "vigil_build_info", ver, 1);
	om_single(f, "vigil_uptime_seconds", "gauge",
		  "Seconds since vigild started.", jget_num(p, "uptime_s"));
	om_single(f, "vigil_config_generation", "gauge",
		  "Generation of the config in force (1 at start, +1 per "
		  "reload).",
		  jget_num(p, "config_gen"));
	om_single(f, "vigil_reloads_total", "counter", "Reloads asked for.",
		  jget_num(p, "reloads"));
	om_single(f, "vigil_reloads_failed_total", "counter",
		  "Reloads refused (invalid config; the old one kept).",
		  jget_num(p, "reloads_failed"));
	om_single(f, "vigil_control_requests_total", "counter",
		  "Requests on the control socket answered.",
		  jget_num(p, "control_served"));
	om_single(f, "vigil_control_bad_requests_total", "counter",
		  "Requests on the control socket refused.",
		  jget_num(p, "control_bad_requests"));
	json_object_object_get_ex(p, "last_reload", &last);
	om_single(f, "vigil_last_reload_ok", "gauge",
		  "1 if the last load or reload was applied.",
		  jget_num(last, "ok"));
}

/* One family over the children: its value from each child's status. */
static void
children_family(FILE *f, struct json_object *chs, const char *name,
		const char *type, const char *help, const char *key)
{
	om_family(f, name, type, help);
	json_object_object_foreach(chs, child, c)
	{
		const char *l[] = {"child", child, NULL};

		om_sample(f, name, l, jget_num(c, key));
	}
}

static void
children_metrics(FILE *f, struct json_object *p)
{
	struct json_object *chs = NULL;

	if (!json_object_object_get_ex(p, "children", &chs) || !chs)
		return;
	children_family(f, chs, "vigil_child_up", "gauge",
			"1 if the child runs and has said it is ready.",
			"ready");
	children_family(f, chs, "vigil_child_restarts_total", "counter",
			"Times the child died and was started again.",
			"restarts");
	children_family(f, chs, "vigil_ipc_rejected_total", "counter",
			"Messages from the child that its row does not allow.",
			"ipc_rejected");
}

static void
alert_metrics(FILE *f, struct json_object *p)
{
	static const struct {
		const char *key, *name, *type, *help;
	} m[] = {
		{"queued", "vigil_alerts_queued_total", "counter",
		 "E-mail alerts queued."},
		{"sent", "vigil_alerts_sent_total", "counter",
		 "E-mail alerts the SMTP server accepted."},
		{"failed", "vigil_alerts_failed_total", "counter",
		 "E-mail alerts that failed."},
		{"dropped", "vigil_alerts_dropped_total", "counter",
		 "E-mail alerts dropped: the queue was full."},
		{"pending", "vigil_alerts_pending", "gauge",
		 "E-mail alerts waiting to be sent."},
	};
	struct json_object *smtp = NULL;

	json_object_object_get_ex(p, "smtp", &smtp);
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		om_single(f, m[i].name, m[i].type, m[i].help,
			  jget_num(smtp, m[i].key));
}

static void
model_metrics(FILE *f, const struct mgmt_view *v)
{
	om_family(f, "vigil_events_total", "counter",
		  "Events the children sent, by child, event and reason.");
	for (size_t i = 0; i < v->ncounts; i++) {
		const struct mgmt_count *c = &v->counts[i];
		const char *l[] = {"child",  c->child,	"event", c->event,
				   "reason", c->reason, NULL};

		om_sample(f, "vigil_events_total", l, (double)c->n);
	}
	om_single(f, "vigil_events_uncounted_total", "counter",
		  "Events not counted: too many distinct kinds.",
		  (double)v->counts_dropped);
	om_single(f, "vigil_mgmt_refreshes_total", "counter",
		  "Rounds of status queries to the children.",
		  (double)v->refreshes);
	om_single(f, "vigil_mgmt_refresh_failures_total", "counter",
		  "Status queries a child did not answer in time.",
		  (double)v->refresh_failures);
}

static void
http_metrics(FILE *f, const struct http_stats *h)
{
	const struct {
		const char *name, *help;
		uint64_t v;
	} m[] = {
		{"vigil_http_requests_total",
		 "Requests the metrics and status page listener answered.",
		 h ? h->requests : 0},
		{"vigil_http_refused_total",
		 "Connections closed at once: too many clients.",
		 h ? h->refused : 0},
		{"vigil_http_bad_requests_total",
		 "Requests refused: not HTTP/1.x, too large, not GET or HEAD.",
		 h ? h->bad : 0},
		{"vigil_http_timeouts_total",
		 "Clients dropped for sending or reading too slowly.",
		 h ? h->timeouts : 0},
	};

	for (size_t i = 0; h && i < sizeof(m) / sizeof(m[0]); i++)
		om_single(f, m[i].name, "counter", m[i].help, (double)m[i].v);
}

void
mgmt_metrics_write(FILE *f, const struct mgmt_view *v)
{
	parent_metrics(f, v->parent);
	children_metrics(f, v->parent);
	alert_metrics(f, v->parent);
	model_metrics(f, v);
	http_metrics(f, v->http);
	for (size_t i = 0; i < v->nchildren; i++)
		for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++)
			if (v->child[i].data &&
			    !strcmp(v->child[i].name, parts[k].child))
				parts[k].write(f, v->child[i].data);
}

char *
mgmt_metrics_text(const struct mgmt_view *v, size_t *len)
{
	return mgmt_view_text(mgmt_metrics_write, v, len);
}
