/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Part of the config library's plugin API (core/conf/README.md): what a
 * validation function needs, in core/conf/conf_validate.c and in the
 * subsystems (check/, vrrp/).
 */
#ifndef VIGIL_CORE_CONF_VAL_H
#define VIGIL_CORE_CONF_VAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/conf/conf_value.h"

struct vctx {
	struct conf *c;
	const struct conf_opts *o;
	struct conf_diags *d;
	/* global_defs as written, before any default was filled in: what
	 * the admin left unset (CONF_UNSET_*) */
	const struct conf_global *written;
};

/* An index of named objects (struct named: next, loc, name first). */
struct vname {
	const char *name;
	const void *obj;
	const struct conf_loc *loc;
	size_t idx; /* config order */
};

struct vindex {
	struct vname *v;
	size_t n;
};

/* Build from a list of named objects; reports duplicates as errors
 * ("what NAME is defined twice") unless what is NULL. Returns -1 on
 * allocation failure. */
int vindex_build(struct vctx *x, struct vindex *ix, const struct conf_list *l,
		 const char *what);
const void *vindex_find(const struct vindex *ix, const char *name);
void vindex_free(struct vindex *ix);

/*
 * Report duplicates: items sorted by cmp (ties by config order); each
 * item equal to an earlier one gets report(x, later, earlier).
 */
typedef int (*vdup_cmp)(const void *a, const void *b);
typedef void (*vdup_report)(struct vctx *x, const void *later,
			    const void *earlier);
int vdups(struct vctx *x, const void **items, size_t n, vdup_cmp cmp,
	  vdup_report report);

/* The interface exists (or no check is asked for); otherwise an error
 * (a warning with dynamic_interfaces) at loc. */
void viface(struct vctx *x, const struct conf_loc *loc, const char *name,
	    const char *what);

const char *vstrdup(struct vctx *x, const char *s);
const char *family_name(int family);

/* smtp_alert `on` (a tri-state) where mail cannot be sent (no smtp_server
 * or no notification_email): a warning naming "what name" at `at`. */
void vsmtp_warn(struct vctx *x, const struct conf_loc *at, int8_t on,
		const char *what, const char *name);

/* The UNSET marker of a field, by its type. */
#define UNSET_OF(f)                                                            \
	_Generic((f), uint64_t                                                 \
		 : CONF_UNSET_TIME, uint32_t                                   \
		 : CONF_UNSET_U32, int32_t                                     \
		 : CONF_UNSET_I32, int8_t                                      \
		 : CONF_UNSET_TRI)
#define IS_UNSET(f) ((f) == UNSET_OF(f))
/* Fill a default (or an inherited value) into a field nobody wrote. */
#define VDEF(f, v)                                                             \
	do {                                                                   \
		if (IS_UNSET(f))                                               \
			(f) = (v);                                             \
	} while (0)

#endif
