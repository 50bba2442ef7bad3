/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The preprocessor's state, shared by conf_pre.c (files, includes, the
 * snapshot) and conf_pre_line.c (conditionals, definitions, ~SEQ/~LST,
 * substitution). Internal to core/conf_pre*.c. */
#ifndef VIGIL_CORE_CONF_PRE_H
#define VIGIL_CORE_CONF_PRE_H

#include "core/conf/conf_int.h"

#define PP_MAX_DEPTH 32		  /* nested expansions, includes */
#define PP_MAX_LINE (1u << 20)	  /* one expanded line */
#define PP_MAX_OUT (256u << 20)	  /* the whole snapshot */
#define PP_MAX_ITER 100000u	  /* one ~SEQ / ~LST */
#define PP_MAX_ITER_ALL 10000000u /* all of them together */
#define PP_MAX_STMTS 5000000u	  /* lines after expansion */

/* include_check bits (keepalived.conf(5) "include_check") */
#define PP_IC_READABLE 0x1u
#define PP_IC_MATCH 0x2u
#define PP_IC_WILDCARD 0x4u
#define PP_IC_BRACE 0x8u
#define PP_IC_ALL 0xfu

struct pp_var {
	char *name;
	char *value;
	bool multiline;
};

struct pp_frame {
	char *abs; /* realpath, for loops; NULL for a buffer */
	char *dir; /* directory as named, for relative includes */
	char *pwd; /* absolute directory, ${_PWD} */
	int file;  /* id in the snapshot */
	unsigned include_check;
};

struct pp {
	const struct conf_opts *o;
	struct conf_diags *d;
	struct conf_buf out;
	char **files;
	size_t nfiles;
	struct pp_frame stack[PP_MAX_DEPTH];
	int depth;
	struct pp_var *vars;
	size_t nvars, capvars;
	/* a multi-line definition being read from a file */
	struct pp_var *collect;
	struct conf_buf cval;
	struct conf_loc cloc;
	/* origin of the last line written, to elide #@L markers */
	int last_file, last_line;
	uint64_t rnd;
	unsigned long iterations; /* ~SEQ/~LST repetitions so far */
	unsigned long stmts;	  /* lines processed, expansions included */
	bool no_includes;
	bool fatal; /* stop: output too large, out of memory */
	struct conf_toks toks;
};

/* conf_pre_line.c */
void pp_raw_line(struct pp *pp, const struct conf_loc *loc, int file,
		 const char *s, size_t len);
void pp_finish_collect(struct pp *pp);
void pp_vars_free(struct pp *pp);
int pp_set_var(struct pp *pp, const char *name, size_t nlen, const char *value,
	       size_t vlen, bool multiline);

/* conf_pre.c */
void pp_emit(struct pp *pp, const struct conf_loc *loc, int file, const char *s,
	     size_t len);
/* Returns true if the line was an include directive (handled). */
bool pp_include(struct pp *pp, const struct conf_loc *loc, const char *s,
		size_t len);

#endif
