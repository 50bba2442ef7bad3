// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrptest's JSON config reader; see README.md for the keys. */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/vrrp/vrrptest_conf.h"

struct rd {
	char *err;
	size_t errlen;
	int failed;
};

static void
fail(struct rd *r, const char *what, const char *detail)
{
	if (!r->failed)
		snprintf(r->err, r->errlen, "%s: %s", what, detail);
	r->failed = 1;
}

static json_object *
get(json_object *o, const char *k)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static const char *
str(json_object *o, const char *k, const char *dflt)
{
	json_object *v = get(o, k);

	return v ? json_object_get_string(v) : dflt;
}

static int64_t
num(json_object *o, const char *k, int64_t dflt)
{
	json_object *v = get(o, k);

	return v ? json_object_get_int64(v) : dflt;
}

/* Seconds (fractions allowed) to milliseconds. */
static uint32_t
msec(json_object *o, const char *k, uint32_t dflt_ms)
{
	json_object *v = get(o, k);

	return v ? (uint32_t)(json_object_get_double(v) * 1000.0 + 0.5)
		 : dflt_ms;
}

static bool
flag(json_object *o, const char *k, bool dflt)
{
	json_object *v = get(o, k);

	return v ? json_object_get_boolean(v) : dflt;
}

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static void
ip(struct rd *r, const char *s, struct ipaddr *out)
{
	if (s && ipaddr_parse(s, out) < 0)
		fail(r, "bad address", s);
}

static void
prefix(struct rd *r, const char *s, struct ipaddr *out, uint8_t *plen)
{
	if (s && ipaddr_parse_prefix(s, out, plen) < 0)
		fail(r, "bad prefix", s);
}

static uint8_t
scope(const char *s)
{
	if (!s || !strcmp(s, "global"))
		return RT_SCOPE_UNIVERSE;
	if (!strcmp(s, "link"))
		return RT_SCOPE_LINK;
	if (!strcmp(s, "host"))
		return RT_SCOPE_HOST;
	return (uint8_t)atoi(s);
}

/* Allocate an array for a JSON array (NULL if absent); *n its length. */
static void *
array(struct rd *r, json_object *a, size_t size, size_t *n)
{
	void *p;

	*n = a ? json_object_array_length(a) : 0;
	if (!*n)
		return NULL;
	p = calloc(*n, size);
	if (!p)
		fail(r, "memory", strerror(errno));
	return p;
}

static void
vip(struct rd *r, json_object *j, struct vrrp_vip *v)
{
	if (json_object_is_type(j, json_type_string)) {
		prefix(r, json_object_get_string(j), &v->addr, &v->plen);
		return;
	}
	prefix(r, str(j, "addr", NULL), &v->addr, &v->plen);
	ip(r, str(j, "brd", NULL), &v->brd);
	copy(v->dev, sizeof(v->dev), str(j, "dev", ""));
	copy(v->label, sizeof(v->label), str(j, "label", ""));
	v->scope = scope(str(j, "scope", NULL));
}

static struct vrrp_vip *
vips(struct rd *r, json_object *a, size_t *n)
{
	struct vrrp_vip *v = array(r, a, sizeof(*v), n);

	for (size_t i = 0; v && i < *n; i++)
		vip(r, json_object_array_get_idx(a, i), &v[i]);
	return v;
}

static struct vrrp_route *
routes(struct rd *r, json_object *a, size_t *n)
{
	struct vrrp_route *v = array(r, a, sizeof(*v), n);

	for (size_t i = 0; v && i < *n; i++) {
		json_object *j = json_object_array_get_idx(a, i);

		prefix(r, str(j, "dst", NULL), &v[i].dst, &v[i].plen);
		ip(r, str(j, "gw", NULL), &v[i].gw);
		ip(r, str(j, "src", NULL), &v[i].src);
		copy(v[i].dev, sizeof(v[i].dev), str(j, "dev", ""));
		v[i].table = (uint32_t)num(j, "table", 0);
		v[i].metric = (uint32_t)num(j, "metric", 0);
		v[i].scope = scope(str(j, "scope", NULL));
		if (!strcmp(str(j, "type", "unicast"), "blackhole"))
			v[i].type = RTN_BLACKHOLE;
	}
	return v;
}

static struct vrrp_rule *
rules(struct rd *r, json_object *a, size_t *n)
{
	struct vrrp_rule *v = array(r, a, sizeof(*v), n);

	for (size_t i = 0; v && i < *n; i++) {
		json_object *j = json_object_array_get_idx(a, i);

		prefix(r, str(j, "from", NULL), &v[i].from, &v[i].from_plen);
		prefix(r, str(j, "to", NULL), &v[i].to, &v[i].to_plen);
		v[i].family =
			v[i].from.family ? v[i].from.family : v[i].to.family;
		if (!v[i].family)
			v[i].family = AF_INET;
		v[i].table = (uint32_t)num(j, "table", 0);
		v[i].priority = (uint32_t)num(j, "priority", 0);
		v[i].fwmark = (uint32_t)num(j, "fwmark", 0);
		copy(v[i].iif, sizeof(v[i].iif), str(j, "iif", ""));
		copy(v[i].oif, sizeof(v[i].oif), str(j, "oif", ""));
	}
	return v;
}

