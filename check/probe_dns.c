// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DNS_CHECK: one query (type, name; SOA for "." by default) over UDP; the
 * check passes on a well-formed reply to that question with RCODE NOERROR.
 * Replies with another id are ignored (a late answer to an earlier run).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/dns.h"
#include "check/net.h"
#include "check/probe.h"

struct dns_probe {
	struct probe *p;
	struct chk_dgram d;
	uint16_t id;
	uint64_t ignored; /* replies with another id */
};

static const char *
qname(const struct chk_probe_conf *c)
{
	return c->u.dns.name ? c->u.dns.name : ".";
}

static void
dns_done(struct dns_probe *d, const struct chk_result *r)
{
	chk_dgram_close(&d->d);
	d->p->report(d->p, r);
}

static void
dns_readable(struct ev_loop *loop, struct ev_io *io, unsigned revents,
	     void *arg)
{
	struct dns_probe *d = arg;
	const struct chk_probe_conf *c = d->p->conf;
	struct chk_result r = {0};
	uint8_t buf[4096];
	struct dns_info info;
	const char *err = NULL;
	ssize_t n;

	(void)loop;
	(void)io;
	(void)revents;
	n = chk_dgram_recv(&d->d, buf, sizeof(buf), 0, &r);
	if (n < 0) {
		if (errno != EAGAIN)
			dns_done(d, &r);
		return;
	}
	if (dns_parse_reply(buf, (size_t)n, d->id, qname(c), c->u.dns.type,
			    &info, &err) < 0) {
		if (!strcmp(err, "wrong id")) {
			d->ignored++;
			return;
		}
		chk_result_set(&r, CHK_R_BAD_REPLY, 0);
		snprintf(r.detail, sizeof(r.detail), "%s", err);
	} else if (info.rcode) {
		chk_result_set(&r, CHK_R_DNS_RCODE, info.rcode);
	}
	dns_done(d, &r);
}

static int
dns_init(struct probe *p, char *err, size_t errlen)
{
	struct dns_probe *d = p->priv;

	(void)err;
	(void)errlen;
	d->p = p;
	chk_dgram_init(&d->d, p->env->loop, dns_readable, d);
	return 0;
}

static void
dns_start(struct probe *p)
{
	struct dns_probe *d = p->priv;
	struct chk_result r = {0};
	uint8_t q[DNS_QUERY_MAX];
	ssize_t len;

	d->id = (uint16_t)probe_rand(p->env);
	len = dns_build_query(q, sizeof(q), d->id, qname(p->conf),
			      p->conf->u.dns.type);
	if (chk_dgram_send(&d->d, &p->conf->target, q, (size_t)len, &r) < 0)
		p->report(p, &r);
}

static void
dns_cancel(struct probe *p, struct chk_result *why)
{
	struct dns_probe *d = p->priv;

	if (why)
		chk_result_set(why, CHK_R_NO_REPLY, 0);
	chk_dgram_close(&d->d);
}

static void
dns_fini(struct probe *p)
{
	dns_cancel(p, NULL);
}

static int
dns_conf_copy(struct chk_probe_conf *d, const struct chk_probe_conf *s)
{
	d->u.dns.type = s->u.dns.type;
	d->u.dns.name = NULL;
	return chk_strset(&d->u.dns.name, s->u.dns.name);
}

static void
dns_conf_free(struct chk_probe_conf *c)
{
	free(c->u.dns.name);
	c->u.dns.name = NULL;
}

static bool
dns_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	return a->u.dns.type == b->u.dns.type && !strcmp(qname(a), qname(b));
}

static int
dns_validate(const struct chk_probe_conf *c, char *err, size_t errlen)
{
	uint8_t q[DNS_QUERY_MAX];

	if (!c->u.dns.type) {
		snprintf(err, errlen, "DNS_CHECK: unknown type");
		return -1;
	}
	if (dns_build_query(q, sizeof(q), 0, qname(c), c->u.dns.type) < 0) {
		snprintf(err, errlen, "DNS_CHECK: bad name '%s'", qname(c));
		return -1;
	}
	return 0;
}

const struct probe_ops probe_dns_ops = {
	.type = CHK_DNS,
	.name = "DNS_CHECK",
	.priv_size = sizeof(struct dns_probe),
	.validate = dns_validate,
	.init = dns_init,
	.fini = dns_fini,
	.start = dns_start,
	.cancel = dns_cancel,
	.conf_copy = dns_conf_copy,
	.conf_free = dns_conf_free,
	.conf_equal = dns_conf_equal,
};
