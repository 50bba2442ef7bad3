// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine's plain-data config: defaults, deep copy, diff, sanity check. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_conf.h"

void
vrrp_garp_defaults(struct vrrp_garp_conf *g)
{
	memset(g, 0, sizeof(*g));
	g->master_delay_ms = 5000;
	g->master_repeat = 5;
	g->refresh_repeat = 1;
	g->lower_prio_delay_ms = 5000;
	g->lower_prio_repeat = 5;
}

void
vrrp_instance_defaults(struct vrrp_instance_conf *ic)
{
	memset(ic, 0, sizeof(*ic));
	ic->priority = 100;
	ic->version = 2;
	ic->family = AF_INET;
	ic->adver_int_cs = 100;
	ic->down_timer_adverts = 3;
	ic->preempt = true;
	ic->accept = true;
	ic->higher_prio_send_advert = true;
	ic->unicast_ttl = 255;
	vrrp_garp_defaults(&ic->garp);
}

void
vrrp_config_defaults(struct vrrp_config *c)
{
	memset(c, 0, sizeof(*c));
	ipaddr_parse("224.0.0.18", &c->global.mcast4);
	ipaddr_parse("ff02::12", &c->global.mcast6);
	snprintf(c->global.nft_table, sizeof(c->global.nft_table), "vigil");
	c->global.restore_owned = true;
	c->global.adopt = true;
}

/* Copy n elements of size sz; NULL only on failure with n > 0. */
static int
dup_array(void **dst, const void *src, size_t n, size_t sz)
{
	*dst = NULL;
	if (!n)
		return 0;
	*dst = malloc(n * sz);
	if (!*dst)
		return -1;
	memcpy(*dst, src, n * sz);
	return 0;
}

static bool
array_eq(const void *a, size_t na, const void *b, size_t nb, size_t sz)
{
	return na == nb && (!na || memcmp(a, b, na * sz) == 0);
}

void
vrrp_instance_conf_clear(struct vrrp_instance_conf *ic)
{
#define X(f)                                                                   \
	free(ic->f);                                                           \
	ic->f = NULL;                                                          \
	ic->n##f = 0;
	VRRP_INSTANCE_ARRAYS(X)
#undef X
}

int
vrrp_instance_conf_copy(struct vrrp_instance_conf *dst,
			const struct vrrp_instance_conf *src)
{
	*dst = *src;
#define X(f) dst->f = NULL;
	VRRP_INSTANCE_ARRAYS(X)
#undef X
#define X(f)                                                                   \
	if (dup_array((void **)&dst->f, src->f, src->n##f, sizeof(*src->f)))   \
		goto fail;
	VRRP_INSTANCE_ARRAYS(X)
#undef X
	return 0;
fail:
	vrrp_instance_conf_clear(dst);
	errno = ENOMEM;
	return -1;
}

void
vrrp_config_free(struct vrrp_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ninst; i++)
		vrrp_instance_conf_clear(&c->inst[i]);
	free(c->inst);
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].members);
	free(c->groups);
#define X(f) free(c->f);
	VRRP_CONFIG_ARRAYS(X)
#undef X
	free(c);
}

static int
dup_groups(struct vrrp_config *d, const struct vrrp_config *c)
{
	if (dup_array((void **)&d->groups, c->groups, c->ngroups,
		      sizeof(*c->groups)))
		return -1;
	for (size_t i = 0; i < c->ngroups; i++)
		d->groups[i].members = NULL;
	for (size_t i = 0; i < c->ngroups; i++)
		if (dup_array((void **)&d->groups[i].members,
			      c->groups[i].members, c->groups[i].nmembers,
			      sizeof(*c->groups[i].members)))
			return -1;
	return 0;
}

