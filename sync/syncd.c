// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which kernel IPVS sync threads run, and the requests that get there
 * (syncd.h). Pure.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/conf/conf_model.h"
#include "sync/syncd.h"

/* ip_vs_sync.c's defaults for what IPVS_CMD_NEW_DAEMON leaves out. */
#define KERNEL_PORT 8848
#define KERNEL_TTL 1
#define KERNEL_GROUP 0xe0000051u /* 224.0.0.81 */

void
syncd_conf_from_model(struct syncd_conf *c, const struct conf_lvs_sync *s)
{
	memset(c, 0, sizeof(*c));
	if (!s->set)
		return;
	c->set = true;
	snprintf(c->ifname, sizeof(c->ifname), "%s", s->ifname);
	if (s->instance)
		snprintf(c->instance, sizeof(c->instance), "%s", s->instance);
	c->syncid = s->syncid == CONF_UNSET_U32 ? 0 : s->syncid;
	c->maxlen = s->maxlen == CONF_UNSET_U32 ? 0 : (uint16_t)s->maxlen;
	c->port = s->port;
	c->ttl = s->ttl;
	c->group_af = s->group.ip.family;
	if (c->group_af)
		memcpy(&c->group, &s->group.ip.u, sizeof(c->group));
}

bool
syncd_conf_equal(const struct syncd_conf *a, const struct syncd_conf *b)
{
	return a->set == b->set && !strcmp(a->ifname, b->ifname) &&
	       !strcmp(a->instance, b->instance) && a->syncid == b->syncid &&
	       a->maxlen == b->maxlen && a->port == b->port &&
	       a->ttl == b->ttl && a->group_af == b->group_af &&
	       !memcmp(&a->group, &b->group, sizeof(a->group));
}

static void
daemon_of(const struct syncd_conf *c, uint32_t state, struct ipvs_daemon *d)
{
	memset(d, 0, sizeof(*d));
	d->state = state;
	memcpy(d->ifname, c->ifname, sizeof(d->ifname));
	d->syncid = c->syncid;
	d->maxlen = c->maxlen;
	d->port = c->port;
	d->ttl = c->ttl;
	d->group_af = c->group_af;
	d->group = c->group;
}

size_t
syncd_wanted(const struct syncd_conf *c, enum syncd_vrrp st,
	     struct ipvs_daemon want[2])
{
	size_t n = 0;

	if (!c->set)
		return 0;
	if (!c->instance[0] || st == SYNCD_VRRP_MASTER)
		daemon_of(c, IP_VS_STATE_MASTER, &want[n++]);
	if (!c->instance[0] || st != SYNCD_VRRP_MASTER)
		daemon_of(c, IP_VS_STATE_BACKUP, &want[n++]);
	return n;
}

static bool
group_matches(const struct ipvs_daemon *w, const struct ipvs_daemon *h)
{
	if (!w->group_af)
		return h->group_af == AF_INET &&
		       h->group.v4.s_addr == htonl(KERNEL_GROUP);
	return w->group_af == h->group_af &&
	       !memcmp(&w->group, &h->group, ipaddr_len(w->group_af));
}

bool
syncd_matches(const struct ipvs_daemon *w, const struct ipvs_daemon *h)
{
	return w->state == h->state && !strcmp(w->ifname, h->ifname) &&
	       w->syncid == h->syncid &&
	       (!w->maxlen || w->maxlen == h->maxlen) &&
	       (w->port ? w->port : KERNEL_PORT) == h->port &&
	       (w->ttl ? w->ttl : KERNEL_TTL) == h->ttl && group_matches(w, h);
}

static const struct ipvs_daemon *
find_state(const struct ipvs_daemon *v, size_t n, uint32_t state)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].state == state)
			return &v[i];
	return NULL;
}

size_t
syncd_plan(const struct ipvs_daemon *want, size_t nwant,
	   const struct ipvs_daemon *have, size_t nhave,
	   struct syncd_step steps[SYNCD_MAX_STEPS])
{
	static const uint32_t states[] = {IP_VS_STATE_MASTER,
					  IP_VS_STATE_BACKUP};
	bool keep[2] = {false, false};
	size_t n = 0;

	for (size_t i = 0; i < 2; i++) {
		const struct ipvs_daemon *w =
			find_state(want, nwant, states[i]);
		const struct ipvs_daemon *h =
			find_state(have, nhave, states[i]);

		keep[i] = w && h && syncd_matches(w, h);
		if (h && !keep[i]) {
			steps[n].cmd = IPVS_CMD_DEL_DAEMON;
			steps[n++].d = *h;
		}
	}
	for (size_t i = 0; i < 2; i++) {
		const struct ipvs_daemon *w =
			find_state(want, nwant, states[i]);

		if (w && !keep[i]) {
			steps[n].cmd = IPVS_CMD_NEW_DAEMON;
			steps[n++].d = *w;
		}
	}
	return n;
}

const char *
syncd_state_name(uint32_t state)
{
	return state == IP_VS_STATE_MASTER   ? "master"
	       : state == IP_VS_STATE_BACKUP ? "backup"
					     : "none";
}
