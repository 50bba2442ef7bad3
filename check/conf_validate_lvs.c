// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Validation and defaults of virtual_server_group, virtual_server,
 * real_server and checkers. keepalived.conf(5): a virtual server's setting
 * is the default of its real servers, a real server's the default of its
 * checkers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "check/conf_check.h"
#include "check/types.h"

static const char *
vs_str(const struct conf_vs *vs, char *buf, size_t n)
{
	char a[64];

	if (vs->kind == CONF_VS_FWMARK)
		snprintf(buf, n, "fwmark %u", vs->fwmark);
	else if (vs->kind == CONF_VS_GROUP)
		snprintf(buf, n, "group %s", vs->group);
	else if (!vs->port)
		snprintf(buf, n, "%s", conf_addr_str(&vs->addr, a, sizeof(a)));
	else if (vs->addr.ip.family == AF_INET6)
		snprintf(buf, n, "[%s]:%u",
			 conf_addr_str(&vs->addr, a, sizeof(a)), vs->port);
	else
		snprintf(buf, n, "%s:%u",
			 conf_addr_str(&vs->addr, a, sizeof(a)), vs->port);
	return buf;
}

/* ---- virtual_server_group ----------------------------------------- */

static void
vsgs(struct vctx *x)
{
	for (struct conf_vsg *g = x->c->vsgs.head; g; g = g->next) {
		if (!g->entries.n)
			conf_warn(x->d, &g->loc,
				  "virtual_server_group %s is "
				  "empty",
				  g->name);
		for (struct conf_vsg_entry *e = g->entries.head; e;
		     e = e->next) {
			if (e->kind != CONF_VSGE_ADDR)
				continue;
			if (e->last.ip.family != e->addr.ip.family ||
			    conf_addr_cmp(&e->last, &e->addr) < 0)
				conf_err(x->d, &e->loc,
					 "address range ends "
					 "before it starts");
		}
	}
}

static uint16_t
vsg_family(const struct conf_vsg *g)
{
	for (const struct conf_vsg_entry *e = g->entries.head; e; e = e->next)
		if (e->family)
			return e->family;
	return 0;
}

/* ---- checkers ----------------------------------------------------- */

/* The type's defaults (check/types.h) where neither the checker nor its
 * real server says. */
static void
check_timing(struct conf_check *ck, const struct conf_rs *rs,
	     const struct chk_type_info *t)
{
	VDEF(ck->connect_timeout, rs->connect_timeout);
	VDEF(ck->delay_loop, rs->delay_loop);
	VDEF(ck->warmup, rs->warmup);
	VDEF(ck->retry, IS_UNSET(rs->retry) ? t->retry : rs->retry);
	if (IS_UNSET(ck->delay_before_retry)) {
		if (!IS_UNSET(rs->delay_before_retry))
			ck->delay_before_retry = rs->delay_before_retry;
		else if (t->retry_delay == CHK_RETRY_DELAY_LOOP)
			ck->delay_before_retry = ck->delay_loop;
		else
			ck->delay_before_retry = t->retry_delay;
	}
	VDEF(ck->alpha, rs->alpha);
}

static void
check_port(struct vctx *x, struct conf_check *ck, const struct conf_rs *rs,
	   const struct chk_type_info *t)
{
	if (!ck->connect_port)
		ck->connect_port = t->own_port ? t->port : rs->port;
	if (ck->connect_port || !t->needs_port)
		return;
	if (t->port)
		ck->connect_port = t->port;
	else
		conf_err(x->d, &ck->loc,
			 "%s has no port to connect to (the "
			 "real server has none): set connect_port",
			 t->name);
}

/* The HTTP check's regex, compiled as the check compiles it (PCRE2 with
 * its regex_options): an error here, not a check that never passes. */
static void
check_regex(struct vctx *x, const struct conf_url *u)
{
	uint32_t flags = 0;
	char why[160];
	pcre2_code *re;

	conf_regex_flags(u->regex_options, &flags);
	re = conf_regex_compile(u->regex, flags, u->regex_max_offset != 0, why,
				sizeof(why));
	if (re) {
		pcre2_code_free(re);
		return;
	}
	conf_err(x->d, &u->regex_loc, "regex \"%s\": %s", u->regex, why);
}

