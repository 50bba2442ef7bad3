// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conntrack_sync from the model (ct_conf.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/conf/conf_value.h"
#include "sync/conf_ct.h"
#include "sync/ct_conf.h"

static int
read_key(struct sch_key *k, const struct conf_ct_sync *s, char *err,
	 size_t errlen)
{
	ssize_t n;
	int fd;

	if (s->auth_key) {
		k->len = strlen(s->auth_key);
		if (k->len > SCH_KEY_MAX)
			k->len = SCH_KEY_MAX;
		memcpy(k->b, s->auth_key, k->len);
		return 0;
	}
	fd = s->auth_key_file ? open(s->auth_key_file, O_RDONLY | O_CLOEXEC)
			      : -1;
	n = fd < 0 ? -1 : read(fd, k->b, sizeof(k->b));
	if (fd >= 0)
		close(fd);
	while (n > 0 && (k->b[n - 1] == '\n' || k->b[n - 1] == '\r'))
		n--;
	if (n <= 0) {
		snprintf(err, errlen, "auth_key_file %s: %s",
			 s->auth_key_file ? s->auth_key_file : "-",
			 n < 0 ? strerror(errno) : "empty");
		return -1;
	}
	k->len = (size_t)n;
	return 0;
}

static void
add_vips(struct ct_conf *cc, const struct conf_list *l)
{
	for (const struct conf_ipaddr *a = l->head; a; a = a->next)
		if (cc->nvips < CT_FILTER_MAX)
			cc->vips[cc->nvips++] = a->addr.ip;
}

int
ct_conf_from_model(struct ct_conf *cc, const struct conf *c, char *err,
		   size_t errlen)
{
	const struct conf_ct_sync *s = &c->ct_sync;
	struct conf_addr a;

	memset(cc, 0, sizeof(*cc));
	snprintf(cc->ch.ifname, sizeof(cc->ch.ifname), "%s",
		 s->ifname ? s->ifname : "");
	snprintf(cc->instance, sizeof(cc->instance), "%s",
		 s->instance ? s->instance : "");
	cc->ch.group = s->group.ip;
	for (const struct conf_str *p = s->peers.head; p; p = p->next)
		if (cc->ch.npeers < SCH_PEERS_MAX &&
		    conf_parse_addr(p->s, false, &a) == 0)
			cc->ch.peers[cc->ch.npeers++] = a.ip;
	cc->ch.port = s->port ? s->port : SCH_PORT_DEFAULT;
	cc->ch.ttl = s->ttl ? s->ttl : 1;
	cc->ch.syncid = s->syncid == CONF_UNSET_U32 ? 0 : s->syncid;
	cc->ch.window_ms = SCH_WINDOW_MS_DEFAULT;
	cc->cache_max = s->cache_max == CONF_UNSET_U32 ? 262144 : s->cache_max;
	cc->queue = s->resend_queue == CONF_UNSET_U32 ? 4096 : s->resend_queue;
	cc->nl_buffer = s->netlink_buffer == CONF_UNSET_U32
				? CT_NETLINK_BUFFER_DEFAULT
				: s->netlink_buffer;
	cc->alive_us = s->alive_interval == CONF_UNSET_TIME ? 1000000
							    : s->alive_interval;
	cc->mode = s->mode;
	cc->commit = s->commit;
	cc->track_local = s->track_local;
	for (const struct conf_str *p = s->ignore.head; p; p = p->next)
		if (conf_parse_addr(p->s, true, &a) == 0)
			ct_filter_add(cc->ignore, &cc->nignore, &a.ip,
				      a.prefix);
	for (const struct conf_vrrp *v = c->instances.head; v; v = v->next) {
		add_vips(cc, &v->vips);
		add_vips(cc, &v->evips);
	}
	return read_key(&cc->ch.key, s, err, errlen);
}
