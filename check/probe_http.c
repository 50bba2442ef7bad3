// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HTTP_GET and SSL_GET: each url block in turn, one connection each. A url
 * passes when the status is in its status_code list (200-299 by default),
 * the MD5 of the body equals `digest` and the body matches `regex` (or
 * does not, with regex_no_match), whichever are set.
 *
 * A hostile server costs one timeout and fixed memory: the response is
 * parsed as it streams (check/http_parse.c) and never buffered; without a
 * digest or regex the connection is reset as soon as the status is known;
 * the MD5 is computed piece by piece; a regex (PCRE2, check/http_regex.h)
 * sees a bounded window of the body under a match limit; more than
 * max_body bytes of body fail the check.
 *
 * SSL_GET resumes the TLS session of its last good run, so a check costs
 * neither side a certificate signature and chain verification; a full
 * handshake (which verifies the certificate again) still happens at
 * least every HTTP_TLS_REVERIFY.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "check/conn.h"
#include "check/http_conf.h"
#include "check/http_parse.h"
#include "check/http_regex.h"
#include "check/probe.h"
#include "check/tls.h"

/* Longest a TLS session is resumed before a full handshake. */
#define HTTP_TLS_REVERIFY EV_SEC(60)

struct http_probe {
	struct probe *p;
	struct chk_conn conn;
	struct http_resp resp;
	size_t url; /* the url being checked */
	char **req; /* the request of each url, built once */
	size_t *reqlen;
	struct http_regex *re; /* per url (code NULL: no regex) */
	EVP_MD_CTX *md;	       /* when some url has a digest */
	SSL_SESSION **sess;    /* SSL_GET: per url, to resume */
	ev_time_t *sess_at;    /* when its full handshake was */
	struct http_win win;   /* the current url's regex window */
	size_t wincap;	       /* its allocation: the largest window */
	bool need_body;	       /* this url reads the body */
};

static const struct chk_url *
cur_url(const struct http_probe *h)
{
	return &h->p->conf->u.http.urls[h->url];
}

static void
drop_session(struct http_probe *h)
{
	if (h->sess && h->sess[h->url]) {
		SSL_SESSION_free(h->sess[h->url]);
		h->sess[h->url] = NULL;
	}
}

/* A good run: keep its session (a new one after a full handshake). */
static void
keep_session(struct http_probe *h)
{
	SSL_SESSION *s;

	if (!h->sess || (h->sess[h->url] && SSL_session_reused(h->conn.ssl)))
		return;
	if (!(s = chk_conn_session(&h->conn)))
		return;
	drop_session(h);
	h->sess[h->url] = s;
	h->sess_at[h->url] = ev_now(h->p->env->loop);
}

static void
http_finish(struct http_probe *h, struct chk_result *r)
{
	if (r->reason != CHK_R_OK && h->url < h->p->conf->u.http.nurls)
		drop_session(h);
	chk_conn_close(&h->conn);
	h->p->report(h->p, r);
}

static void
url_fail(struct http_probe *h, enum chk_reason reason, int code,
	 const char *what)
{
	struct chk_result r = {0};

	drop_session(h);
	chk_result_set(&r, reason, code);
	chk_result_detail(&r, "%s%s%s", cur_url(h)->path, what ? ": " : "",
			  what ? what : "");
	http_finish(h, &r);
}

static bool
status_ok(const struct chk_url *u, int status)
{
	if (!u->nstatus)
		return status >= 200 && status <= 299;
	for (size_t i = 0; i < u->nstatus; i++)
		if (status >= u->status[i].lo && status <= u->status[i].hi)
			return true;
	return false;
}

static int open_url(struct http_probe *h);

/* This url passed: the next one, or the whole check. */
static void
url_pass(struct http_probe *h)
{
	struct chk_result r = {0};

	keep_session(h);
	chk_conn_close(&h->conn);
	if (++h->url < h->p->conf->u.http.nurls) {
		if (open_url(h) < 0)
			http_finish(h, &h->conn.err);
		return;
	}
	h->p->report(h->p, &r);
}

static void
digest_hex(EVP_MD_CTX *md, uint8_t out[16], char hex[33])
{
	unsigned len = 16;

	EVP_DigestFinal_ex(md, out, &len);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
}

/* The body is complete: digest and regex. */
static void
body_done(struct http_probe *h)
{
	const struct chk_url *u = cur_url(h);

	if (u->has_digest) {
		uint8_t got[16];
		char hex[33], what[48];

		digest_hex(h->md, got, hex);
		if (memcmp(got, u->digest, 16)) {
			snprintf(what, sizeof(what), "md5 %s", hex);
			url_fail(h, CHK_R_DIGEST, 0, what);
			return;
		}
	}
	if (u->regex) {
		char why[CHK_DETAIL_MAX];

		switch (http_regex_run(&h->re[h->url], &h->win, why,
				       sizeof(why))) {
		case HTTP_REGEX_PASS:
			break;
		case HTTP_REGEX_FAIL:
			url_fail(h, CHK_R_REGEX, 0, why);
			return;
		case HTTP_REGEX_ERROR:
			url_fail(h, CHK_R_REGEX_ERROR, 0, why);
			return;
		}
	}
	url_pass(h);
}

