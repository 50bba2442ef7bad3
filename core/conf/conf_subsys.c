// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The subsystems that own config keywords, one row each (struct
 * conf_subsys in conf_kw.h), defined in their own folder. The grammar is
 * core's tables plus theirs; conf_validate() runs their parts in this
 * order, after core's global_defs defaults.
 */
#include "config.h"

#include "core/conf/conf_kw.h"

/* clang-format off */
const struct conf_subsys *const conf_subsystems[] = {
	&conf_subsys_bfd, /* first: what track_bfd and BFD_CHECK name */
	&conf_subsys_vrrp,
	&conf_subsys_check,
	&conf_subsys_sync,
	&conf_subsys_mgmt,
};
/* clang-format on */

const size_t conf_nsubsystems =
	sizeof(conf_subsystems) / sizeof(conf_subsystems[0]);

/* core's own blocks */
static const struct conf_block *const core_blocks[] = {
	&conf_blk_top,
	&conf_blk_global,
};

void
conf_for_each_block(conf_block_fn fn, void *arg)
{
	for (size_t i = 0; i < sizeof(core_blocks) / sizeof(core_blocks[0]);
	     i++)
		fn(core_blocks[i], arg);
	for (size_t i = 0; i < conf_nsubsystems; i++) {
		const struct conf_subsys *s = conf_subsystems[i];

		fn(s->top, arg);
		fn(s->global, arg);
		for (const struct conf_block *const *b = s->blocks; *b; b++)
			fn(*b, arg);
	}
}
