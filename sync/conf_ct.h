/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The conntrack_sync block's grammar (conf_ct.c), for conf_sync.c's row.
 */
#ifndef VIGIL_SYNC_CONF_CT_H
#define VIGIL_SYNC_CONF_CT_H

#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"

/* the master's events socket: a burst of 10k events fits many times */
#define CT_NETLINK_BUFFER_DEFAULT (16U << 20)

extern const struct conf_block conf_blk_ct_sync;
int conf_open_ct_sync(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		      const struct conf_args *a);
void conf_ct_sync_validate(struct vctx *x);

#endif
