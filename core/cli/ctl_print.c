// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigilctl's replies for people (ctl_print.h): the dispatch by command,
 * `status`, `reload` and what an admin command did. The `show` tables are
 * in ctl_print_show.c.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "core/cli/ctl_cmd.h"
#include "core/cli/ctl_print.h"
#include "core/cli/ctl_print_int.h"

static void
print_errors(FILE *out, struct json_object *arr)
{
	for (size_t i = 0; i < jlen(arr); i++)
		fprintf(out, "  %s\n", json_object_get_string(jat(arr, i)));
}

static void
print_child(FILE *out, const char *name, struct json_object *c)
{
	fprintf(out,
		"child %-5s pid %" PRId64 " %s gen %" PRId64
		" restarts %" PRId64,
		name, jget_int(c, "pid"),
		jget_bool(c, "ready") ? "ready" : "not-ready",
		jget_int(c, "config_gen"), jget_int(c, "restarts"));
	/* messages of a type this child may not send, dropped */
	if (jget_int(c, "ipc_rejected") > 0)
		fprintf(out, " ipc_rejected %" PRId64,
			jget_int(c, "ipc_rejected"));
	fputs("\n", out);
}

static void
print_status(FILE *out, struct json_object *o)
{
	struct json_object *last = jget(o, "last_reload", json_type_object);
	struct json_object *ch = jget(o, "children", json_type_object);
	int64_t up = jget_int(o, "uptime_s");

	fprintf(out,
		"vigild pid %" PRId64 ", up %" PRId64 "d %02" PRId64
		":%02" PRId64 ":%02" PRId64 "\n",
		jget_int(o, "pid"), up / 86400, up / 3600 % 24, up / 60 % 60,
		up % 60);
	fprintf(out, "config %s\nsha256 %s\n", jget_str(o, "config", NULL),
		jget_str(o, "sha256", NULL));
	fprintf(out,
		"config generation %" PRId64 ", reloads %" PRId64 " (%" PRId64
		" failed)\n",
		jget_int(o, "config_gen"), jget_int(o, "reloads"),
		jget_int(o, "reloads_failed"));
	if (last) {
		fprintf(out, "last reload %s: %s\n",
			jget_str(last, "when", NULL),
			jget_bool(last, "ok") ? "ok" : "failed");
		print_errors(out, jget(last, "errors", json_type_array));
	}
	if (!ch)
		return;
	json_object_object_foreach(ch, name, c) print_child(out, name, c);
}

/* drain, restore, force: {"result": ..., and what it was done to}. */
static void
print_result(FILE *out, struct json_object *data)
{
	const char *result = jget_str(data, "result", NULL);

	if (!*result) {
		pj_kv(out, data, 0, 0);
		return;
	}
	if (jget(data, "instance", json_type_string))
		fprintf(out, "%s: %s %s\n", jget_str(data, "instance", NULL),
			result, jget_str(data, "forced", NULL));
	else
		fprintf(out, "%s %s: %s\n", jget_str(data, "vs", NULL),
			jget_str(data, "rs", NULL), result);
}

static void
print_show(FILE *out, const struct ctl_req *r, struct json_object *data,
	   time_t now)
{
	const char *topic = r->type == IPC_QUERY ? r->msg.query.arg : "";

	if (r->type == IPC_ADMIN_VRRP) {
		pj_kv(out, jget(data, "instance", json_type_object), 0, now);
	} else if (r->type == IPC_ADMIN_RS) {
		print_checks_one(out, data, r->msg.rs.rs.family != 0, now);
	} else if (!strcmp(topic, "vrrp")) {
		print_vrrp(out, data, now);
	} else if (!strcmp(topic, "checks")) {
		print_checks(out, data, now);
	} else if (!strcmp(topic, "ipvs")) {
		print_ipvs(out, data);
	} else {
		pj_kv(out, data, 0, now);
	}
}

void
ctl_print(FILE *out, const struct ctl_req *r, struct json_object *reply,
	  time_t now)
{
	struct json_object *data = jget(reply, "data", json_type_object);

	switch (r->cmd ? r->cmd->id : CTL_SHOW) {
	case CTL_STATUS:
		print_status(out, reply);
		break;
	case CTL_RELOAD:
		fprintf(out, "reload %s (config generation %" PRId64 ")\n",
			!jget(reply, "ok", json_type_boolean) ||
					jget_bool(reply, "ok")
				? "ok"
				: "refused, old config kept",
			jget_int(reply, "config_gen"));
		print_errors(out, jget(reply, "errors", json_type_array));
		break;
	case CTL_SHOW:
		print_show(out, r, data, now);
		break;
	case CTL_METRICS: /* the Prometheus text, as the parent wrote it */
		fputs(jget_str(reply, "text", ""), out);
		break;
	default:
		print_result(out, data);
	}
}
