// SPDX-License-Identifier: GPL-2.0-or-later
/* Validation of addresses, routes and rules: static_ipaddress,
 * static_routes, static_rules and an instance's virtual_* lists. */
#include "config.h"

#include <linux/rtnetlink.h>
#include <stdio.h>

#include "vrrp/conf_vrrp.h"

void
conf_validate_ipaddr(struct vctx *x, struct conf_ipaddr *a, const char *dev,
		     const struct vindex *tgroups, const char *what)
{
	char b[64];

	if (!a->dev)
		a->dev = dev;
	else
		viface(x, &a->loc, a->dev, what);
	if (a->brd_mode == CONF_BRD_ADDR &&
	    a->brd.ip.family != a->addr.ip.family)
		conf_err(x->d, &a->loc,
			 "brd %s is not of the address' family "
			 "(%s)",
			 conf_addr_str(&a->brd, b, sizeof(b)),
			 family_name(a->addr.ip.family));
	if (a->peer.ip.family && a->peer.ip.family != a->addr.ip.family)
		conf_err(x->d, &a->loc, "peer is not of the address' family");
	if (a->track_group && !vindex_find(tgroups, a->track_group))
		conf_err(x->d, &a->loc, "track_group '%s' is not defined",
			 a->track_group);
	if (a->addr.ip.family == AF_INET6 && !IS_UNSET(a->scope)) {
		/* keepalived: "Cannot specify scope for IPv6 addresses -
		 * ignoring scope"; the kernel derives it */
		conf_warn(x->d, &a->loc,
			  "%s %s: an IPv6 address takes no scope: ignored",
			  what, conf_addr_str(&a->addr, b, sizeof(b)));
		a->scope = CONF_UNSET_I32;
	}
	VDEF(a->scope, 0);
	/* keepalived.conf(5): a /128 IPv6 address is deprecated (preferred
	 * lifetime 0) unless written with preferred_lft forever */
	VDEF(a->preferred_lft,
	     a->addr.ip.family == AF_INET6 && a->addr.prefix == 128
		     ? 0u
		     : UINT32_MAX - 1);
}

void
conf_validate_route(struct vctx *x, struct conf_route *r,
		    const struct vindex *tgroups)
{
	const struct conf_addr *fam[] = {&r->dst, &r->src, &r->via};

	if (!r->dst.ip.family) {
		conf_err(x->d, &r->loc, "route without a destination");
		return;
	}
	for (size_t i = 0; i < 3; i++)
		if (fam[i]->ip.family && fam[i]->ip.family != r->dst.ip.family)
			conf_err(x->d, &r->loc,
				 "route mixes IPv4 and IPv6 "
				 "addresses");
	for (struct conf_nexthop *nh = r->nexthops.head; nh; nh = nh->next) {
		if (nh->via.ip.family && nh->via.ip.family != r->dst.ip.family)
			conf_err(x->d, &r->loc,
				 "route nexthop is not of the "
				 "destination's family");
		viface(x, &r->loc, nh->dev, "route nexthop");
	}
	viface(x, &r->loc, r->dev, "route");
	if (r->track_group && !vindex_find(tgroups, r->track_group))
		conf_err(x->d, &r->loc, "track_group '%s' is not defined",
			 r->track_group);
	VDEF(r->table, RT_TABLE_MAIN);
}

void
conf_validate_rule(struct vctx *x, struct conf_rule *r,
		   const struct vindex *tgroups)
{
	if ((r->from.ip.family && r->from.ip.family != r->family) ||
	    (r->to.ip.family && r->to.ip.family != r->family))
		conf_err(x->d, &r->loc, "rule mixes IPv4 and IPv6");
	if (IS_UNSET(r->priority))
		conf_warn(x->d, &r->loc,
			  "rule has no preference: one is "
			  "chosen for it, which is probably not what you "
			  "want");
	viface(x, &r->loc, r->iif, "rule iif");
	viface(x, &r->loc, r->oif, "rule oif");
	if (r->track_group && !vindex_find(tgroups, r->track_group))
		conf_err(x->d, &r->loc, "track_group '%s' is not defined",
			 r->track_group);
}

void
conf_validate_static(struct vctx *x, const struct vindex *tgroups)
{
	struct conf *c = x->c;

	for (struct conf_ipaddr *a = c->static_addrs.head; a; a = a->next) {
		/* keepalived: "Static address requires either an interface
		 * or default interface must exist", and cannot run */
		if (!a->dev)
			viface(x, &a->loc, c->global.default_interface,
			       "static_ipaddress without dev: "
			       "default_interface");
		conf_validate_ipaddr(x, a, c->global.default_interface, tgroups,
				     "static_ipaddress");
	}
	for (struct conf_route *r = c->static_routes.head; r; r = r->next)
		conf_validate_route(x, r, tgroups);
	for (struct conf_rule *r = c->static_rules.head; r; r = r->next)
		conf_validate_rule(x, r, tgroups);
	for (struct conf_linkbeat *l = c->linkbeat_ifs.head; l; l = l->next)
		viface(x, &l->loc, l->ifname, "linkbeat_interfaces");
	for (struct conf_if_delay *l = c->if_delays.head; l; l = l->next)
		viface(x, &l->loc, l->ifname, "interface_up_down_delays");
}
