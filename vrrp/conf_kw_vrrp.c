// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_instance and its sub-blocks (authentication, unicast_peer, track_*,
 * virtual addresses, routes and rules are in conf_kw_ip.c). */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vrrp/conf_vrrp.h"

#define V(f) offsetof(struct conf_vrrp, f)
#define VK V(kept)

static int
kw_interface(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_vrrp *v = obj;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	v->interface = pc_strdup(p, a->v[1]);
	v->interface_loc = p->loc;
	return 0;
}

static int
kw_vrid(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	struct conf_vrrp *v = obj;

	/* the line is kept even when the value is bad: validation then
	 * does not also say that the VRID is missing. An instance cannot
	 * run without its VRID, so the error stands (returning 0: it is
	 * not a value to fall back from). */
	v->vrid_loc = p->loc;
	if (pc_nargs(p, a, 1, 1) == 0)
		pc_u32(p, a->v[0], a->v[1], 1, 255, &v->vrid);
	return 0;
}

static int kw_deprecated_flag(struct conf_pctx *p, const struct conf_kw *kw,
			      void *obj, const struct conf_args *a);

/*
 * The instance's address family, as keepalived decides it: the first of
 * mcast_src_ip/unicast_src_ip, mcast_dst_ip, native_ipv6, a unicast_peer
 * or a virtual_ipaddress in the order written sets it; a later address
 * of the other family is ignored with a warning (keepalived: "address
 * family must match VRRP instance - ignoring"). Returns false if `fam`
 * does not match.
 */
static bool
vrrp_family_take(struct conf_pctx *p, struct conf_vrrp *v, int fam,
		 const char *what, const char *s)
{
	if (!v->family) {
		v->family = (uint8_t)fam;
		v->family_loc = p->loc;
		return true;
	}
	if (v->family == fam)
		return true;
	pc_warn(p,
		"vrrp_instance %s: %s %s is %s but the instance is %s (set "
		"at line %d): ignored",
		v->name, what, s, family_name(fam), family_name(v->family),
		v->family_loc.line);
	return false;
}

/* mcast_src_ip, unicast_src_ip, mcast_dst_ip: an address; a /prefix is
 * ignored as keepalived ignores it. */
static int
kw_vrrp_addr(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_vrrp *v = obj;
	struct conf_addr ad;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_host_addr(p, a->v[0], a->v[1], &ad) < 0)
		return -1;
	if (vrrp_family_take(p, v, ad.ip.family, a->v[0], a->v[1])) {
		*FIELD(obj, kw->off, struct conf_addr) = ad;
		v->unicast_src = !strcmp(a->v[0], "unicast_src_ip");
	}
	return 0;
}

static int
kw_native_ipv6(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_vrrp *v = obj;

	if (kw_deprecated_flag(p, kw, obj, a) < 0)
		return -1;
	if (vrrp_family_take(p, v, AF_INET6, a->v[0], "(IPv6)"))
		return 0;
	v->native_ipv6 = false;
	return 0;
}

/* A virtual_ipaddress line: the address list's, then the family rule. */
static int
line_vip(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	struct conf_list *l = obj;
	struct conf_vrrp *v =
		(struct conf_vrrp *)((char *)l -
				     offsetof(struct conf_vrrp, vips));
	void *before = l->tail;
	struct conf_ipaddr *e;
	char b[64];

	if (conf_line_ipaddr(p, obj, a) < 0 || l->tail == before)
		return -1;
	e = l->tail;
	if (vrrp_family_take(p, v, e->addr.ip.family, "virtual_ipaddress",
			     conf_addr_str(&e->addr, b, sizeof(b))))
		return 0;
	conf_list_drop_tail(l, before);
	return 0;
}

/* clang-format off */
static const struct conf_block conf_blk_vips = {
	.name = "virtual_ipaddress", .line = line_vip,
	.kept_off = KW_NOKEPT
};
/* clang-format on */

static int
kw_accept(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	  const struct conf_args *a)
{
	pc_nargs(p, a, 0, 0);
	((struct conf_vrrp *)obj)->accept = (int8_t)kw->min;
	return 0;
}

static int
kw_preempt(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	   const struct conf_args *a)
{
	pc_nargs(p, a, 0, 0);
	((struct conf_vrrp *)obj)->nopreempt = false;
	return 0;
}