static void
check_http(struct vctx *x, struct conf_check *ck, const struct conf_rs *rs)
{
	struct conf_check_http *h = &ck->http;
	const char *vhost = h->virtualhost ? h->virtualhost : rs->virtualhost;

	VDEF(h->fast_recovery, 0);
	VDEF(h->max_body, CHK_DEFAULT_MAX_BODY);
	h->virtualhost = vhost;
	if (!h->urls.n)
		conf_err(x->d, &ck->loc, "%s has no url block",
			 chk_type_of_conf(ck->type)->name);
	for (struct conf_url *u = h->urls.head; u; u = u->next) {
		if (!u->path)
			conf_err(x->d, &u->loc, "url has no path");
		if (!u->has_status) {
			for (unsigned c = 200; c <= 299; c++)
				u->status[(c - 100) / 8] |=
					(uint8_t)(1u << ((c - 100) % 8));
		}
		if (!u->virtualhost)
			u->virtualhost = vhost;
		if (u->regex_max_offset &&
		    u->regex_min_offset > u->regex_max_offset)
			conf_err(x->d, &u->loc,
				 "regex_min_offset is above "
				 "regex_max_offset");
		if (u->regex)
			check_regex(x, u);
		if (!u->regex && (u->regex_no_match || u->regex_options))
			conf_warn(x->d, &u->loc,
				  "regex options without a "
				  "regex are ignored");
	}
}

/* A checker of an object that is not defined (or that validation removed,
 * as keepalived removes a track_file without a file): keepalived drops
 * the checker, so does vigil, with a warning. */
static bool
unknown_object(struct vctx *x, const struct conf_check *ck, const char *what,
	       const char *name)
{
	conf_warn(x->d, &ck->loc,
		  "%s '%s' is not defined: the checker is "
		  "ignored",
		  what, name ? name : "(none)");
	return false;
}

/* False if the checker goes. */
static bool
check_types(struct vctx *x, struct conf_check *ck, const void *file_ix,
	    const void *bfd_ix)
{
	const struct conf_track_file *tf;

	switch (ck->type) {
	case CONF_CHECK_DNS:
		if (!ck->dns_type)
			ck->dns_type = CONF_DNS_SOA;
		if (!ck->dns_name)
			ck->dns_name = vstrdup(x, ".");
		break;
	case CONF_CHECK_UDP:
		VDEF(ck->udp->max_reply_length, 255);
		if (ck->udp->min_reply_length > ck->udp->max_reply_length)
			conf_err(x->d, &ck->loc,
				 "min_reply_length %u is above "
				 "max_reply_length %u",
				 ck->udp->min_reply_length,
				 ck->udp->max_reply_length);
		break;
	case CONF_CHECK_MISC:
		if (!ck->misc.path.cmd)
			conf_err(x->d, &ck->loc, "MISC_CHECK has no misc_path");
		VDEF(ck->misc.timeout, ck->delay_loop);
		break;
	case CONF_CHECK_FILE:
		tf = ck->file.track_file
			     ? vindex_find(file_ix, ck->file.track_file)
			     : NULL;
		if (!tf)
			return unknown_object(x, ck, "FILE_CHECK: track_file",
					      ck->file.track_file);
		VDEF(ck->file.weight, tf->weight);
		break;
	case CONF_CHECK_BFD:
		if (!ck->bfd_name || !vindex_find(bfd_ix, ck->bfd_name))
			return unknown_object(x, ck, "BFD_CHECK: bfd_instance",
					      ck->bfd_name);
		break;
	}
	return true;
}

/* AGENT_CHECK's percentages scale the real server's weight, an integer:
 * keepalived's default weight 1 can only be 1 or 0 (drain). */
static void
check_agent(struct vctx *x, const struct conf_check *ck,
	    const struct conf_rs *rs)
{
	if (rs->weight < 10)
		conf_warn(x->d, &ck->loc,
			  "AGENT_CHECK scales the real server's weight %d, "
			  "too small to follow the agent's percentages "
			  "(weight 100 gives steps of 1%%)",
			  rs->weight);
}

struct lvs_ix {
	struct vindex files, bfds, vsgs;
};

static void
checkers(struct vctx *x, struct conf_rs *rs, const struct lvs_ix *ix)
{
	for (struct conf_check *ck = rs->checkers.head, *n; ck; ck = n) {
		const struct chk_type_info *t = chk_type_of_conf(ck->type);

		n = ck->next;
		check_timing(ck, rs, t);
		VDEF(ck->log_all_failures,
		     x->c->global.checker_log_all_failures);
		check_port(x, ck, rs, t);
		if (ck->connect_ip.ip.family && ck->bindto.ip.family &&
		    ck->connect_ip.ip.family != ck->bindto.ip.family)
			conf_err(x->d, &ck->loc,
				 "connect_ip and bindto differ "
				 "in family");
		viface(x, &ck->loc, ck->bind_if, "bind_if");
		if (ck->type == CONF_CHECK_HTTP || ck->type == CONF_CHECK_SSL)
			check_http(x, ck, rs);
		if (!check_types(x, ck, &ix->files, &ix->bfds)) {
			conf_list_remove(&rs->checkers, ck);
			continue;
		}
		if (ck->type == CONF_CHECK_AGENT)
			check_agent(x, ck, rs);
	}
}

