/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config: keepalived's language read into a typed, comparable model.
 *
 * Three stages, each usable on its own:
 *
 *   conf_preprocess()  files -> one snapshot text. Follows `include` (globs,
 *                      relative paths), applies `@name`/`@^name` lines for
 *                      the config id, expands `$NAME` definitions and
 *                      `~SEQ(...)`. The snapshot needs no file to be read
 *                      again and keeps each line's origin (file:line) in
 *                      markers, so diagnostics from a child name the file
 *                      the admin wrote. The parent seals it in a memfd.
 *   conf_parse()       snapshot -> model (core/conf/conf_model.h), with a
 *                      diagnostic for every unknown keyword, bad argument
 *                      and keyword that vigil does not act on yet.
 *   conf_validate()    whole-model checks: ranges, addresses, references,
 *                      conflicts; fills keepalived's defaults.
 *
 * None of this logs or exits; every problem is a diagnostic with file:line,
 * all of them collected, so `vigild -t` prints every error at once.
 */
#ifndef VIGIL_CORE_CONF_H
#define VIGIL_CORE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum conf_severity {
	CONF_ERROR = 0,	  /* the config is refused */
	CONF_UNSUPPORTED, /* parsed and kept, but vigil does not act on it
			      * yet: an error with --strict */
	CONF_WARNING,	  /* accepted; something the admin should know */
};

struct conf_diag {
	enum conf_severity severity;
	char *file; /* as the admin named it; "" if none */
	int line;   /* 1-based; 0 if none */
	char *msg;
};

struct conf_diags {
	struct conf_diag *v;
	size_t n, cap;
	size_t errors, unsupported, warnings;
	/* a script that exists will run without enable_script_security's
	 * checks (keepalived's "SECURITY VIOLATION"; vigild -t exits 6) */
	bool insecure_scripts;
};

