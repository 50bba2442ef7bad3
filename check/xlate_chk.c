// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checker engine's config from the config model. conf_validate() has
 * already resolved inheritance and keepalived's defaults, so each checker
 * gets concrete knobs; the virtual and real server levels are copied too
 * (the engine resolves whatever is still unset the same way).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/conf_regex.h"
#include "check/xlate.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"

static const char *
proto_name(uint8_t p)
{
	return p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp" : "tcp";
}

char *
chk_vs_name(const struct conf_vs *vs, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	switch (vs->kind) {
	case CONF_VS_FWMARK:
		snprintf(buf, len, "fwmark %u%s", vs->fwmark,
			 vs->family == AF_INET6 ? " inet6" : "");
		break;
	case CONF_VS_GROUP:
		snprintf(buf, len, "group %s %s", vs->group,
			 proto_name(vs->protocol));
		break;
	default:
		ipaddr_str(&vs->addr.ip, a, sizeof(a));
		snprintf(buf, len,
			 vs->addr.ip.family == AF_INET6 ? "%s [%s]:%u"
							: "%s %s:%u",
			 proto_name(vs->protocol), a, vs->port);
	}
	return buf;
}

static void
conf_to_chk_addr(struct chk_addr *dst, const struct conf_addr *a, uint16_t port)
{
	chk_addr_from_ip(dst, &a->ip, port);
}

static int32_t
retry_of(uint32_t r)
{
	return r == CONF_UNSET_U32 ? -1
	       : r > INT32_MAX	   ? INT32_MAX
				   : (int32_t)r;
}

/* CONF_UNSET_TIME and CHK_UNSET are both UINT64_MAX: times copy as is. */
static void
knobs(struct chk_knobs *k, uint64_t delay_loop, uint64_t connect_timeout,
      uint64_t delay_before_retry, uint64_t warmup, uint32_t retry,
      int8_t alpha)
{
	chk_knobs_unset(k);
	k->delay_loop = delay_loop;
	k->connect_timeout = connect_timeout;
	k->delay_before_retry = delay_before_retry;
	k->warmup = warmup;
	k->retry = retry_of(retry);
	k->alpha = alpha;
}

static void
target(struct chk_target *t, const struct conf_check *ck)
{
	memset(t, 0, sizeof(*t));
	conf_to_chk_addr(&t->connect_ip, &ck->connect_ip, ck->connect_port);
	t->connect_port = ck->connect_port;
	conf_to_chk_addr(&t->bindto, &ck->bindto, ck->bind_port);
	t->bind_port = ck->bind_port;
	if (ck->bind_if)
		snprintf(t->bind_if, sizeof(t->bind_if), "%s", ck->bind_if);
	t->fwmark = ck->fwmark;
}

/* The status bitmap (bit code - 100 for 100..599) as ranges. */
static int
url_status(struct chk_url *u, const struct conf_url *cu)
{
	int lo = -1;

	for (int code = 100; code <= 600; code++) {
		bool on = code < 600 &&
			  (cu->status[(code - 100) / 8] >> ((code - 100) % 8)) &
				  1;

		if (on && lo < 0)
			lo = code;
		if (!on && lo >= 0) {
			if (chk_url_add_status(u, (uint16_t)lo,
					       (uint16_t)(code - 1)) < 0)
				return -1;
			lo = -1;
		}
	}
	return 0;
}

static int
url(struct chk_http *h, const struct conf_url *cu)
{
	struct chk_url *u = chk_http_add_url(h, cu->path ? cu->path : "/");

	if (!u || url_status(u, cu) < 0 ||
	    chk_strset(&u->virtualhost, cu->virtualhost) < 0 ||
	    chk_strset(&u->regex, cu->regex) < 0)
		return -1;
	u->has_digest = cu->has_digest;
	memcpy(u->digest, cu->digest, sizeof(u->digest));
	u->regex_no_match = cu->regex_no_match;
	if (conf_regex_flags(cu->regex_options, &u->regex_flags) < 0)
		return -1;
	u->regex_stack_start = cu->regex_stack_start;
	u->regex_stack_max = cu->regex_stack_max;
	u->regex_min_offset = cu->regex_min_offset;
	u->regex_max_offset = cu->regex_max_offset;
	return 0;
}

