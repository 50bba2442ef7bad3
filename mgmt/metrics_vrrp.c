// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vrrp child's metrics: its IPC_Q_DATA answer's "vrrp" object (what
 * `vigilctl show vrrp --json` prints). Per instance, labelled as the
 * keepalived exporters label theirs: iname, intf, vrid (and ip_address,
 * one series per virtual address, for keepalived_vrrp_state).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "mgmt/metrics.h"
#include "mgmt/om.h"

/* keepalived's numbering (the exporters' too): INIT 0, BACKUP 1, MASTER 2,
 * FAULT 3; vigil's STOP (the instance is shut down) is 4. */
static int
state_num(const char *s)
{
	static const char *const names[] = {"INIT", "BACKUP", "MASTER", "FAULT",
					    "STOP"};

	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i]))
			return i;
	return 0;
}

/* Counters per instance: the exporters' names where they have one. */
static const struct {
	const char *key, *name, *help;
} counters[] = {
	{"advertise_rcvd", "keepalived_advertisements_received_total",
	 "Advertisements received."},
	{"advertise_sent", "keepalived_advertisements_sent_total",
	 "Advertisements sent."},
	{"become_master", "keepalived_become_master_total",
	 "Times the instance became MASTER."},
	{"packet_length_errors", "keepalived_packet_length_errors_total",
	 "Packets of a wrong length."},
	{"advertise_interval_errors",
	 "keepalived_advertisements_interval_errors_total",
	 "Advertisements with another interval than configured."},
	{"ip_ttl_errors", "keepalived_ip_ttl_errors_total",
	 "Packets whose TTL (hop limit) is not 255."},
	{"invalid_type_pkts_rcvd", "keepalived_invalid_type_received_total",
	 "Packets of an unknown type."},
	{"address_list_errors", "keepalived_address_list_errors_total",
	 "Advertisements whose address list differs from ours."},
	{"invalid_auth_type", "keepalived_authentication_invalid_total",
	 "Packets with an unknown authentication type."},
	{"auth_type_mismatch", "keepalived_authentication_mismatch_total",
	 "Packets with another authentication type than ours."},
	{"auth_failures", "keepalived_authentication_failure_total",
	 "Packets that failed authentication."},
	{"priority_zero_pkts_rcvd", "keepalived_priority_zero_received_total",
	 "Advertisements of priority 0 received (a master leaving)."},
	{"priority_zero_pkts_sent", "keepalived_priority_zero_sent_total",
	 "Advertisements of priority 0 sent."},
	{"checksum_errors", "vigil_vrrp_checksum_errors_total",
	 "Packets with a bad checksum."},
	{"version_errors", "vigil_vrrp_version_errors_total",
	 "Packets of another VRRP version."},
	{"vrid_errors", "vigil_vrrp_vrid_errors_total",
	 "Packets for another virtual router."},
	{"source_errors", "vigil_vrrp_source_errors_total",
	 "Unicast packets from an address that is not a peer."},
	{"send_errors", "vigil_vrrp_send_errors_total",
	 "Advertisements that could not be sent."},
	{"owned_restored", "vigil_vrrp_owned_restored_total",
	 "Owned addresses, routes or rules put back after someone removed "
	 "them."},
};

struct inst {
	char vrid[16];
	const char *l[7];
};

static void
labels(struct json_object *vi, struct inst *x)
{
	snprintf(x->vrid, sizeof(x->vrid), "%.0f", jget_num(vi, "vrid"));
	x->l[0] = "iname";
	x->l[1] = jget_str(vi, "name", NULL);
	x->l[2] = "intf";
	x->l[3] = jget_str(vi, "interface", NULL);
	x->l[4] = "vrid";
	x->l[5] = x->vrid;
	x->l[6] = NULL;
}

static double
state_of(struct json_object *vi)
{
	return state_num(jget_str(vi, "state", NULL));
}

/* keepalived_vrrp_state as the exporters publish it: one series per
 * virtual address (ip_address), "" for an instance without one. */
static void
state_by_address(FILE *f, struct json_object *vi)
{
	struct json_object *a = jget(vi, "addresses", json_type_array);
	size_t n = a ? json_object_array_length(a) : 0;
	struct inst x;
	const char *l[9];

	labels(vi, &x);
	memcpy(l, x.l, 6 * sizeof(l[0]));
	l[6] = "ip_address";
	l[8] = NULL;
	for (size_t i = 0; i < (n ? n : 1); i++) {
		l[7] = n ? json_object_get_string(
				   json_object_array_get_idx(a, i))
			 : "";
		om_sample(f, "keepalived_vrrp_state", l, state_of(vi));
	}
}

