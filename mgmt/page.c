// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The status page (page.h). Every table has an id and every row names its
 * object in a data- attribute, so that a test (or a scraper) finds them
 * without reading the layout.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "mgmt/model.h"
#include "mgmt/om.h"
#include "mgmt/page.h"

static void
esc(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
}

/* <td>s</td> for each of n strings. */
static void
cells(FILE *f, const char *const *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("<td>", f);
		esc(f, s[i]);
		fputs("</td>", f);
	}
	fputs("</tr>\n", f);
}

static void
head(FILE *f, const char *id, const char *title, const char *const *cols,
     size_t n)
{
	fprintf(f, "<h2>%s</h2>\n<table id=\"%s\">\n<tr>", title, id);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "<th>%s</th>", cols[i]);
	fputs("</tr>\n", f);
}

/* <tr data-ATTR="VALUE"[ data-ATTR2="VALUE2"]> */
static void
row(FILE *f, const char *attr, const char *v, const char *attr2, const char *v2)
{
	fprintf(f, "<tr data-%s=\"", attr);
	esc(f, v);
	if (attr2) {
		fprintf(f, "\" data-%s=\"", attr2);
		esc(f, v2);
	}
	fputs("\">", f);
}

static void
vrrp_tables(FILE *f, struct json_object *vr)
{
	static const char *const cols[] = {"instance", "state",	    "priority",
					   "vrid",     "interface", "master",
					   "reason"};
	static const char *const gcols[] = {"group", "state"};
	struct json_object *a = jget(vr, "instances", json_type_array);

	head(f, "vrrp", "VRRP instances", cols, 7);
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *vi = json_object_array_get_idx(a, i);
		const char *s[] = {jget_str(vi, "name", NULL),
				   jget_str(vi, "state", NULL),
				   jget_str(vi, "priority", NULL),
				   jget_str(vi, "vrid", NULL),
				   jget_str(vi, "interface", NULL),
				   jget_str(vi, "master", NULL),
				   jget_str(vi, "reason", NULL)};

		row(f, "instance", s[0], NULL, NULL);
		cells(f, s, 7);
	}
	fputs("</table>\n", f);
	a = jget(vr, "sync_groups", json_type_array);
	head(f, "groups", "Sync groups", gcols, 2);
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *g = json_object_array_get_idx(a, i);
		const char *s[] = {jget_str(g, "name", NULL),
				   jget_str(g, "state", NULL)};

		row(f, "group", s[0], NULL, NULL);
		cells(f, s, 2);
	}
	fputs("</table>\n", f);
}

static void
server_rows(FILE *f, struct json_object *vs)
{
	struct json_object *rss = jget(vs, "real_servers", json_type_array);

	for (size_t r = 0; rss && r < json_object_array_length(rss); r++) {
		struct json_object *rs = json_object_array_get_idx(rss, r);
		const char *s[] = {jget_str(vs, "name", NULL),
				   jget_str(rs, "address", NULL),
				   jget_str(rs, "state", NULL),
				   jget_str(rs, "weight", NULL),
				   jget_num(rs, "in_pool") ? "yes" : "no",
				   jget_num(rs, "drained") ? "yes" : "no",
				   jget_str(rs, "reason", NULL)};

		row(f, "vs", s[0], "rs", s[1]);
		cells(f, s, 7);
	}
}

static void
check_tables(FILE *f, struct json_object *checks)
{
	static const char *const vcols[] = {"virtual server", "quorum",
					    "weight sum"};
	static const char *const cols[] = {
		"virtual server", "real server", "health", "weight",
		"in pool",	  "drained",	 "reason"};
	struct json_object *vss =
		jget(checks, "virtual_servers", json_type_array);

	head(f, "vs", "Virtual servers", vcols, 3);
	for (size_t v = 0; vss && v < json_object_array_length(vss); v++) {
		struct json_object *vs = json_object_array_get_idx(vss, v);
		const char *s[] = {jget_str(vs, "name", NULL),
				   jget_str(vs, "quorum_state", NULL),
				   jget_str(vs, "weight_sum", NULL)};

		row(f, "vs", s[0], NULL, NULL);
		cells(f, s, 3);
	}
	fputs("</table>\n", f);
	head(f, "rs", "Real servers", cols, 7);
	for (size_t v = 0; vss && v < json_object_array_length(vss); v++)
		server_rows(f, json_object_array_get_idx(vss, v));
	fputs("</table>\n", f);
}

static void
events_table(FILE *f, const struct mgmt_view *v)
{
	static const char *const cols[] = {"time (UTC)", "child", "event"};

	head(f, "events", "Last events", cols, 3);
	for (size_t i = v->nevents; i-- > 0;) {
		const struct mgmt_event *e = &v->events[i];
		char when[32];
		struct tm tm;
		const char *s[] = {when, e->child, e->text};

		gmtime_r(&e->when, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		fputs("<tr>", f);
		cells(f, s, 3);
	}
	fputs("</table>\n", f);
}

void
mgmt_page_write(FILE *f, const struct mgmt_view *v)
{
	char when[32];
	struct tm tm;

	gmtime_r(&v->now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\">"
	      "<title>vigil status</title>\n<style>body{font-family:sans-serif}"
	      "table{border-collapse:collapse}td,th{border:1px solid #999;"
	      "padding:2px 6px}</style></head><body>\n",
	      f);
	fprintf(f,
		"<h1>vigil</h1>\n<p id=\"summary\">pid %s, config "
		"generation %s, %s UTC</p>\n",
		jget_str(v->parent, "pid", NULL),
		jget_str(v->parent, "config_gen", NULL), when);
	vrrp_tables(f, mgmt_view_child(v, "vrrp", "vrrp"));
	check_tables(f, mgmt_view_child(v, "check", "checks"));
	events_table(f, v);
	fputs("</body></html>\n", f);
}

char *
mgmt_page_html(const struct mgmt_view *v, size_t *len)
{
	return mgmt_view_text(mgmt_page_write, v, len);
}
