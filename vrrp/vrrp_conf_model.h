/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config model (core/conf/conf_model.h, parsed and validated) translated into
 * the engine's plain-data config (vrrp/vrrp_conf.h). Pure: no I/O, no logs.
 *
 *   struct vrrp_config *vc = vrrp_config_from_model(c, "/run/x", err, n);
 *
 * The model must have passed conf_validate() (every default filled in).
 * Options the engine has no field for are not translated: their keywords
 * stay CONF_KW_PENDING in core/conf_kw_*.c, so the reader reports them.
 */
#ifndef VIGIL_VRRP_CONF_MODEL_H
#define VIGIL_VRRP_CONF_MODEL_H

#include <stddef.h>

#include "vrrp/vrrp_conf.h"

struct conf;

/*
 * state_file: the engine's ledger of owned addresses ("" or NULL: none).
 * Returns a config to free with vrrp_config_free(), or NULL with err set
 * (a name or command too long for the engine, no memory).
 */
struct vrrp_config *vrrp_config_from_model(const struct conf *c,
					   const char *state_file, char *err,
					   size_t errlen);

#endif