struct vrrp_config *
vrrp_config_dup(const struct vrrp_config *c)
{
	struct vrrp_config *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->global = c->global;
	d->inst = calloc(c->ninst ? c->ninst : 1, sizeof(*d->inst));
	if (!d->inst)
		goto fail;
	for (; d->ninst < c->ninst; d->ninst++)
		if (vrrp_instance_conf_copy(&d->inst[d->ninst],
					    &c->inst[d->ninst]))
			goto fail;
	d->ngroups = c->ngroups;
	if (dup_groups(d, c))
		goto fail;
#define X(f)                                                                   \
	d->n##f = c->n##f;                                                     \
	if (dup_array((void **)&d->f, c->f, c->n##f, sizeof(*c->f)))           \
		goto fail;
	VRRP_CONFIG_ARRAYS(X)
#undef X
	return d;
fail:
	vrrp_config_free(d);
	errno = ENOMEM;
	return NULL;
}

/* Compare one field, or several adjacent ones, of two instances. */
#define SAME(a, b, f) (memcmp(&(a)->f, &(b)->f, sizeof((a)->f)) == 0)
#define SAME_ARRAY(a, b, f)                                                    \
	array_eq((a)->f, (a)->n##f, (b)->f, (b)->n##f, sizeof(*(a)->f))

unsigned
vrrp_instance_conf_diff(const struct vrrp_instance_conf *a,
			const struct vrrp_instance_conf *b)
{
	unsigned chg = 0;

	if (!SAME(a, b, ifname) || a->vrid != b->vrid ||
	    a->version != b->version || a->family != b->family ||
	    a->use_vmac != b->use_vmac || !SAME(a, b, vmac_name) ||
	    a->vmac_xmit_base != b->vmac_xmit_base ||
	    !SAME_ARRAY(a, b, addr_vmacs))
		chg |= VRRP_CHG_IDENTITY;
	if (a->priority != b->priority)
		chg |= VRRP_CHG_PRIORITY;
	if (a->adver_int_cs != b->adver_int_cs || a->preempt != b->preempt ||
	    a->preempt_delay_ms != b->preempt_delay_ms ||
	    a->down_timer_adverts != b->down_timer_adverts)
		chg |= VRRP_CHG_TIMERS;
	if (a->auth_type != b->auth_type || !SAME(a, b, auth_pass) ||
	    !SAME(a, b, hmac))
		chg |= VRRP_CHG_AUTH;
	if (!SAME_ARRAY(a, b, vips) || !SAME_ARRAY(a, b, evips) ||
	    !SAME_ARRAY(a, b, routes) || !SAME_ARRAY(a, b, rules))
		chg |= VRRP_CHG_ADDRS;
	if (!SAME_ARRAY(a, b, peers) || !SAME(a, b, src_ip) ||
	    !SAME(a, b, mcast_dst) ||
	    a->check_unicast_src != b->check_unicast_src ||
	    a->track_src_ip != b->track_src_ip ||
	    a->skip_check_adv_addr != b->skip_check_adv_addr ||
	    a->unicast_any_ttl != b->unicast_any_ttl ||
	    a->unicast_fault_no_peer != b->unicast_fault_no_peer ||
	    a->promote_secondaries != b->promote_secondaries ||
	    a->kernel_rx_buf_size != b->kernel_rx_buf_size)
		chg |= VRRP_CHG_PEERS;
	if (!SAME_ARRAY(a, b, track_if) || !SAME_ARRAY(a, b, track_script) ||
	    !SAME_ARRAY(a, b, track_file) || !SAME_ARRAY(a, b, track_process) ||
	    !SAME_ARRAY(a, b, track_bfd) ||
	    a->dont_track_primary != b->dont_track_primary ||
	    a->link_down_delay_ms != b->link_down_delay_ms ||
	    a->link_up_delay_ms != b->link_up_delay_ms)
		chg |= VRRP_CHG_TRACK;
	if (!SAME(a, b, garp) || !SAME(a, b, notify) ||
	    a->accept != b->accept || a->nftables != b->nftables ||
	    a->no_pseudo4 != b->no_pseudo4 || a->smtp_alert != b->smtp_alert ||
	    a->old_unicast_checksum != b->old_unicast_checksum ||
	    a->lower_prio_no_advert != b->lower_prio_no_advert ||
	    a->higher_prio_send_advert != b->higher_prio_send_advert ||
	    a->unicast_ttl != b->unicast_ttl)
		chg |= VRRP_CHG_OTHER;
	return chg;
}

const struct vrrp_instance_conf *
vrrp_config_find_instance(const struct vrrp_config *c, const char *name)
{
	for (size_t i = 0; i < c->ninst; i++)
		if (!strcmp(c->inst[i].name, name))
			return &c->inst[i];
	return NULL;
}

static bool
addrs_of_family(const struct vrrp_vip *v, size_t n, int family)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].addr.family != family)
			return false;
	return true;
}

static const char *
check_instance(const struct vrrp_instance_conf *ic)
{
	if (!ic->name[0] || !ic->ifname[0])
		return "needs a name and an interface";
	if (ic->vrid == 0 || ic->priority == 0)
		return "vrid and priority must be 1-255";
	if (ic->version != 2 && ic->version != 3)
		return "version must be 2 or 3";
	if (ic->family != AF_INET && ic->family != AF_INET6)
		return "family must be inet or inet6";
	if (ic->version == 2 && ic->family != AF_INET)
		return "VRRPv2 is IPv4 only";
	if (!ic->adver_int_cs || ic->adver_int_cs > 4095 ||
	    (ic->version == 2 && ic->adver_int_cs % 100))
		return "advert_int out of range (v2: whole seconds)";
	if (ic->down_timer_adverts < 1 || ic->down_timer_adverts > 100)
		return "down_timer_adverts must be 1-100";
	if (ic->version == 3 && ic->auth_type != VRRP_AUTH_NONE)
		return "authentication PASS/AH is VRRPv2 only";
	if (!addrs_of_family(ic->vips, ic->nvips, ic->family))
		return "virtual_ipaddress of another family";
	if (ic->nvips > 255)
		return "more than 255 virtual addresses";
	if (ic->hmac.enabled &&
	    !vrrp_hmac_find_key(&ic->hmac, ic->hmac.active_key))
		return "auth_hmac active_key is not a configured key";
	return NULL;
}

int
vrrp_config_check(const struct vrrp_config *c, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->ninst; i++) {
		const char *why = check_instance(&c->inst[i]);

		for (size_t j = 0; !why && j < i; j++)
			if (!strcmp(c->inst[j].name, c->inst[i].name))
				why = "duplicate instance name";
		if (why) {
			snprintf(err, errlen, "instance=%s: %s",
				 c->inst[i].name, why);
			return -1;
		}
	}
	for (size_t g = 0; g < c->ngroups; g++)
		for (size_t m = 0; m < c->groups[g].nmembers; m++)
			if (!vrrp_config_find_instance(
				    c, c->groups[g].members[m])) {
				snprintf(err, errlen,
					 "sync_group=%s: no instance %s",
					 c->groups[g].name,
					 c->groups[g].members[m]);
				return -1;
			}
	return 0;
}
