// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket's requests (control.h): a line is parsed by the
 * command table (core/cli/ctl_cmd.h) into the typed message for the
 * process that answers; the parent runs its own commands (status, reload)
 * and sends the others to their child, whose answer becomes the reply. A
 * request the table or a child refuses is counted.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/parent/control_int.h"
#include "core/parent/services.h"

#define CHILD_TIMEOUT EV_SEC(3)

static void
cmd_status(struct control_client *cl)
{
	struct json_object *o = vigild_status_json(cl->ctl->d);

	json_object_object_add(o, "control_bad_requests",
			       json_object_new_uint64(cl->ctl->bad));
	control_reply(cl, o);
}

static void
cmd_reload(struct control_client *cl, bool allow_empty)
{
	struct vigild *d = cl->ctl->d;
	struct json_object *o, *e;
	int ok;

	if (d->shutting_down) {
		control_refuse(cl, PROC_PARENT, "shutting down");
		return;
	}
	ok = vigild_load(d, false, allow_empty) == 0;
	o = json_object_new_object();
	e = json_tokener_parse(d->last.errors ? d->last.errors : "[]");
	json_object_object_add(o, "ok", json_object_new_boolean(ok));
	json_object_object_add(o, "config_gen", json_object_new_uint64(d->gen));
	json_object_object_add(o, "errors", e ? e : json_object_new_array());
	control_reply(cl, o);
}

/* {"child": P, "data": its answer}; an answer {"error": ...} is a refusal
 * and is counted as one. */
static void
child_answer(struct vigild *d, enum vigil_proc p, const char *json, void *arg)
{
	struct control_client *cl = arg;
	struct json_object *data = json ? json_tokener_parse(json) : NULL;
	struct json_object *o, *err;

	(void)d;
	if (json_object_object_get_ex(data, "error", &err) &&
	    json_object_is_type(err, json_type_string)) {
		control_refuse(cl, p, json_object_get_string(err));
		json_object_put(data);
		return;
	}
	o = json_object_new_object();
	if (!data) {
		json_object_object_add(
			o, "error",
			json_object_new_string("no answer from child"));
	} else {
		json_object_object_add(o, "child",
				       json_object_new_string(proc_name(p)));
		json_object_object_add(o, "data", data);
	}
	control_reply(cl, o);
}

static void
forward(struct control_client *cl, struct ctl_req *r)
{
	struct json_object *o;

	cl->busy = true;
	if (query_send(cl->ctl->d, r->proc, r->type, &r->msg, r->len,
		       CHILD_TIMEOUT, child_answer, cl) == 0)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "error",
			       json_object_new_string("child not running"));
	json_object_object_add(o, "child",
			       json_object_new_string(proc_name(r->proc)));
	control_reply(cl, o);
}

static void
service_answer(void *arg, struct json_object *o)
{
	struct control_client *cl = arg;

	control_reply(cl, o);
}

/* A parent command of a service (services.h): metrics... */
static void
service_cmd(struct control_client *cl, const struct ctl_req *r)
{
	cl->busy = true;
	if (services_command(cl->ctl->d, r, service_answer, cl) == 0)
		return;
	cl->busy = false;
	control_refuse(cl, PROC_PARENT, "not built in");
}

void
control_run(struct control_client *cl, const char *line, size_t len)
{
	struct ctl_req r;

	if (ctl_parse_line(&r, line, len) < 0) {
		control_refuse(cl, PROC_PARENT, r.error);
		return;
	}
	cl->ctl->served++;
	log_debug(LOG_SUB_CONTROL, "control cmd=%s child=%s", r.cmd->name,
		  proc_name(r.proc));
	if (r.proc != PROC_PARENT)
		forward(cl, &r);
	else if (r.cmd->id == CTL_STATUS)
		cmd_status(cl);
	else if (r.cmd->id == CTL_RELOAD)
		cmd_reload(cl, r.allow_empty);
	else
		service_cmd(cl, &r);
}
