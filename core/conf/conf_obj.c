// SPDX-License-Identifier: GPL-2.0-or-later
/* Model objects: constructors (every UNSET marker in place), the list of
 * all keyword blocks, and questions about a whole model. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "core/conf/conf_kw.h"

void
conf_init_notify(struct conf_notify *n)
{
	n->priority_changes = CONF_UNSET_TRI;
	n->smtp_alert = CONF_UNSET_TRI;
}

void
conf_init_fwd(struct conf_fwd *f)
{
	memset(f, 0, sizeof(*f));
	f->method = CONF_FWD_UNSET;
}

void
conf_init_global(struct conf_global *g)
{
	g->startup_script_timeout = g->shutdown_script_timeout =
		CONF_UNSET_TIME;
	g->smtp_connect_timeout = CONF_UNSET_TIME;
	g->smtp_alert = g->smtp_alert_vrrp = g->smtp_alert_checker =
		CONF_UNSET_TRI;
	g->checker_log_all_failures = CONF_UNSET_TRI;
	g->vrrp_version = CONF_UNSET_U32;
	g->vrrp_garp_master_delay = g->vrrp_garp_lower_prio_delay =
		g->vrrp_garp_master_refresh = CONF_UNSET_TIME;
	g->vrrp_garp_master_repeat = g->vrrp_garp_lower_prio_repeat =
		g->vrrp_garp_master_refresh_repeat = CONF_UNSET_U32;
	g->vrrp_garp_interval = g->vrrp_gna_interval = CONF_UNSET_TIME;
	g->vrrp_min_garp = CONF_UNSET_TRI;
	g->vrrp_down_timer_adverts = CONF_UNSET_U32;
	g->vrrp_lower_prio_no_advert = g->vrrp_higher_prio_send_advert =
		CONF_UNSET_TRI;
	g->vrrp_notify_priority_changes = CONF_UNSET_TRI;
	g->nftables_priority = g->nftables_ipvs_priority = CONF_UNSET_I32;
	g->nftables_ipvs_start_fwmark = CONF_UNSET_U32;
	g->lvs_timeouts.tcp = g->lvs_timeouts.tcpfin = g->lvs_timeouts.udp =
		CONF_UNSET_U32;
	g->vrrp_priority = g->checker_priority = g->bfd_priority =
		CONF_UNSET_I32;
	g->vrrp_rt_priority = g->checker_rt_priority = g->bfd_rt_priority =
		CONF_UNSET_U32;
	g->vrrp_rlimit_rttime = g->checker_rlimit_rttime =
		g->bfd_rlimit_rttime = CONF_UNSET_U32;
	g->min_auto_priority_delay = CONF_UNSET_U32;
	g->child_wait_time = CONF_UNSET_TIME;
	g->random_seed = CONF_UNSET_U32;
	g->data_use_instance = CONF_UNSET_TRI;
	g->vigil_watchdog_interval = g->vigil_watchdog_timeout =
		CONF_UNSET_TIME;
}

void
conf_init_vrrp(struct conf_vrrp *v)
{
	v->vrid = CONF_UNSET_U32;
	v->priority = CONF_UNSET_I32;
	v->advert_int = CONF_UNSET_TIME;
	v->version = CONF_UNSET_U32;
	v->accept = CONF_UNSET_TRI;
	v->unicast_ttl = CONF_UNSET_I32;
	v->old_unicast_checksum = CONF_UNSET_TRI;
	v->garp_master_delay = v->garp_lower_prio_delay =
		v->garp_master_refresh = CONF_UNSET_TIME;
	v->garp_master_repeat = v->garp_lower_prio_repeat =
		v->garp_master_refresh_repeat = CONF_UNSET_U32;
	v->garp_extra_if.interval = CONF_UNSET_TIME;
	v->down_timer_adverts = CONF_UNSET_U32;
	v->lower_prio_no_advert = v->higher_prio_send_advert = CONF_UNSET_TRI;
	v->skip_check_adv_addr = v->strict_mode = CONF_UNSET_TRI;
	conf_init_notify(&v->notify);
}

void
conf_init_script(struct conf_vrrp_script *s)
{
	s->interval = s->timeout = CONF_UNSET_TIME;
	s->rise = s->fall = CONF_UNSET_U32;
}

void
conf_init_track_process(struct conf_track_process *t)
{
	t->weight = 1;
	t->quorum = 1;
	t->quorum_max = CONF_UNSET_U32;
}

void
conf_init_track_file(struct conf_track_file *t)
{
	t->weight = 1;
}

void
conf_init_bfd(struct conf_bfd *b)
{
	b->min_rx = b->min_tx = b->idle_tx = CONF_UNSET_TIME;
	b->multiplier = b->ttl = b->hoplimit = CONF_UNSET_U32;
}

void
conf_init_garp_group(struct conf_garp_group *g)
{
	g->garp_interval = g->gna_interval = CONF_UNSET_TIME;
}

void
conf_init_vs(struct conf_vs *vs)
{
	conf_init_fwd(&vs->fwd);
	conf_init_fwd(&vs->sorry_fwd);
	vs->protocol = CONF_PROTO_TCP;
	vs->smtp_alert = CONF_UNSET_TRI;
	vs->quorum = CONF_UNSET_I32;
	vs->hysteresis = CONF_UNSET_I32;
	vs->connect_timeout = vs->delay_before_retry = vs->warmup =
		vs->delay_loop = CONF_UNSET_TIME;
	vs->retry = CONF_UNSET_U32;
}

void
conf_init_rs(struct conf_rs *rs)
{
	rs->weight = CONF_UNSET_I32;
	conf_init_fwd(&rs->fwd);
	rs->smtp_alert = CONF_UNSET_TRI;
	rs->alpha = rs->inhibit_on_failure = CONF_UNSET_TRI;
	rs->connect_timeout = rs->delay_before_retry = rs->warmup =
		rs->delay_loop = CONF_UNSET_TIME;
	rs->retry = CONF_UNSET_U32;
}

void
conf_init_check(struct conf_check *c, int type)
{
	c->type = (uint8_t)type;
	c->alpha = c->log_all_failures = CONF_UNSET_TRI;
	c->connect_timeout = c->delay_before_retry = c->warmup = c->delay_loop =
		CONF_UNSET_TIME;
	c->retry = CONF_UNSET_U32;
	c->http.fast_recovery = CONF_UNSET_TRI;
	c->misc.timeout = CONF_UNSET_TIME;
	c->file.weight = CONF_UNSET_I32;
}

void
conf_init_url(struct conf_url *u)
{
	(void)u; /* every field of a url defaults to zero */
}

