// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parent's status, as `vigilctl status` and the SIGUSR1/SIGUSR2 dumps
 * show it: the config in force, the last reload and each child.
 */
#include "config.h"

#include <unistd.h>

#include <json-c/json.h>

#include "core/parent/children.h"
#include "core/parent/vigild.h"

/* The messages dropped because the child's row does not allow them:
 * "ipc_rejected" (all) and "ipc_rejected_by_type" ({"VRRP_STATE": 1}). */
static void
rejected_json(struct json_object *o, const struct vchild *ch)
{
	struct json_object *by = json_object_new_object();
	uint64_t all = 0;

	for (unsigned t = 0; t < IPC_TYPE_MAX; t++) {
		const struct ipc_type_info *ti = ipc_type_info(t);

		if (!ch->rejected[t])
			continue;
		all += ch->rejected[t];
		json_object_object_add(by, ti ? ti->name : "unknown",
				       json_object_new_uint64(ch->rejected[t]));
	}
	json_object_object_add(o, "ipc_rejected", json_object_new_uint64(all));
	json_object_object_add(o, "ipc_rejected_by_type", by);
}

static struct json_object *
child_json(struct vchild *ch)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "pid", json_object_new_int(ch->pid));
	json_object_object_add(o, "wanted",
			       json_object_new_boolean(ch->wanted));
	json_object_object_add(o, "ready", json_object_new_boolean(ch->ready));
	json_object_object_add(o, "config_gen",
			       json_object_new_uint64(ch->gen));
	json_object_object_add(o, "restarts",
			       json_object_new_int(ch->restarts));
	json_object_object_add(o, "watchdog_interval_ms",
			       json_object_new_uint64(ch->wd_interval / 1000));
	json_object_object_add(o, "watchdog_timeout_ms",
			       json_object_new_uint64(ch->wd_timeout / 1000));
	json_object_object_add(o, "hangs", json_object_new_int(ch->hangs));
	json_object_object_add(o, "addresses_held",
			       json_object_new_uint64(ch->owned.n));
	rejected_json(o, ch);
	return o;
}

static struct json_object *
last_json(const struct reload_result *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *e =
		r->errors ? json_tokener_parse(r->errors) : NULL;

	json_object_object_add(o, "ok", json_object_new_boolean(r->ok));
	json_object_object_add(o, "when", json_object_new_string(r->when));
	json_object_object_add(o, "errors", e ? e : json_object_new_array());
	return o;
}

struct json_object *
vigild_status_json(struct vigild *d)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ch = json_object_new_object();
	char hex[65];

	snapshot_hash_hex(d->hash, hex);
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(
		o, "uptime_s",
		json_object_new_uint64(super_uptime(d) / 1000000));
	json_object_object_add(o, "config",
			       json_object_new_string(d->o->conf_file));
	json_object_object_add(o, "sha256", json_object_new_string(hex));
	json_object_object_add(o, "config_gen", json_object_new_uint64(d->gen));
	json_object_object_add(o, "reloads",
			       json_object_new_uint64(d->reloads));
	json_object_object_add(o, "reloads_failed",
			       json_object_new_uint64(d->reloads_failed));
	json_object_object_add(o, "last_reload", last_json(&d->last));
	json_object_object_add(o, "watchdog_stalls",
			       json_object_new_uint64(d->wd_stalls));
	json_object_object_add(o, "watchdog_stalled_ms",
			       json_object_new_uint64(d->wd_stalled / 1000));
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *c = vigild_child(d, i);

		if (c->wanted || c->pid)
			json_object_object_add(ch, c->row->name, child_json(c));
	}
	json_object_object_add(o, "children", ch);
	json_object_object_add(o, "smtp", alerts_json(d->alerts));
	return o;
}