static double
priority_of(struct json_object *vi)
{
	return jget_num(vi, "priority");
}

static double
owned_of(struct json_object *vi)
{
	return jget_num(vi, "addresses_owned");
}

static void
gauges(FILE *f, struct json_object *insts)
{
	static const struct {
		const char *name, *help;
		double (*of)(struct json_object *vi);
	} g[] = {
		{"vigil_vrrp_priority", "Effective priority (with tracking).",
		 priority_of},
		{"vigil_vrrp_addresses_owned",
		 "Virtual addresses the instance holds now.", owned_of},
	};
	size_t n = json_object_array_length(insts);
	struct inst x;

	om_family(f, "keepalived_vrrp_state", "gauge",
		  "VRRP state: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 4 STOP.");
	for (size_t i = 0; i < n; i++)
		state_by_address(f, json_object_array_get_idx(insts, i));
	for (size_t k = 0; k < sizeof(g) / sizeof(g[0]); k++) {
		om_family(f, g[k].name, "gauge", g[k].help);
		for (size_t i = 0; i < n; i++) {
			struct json_object *vi =
				json_object_array_get_idx(insts, i);

			labels(vi, &x);
			om_sample(f, g[k].name, x.l, g[k].of(vi));
		}
	}
}

static void
stats(FILE *f, struct json_object *insts)
{
	size_t n = json_object_array_length(insts);
	struct inst x;

	for (size_t k = 0; k < sizeof(counters) / sizeof(counters[0]); k++) {
		om_family(f, counters[k].name, "counter", counters[k].help);
		for (size_t i = 0; i < n; i++) {
			struct json_object *vi = json_object_array_get_idx(
						   insts, i),
					   *st = NULL;

			json_object_object_get_ex(vi, "stats", &st);
			labels(vi, &x);
			om_sample(f, counters[k].name, x.l,
				  jget_num(st, counters[k].key));
		}
	}
}

static void
groups(FILE *f, struct json_object *gs)
{
	om_family(f, "vigil_vrrp_sync_group_state", "gauge",
		  "Sync group state, numbered as keepalived_vrrp_state.");
	for (size_t i = 0; gs && i < json_object_array_length(gs); i++) {
		struct json_object *g = json_object_array_get_idx(gs, i);
		const char *l[] = {"group", jget_str(g, "name", NULL), NULL};

		om_sample(f, "vigil_vrrp_sync_group_state", l,
			  state_num(jget_str(g, "state", NULL)));
	}
}

/* Trackers: keepalived_script_status for scripts (1 good, 0 bad), as the
 * exporters publish it, and vigil's for every kind. */
static void
trackers(FILE *f, struct json_object *ts)
{
	size_t n = ts ? json_object_array_length(ts) : 0;

	om_family(f, "keepalived_script_status", "gauge",
		  "vrrp_script result: 1 good, 0 bad.");
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(ts, i);
		const char *l[] = {"name", jget_str(t, "name", NULL), NULL};

		if (!strcmp(jget_str(t, "kind", NULL), "script"))
			om_sample(f, "keepalived_script_status", l,
				  !strcmp(jget_str(t, "status", NULL), "up"));
	}
	om_family(f, "vigil_vrrp_tracker_up", "gauge",
		  "Tracked object (interface, script, process, file) is up.");
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(ts, i);
		const char *l[] = {"kind", jget_str(t, "kind", NULL), "name",
				   jget_str(t, "name", NULL), NULL};

		om_sample(f, "vigil_vrrp_tracker_up", l,
			  !strcmp(jget_str(t, "status", NULL), "up"));
	}
}

void
mgmt_metrics_vrrp(FILE *f, struct json_object *data)
{
	struct json_object *v = NULL, *insts;

	if (!json_object_object_get_ex(data, "vrrp", &v) || !v)
		return;
	insts = jget(v, "instances", json_type_array);
	if (insts) {
		gauges(f, insts);
		stats(f, insts);
	}
	groups(f, jget(v, "sync_groups", json_type_array));
	trackers(f, jget(v, "trackers", json_type_array));
}
