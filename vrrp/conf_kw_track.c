// SPDX-License-Identifier: GPL-2.0-or-later
/* Tracked objects (vrrp_script, vrrp_track_process, track_file,
 * vrrp_sync_group and garp_group (bfd_instance is bfd/conf_bfd.c's). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "vrrp/conf_vrrp.h"

/* clang-format off */
#define WEIGHT_THEN_REVERSE(type)                                        \
	_Static_assert(offsetof(type, weight_reverse) ==                     \
			       offsetof(type, weight) + sizeof(int32_t),     \
		       "weight_reverse must follow weight")
/* clang-format on */
WEIGHT_THEN_REVERSE(struct conf_vrrp_script);
WEIGHT_THEN_REVERSE(struct conf_track_process);
WEIGHT_THEN_REVERSE(struct conf_track_file);
WEIGHT_THEN_REVERSE(struct conf_check_file);

/* ---- vrrp_script -------------------------------------------------- */

#define S(f) offsetof(struct conf_vrrp_script, f)

/* clang-format off */
static const struct conf_kw script_kw[] = {
	KR("fall", kw_u32, ACT, S(fall), 1, 1000000),
	KW("init_fail", kw_flag, ACT, S(init_fail)),
	KR("interval", kw_time, ACT, S(interval), MSEC(1), SEC(86400)),
	KR("rise", kw_u32, ACT, S(rise), 1, 1000000),
	KW("script", kw_script, ACT, S(script)),
	KR("timeout", kw_time, ACT, S(timeout), MSEC(1), SEC(86400)),
	KW("user", kw_user, ACT, S(script)),
	KR("weight", kw_weight, ACT, S(weight), -253, 253),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_script = {
	"vrrp_script", script_kw, NKW(script_kw), NULL, NULL, S(kept), NULL
};
/* clang-format on */

/* ---- vrrp_track_process ------------------------------------------- */

#define P(f) offsetof(struct conf_track_process, f)

static int
kw_process(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	   const struct conf_args *a)
{
	struct conf_track_process *t = obj;

	if (pc_nargs(p, a, 1, -1) < 0)
		return -1;
	t->process = pc_strdup(p, a->v[1]);
	memset(&t->params, 0, sizeof(t->params));
	for (int i = 2; i < a->n; i++)
		pc_str_append(p, &t->params, a->v[i]);
	if (a->n > 2 && t->param_match == CONF_PM_NONE)
		t->param_match = CONF_PM_EXACT;
	return 0;
}

static int
kw_delay(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	 const struct conf_args *a)
{
	struct conf_track_process *t = obj;

	if (kw_time(p, kw, obj, a) < 0)
		return -1;
	t->terminate_delay = t->fork_delay;
	return 0;
}

/* clang-format off */
static const struct conf_enum param_match[] = {
	{ "initial", CONF_PM_INITIAL }, { "partial", CONF_PM_PARTIAL },
	{ NULL, 0 }
};
/* clang-format on */

/* clang-format off */
static const struct conf_kw track_process_kw[] = {
	KR("delay", kw_delay, ACT, P(fork_delay), 0, SEC(3600)),
	KR("fork_delay", kw_time, PEND, P(fork_delay), 0, SEC(3600)),
	KW("full_command", kw_flag, ACT, P(full_command)),
	KX("param_match", kw_enum8, PEND, P(param_match), param_match),
	KW("process", kw_process, ACT, 0),
	KR("quorum", kw_u32, ACT, P(quorum), 0, 65535),
	KR("quorum_max", kw_u32, ACT, P(quorum_max), 0, 65535),
	KR("terminate_delay", kw_time, ACT, P(terminate_delay), 0,
	   SEC(3600)),
	KR("weight", kw_weight, ACT, P(weight), -254, 254),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_track_process = {
	"vrrp_track_process", track_process_kw, NKW(track_process_kw), NULL,
	NULL, P(kept), NULL
};
/* clang-format on */

/* ---- track_file --------------------------------------------------- */

#define F(f) offsetof(struct conf_track_file, f)

static int
kw_init_file(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	     const struct conf_args *a)
{
	struct conf_track_file *t = obj;
	int32_t value = 0;
	bool overwrite = false;
	int i = 1;

	(void)kw;
	pc_nargs(p, a, 0, 2);
	if (i < a->n && strcmp(a->v[i], "overwrite") &&
	    pc_i32(p, "init_file value", a->v[i++], 0, 0, &value) < 0)
		return -1;
	if (i < a->n) {
		if (strcmp(a->v[i], "overwrite") || i + 1 < a->n) {
			pc_err(p,
			       "init_file: unexpected '%s' (expected "
			       "[VALUE] [overwrite])",
			       a->v[a->n - 1]);
			return -1;
		}
		overwrite = true;
	}
	/* a line refused (and ignored) leaves the file alone */
	t->init_file = true;
	t->init_value = value;
	t->init_overwrite = overwrite;
	return 0;
}

/* clang-format off */
static const struct conf_kw track_file_kw[] = {
	KW("file", kw_str, ACT, F(file)),
	KW("init_file", kw_init_file, ACT, 0),
	KR("weight", kw_weight, ACT, F(weight), -2147483647, 2147483647),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_track_file = {
	"track_file", track_file_kw, NKW(track_file_kw), NULL, NULL, F(kept), NULL
};
/* clang-format on */

/* ---- vrrp_sync_group ---------------------------------------------- */

#define SG(f) offsetof(struct conf_vrrp_sync_group, f)
#define SN(f) SG(notify.f)

static int
kw_global_tracking(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		   const struct conf_args *a)
{
	pc_warn_once(p, kw,
		     "'global_tracking' is deprecated: use "
		     "track_interface, track_script and track_file on the "
		     "vrrp_sync_group");
	return kw_flag(p, kw, obj, a);
}

/* clang-format off */
static const struct conf_kw sync_group_kw[] = {
	KW("global_tracking", kw_global_tracking, PEND, SG(global_tracking)),
	KB("group", kw_sub_list, ACT, SG(members), &conf_blk_str_list),
	KW("notify", kw_script, ACT, SN(notify)),
	KW("notify_backup", kw_script, ACT, SN(backup)),
	KW("notify_deleted", kw_notify_deleted, ACT, SG(notify)),
	KW("notify_fault", kw_script, ACT, SN(fault)),
	KW("notify_master", kw_script, ACT, SN(master)),
	KW("notify_priority_changes", kw_tri, ACT, SN(priority_changes)),
	KW("notify_stop", kw_script, ACT, SN(stop)),
	KW("smtp_alert", kw_tri, ACT, SN(smtp_alert)),
	KW("sync_group_tracking_weight", kw_flag, PEND,
	   SG(sync_group_tracking_weight)),
	KB("track_bfd", kw_sub_list, ACT, SG(track_bfd), &conf_blk_track253),
	KB("track_file", kw_sub_list, ACT, SG(track_file),
	   &conf_blk_track254),
	KB("track_interface", kw_sub_list, ACT, SG(track_interface),
	   &conf_blk_track_if),
	KB("track_process", kw_sub_list, ACT, SG(track_process),
	   &conf_blk_track254),
	KB("track_script", kw_sub_list, ACT, SG(track_script),
	   &conf_blk_track253),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_sync_group = {
	"vrrp_sync_group", sync_group_kw, NKW(sync_group_kw), NULL, NULL,
	SG(kept), NULL
};
/* clang-format on */

/* ---- garp_group --------------------------------------------------- */

#define GG(f) offsetof(struct conf_garp_group, f)

int
conf_open_garp_group(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
		     const struct conf_args *a)
{
	struct conf_garp_group *g = pc_alloc(p, sizeof(*g));

	if (!g)
		return -1;
	pc_nargs(p, a, 0, 0);
	conf_init_garp_group(g);
	g->loc = p->loc;
	conf_list_append(&((struct conf *)obj)->garp_groups, g);
	p->child = g;
	return 0;
}

/* clang-format off */
static const struct conf_kw garp_group_kw[] = {
	KR("garp_interval", kw_time, ACT, GG(garp_interval), 0, SEC(1)),
	KR("gna_interval", kw_time, ACT, GG(gna_interval), 0, SEC(1)),
	KW("interface", kw_str, ACT, GG(interface)),
	KB("interfaces", kw_sub_list, ACT, GG(interfaces),
	   &conf_blk_str_list),
};
/* clang-format on */

/* clang-format off */
const struct conf_block conf_blk_garp_group = {
	"garp_group", garp_group_kw, NKW(garp_group_kw), NULL, NULL, GG(kept), NULL
};
/* clang-format on */
