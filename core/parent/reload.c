// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config in force: the first load, SIGHUP reloads (validated before
 * anything changes, so an invalid file leaves the running config and the
 * children alone). The status the control socket reports is in status.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/parent/children.h"
#include "core/parent/control.h"
#include "core/parent/initfile.h"
#include "core/parent/instance.h"
#include "core/parent/services.h"
#include "core/parent/vigild.h"
#include "core/runtime/netns.h"

static const char *const sev_names[] = {"error", "unsupported", "warning"};

/* How many diagnostics a load logs: a 10 MB garbage file holds thousands
 * of errors, and the log must stay readable. */
static size_t
loggable(const struct conf_diags *dg, bool strict, bool quiet)
{
	return dg->errors + (strict || !quiet ? dg->unsupported : 0) +
	       (quiet ? 0 : dg->warnings);
}

/* Log the first VIGILD_DIAGS_SHOWN diagnostics, one line each, then one
 * line with the count of the rest; keep the failing ones as a JSON array
 * for `vigilctl status`. */
static char *
report_diags(const struct conf_diags *dg, bool strict, bool quiet,
	     unsigned *nerr)
{
	struct json_object *a = json_object_new_array();
	size_t logged = 0;
	char *text;

	*nerr = 0;
	for (size_t i = 0; i < dg->n; i++) {
		const struct conf_diag *g = &dg->v[i];
		bool fails = g->severity == CONF_ERROR || strict;
		bool shown = logged < VIGILD_DIAGS_SHOWN;
		char line[1024];

		snprintf(line, sizeof(line), "%s:%d: %s: %s",
			 g->file && *g->file ? g->file : "-", g->line,
			 sev_names[g->severity], g->msg);
		if (fails && shown)
			log_err("config %s", line);
		else if (!quiet && shown)
			log_warn("config %s", line);
		logged += shown && (fails || !quiet);
		if (fails && (*nerr)++ < 100)
			json_object_array_add(a, json_object_new_string(line));
	}
	if (loggable(dg, strict, quiet) > logged)
		log_warn("config diagnostics=%zu logged=%zu not_logged=%zu",
			 loggable(dg, strict, quiet), logged,
			 loggable(dg, strict, quiet) - logged);
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
	conf_free(d->prev_conf);
	d->conf = d->prev_conf = NULL;
}

/* Put a validated config in force: snapshot, generation, children. */
static int
install(struct vigild *d, struct conf *c, const char *snap, size_t len)
{
	int fd = snapshot_create(snap, len);

	if (fd < 0)
		return -1;
	if (d->snap_fd >= 0)
		close(d->snap_fd);
	d->snap_fd = fd;
	snapshot_hash(snap, len, d->hash);
	d->gen++;
	conf_free(d->prev_conf);
	d->prev_conf = d->conf;
	d->conf = c;
	alerts_configure(d->alerts, c);
	watchdog_configure(d);
	control_configure(d->ctl, c);
	for (size_t i = 0; i < vigild_nchildren; i++)
		vigild_child(d, i)->wanted =
			children_wanted(&vigild_children[i], c, d->o);
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

static char *
one_error(const char *why)
{
	struct json_object *a;
	char *text;

	a = json_object_new_array();
	json_object_array_add(a, json_object_new_string(why));
	text = strdup(
		json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN));
	json_object_put(a);
	return text ? text : strdup("[]");
}

/* A reload to a config without any object would stop every child: the
 * VIPs and the services go, established connections break. */
static char *
refuse_empty(struct vigild *d, const struct conf *c, bool first,
	     bool allow_empty)
{
	if (first || allow_empty || !c || !conf_is_empty(c) || !d->conf ||
	    conf_is_empty(d->conf))
		return NULL;
	return one_error("the new configuration has no object (no "
			 "vrrp_instance, virtual_server, static address, "
			 "route or rule): reload --allow-empty applies it");
}

static bool
differ(const char *a, const char *b)
{
	return !a != !b || (a && strcmp(a, b));
}

/* net_namespace_ipvs names a namespace the check and sync children make
 * their IPVS sockets in: one that does not exist is refused at start
 * (said in the log as a config error) rather than a child that fails
 * and respawns for ever. */
