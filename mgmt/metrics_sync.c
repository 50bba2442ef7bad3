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

struct om_map {
	const char *key, *name, *type, *help;
};

static void
singles(FILE *f, struct json_object *o, const struct om_map *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		om_single(f, m[i].name, m[i].type, m[i].help,
			  jget_num(o, m[i].key));
}

/* conntrack_sync: its cache, its messages (the channel's), drops by
 * reason, NACKs and resends, resyncs, overruns and commits. */
static void
conntrack(FILE *f, struct json_object *ct)
{
	static const struct om_map c[] = {
		{"cache_entries", "vigil_sync_ct_cache_entries", "gauge",
		 "Entries in the conntrack sync cache."},
		{"cache_max", "vigil_sync_ct_cache_max", "gauge",
		 "The cache's cap (cache_max)."},
		{"cache_drops", "vigil_sync_ct_cache_drops_total", "counter",
		 "Entries refused as the cache was at its cap."},
		{"events", "vigil_sync_ct_events_total", "counter",
		 "Conntrack events read from the kernel."},
		{"sent_entries", "vigil_sync_ct_sent_entries_total", "counter",
		 "Entries sent to the peer."},
		{"received_entries", "vigil_sync_ct_received_entries_total",
		 "counter", "Entries received from the peer."},
		{"committed", "vigil_sync_ct_committed_total", "counter",
		 "Entries committed to the kernel's table."},
		{"commit_errors", "vigil_sync_ct_commit_errors_total",
		 "counter", "Entries the kernel refused at commit."},
		{"nacks_sent", "vigil_sync_ct_nacks_sent_total", "counter",
		 "NACKs sent for sequence gaps."},
		{"nacks_received", "vigil_sync_ct_nacks_received_total",
		 "counter", "NACKs received from the peer."},
		{"resend_queue", "vigil_sync_ct_resend_queue", "gauge",
		 "Messages kept for resending."},
		{"resyncs_requested", "vigil_sync_ct_resyncs_requested_total",
		 "counter", "Resyncs of the whole table requested."},
		{"resyncs_served", "vigil_sync_ct_resyncs_served_total",
		 "counter", "Resyncs served to the peer."},
		{"resyncs_done", "vigil_sync_ct_resyncs_done_total", "counter",
		 "Resyncs completed."},
		{"overruns", "vigil_sync_ct_overruns_total", "counter",
		 "Overruns of the kernel's events socket (events lost)."},
	};
	static const struct om_map ch[] = {
		{"sent", "vigil_sync_ct_messages_sent_total", "counter",
		 "Conntrack sync datagrams sent."},
		{"received", "vigil_sync_ct_messages_received_total", "counter",
		 "Conntrack sync datagrams received and accepted."},
		{"resent", "vigil_sync_ct_resent_total", "counter",
		 "Conntrack sync datagrams resent after a NACK."},
	};
	struct json_object *chan = jget(ct, "channel", json_type_object);
	struct json_object *drops = jget(chan, "drops", json_type_object);

	singles(f, ct, c, sizeof(c) / sizeof(c[0]));
	if (!drops)
		return;
	singles(f, chan, ch, sizeof(ch) / sizeof(ch[0]));
	om_family(f, "vigil_sync_ct_drops_total", "counter",
		  "Conntrack sync datagrams dropped, by reason.");
	json_object_object_foreach(drops, reason, n)
	{
		const char *l[] = {"reason", reason, NULL};

		om_sample(f, "vigil_sync_ct_drops_total", l,
			  json_object_get_double(n));
	}
}

/* lvs_sync_daemon's bulk resync of the IPVS table and its replays. */
static void
resync(FILE *f, struct json_object *r)
{
	static const struct om_map c[] = {
		{"requested", "vigil_sync_resync_requested_total", "counter",
		 "Bulk resyncs of the IPVS table requested."},
		{"done", "vigil_sync_resync_done_total", "counter",
		 "Bulk resyncs completed."},
		{"entries", "vigil_sync_resync_last_entries", "gauge",
		 "Connections carried by the last bulk resync."},
		{"started", "vigil_sync_resync_replays_started_total",
		 "counter",
		 "Replays of a received resync into the kernel started."},
		{"replayed", "vigil_sync_resync_replays_done_total", "counter",
		 "Replays completed."},
		{"failed", "vigil_sync_resync_replays_failed_total", "counter",
		 "Replays that failed."},
	};

	singles(f, r, c, sizeof(c) / sizeof(c[0]));
	om_single(f, "vigil_sync_resync_last_duration_seconds", "gauge",
		  "Duration of the last bulk resync.",
		  jget_num(r, "ms") / 1000.0);
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
	struct json_object *ct = jget(data, "conntrack", json_type_object);
	struct json_object *rs = jget(data, "resync", json_type_object);

	/* conntrack_sync alone: no lvs_sync_daemon, no thread series */
	if (jget(data, "interface", json_type_string)) {
		threads(f, jget(data, "threads", json_type_array));
		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
			om_single(f, c[i].name, "counter", c[i].help,
				  jget_num(data, c[i].key));
	}
	if (rx)
		receiver(f, rx);
	if (ct)
		conntrack(f, ct);
	if (rs && jget(rs, "requested", json_type_int))
		resync(f, rs);
}
