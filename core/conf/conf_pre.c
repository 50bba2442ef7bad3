// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The preprocessor: files and includes in, one snapshot out (see
 * CONF_SNAP_MAGIC in core/conf/conf_int.h for its markers).
 *
 * include FILE: FILE may hold wildcards and csh brace alternatives; a
 * relative FILE is relative to the directory of the including file (as
 * keepalived does, keepalived.conf(5) "include"). includer/includem/
 * includew/includeb/includea and global_defs' include_check make missing
 * or unreadable files errors; the plain include only warns about a missing
 * file and says nothing when a wildcard matches nothing (conf.d style). An
 * include loop is an error at the including line, where keepalived recurses
 * until it runs out of file descriptors.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "core/conf/conf_pre.h"

/* One file, documented in vigil.conf(5) "Includes". */
#define MAX_FILE_SIZE (64u << 20)
#define MAX_FILE_SIZE_TEXT "64 MiB"
#define MAX_BRACE_ALTS 1024

/* ---- the snapshot ------------------------------------------------- */

static int
add_file(struct pp *pp, const char *name)
{
	char **v = realloc(pp->files, (pp->nfiles + 1) * sizeof(*v));

	if (!v) {
		pp->fatal = true;
		return -1;
	}
	pp->files = v;
	v[pp->nfiles] = strdup(name);
	if (!v[pp->nfiles]) {
		pp->fatal = true;
		return -1;
	}
	conf_buf_printf(&pp->out, "#@F %zu ", pp->nfiles);
	conf_lex_quote(&pp->out, name, false);
	conf_buf_addc(&pp->out, '\n');
	return (int)pp->nfiles++;
}

void
pp_emit(struct pp *pp, const struct conf_loc *loc, int file, const char *s,
	size_t len)
{
	const char *err;

	if (conf_lex_line(s, len, false, &pp->toks, &err) < 0) {
		conf_err(pp->d, loc, "%s", err);
		return;
	}
	if (pp->toks.n == 0)
		return;
	if (file != pp->last_file || loc->line != pp->last_line + 1)
		conf_buf_printf(&pp->out, "#@L %d %d\n", file, loc->line);
	pp->last_file = file;
	pp->last_line = loc->line;
	for (size_t k = 0; k < pp->toks.n; k++) {
		const struct conf_tok *t = &pp->toks.v[k];

		if (k)
			conf_buf_addc(&pp->out, ' ');
		conf_lex_quote(&pp->out, t->s,
			       conf_tok_is(t, '{') || conf_tok_is(t, '}'));
	}
	conf_buf_addc(&pp->out, '\n');
	if (pp->out.len > PP_MAX_OUT && !pp->fatal) {
		conf_err(pp->d, loc,
			 "the configuration expands to more than "
			 "%u MiB",
			 PP_MAX_OUT >> 20);
		pp->fatal = true;
	}
	if (pp->out.oom)
		pp->fatal = true;
}

/* ---- reading files ------------------------------------------------ */

/*
 * What may be read as a config file: a regular file on a real file
 * system. A FIFO would block open() and read() until a writer comes (the
 * parent's loop, its control socket and its signals with it); a device,
 * a socket or a directory is not a config; a file of /proc or /sys says
 * st_size 0 and is made up as it is read. NULL if st is fine.
 */
static const char *
not_a_config(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return NULL;
	if (S_ISFIFO(st->st_mode))
		return "a FIFO, not a regular file";
	if (S_ISDIR(st->st_mode))
		return "a directory, not a regular file";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "a device, not a regular file";
	if (S_ISSOCK(st->st_mode))
		return "a socket, not a regular file";
	return "not a regular file";
}

static const char *
pseudo_fs(int fd)
{
	static const long magic[] = {
		PROC_SUPER_MAGIC,    SYSFS_MAGIC,      DEBUGFS_MAGIC,
		TRACEFS_MAGIC,	     SECURITYFS_MAGIC, CGROUP_SUPER_MAGIC,
		CGROUP2_SUPER_MAGIC, BPF_FS_MAGIC,
	};
	struct statfs fs;

	if (fstatfs(fd, &fs) < 0)
		return NULL;
	for (size_t i = 0; i < sizeof(magic) / sizeof(magic[0]); i++)
		if ((long)fs.f_type == magic[i])
			return "a file of a kernel pseudo file system "
			       "(/proc, /sys...), not a config file";
	return NULL;
}

/* Make room for more of a file: its size and a page to find its end,
 * doubled while it grows, up to one byte past MAX_FILE_SIZE (to know it
 * is too large). */
