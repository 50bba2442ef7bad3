// SPDX-License-Identifier: GPL-2.0-or-later
/* Validation of one vrrp_instance, and VRID conflicts between them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/conf_vrrp.h"

/* The family of the instance: the parser set it from the first address
 * written (keepalived's rule) and left out those of the other family;
 * with no address at all it is IPv4, as in keepalived. */
static void
vrrp_family(struct vctx *x, struct conf_vrrp *v)
{
	if (!v->family)
		v->family = AF_INET;
	for (struct conf_peer *p = v->unicast_peers.head; p; p = p->next) {
		if (!IS_UNSET(p->min_ttl) && !IS_UNSET(p->max_ttl) &&
		    p->min_ttl > p->max_ttl)
			conf_err(x->d, &p->loc,
				 "unicast_peer: min_ttl %d is "
				 "above max_ttl %d",
				 p->min_ttl, p->max_ttl);
	}
	if (v->mcast_dst_ip.ip.family &&
	    (v->mcast_dst_ip.ip.family != v->family ||
	     !conf_addr_is_multicast(&v->mcast_dst_ip)))
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: mcast_dst_ip must "
			 "be a %s multicast address",
			 v->name, family_name(v->family));
}

/* VRRPv2 (RFC 3768 §5.3.7) advertises whole seconds 1-255; VRRPv3
 * (RFC 5798 §5.2.7) centiseconds 1-4095. */
static void
advert_interval(struct vctx *x, struct conf_vrrp *v)
{
	VDEF(v->advert_int, CONF_USEC);
	if (v->version == 2 && v->advert_int % CONF_USEC) {
		uint64_t up = (v->advert_int / CONF_USEC + 1) * CONF_USEC;

		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: VRRP version 2 "
			  "advertises whole seconds; advert_int %g becomes "
			  "%llu (use version 3 for less)",
			  v->name, (double)v->advert_int / 1e6,
			  (unsigned long long)(up / CONF_USEC));
		v->advert_int = up;
	}
	if (v->version == 3 && v->advert_int > 40950000)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: advert_int %g is "
			 "above 40.95 s, the most VRRP version 3 can carry",
			 v->name, (double)v->advert_int / 1e6);
	if (v->version == 3 && v->advert_int % 10000) {
		v->advert_int = (v->advert_int / 10000 + 1) * 10000;
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: VRRP version 3 "
			  "advertises centiseconds; advert_int rounded up to "
			  "%g",
			  v->name, (double)v->advert_int / 1e6);
	}
}

static void
version(struct vctx *x, struct conf_vrrp *v)
{
	if (v->family == AF_INET6 && v->version == 2) {
		/* keepalived: "cannot use IPv6 with VRRP version 2; setting
		 * version 3" */
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: IPv6 needs VRRP version 3 (RFC "
			  "5798), not version 2: version 3 set",
			  v->name);
		v->version = 3;
	}
	VDEF(v->version, v->family == AF_INET6 ? 3 : x->c->global.vrrp_version);
	if (v->family == AF_INET6)
		v->version = 3;
}

static void
authentication(struct vctx *x, struct conf_vrrp *v)
{
	if (v->auth_type == CONF_AUTH_NONE)
		return;
	if (v->version == 3) {
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: VRRP version 3 "
			  "has no authentication (RFC 5798); the "
			  "authentication block is ignored",
			  v->name);
		v->auth_type = CONF_AUTH_NONE;
		return;
	}
	if (v->auth_type == CONF_AUTH_PASS && !v->auth_pass[0])
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: auth_type PASS "
			 "needs an auth_pass",
			 v->name);
	if (v->auth_type == CONF_AUTH_AH && v->state == CONF_STATE_MASTER) {
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: state MASTER does "
			  "not go with AH authentication; starting as BACKUP",
			  v->name);
		v->state = CONF_STATE_BACKUP;
	}
}

/* keepalived.conf(5) vrrp_strict: what RFC compliance forbids. Runs before
 * states() so that an accept written in the file is told apart from the
 * default. */
static void
strict(struct vctx *x, struct conf_vrrp *v)
{
	const struct conf_ipaddr *vip = v->vips.head;
	const struct conf_peer *peer = v->unicast_peers.head;

	if (!v->strict_mode)
		return;
	if (!vip)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: strict mode needs "
			 "a virtual_ipaddress",
			 v->name);
	else if (vip->addr.ip.family == AF_INET6 &&
		 !conf_addr_is_linklocal(&vip->addr))
		conf_err(x->d, &vip->loc,
			 "vrrp_instance %s: strict mode needs a link-local "
			 "first IPv6 virtual address (RFC 5798 §5.2.9)",
			 v->name);
	if (peer)
		conf_err(x->d, &peer->loc,
			 "vrrp_instance %s: strict mode does "
			 "not allow unicast_peer",
			 v->name);
	if (v->auth_hmac.set) /* vigil's: never dropped */
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: strict mode does not allow "
			 "auth_hmac",
			 v->name);
	if (v->auth_type != CONF_AUTH_NONE) {
		/* keepalived: "Strict mode does not support authentication.
		 * Ignoring." */
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: strict mode does not allow "
			  "authentication: ignored",
			  v->name);
		v->auth_type = CONF_AUTH_NONE;
	}
	if (v->preempt_delay)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: strict mode does "
			 "not allow preempt_delay",
			 v->name);
	if (v->state == CONF_STATE_MASTER && v->priority != 255) {
		/* keepalived: "State MASTER must match being address owner",
		 * and the state follows the priority */
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: in strict mode only the address "
			  "owner (priority 255) starts as MASTER: BACKUP set",
			  v->name);
		v->state = CONF_STATE_BACKUP;
	}
	if (v->version == 2 && v->accept == 1)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: strict mode has no "
			 "accept mode for VRRP version 2",
			 v->name);
	if (v->vmac_xmit_base)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: strict mode does "
			 "not allow vmac_xmit_base",
			 v->name);
}

