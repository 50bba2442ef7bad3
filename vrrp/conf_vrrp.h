/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VRRP's part of the config library, shared by vrrp/conf_*.c (compiled
 * into core/conf/libvigilconf.a; see vrrp/README.md "Config"): its blocks,
 * the handlers and constructors more than one file uses, and its
 * validation. The engine does not include this: it reads the model
 * (vrrp_conf_model.c).
 */
#ifndef VIGIL_VRRP_CONF_VRRP_H
#define VIGIL_VRRP_CONF_VRRP_H

#include "core/conf/conf_kw.h"
#include "core/conf/conf_val.h"

/* ---- blocks ------------------------------------------------------- */

extern const struct conf_block conf_blk_vrrp;
extern const struct conf_block conf_blk_auth;
extern const struct conf_block conf_blk_auth_hmac;
extern const struct conf_block conf_blk_peers;
extern const struct conf_block conf_blk_track_if;
extern const struct conf_block conf_blk_track253;
extern const struct conf_block conf_blk_track254;
extern const struct conf_block conf_blk_ipaddr_list;
extern const struct conf_block conf_blk_route_list;
extern const struct conf_block conf_blk_rule_list;
extern const struct conf_block conf_blk_script;
extern const struct conf_block conf_blk_track_process;
extern const struct conf_block conf_blk_track_file;
extern const struct conf_block conf_blk_sync_group;
extern const struct conf_block conf_blk_garp_group;
extern const struct conf_block conf_blk_track_group;
extern const struct conf_block conf_blk_linkbeat;
extern const struct conf_block conf_blk_if_delays;

/* ---- handlers ----------------------------------------------------- */

int conf_open_garp_group(struct conf_pctx *, const struct conf_kw *, void *,
			 const struct conf_args *);
int conf_line_ipaddr(struct conf_pctx *p, void *obj, const struct conf_args *a);
int conf_line_route(struct conf_pctx *p, void *obj, const struct conf_args *a);
int conf_line_rule(struct conf_pctx *p, void *obj, const struct conf_args *a);
/* garp_extra_if [all] SECONDS into a struct conf_garp_extra */
int kw_garp_extra(struct conf_pctx *, const struct conf_kw *, void *,
		  const struct conf_args *);
/* notify_deleted [COMMAND [USER [GROUP]]] into a struct conf_notify */
int kw_notify_deleted(struct conf_pctx *, const struct conf_kw *, void *,
		      const struct conf_args *);

/* ---- constructors: every UNSET marker in place (conf_init_vrrp.c) ------ */

void conf_init_vrrp(struct conf_vrrp *v);
void conf_init_script(struct conf_vrrp_script *s);
void conf_init_track_process(struct conf_track_process *t);
void conf_init_track_file(struct conf_track_file *t);
void conf_init_notify(struct conf_notify *n);
void conf_init_garp_group(struct conf_garp_group *g);
void conf_init_route(struct conf_route *r);
void conf_init_rule(struct conf_rule *r);
void conf_init_ipaddr(struct conf_ipaddr *a);
/* VRRP's global_defs fields (the row's init) */
void conf_init_vrrp_global(struct conf_global *g);

/* ---- validation --------------------------------------------------- */

/* The row's validate: everything below, in order. */
void conf_validate_vrrp_all(struct vctx *x);
/* one vrrp_instance; VRID conflicts; a sync group's tracker weights
 * (conf_validate_vrrp.c) */
void conf_validate_vrrp(struct vctx *x, struct conf_vrrp *v);
void conf_validate_vrid(struct vctx *x);
void conf_validate_sync_group_tracking(struct vctx *x,
				       const struct conf_vrrp_sync_group *g);
/* static_* and virtual_* addresses, routes and rules; tgroups is the
 * index of track_group names (conf_validate_ip.c) */
void conf_validate_ipaddr(struct vctx *x, struct conf_ipaddr *a,
			  const char *dev, const struct vindex *tgroups,
			  const char *what);
void conf_validate_route(struct vctx *x, struct conf_route *r,
			 const struct vindex *tgroups);
void conf_validate_rule(struct vctx *x, struct conf_rule *r,
			const struct vindex *tgroups);
void conf_validate_static(struct vctx *x, const struct vindex *tgroups);

/* The VRRP child's scheduling when the config says nothing of it
 * (vigil.conf(5), vrrp_rt_priority): SCHED_RR at the lowest priority,
 * and the CPU time in microseconds it may take without blocking. */
#define VRRP_RT_PRIORITY_DEFAULT 1
#define VRRP_RT_RTTIME_DEFAULT 200000

#endif