static int
http(struct chk_http *h, const struct conf_check_http *ch)
{
	for (const struct conf_url *cu = ch->urls.head; cu; cu = cu->next)
		if (url(h, cu) < 0)
			return -1;
	h->proto = ch->http_protocol == CONF_HTTP_11	? CHK_HTTP_11
		   : ch->http_protocol == CONF_HTTP_10C ? CHK_HTTP_10C
							: CHK_HTTP_10;
	h->enable_sni = ch->enable_sni;
	h->verify = ch->ssl_verify;
	h->max_body = ch->max_body;
	return chk_strset(&h->virtualhost, ch->virtualhost);
}

static int
bytes(uint8_t **dst, const uint8_t *src, size_t n)
{
	if (!n)
		return 0;
	if (!(*dst = malloc(n)))
		return -1;
	memcpy(*dst, src, n);
	return 0;
}

static int
udp(struct chk_udp *u, const struct conf_check_udp *cu)
{
	if (!cu)
		return 0;
	u->payload_len = cu->payload_len;
	u->require_reply = cu->require_reply;
	u->reply_len = cu->reply_len;
	u->min_reply_length = cu->min_reply_length;
	u->max_reply_length = cu->max_reply_length;
	if (bytes(&u->payload, cu->payload, cu->payload_len) < 0 ||
	    bytes(&u->reply, cu->reply, cu->reply_len) < 0 ||
	    bytes(&u->reply_mask, cu->reply_mask, cu->reply_len) < 0)
		return -1;
	return 0;
}

static int
misc(struct chk_misc *m, const struct conf_check_misc *cm)
{
	char user[160];

	m->timeout = cm->timeout;
	m->dynamic = cm->dynamic;
	if (chk_strset(&m->path, cm->path.cmd) < 0)
		return -1;
	if (!cm->path.user)
		return 0;
	snprintf(user, sizeof(user), "%s%s%s", cm->path.user,
		 cm->path.group ? " " : "",
		 cm->path.group ? cm->path.group : "");
	return chk_strset(&m->user, user);
}

static const struct conf_track_file *
find_track_file(const struct conf *c, const char *name)
{
	for (const struct conf_track_file *t = c->track_files.head; t;
	     t = t->next)
		if (name && t->name && !strcmp(t->name, name))
			return t;
	return NULL;
}

static int
file(struct chk_file *f, const struct conf *c, const struct conf_check *ck)
{
	const struct conf_track_file *tf =
		find_track_file(c, ck->file.track_file);

	if (!tf)
		return errno = ENOENT, -1;
	f->dynamic = ck->file.dynamic;
	if (ck->file.weight != CONF_UNSET_I32) {
		f->weight = ck->file.weight;
		f->reverse = ck->file.weight_reverse;
	} else {
		f->weight = tf->weight;
		f->reverse = tf->weight_reverse;
	}
	if (chk_strset(&f->name, tf->name) < 0 ||
	    chk_strset(&f->path, tf->file) < 0)
		return -1;
	return 0;
}

/* agent_send is one line: the probe sends it as it is, with its newline. */
static int
agent(struct chk_agent *ag, const struct conf_check *ck)
{
	size_t n;

	if (!ck->agent_send)
		return 0;
	n = strlen(ck->agent_send);
	if (!(ag->send = malloc(n + 2)))
		return -1;
	memcpy(ag->send, ck->agent_send, n);
	memcpy(ag->send + n, "\n", 2);
	return 0;
}

/* The engine's type for a model checker type; -1: not run by the engine
 * (BFD_CHECK). */
static int
chk_type_of(uint8_t t)
{
	const struct chk_type_info *i = chk_type_of_conf(t);

	return i ? i->chk_type : -1;
}

static int
type_specific(struct chk_probe_conf *pc, const struct conf *c,
	      const struct conf_check *ck)
{
	switch (pc->type) {
	case CHK_HTTP:
	case CHK_SSL:
		return http(&pc->u.http, &ck->http);
	case CHK_UDP:
		return udp(&pc->u.udp, ck->udp);
	case CHK_SMTP:
		return chk_strset(&pc->u.smtp.helo_name, ck->smtp_helo_name);
	case CHK_DNS:
		if (ck->dns_type)
			pc->u.dns.type = ck->dns_type;
		return chk_strset(&pc->u.dns.name, ck->dns_name);
	case CHK_MISC:
		return misc(&pc->u.misc, &ck->misc);
	case CHK_FILE:
		return file(&pc->u.file, c, ck);
	case CHK_AGENT:
		return agent(&pc->u.agent, ck);
	default:
		return 0;
	}
}

