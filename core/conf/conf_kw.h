/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keyword tables and the parse context (internal to core/conf*.c).
 *
 * Each block has one table sorted by keyword name (checked by a unit test)
 * and looked up by binary search. An entry names its handler: mostly a
 * generic typed setter that writes the field at `off` in the block's object
 * (kw_u32, kw_time, kw_str...), with `min`/`max` for ranges; a keyword that
 * opens a block sets p->child and names the block in `sub`. `status` says
 * whether vigil acts on the keyword (see enum conf_kw_status in conf.h); a
 * deprecated spelling names its modern keyword in `alias`.
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
int pc_port(struct conf_pctx *p, const char *what, const char *s, uint16_t *v);
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
/* The keyword `name` in block b (or the block it shares keywords with). */
const struct conf_kw *conf_kw_lookup(const struct conf_block *b,
				     const char *name);

#define FIELD(obj, off, type) ((type *)((char *)(obj) + (off)))

/* ---- generic handlers --------------------------------------------- */

int kw_flag(struct conf_pctx *, const struct conf_kw *, void *,
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
/* garp_extra_if [all] SECONDS into a struct conf_garp_extra */
int kw_garp_extra(struct conf_pctx *, const struct conf_kw *, void *,
		  const struct conf_args *);
/* notify_deleted [COMMAND [USER [GROUP]]] into a struct conf_notify */
int kw_notify_deleted(struct conf_pctx *, const struct conf_kw *, void *,
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

/* ---- the tables --------------------------------------------------- */

extern const struct conf_block conf_blk_top;
extern const struct conf_block conf_blk_global;
extern const struct conf_block conf_blk_vrrp;
extern const struct conf_block conf_blk_vs;
/* every block, for conf_for_each_keyword() and the table tests */
extern const struct conf_block *const conf_all_blocks[];
extern const size_t conf_nblocks;

/* Blocks and handlers that live in other files. */
extern const struct conf_block conf_blk_ipaddr_list;
extern const struct conf_block conf_blk_route_list;
extern const struct conf_block conf_blk_rule_list;
extern const struct conf_block conf_blk_str_list;
extern const struct conf_block conf_blk_track_if;
extern const struct conf_block conf_blk_track253;
extern const struct conf_block conf_blk_track254;
extern const struct conf_block conf_blk_auth;
extern const struct conf_block conf_blk_auth_hmac;
extern const struct conf_block conf_blk_peers;
extern const struct conf_block conf_blk_script;
extern const struct conf_block conf_blk_track_process;
extern const struct conf_block conf_blk_track_file;
extern const struct conf_block conf_blk_bfd;
extern const struct conf_block conf_blk_sync_group;
extern const struct conf_block conf_blk_garp_group;
extern const struct conf_block conf_blk_track_group;
extern const struct conf_block conf_blk_linkbeat;
extern const struct conf_block conf_blk_if_delays;
extern const struct conf_block conf_blk_vsg;
extern const struct conf_block conf_blk_rs;
extern const struct conf_block conf_blk_ssl;
extern const struct conf_block conf_blk_check[CONF_CHECK_MAX];
extern const struct conf_block conf_blk_url;
extern const struct conf_block conf_blk_check_common;
extern const struct conf_block conf_blk_misc_common;
extern const struct conf_block conf_blk_smtp_host;

int conf_open_global(struct conf_pctx *, const struct conf_kw *, void *,
		     const struct conf_args *);
int conf_open_vrrp(struct conf_pctx *, const struct conf_kw *, void *,
		   const struct conf_args *);
int conf_open_vs(struct conf_pctx *, const struct conf_kw *, void *,
		 const struct conf_args *);
int conf_open_vsg(struct conf_pctx *, const struct conf_kw *, void *,
		  const struct conf_args *);
int conf_open_named(struct conf_pctx *, const struct conf_kw *, void *,
		    const struct conf_args *);
int conf_open_ssl(struct conf_pctx *, const struct conf_kw *, void *,
		  const struct conf_args *);
int conf_open_garp_group(struct conf_pctx *, const struct conf_kw *, void *,
			 const struct conf_args *);
int conf_open_check(struct conf_pctx *, const struct conf_kw *, void *,
		    const struct conf_args *);
int conf_line_ipaddr(struct conf_pctx *p, void *obj, const struct conf_args *a);
int conf_line_route(struct conf_pctx *p, void *obj, const struct conf_args *a);
int conf_line_rule(struct conf_pctx *p, void *obj, const struct conf_args *a);

/* Object constructors: every UNSET field set (core/conf/conf_obj.c). */
void conf_init_global(struct conf_global *g);
void conf_init_vrrp(struct conf_vrrp *v);
void conf_init_script(struct conf_vrrp_script *s);
void conf_init_track_process(struct conf_track_process *t);
void conf_init_track_file(struct conf_track_file *t);
void conf_init_bfd(struct conf_bfd *b);
void conf_init_notify(struct conf_notify *n);
void conf_init_garp_group(struct conf_garp_group *g);
void conf_init_vs(struct conf_vs *vs);
void conf_init_rs(struct conf_rs *rs);
void conf_init_check(struct conf_check *c, int type);
void conf_init_url(struct conf_url *u);
void conf_init_route(struct conf_route *r);
void conf_init_rule(struct conf_rule *r);
void conf_init_ipaddr(struct conf_ipaddr *a);
void conf_init_fwd(struct conf_fwd *f);

#endif