/* keepalived's surprise: a strict MASTER that is not the address owner
 * drops what is sent to its VIPs (RFC 5798 §6.4.3, Accept_Mode false), so
 * ping and IPVS services on the VIP fail. vigil does the same, but says so. */
static void
strict_no_accept(struct vctx *x, const struct conf_vrrp *v)
{
	if (!v->strict_mode || v->accept || !v->vips.n)
		return;
	conf_warn(x->d, &v->loc,
		  "vrrp_instance %s: strict mode without accept: as MASTER "
		  "this router drops traffic to its virtual addresses; "
		  "use priority 255, or version 3 with accept, to serve them",
		  v->name);
}

static void
garp_defaults(struct conf_vrrp *v, const struct conf_global *g)
{
	VDEF(v->garp_master_delay, g->vrrp_garp_master_delay);
	VDEF(v->garp_master_repeat, g->vrrp_garp_master_repeat);
	VDEF(v->garp_lower_prio_delay, v->garp_master_delay);
	VDEF(v->garp_lower_prio_repeat, v->garp_master_repeat);
	VDEF(v->garp_master_refresh, g->vrrp_garp_master_refresh);
	VDEF(v->garp_master_refresh_repeat, g->vrrp_garp_master_refresh_repeat);
	if (IS_UNSET(v->garp_extra_if.interval))
		v->garp_extra_if = g->vrrp_garp_extra_if;
	VDEF(v->down_timer_adverts, g->vrrp_down_timer_adverts);
	VDEF(v->lower_prio_no_advert, g->vrrp_lower_prio_no_advert);
	VDEF(v->higher_prio_send_advert, g->vrrp_higher_prio_send_advert);
	VDEF(v->skip_check_adv_addr, g->vrrp_skip_check_adv_addr ? 1 : 0);
	VDEF(v->strict_mode, g->vrrp_strict ? 1 : 0);
}

/* use_vmac_addr, or use_vmac on an address line: the VMACs for addresses
 * are named <vmac_addr_prefix>[N].<VRID> (vrrp_conf_model.c) */
static void
vmac_addr(struct vctx *x, const struct conf_vrrp *v)
{
	const struct conf_global *g = &x->c->global;
	const char *pfx = g->vmac_addr_prefix ? g->vmac_addr_prefix
			  : g->vmac_prefix    ? g->vmac_prefix
					      : "vrrp";
	bool any = v->use_vmac_addr;
	char name[32];

	for (const struct conf_ipaddr *a = v->vips.head; a; a = a->next)
		any = any || a->use_vmac;
	for (const struct conf_ipaddr *a = v->evips.head; a; a = a->next)
		any = any || a->use_vmac;
	if (!any || IS_UNSET(v->vrid))
		return;
	snprintf(name, sizeof(name), "%.20s.%u", pfx, v->vrid);
	if (strlen(name) >= 16)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: VMAC name %s for addresses on "
			 "other interfaces is longer than 15 characters; "
			 "shorten vmac_addr_prefix",
			 v->name, name);
}

static void
vmac(struct vctx *x, struct conf_vrrp *v)
{
	char name[32];

	vmac_addr(x, v);
	if (!v->use_vmac || v->vmac_name || IS_UNSET(v->vrid))
		return;
	/* keepalived names it <vmac_prefix>.<VRID> */
	snprintf(name, sizeof(name), "%s.%u",
		 x->c->global.vmac_prefix ? x->c->global.vmac_prefix : "vrrp",
		 v->vrid);
	if (strlen(name) >= 16)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s: VMAC name %s is "
			 "longer than 15 characters; name it in use_vmac",
			 v->name, name);
	v->vmac_name = vstrdup(x, name);
}

/* keepalived: "A unicast keyword has been specified without any unicast
 * peers. Defaulting to multicast." -- or, with unicast_fault_no_peer,
 * "Cannot use unicast without any peers - going to fault state". */
static void
unicast_no_peer(struct vctx *x, const struct conf_vrrp *v)
{
	if (v->unicast_peers.n)
		return;
	if (v->unicast_fault_no_peer)
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: unicast_fault_no_peer without "
			  "unicast_peer: the instance stays in FAULT",
			  v->name);
	else if (v->unicast_src)
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: unicast_src_ip without "
			  "unicast_peer: adverts are multicast",
			  v->name);
}

