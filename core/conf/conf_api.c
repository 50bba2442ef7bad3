// SPDX-License-Identifier: GPL-2.0-or-later
/* The reader's entry points that chain the stages: conf_load() and the
 * config test that `vigild -t` and tests/conf/conftest share. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_int.h"

struct conf *
conf_load(const char *path, const struct conf_opts *o, struct conf_diags *d,
	  char **snapshot, size_t *len)
{
	char *text = NULL;
	size_t tlen = 0;
	struct conf *c;

	if (snapshot)
		*snapshot = NULL;
	if (len)
		*len = 0;
	conf_preprocess(path, o, &text, &tlen, d);
	if (!text)
		return NULL;
	c = conf_parse(text, tlen, o, d);
	if (c)
		conf_validate(c, o, d);
	else
		conf_diag_add(d, CONF_ERROR, path, 0, "out of memory");
	if (snapshot && c) {
		*snapshot = text;
		if (len)
			*len = tlen;
	} else {
		free(text);
	}
	return c;
}

int
conf_test_file(const char *path, const struct conf_opts *o, bool strict,
	       FILE *out)
{
	struct conf_diags d;
	struct conf *c;
	bool failed;

	conf_diags_init(&d);
	c = conf_load(path, o, &d, NULL, NULL);
	failed = !c || conf_diags_failed(&d, strict);
	conf_diags_print(&d, out);
	fprintf(out,
		"%s: %s (%zu errors, %zu not supported yet, %zu "
		"warnings)\n",
		path, failed ? "FAILED" : "OK", d.errors, d.unsupported,
		d.warnings);
	conf_free(c);
	conf_diags_free(&d);
	return failed ? 1 : 0;
}

/* Unquote one argument of cmd at *p into *out; false on a bad quote. */
static bool
split_word(const char **p, char **out)
{
	const char *s = *p;
	char q = 0;

	for (; *s && (q || (*s != ' ' && *s != '\t')); s++) {
		if (q == '\'' && *s == '\'') {
			q = 0;
		} else if (q == '"' && *s == '"') {
			q = 0;
		} else if (!q && (*s == '\'' || *s == '"')) {
			q = *s;
		} else if (q != '\'' && *s == '\\' && s[1]) {
			*(*out)++ = *++s;
		} else {
			*(*out)++ = *s;
		}
	}
	*(*out)++ = '\0';
	*p = s;
	return !q;
}

char **
conf_script_split(const char *cmd, int *argc)
{
	size_t len = strlen(cmd), words = len / 2 + 2;
	char **v = malloc(words * sizeof(char *) + len + 1);
	char *out = v ? (char *)(v + words) : NULL;
	const char *p = cmd;
	int n = 0;

	if (!v)
		return NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		v[n++] = out;
		if (!split_word(&p, &out)) {
			free(v);
			return NULL;
		}
	}
	v[n] = NULL;
	if (!n) {
		free(v);
		return NULL;
	}
	*argc = n;
	return v;
}
