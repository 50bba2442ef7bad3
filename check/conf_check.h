/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checker's part of the config library, shared by check/conf_*.c
 * (compiled into core/conf/libvigilconf.a; see check/README.md "Config"):
 * its blocks, the handlers and constructors more than one file uses, and
 * its validation.
 */
#ifndef VIGIL_CHECK_CONF_CHECK_H
#define VIGIL_CHECK_CONF_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/conf_regex.h"
#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"

/* ---- blocks ------------------------------------------------------- */

extern const struct conf_block conf_blk_ssl;
extern const struct conf_block conf_blk_vsg;
extern const struct conf_block conf_blk_vs;
extern const struct conf_block conf_blk_rs;
extern const struct conf_block conf_blk_check[CONF_CHECK_MAX];
extern const struct conf_block conf_blk_check_common;
extern const struct conf_block conf_blk_misc_common;
extern const struct conf_block conf_blk_smtp_host;
extern const struct conf_block conf_blk_url;

/* ---- handlers ----------------------------------------------------- */

int conf_open_vs(struct conf_pctx *, const struct conf_kw *, void *,
		 const struct conf_args *);
int conf_open_vsg(struct conf_pctx *, const struct conf_kw *, void *,
		  const struct conf_args *);
int conf_open_check(struct conf_pctx *, const struct conf_kw *, void *,
		    const struct conf_args *);

/* ---- constructors: every UNSET marker in place (conf_check.c) ---- */

void conf_init_vs(struct conf_vs *vs);
void conf_init_rs(struct conf_rs *rs);
void conf_init_check(struct conf_check *c, int type);
void conf_init_url(struct conf_url *u);
void conf_init_fwd(struct conf_fwd *f);

/* ---- validation --------------------------------------------------- */

/* virtual_server_group, virtual_server, real_server and checkers, with
 * keepalived's inheritance and defaults (conf_validate_lvs.c) */
void conf_validate_lvs(struct vctx *x);

#endif
