/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one SSL_CTX of SSL_GET, built from the SSL { } block (ca,
 * certificate, key, password) when a check first needs it and rebuilt
 * when that block changes on reload. SSL objects hold their own reference,
 * so a running probe survives a rebuild.
 */
#ifndef VIGIL_CHECK_TLS_H
#define VIGIL_CHECK_TLS_H

#include <openssl/ssl.h>

#include "check/probe.h"

/* NULL with *err set (local-error, OpenSSL's reason in detail). */
SSL_CTX *chk_tls_ctx(struct probe_env *env, struct chk_result *err);
void chk_tls_free(struct probe_env *env);

#endif