static struct vrrp_track_ref *
refs(struct rd *r, json_object *a, size_t *n)
{
	struct vrrp_track_ref *v = array(r, a, sizeof(*v), n);

	for (size_t i = 0; v && i < *n; i++) {
		json_object *j = json_object_array_get_idx(a, i);

		if (json_object_is_type(j, json_type_string)) {
			copy(v[i].name, sizeof(v[i].name),
			     json_object_get_string(j));
			continue;
		}
		copy(v[i].name, sizeof(v[i].name), str(j, "name", ""));
		v[i].has_weight = get(j, "weight") != NULL;
		v[i].weight = (int32_t)num(j, "weight", 0);
		v[i].reverse = flag(j, "reverse", false);
	}
	return v;
}

static void
notify(json_object *j, struct vrrp_notify_conf *n)
{
	copy(n->notify, sizeof(n->notify), str(j, "notify", ""));
	copy(n->master, sizeof(n->master), str(j, "master", ""));
	copy(n->backup, sizeof(n->backup), str(j, "backup", ""));
	copy(n->fault, sizeof(n->fault), str(j, "fault", ""));
	copy(n->stop, sizeof(n->stop), str(j, "stop", ""));
}

static void
garp(json_object *j, struct vrrp_garp_conf *g)
{
	if (!j)
		return;
	g->master_delay_ms = msec(j, "master_delay", g->master_delay_ms);
	g->master_repeat = (uint32_t)num(j, "master_repeat", g->master_repeat);
	g->refresh_ms = msec(j, "refresh", g->refresh_ms);
	g->refresh_repeat =
		(uint32_t)num(j, "refresh_repeat", g->refresh_repeat);
	g->interval_us = msec(j, "interval", g->interval_us / 1000) * 1000;
	g->na_interval_us =
		msec(j, "na_interval", g->na_interval_us / 1000) * 1000;
	g->lower_prio_delay_ms =
		msec(j, "lower_prio_delay", g->lower_prio_delay_ms);
	g->lower_prio_repeat =
		(uint32_t)num(j, "lower_prio_repeat", g->lower_prio_repeat);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
hmac_key(struct rd *r, json_object *j, struct vrrp_hmac_key *k)
{
	const char *s = str(j, "key", "");
	size_t len = 0;

	k->id = (uint8_t)num(j, "id", 1);
	if (!strncmp(s, "hex:", 4)) {
		for (s += 4; s[0] && s[1] && len < VRRP_HMAC_KEY_MAX; s += 2) {
			int hi = hexval(s[0]), lo = hexval(s[1]);

			if (hi < 0 || lo < 0)
				fail(r, "bad hex key", str(j, "key", ""));
			k->data[len++] = (uint8_t)(hi << 4 | lo);
		}
	} else {
		len = strnlen(s, VRRP_HMAC_KEY_MAX);
		memcpy(k->data, s, len);
	}
	if (len < VRRP_HMAC_KEY_MIN)
		fail(r, "auth_hmac key shorter than 32 bytes",
		     str(j, "key", ""));
	k->len = (uint8_t)len;
}

static void
hmac(struct rd *r, json_object *j, struct vrrp_hmac_conf *h, uint16_t adv_cs)
{
	json_object *keys = get(j, "keys");
	const char *mode = str(j, "mode", "enforce");
	uint32_t dflt_window = (uint32_t)(3 * adv_cs / 100 + 1);

	if (!j)
		return;
	h->enabled = true;
	h->mode = !strcmp(mode, "permissive")	  ? VRRP_HMAC_PERMISSIVE
		  : !strcmp(mode, "receive-only") ? VRRP_HMAC_RECEIVE_ONLY
						  : VRRP_HMAC_ENFORCE;
	h->active_key = (uint8_t)num(j, "active_key", 1);
	h->anti_replay_time = !strcmp(str(j, "anti_replay", "time"), "time");
	if (dflt_window < VRRP_HMAC_WINDOW_MIN)
		dflt_window = VRRP_HMAC_WINDOW_MIN;
	h->time_window = (uint32_t)num(j, "time_window", dflt_window);
	for (size_t i = 0; keys && i < json_object_array_length(keys) &&
			   i < VRRP_HMAC_MAX_KEYS;
	     i++)
		hmac_key(r, json_object_array_get_idx(keys, i),
			 &h->keys[h->nkeys++]);
}

static void
auth(struct rd *r, json_object *j, struct vrrp_instance_conf *ic)
{
	const char *t = str(j, "auth_type", "NONE");
	const char *pass = str(j, "auth_pass", "");

	ic->auth_type = !strcmp(t, "PASS") ? VRRP_AUTH_PASS
			: !strcmp(t, "AH") ? VRRP_AUTH_AH
					   : VRRP_AUTH_NONE;
	memcpy(ic->auth_pass, pass, strnlen(pass, sizeof(ic->auth_pass)));
	hmac(r, get(j, "auth_hmac"), &ic->hmac, ic->adver_int_cs);
}

static void
peers(struct rd *r, json_object *a, struct vrrp_instance_conf *ic)
{
	ic->peers = array(r, a, sizeof(*ic->peers), &ic->npeers);
	for (size_t i = 0; ic->peers && i < ic->npeers; i++)
		ip(r, json_object_get_string(json_object_array_get_idx(a, i)),
		   &ic->peers[i]);
}

static void
instance(struct rd *r, json_object *j, struct vrrp_instance_conf *ic)
{
	vrrp_instance_defaults(ic);
	copy(ic->name, sizeof(ic->name), str(j, "name", ""));
	copy(ic->ifname, sizeof(ic->ifname), str(j, "interface", ""));
	ic->vrid = (uint8_t)num(j, "vrid", 0);
	ic->priority = (uint8_t)num(j, "priority", 100);
	ic->version = (uint8_t)num(j, "version", 2);
	ic->adver_int_cs = (uint16_t)(msec(j, "advert_int", 1000) / 10);
	ic->preempt = flag(j, "preempt", true);
	ic->preempt_delay_ms = msec(j, "preempt_delay", 0);
	ic->accept = flag(j, "accept", true);
	ic->nftables = flag(j, "nftables", false);
	ic->no_pseudo4 = flag(j, "no_pseudo4", false);
	ic->check_unicast_src = flag(j, "check_unicast_src", false);
	ic->unicast_any_ttl = flag(j, "unicast_any_ttl", false);
	ic->use_vmac = flag(j, "use_vmac", false);
	copy(ic->vmac_name, sizeof(ic->vmac_name), str(j, "vmac_name", ""));
	ic->dont_track_primary = flag(j, "dont_track_primary", false);
	ic->smtp_alert = flag(j, "smtp_alert", false);
	ip(r, str(j, "src_ip", NULL), &ic->src_ip);
	auth(r, j, ic);
	peers(r, get(j, "unicast_peers"), ic);
	ic->vips = vips(r, get(j, "vips"), &ic->nvips);
	ic->evips = vips(r, get(j, "evips"), &ic->nevips);
	ic->routes = routes(r, get(j, "routes"), &ic->nroutes);
	ic->rules = rules(r, get(j, "rules"), &ic->nrules);
	ic->track_if = refs(r, get(j, "track_interfaces"), &ic->ntrack_if);
	ic->track_script = refs(r, get(j, "track_scripts"), &ic->ntrack_script);
	ic->track_file = refs(r, get(j, "track_files"), &ic->ntrack_file);
	ic->track_process =
		refs(r, get(j, "track_processes"), &ic->ntrack_process);
	garp(get(j, "garp"), &ic->garp);
	if (get(j, "notify"))
		notify(get(j, "notify"), &ic->notify);
	ic->family = ic->nvips ? ic->vips[0].addr.family : AF_INET;
	if (!strcmp(str(j, "family", ""), "inet6"))
		ic->family = AF_INET6;
}

static void
scripts(struct rd *r, json_object *a, struct vrrp_config *c)
{
	c->scripts = array(r, a, sizeof(*c->scripts), &c->nscripts);
	for (size_t i = 0; c->scripts && i < c->nscripts; i++) {
		json_object *j = json_object_array_get_idx(a, i);
		struct vrrp_script_conf *s = &c->scripts[i];

		copy(s->name, sizeof(s->name), str(j, "name", ""));
		copy(s->cmd, sizeof(s->cmd), str(j, "script", ""));
		s->interval_ms = msec(j, "interval", 1000);
		s->timeout_ms = msec(j, "timeout", 1000);
		s->weight = (int32_t)num(j, "weight", 0);
		s->weight_reverse = flag(j, "reverse", false);
		s->rise = (uint32_t)num(j, "rise", 1);
		s->fall = (uint32_t)num(j, "fall", 1);
		s->init_fail = flag(j, "init_fail", false);
	}
}

static void
files(struct rd *r, json_object *a, struct vrrp_config *c)
{
	c->files = array(r, a, sizeof(*c->files), &c->nfiles);
	for (size_t i = 0; c->files && i < c->nfiles; i++) {
		json_object *j = json_object_array_get_idx(a, i);

		copy(c->files[i].name, sizeof(c->files[i].name),
		     str(j, "name", ""));
		copy(c->files[i].path, sizeof(c->files[i].path),
		     str(j, "path", ""));
		c->files[i].weight = (int32_t)num(j, "weight", 1);
		c->files[i].weight_reverse = flag(j, "reverse", false);
		c->files[i].init_value = (int32_t)num(j, "init_value", 0);
	}
}

static void
procs(struct rd *r, json_object *a, struct vrrp_config *c)
{
	c->procs = array(r, a, sizeof(*c->procs), &c->nprocs);
	for (size_t i = 0; c->procs && i < c->nprocs; i++) {
		json_object *j = json_object_array_get_idx(a, i);
		struct vrrp_process_conf *p = &c->procs[i];

		copy(p->name, sizeof(p->name), str(j, "name", ""));
		copy(p->process, sizeof(p->process), str(j, "process", ""));
		copy(p->param_match, sizeof(p->param_match),
		     str(j, "param_match", ""));
		p->full_command = flag(j, "full_command", false);
		p->quorum = (uint32_t)num(j, "quorum", 1);
		p->quorum_max = (uint32_t)num(j, "quorum_max", 0);
		p->weight = (int32_t)num(j, "weight", 0);
		p->weight_reverse = flag(j, "reverse", false);
		p->delay_ms = msec(j, "delay", 0);
		p->interval_ms = msec(j, "interval", 1000);
	}
}

static void
groups(struct rd *r, json_object *a, struct vrrp_config *c)
{
	c->groups = array(r, a, sizeof(*c->groups), &c->ngroups);
	for (size_t i = 0; c->groups && i < c->ngroups; i++) {
		json_object *j = json_object_array_get_idx(a, i);
		json_object *m = get(j, "members");
		struct vrrp_sync_group_conf *g = &c->groups[i];

		copy(g->name, sizeof(g->name), str(j, "name", ""));
		if (get(j, "notify"))
			notify(get(j, "notify"), &g->notify);
		g->members = array(r, m, sizeof(*g->members), &g->nmembers);
		for (size_t k = 0; g->members && k < g->nmembers; k++)
			copy(g->members[k], sizeof(g->members[k]),
			     json_object_get_string(
				     json_object_array_get_idx(m, k)));
	}
}

static void
global(struct rd *r, json_object *j, struct vrrp_config *c)
{
	if (!j)
		return;
	ip(r, str(j, "mcast4", NULL), &c->global.mcast4);
	ip(r, str(j, "mcast6", NULL), &c->global.mcast6);
	copy(c->global.nft_table, sizeof(c->global.nft_table),
	     str(j, "nft_table", "vigil"));
	c->global.rt_priority = (int32_t)num(j, "rt_priority", 0);
	copy(c->global.state_file, sizeof(c->global.state_file),
	     str(j, "state_file", ""));
	c->global.no_swap = flag(j, "no_swap", false);
}

static void
read_all(struct rd *r, json_object *root, struct vrrp_config *c)
{
	json_object *a = get(root, "instances");

	global(r, get(root, "global"), c);
	c->inst = array(r, a, sizeof(*c->inst), &c->ninst);
	for (size_t i = 0; c->inst && i < c->ninst; i++)
		instance(r, json_object_array_get_idx(a, i), &c->inst[i]);
	scripts(r, get(root, "scripts"), c);
	files(r, get(root, "files"), c);
	procs(r, get(root, "processes"), c);
	groups(r, get(root, "sync_groups"), c);
	c->static_addrs =
		vips(r, get(root, "static_ipaddress"), &c->nstatic_addrs);
	c->static_routes =
		routes(r, get(root, "static_routes"), &c->nstatic_routes);
	c->static_rules =
		rules(r, get(root, "static_rules"), &c->nstatic_rules);
}

struct vrrp_config *
vrrptest_conf_load(const char *path, struct vrrptest_opts *opts, char *err,
		   size_t errlen)
{
	json_object *root = json_object_from_file(path);
	struct vrrp_config *c;
	struct rd r = {.err = err, .errlen = errlen};

	if (!root) {
		snprintf(err, errlen, "%s: %s", path, json_util_get_last_err());
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		json_object_put(root);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vrrp_config_defaults(c);
	copy(opts->status_file, sizeof(opts->status_file),
	     str(root, "status_file", ""));
	copy(opts->command_file, sizeof(opts->command_file),
	     str(root, "command_file", ""));
	read_all(&r, root, c);
	json_object_put(root);
	if (r.failed) {
		vrrp_config_free(c);
		return NULL;
	}
	return c;
}
