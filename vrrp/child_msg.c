// SPDX-License-Identifier: GPL-2.0-or-later
/* The vrrp child's messages and query answers, built without I/O. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_model.h"
#include "vrrp/child_msg.h"
#include "vrrp/vrrp_notify.h"
#include "core/runtime/json_put.h"

const char *
vrrp_child_group_of(const struct vrrp_config *cfg, const char *instance)
{
	for (size_t i = 0; cfg && i < cfg->ngroups; i++)
		for (size_t k = 0; k < cfg->groups[i].nmembers; k++)
			if (!strcmp(cfg->groups[i].members[k], instance))
				return cfg->groups[i].name;
	return "";
}

uint32_t
vrrp_child_ipc_state(enum vrrp_state s, bool stopped)
{
	switch (s) {
	case VRRP_STATE_BACKUP:
		return IPC_VRRP_BACKUP;
	case VRRP_STATE_MASTER:
		return IPC_VRRP_MASTER;
	case VRRP_STATE_FAULT:
		return IPC_VRRP_FAULT;
	default:
		return stopped ? IPC_VRRP_STOP : IPC_VRRP_INIT;
	}
}

static uint8_t
vrid_of(const struct vrrp_config *cfg, const char *name)
{
	const struct vrrp_instance_conf *ic =
		cfg ? vrrp_config_find_instance(cfg, name) : NULL;

	return ic ? ic->vrid : 0;
}

void
vrrp_child_state_msg(const struct vrrp_config *cfg,
		     const struct vrrp_transition *ev, bool stopped,
		     uint64_t when_us, struct ipc_vrrp_state_msg *m)
{
	memset(m, 0, sizeof(*m));
	if (ev->group) {
		snprintf(m->group, sizeof(m->group), "%s", ev->name);
	} else {
		snprintf(m->instance, sizeof(m->instance), "%s", ev->name);
		snprintf(m->group, sizeof(m->group), "%s",
			 vrrp_child_group_of(cfg, ev->name));
		m->vrid = vrid_of(cfg, ev->name);
	}
	m->state = vrrp_child_ipc_state(ev->state, stopped);
	m->prev = vrrp_child_ipc_state(ev->from, false);
	m->priority = ev->priority > 0 ? (uint32_t)ev->priority : 0;
	m->when_us = when_us;
}

json_object *
vrrp_child_state_event(const struct vrrp_config *cfg,
		       const struct vrrp_transition *ev, bool stopped)
{
	json_object *o = json_object_new_object();
	char ip[IPADDR_STRLEN];

	if (!o)
		return NULL;
	jput_str(o, "event", ev->group ? "vrrp_group_state" : "vrrp_state");
	if (ev->group) {
		jput_str(o, "group", ev->name);
	} else {
		jput_str(o, "instance", ev->name);
		jput_str(o, "group", vrrp_child_group_of(cfg, ev->name));
		json_object_object_add(
			o, "vrid", json_object_new_int(vrid_of(cfg, ev->name)));
	}
	jput_str(o, "state",
		 vrrp_state_name(ev->state, stopped ? VRRP_INIT_AS_STOP
						    : VRRP_INIT_AS_INIT));
	jput_str(o, "prev", vrrp_state_str(ev->from));
	json_object_object_add(o, "priority",
			       json_object_new_int(ev->priority));
	jput_str(o, "reason", vrrp_reason_str(ev->why));
	if (ipaddr_set(&ev->master))
		jput_str(o, "master", ipaddr_str(&ev->master, ip, sizeof(ip)));
	json_object_object_add(o, "smtp_alert",
			       json_object_new_boolean(ev->smtp_alert));
	return o;
}

static json_object *
get(json_object *o, const char *k)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* Copy the listed fields of every element of status[key]. */
static json_object *
pick(json_object *status, const char *key, const char *const *fields)
{
	json_object *in = get(status, key), *out = json_object_new_array();

	for (size_t i = 0; in && i < json_object_array_length(in); i++) {
		json_object *e = json_object_array_get_idx(in, i);
		json_object *o = json_object_new_object();

		for (const char *const *f = fields; *f; f++)
			json_object_object_add(o, *f,
					       json_object_get(get(e, *f)));
		json_object_array_add(out, o);
	}
	return out;
}

json_object *
vrrp_child_summary(json_object *status)
{
	static const char *const inst[] = {"name",   "state",	  "priority",
					   "vrid",   "interface", "master",
					   "reason", NULL};
	static const char *const grp[] = {"name", "state", NULL};
	json_object *o = json_object_new_object();

	json_object_object_add(o, "instances", pick(status, "instances", inst));
	json_object_object_add(o, "sync_groups",
			       pick(status, "sync_groups", grp));
	return o;
}

/* Data dump: what each instance is and believes (keepalived's SIGUSR1). */
static const char *const data_fields[] = {"state",
					  "reason",
					  "vrid",
					  "version",
					  "family",
					  "interface",
					  "priority",
					  "base_priority",
					  "source",
					  "master",
					  "master_priority",
					  "advert_int_ms",
					  "master_advert_int_ms",
					  "faults",
					  "forced",
					  "addresses_owned",
					  "notify_dropped",
					  NULL};