void
conf_init_route(struct conf_route *r)
{
	r->table = r->metric = r->realms = r->expires = CONF_UNSET_U32;
	r->scope = r->protocol = r->tos = CONF_UNSET_I32;
	r->pref = r->ttl_propagate = CONF_UNSET_TRI;
	for (int i = 0; i < CONF_RTM_MAX; i++)
		r->metrics[i] = CONF_UNSET_U32;
}

void
conf_init_rule(struct conf_rule *r)
{
	r->table = r->priority = r->realms = r->goto_target = CONF_UNSET_U32;
	r->tos = r->protocol = r->ip_proto = CONF_UNSET_I32;
	r->fwmark = r->suppress_ifgroup = r->uid_start = CONF_UNSET_U32;
	r->suppress_prefixlen = CONF_UNSET_I32;
}

void
conf_init_ipaddr(struct conf_ipaddr *a)
{
	a->scope = CONF_UNSET_I32;
	a->preferred_lft = CONF_UNSET_U32;
}

/* ---- every block, for conf_for_each_keyword() --------------------- */

/* clang-format off */
const struct conf_block *const conf_all_blocks[] = {
	&conf_blk_top,
	&conf_blk_global,
	&conf_blk_ssl,
	&conf_blk_track_group,
	&conf_blk_script,
	&conf_blk_track_process,
	&conf_blk_track_file,
	&conf_blk_bfd,
	&conf_blk_sync_group,
	&conf_blk_garp_group,
	&conf_blk_vrrp,
	&conf_blk_auth,
	&conf_blk_auth_hmac,
	&conf_blk_vs,
	&conf_blk_rs,
	&conf_blk_check_common,
	&conf_blk_misc_common,
	&conf_blk_check[CONF_CHECK_TCP],
	&conf_blk_check[CONF_CHECK_HTTP],
	&conf_blk_check[CONF_CHECK_SSL],
	&conf_blk_check[CONF_CHECK_SMTP],
	&conf_blk_check[CONF_CHECK_DNS],
	&conf_blk_check[CONF_CHECK_UDP],
	&conf_blk_check[CONF_CHECK_PING],
	&conf_blk_check[CONF_CHECK_MISC],
	&conf_blk_check[CONF_CHECK_FILE],
	&conf_blk_check[CONF_CHECK_BFD],
	&conf_blk_check[CONF_CHECK_AGENT],
	&conf_blk_smtp_host,
	&conf_blk_url,
};
/* clang-format on */

const size_t conf_nblocks =
	sizeof(conf_all_blocks) / sizeof(conf_all_blocks[0]);

/* ---- questions about a model -------------------------------------- */

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

bool
conf_needs_sync(const struct conf *c)
{
	return c->global.lvs_sync_daemon.set;
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
