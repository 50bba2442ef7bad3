// SPDX-License-Identifier: GPL-2.0-or-later
/* A command into argv, as keepalived splits it (cmd_split.h). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime/cmd_split.h"

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
cmd_split(const char *cmd, int *argc)
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
