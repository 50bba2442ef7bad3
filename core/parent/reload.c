// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config in force: the first load, SIGHUP reloads (validated before
 * anything changes, so an invalid file leaves the running config and the
 * children alone). The status the control socket reports is in status.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/parent/children.h"
#include "core/parent/services.h"
#include "core/parent/vigild.h"

static const char *const sev_names[] = {"error", "unsupported", "warning"};

/* Log every diagnostic, one line each, and keep the failing ones as a JSON
 * array for `vigilctl status`. */
static char *
report_diags(const struct conf_diags *dg, bool strict, bool quiet,
	     unsigned *nerr)
{
	struct json_object *a = json_object_new_array();
	char *text;

	*nerr = 0;
	for (size_t i = 0; i < dg->n; i++) {
		const struct conf_diag *g = &dg->v[i];
		bool fails = g->severity == CONF_ERROR ||
			     (strict && g->severity == CONF_UNSUPPORTED);
		char line[1024];

		snprintf(line, sizeof(line), "%s:%d: %s: %s",
			 g->file && *g->file ? g->file : "-", g->line,
			 sev_names[g->severity], g->msg);
		if (fails)
			log_err("config %s", line);
		else if (!quiet)
			log_warn("config %s", line);
		if (fails && (*nerr)++ < 100)
			json_object_array_add(a, json_object_new_string(line));
	}
	text = strdup(json_object_to_json_string_ext(
		a, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
	return text;
}

static void
record(struct vigild *d, bool ok, unsigned nerr, char *errors)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(d->last.when, sizeof(d->last.when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	d->last.ok = ok;
	d->last.nerrors = nerr;
	free(d->last.errors);
	d->last.errors = errors;
}

void
vigild_conf_free(struct vigild *d)
{
	conf_free(d->conf);
	d->conf = NULL;
}

/* Put a validated config in force: snapshot, generation, children. */
static int
install(struct vigild *d, struct conf *c, const char *snap, size_t len)
{
	const struct conf_global *g = &c->global;
	int fd = snapshot_create(snap, len);

	if (fd < 0)
		return -1;
	if (d->snap_fd >= 0)
		close(d->snap_fd);
	d->snap_fd = fd;
	snapshot_hash(snap, len, d->hash);
	d->gen++;
	conf_free(d->conf);
	d->conf = c;
	alerts_configure(d->alerts, c);
	d->wd_interval = g->vigil_watchdog_interval;
	d->wd_timeout = g->vigil_watchdog_timeout;
	for (size_t i = 0; i < vigild_nchildren; i++)
		vigild_child(d, i)->wanted =
			children_wanted(&vigild_children[i], c, d->o);
	if (conf_needs_sync(c) && !d->sync_warned) {
		log_warn("sync state=unsupported reason=\"lvs_sync_daemon is "
			 "not supported yet\"");
		d->sync_warned = true;
	}
	return 0;
}

static void
send_reloads(struct vigild *d)
{
	for (size_t i = 0; i < vigild_nchildren; i++) {
		struct vchild *ch = vigild_child(d, i);

		if (ch->pid && ch->wanted && !ch->stopping)
			super_send_snapshot(ch);
	}
}

int
vigild_load(struct vigild *d, bool first)
{
	char id[256], hex[65], *snap = NULL, *errors;
	struct conf_opts o = {.config_id = d->o->config_id};
	struct conf_diags dg;
	struct conf *c;
	size_t len = 0;
	unsigned nerr;
	bool bad;

	if (!o.config_id) {
		conf_default_config_id(id, sizeof(id));
		o.config_id = id;
	}
	conf_diags_init(&dg);
	c = conf_load(d->o->conf_file, &o, &dg, &snap, &len);
	bad = !c || !snap || conf_diags_failed(&dg, d->o->strict);
	/* Warnings were said at start; a reload repeats only errors. */
	errors = report_diags(&dg, d->o->strict, !first, &nerr);
	conf_diags_free(&dg);
	if (!first)
		d->reloads++;
	if (bad || install(d, c, snap, len) < 0) {
		if (!bad)
			log_err("config state=failed error=\"%s\"",
				strerror(errno));
		conf_free(c);
		free(snap);
		d->reloads_failed += !first;
		record(d, false, nerr ? nerr : 1, errors);
		log_err("config file=%s state=%s errors=%u", d->o->conf_file,
			first ? "invalid" : "reload-refused kept=old", nerr);
		return -1;
	}
	free(snap);
	record(d, true, 0, errors);
	snapshot_hash_hex(d->hash, hex);
	log_notice("config file=%s state=loaded gen=%llu sha256=%s",
		   d->o->conf_file, (unsigned long long)d->gen, hex);
	if (!first)
		send_reloads(d);
	super_sync_children(d);
	services_configure(d);
	return 0;
}
