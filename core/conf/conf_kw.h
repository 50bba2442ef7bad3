/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config library's plugin API for keywords (core/conf/README.md): how
 * core/conf and the subsystems (check/, vrrp/) declare the keywords they
 * own. The parser is core's; the grammar is assembled from core's tables
 * and each subsystem's row in conf_subsystems[].
 *
 * Each block has one table sorted by keyword name (checked by a unit test)
 * and looked up by binary search. An entry names its handler: mostly a
 * generic typed setter that writes the field at `off` in the block's object
 * (kw_u32, kw_time, kw_str...), with `min`/`max` for ranges; a keyword that
 * opens a block sets p->child and names the block in `sub`. `status` says
 * whether vigil acts on the keyword (see enum conf_kw_status in conf.h); a
 * deprecated spelling names its modern keyword in `alias`.
 *
 * The top level and global_defs are shared: core's table for each holds
 * the keywords of no subsystem, and a subsystem's row adds its own (its
 * `top` and `global` blocks, named "" and "global_defs"); a keyword is in
 * one of them only. A handler gets the object of its block: struct conf
 * at the top level, struct conf_global in global_defs.
 */
#ifndef VIGIL_CORE_CONF_KW_H
#define VIGIL_CORE_CONF_KW_H

#include <stddef.h>
#include <stdint.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "core/conf/conf_value.h"

struct conf_pctx;
struct conf_kw;
struct conf_arena;
struct kw_seen;

/* A statement: v[0] is the keyword (or a list entry's first word). */
struct conf_args {
	int n;
	char **v;
};

typedef int (*conf_kw_handler)(struct conf_pctx *p, const struct conf_kw *kw,
			       void *obj, const struct conf_args *a);
typedef int (*conf_line_handler)(struct conf_pctx *p, void *obj,
				 const struct conf_args *a);
typedef void (*conf_end_handler)(struct conf_pctx *p, void *obj);

struct conf_block {
	const char *name;
	const struct conf_kw *kw; /* sorted by name */
	size_t nkw;
	conf_line_handler line;	       /* lines that are not keywords */
	conf_end_handler end;	       /* after the closing brace */
	size_t kept_off;	       /* offset of the object's `kept` list */
	const struct conf_block *more; /* keywords shared with other blocks */
};

#define KW_NOKEPT ((size_t)-1)

struct conf_enum {
	const char *name;
	int value;
};

struct conf_kw {
	const char *name;
	conf_kw_handler fn;
	uint8_t status; /* enum conf_kw_status */
	size_t off;	/* field written by a generic setter */
	int64_t min, max;
	const void *aux;	      /* e.g. struct conf_enum[] */
	const struct conf_block *sub; /* the block this keyword opens */
	const char *alias;	      /* deprecated: use this keyword */
};

#define NKW(t) (sizeof(t) / sizeof((t)[0]))

/* clang-format off */
/* Table entry shorthands: name, handler, status, field offset... */
#define ACT CONF_KW_ACTIVE
#define PEND CONF_KW_PENDING
#define KEEP CONF_KW_KEPT
#define KW(n, fn, st, off) { n, fn, st, off, 0, 0, NULL, NULL, NULL }
#define KR(n, fn, st, off, lo, hi) { n, fn, st, off, lo, hi, NULL, NULL, NULL }
#define KX(n, fn, st, off, aux) { n, fn, st, off, 0, 0, aux, NULL, NULL }
#define KB(n, fn, st, off, sub) { n, fn, st, off, 0, 0, NULL, sub, NULL }
#define KA(n, to) { n, NULL, 0, 0, 0, 0, NULL, NULL, to }
#define SEC(n) ((int64_t)(n) * 1000000)
#define MSEC(n) ((int64_t)(n) * 1000)
#define PREFIX_OK ((const void *)1) /* kw_addr aux: ADDR/LEN allowed */
/* clang-format on */

struct conf_pctx {
	struct conf *c;
	struct conf_arena *ar;
	struct conf_diags *d;
	const struct conf_opts *o;
	struct conf_loc loc; /* of the statement being handled */
	void *child;	     /* set by a keyword that opens a block */
	struct kw_seen *seen;
	size_t nseen, capseen;
	bool oom;
};