static char *
refuse_no_ipvs_ns(const struct conf *c, bool first)
{
	const char *ns = c ? c->global.net_namespace_ipvs : NULL;
	char why[400];

	if (!first || !ns ||
	    netns_exists("net_namespace_ipvs", ns, why, sizeof(why)) == 0)
		return NULL;
	log_err("config %s", why);
	return one_error(why);
}

/* The namespace and the instance are the process's and its paths' since
 * the start (instance.c): a reload cannot move them. */
static char *
refuse_moved(struct vigild *d, const struct conf *c, bool first,
	     const char **what)
{
	char why[160];

	if (first || !c)
		return NULL;
	*what = vigild_instance_changed(d->o, c->global.net_namespace,
					c->global.instance);
	/* the children made their IPVS sockets there when they started */
	if (!*what && d->conf &&
	    differ(d->conf->global.net_namespace_ipvs,
		   c->global.net_namespace_ipvs))
		*what = "net_namespace_ipvs";
	if (!*what)
		return NULL;
	snprintf(why, sizeof(why),
		 "%s cannot change at a reload: restart vigild to apply it",
		 *what);
	return one_error(why);
}

/* reload_check_config LOGFILE (of the config in force, as keepalived):
 * the new config's check, every diagnostic and a verdict, written there
 * at each reload (vigil always checks before it reloads). */
static void
reload_check_log(struct vigild *d, bool first, const struct conf_diags *dg,
		 bool bad)
{
	const char *path = d->conf ? d->conf->global.reload_check_config : NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (first || !path || !*path || !(f = open_memstream(&text, &len)))
		return;
	conf_diags_print(dg, f);
	fprintf(f, "%s: %s (%zu errors, %zu not supported yet, %zu warnings)\n",
		d->o->conf_file, bad ? "FAILED" : "OK", dg->errors,
		dg->unsupported, dg->warnings);
	fclose(f);
	if (!text || dump_write_atomic(path, text, len) < 0)
		log_err("config reload_check_config=%s state=failed "
			"error=\"%s\"",
			path, strerror(errno));
	free(text);
}

int
vigild_load(struct vigild *d, bool first, bool allow_empty)
{
	char id[256], hex[65], *snap = NULL, *errors;
	struct conf_opts o = {.config_id = d->o->config_id};
	struct conf_diags dg;
	struct conf *c;
	size_t len = 0;
	unsigned nerr;
	char *empty = NULL, *moved = NULL, *nons = NULL;
	const char *what = NULL;
	bool bad;

	if (!first)
		notify_systemd_reloading(d);
	if (!o.config_id) {
		conf_default_config_id(id, sizeof(id));
		o.config_id = id;
	}
	conf_diags_init(&dg);
	c = conf_load(d->o->conf_file, &o, &dg, &snap, &len);
	bad = !c || !snap || conf_diags_failed(&dg, d->o->strict);
	reload_check_log(d, first, &dg, bad);
	/* Warnings were said at start; a reload repeats only errors. */
	errors = report_diags(&dg, d->o->strict, !first, &nerr);
	conf_diags_free(&dg);
	if (!bad && ((moved = refuse_moved(d, c, first, &what)) ||
		     (empty = refuse_empty(d, c, first, allow_empty)) ||
		     (nons = refuse_no_ipvs_ns(c, first)))) {
		free(errors);
		errors = moved ? moved : empty ? empty : nons;
		bad = true;
		nerr = 1;
	}
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
		log_err("config file=%s state=%s errors=%u%s%s%s",
			d->o->conf_file,
			first ? "invalid" : "reload-refused kept=old", nerr,
			empty ? " reason=empty-config (vigilctl reload "
				"--allow-empty applies it)"
			      : "",
			moved ? " reason=restart-needed changed=" : "",
			moved ? what : "");
		notify_systemd_update(d); /* the old config stays in force */
		return -1;
	}
	free(snap);
	record(d, true, 0, errors);
	initfile_apply(c); /* before the children read the files */
	snapshot_hash_hex(d->hash, hex);
	log_notice("config file=%s state=loaded gen=%llu sha256=%s",
		   d->o->conf_file, (unsigned long long)d->gen, hex);
	if (!first)
		send_reloads(d);
	super_sync_children(d);
	if (!first)
		notify_systemd_update(d);
	services_configure(d);
	return 0;
}
