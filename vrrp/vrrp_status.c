// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine's status as json-c objects (vigilctl, SIGUSR1 dumps, tests). */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <time.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_sock.h"
#include "core/runtime/json_put.h"

static void
put_ip(json_object *o, const char *k, const struct ipaddr *ip)
{
	char s[IPADDR_STRLEN];

	json_object_object_add(
		o, k,
		ipaddr_set(ip)
			? json_object_new_string(ipaddr_str(ip, s, sizeof(s)))
			: NULL);
}

/* A loop time as wall-clock ISO 8601 (UTC), or null for "never": when
 * the instance entered its state, for `vigilctl show vrrp`'s "since". */
static void
put_time(json_object *o, const char *k, struct ev_loop *loop, ev_time_t t)
{
	ev_time_t now = ev_now(loop), ago = now > t ? now - t : 0;
	struct timespec ts;
	char buf[32];
	time_t at;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	at = ts.tv_sec - (time_t)(ago / 1000000);
	if (!t || !gmtime_r(&at, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		json_object_object_add(o, k, NULL);
		return;
	}
	jput_str(o, k, buf);
}

static json_object *
stats_json(const struct vrrp_stats *s)
{
	json_object *o = json_object_new_object();

#define X(f, mib) jput_int(o, #f, (int64_t)s->f);
	VRRP_STATS(X)
#undef X
	return o;
}

/* The virtual addresses (virtual_ipaddress), as advertised. */
static json_object *
addresses_json(const struct vrrp_instance_conf *c)
{
	json_object *a = json_object_new_array();
	char s[IPADDR_STRLEN];

	for (size_t i = 0; i < c->nvips; i++)
		json_object_array_add(
			a, json_object_new_string(
				   ipaddr_str(&c->vips[i].addr, s, sizeof(s))));
	return a;
}

static json_object *
instance_json(const struct vrrp_instance *vi)
{
	json_object *o = json_object_new_object();
	const struct vrrp_instance_conf *c = &vi->conf;

	jput_str(o, "name", c->name);
	jput_str(o, "state", vrrp_state_str(vi->state));
	jput_str(o, "reason", vrrp_reason_str(vi->why));
	put_time(o, "last_transition", vi->loop, vi->last_transition);
	jput_int(o, "vrid", c->vrid);
	jput_int(o, "version", c->version);
	jput_str(o, "family", c->family == AF_INET6 ? "inet6" : "inet");
	jput_str(o, "interface", c->ifname);
	/* dynamic_interfaces: false while the interface does not exist */
	json_object_object_add(o, "interface_present",
			       json_object_new_boolean(!vi->if_missing));
	/* kernel_rx_buf_size, as the kernel applied it (doubled) */
	jput_int(o, "socket_rcvbuf", vrrp_sock_rcvbuf_get(vi->sock));
	jput_int(o, "priority", vi->prio);
	jput_int(o, "base_priority", c->priority);
	put_ip(o, "source", &vi->primary);
	put_ip(o, "master",
	       vi->state == VRRP_STATE_MASTER ? &vi->primary : &vi->master_ip);
	jput_int(o, "master_priority",
		 vi->state == VRRP_STATE_MASTER ? vi->prio : vi->master_prio);
	jput_int(o, "advert_int_ms", c->adver_int_cs * 10);
	jput_int(o, "master_advert_int_ms", vi->master_adver_int_cs * 10);
	jput_int(o, "faults", vi->faults);
	jput_str(o, "forced",
		 vi->forced == VRRP_STATE_INIT ? "none"
					       : vrrp_state_str(vi->forced));
	jput_int(o, "addresses_owned", vrrp_owned_vips(vi));
	json_object_object_add(o, "addresses", addresses_json(c));
	if (vi->last_drop) {
		json_object *d = json_object_new_object();

		jput_str(d, "reason", vi->last_drop);
		put_ip(d, "from", &vi->last_drop_src);
		json_object_object_add(o, "last_drop", d);
	}
	jput_str(o, "proto_error", vi->proto_error ? vi->proto_error : "none");
	jput_int(o, "notify_dropped", (int64_t)vi->notifyq->dropped);
	json_object_object_add(o, "stats", stats_json(&vi->stats));
	return o;
}

static json_object *
tracker_json(const struct vrrp_tracker *t)
{
	json_object *o = json_object_new_object();

	jput_str(o, "kind", t->ops->kind);
	jput_str(o, "name", t->name);
	jput_str(o, "status", t->up ? "up" : "down");
	jput_int(o, "value", t->value);
	return o;
}

static json_object *
group_json(const struct vrrp_group *g)
{
	json_object *o = json_object_new_object(), *m = json_object_new_array();

	jput_str(o, "name", g->conf->name);
	jput_str(o, "state", vrrp_state_str(g->state));
	for (size_t i = 0; i < g->nmembers; i++)
		json_object_array_add(
			m, json_object_new_string(g->members[i]->conf.name));
	json_object_object_add(o, "members", m);
	return o;
}

struct json_object *
vrrp_status_json(struct vrrp_engine *e)
{
	json_object *o = json_object_new_object();
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < e->ninst; i++)
		json_object_array_add(a, instance_json(e->inst[i]));
	json_object_object_add(o, "instances", a);
	a = json_object_new_array();
	for (size_t i = 0; i < e->ngroups; i++)
		json_object_array_add(a, group_json(&e->groups[i]));
	json_object_object_add(o, "sync_groups", a);
	a = json_object_new_array();
	for (size_t i = 0; i < e->ntrackers; i++)
		json_object_array_add(a, tracker_json(e->trackers[i]));
	json_object_object_add(o, "trackers", a);
	/* Packets no instance could claim (RFC 2787 vrrpRouter*Errors). */
	json_object_object_add(o, "router", stats_json(&e->stats));
	return o;
}
