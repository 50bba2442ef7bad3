// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "check/tls.h"

struct tls_shared {
	SSL_CTX *ctx;
	struct chk_ssl_conf built; /* copies of what ctx was built from */
};

static bool
conf_same(const struct chk_ssl_conf *a, const struct chk_ssl_conf *b)
{
	return chk_str_eq(a->ca, b->ca) &&
	       chk_str_eq(a->certificate, b->certificate) &&
	       chk_str_eq(a->key, b->key) &&
	       chk_str_eq(a->password, b->password);
}

static void
conf_clear(struct chk_ssl_conf *c)
{
	free(c->ca);
	free(c->certificate);
	free(c->key);
	free(c->password);
	memset(c, 0, sizeof(*c));
}

static int
password_cb(char *buf, int size, int rwflag, void *arg)
{
	const char *pw = arg;
	int n = pw ? (int)strlen(pw) : 0;

	(void)rwflag;
	if (n >= size)
		n = size - 1;
	memcpy(buf, pw ? pw : "", (size_t)n);
	buf[n] = '\0';
	return n;
}

static SSL_CTX *
build(const struct chk_ssl_conf *c)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx)
		return NULL;
	/* Buffers only while a connection has data in flight: thousands
	 * of idle checks hold none. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
				      SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
				      SSL_MODE_RELEASE_BUFFERS);
	/* Probes keep their own session to resume (check/probe_http.c);
	 * the context keeps none. */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT |
						    SSL_SESS_CACHE_NO_INTERNAL);
	if (c->password) {
		SSL_CTX_set_default_passwd_cb(ctx, password_cb);
		SSL_CTX_set_default_passwd_cb_userdata(ctx, c->password);
	}
	if ((c->ca ? SSL_CTX_load_verify_locations(ctx, c->ca, NULL)
		   : SSL_CTX_set_default_verify_paths(ctx)) != 1)
		goto fail;
	if (c->certificate &&
	    SSL_CTX_use_certificate_chain_file(ctx, c->certificate) != 1)
		goto fail;
	if ((c->key || c->certificate) &&
	    SSL_CTX_use_PrivateKey_file(ctx, c->key ? c->key : c->certificate,
					SSL_FILETYPE_PEM) != 1)
		goto fail;
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static int
copy_conf(struct chk_ssl_conf *dst, const struct chk_ssl_conf *src)
{
	return chk_strset(&dst->ca, src->ca) |
	       chk_strset(&dst->certificate, src->certificate) |
	       chk_strset(&dst->key, src->key) |
	       chk_strset(&dst->password, src->password);
}

SSL_CTX *
chk_tls_ctx(struct probe_env *env, struct chk_result *err)
{
	static const struct chk_ssl_conf none;
	const struct chk_ssl_conf *want = env->ssl ? env->ssl : &none;
	struct tls_shared *t = env->shared[CHK_SSL];
	unsigned long code;

	if (t && t->ctx && conf_same(&t->built, want))
		return t->ctx;
	if (!t && !(t = env->shared[CHK_SSL] = calloc(1, sizeof(*t))))
		goto fail;
	SSL_CTX_free(t->ctx);
	conf_clear(&t->built);
	if (copy_conf(&t->built, want) < 0 || !(t->ctx = build(&t->built)))
		goto fail;
	return t->ctx;
fail:
	code = ERR_peek_last_error();
	chk_result_set(err, CHK_R_LOCAL, 0);
	snprintf(err->detail, sizeof(err->detail), "SSL context: %s",
		 code ? ERR_reason_error_string(code) : "out of memory");
	ERR_clear_error();
	if (t) {
		SSL_CTX_free(t->ctx);
		t->ctx = NULL;
		conf_clear(&t->built);
	}
	return NULL;
}

void
chk_tls_free(struct probe_env *env)
{
	struct tls_shared *t = env->shared[CHK_SSL];

	if (!t)
		return;
	SSL_CTX_free(t->ctx);
	conf_clear(&t->built);
	free(t);
	env->shared[CHK_SSL] = NULL;
}