static int
kw_old_checksum(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		const struct conf_args *a)
{
	struct conf_vrrp *v = obj;

	pc_nargs(p, a, 0, 1);
	if (a->n > 1 && strcmp(a->v[1], "never")) {
		pc_err(p,
		       "old_unicast_checksum: unexpected '%s' (expected "
		       "never)",
		       a->v[1]);
		return -1;
	}
	v->old_unicast_checksum = a->n > 1 ? 2 : 1;
	return 0;
}

int
kw_notify_deleted(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		  const struct conf_args *a)
{
	struct conf_notify *n = FIELD(obj, kw->off, struct conf_notify);

	n->deleted_set = true;
	if (a->n > 1)
		pc_script_set(p, &n->deleted, a, 1);
	return 0;
}

static int
parse_mac(const char *s, uint8_t *mac, uint8_t *len)
{
	unsigned b[6];
	int n = 0, used = 0;

	n = sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &used);
	if (n < 6 || s[used]) {
		used = 0;
		n = sscanf(s, "%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2],
			   &b[3], &b[4], &used);
		if (n < 5 || s[used])
			return -1;
	}
	for (int i = 0; i < n; i++)
		mac[i] = (uint8_t)b[i];
	*len = (uint8_t)n;
	return 0;
}

/* use_vmac [NAME] [MAC] */
static int
kw_use_vmac(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	struct conf_vrrp *v = obj;

	pc_nargs(p, a, 0, 2);
	v->use_vmac = true;
	for (int i = 1; i < a->n && i < 3; i++) {
		if (strchr(a->v[i], ':')) {
			if (parse_mac(a->v[i], v->vmac_mac, &v->vmac_mac_len) <
			    0) {
				pc_err(p,
				       "use_vmac: '%s' is not a MAC address "
				       "(5 or 6 octets)",
				       a->v[i]);
				return -1;
			}
		} else if (strlen(a->v[i]) >= 16) {
			pc_err(p,
			       "use_vmac: interface name '%s' is longer "
			       "than 15 characters",
			       a->v[i]);
			return -1;
		} else {
			v->vmac_name = pc_strdup(p, a->v[i]);
		}
	}
	return 0;
}

/* use_ipvlan [NAME] [ADDRESS] [bridge|private|vepa] */
static int
kw_use_ipvlan(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	      const struct conf_args *a)
{
	static const struct conf_enum modes[] = {
		{"bridge", 0}, {"private", 1}, {"vepa", 2}, {NULL, 0}};
	struct conf_vrrp *v = obj;
	int m;

	pc_nargs(p, a, 0, 3);
	v->use_ipvlan = true;
	for (int i = 1; i < a->n && i < 4; i++) {
		struct conf_addr ad;

		if (conf_enum_find(modes, a->v[i], &m) == 0) {
			v->ipvlan_mode = (uint8_t)m;
		} else if (conf_parse_addr(a->v[i], true, &ad) == 0) {
			v->ipvlan_addr = ad;
		} else {
			v->ipvlan_name = pc_strdup(p, a->v[i]);
		}
	}
	return 0;
}

/* lvs_sync_daemon_interface IFACE: the old spelling of global_defs
 * lvs_sync_daemon IFACE inst THIS_INSTANCE */
static int
kw_lvs_sync_if(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	       const struct conf_args *a)
{
	struct conf_lvs_sync *s = &p->c->global.lvs_sync_daemon;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	pc_warn(p,
		"'lvs_sync_daemon_interface' in a vrrp_instance is "
		"deprecated, use global_defs lvs_sync_daemon %s inst %s",
		a->v[1], ((struct conf_vrrp *)obj)->name);
	memset(s, 0, sizeof(*s));
	s->set = true;
	s->loc = p->loc;
	s->ifname = pc_strdup(p, a->v[1]);
	s->instance = ((struct conf_vrrp *)obj)->name;
	s->syncid = s->maxlen = CONF_UNSET_U32;
	return 0;
}

static int
kw_deprecated_flag(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		   const struct conf_args *a)
{
	pc_warn_once(p, kw, "'%s' is deprecated: %s", kw->name,
		     (const char *)kw->aux);
	return kw_flag(p, kw, obj, a);
}

/* ---- sub-blocks --------------------------------------------------- */

