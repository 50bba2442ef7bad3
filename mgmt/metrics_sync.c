// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sync child's metrics: its IPC_Q_DATA answer (what `vigilctl show
 * sync --json` prints): the kernel's sync threads, the child's counters,
 * and its receiver's traffic (messages, connections, malformed, the age
 * of the last message). Rates are left to PromQL (rate() of the totals).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "mgmt/metrics.h"
#include "mgmt/om.h"

/* vigil_sync_thread{thread}: 1 for each the kernel runs, 0 else. */
static void
threads(FILE *f, struct json_object *run)
{
	static const char *const kinds[] = {"master", "backup"};

	om_family(f, "vigil_sync_thread", "gauge",
		  "The kernel's IPVS sync thread runs (master, backup).");
	for (size_t k = 0; k < 2; k++) {
		const char *l[] = {"thread", kinds[k], NULL};
		int up = 0;

		for (size_t i = 0; run && i < json_object_array_length(run);
		     i++)
			up |= !strcmp(
				jget_str(json_object_array_get_idx(run, i),
					 "thread", NULL),
				kinds[k]);
		om_sample(f, "vigil_sync_thread", l, up);
	}
}

static void
receiver(FILE *f, struct json_object *rx)
{
	static const struct {
		const char *key, *name, *help;
	} c[] = {
		{"messages", "vigil_sync_messages_total",
		 "Sync messages received from the peer."},
		{"connections", "vigil_sync_connections_total",
		 "Connections carried by the messages received."},
		{"bytes", "vigil_sync_bytes_total",
		 "Bytes of the sync messages received."},
		{"malformed", "vigil_sync_malformed_total",
		 "Sync messages refused as malformed."},
	};
	struct json_object *age = NULL;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		om_single(f, c[i].name, "counter", c[i].help,
			  jget_num(rx, c[i].key));
	/* Absent until a first message: no series rather than a made-up
	 * age. */
	om_family(f, "vigil_sync_last_message_age_seconds", "gauge",
		  "Seconds since the last sync message was received.");
	if (json_object_object_get_ex(rx, "last_message_age_s", &age))
		om_sample(f, "vigil_sync_last_message_age_seconds", NULL,
			  json_object_get_double(age));
}

void
mgmt_metrics_sync(FILE *f, struct json_object *data)
{
	static const struct {
		const char *key, *name, *help;
	} c[] = {
		{"thread_starts", "vigil_sync_thread_starts_total",
		 "Sync threads started in the kernel."},
		{"thread_stops", "vigil_sync_thread_stops_total",
		 "Sync threads stopped in the kernel."},
		{"restores", "vigil_sync_restores_total",
		 "Threads put back after someone else stopped them."},
		{"failures", "vigil_sync_failures_total",
		 "Kernel requests that failed."},
	};
	struct json_object *rx = jget(data, "receiver", json_type_object);

	threads(f, jget(data, "threads", json_type_array));
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		om_single(f, c[i].name, "counter", c[i].help,
			  jget_num(data, c[i].key));
	if (rx)
		receiver(f, rx);
}