/* ---- real servers ------------------------------------------------- */

static void
rs_defaults(struct conf_rs *rs, const struct conf_vs *vs,
	    const struct conf_global *g)
{
	VDEF(rs->weight, 1);
	if (rs->fwd.method == CONF_FWD_UNSET)
		rs->fwd = vs->fwd;
	if (!rs->port)
		rs->port = vs->port;
	VDEF(rs->smtp_alert, g->smtp_alert_checker);
	VDEF(rs->alpha, vs->alpha ? 1 : 0);
	VDEF(rs->inhibit_on_failure, vs->inhibit_on_failure ? 1 : 0);
	VDEF(rs->connect_timeout, vs->connect_timeout);
	VDEF(rs->delay_loop, vs->delay_loop);
	VDEF(rs->warmup, IS_UNSET(vs->warmup) ? rs->delay_loop : vs->warmup);
	if (IS_UNSET(rs->retry))
		rs->retry = vs->retry;
	if (IS_UNSET(rs->delay_before_retry))
		rs->delay_before_retry = vs->delay_before_retry;
	if (!rs->virtualhost)
		rs->virtualhost = vs->virtualhost;
}

/* keepalived: "Address family of virtual server and real server don't
 * match - skipping real server": so does vigil; false if it goes. */
static bool
rs_family(struct vctx *x, const struct conf_rs *rs, const struct conf_vs *vs)
{
	char b[64];

	if (!vs->family || rs->addr.ip.family == vs->family ||
	    rs->fwd.method == CONF_FWD_TUN)
		return true;
	conf_warn(x->d, &rs->loc,
		  "real_server %s is %s but the virtual server is %s (only "
		  "tunnelled real servers may differ): ignored",
		  conf_addr_str(&rs->addr, b, sizeof(b)),
		  family_name(rs->addr.ip.family), family_name(vs->family));
	return false;
}

static void
rs_checks(struct vctx *x, struct conf_rs *rs, const struct conf_vs *vs)
{
	if (rs->uthreshold && rs->lthreshold > rs->uthreshold)
		conf_err(x->d, &rs->loc, "lthreshold %u is above uthreshold %u",
			 rs->lthreshold, rs->uthreshold);
}

static int
rs_cmp(const void *a, const void *b)
{
	const struct conf_rs *x = a, *y = b;
	int r = conf_addr_cmp(&x->addr, &y->addr);

	return r ? r : (x->port > y->port) - (x->port < y->port);
}

static void
rs_dup(struct vctx *x, const void *later, const void *earlier)
{
	const struct conf_rs *l = later, *e = earlier;
	char b[64];

	conf_err(x->d, &l->loc,
		 "real_server %s port %u is already in this "
		 "virtual server (%s:%d)",
		 conf_addr_str(&l->addr, b, sizeof(b)), l->port, e->loc.file,
		 e->loc.line);
}

static void
real_servers(struct vctx *x, struct conf_vs *vs, const struct lvs_ix *ix)
{
	const void **v = calloc(vs->rs.n + 1, sizeof(*v));
	size_t n = 0;

	for (struct conf_rs *rs = vs->rs.head, *next; rs; rs = next) {
		next = rs->next;
		rs_defaults(rs, vs, &x->c->global);
		if (!rs_family(x, rs, vs)) {
			conf_list_remove(&vs->rs, rs);
			continue;
		}
		rs_checks(x, rs, vs);
		checkers(x, rs, ix);
		if (v)
			v[n++] = rs;
	}
	if (v)
		vdups(x, v, n, rs_cmp, rs_dup);
	free(v);
}

/* ---- virtual servers ---------------------------------------------- */

