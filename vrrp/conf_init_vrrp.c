// SPDX-License-Identifier: GPL-2.0-or-later
/* Constructors of VRRP's model objects and of its global_defs fields: every
 * UNSET marker in place, so that validation knows what was not written. */
#include "config.h"

#include <string.h>

#include "vrrp/conf_vrrp.h"

/* VRRP's global_defs fields; core's conf_init_global() sets the others. */
void
conf_init_vrrp_global(struct conf_global *g)
{
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
	g->nftables_priority = CONF_UNSET_I32;
	g->vrrp_priority = CONF_UNSET_I32;
	g->vrrp_rt_priority = CONF_UNSET_U32;
	g->vrrp_rlimit_rttime = CONF_UNSET_U32;
	g->vigil_vrrp_restore_owned = g->vigil_vrrp_adopt_on_restart =
		CONF_UNSET_TRI;
}

void
conf_init_notify(struct conf_notify *n)
{
	n->priority_changes = CONF_UNSET_TRI;
	n->smtp_alert = CONF_UNSET_TRI;
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
conf_init_garp_group(struct conf_garp_group *g)
{
	g->garp_interval = g->gna_interval = CONF_UNSET_TIME;
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