static int
check(struct chk_rs_conf *rs, const struct conf *c, const struct conf_check *ck)
{
	int t = chk_type_of(ck->type);
	struct chk_probe_conf *pc;

	if (t < 0)
		return 0;
	if (!(pc = chk_rs_add_check(rs, (enum chk_type)t)))
		return -1;
	knobs(&pc->knobs, ck->delay_loop, ck->connect_timeout,
	      ck->delay_before_retry, ck->warmup, ck->retry, ck->alpha);
	pc->knobs.log_all_failures = ck->log_all_failures;
	target(&pc->target, ck);
	return type_specific(pc, c, ck);
}

static int
real_server(struct chk_vs_conf *vs, const struct conf *c,
	    const struct conf_rs *crs)
{
	struct chk_addr a;
	struct chk_rs_conf *rs;

	conf_to_chk_addr(&a, &crs->addr, crs->port);
	if (!(rs = chk_vs_add_rs(vs, &a)))
		return -1;
	rs->weight = crs->weight;
	rs->inhibit_on_failure = crs->inhibit_on_failure;
	knobs(&rs->knobs, crs->delay_loop, crs->connect_timeout,
	      crs->delay_before_retry, crs->warmup, crs->retry, crs->alpha);
	if (chk_strset(&rs->virtualhost, crs->virtualhost) < 0)
		return -1;
	for (const struct conf_check *ck = crs->checkers.head; ck;
	     ck = ck->next)
		if (check(rs, c, ck) < 0)
			return -1;
	return 0;
}

static int
virtual_server(struct chk_conf *cc, const struct conf *c,
	       const struct conf_vs *cvs)
{
	char name[CHK_VS_NAMELEN];
	struct chk_vs_conf *vs =
		chk_conf_add_vs(cc, chk_vs_name(cvs, name, sizeof(name)));

	if (!vs)
		return -1;
	knobs(&vs->knobs, cvs->delay_loop, cvs->connect_timeout,
	      cvs->delay_before_retry, cvs->warmup, cvs->retry,
	      cvs->alpha ? 1 : 0);
	vs->inhibit_on_failure = cvs->inhibit_on_failure;
	vs->quorum = cvs->quorum;
	vs->hysteresis = cvs->hysteresis;
	vs->ha_suspend = cvs->ha_suspend;
	vs->has_sorry = cvs->sorry_addr.ip.family != 0;
	conf_to_chk_addr(&vs->sorry, &cvs->sorry_addr, cvs->sorry_port);
	vs->sorry_inhibit = cvs->sorry_inhibit;
	if (chk_strset(&vs->virtualhost, cvs->virtualhost) < 0)
		return -1;
	for (const struct conf_rs *rs = cvs->rs.head; rs; rs = rs->next)
		if (real_server(&cc->vs[cc->nvs - 1], c, rs) < 0)
			return -1;
	return 0;
}

static int
ssl(struct chk_ssl_conf *s, const struct conf_ssl *cs)
{
	if (!cs->set)
		return 0;
	if (chk_strset(&s->ca, cs->ca) < 0 ||
	    chk_strset(&s->certificate, cs->certificate) < 0 ||
	    chk_strset(&s->key, cs->key) < 0 ||
	    chk_strset(&s->password, cs->password) < 0)
		return -1;
	return 0;
}

struct chk_conf *
chk_conf_from_model(const struct conf *c, char *err, size_t errlen)
{
	struct chk_conf *cc = chk_conf_new();
	char name[CHK_VS_NAMELEN];

	if (!cc || ssl(&cc->ssl, &c->ssl) < 0)
		goto fail;
	for (const struct conf_vs *vs = c->vss.head; vs; vs = vs->next) {
		if (virtual_server(cc, c, vs) == 0)
			continue;
		snprintf(err, errlen, "virtual_server %s: %s",
			 chk_vs_name(vs, name, sizeof(name)),
			 errno == ENOENT ? "FILE_CHECK names no track_file"
					 : strerror(errno));
		chk_conf_free(cc);
		return NULL;
	}
	if (chk_conf_validate(cc, err, errlen) < 0) {
		chk_conf_free(cc);
		return NULL;
	}
	return cc;
fail:
	snprintf(err, errlen, "checker config: %s", strerror(ENOMEM));
	chk_conf_free(cc);
	return NULL;
}
