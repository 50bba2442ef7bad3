// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bulk resync's request and answer on the sync channel
 * (resync_link.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/chan_sock.h"
#include "sync/resync_link.h"

#define SYNC_GROUP 0xe0000051u /* 224.0.0.81, lvs_sync_daemon's default */

struct resync_link {
	struct sch_sock *sock;
	struct resync_link_cb cb;
	void *arg;
};

static int
on_req(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
       const struct ipaddr *from)
{
	struct resync_link *l = arg;
	struct sch_resync r;

	(void)from;
	if (sch_resync_decode(p, n, &r) < 0 || r.count || r.ms)
		return -1;
	if (r.what == SCH_WHAT_IPVS &&
	    (!r.target || r.target == sch_sock_sender(l->sock)))
		l->cb.req(l->arg, h->sender, r.req_id);
	return 0;
}

static int
on_done(void *arg, const struct sch_hdr *h, const uint8_t *p, size_t n,
	const struct ipaddr *from)
{
	struct resync_link *l = arg;
	struct sch_resync r;

	(void)h;
	(void)from;
	if (sch_resync_decode(p, n, &r) < 0)
		return -1;
	if (r.what == SCH_WHAT_IPVS && r.target == sch_sock_sender(l->sock))
		l->cb.done(l->arg, r.req_id, r.count, r.ms);
	return 0;
}

struct resync_link *
resync_link_new(struct ev_loop *loop, const struct resync_link_conf *c,
		const struct resync_link_cb *cb, void *arg, char *err,
		size_t errlen)
{
	struct resync_link *l = calloc(1, sizeof(*l));
	struct sch_sock_conf sc = {0};

	if (!l) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(sc.ifname, sizeof(sc.ifname), "%s", c->ifname);
	sc.group = c->group;
	if (!sc.group.family) {
		sc.group.family = AF_INET;
		sc.group.u.v4.s_addr = htonl(SYNC_GROUP);
	}
	sc.port = c->port ? c->port : RESYNC_PORT_DEFAULT;
	sc.ttl = c->ttl;
	sc.syncid = c->syncid;
	sc.key = c->key;
	l->cb = *cb;
	l->arg = arg;
	if (!(l->sock = sch_sock_new(loop, &sc, err, errlen))) {
		free(l);
		return NULL;
	}
	sch_sock_on(l->sock, SCH_RESYNC_REQ, on_req, l);
	sch_sock_on(l->sock, SCH_RESYNC_DONE, on_done, l);
	return l;
}

void
resync_link_free(struct resync_link *l)
{
	if (!l)
		return;
	sch_sock_free(l->sock);
	free(l);
}

static int
send_resync(struct resync_link *l, uint8_t type, const struct sch_resync *r)
{
	uint8_t p[SCH_RESYNC_LEN];

	sch_resync_encode(p, sizeof(p), r);
	return sch_send(l->sock, type, p, sizeof(p), NULL);
}

int
resync_link_req(struct resync_link *l, uint32_t req_id)
{
	struct sch_resync r = {.what = SCH_WHAT_IPVS, .req_id = req_id};

	return send_resync(l, SCH_RESYNC_REQ, &r);
}

int
resync_link_done(struct resync_link *l, uint32_t to, uint32_t req_id,
		 uint32_t count, uint32_t ms)
{
	struct sch_resync r = {.what = SCH_WHAT_IPVS,
			       .target = to,
			       .req_id = req_id,
			       .count = count,
			       .ms = ms};

	return send_resync(l, SCH_RESYNC_DONE, &r);
}

struct json_object *
resync_link_json(const struct resync_link *l, uint64_t now_us)
{
	return sch_sock_json(l->sock, now_us);
}