static bool
unicast_only(const struct conf_vrrp *v)
{
	if (!v->unicast_peers.n || conf_addr_is_linklocal(&v->src_ip))
		return false;
	for (const struct conf_peer *p = v->unicast_peers.head; p; p = p->next)
		if (conf_addr_is_linklocal(&p->addr))
			return false;
	return true;
}

static void
states(struct vctx *x, struct conf_vrrp *v)
{
	if (v->nopreempt && v->state == CONF_STATE_MASTER)
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: nopreempt has no "
			  "effect with state MASTER",
			  v->name);
	if (v->preempt_delay && v->state == CONF_STATE_MASTER)
		conf_warn(x->d, &v->loc,
			  "vrrp_instance %s: preempt_delay has "
			  "no effect with state MASTER",
			  v->name);
	/* RFC 5798 §6.1: accept mode is the default unless strict, where
	 * only the address owner accepts */
	VDEF(v->accept, v->strict_mode ? (v->priority == 255) : 1);
	VDEF(v->unicast_ttl, 255);
	VDEF(v->old_unicast_checksum, 0);
}

static void
group_weights(struct vctx *x, const struct conf_vrrp_sync_group *g,
	      const struct conf_list *l)
{
	for (const struct conf_track *t = l->head; t; t = t->next)
		if (t->weight && t->weight != CONF_UNSET_I32)
			conf_warn(x->d, &t->loc,
				  "vrrp_sync_group %s: weight %d of %s is "
				  "ignored: a tracker of a sync group that "
				  "fails puts every member into FAULT",
				  g->name, (int)t->weight, t->name);
}

/* keepalived.conf(5): a sync group's trackers act on all its members, by
 * FAULT only; a weight they carry (their own, or the object's, copied in
 * by track_all()) is ignored, and said so. */
void
conf_validate_sync_group_tracking(struct vctx *x,
				  const struct conf_vrrp_sync_group *g)
{
	group_weights(x, g, &g->track_interface);
	group_weights(x, g, &g->track_script);
	group_weights(x, g, &g->track_file);
	group_weights(x, g, &g->track_process);
}

void
conf_validate_vrrp(struct vctx *x, struct conf_vrrp *v)
{
	if (IS_UNSET(v->vrid) && !v->vrid_loc.line)
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s has no "
			 "virtual_router_id",
			 v->name);
	if (v->interface)
		viface(x, &v->interface_loc, v->interface, "vrrp_instance");
	else if (!unicast_only(v))
		conf_err(x->d, &v->loc,
			 "vrrp_instance %s has no interface "
			 "(only an instance with unicast peers that are not "
			 "link-local may leave it out)",
			 v->name);
	VDEF(v->priority, 100);
	garp_defaults(v, &x->c->global);
	vrrp_family(x, v);
	unicast_no_peer(x, v);
	version(x, v);
	advert_interval(x, v);
	authentication(x, v);
	strict(x, v);
	states(x, v);
	strict_no_accept(x, v);
	vmac(x, v);
}

/* ---- VRID conflicts ----------------------------------------------- */

static int
vrid_cmp(const void *a, const void *b)
{
	const struct conf_vrrp *x = a, *y = b;
	int r;

	if (x->vrid != y->vrid)
		return x->vrid < y->vrid ? -1 : 1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	r = strcmp(x->interface ? x->interface : "",
		   y->interface ? y->interface : "");
	if (r)
		return r;
	/* different multicast groups may share a VRID (keepalived.conf(5)) */
	if (!!x->unicast_peers.n != !!y->unicast_peers.n)
		return x->unicast_peers.n ? 1 : -1;
	if (!x->unicast_peers.n)
		return conf_addr_cmp(&x->mcast_dst_ip, &y->mcast_dst_ip);
	return 0;
}

static bool
peers_overlap(const struct conf_vrrp *a, const struct conf_vrrp *b)
{
	for (const struct conf_peer *p = a->unicast_peers.head; p; p = p->next)
		for (const struct conf_peer *q = b->unicast_peers.head; q;
		     q = q->next)
			if (conf_addr_eq(&p->addr, &q->addr))
				return true;
	return false;
}

static void
vrid_report(struct vctx *x, const void *later, const void *earlier)
{
	const struct conf_vrrp *l = later, *e = earlier;
	const struct conf_loc *at = l->vrid_loc.line ? &l->vrid_loc : &l->loc;

	/* unicast instances conflict only when they share a peer */
	if (l->unicast_peers.n && !peers_overlap(l, e))
		return;
	conf_err(x->d, at,
		 "virtual_router_id %u on %s (%s) is already used "
		 "by vrrp_instance %s (%s:%d)",
		 l->vrid, l->interface ? l->interface : "(no interface)",
		 family_name(l->family), e->name, e->loc.file, e->loc.line);
}

void
conf_validate_vrid(struct vctx *x)
{
	const void **v = calloc(x->c->instances.n + 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return;
	for (struct conf_vrrp *i = x->c->instances.head; i; i = i->next)
		if (!IS_UNSET(i->vrid))
			v[n++] = i;
	vdups(x, v, n, vrid_cmp, vrid_report);
	free(v);
}
