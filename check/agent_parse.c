// SPDX-License-Identifier: GPL-2.0-or-later
/* HAProxy agent-check replies. See agent_parse.h. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "check/agent_parse.h"

static const struct {
	const char *word;
	int state; /* enum agent_state, or -1 */
	int admin; /* enum agent_admin, or -1 */
} words[] = {
	{"up", AGENT_UP, -1},	    {"down", AGENT_DOWN, -1},
	{"fail", AGENT_FAIL, -1},   {"stopped", AGENT_STOPPED, -1},
	{"ready", -1, AGENT_READY}, {"drain", -1, AGENT_DRAIN},
	{"maint", -1, AGENT_MAINT},
};

static bool
is_sep(char ch)
{
	return ch == ' ' || ch == '\t' || ch == ',';
}

static int
percent(const char *w, size_t n, int *pct)
{
	int v = 0;

	if (n < 2 || w[n - 1] != '%')
		return -1;
	for (size_t i = 0; i < n - 1; i++) {
		if (w[i] < '0' || w[i] > '9')
			return -1;
		v = v * 10 + (w[i] - '0');
		if (v > AGENT_PCT_MAX)
			return -1;
	}
	*pct = v;
	return 0;
}

static int
word(const char *w, size_t n, struct agent_reply *out)
{
	if (percent(w, n, &out->pct) == 0) {
		out->has_pct = true;
		return 0;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i].word) == n &&
		    !strncasecmp(w, words[i].word, n)) {
			if (words[i].state >= 0)
				out->state = (enum agent_state)words[i].state;
			else
				out->admin = (enum agent_admin)words[i].admin;
			return 0;
		}
	}
	return -1;
}

static void
description(const char *p, size_t n, struct agent_reply *out)
{
	size_t k = 0;

	while (n && is_sep(*p)) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n && k < sizeof(out->text) - 1; i++)
		out->text[k++] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '?';
	out->text[k] = '\0';
}

int
agent_parse(const char *buf, size_t len, struct agent_reply *out,
	    const char **err)
{
	size_t end = 0, i = 0;
	bool any = false;

	memset(out, 0, sizeof(*out));
	if (len > AGENT_REPLY_MAX)
		len = AGENT_REPLY_MAX;
	while (end < len && buf[end] != '\n' && buf[end] != '\r') {
		if (buf[end] == '\0') {
			*err = "NUL in reply";
			return -1;
		}
		end++;
	}
	while (i < end) {
		size_t n = 0;

		while (i < end && is_sep(buf[i]))
			i++;
		if (i < end && buf[i] == '#') {
			description(buf + i + 1, end - i - 1, out);
			break;
		}
		while (i + n < end && !is_sep(buf[i + n]) && buf[i + n] != '#')
			n++;
		if (n && word(buf + i, n, out) < 0) {
			*err = "unknown word";
			return -1;
		}
		any |= n > 0;
		i += n;
	}
	if (!any) {
		*err = "empty reply";
		return -1;
	}
	return 0;
}
