// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sync child's row in the config library (conf_subsystems[],
 * core/conf/conf_kw.h): its global_defs keyword, lvs_sync_daemon, and its
 * part of conf_validate(). The deprecated vrrp_instance spelling,
 * lvs_sync_daemon_interface, is a keyword of vrrp_instance's block and
 * stays in vrrp/ (it fills the same struct conf_lvs_sync).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"
#include "sync/conf_ct.h"

/* ---- global_defs lvs_sync_daemon ---------------------------------- */

/* One "NAME VALUE" option: 0, -1 (bad value, said), 1 (not an option). */
static int
sync_opt(struct conf_pctx *p, struct conf_lvs_sync *s, const char *k,
	 const char *v)
{
	uint32_t x;

	if (!strcmp(k, "id"))
		return pc_u32(p, "lvs_sync_daemon id", v, 0, 255, &s->syncid);
	if (!strcmp(k, "maxlen"))
		return pc_u32(p, "lvs_sync_daemon maxlen", v, 1, 65507,
			      &s->maxlen);
	if (!strcmp(k, "port"))
		return pc_port(p, "lvs_sync_daemon port", v, &s->port);
	if (!strcmp(k, "ttl")) {
		if (pc_u32(p, "lvs_sync_daemon ttl", v, 1, 255, &x) < 0)
			return -1;
		s->ttl = (uint8_t)x;
		return 0;
	}
	if (!strcmp(k, "group"))
		return pc_addr(p, "lvs_sync_daemon group", v, false, &s->group);
	return 1;
}

static bool
is_sync_opt(const char *k)
{
	return !strcmp(k, "id") || !strcmp(k, "maxlen") || !strcmp(k, "port") ||
	       !strcmp(k, "ttl") || !strcmp(k, "group");
}

/* lvs_sync_daemon IFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N]
 * [port N] [ttl N] [group ADDR] */
static int
kw_lvs_sync_daemon(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		   const struct conf_args *a)
{
	struct conf_lvs_sync *s = &((struct conf_global *)obj)->lvs_sync_daemon;
	int i = 2;

	(void)kw;
	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	memset(s, 0, sizeof(*s));
	s->set = true;
	s->loc = p->loc;
	s->ifname = pc_strdup(p, a->v[1]);
	s->syncid = s->maxlen = CONF_UNSET_U32;
	if (i < a->n && !strcmp(a->v[i], "inst") && i + 1 < a->n)
		i++;
	if (i < a->n && !is_sync_opt(a->v[i]))
		s->instance = pc_strdup(p, a->v[i++]);
	for (; i < a->n; i += 2) {
		int r = i + 1 < a->n ? sync_opt(p, s, a->v[i], a->v[i + 1]) : 1;

		if (r < 0)
			return -1;
		if (r > 0) {
			pc_err(p,
			       "lvs_sync_daemon: unexpected '%s' (expected "
			       "id, maxlen, port, ttl or group with a value)",
			       a->v[i]);
			return -1;
		}
	}
	return 0;
}

/* One "NAME VALUE" option of lvs_sync_resync: 0, -1 (said). */
static int
resync_opt(struct conf_pctx *p, struct conf_lvs_resync *r, const char *k,
	   const char *v)
{
	if (!strcmp(k, "rate"))
		return pc_u32(p, "lvs_sync_resync rate", v, 1, 100000,
			      &r->rate);
	if (!strcmp(k, "port"))
		return pc_port(p, "lvs_sync_resync port", v, &r->port);
	if (!strcmp(k, "auth_key") && *v && strlen(v) <= 64) {
		r->auth_key = pc_strdup(p, v);
		return 0;
	}
	pc_err(p,
	       "lvs_sync_resync: unexpected '%s' (expected on, off, or rate, "
	       "port or auth_key (1 to 64 characters) with a value)",
	       k);
	return -1;
}

/* lvs_sync_resync [on|off] [rate N] [port N] [auth_key KEY]: the bulk
 * resync (vigil's own) */
static int
kw_lvs_sync_resync(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		   const struct conf_args *a)
{
	struct conf_lvs_resync *r =
		&((struct conf_global *)obj)->lvs_sync_resync;
	int i = 1;

	(void)kw;
	if (pc_nargs(p, a, 1, 8) < 0)
		return -1;
	if (!strcmp(a->v[i], "on") || !strcmp(a->v[i], "off"))
		r->off = !strcmp(a->v[i++], "off");
	for (; i < a->n; i += 2)
		if (resync_opt(p, r, a->v[i], i + 1 < a->n ? a->v[i + 1] : "") <
		    0)
			return -1;
	return 0;
}

/* ---- validation --------------------------------------------------- */

static const struct conf_vrrp *
instance_named(const struct conf *c, const char *name)
{
	for (const struct conf_vrrp *v = c->instances.head; v; v = v->next)
		if (v->name && !strcmp(v->name, name))
			return v;
	return NULL;
}

/* The instance must exist; the sync id defaults to its VRID (0 without
 * an instance), as keepalived does; the group must be multicast. */
static void
validate(struct vctx *x)
{
	struct conf_lvs_sync *s = &x->c->global.lvs_sync_daemon;
	const struct conf_vrrp *v = NULL;
	char buf[64];

	if (!s->set)
		return;
	viface(x, &s->loc, s->ifname, "lvs_sync_daemon");
	if (s->instance && !(v = instance_named(x->c, s->instance)))
		conf_err(x->d, &s->loc,
			 "lvs_sync_daemon: vrrp_instance '%s' is not defined",
			 s->instance);
	if (s->group.ip.family && !conf_addr_is_multicast(&s->group))
		conf_err(x->d, &s->loc,
			 "lvs_sync_daemon: group %s is not a multicast address",
			 conf_addr_str(&s->group, buf, sizeof(buf)));
	VDEF(s->syncid, v && !IS_UNSET(v->vrid) ? v->vrid : 0);
}

static void
validate_all(struct vctx *x)
{
	validate(x);
	conf_ct_sync_validate(x);
}

/* ---- tables ------------------------------------------------------- */

/* clang-format off */
static const struct conf_kw global_kw[] = {
	KW("lvs_sync_daemon", kw_lvs_sync_daemon, ACT, 0),
	KW("lvs_sync_resync", kw_lvs_sync_resync, ACT, 0),
};
/* clang-format on */

/* clang-format off */
static const struct conf_block global_part = {
	"global_defs", global_kw, NKW(global_kw), NULL, NULL,
	offsetof(struct conf_global, kept), NULL
};
static const struct conf_kw top_kw[] = {
	KB("conntrack_sync", conf_open_ct_sync, ACT, 0, &conf_blk_ct_sync),
};
static const struct conf_block top_part = {
	"", top_kw, NKW(top_kw), NULL, NULL, offsetof(struct conf, kept), NULL
};
static const struct conf_block *const blocks[] = { &conf_blk_ct_sync, NULL };
/* clang-format on */

static void
init_global(struct conf_global *g)
{
	(void)g; /* lvs_sync_daemon is "set" or not; its handler fills it */
}

const struct conf_subsys conf_subsys_sync = {
	.name = "sync",
	.top = &top_part,
	.global = &global_part,
	.blocks = blocks,
	.init = init_global,
	.validate = validate_all,
};