static int
on_body(void *arg, const uint8_t *p, size_t n)
{
	struct http_probe *h = arg;
	const struct chk_url *u = cur_url(h);
	uint64_t at = h->resp.body;

	if (at + n > h->p->conf->u.http.max_body)
		return -1;
	if (u->has_digest)
		EVP_DigestUpdate(h->md, p, n);
	if (u->regex)
		http_win_feed(&h->win, at, p, n);
	return 0;
}

static bool
head_checked(struct http_probe *h)
{
	const struct chk_url *u = cur_url(h);

	if (!status_ok(u, h->resp.status)) {
		url_fail(h, CHK_R_BAD_STATUS, h->resp.status, NULL);
		return false;
	}
	if (!h->need_body) {
		url_pass(h); /* the status was all we needed */
		return false;
	}
	return true;
}

/* Parse what arrived. Returns false once the url is decided. */
static bool
parse(void *arg, const uint8_t *buf, size_t n)
{
	struct http_probe *h = arg;
	size_t off = 0;

	while (off < n) {
		size_t used;
		enum http_feed f = http_resp_feed(&h->resp, buf + off, n - off,
						  &used, on_body, h);

		off += used;
		if (f == HTTP_ERROR) {
			bool big = h->resp.body + (n - off) >
				   h->p->conf->u.http.max_body;

			if (!strcmp(h->resp.err, "stopped") || big)
				url_fail(h, CHK_R_TOO_LARGE, 0, "body");
			else if (strstr(h->resp.err, "too large"))
				url_fail(h, CHK_R_TOO_LARGE, 0, h->resp.err);
			else
				url_fail(h, CHK_R_BAD_RESPONSE, 0, h->resp.err);
			return false;
		}
		if (f == HTTP_HEAD_DONE) {
			if (!head_checked(h))
				return false;
			f = h->resp.st == HS_DONE ? HTTP_MSG_DONE : HTTP_MORE;
		}
		if (f == HTTP_MSG_DONE) {
			body_done(h);
			return false;
		}
	}
	return true;
}

static void
on_eof(struct http_probe *h)
{
	if (http_resp_eof(&h->resp) == HTTP_MSG_DONE && h->resp.status) {
		body_done(h);
		return;
	}
	if (h->resp.status == 0 && h->resp.head_bytes == 0)
		url_fail(h, CHK_R_CLOSED, 0, "no response");
	else
		url_fail(h, CHK_R_BAD_RESPONSE, 0, h->resp.err);
}

static void
on_readable(struct http_probe *h)
{
	uint8_t buf[16384];
	int rc = chk_conn_pump(&h->conn, buf, sizeof(buf), parse, h);

	if (rc > 0)
		on_eof(h);
	else if (rc < 0)
		http_finish(h, &h->conn.err);
}

static void
on_conn(struct chk_conn *c, enum chk_conn_event ev)
{
	struct http_probe *h = c->arg;

	switch (ev) {
	case CONN_EV_OPEN:
		if (chk_conn_send(c, h->req[h->url], h->reqlen[h->url]) < 0)
			http_finish(h, &c->err);
		break;
	case CONN_EV_READ:
		on_readable(h);
		break;
	case CONN_EV_ERROR:
		http_finish(h, &c->err);
		break;
	}
}

static int
open_url(struct http_probe *h)
{
	const struct chk_probe_conf *pc = h->p->conf;
	const struct chk_url *u = cur_url(h);
	struct chk_tls_opts tls = {0};

	http_resp_init(&h->resp);
	if (u->regex)
		http_win_reset(&h->win, &h->re[h->url]);
	h->need_body = u->has_digest || u->regex;
	if (u->has_digest)
		EVP_DigestInit_ex(h->md, EVP_md5(), NULL);
	if (pc->type != CHK_SSL)
		return chk_conn_open(&h->conn, h->p->env->loop, &pc->target,
				     NULL);
	if (!(tls.ctx = chk_tls_ctx(h->p->env, &h->conn.err)))
		return -1;
	if (h->sess[h->url] &&
	    ev_now(h->p->env->loop) - h->sess_at[h->url] > HTTP_TLS_REVERIFY)
		drop_session(h);
	tls.sni = pc->u.http.enable_sni ? u->virtualhost : NULL;
	tls.verify = pc->u.http.verify;
	tls.host = u->virtualhost;
	tls.session = h->sess[h->url];
	return chk_conn_open(&h->conn, h->p->env->loop, &pc->target, &tls);
}

