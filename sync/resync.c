// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bulk resync: /proc entries to sync entries (resync.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <linux/ip_vs.h>

#include "sync/resync.h"

/* The kernel's active states: tcp_state_active_table (ESTABLISHED,
 * SYN_SENT, SYN_RECV, SYNACK) and SCTP's ESTABLISHED. */
static bool
active(const struct sync_conn *c)
{
	if (c->protocol == IPPROTO_TCP)
		return c->state == 1 || c->state == 2 || c->state == 3 ||
		       c->state == 10;
	if (c->protocol == IPPROTO_SCTP)
		return c->state == 8;
	return false;
}

static const struct ipvs_dest *
dest_in(const struct ipvs_service *s, const struct sync_proc_conn *p)
{
	struct ipvs_dest_key k;

	ipvs_dest_key_clear(&k);
	k.af = p->daf;
	k.port = p->c.dport;
	k.addr = p->c.daddr;
	return s ? ipvs_service_find_dest(s, &k) : NULL;
}

static const struct ipvs_service *
find_svc(const struct ipvs_table *t, const struct sync_proc_conn *p,
	 uint32_t fwmark)
{
	struct ipvs_svc_key k;

	ipvs_svc_key_clear(&k);
	k.af = p->c.af;
	if (fwmark) {
		k.fwmark = fwmark;
	} else {
		k.protocol = p->c.protocol;
		k.port = p->c.vport;
		k.addr = p->c.vaddr;
	}
	return ipvs_table_find(t, &k);
}

int
resync_conn(const struct ipvs_table *t, const struct sync_proc_conn *p,
	    struct sync_conn *out)
{
	const struct ipvs_service *s;
	const struct ipvs_dest *d = NULL;

	if (p->daf != p->c.af) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	*out = p->c;
	s = find_svc(t, p, p->c.fwmark);
	if (s)
		d = dest_in(s, p);
	for (size_t i = 0; !d && !p->c.fwmark && i < t->n; i++)
		if (t->svcs[i].key.fwmark && t->svcs[i].key.af == p->c.af &&
		    (d = dest_in(&t->svcs[i], p)))
			s = &t->svcs[i];
	if (!d) {
		errno = ENOENT;
		return -1;
	}
	out->fwmark = s->key.fwmark;
	out->flags =
		(d->fwd & IP_VS_CONN_F_FWD_MASK) |
		(p->c.template ? IP_VS_CONN_F_TEMPLATE : 0) |
		(!p->c.template && !active(&p->c) ? IP_VS_CONN_F_INACTIVE : 0);
	out->timeout = p->c.timeout ? p->c.timeout : 1;
	out->seq = false;
	return 0;
}