/* ---- helpers for handlers ----------------------------------------- */

void *pc_alloc(struct conf_pctx *p, size_t n);
const char *pc_strdup(struct conf_pctx *p, const char *s);
/* The arguments from v[from] on, re-quoted and joined by spaces. */
const char *pc_join(struct conf_pctx *p, const struct conf_args *a, int from);
void pc_err(struct conf_pctx *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pc_warn(struct conf_pctx *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A warning once per `key`, counting the other times. */
void pc_warn_once(struct conf_pctx *p, const void *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Exactly `min`..`max` arguments after the keyword, else a diagnostic
 * (too few: error, returns -1; too many: warning, extra ignored). */
int pc_nargs(struct conf_pctx *p, const struct conf_args *a, int min, int max);
/* Look `s` up (case-insensitive) without a diagnostic: 0 or -1. */
int conf_enum_find(const struct conf_enum *e, const char *s, int *v);
int pc_enum(struct conf_pctx *p, const char *what, const char *s,
	    const struct conf_enum *e, int *v);
int pc_u32(struct conf_pctx *p, const char *what, const char *s, int64_t min,
	   int64_t max, uint32_t *v);
int pc_i32(struct conf_pctx *p, const char *what, const char *s, int64_t min,
	   int64_t max, int32_t *v);
int pc_time(struct conf_pctx *p, const char *what, const char *s, int64_t min,
	    int64_t max, uint64_t *v);
int pc_addr(struct conf_pctx *p, const char *what, const char *s,
	    bool allow_prefix, struct conf_addr *v);
/* A host address; ADDR/LEN is taken as ADDR with a warning, as
 * keepalived ignores the prefix of a source or peer address. */
int pc_host_addr(struct conf_pctx *p, const char *what, const char *s,
		 struct conf_addr *v);
int pc_port(struct conf_pctx *p, const char *what, const char *s, uint16_t *v);
/* 0..65535: 0 is "no port", as keepalived writes the port of a service
 * that persists on all ports or of a fwmark service's real servers. */
int pc_port0(struct conf_pctx *p, const char *what, const char *s, uint16_t *v);
void pc_script_set(struct conf_pctx *p, struct conf_script *s,
		   const struct conf_args *a, int from);
void pc_kept(struct conf_pctx *p, struct conf_list *kept,
	     const struct conf_args *a);
/* "NAME weight N [reverse|noreverse|no_reverse]" into a list */
int pc_track(struct conf_pctx *p, struct conf_list *l,
	     const struct conf_args *a, int64_t wmin, int64_t wmax);
void pc_str_append(struct conf_pctx *p, struct conf_list *l, const char *s);
/* A "not supported yet" diagnostic once per `key` (a part of a line). */
void pc_unsupported_once(struct conf_pctx *p, const void *key, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));
/* The keyword `name` in block b, or the block it shares keywords with;
 * for the top level and global_defs, in core's table or a subsystem's. */
const struct conf_kw *conf_kw_lookup(const struct conf_block *b,
				     const char *name);

#define FIELD(obj, off, type) ((type *)((char *)(obj) + (off)))

/* ---- generic handlers --------------------------------------------- */

int kw_flag(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
/* weight N [reverse]: the int32 at off, its bool `reverse` right after
 * (vrrp_script, track_file, vrrp_track_process, bfd_instance...). */
int kw_weight(struct conf_pctx *, const struct conf_kw *, void *,
	      const struct conf_args *);
/* A flag that takes no value: keepalived ignores any (nopreempt 1,
 * nopreempt off: both set it), vigil too, with a warning. */
int kw_flag_only(struct conf_pctx *, const struct conf_kw *, void *,
		 const struct conf_args *);
int kw_tri(struct conf_pctx *, const struct conf_kw *, void *,
	   const struct conf_args *);
int kw_u32(struct conf_pctx *, const struct conf_kw *, void *,
	   const struct conf_args *);
int kw_i32(struct conf_pctx *, const struct conf_kw *, void *,
	   const struct conf_args *);
int kw_port(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
int kw_time(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
int kw_str(struct conf_pctx *, const struct conf_kw *, void *,
	   const struct conf_args *);
int kw_addr(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
int kw_enum8(struct conf_pctx *, const struct conf_kw *, void *,
	     const struct conf_args *);
int kw_script(struct conf_pctx *, const struct conf_kw *, void *,
	      const struct conf_args *);
int kw_user(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
int kw_strlist(struct conf_pctx *, const struct conf_kw *, void *,
	       const struct conf_args *);
int kw_kept(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
/* Opens `sub` on the same object, or on the list at `off` (kw_sub_list). */
int kw_sub_same(struct conf_pctx *, const struct conf_kw *, void *,
		const struct conf_args *);
int kw_sub_list(struct conf_pctx *, const struct conf_kw *, void *,
		const struct conf_args *);
/* A list block of strings (one per line) at the list given to it. */
int line_str(struct conf_pctx *p, void *obj, const struct conf_args *a);
/* A list block of track entries: NAME [weight N] [reverse]. */
int line_track253(struct conf_pctx *p, void *obj, const struct conf_args *a);
int line_track254(struct conf_pctx *p, void *obj, const struct conf_args *a);

/* ---- generic handlers for more than one subsystem ------------------- */

/* [NAME]: a name, or the default in kw->aux when none is written */
int kw_opt_name(struct conf_pctx *, const struct conf_kw *, void *,
		const struct conf_args *);
/* PATH [USER [GROUP]] into the struct conf_fifo at off */
int kw_fifo(struct conf_pctx *, const struct conf_kw *, void *,
	    const struct conf_args *);
/* COMMAND [USER [GROUP]] into the script of the struct conf_fifo at off */
int kw_fifo_script(struct conf_pctx *, const struct conf_kw *, void *,
		   const struct conf_args *);

/* A top-level block that makes a named object (vrrp_instance NAME {...}):
 * kw->aux is a struct conf_named; the object starts with next, loc, name
 * and is appended to the list at list_off in struct conf. */
struct conf_named {
	size_t list_off;
	size_t size;
	void (*init)(void *obj); /* NULL: all zero */
};

int conf_open_named(struct conf_pctx *, const struct conf_kw *, void *,
		    const struct conf_args *);

/* ---- core's blocks ------------------------------------------------ */

extern const struct conf_block conf_blk_top;	  /* core's top level */
extern const struct conf_block conf_blk_global;	  /* core's global_defs */
extern const struct conf_block conf_blk_str_list; /* one string a line */

/* ---- subsystems ----------------------------------------------------- */

struct vctx;

/*
 * A subsystem's part of the config, one row of conf_subsystems[]
 * (core/conf/conf_subsys.c): its top-level keywords (blocks it opens there
 * and single lines), its global_defs keywords, the other blocks it defines
 * (for keyword listings and the table tests), the UNSET markers of its
 * global_defs fields (run before parsing) and its part of conf_validate()
 * (run in table order, after core's global_defs defaults).
 */
struct conf_subsys {
	const char *name;
	const struct conf_block *top;		/* named "" */
	const struct conf_block *global;	/* named "global_defs" */
	const struct conf_block *const *blocks; /* NULL-terminated */
	void (*init)(struct conf_global *g);	/* NULL: no defaults */
	void (*validate)(struct vctx *x);	/* NULL: nothing to check */
};

extern const struct conf_subsys *const conf_subsystems[];
extern const size_t conf_nsubsystems;
/* the rows, each defined in its subsystem's folder */
extern const struct conf_subsys conf_subsys_vrrp;  /* vrrp/conf_vrrp.c */
extern const struct conf_subsys conf_subsys_check; /* check/conf_check.c */
extern const struct conf_subsys conf_subsys_sync;  /* sync/conf_sync.c */
extern const struct conf_subsys conf_subsys_mgmt;  /* mgmt/conf_mgmt.c */
extern const struct conf_subsys conf_subsys_bfd;   /* bfd/conf_bfd.c */

/* Every block: core's, then each subsystem's top, global and others. */
typedef void (*conf_block_fn)(const struct conf_block *b, void *arg);
void conf_for_each_block(conf_block_fn fn, void *arg);

#endif