static void
vs_family(struct vctx *x, struct conf_vs *vs, const struct lvs_ix *ix)
{
	const struct conf_vsg *g;
	uint16_t given = vs->family;

	if (vs->kind == CONF_VS_ADDR) {
		vs->family = vs->addr.ip.family;
	} else if (vs->kind == CONF_VS_GROUP) {
		g = vindex_find(&ix->vsgs, vs->group);
		if (!g)
			conf_err(x->d, &vs->loc,
				 "virtual_server group '%s': no "
				 "virtual_server_group of that name",
				 vs->group);
		else if (!given)
			vs->family = vsg_family(g);
	} else if (!given && vs->rs.head) {
		/* a fwmark service takes its real servers' family */
		vs->family = ((struct conf_rs *)vs->rs.head)->addr.ip.family;
	}
	if (!vs->family)
		vs->family = AF_INET;
	if (given && vs->kind == CONF_VS_ADDR && given != vs->family)
		conf_err(x->d, &vs->loc, "ip_family contradicts the address");
}

/* A bare prefix length takes the virtual server's family. */
static void
granularity(struct vctx *x, struct conf_vs *vs)
{
	struct conf_addr *g = &vs->persistence_granularity;

	if (!g->has_prefix)
		return;
	if (!g->ip.family) {
		g->ip.family = vs->family;
		if (g->ip.family == AF_INET && g->prefix > 32)
			conf_err(x->d, &vs->loc,
				 "persistence_granularity %u is above 32, the "
				 "longest IPv4 prefix",
				 g->prefix);
	} else if (g->ip.family != vs->family) {
		conf_err(x->d, &vs->loc,
			 "persistence_granularity is not of the virtual "
			 "server's family");
	}
}

/* A service by address: an address, or a group with address entries
 * (keepalived asks a protocol of those only). */
static bool
by_address(const struct conf_vs *vs, const struct lvs_ix *ix)
{
	const struct conf_vsg *g;

	if (vs->kind != CONF_VS_GROUP)
		return vs->kind == CONF_VS_ADDR;
	g = vindex_find(&ix->vsgs, vs->group);
	for (const struct conf_vsg_entry *e = g ? g->entries.head : NULL; e;
	     e = e->next)
		if (e->kind == CONF_VSGE_ADDR)
			return true;
	return false;
}

static void
vs_options(struct vctx *x, struct conf_vs *vs, const struct lvs_ix *ix)
{
	char b[80];

	if (vs->kind == CONF_VS_ADDR && !vs->port && !vs->persistence_timeout) {
		/* keepalived makes it persistent with ipvsadm's default */
		conf_warn(x->d, &vs->loc,
			  "virtual_server %s has no port; only a persistent "
			  "service may leave it out: persistence_timeout 360 "
			  "set",
			  vs_str(vs, b, sizeof(b)));
		vs->persistence_timeout = 360;
	}
	if (vs->kind == CONF_VS_FWMARK && vs->protocol_set)
		conf_warn(x->d, &vs->loc,
			  "virtual_server fwmark %u: protocol "
			  "is ignored for a fwmark service",
			  vs->fwmark);
	/* keepalived 2.2.7: "no protocol set - defaulting to UDP" (the
	 * kernel's protocol 0), for a service by address; the same meaning
	 * here, said at its line */
	if (!vs->protocol_set && by_address(vs, ix)) {
		conf_warn(x->d, &vs->loc,
			  "virtual_server %s: no protocol: UDP, as keepalived "
			  "makes it (write 'protocol TCP' for a TCP service)",
			  vs_str(vs, b, sizeof(b)));
		vs->protocol = CONF_PROTO_UDP;
	} else if (vs->ops && vs->protocol != CONF_PROTO_UDP &&
		   vs->kind != CONF_VS_FWMARK) {
		conf_err(x->d, &vs->loc,
			 "virtual_server %s: ops (one-packet "
			 "scheduling) is for UDP services only",
			 vs_str(vs, b, sizeof(b)));
	}
	if (!vs->sched)
		vs->sched = vstrdup(x, "wlc");
	if (vs->sched_flags && strcmp(vs->sched, "sh") &&
	    strcmp(vs->sched, "mh"))
		conf_warn(x->d, &vs->loc,
			  "scheduler flags mean nothing to "
			  "the %s scheduler",
			  vs->sched);
	if (vs->pe && strcmp(vs->pe, "sip"))
		conf_err(x->d, &vs->loc,
			 "persistence_engine '%s': the kernel "
			 "has only 'sip'",
			 vs->pe);
	granularity(x, vs);
	if (vs->persistence_granularity.ip.family && !vs->persistence_timeout)
		conf_warn(x->d, &vs->loc,
			  "persistence_granularity without "
			  "persistence_timeout has no effect");
}