static void
dump_fields(FILE *f, const char *indent, json_object *o,
	    const char *const *fields)
{
	json_object_object_foreach(o, k, v)
	{
		bool want = !fields;

		for (const char *const *p = fields; p && *p && !want; p++)
			want = !strcmp(*p, k);
		if (want && !json_object_is_type(v, json_type_object) &&
		    !json_object_is_type(v, json_type_array))
			fprintf(f, "%s%s = %s\n", indent, k,
				v ? json_object_get_string(v) : "-");
	}
}

static void
dump_text(FILE *f, json_object *status, bool stats)
{
	json_object *a = get(status, "instances");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);

		fprintf(f, "VRRP Instance = %s\n",
			json_object_get_string(get(e, "name")));
		if (stats)
			dump_fields(f, "  ", get(e, "stats"), NULL);
		else
			dump_fields(f, "  ", e, data_fields);
	}
	a = stats ? NULL : get(status, "sync_groups");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);

		fprintf(f, "VRRP Sync Group = %s\n  state = %s\n",
			json_object_get_string(get(e, "name")),
			json_object_get_string(get(e, "state")));
	}
	a = stats ? NULL : get(status, "trackers");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);

		fprintf(f, "Tracked %s = %s\n  status = %s\n  value = %s\n",
			json_object_get_string(get(e, "kind")),
			json_object_get_string(get(e, "name")),
			json_object_get_string(get(e, "status")),
			json_object_get_string(get(e, "value")));
	}
	if (stats) {
		fprintf(f, "VRRP Router\n");
		dump_fields(f, "  ", get(status, "router"), NULL);
	}
}

json_object *
vrrp_child_dump(json_object *status, bool stats)
{
	json_object *o = json_object_new_object();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || !o) {
		json_object_put(o);
		return NULL;
	}
	dump_text(f, status, stats);
	fclose(f);
	jput_str(o, "text", buf);
	free(buf);
	json_object_object_add(o, "vrrp", json_object_get(status));
	return o;
}

int
vrrp_child_force_state(uint32_t ipc_state, enum vrrp_state *st)
{
	switch (ipc_state) {
	case IPC_VRRP_MASTER:
		*st = VRRP_STATE_MASTER;
		return 0;
	case IPC_VRRP_BACKUP:
		*st = VRRP_STATE_BACKUP;
		return 0;
	case IPC_VRRP_FAULT:
		*st = VRRP_STATE_FAULT;
		return 0;
	case IPC_VRRP_INIT:
		*st = VRRP_STATE_INIT;
		return 0;
	default:
		return -1;
	}
}

json_object *
vrrp_child_instance(json_object *status, const char *name)
{
	json_object *a = get(status, "instances");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		json_object *n = get(e, "name");

		if (n && !strcmp(json_object_get_string(n), name))
			return json_object_get(e);
	}
	return NULL;
}

/* Does cmd run this script (the script, then nothing or arguments)? */
static bool
runs(const struct conf_script *s, const char *cmd)
{
	size_t n = s->cmd ? strlen(s->cmd) : 0;

	return n && !strncmp(cmd, s->cmd, n) &&
	       (cmd[n] == '\0' || cmd[n] == ' ');
}

static const struct conf_script *
notify_script(const struct conf_notify *n, const char *cmd)
{
	const struct conf_script *all[] = {&n->master, &n->backup, &n->fault,
					   &n->stop, &n->notify};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (runs(all[i], cmd))
			return all[i];
	return NULL;
}

static const struct conf_script *
find_script(const struct conf *c, const char *cmd)
{
	const struct conf_script *s = NULL;

	for (const struct conf_vrrp *v = c->instances.head; v && !s;
	     v = v->next)
		s = notify_script(&v->notify, cmd);
	for (const struct conf_vrrp_sync_group *g = c->sync_groups.head;
	     g && !s; g = g->next)
		s = notify_script(&g->notify, cmd);
	for (const struct conf_vrrp_script *v = c->scripts.head; v && !s;
	     v = v->next)
		if (runs(&v->script, cmd))
			s = &v->script;
	return s;
}

const char *
vrrp_child_script_user(const struct conf *c, const char *cmd, char *out,
		       size_t outlen)
{
	const struct conf_script *s = c ? find_script(c, cmd) : NULL;

	if (!s || !s->user)
		snprintf(out, outlen, "%s", "");
	else if (s->group)
		snprintf(out, outlen, "%s %s", s->user, s->group);
	else
		snprintf(out, outlen, "%s", s->user);
	return out;
}

size_t
vrrp_child_owned_msg(const struct vrrp_held_addr *a, size_t n, size_t chunk,
		     struct ipc_owned *m)
{
	size_t chunks = n ? (n + IPC_OWNED_CHUNK - 1) / IPC_OWNED_CHUNK : 1;
	size_t from = chunk * IPC_OWNED_CHUNK;

	memset(m, 0, sizeof(*m));
	m->flags = (chunk == 0 ? IPC_OWNED_FIRST : 0) |
		   (chunk + 1 == chunks ? IPC_OWNED_LAST : 0);
	for (size_t i = from; i < n && i < from + IPC_OWNED_CHUNK; i++) {
		struct ipc_owned_addr *o = &m->a[m->n++];

		o->ifindex = a[i].ifindex;
		o->family = (uint8_t)a[i].addr.family;
		o->plen = a[i].plen;
		memcpy(o->addr, a[i].addr.u.b, ipaddr_len(a[i].addr.family));
	}
	return chunks;
}