static int
grow(char **buf, size_t *cap, size_t size)
{
	size_t c = *cap ? *cap * 2 : size + 4096;
	char *b;

	if (c > MAX_FILE_SIZE + 1)
		c = MAX_FILE_SIZE + 1;
	if (!(b = realloc(*buf, c)))
		return -1;
	*buf = b;
	*cap = c;
	return 0;
}

/* Read the whole file, up to MAX_FILE_SIZE bytes; until its end, not its
 * st_size, which may change while it is read. *why: errno's text or the
 * reason it is refused. */
static char *
read_all(const char *path, size_t *len, const char **why)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0, cap = 0;
	ssize_t n = 0;
	int fd = -1;

	/* stat before open: never open a FIFO or a device at all; fstat
	 * after: what was opened is what was checked. */
	if (stat(path, &st) < 0)
		goto fail;
	if ((*why = not_a_config(&st)))
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0)
		goto fail;
	if ((*why = not_a_config(&st)) || (*why = pseudo_fs(fd)))
		goto refuse;
	for (;;) {
		if (got > MAX_FILE_SIZE)
			break;
		if (got == cap && grow(&buf, &cap, (size_t)st.st_size) < 0)
			goto fail;
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (n < 0)
		goto fail;
	if (got > MAX_FILE_SIZE) {
		*why = "larger than " MAX_FILE_SIZE_TEXT;
		goto refuse;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
fail:
	*why = strerror(errno);
refuse:
	free(buf);
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void
run_lines(struct pp *pp, int file, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	struct conf_loc loc = {pp->files[file], 0};

	while (p < end && !pp->fatal) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		loc.line++;
		pp_raw_line(pp, &loc, file, p, l);
		p = nl ? nl + 1 : end;
	}
	pp_finish_collect(pp);
}

static char *
dir_of(const char *path)
{
	char *tmp = strdup(path), *d;

	if (!tmp)
		return NULL;
	d = strdup(dirname(tmp));
	free(tmp);
	return d;
}

static void
frame_free(struct pp_frame *f)
{
	free(f->abs);
	free(f->dir);
	free(f->pwd);
	memset(f, 0, sizeof(*f));
}

/* Push a frame for `name` (abs may be NULL for a buffer). */
static struct pp_frame *
push(struct pp *pp, const char *name, char *abs)
{
	struct pp_frame *f = &pp->stack[pp->depth];
	unsigned ic = pp->depth ? pp->stack[pp->depth - 1].include_check : 0;

	f->abs = abs;
	f->dir = dir_of(name);
	f->pwd = abs ? dir_of(abs) : getcwd(NULL, 0);
	f->include_check = ic;
	f->file = add_file(pp, name);
	if (!f->dir || !f->pwd || f->file < 0) {
		frame_free(f);
		pp->fatal = true;
		return NULL;
	}
	pp->depth++;
	return f;
}

static void
pop(struct pp *pp)
{
	frame_free(&pp->stack[--pp->depth]);
}

/* Read one file; `from` is the include line (NULL for the main file). */
static int
run_file(struct pp *pp, const char *name, const struct conf_loc *from)
{
	char *abs = realpath(name, NULL), *buf;
	struct pp_frame *f;
	size_t len = 0;
	const char *why = NULL;

	for (int i = 0; abs && i < pp->depth; i++) {
		if (pp->stack[i].abs && !strcmp(pp->stack[i].abs, abs)) {
			conf_err(pp->d, from,
				 "include loop: '%s' is already "
				 "being read (it includes itself)",
				 name);
			free(abs);
			return -1;
		}
	}
	if (pp->depth >= PP_MAX_DEPTH) {
		conf_err(pp->d, from, "includes nested more than %d deep",
			 PP_MAX_DEPTH);
		free(abs);
		return -1;
	}
	buf = read_all(name, &len, &why);
	if (!buf) {
		if (from)
			conf_err(pp->d, from, "cannot read '%s': %s", name,
				 why);
		else
			conf_diag_add(pp->d, CONF_ERROR, name, 0,
				      "cannot read: %s", why);
		free(abs);
		return -1;
	}
	f = push(pp, name, abs);
	if (f) {
		run_lines(pp, f->file, buf, len);
		pop(pp);
	}
	free(buf);
	return 0;
}

/* ---- include ------------------------------------------------------ */

struct alts {
	char **v;
	size_t n;
};

static int
alts_push(struct alts *a, char *s)
{
	char **v;

	if (!s || a->n >= MAX_BRACE_ALTS)
		goto fail;
	v = realloc(a->v, (a->n + 1) * sizeof(*v));
	if (!v)
		goto fail;
	a->v = v;
	a->v[a->n++] = s;
	return 0;
fail:
	free(s);
	return -1;
}

static void
alts_free(struct alts *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* The first {a,b} group of s: its open, close and whether it has a comma. */
static bool
brace_group(const char *s, const char **open, const char **close)
{
	for (const char *o = strchr(s, '{'); o; o = strchr(o + 1, '{')) {
		int depth = 0;
		bool comma = false;

		for (const char *p = o; *p; p++) {
			if (*p == '{')
				depth++;
			else if (*p == '}' && --depth == 0) {
				if (!comma)
					break;
				*open = o;
				*close = p;
				return true;
			} else if (*p == ',' && depth == 1)
				comma = true;
		}
	}
	return false;
}

/* csh brace expansion, as glob(3) GLOB_BRACE does, one level at a time. */
static int
expand_braces(const char *s, struct alts *out, int depth)
{
	const char *open, *close, *alt;
	int d = 0;

	if (depth > 16 || !brace_group(s, &open, &close))
		return alts_push(out, strdup(s));
	alt = open + 1;
	for (const char *p = open + 1; p <= close; p++) {
		if (*p == '{')
			d++;
		else if (*p == '}' && d > 0)
			d--;
		else if ((*p == ',' && d == 0) || p == close) {
			char *n = NULL;

			if (asprintf(&n, "%.*s%.*s%s", (int)(open - s), s,
				     (int)(p - alt), alt, close + 1) < 0)
				return -1;
			if (expand_braces(n, out, depth + 1) < 0) {
				free(n);
				return -1;
			}
			free(n);
			alt = p + 1;
		}
	}
	return 0;
}

static bool
has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static unsigned
include_variant(const char *w)
{
	static const struct {
		const char *kw;
		unsigned checks;
	} v[] = {
		{"include", 0},
		{"includer", PP_IC_READABLE},
		{"includem", PP_IC_MATCH | PP_IC_READABLE},
		{"includew", PP_IC_WILDCARD | PP_IC_READABLE},
		{"includeb", PP_IC_BRACE | PP_IC_READABLE},
		{"includea", PP_IC_ALL},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcmp(w, v[i].kw))
			return v[i].checks | 0x100u;
	return 0;
}

/* include_check [OPTIONS]: none = all; names replace, +/- modify. */
static void
include_check(struct pp *pp, const struct conf_toks *t)
{
	static const char *const names[] = {"readable", "match",
					    "wildcard_match", "brace_match"};
	unsigned *ic = &pp->stack[pp->depth - 1].include_check;
	unsigned v = t->n == 1 ? PP_IC_ALL : *ic;
	bool replaced = false;

	for (size_t k = 1; k < t->n; k++) {
		const char *w = t->v[k].s;
		char op = (*w == '+' || *w == '-') ? *w++ : 0;

		for (unsigned i = 0; i < 4; i++) {
			if (strcmp(w, names[i]))
				continue;
			if (!op && !replaced) {
				v = 0;
				replaced = true;
			}
			/* match, wildcard and brace imply readable */
			if (op == '-')
				v &= ~(1u << i);
			else
				v |= (1u << i) | (i ? PP_IC_READABLE : 0);
		}
	}
	*ic = v;
}

static void
include_one(struct pp *pp, const struct conf_loc *loc, const char *path,
	    unsigned checks, bool braces)
{
	glob_t g;
	int r = glob(path, 0, NULL, &g);

	if (r == GLOB_NOMATCH || (r == 0 && g.gl_pathc == 0)) {
		if (has_wildcard(path) && (checks & PP_IC_WILDCARD))
			conf_err(pp->d, loc, "include: no file matches '%s'",
				 path);
		else if (!has_wildcard(path) &&
			 ((checks & PP_IC_MATCH) ||
			  (braces && (checks & PP_IC_BRACE))))
			conf_err(pp->d, loc, "include: '%s' does not exist",
				 path);
		else if (!has_wildcard(path))
			conf_warn(pp->d, loc, "include: '%s' does not exist",
				  path);
	} else if (r != 0) {
		conf_err(pp->d, loc, "include: cannot expand '%s'", path);
	}
	for (size_t i = 0; r == 0 && i < g.gl_pathc && !pp->fatal; i++) {
		const char *m = g.gl_pathv[i];

		if (access(m, R_OK) < 0 && !(checks & PP_IC_READABLE))
			conf_warn(pp->d, loc, "include: cannot read '%s': %s",
				  m, strerror(errno));
		else
			run_file(pp, m, loc);
	}
	if (r == 0)
		globfree(&g);
}

static void
include(struct pp *pp, const struct conf_loc *loc, unsigned checks,
	const char *arg)
{
	const struct pp_frame *f = &pp->stack[pp->depth - 1];
	struct alts a = {0};
	char *path = NULL;

	if (arg[0] == '/' || !strcmp(f->dir, "."))
		path = strdup(arg);
	else if (asprintf(&path, "%s/%s", f->dir, arg) < 0)
		path = NULL;
	if (!path || expand_braces(path, &a, 0) < 0) {
		conf_err(pp->d, loc, "include: cannot expand '%s'", arg);
	} else {
		for (size_t i = 0; i < a.n && !pp->fatal; i++)
			include_one(pp, loc, a.v[i], checks, a.n > 1);
	}
	alts_free(&a);
	free(path);
}

/* The file name after an include keyword: braces are glob braces here,
 * not blocks, so the rest of the line is read as one word (quoted or not). */
static char *
include_arg(struct pp *pp, const char *s, size_t len, const char **err)
{
	size_t i = 0, start, end;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && (s[i] == '"' || s[i] == '\'')) {
		if (conf_lex_line(s + i, len - i, false, &pp->toks, err) < 0)
			return NULL;
		if (pp->toks.n != 1)
			goto one;
		return strdup(pp->toks.v[0].s);
	}
	start = i;
	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	end = i;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (start == end || i < len)
		goto one;
	return strndup(s + start, end - start);
one:
	*err = "needs exactly one file name";
	return NULL;
}

bool
pp_include(struct pp *pp, const struct conf_loc *loc, const char *s, size_t len)
{
	char word[16];
	size_t w = 0;
	const char *err = "out of memory";
	char *arg;
	unsigned v;

	while (w < len && w < sizeof(word) - 1 && s[w] != ' ' && s[w] != '\t')
		w++;
	if (w < 7 || memcmp(s, "include", 7))
		return false;
	memcpy(word, s, w);
	word[w] = '\0';
	if (!strcmp(word, "include_check")) {
		if (pp->depth &&
		    conf_lex_line(s, len, false, &pp->toks, &err) == 0)
			include_check(pp, &pp->toks);
		return false; /* global_defs reads it too */
	}
	v = include_variant(word);
	if (!v)
		return false;
	if (pp->no_includes || pp->depth == 0) {
		conf_err(pp->d, loc,
			 "include is not allowed here (reading "
			 "from memory, not from a file)");
		return true;
	}
	arg = include_arg(pp, s + w, len - w, &err);
	if (!arg)
		conf_err(pp->d, loc, "%s %s", word, err);
	else
		include(pp, loc,
			(v & 0xffu) | pp->stack[pp->depth - 1].include_check,
			arg);
	free(arg);
	return true;
}

/* ---- entry points ------------------------------------------------- */

static void
pp_init(struct pp *pp, const struct conf_opts *o, struct conf_diags *d)
{
	memset(pp, 0, sizeof(*pp));
	pp->o = o;
	pp->d = d;
	pp->last_file = -1;
	pp->rnd = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
		  0x9e3779b97f4a7c15ull;
	conf_buf_init(&pp->out);
	conf_toks_init(&pp->toks);
	conf_buf_adds(&pp->out, CONF_SNAP_MAGIC "\n");
}

static int
pp_done(struct pp *pp, size_t errors_before, char **text, size_t *len)
{
	while (pp->depth)
		pop(pp);
	pp_vars_free(pp);
	conf_toks_free(&pp->toks);
	for (size_t i = 0; i < pp->nfiles; i++)
		free(pp->files[i]);
	free(pp->files);
	if (pp->out.oom || pp->fatal || !pp->out.s) {
		if (pp->out.oom)
			conf_diag_add(pp->d, CONF_ERROR, NULL, 0,
				      "out of memory reading the config");
		conf_buf_free(&pp->out);
		*text = NULL;
		*len = 0;
		return -1;
	}
	*text = pp->out.s;
	*len = pp->out.len;
	return pp->d->errors > errors_before ? -1 : 0;
}

int
conf_preprocess(const char *path, const struct conf_opts *o, char **text,
		size_t *len, struct conf_diags *d)
{
	size_t errors = d->errors;
	struct pp pp;

	pp_init(&pp, o, d);
	if (run_file(&pp, path, NULL) < 0)
		pp.fatal = true;
	return pp_done(&pp, errors, text, len);
}

int
conf_preprocess_buffer(const char *name, const char *buf, size_t len,
		       const struct conf_opts *o, char **text, size_t *tlen,
		       struct conf_diags *d)
{
	size_t errors = d->errors;
	struct pp pp;
	struct pp_frame *f;

	pp_init(&pp, o, d);
	pp.no_includes = true;
	f = push(&pp, name ? name : "", NULL);
	if (f) {
		run_lines(&pp, f->file, buf, len);
		pop(&pp);
	}
	return pp_done(&pp, errors, text, tlen);
}