/* keepalived warns too: a quorum above every real server's weight is
 * never reached, so the service never counts as up. */
static void
quorum_reachable(struct vctx *x, const struct conf_vs *vs)
{
	int64_t total = 0;

	for (const struct conf_rs *rs = vs->rs.head; rs; rs = rs->next)
		total += rs->weight;
	if (vs->rs.n && total < vs->quorum)
		conf_warn(x->d, &vs->loc,
			  "quorum %d is above the real servers' total weight "
			  "%lld: it is never reached",
			  vs->quorum, (long long)total);
}

static void
vs_defaults(struct vctx *x, struct conf_vs *vs)
{
	char b[64];

	if (vs->fwd.method == CONF_FWD_UNSET)
		vs->fwd.method = CONF_FWD_NAT;
	VDEF(vs->quorum, 1);
	VDEF(vs->hysteresis, 0);
	if (vs->hysteresis >= vs->quorum && vs->hysteresis)
		conf_warn(x->d, &vs->loc,
			  "hysteresis %d is not below quorum "
			  "%d: the quorum is never lost",
			  vs->hysteresis, vs->quorum);
	VDEF(vs->delay_loop, CHK_DEFAULT_DELAY_LOOP);
	VDEF(vs->connect_timeout, CHK_DEFAULT_CONNECT_TIMEOUT);
	VDEF(vs->smtp_alert, x->c->global.smtp_alert_checker);
	if (vs->sorry_addr.ip.family) {
		if (vs->sorry_fwd.method == CONF_FWD_UNSET)
			vs->sorry_fwd = vs->fwd;
		if (!vs->sorry_port)
			vs->sorry_port = vs->port;
		/* keepalived: "Address family of virtual server and sorry
		 * server don't match - skipping sorry server" */
		if (vs->sorry_addr.ip.family != vs->family &&
		    vs->sorry_fwd.method != CONF_FWD_TUN) {
			conf_warn(x->d, &vs->loc,
				  "sorry_server %s is not of the virtual "
				  "server's family: ignored",
				  conf_addr_str(&vs->sorry_addr, b, sizeof(b)));
			memset(&vs->sorry_addr, 0, sizeof(vs->sorry_addr));
			vs->sorry_port = 0;
		}
	}
}

static int
vs_cmp(const void *a, const void *b)
{
	const struct conf_vs *x = a, *y = b;
	int r;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->kind == CONF_VS_FWMARK)
		return (x->fwmark > y->fwmark) - (x->fwmark < y->fwmark);
	if (x->protocol != y->protocol)
		return x->protocol < y->protocol ? -1 : 1;
	if (x->kind == CONF_VS_GROUP)
		return strcmp(x->group ? x->group : "",
			      y->group ? y->group : "");
	r = conf_addr_cmp(&x->addr, &y->addr);
	return r ? r : (x->port > y->port) - (x->port < y->port);
}

static void
vs_dup(struct vctx *x, const void *later, const void *earlier)
{
	const struct conf_vs *l = later, *e = earlier;
	char b[80];

	conf_err(x->d, &l->loc,
		 "virtual_server %s is defined twice (first at "
		 "%s:%d)",
		 vs_str(l, b, sizeof(b)), e->loc.file, e->loc.line);
}

void
conf_validate_lvs(struct vctx *x)
{
	struct conf *c = x->c;
	struct lvs_ix ix = {0};
	const void **v = calloc(c->vss.n + 1, sizeof(*v));
	size_t n = 0;

	/* duplicate names were reported with the VRRP objects */
	if (!v || vindex_build(x, &ix.files, &c->track_files, NULL) < 0 ||
	    vindex_build(x, &ix.bfds, &c->bfds, NULL) < 0 ||
	    vindex_build(x, &ix.vsgs, &c->vsgs, "virtual_server_group") < 0)
		conf_diag_add(x->d, CONF_ERROR, NULL, 0, "out of memory");
	vsgs(x);
	for (struct conf_vs *vs = c->vss.head; vs; vs = vs->next) {
		vs_family(x, vs, &ix);
		vs_options(x, vs, &ix);
		vs_defaults(x, vs);
		real_servers(x, vs, &ix);
		quorum_reachable(x, vs);
		if (v)
			v[n++] = vs;
	}
	if (v)
		vdups(x, v, n, vs_cmp, vs_dup);
	free(v);
	vindex_free(&ix.files);
	vindex_free(&ix.bfds);
	vindex_free(&ix.vsgs);
}