static void
http_start(struct probe *p)
{
	struct http_probe *h = p->priv;

	h->url = 0;
	if (open_url(h) < 0)
		http_finish(h, &h->conn.err);
}

static void
http_cancel(struct probe *p, struct chk_result *why)
{
	struct http_probe *h = p->priv;

	if (why) {
		char what[CHK_DETAIL_MAX];

		chk_conn_timeout_reason(&h->conn, why);
		memcpy(what, why->detail, sizeof(what));
		chk_result_detail(why, "%s%s%s", cur_url(h)->path,
				  what[0] ? ": " : "", what);
	}
	chk_conn_close(&h->conn);
}

static int
compile(struct http_probe *h, size_t i, char *err, size_t errlen)
{
	const struct chk_url *u = &h->p->conf->u.http.urls[i];
	char why[160];

	if (http_regex_init(&h->re[i], u, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "url %s: regex: %s", u->path, why);
		return -1;
	}
	if (h->re[i].max > h->wincap)
		h->wincap = h->re[i].max;
	return 0;
}

static void http_fini(struct probe *p);

/* Per url: the request and the compiled regex. */
static int
http_urls(struct http_probe *h, char *err, size_t errlen)
{
	const struct chk_http *c = &h->p->conf->u.http;

	for (size_t i = 0; i < c->nurls; i++) {
		h->req[i] = http_build_request(h->p->conf, i, &h->reqlen[i]);
		if (!h->req[i]) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (c->urls[i].regex && compile(h, i, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int
http_init(struct probe *p, char *err, size_t errlen)
{
	struct http_probe *h = p->priv;
	const struct chk_http *c = &p->conf->u.http;
	bool digest = false;

	h->p = p;
	chk_conn_init(&h->conn, on_conn, h);
	h->req = calloc(c->nurls, sizeof(*h->req));
	h->reqlen = calloc(c->nurls, sizeof(*h->reqlen));
	h->re = calloc(c->nurls, sizeof(*h->re));
	if (!h->req || !h->reqlen || !h->re)
		goto oom;
	if (http_urls(h, err, errlen) < 0)
		goto fail;
	for (size_t i = 0; i < c->nurls; i++)
		digest |= c->urls[i].has_digest;
	if (digest && !(h->md = EVP_MD_CTX_new()))
		goto oom;
	if (p->conf->type == CHK_SSL &&
	    (!(h->sess = calloc(c->nurls, sizeof(*h->sess))) ||
	     !(h->sess_at = calloc(c->nurls, sizeof(*h->sess_at)))))
		goto oom;
	if (h->wincap && !(h->win.buf = malloc(h->wincap)))
		goto oom;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	http_fini(p); /* the engine calls fini only after a good init */
	return -1;
}

static void
http_fini(struct probe *p)
{
	struct http_probe *h = p->priv;
	size_t n = p->conf->u.http.nurls;

	chk_conn_close(&h->conn);
	for (size_t i = 0; h->req && i < n; i++)
		free(h->req[i]);
	for (size_t i = 0; h->re && i < n; i++)
		http_regex_fini(&h->re[i]);
	free(h->req);
	free(h->reqlen);
	free(h->re);
	free(h->win.buf);
	EVP_MD_CTX_free(h->md);
	for (size_t i = 0; h->sess && i < n; i++)
		SSL_SESSION_free(h->sess[i]);
	free(h->sess);
	free(h->sess_at);
	memset(h, 0, sizeof(*h));
}

/* Each url is a connection of its own, each with connect_timeout. */
static ev_time_t
http_budget(const struct chk_probe_conf *c)
{
	return c->knobs.connect_timeout *
	       (c->u.http.nurls ? c->u.http.nurls : 1);
}

#define HTTP_OPS(t, n, shared)                                                 \
	{                                                                      \
		.type = (t), .name = (n),                                      \
		.priv_size = sizeof(struct http_probe),                        \
		.validate = http_conf_validate, .init = http_init,             \
		.fini = http_fini, .start = http_start, .cancel = http_cancel, \
		.budget = http_budget, .conf_copy = http_conf_copy,            \
		.conf_free = http_conf_free, .conf_equal = http_conf_equal,    \
		.conf_hash = http_conf_hash, .shared_free = (shared),          \
	}

const struct probe_ops probe_http_ops = HTTP_OPS(CHK_HTTP, "HTTP_GET", NULL);
const struct probe_ops probe_ssl_ops =
	HTTP_OPS(CHK_SSL, "SSL_GET", chk_tls_free);
