// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whole-model validation: the driver, the helpers every part uses, and
 * core's part (global_defs of no subsystem, script security). Each
 * subsystem validates its own objects and fills its defaults (its row's
 * validate: vrrp/, check/). Ranges of single values were checked while
 * parsing, where the line is known; here are the rules that need more
 * than one line: references, conflicts, families, defaults.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_int.h"
#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"

/* ---- helpers ------------------------------------------------------ */

struct named {
	void *next;
	struct conf_loc loc;
	const char *name;
};

static int
vname_cmp(const void *a, const void *b)
{
	const struct vname *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int
vindex_build(struct vctx *x, struct vindex *ix, const struct conf_list *l,
	     const char *what)
{
	size_t i = 0;

	ix->n = 0;
	ix->v = calloc(l->n ? l->n : 1, sizeof(*ix->v));
	if (!ix->v)
		return -1;
	for (const struct named *o = (*l).head; o; o = o->next) {
		ix->v[i] =
			(struct vname){o->name ? o->name : "", o, &o->loc, i};
		i++;
	}
	ix->n = i;
	qsort(ix->v, ix->n, sizeof(*ix->v), vname_cmp);
	for (size_t k = 1, first = 0; what && k < ix->n; k++) {
		if (strcmp(ix->v[first].name, ix->v[k].name)) {
			first = k;
			continue;
		}
		conf_err(x->d, ix->v[k].loc,
			 "%s '%s' is defined twice (first "
			 "at %s:%d)",
			 what, ix->v[k].name, ix->v[first].loc->file,
			 ix->v[first].loc->line);
	}
	return 0;
}

static int
vname_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct vname *)elem)->name);
}

const void *
vindex_find(const struct vindex *ix, const char *name)
{
	const struct vname *v;

	if (!name || !ix->n)
		return NULL;
	v = bsearch(name, ix->v, ix->n, sizeof(*ix->v), vname_key);
	return v ? v->obj : NULL;
}

