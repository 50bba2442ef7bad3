/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Field descriptors of the config model (core/conf/conf_model.h): per struct, a
 * table of its fields with their kind. conf_equal() and conf_dump() walk
 * them; a reload diff compares objects with conf_desc_eq(), e.g.
 *
 *   conf_desc_eq(&conf_td_vs, old_vs, new_vs, false)
 *
 * is true when a virtual server (with its real servers and checkers) is
 * unchanged apart from where it is written.
 */
#ifndef VIGIL_CORE_CONF_DESC_H
#define VIGIL_CORE_CONF_DESC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/conf/conf_int.h"

enum conf_fkind {
	FK_END = 0,
	FK_BOOL,
	FK_I8,
	FK_U8,
	FK_U16,
	FK_I32,
	FK_U32,
	FK_U64,
	FK_TIME,   /* uint64_t microseconds */
	FK_BYTES,  /* fixed array, compared and printed as bytes */
	FK_STR,	   /* const char *, NULL allowed */
	FK_ADDR,   /* struct conf_addr */
	FK_SCRIPT, /* struct conf_script */
	FK_LOC,	   /* struct conf_loc: ignored unless with_loc */
	FK_STRUCT, /* embedded struct of type `sub` */
	FK_PTR,	   /* pointer to a struct of type `sub`, NULL allowed */
	FK_LIST,   /* struct conf_list of `sub` */
};

struct conf_tdesc;

struct conf_fdesc {
	const char *name;
	size_t off;
	enum conf_fkind kind;
	const struct conf_tdesc *sub;
	size_t size;
};

struct conf_tdesc {
	const char *name;
	size_t size;
	const struct conf_fdesc *f; /* ends with a NULL name */
};

extern const struct conf_tdesc conf_td_conf, conf_td_global, conf_td_vrrp,
	conf_td_vs, conf_td_rs, conf_td_check, conf_td_script, conf_td_ipaddr,
	conf_td_route, conf_td_rule, conf_td_str, conf_td_kept;
/* every descriptor, NULL-terminated (for the coverage test) */
extern const struct conf_tdesc *const conf_all_tdescs[];

bool conf_desc_eq(const struct conf_tdesc *t, const void *a, const void *b,
		  bool with_loc);
bool conf_desc_list_eq(const struct conf_tdesc *t, const struct conf_list *a,
		       const struct conf_list *b, bool with_loc);

#endif
