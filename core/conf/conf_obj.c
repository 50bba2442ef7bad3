// SPDX-License-Identifier: GPL-2.0-or-later
/* core's part of global_defs (every UNSET marker in place; check/ and vrrp/
 * set theirs) and questions about a whole model. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "core/conf/conf_int.h"
#include "core/conf/conf_kw.h"

void
conf_init_global(struct conf_global *g)
{
	g->startup_script_timeout = g->shutdown_script_timeout =
		CONF_UNSET_TIME;
	g->smtp_connect_timeout = CONF_UNSET_TIME;
	g->smtp_alert = g->smtp_alert_vrrp = g->smtp_alert_checker =
		CONF_UNSET_TRI;
	g->bfd_priority = CONF_UNSET_I32;
	g->bfd_rt_priority = CONF_UNSET_U32;
	g->bfd_rlimit_rttime = CONF_UNSET_U32;
	g->min_auto_priority_delay = CONF_UNSET_U32;
	g->child_wait_time = CONF_UNSET_TIME;
	g->random_seed = CONF_UNSET_U32;
	g->data_use_instance = CONF_UNSET_TRI;
	g->vigil_child_seccomp = CONF_UNSET_TRI;
	g->vigil_watchdog_interval = g->vigil_watchdog_timeout =
		CONF_UNSET_TIME;
}

/* ---- questions about a model -------------------------------------- */

bool
conf_is_empty(const struct conf *c)
{
	return !conf_needs_check(c) && !conf_needs_vrrp(c) &&
	       !conf_needs_sync(c);
}

bool
conf_needs_check(const struct conf *c)
{
	return c->vss.n > 0;
}

bool
conf_needs_vrrp(const struct conf *c)
{
	return c->instances.n > 0 || c->static_addrs.n > 0 ||
	       c->static_routes.n > 0 || c->static_rules.n > 0;
}

/*
 * RFC 5798 §6.4.2 (RFC 3768 §6.4.2): a backup takes over when it has heard
 * no advert for Master_Down_Interval = 3 × Master_Adver_Interval +
 * Skew_Time (3: down_timer_adverts, N), and the master's last advert left
 * up to one interval before it stopped: a peer may take over (N - 1) ×
 * advert_int after the vrrp child stops, Skew_Time aside (with N = 1, the
 * smallest Skew_Time, 1/256 of the interval). The smallest over the
 * instances.
 */
uint64_t
conf_vrrp_takeover(const struct conf *c)
{
	uint64_t least = 0;

	for (const struct conf_vrrp *v = c->instances.head; v; v = v->next) {
		uint64_t n = v->down_timer_adverts,
			 t = n > 1 ? (n - 1) * v->advert_int
				   : v->advert_int / 256;

		if (!least || t < least)
			least = t;
	}
	return least;
}

bool
conf_needs_sync(const struct conf *c)
{
	return c->global.lvs_sync_daemon.set || c->ct_sync.set;
}

bool
conf_needs_bfd(const struct conf *c)
{
	return c->bfds.n > 0;
}

static void
notify_scripts(const struct conf_notify *n, conf_script_obj_fn fn, void *arg)
{
	const struct conf_script *all[] = {
		&n->master,
		&n->backup,
		&n->fault,
		&n->stop,
		&n->deleted,
		&n->notify,
		&n->master_rx_lower_pri,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		fn(all[i], arg);
}

static void
lvs_scripts(const struct conf *c, conf_script_obj_fn fn, void *arg)
{
	for (const struct conf_vs *vs = c->vss.head; vs; vs = vs->next) {
		fn(&vs->quorum_up, arg);
		fn(&vs->quorum_down, arg);
		for (const struct conf_rs *rs = vs->rs.head; rs;
		     rs = rs->next) {
			fn(&rs->notify_up, arg);
			fn(&rs->notify_down, arg);
			for (const struct conf_check *ck = rs->checkers.head;
			     ck; ck = ck->next)
				if (ck->type == CONF_CHECK_MISC)
					fn(&ck->misc.path, arg);
		}
	}
}

/* Every script slot, set or not. */
void
conf_for_each_script_obj(const struct conf *c, conf_script_obj_fn fn, void *arg)
{
	const struct conf_global *g = &c->global;

	fn(&g->startup_script, arg);
	fn(&g->shutdown_script, arg);
	fn(&g->notify_fifo.script, arg);
	fn(&g->vrrp_notify_fifo.script, arg);
	fn(&g->lvs_notify_fifo.script, arg);
	for (const struct conf_vrrp_script *s = c->scripts.head; s; s = s->next)
		fn(&s->script, arg);
	for (const struct conf_vrrp_sync_group *sg = c->sync_groups.head; sg;
	     sg = sg->next)
		notify_scripts(&sg->notify, fn, arg);
	for (const struct conf_vrrp *v = c->instances.head; v; v = v->next)
		notify_scripts(&v->notify, fn, arg);
	lvs_scripts(c, fn, arg);
}

struct script_cb {
	conf_script_fn fn;
	void *arg;
};

static void
set_script(const struct conf_script *s, void *arg)
{
	const struct script_cb *cb = arg;

	if (s->cmd)
		cb->fn(s->cmd, cb->arg);
}

void
conf_for_each_script(const struct conf *c, conf_script_fn fn, void *arg)
{
	struct script_cb cb = {fn, arg};

	conf_for_each_script_obj(c, set_script, &cb);
}

void
conf_default_config_id(char *buf, size_t n)
{
	struct utsname u;
	char *dot;

	if (!n)
		return;
	if (uname(&u) < 0) {
		buf[0] = '\0';
		return;
	}
	dot = strchr(u.nodename, '.');
	if (dot)
		*dot = '\0';
	snprintf(buf, n, "%s", u.nodename);
}
