// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bfd child's keywords (a row of core/conf/conf_subsys.c, compiled
 * into core/conf/libvigilconf.a): the top-level bfd_instance block, its
 * defaults and checks. track_bfd, the references to it, is vrrp/'s
 * (vrrp_instance, vrrp_sync_group). This row validates before vrrp/'s and
 * check/'s, so that the bfd_instance blocks it removes are not resolved.
 */
#include "config.h"

#include <stddef.h>

#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"

#define T(f) offsetof(struct conf, f)

static void
init_bfd(void *o)
{
	struct conf_bfd *b = o;

	b->min_rx = b->min_tx = b->idle_tx = CONF_UNSET_TIME;
	b->multiplier = b->ttl = b->hoplimit = CONF_UNSET_U32;
}

/* clang-format off */
static const struct conf_named named_bfd = {
	T(bfds), sizeof(struct conf_bfd), init_bfd
};
/* clang-format on */

_Static_assert(offsetof(struct conf_bfd, weight_reverse) ==
		       offsetof(struct conf_bfd, weight) + sizeof(int32_t),
	       "kw_weight: weight_reverse must follow weight");

#define B(f) offsetof(struct conf_bfd, f)

/* BFD intervals are written in milliseconds, with decimals (3.312):
 * read as a time (where 1 is a second), so in µs / 1000 that is the value
 * in µs; kw->min and kw->max are given the same way (SEC(1): 1 ms). */
static int
kw_msec(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	const struct conf_args *a)
{
	uint64_t v;

	if (pc_nargs(p, a, 1, 1) < 0)
		return -1;
	if (conf_parse_time(a->v[1], &v) < 0) {
		pc_err(p, "%s '%s' is not a time in milliseconds", a->v[0],
		       a->v[1]);
		return -1;
	}
	if (v < (uint64_t)kw->min || v > (uint64_t)kw->max) {
		pc_err(p, "%s %s out of range %lld-%lld milliseconds", a->v[0],
		       a->v[1], (long long)(kw->min / 1000000),
		       (long long)(kw->max / 1000000));
		return -1;
	}
	*FIELD(obj, kw->off, uint64_t) = v / 1000;
	return 0;
}

/* clang-format off */
static const struct conf_kw bfd_kw[] = {
	KW("checker", kw_flag, ACT, B(checker_only)),
	KR("hoplimit", kw_u32, ACT, B(hoplimit), 1, 255),
	KR("idle_tx", kw_msec, ACT, B(idle_tx), SEC(1), SEC(100000)),
	KR("max_hops", kw_u32, ACT, B(max_hops), 0, 255),
	KR("min_rx", kw_msec, ACT, B(min_rx), SEC(1), SEC(100000)),
	KR("min_tx", kw_msec, ACT, B(min_tx), SEC(1), SEC(100000)),
	KR("multiplier", kw_u32, ACT, B(multiplier), 1, 255),
	KX("neighbor_ip", kw_addr, ACT, B(neighbor), NULL),
	KX("neighbour_ip", kw_addr, ACT, B(neighbor), NULL),
	KW("passive", kw_flag, ACT, B(passive)),
	KX("source_ip", kw_addr, ACT, B(source), NULL),
	KR("ttl", kw_u32, ACT, B(ttl), 1, 255),
	KW("vrrp", kw_flag, ACT, B(vrrp_only)),
	KR("weight", kw_weight, ACT, B(weight), -253, 253),
};
/* clang-format on */

/* clang-format off */
static const struct conf_block blk_bfd = {
	"bfd_instance", bfd_kw, NKW(bfd_kw), NULL, NULL, B(kept), NULL
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw top_kw[] = {
	{ "bfd_instance", conf_open_named, ACT, 0, 0, 0, &named_bfd,
	  &blk_bfd, NULL },
};

static const struct conf_block top_part = {
	"", top_kw, NKW(top_kw), NULL, NULL, KW_NOKEPT, NULL
};

static const struct conf_block global_part = {
	"global_defs", NULL, 0, NULL, NULL, KW_NOKEPT, NULL
};

static const struct conf_block *const blocks[] = {
	&blk_bfd,
	NULL,
};
/* clang-format on */

/* keepalived's defaults; a bfd_instance without a neighbour, or whose
 * source is of another family, is removed with a warning, as keepalived
 * disables it. */
static void
validate(struct vctx *x)
{
	struct conf *c = x->c;

	for (struct conf_bfd *b = c->bfds.head, *n; b; b = n) {
		n = b->next;
		if (!b->neighbor.ip.family) {
			conf_warn(x->d, &b->loc,
				  "bfd_instance %s has no neighbor_ip: removed",
				  b->name);
			conf_list_remove(&c->bfds, b);
			continue;
		}
		if (b->source.ip.family &&
		    b->source.ip.family != b->neighbor.ip.family) {
			conf_warn(x->d, &b->loc,
				  "bfd_instance %s: source_ip and neighbor_ip "
				  "differ in family: removed",
				  b->name);
			conf_list_remove(&c->bfds, b);
			continue;
		}
		VDEF(b->min_rx, 10000);
		VDEF(b->min_tx, 10000);
		VDEF(b->idle_tx, CONF_USEC);
		VDEF(b->multiplier, 5);
		VDEF(b->ttl, 255);
		VDEF(b->hoplimit, 64);
	}
}

const struct conf_subsys conf_subsys_bfd = {
	.name = "bfd",
	.top = &top_part,
	.global = &global_part,
	.blocks = blocks,
	.init = NULL,
	.validate = validate,
};