static int
kw_auth_type(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	static const struct conf_enum types[] = {
		{"PASS", CONF_AUTH_PASS}, {"AH", CONF_AUTH_AH}, {NULL, 0}};
	int t;

	if (pc_nargs(p, a, 1, 1) < 0 ||
	    pc_enum(p, a->v[0], a->v[1], types, &t) < 0)
		return -1;
	((struct conf_vrrp *)obj)->auth_type = (uint8_t)t;
	return 0;
}

static int
kw_auth_pass(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_vrrp *v = obj;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	/* RFC 2338 §5.3.10: the password is 8 octets, zero padded */
	if (strlen(a->v[1]) > 8)
		pc_warn(p,
			"auth_pass is longer than 8 characters; only "
			"'%.8s' is used",
			a->v[1]);
	snprintf(v->auth_pass, sizeof(v->auth_pass), "%.8s", a->v[1]);
	return 0;
}

/* clang-format off */
static const struct conf_kw auth_kw[] = {
	KW("auth_pass", kw_auth_pass, ACT, 0),
	KW("auth_type", kw_auth_type, ACT, 0),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_auth = {
	"authentication", auth_kw, NKW(auth_kw), NULL, NULL, KW_NOKEPT, NULL
};
/* clang-format on */

/* ---- auth_hmac (vigil's extension) -------------------------------- */

#define H(f) offsetof(struct conf_hmac, f)

static int
kw_auth_hmac(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_hmac *h = &((struct conf_vrrp *)obj)->auth_hmac;

	(void)kw;
	pc_nargs(p, a, 0, 0);
	h->set = true;
	h->loc = p->loc;
	p->child = h;
	return 0;
}

/* hex:HEX (two digits an octet) or the string's own bytes. */
static int
hmac_key_bytes(struct conf_pctx *p, const char *s, struct conf_hmac_key *k)
{
	size_t n = strlen(s);

	if (strncmp(s, "hex:", 4)) {
		if (n > CONF_HMAC_KEY_MAX)
			goto length;
		memcpy(k->data, s, n);
		k->len = (uint8_t)n;
		return 0;
	}
	s += 4;
	n = strlen(s);
	if (n % 2 || n / 2 > CONF_HMAC_KEY_MAX)
		goto length;
	if (conf_parse_hex(s, k->data, CONF_HMAC_KEY_MAX) < 0) {
		pc_err(p, "auth_hmac key: '%s' is not hexadecimal", s);
		return -1;
	}
	k->len = (uint8_t)(n / 2);
	return 0;
length:
	pc_err(p, "auth_hmac key: %d to %d bytes (hex: two digits each)",
	       CONF_HMAC_KEY_MIN, CONF_HMAC_KEY_MAX);
	return -1;
}

static int
kw_hmac_key(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	    const struct conf_args *a)
{
	struct conf_hmac *h = obj;
	struct conf_hmac_key k = {0};
	uint32_t id;

	(void)kw;
	if (pc_nargs(p, a, 2, 2) < 0 ||
	    pc_u32(p, "key id", a->v[1], 1, 255, &id) < 0)
		return -1;
	for (size_t i = 0; i < h->nkeys; i++)
		if (h->keys[i].id == id) {
			pc_err(p, "auth_hmac key %u given twice", id);
			return -1;
		}
	if (h->nkeys == CONF_HMAC_KEYS) {
		pc_err(p, "auth_hmac: at most %d keys", CONF_HMAC_KEYS);
		return -1;
	}
	k.id = (uint8_t)id;
	if (hmac_key_bytes(p, a->v[2], &k) < 0)
		return -1;
	if (k.len < CONF_HMAC_KEY_MIN) {
		pc_err(p, "auth_hmac key %u: %u bytes, at least %d needed", id,
		       k.len, CONF_HMAC_KEY_MIN);
		return -1;
	}
	h->keys[h->nkeys++] = k;
	return 0;
}

static const struct conf_enum hmac_modes[] = {
	{"enforce", CONF_HMAC_ENFORCE},
	{"permissive", CONF_HMAC_PERMISSIVE},
	{"receive-only", CONF_HMAC_RECEIVE_ONLY},
	{NULL, 0}};
static const struct conf_enum hmac_replay[] = {
	{"time", 0}, {"counter", 1}, {NULL, 0}};

/* clang-format off */
static const struct conf_kw hmac_kw[] = {
	KR("active_key", kw_u32, ACT, H(active_key), 1, 255),
	KX("anti_replay", kw_enum8, ACT, H(anti_replay), hmac_replay),
	KW("key", kw_hmac_key, ACT, 0),
	KX("mode", kw_enum8, ACT, H(mode), hmac_modes),
	KR("time_window", kw_u32, ACT, H(time_window), 1, 3600),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_auth_hmac = {
	"auth_hmac", hmac_kw, NKW(hmac_kw), NULL, NULL, KW_NOKEPT, NULL
};
/* clang-format on */

static int
line_peer(struct conf_pctx *p, void *obj, const struct conf_args *a)
{
	struct conf_vrrp *v =
		(struct conf_vrrp *)((char *)obj -
				     offsetof(struct conf_vrrp, unicast_peers));
	struct conf_peer *e = pc_alloc(p, sizeof(*e));

	if (!e || pc_host_addr(p, "unicast_peer", a->v[0], &e->addr) < 0)
		return -1;
	if (!vrrp_family_take(p, v, e->addr.ip.family, "unicast_peer", a->v[0]))
		return 0;
	e->loc = p->loc;
	e->min_ttl = e->max_ttl = CONF_UNSET_I32;
	for (int i = 1; i < a->n; i += 2) {
		int32_t *f = !strcmp(a->v[i], "min_ttl")   ? &e->min_ttl
			     : !strcmp(a->v[i], "max_ttl") ? &e->max_ttl
							   : NULL;

		if (!f || i + 1 >= a->n) {
			pc_err(p,
			       "unicast_peer %s: unexpected '%s' (expected "
			       "min_ttl N or max_ttl N)",
			       a->v[0], a->v[i]);
			return -1;
		}
		if (pc_i32(p, a->v[i], a->v[i + 1], 0, 255, f) < 0)
			return -1;
	}
	conf_list_append(obj, e);
	return 0;
}

/* clang-format off */
const struct conf_block conf_blk_peers = {
	.name = "unicast_peer", .line = line_peer, .kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_track253 = {
	.name = "track", .line = line_track253, .kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_track254 = {
	.name = "track", .line = line_track254, .kept_off = KW_NOKEPT
};
/* clang-format on */
/* clang-format off */
const struct conf_block conf_blk_track_if = {
	.name = "track_interface", .line = line_track253,
	.kept_off = KW_NOKEPT
};
/* clang-format on */

/* ---- vrrp_instance ------------------------------------------------ */

#define N(f) V(notify.f)

/* clang-format off */
static const struct conf_kw vrrp_kw[] = {
	{ "accept", kw_accept, ACT, 0, 1, 0, NULL, NULL, NULL },
	KR("advert_int", kw_time, ACT, V(advert_int), MSEC(10), SEC(255)),
	KB("auth_hmac", kw_auth_hmac, ACT, 0, &conf_blk_auth_hmac),
	KB("authentication", kw_sub_same, ACT, 0, &conf_blk_auth),
	KW("check_unicast_src", kw_flag, ACT, V(check_unicast_src)),
	KR("debug", kw_u32, PEND, V(debug), 0, 4),
	KW("dont_track_primary", kw_flag, ACT, V(dont_track_primary)),
	KR("down_timer_adverts", kw_u32, ACT, V(down_timer_adverts), 1, 100),
	KW("garp_extra_if", kw_garp_extra, ACT, V(garp_extra_if)),
	KR("garp_lower_prio_delay", kw_time, ACT, V(garp_lower_prio_delay),
	   0, SEC(86400)),
	KR("garp_lower_prio_repeat", kw_u32, ACT, V(garp_lower_prio_repeat),
	   0, 65535),
	KR("garp_master_delay", kw_time, ACT, V(garp_master_delay), 0,
	   SEC(86400)),
	KR("garp_master_refresh", kw_time, ACT, V(garp_master_refresh), 0,
	   SEC(86400)),
	KR("garp_master_refresh_repeat", kw_u32, ACT,
	   V(garp_master_refresh_repeat), 0, 65535),
	KR("garp_master_repeat", kw_u32, ACT, V(garp_master_repeat), 0,
	   65535),
	KW("higher_prio_send_advert", kw_tri, ACT, V(higher_prio_send_advert)),
	KW("interface", kw_interface, ACT, 0),
	KW("kernel_rx_buf_size", kw_u32, ACT, V(kernel_rx_buf_size)),
	KX("linkbeat_use_polling", kw_deprecated_flag, PEND,
	   V(linkbeat_use_polling), "use a linkbeat_interfaces block"),
	KW("lower_prio_no_advert", kw_tri, ACT, V(lower_prio_no_advert)),
	KW("lvs_sync_daemon_interface", kw_lvs_sync_if, PEND, 0),
	KX("mcast_dst_ip", kw_vrrp_addr, ACT, V(mcast_dst_ip), NULL),
	KX("mcast_src_ip", kw_vrrp_addr, ACT, V(src_ip), NULL),
	KX("native_ipv6", kw_native_ipv6, PEND, V(native_ipv6),
	   "the virtual addresses decide the address family"),
	{ "no_accept", kw_accept, ACT, 0, 0, 0, NULL, NULL, NULL },
	KW("nopreempt", kw_flag_only, ACT, V(nopreempt)),
	KW("notify", kw_script, ACT, N(notify)),
	KW("notify_backup", kw_script, ACT, N(backup)),
	KW("notify_deleted", kw_notify_deleted, ACT, V(notify)),
	KW("notify_fault", kw_script, ACT, N(fault)),
	KW("notify_master", kw_script, ACT, N(master)),
	KW("notify_master_rx_lower_pri", kw_script, ACT,
	   N(master_rx_lower_pri)),
	KW("notify_priority_changes", kw_tri, ACT, N(priority_changes)),
	KW("notify_stop", kw_script, ACT, N(stop)),
	KW("old_unicast_checksum", kw_old_checksum, ACT, 0),
	KW("preempt", kw_preempt, ACT, 0),
	KR("preempt_delay", kw_time, ACT, V(preempt_delay), 0, SEC(1000)),
	KR("priority", kw_i32, ACT, V(priority), 1, 255),
	KW("promote_secondaries", kw_flag, ACT, V(promote_secondaries)),
	KW("skip_check_adv_addr", kw_tri, ACT, V(skip_check_adv_addr)),
	KW("smtp_alert", kw_tri, ACT, N(smtp_alert)),
	KX("state", kw_enum8, ACT, V(state),
	   ((const struct conf_enum[]){ { "BACKUP", CONF_STATE_BACKUP },
					{ "MASTER", CONF_STATE_MASTER },
					{ NULL, 0 } })),
	KW("strict_mode", kw_tri, ACT, V(strict_mode)),
	KB("track_bfd", kw_sub_list, ACT, V(track_bfd), &conf_blk_track253),
	KB("track_file", kw_sub_list, ACT, V(track_file), &conf_blk_track254),
	KB("track_interface", kw_sub_list, ACT, V(track_interface),
	   &conf_blk_track_if),
	KB("track_process", kw_sub_list, ACT, V(track_process),
	   &conf_blk_track254),
	KB("track_script", kw_sub_list, ACT, V(track_script),
	   &conf_blk_track253),
	KW("track_src_ip", kw_flag, ACT, V(track_src_ip)),
	KW("unicast_fault_no_peer", kw_flag, ACT, V(unicast_fault_no_peer)),
	KB("unicast_peer", kw_sub_list, ACT, V(unicast_peers),
	   &conf_blk_peers),
	KX("unicast_src_ip", kw_vrrp_addr, ACT, V(src_ip), NULL),
	KR("unicast_ttl", kw_i32, ACT, V(unicast_ttl), 0, 255),
	KW("use_ipvlan", kw_use_ipvlan, PEND, 0),
	KW("use_vmac", kw_use_vmac, ACT, 0),
	KW("use_vmac_addr", kw_flag, ACT, V(use_vmac_addr)),
	KR("version", kw_u32, ACT, V(version), 2, 3),
	KB("virtual_ipaddress", kw_sub_list, ACT, V(vips), &conf_blk_vips),
	KB("virtual_ipaddress_excluded", kw_sub_list, ACT, V(evips),
	   &conf_blk_ipaddr_list),
	KW("virtual_router_id", kw_vrid, ACT, 0),
	KB("virtual_routes", kw_sub_list, ACT, V(vroutes),
	   &conf_blk_route_list),
	KB("virtual_rules", kw_sub_list, ACT, V(vrules),
	   &conf_blk_rule_list),
	KA("vmac_garp_intvl", "garp_extra_if"),
	KW("vmac_xmit_base", kw_flag, ACT, V(vmac_xmit_base)),
	KW("vrf", kw_str, PEND, V(vrf)),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_vrrp = {
	"vrrp_instance", vrrp_kw, NKW(vrrp_kw), NULL, NULL, VK, NULL
};
/* clang-format on */