void
vindex_free(struct vindex *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

struct vdup_item {
	const void *obj;
	size_t idx;
};

/* qsort has no context argument: the comparison is passed through a
 * per-call wrapper array instead of a global. */
struct vdup_sort {
	struct vdup_item item;
	vdup_cmp cmp;
};

static int
vdup_item_cmp(const void *a, const void *b)
{
	const struct vdup_sort *x = a, *y = b;
	int r = x->cmp(x->item.obj, y->item.obj);

	if (r)
		return r;
	return x->item.idx < y->item.idx ? -1 : x->item.idx > y->item.idx;
}

int
vdups(struct vctx *x, const void **items, size_t n, vdup_cmp cmp,
      vdup_report report)
{
	struct vdup_sort *s;
	size_t first = 0;

	if (n < 2)
		return 0;
	s = calloc(n, sizeof(*s));
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		s[i] = (struct vdup_sort){{items[i], i}, cmp};
	qsort(s, n, sizeof(*s), vdup_item_cmp);
	for (size_t i = 1; i < n; i++) {
		if (cmp(s[first].item.obj, s[i].item.obj))
			first = i;
		else
			report(x, s[i].item.obj, s[first].item.obj);
	}
	free(s);
	return 0;
}

void
viface(struct vctx *x, const struct conf_loc *loc, const char *name,
       const char *what)
{
	if (!name || !x->o || !x->o->iface_exists ||
	    x->o->iface_exists(name, x->o->iface_arg))
		return;
	if (x->c->global.dynamic_interfaces)
		conf_warn(x->d, loc,
			  "interface %s (%s) does not exist yet "
			  "(dynamic_interfaces)",
			  name, what);
	else
		conf_err(x->d, loc, "interface %s (%s) does not exist", name,
			 what);
}

const char *
vstrdup(struct vctx *x, const char *s)
{
	const char *r = conf_arena_strdup(x->c->arena, s);

	return r ? r : "";
}

const char *
family_name(int family)
{
	return family == AF_INET6  ? "IPv6"
	       : family == AF_INET ? "IPv4"
				   : "none";
}

/* ---- global_defs -------------------------------------------------- */

static void
global_defaults(struct vctx *x, struct conf_global *g)
{
	VDEF(g->startup_script_timeout, 10 * CONF_USEC);
	VDEF(g->shutdown_script_timeout, 10 * CONF_USEC);
	VDEF(g->smtp_connect_timeout, 30 * CONF_USEC);
	if (g->smtp_server && !g->smtp_port)
		g->smtp_port = 25;
	VDEF(g->smtp_alert, 0);
	VDEF(g->smtp_alert_vrrp, g->smtp_alert);
	VDEF(g->smtp_alert_checker, g->smtp_alert);
	VDEF(g->bfd_priority, 0);
	VDEF(g->bfd_rt_priority, 0);
	VDEF(g->bfd_rlimit_rttime, 10000);
	VDEF(g->min_auto_priority_delay, 1000000);
	VDEF(g->child_wait_time, 5 * CONF_USEC);
	VDEF(g->data_use_instance, 0);
	VDEF(g->vigil_watchdog_interval, 2 * CONF_USEC);
	VDEF(g->vigil_watchdog_timeout, 10 * CONF_USEC);
	VDEF(g->vigil_child_seccomp, 1);
	/* vigil_control_socket: NULL when not written; vigild derives
	 * the instance's default (core/parent/instance.c). */
}

static void
global_checks(struct vctx *x, struct conf_global *g)
{
	const struct conf_loc *at = g->loc.line ? &g->loc : NULL;

	if (g->vigil_watchdog_interval >= g->vigil_watchdog_timeout)
		conf_err(x->d,
			 g->vigil_watchdog_loc.line ? &g->vigil_watchdog_loc
						    : at,
			 "vigil_watchdog_interval (%gs) must be "
			 "shorter than vigil_watchdog_timeout (%gs): a child "
			 "would be killed before it is asked",
			 (double)g->vigil_watchdog_interval / 1e6,
			 (double)g->vigil_watchdog_timeout / 1e6);
}

/* An explicit smtp_alert that cannot send anything: say so where it is
 * written (keepalived silently sends nothing). */
void
vsmtp_warn(struct vctx *x, const struct conf_loc *at, int8_t on,
	   const char *what, const char *name)
{
	const struct conf_global *g = &x->c->global;

	if (on != 1 || (g->smtp_server && g->notification_email.n))
		return;
	conf_warn(x->d, at && at->line ? at : NULL,
		  "%s%s%s: smtp_alert is on but global_defs has no %s: no "
		  "mail will be sent",
		  what, name ? " " : "", name ? name : "",
		  g->smtp_server ? "notification_email" : "smtp_server");
}

/* Scripts run as root without the checks keepalived's
 * enable_script_security makes: say so (keepalived refuses to start). */
struct script_scan {
	const struct conf_opts *o;
	const struct conf_script *first, *found; /* any; one that exists */
};

static void
scan_script(const struct conf_script *s, void *arg)
{
	struct script_scan *sc = arg;

	if (!s->cmd)
		return;
	if (!sc->first)
		sc->first = s;
	if (!sc->found && sc->o && sc->o->script_exists &&
	    sc->o->script_exists(s->cmd))
		sc->found = s;
}

static void
script_security(struct vctx *x)
{
	const struct conf_global *g = &x->c->global;
	struct script_scan sc = {x->o, NULL, NULL};

	if (g->script_user && x->o && x->o->user_exists &&
	    !x->o->user_exists(g->script_user))
		conf_warn(x->d,
			  g->script_user_loc.line ? &g->script_user_loc : NULL,
			  "script_user %s does not exist: scripts cannot run "
			  "(keepalived disables them)",
			  g->script_user);
	if (g->vigil_child_user && x->o && x->o->user_exists &&
	    !x->o->user_exists(g->vigil_child_user))
		conf_err(x->d, &g->vigil_child_user_loc,
			 "vigil_child_user %s does not exist",
			 g->vigil_child_user);
	if (g->enable_script_security)
		return;
	conf_for_each_script_obj(x->c, scan_script, &sc);
	/* keepalived -t: exit 6 when a script it finds runs unchecked */
	x->d->insecure_scripts = sc.found != NULL;
	if (g->script_user && sc.found)
		conf_warn(x->d, &sc.found->loc,
			  "'%s' (and any other script) runs without the checks "
			  "of enable_script_security (who may modify it)",
			  sc.found->cmd);
	else if (!g->script_user && sc.first)
		conf_warn(x->d, &sc.first->loc,
			  "'%s' (and any other script) "
			  "runs with full privileges: set script_user, and "
			  "enable_script_security to refuse scripts others can "
			  "modify",
			  sc.first->cmd);
}

int
conf_validate(struct conf *c, const struct conf_opts *o, struct conf_diags *d)
{
	struct conf_global written = c->global;
	struct vctx x = {c, o, d, &written};
	const struct conf_global *g = &c->global;
	size_t errors = d->errors;

	if (c->validated)
		return d->errors > errors ? -1 : 0;
	vsmtp_warn(&x, &g->loc,
		   g->smtp_alert == 1 || g->smtp_alert_vrrp == 1 ||
				   g->smtp_alert_checker == 1
			   ? 1
			   : 0,
		   "global_defs", NULL);
	global_defaults(&x, &c->global);
	global_checks(&x, &c->global);
	for (size_t i = 0; i < conf_nsubsystems; i++)
		if (conf_subsystems[i]->validate)
			conf_subsystems[i]->validate(&x);
	script_security(&x);
	c->validated = true;
	return d->errors > errors ? -1 : 0;
}