void conf_diags_init(struct conf_diags *d);
void conf_diags_free(struct conf_diags *d);
/* file may be NULL. Returns 0, or -1 on allocation failure. */
int conf_diag_add(struct conf_diags *d, enum conf_severity sev,
		  const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* "file:line: error: message" one per line, in the order found. */
void conf_diags_print(const struct conf_diags *d, FILE *out);
/* The same, the first max of them, and then "... N more diagnostics not
 * shown" if there were more (counted ones included). */
void conf_diags_print_max(const struct conf_diags *d, FILE *out, size_t max);
/* The errors from index `from` on become warnings, their message ending
 * in `suffix` (keepalived's fallback: a bad value is ignored). */
void conf_diags_demote(struct conf_diags *d, size_t from, const char *suffix);
/* Failed: any error, or (strict, for config repositories' CI) any
 * diagnostic at all: a keyword not acted on yet or a warning. */
bool conf_diags_failed(const struct conf_diags *d, bool strict);

struct conf_opts {
	const char *config_id; /* -i: selects `@name` lines; NULL = none */
	/* Does this interface exist? NULL = do not check (unit tests,
	 * children: the parent already checked). Used by -t, as keepalived
	 * reports a missing interface as a config error there. */
	bool (*iface_exists)(const char *name, void *arg);
	void *iface_arg;
	/* conf_test_file() prints at most this many diagnostics, then one
	 * line with the count of the rest; 0 = all. */
	size_t show_max;
	/* Does this user exist? NULL = do not check. A script_user that
	 * does not is a warning (keepalived disables the scripts). */
	bool (*user_exists)(const char *name);
	/* Does the program of this script command exist (as keepalived,
	 * which checks only scripts it finds)? NULL = do not check. */
	bool (*script_exists)(const char *cmd);
};

/*
 * Read `path` and everything it includes into a snapshot. Returns 0 with
 * *text (malloc'd, NUL-terminated, *len bytes without the NUL) or -1 with
 * diagnostics (missing file, include loop, bad ~SEQ...). Diagnostics may be
 * added on success too (warnings). On -1 *text is still set when the main
 * file could be read (what could be made of it), so that the caller can
 * parse it and report every error at once; it is NULL when nothing could
 * be read or the expansion ran away (too large, a definition that refers
 * to itself). The caller frees *text.
 */
int conf_preprocess(const char *path, const struct conf_opts *o, char **text,
		    size_t *len, struct conf_diags *d);

struct conf; /* see core/conf/conf_model.h */

/* Parse a snapshot. Returns a model even when there are errors (NULL only on
 * allocation failure), so every error is reported at once. */
struct conf *conf_parse(const char *text, size_t len, const struct conf_opts *o,
			struct conf_diags *d);
/* Whole-model checks and defaults. Returns 0, or -1 if an error was added. */
int conf_validate(struct conf *c, const struct conf_opts *o,
		  struct conf_diags *d);
void conf_free(struct conf *c);

/* preprocess + parse + validate. NULL with diagnostics if the file cannot
 * be read; otherwise the model (check conf_diags_failed()). *snapshot gets
 * the snapshot text if not NULL. */
struct conf *conf_load(const char *path, const struct conf_opts *o,
		       struct conf_diags *d, char **snapshot, size_t *len);

/* No object at all: no vrrp_instance, virtual_server, static address,
 * route or rule, nothing any child would run. */
bool conf_is_empty(const struct conf *c);

/* Which children this config needs. */
bool conf_needs_check(const struct conf *c);
bool conf_needs_vrrp(const struct conf *c);
bool conf_needs_sync(const struct conf *c);
bool conf_needs_bfd(const struct conf *c); /* a bfd_instance */
/* How soon, in microseconds, a VRRP peer may take over after this
 * config's vrrp child stops advertising; 0 without instances. */
uint64_t conf_vrrp_takeover(const struct conf *c);

/*
 * Every command the config may ask the parent to run (vrrp_script,
 * MISC_CHECK, notify scripts, quorum_up/down, ...), as written after
 * variable expansion. The parent runs only these.
 */
typedef void (*conf_script_fn)(const char *cmd, void *arg);
void conf_for_each_script(const struct conf *c, conf_script_fn fn, void *arg);

/* Every script slot of the model (struct conf_script in conf_model.h), set
 * or not: validation and the parent's script policy. */
struct conf_script;
typedef void (*conf_script_obj_fn)(const struct conf_script *s, void *arg);
void conf_for_each_script_obj(const struct conf *c, conf_script_obj_fn fn,
			      void *arg);

/* ---- additions (config reader, issue 2) ---------------------------- */

/*
 * Like conf_preprocess() but from memory: `name` is the file name that
 * diagnostics show; `include` is refused (nothing is read from disk). For
 * tests and the fuzzer. On -1, *text may still hold the snapshot of what
 * could be read (so a caller can report every error); free it.
 */
int conf_preprocess_buffer(const char *name, const char *buf, size_t len,
			   const struct conf_opts *o, char **text, size_t *tlen,
			   struct conf_diags *d);

/* keepalived's default config id: the first label of the host name. */
void conf_default_config_id(char *buf, size_t n);

/*
 * `vigild -t` / conftest: load `path`, print every diagnostic to `out`
 * (conf_diags_print; at most o->show_max of them) and say whether vigild
 * would run it, with keepalived's codes for `keepalived -t`
 * (KEEPALIVED_CHK_EXIT_*): 0 it runs and there is nothing to say; 5 it
 * runs, with warnings or keywords not acted on yet; 4 it cannot run (an
 * error, a missing file; with strict, any diagnostic).
 */
enum conf_test_result {
	CONF_TEST_OK = 0,
	CONF_TEST_CANNOT_RUN = 4,
	CONF_TEST_WARNINGS = 5,
	CONF_TEST_SECURITY = 6, /* runs; scripts without script security */
};

enum conf_test_result conf_test_file(const char *path,
				     const struct conf_opts *o, bool strict,
				     FILE *out);

/* The model equals the other one field by field (ignoring file:line). */
bool conf_equal(const struct conf *a, const struct conf *b);

/* Print the model as keyword-like text, every field (tests, debugging). */
void conf_dump(const struct conf *c, FILE *out);

/*
 * Keyword status, as the keyword tables say (core/conf/conf_kw_*.c for
 * the keywords of no subsystem, check/conf_*.c, vrrp/conf_*.c). A
 * subsystem that starts acting on a keyword flips its entry from
 * CONF_KW_PENDING to CONF_KW_ACTIVE there.
 */
enum conf_kw_status {
	CONF_KW_ACTIVE = 0, /* vigil acts on it */
	CONF_KW_PENDING,    /* typed in the model, not acted on yet */
	CONF_KW_KEPT,	    /* keepalived keyword kept verbatim, no field */
};

/* Call fn for every keyword of every block (conftest --keywords). */
typedef void (*conf_kw_fn)(const char *block, const char *keyword,
			   enum conf_kw_status status, bool deprecated,
			   const char *replacement, void *arg);
void conf_for_each_keyword(conf_kw_fn fn, void *arg);

#endif
