// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The conntrack_sync block (vigil's own; vigil.conf(5), "CONNTRACK
 * SYNC"): its keywords, their defaults and validation. Part of the sync
 * subsystem's row (conf_sync.c opens the block at the top level).
 *
 *   conntrack_sync {
 *       interface eth1
 *       vrrp_instance VI_1
 *       group 225.0.0.50 | peer 10.0.0.2 (repeatable)
 *       port 3780  ttl 1  syncid 7
 *       auth_key SECRET | auth_key_file /etc/vigil/ct.key
 *       cache_max 262144  resend_queue 4096  alive_interval 1
 *       netlink_buffer 16777216
 *       mode ftfw|notrack  commit on_master|continuous
 *       track_local  ignore 192.0.2.0/24 (repeatable)
 *   }
 */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"
#include "sync/conf_ct.h"

#define CT(f) offsetof(struct conf_ct_sync, f)

int
conf_open_ct_sync(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		  const struct conf_args *a)
{
	struct conf_ct_sync *s = &((struct conf *)obj)->ct_sync;

	(void)kw;
	pc_nargs(p, a, 0, 0);
	if (!s->set) {
		s->set = true;
		s->loc = p->loc;
		s->syncid = s->cache_max = s->resend_queue = s->netlink_buffer =
			CONF_UNSET_U32;
		s->alive_interval = CONF_UNSET_TIME;
	}
	p->child = s;
	return 0;
}

/* peer ADDR, ignore ADDR[/LEN]: checked here, kept as written. */
static int
kw_addr_list(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_addr ad;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_addr(p, a->v[0], a->v[1], kw->aux != NULL, &ad) < 0)
		return -1;
	pc_str_append(p, FIELD(obj, kw->off, struct conf_list), a->v[1]);
	return 0;
}

static int
kw_ttl(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
       const struct conf_args *a)
{
	uint32_t v;

	if (pc_nargs(p, a, 1, 1) < 0 || pc_u32(p, "ttl", a->v[1], 1, 255, &v))
		return -1;
	*FIELD(obj, kw->off, uint8_t) = (uint8_t)v;
	return 0;
}

static const struct conf_enum modes[] = {
	{"ftfw", CONF_CT_FTFW}, {"notrack", CONF_CT_NOTRACK}, {NULL, 0}};
static const struct conf_enum commits[] = {{"on_master", CONF_CT_ON_MASTER},
					   {"continuous", CONF_CT_CONTINUOUS},
					   {NULL, 0}};

/* clang-format off */
static const struct conf_kw ct_kw[] = {
	KR("alive_interval", kw_time, ACT, CT(alive_interval), MSEC(100), SEC(60)),
	KW("auth_key", kw_str, ACT, CT(auth_key)),
	KW("auth_key_file", kw_str, ACT, CT(auth_key_file)),
	KR("cache_max", kw_u32, ACT, CT(cache_max), 1, 16777216),
	KX("commit", kw_enum8, ACT, CT(commit), commits),
	KW("group", kw_addr, ACT, CT(group)),
	KX("ignore", kw_addr_list, ACT, CT(ignore), PREFIX_OK),
	KW("interface", kw_str, ACT, CT(ifname)),
	KX("mode", kw_enum8, ACT, CT(mode), modes),
	KR("netlink_buffer", kw_u32, ACT, CT(netlink_buffer), 4096, 1U << 30),
	KW("peer", kw_addr_list, ACT, CT(peers)),
	KW("port", kw_port, ACT, CT(port)),
	KR("resend_queue", kw_u32, ACT, CT(resend_queue), 16, 65536),
	KR("syncid", kw_u32, ACT, CT(syncid), 0, UINT32_MAX - 1),
	KW("track_local", kw_flag, ACT, CT(track_local)),
	KW("ttl", kw_ttl, ACT, CT(ttl)),
	KW("vrrp_instance", kw_str, ACT, CT(instance)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_ct_sync = {
	"conntrack_sync", ct_kw, NKW(ct_kw), NULL, NULL, CT(kept), NULL
};
/* clang-format on */

/* The key file must be readable and hold a key (the child reads it
 * again at start and on reload). */
static void
check_key(struct vctx *x, const struct conf_ct_sync *s)
{
	char b[8];
	int fd;
	ssize_t n;

	if (!s->auth_key && !s->auth_key_file) {
		conf_err(x->d, &s->loc,
			 "conntrack_sync: auth_key or auth_key_file is "
			 "required (every message is signed)");
		return;
	}
	if (s->auth_key && s->auth_key_file)
		conf_err(x->d, &s->loc,
			 "conntrack_sync: auth_key and auth_key_file both "
			 "given; keep one");
	if (s->auth_key && !s->auth_key[0])
		conf_err(x->d, &s->loc, "conntrack_sync: auth_key is empty");
	if (!s->auth_key_file)
		return;
	fd = open(s->auth_key_file, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, b, sizeof(b));
	if (fd >= 0)
		close(fd);
	if (n <= 0 || (n == 1 && b[0] == '\n'))
		conf_err(x->d, &s->loc, "conntrack_sync: auth_key_file %s: %s",
			 s->auth_key_file,
			 n < 0 ? "cannot be read" : "is empty");
}

void
conf_ct_sync_validate(struct vctx *x)
{
	struct conf_ct_sync *s = &x->c->ct_sync;
	const struct conf_vrrp *v = NULL;
	char buf[64];

	if (!s->set)
		return;
	if (!s->ifname)
		conf_err(x->d, &s->loc,
			 "conntrack_sync: interface is required");
	else
		viface(x, &s->loc, s->ifname, "conntrack_sync");
	if (s->instance) {
		for (v = x->c->instances.head; v; v = v->next)
			if (v->name && !strcmp(v->name, s->instance))
				break;
		if (!v)
			conf_err(x->d, &s->loc,
				 "conntrack_sync: vrrp_instance '%s' is not "
				 "defined",
				 s->instance);
	} else {
		conf_err(x->d, &s->loc,
			 "conntrack_sync: vrrp_instance is required (its "
			 "MASTER sends, the others receive)");
	}
	if (s->group.ip.family && !conf_addr_is_multicast(&s->group))
		conf_err(x->d, &s->loc,
			 "conntrack_sync: group %s is not a multicast address",
			 conf_addr_str(&s->group, buf, sizeof(buf)));
	if (!s->group.ip.family && !s->peers.head)
		conf_err(x->d, &s->loc,
			 "conntrack_sync: a group or at least one peer is "
			 "required");
	if (s->group.ip.family && s->peers.head)
		conf_err(x->d, &s->loc,
			 "conntrack_sync: group and peer both given; keep one");
	check_key(x, s);
	VDEF(s->syncid, v && !IS_UNSET(v->vrid) ? v->vrid : 0);
	VDEF(s->cache_max, 262144);
	VDEF(s->resend_queue, 4096);
	VDEF(s->netlink_buffer, CT_NETLINK_BUFFER_DEFAULT);
	VDEF(s->alive_interval, 1000000);
}
