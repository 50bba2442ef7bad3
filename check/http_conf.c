// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP_GET/SSL_GET config helpers and the request they send. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "check/http_conf.h"
#include "check/conf_regex.h"

static void
url_free(struct chk_url *u)
{
	free(u->path);
	free(u->status);
	free(u->virtualhost);
	free(u->regex);
}

static int
url_copy(struct chk_url *d, const struct chk_url *s)
{
	*d = *s;
	d->path = d->virtualhost = d->regex = NULL;
	d->status = NULL;
	if (chk_strset(&d->path, s->path) < 0 ||
	    chk_strset(&d->virtualhost, s->virtualhost) < 0 ||
	    chk_strset(&d->regex, s->regex) < 0)
		return -1;
	if (s->nstatus) {
		d->status = malloc(s->nstatus * sizeof(*d->status));
		if (!d->status)
			return -1;
		memcpy(d->status, s->status, s->nstatus * sizeof(*d->status));
	}
	return 0;
}

int
http_conf_copy(struct chk_probe_conf *dst, const struct chk_probe_conf *src)
{
	const struct chk_http *s = &src->u.http;
	struct chk_http *d = &dst->u.http;

	*d = *s;
	d->urls = NULL;
	d->nurls = 0;
	d->virtualhost = NULL;
	if (chk_strset(&d->virtualhost, s->virtualhost) < 0)
		return -1;
	if (!s->nurls)
		return 0;
	d->urls = calloc(s->nurls, sizeof(*d->urls));
	if (!d->urls)
		return -1;
	for (size_t i = 0; i < s->nurls; i++) {
		d->nurls++;
		if (url_copy(&d->urls[i], &s->urls[i]) < 0)
			return -1;
	}
	return 0;
}

void
http_conf_free(struct chk_probe_conf *c)
{
	struct chk_http *h = &c->u.http;

	for (size_t i = 0; i < h->nurls; i++)
		url_free(&h->urls[i]);
	free(h->urls);
	free(h->virtualhost);
	h->urls = NULL;
	h->nurls = 0;
	h->virtualhost = NULL;
}

static bool
url_equal(const struct chk_url *a, const struct chk_url *b)
{
	return chk_str_eq(a->path, b->path) && a->has_digest == b->has_digest &&
	       !memcmp(a->digest, b->digest, sizeof(a->digest)) &&
	       a->nstatus == b->nstatus &&
	       (!a->nstatus || !memcmp(a->status, b->status,
				       a->nstatus * sizeof(*a->status))) &&
	       chk_str_eq(a->virtualhost, b->virtualhost) &&
	       chk_str_eq(a->regex, b->regex) &&
	       a->regex_no_match == b->regex_no_match &&
	       a->regex_flags == b->regex_flags &&
	       a->regex_stack_start == b->regex_stack_start &&
	       a->regex_stack_max == b->regex_stack_max &&
	       a->regex_min_offset == b->regex_min_offset &&
	       a->regex_max_offset == b->regex_max_offset;
}

bool
http_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	const struct chk_http *x = &a->u.http, *y = &b->u.http;

	if (x->nurls != y->nurls || x->proto != y->proto ||
	    x->enable_sni != y->enable_sni || x->verify != y->verify ||
	    x->max_body != y->max_body ||
	    !chk_str_eq(x->virtualhost, y->virtualhost))
		return false;
	for (size_t i = 0; i < x->nurls; i++)
		if (!url_equal(&x->urls[i], &y->urls[i]))
			return false;
	return true;
}

uint64_t
http_conf_hash(const struct chk_probe_conf *c, uint64_t h)
{
	for (size_t i = 0; i < c->u.http.nurls; i++)
		h = chk_hash_str(h, c->u.http.urls[i].path);
	return h;
}

/* Text that goes into the request line or a header: no CR, LF or NUL
 * (request splitting), no space in the path. */
static bool
safe(const char *s, bool space_ok)
{
	for (; s && *s; s++)
		if (*s == '\r' || *s == '\n' || (!space_ok && *s == ' '))
			return false;
	return true;
}

int
http_conf_validate(const struct chk_probe_conf *c, char *err, size_t errlen)
{
	const struct chk_http *h = &c->u.http;

	for (size_t i = 0; i < h->nurls; i++) {
		const struct chk_url *u = &h->urls[i];
		pcre2_code *re;
		char why[160];

		if (!u->path || !*u->path || !safe(u->path, false) ||
		    !safe(u->virtualhost, false)) {
			snprintf(err, errlen,
				 "url %zu: bad path or virtualhost", i + 1);
			return -1;
		}
		if (!u->regex)
			continue;
		re = conf_regex_compile(u->regex, u->regex_flags,
					u->regex_max_offset != 0, why,
					sizeof(why));
		if (!re) {
			snprintf(err, errlen, "url %s: regex: %s", u->path,
				 why);
			return -1;
		}
		pcre2_code_free(re);
	}
	return 0;
}

/* "Host:" value: the virtualhost, else the address, with the port unless
 * it is the scheme's default. */
static void
host_header(const struct chk_probe_conf *c, const struct chk_url *u, char *buf,
	    size_t len)
{
	char ip[CHK_ADDR_STRLEN];
	uint16_t port = chk_addr_port(&c->target.connect_ip);
	uint16_t dflt = c->type == CHK_SSL ? 443 : 80;

	if (u->virtualhost) {
		snprintf(buf, len, "%s", u->virtualhost);
		return;
	}
	chk_addr_fmt_ip(&c->target.connect_ip, ip, sizeof(ip));
	if (chk_addr_family(&c->target.connect_ip) == AF_INET6)
		snprintf(buf, len, port == dflt ? "[%s]" : "[%s]:%u", ip, port);
	else
		snprintf(buf, len, port == dflt ? "%s" : "%s:%u", ip, port);
}

char *
http_build_request(const struct chk_probe_conf *c, size_t i, size_t *len)
{
	const struct chk_url *u = &c->u.http.urls[i];
	enum chk_http_proto proto = c->u.http.proto;
	char host[300], *req = NULL;
	int n;

	host_header(c, u, host, sizeof(host));
	n = asprintf(&req,
		     "GET %s HTTP/1.%c\r\n"
		     "Host: %s\r\n"
		     "User-Agent: vigil-check\r\n"
		     "Accept: */*\r\n"
		     "%s"
		     "\r\n",
		     u->path, proto == CHK_HTTP_11 ? '1' : '0', host,
		     proto == CHK_HTTP_10 ? "" : "Connection: close\r\n");
	if (n < 0)
		return NULL;
	*len = (size_t)n;
	return req;
}
